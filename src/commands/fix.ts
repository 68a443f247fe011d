import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Flags, type Interfaces } from '@oclif/core';
import { controlsFor } from '../checks/registry.js';
import { TrailwardenCommand } from '../cli/base-command.js';
import {
  benchmarkOrExit,
  configFlag,
  EXIT,
  fixOptionsOrExit,
  loadConfigOrExit,
  requiredTagKeysFlag,
  selectControls,
  usageError,
  withRequiredTagKeys,
} from '../cli/common.js';
import { checkDirectoryTarget, checkFileTarget, checkNotAnInput, writeOrExit } from '../cli/output-paths.js';
import { accountFlags, checkAccountFlags, obtainSnapshot } from '../cli/snapshot-source.js';
import { rejectEmptyValues } from '../cli/validate.js';
import { TOOL_VERSION } from '../cli/version.js';
import { Clients } from '../aws/clients.js';
import { DEFAULT_CONFIG } from '../config/types.js';
import { homeRegion } from '../remediations/account.js';
import { applyPlan } from '../remediations/apply.js';
import { planFixes, REMEDIATIONS, repairedControls, type FixPlan } from '../remediations/plan.js';
import { renderApplyReport, renderCall, renderPlan } from '../remediations/render.js';
import { terraformFiles } from '../remediations/terraform/export.js';

export default class Fix extends TrailwardenCommand {
  static override summary = 'Plan, and with confirmation apply, the repair of every failing control.';
  static override description = `Scans the account (or reads --snapshot), then prints a plan: each action with the controls it repairs, the resource it creates or the settings it changes (before → after), and the exact AWS API calls. Nothing changes without confirmation: an interactive prompt, or --yes. Without a terminal and without --yes the plan is printed and nothing changes.

Existing settings are never weakened or removed: an existing trail keeps its bucket, selectors and encryption, and an existing metric filter that already matches a control's events is reused. Everything created is named deterministically and tagged trailwarden:managed=true, so running fix again after it plans nothing new.

--format terraform writes the same plan as Terraform (to stdout, one file with --output FILE.tf, or a folder with --output DIR) instead of applying it.

Repairs, in the order they are planned and applied:
${REMEDIATIONS.map((r) => `  ${r.name}: ${repairedControls(r, controlsFor(DEFAULT_CONFIG)).join(', ')}${r.needs.length > 0 ? ` (uses ${r.needs.join(', ')})` : ''}`).join('\n')}
  (user monitors from the config are repaired like CloudWatch.1-14)

Exit codes: 0 planned (and applied, if confirmed); 1 an API call failed while applying (the report says what was and was not applied; run fix again to complete); 2 bad flags, config, snapshot or credentials.`;

  static override examples = [
    '<%= config.bin %> fix --dry-run',
    '<%= config.bin %> fix --notify email:secops@example.com --yes',
    '<%= config.bin %> fix --controls CloudTrail.1,CloudTrail.5 --kms-key create',
    '<%= config.bin %> fix --benchmark cis-5.0.0 --notify email:secops@example.com',
    '<%= config.bin %> fix --controls CloudTrail.9 --required-tag-keys owner,env --trail-tag owner=security --trail-tag env=prod',
    '<%= config.bin %> fix --snapshot account.json --format terraform --output trailwarden.tf',
  ];

  static override flags = {
    ...accountFlags,
    config: configFlag,
    controls: Flags.string({ description: 'Only repair these control IDs (comma-separated).', delimiter: ',', multiple: true }),
    'exclude-controls': Flags.string({ description: 'Do not repair these control IDs (comma-separated).', delimiter: ',', multiple: true }),
    benchmark: Flags.string({
      description:
        "Repair to one benchmark, as scan --benchmark evaluates it (same names; default: the config's benchmark): that version's requirements where versions differ (CIS 5.0.0 on adds ModifySecurityGroupRules to CloudWatch.10, so a filter, alarm or rule of its own is created beside any made for CIS 1.4.0), and the controls it does not contain are left alone.",
    }),
    'dry-run': Flags.boolean({ description: 'Only print the plan.' }),
    yes: Flags.boolean({ char: 'y', description: 'Apply the plan without asking.' }),
    notify: Flags.string({ description: 'Subscribe this endpoint to the alert topic, as PROTOCOL:ENDPOINT (email:secops@example.com, https:..., sqs:ARN).' }),
    'sns-topic-arn': Flags.string({ description: 'Send alerts to this existing SNS topic instead of creating trailwarden-alerts.' }),
    via: Flags.option({
      options: ['metric-filter', 'eventbridge'] as const,
      default: 'metric-filter',
      description: 'Monitor with metric filters and alarms, or with EventBridge rules.',
    })(),
    'kms-key': Flags.string({
      description:
        'Encrypt trails with this KMS key ARN, or "create" a key per trail (CloudTrail.2 is left alone without it). CloudTrail Lake event data stores on the AWS owned key get the key of the ARN (CloudTrail.10; irreversible: AWS does not let a store\'s key be removed or changed; "create" is not offered for them). An alert topic encrypted with alias/aws/sns gets the key of the ARN (one in its Region, whose policy then grants what CloudWatch and EventBridge need) or, with "create", a key of its own.',
    }),
    'required-tag-keys': requiredTagKeysFlag,
    'trail-tag': Flags.string({
      description:
        "KEY=VALUE (repeatable): the value CloudTrail.9's repair gives a tag key a trail lacks (a required key, or with no required keys any key given here). Only missing keys are added; no existing tag is changed or removed. A missing key without a value is left missing.",
      multiple: true,
    }),
    'access-log-bucket': Flags.string({ description: "Bucket that receives the trail buckets' server access logs (CloudTrail.7 is left alone without it)." }),
    'cloudwatch-logs-role-arn': Flags.string({
      description:
        'Deliver trails to CloudWatch Logs through this existing role (trusting cloudtrail.amazonaws.com, allowed logs:CreateLogStream and logs:PutLogEvents on /trailwarden/cloudtrail/* log groups) instead of creating one per trail: fix then creates no IAM role.',
    }),
    'trail-bucket': Flags.string({
      description: 'Bucket for a new trail: a new one, or one an existing trail writes to (default trailwarden-ACCOUNT-REGION).',
    }),
    format: Flags.option({
      options: ['plan', 'terraform'] as const,
      default: 'plan',
      description: 'Print the plan, or write it as Terraform instead of applying it.',
    })(),
    output: Flags.string({
      char: 'o',
      description: 'With --format terraform: a .tf file, or a directory for one file per kind of resource (default: stdout).',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Fix);
    this.checkFlags(flags);
    const config = withRequiredTagKeys(this, loadConfigOrExit(this, flags.config), flags['required-tag-keys']);
    const controls = selectControls(this, controlsFor(config), flags.controls, flags['exclude-controls']);
    const benchmark = benchmarkOrExit(this, flags.benchmark, config);
    const options = fixOptionsOrExit(this, flags);
    // The key of --kms-key ARN is read too: whether fix may grant the services in its policy decides whether topics can use it.
    const snapshot = await obtainSnapshot(this, flags, config, options.kmsKey && 'arn' in options.kmsKey ? { fixKey: options.kmsKey.arn } : {});
    const plan = planFixes(snapshot, { controls, config, options, ...(benchmark && { benchmark }), now: new Date() });

    if (flags.format === 'terraform') {
      this.writeTerraform(plan, homeRegion(snapshot), flags.output);
      return;
    }
    process.stdout.write(renderPlan(plan));
    if (plan.actions.length === 0) return;
    if (flags['dry-run']) {
      say('Dry run: nothing was changed.');
      return;
    }
    if (flags.snapshot) {
      say('This plan was made from a snapshot; nothing was changed. Run fix without --snapshot to apply it to the account.');
      return;
    }
    if (!flags.yes && !(await this.confirmed(plan))) return;

    const clients = await Clients.create({ toolVersion: TOOL_VERSION, profile: flags.profile, roleArn: flags['role-arn'], endpointUrl: flags['endpoint-url'] });
    try {
      const report = await applyPlan(plan.actions, (service, region) => clients.get(service, region), {
        onCall: flags.quiet ? undefined : (_, apiCall) => process.stderr.write(`  ${renderCall(apiCall).slice(0, 160)}\n`),
      });
      process.stdout.write(renderApplyReport(report));
      if (report.failure) this.exit(EXIT.findings);
    } finally {
      clients.destroy();
    }
  }

  /** Every flag value oclif's parser cannot check, before the account is read (see cli/validate.ts). */
  private checkFlags(flags: Interfaces.InferredFlags<typeof Fix.flags>): void {
    rejectEmptyValues(this, flags);
    checkAccountFlags(this, flags);
    const output = flags.output;
    if (output === undefined) return;
    if (flags.format !== 'terraform')
      usageError(this, `--output ${output}: only --format terraform writes files; add --format terraform, or drop --output to print the plan`);
    if (output.endsWith('.tf')) checkFileTarget(this, 'output', output);
    else checkDirectoryTarget(this, 'output', output);
    checkNotAnInput(this, 'output', output, { snapshot: flags.snapshot, config: flags.config });
  }

  /** Asks on a terminal; without one, says how to apply and changes nothing. */
  private async confirmed(plan: FixPlan): Promise<boolean> {
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      say('No terminal to confirm on and no --yes: nothing was changed. Re-run with --yes to apply this plan.');
      return false;
    }
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    try {
      const answer = await prompt.question(`Apply these ${plan.actions.length} action(s) to account ${plan.accountId}? [y/N] `);
      if (/^y(es)?$/i.test(answer.trim())) return true;
      say('Nothing was changed.');
      return false;
    } finally {
      prompt.close();
    }
  }

  private writeTerraform(plan: FixPlan, region: string, output: string | undefined): void {
    const asFolder = output !== undefined && !output.endsWith('.tf');
    const files = terraformFiles(plan, region, asFolder ? 'folder' : 'file');
    if (output === undefined) {
      process.stdout.write(files.get('main.tf') ?? '');
      return;
    }
    writeOrExit(this, 'output', output, () => {
      if (asFolder) mkdirSync(output, { recursive: true });
      for (const [name, text] of files) writeFileSync(asFolder ? join(output, name) : output, text);
    });
    this.logToStderr(`wrote ${asFolder ? [...files.keys()].map((name) => join(output, name)).join(', ') : output}`);
  }
}

/** Messages go where the plan goes, in order with it. */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}
