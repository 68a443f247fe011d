import { Args, Flags } from '@oclif/core';
import { controlsFor } from '../checks/registry.js';
import { TrailwardenCommand } from '../cli/base-command.js';
import { benchmarkOrExit, fixOptionsOrExit, loadConfigOrExit, selectControls, usageError, withRequiredTagKeys } from '../cli/common.js';
import { obtainSnapshot } from '../cli/snapshot-source.js';
import { checkRoleArn, checkRoleName, rejectEmptyValues } from '../cli/validate.js';
import type { Invocation, PolicyCommand } from '../iam/operations.js';
import { policyFor, policyForPlan } from '../iam/policy.js';
import { planFixes } from '../remediations/plan.js';
import { trailLogRoleBoundary } from '../remediations/policies.js';
import Fix from './fix.js';
import Scan from './scan.js';

/** Flags of `scan` only that change what it calls, as `scan` defines them. */
const SCAN_FLAGS = ['org', 'role-name', 'to-security-hub', 'security-hub-region', 'verify-patterns-with-aws'] as const;
/** Flags of `fix` only that change what it calls, as `fix` defines them. */
const FIX_FLAGS = [
  'via',
  'kms-key',
  'notify',
  'sns-topic-arn',
  'access-log-bucket',
  'trail-bucket',
  'cloudwatch-logs-role-arn',
  'trail-tag',
  'snapshot',
] as const;
/**
 * Flags of both that choose a plan (`fix --snapshot`); `scan` reads the same whatever it
 * evaluates, so they change nothing there.
 */
const PLAN_FLAGS = ['config', 'controls', 'exclude-controls', 'benchmark', 'required-tag-keys'] as const;

export default class IamPolicy extends TrailwardenCommand {
  static override summary = 'Print the least-privilege IAM policy a trailwarden command needs.';
  static override description = `The identity policy (JSON) to attach to the role or user that runs \`trailwarden scan\` or \`trailwarden fix\`, for that invocation: give the flags the command will run with, and the policy allows exactly the calls they lead to (sts:AssumeRole only on the role named with --role-arn or --role-name, Security Hub only with --to-security-hub, EventBridge or metric filters as --via says, ...).

fix --snapshot FILE plans from the snapshot as fix does, and allows exactly that plan's calls, each on the ARNs it touches: the policy for one cautious run. Without it, writes are limited to the names fix gives what it creates, and repairs of the account's existing trails, buckets and log groups stay on * (their names are known only after the scan).

test-pattern allows the two read-only evaluators \`test-pattern --with-aws\` asks, CloudWatch Logs TestMetricFilter and EventBridge TestEventPattern (and sts:AssumeRole on --role-arn), nothing else.

boundary prints the permissions boundary of the log delivery roles fix creates (create it once as the managed policy trailwarden-cloudtrail-logs-boundary: the fix policy may create roles only with it, and may not create it).

It is derived from the list of every AWS operation trailwarden calls.`;

  static override examples = [
    '<%= config.bin %> iam-policy scan',
    '<%= config.bin %> iam-policy scan --org --role-name OrganizationAccountAccessRole',
    '<%= config.bin %> iam-policy scan --verify-patterns-with-aws',
    '<%= config.bin %> iam-policy fix --via eventbridge --kms-key create > trailwarden-fix-policy.json',
    '<%= config.bin %> iam-policy fix --snapshot account.json --notify email:secops@example.com',
    '<%= config.bin %> iam-policy test-pattern',
    '<%= config.bin %> iam-policy boundary > trailwarden-cloudtrail-logs-boundary.json',
  ];

  static override args = {
    command: Args.string({
      options: ['scan', 'fix', 'test-pattern', 'boundary'],
      required: true,
      description: "The command the policy is for, or the delivery roles' boundary.",
    }),
  };

  static override flags = {
    'role-arn': Flags.string({ description: 'The role the command assumes with --role-arn: allowed sts:AssumeRole on exactly it.' }),
    org: Scan.flags.org,
    'role-name': Scan.flags['role-name'],
    'to-security-hub': Flags.boolean({ description: 'scan --to-security-hub: allow importing the findings into Security Hub.' }),
    'security-hub-region': Scan.flags['security-hub-region'],
    'verify-patterns-with-aws': Flags.boolean({
      description: "scan --verify-patterns-with-aws: allow asking AWS's pattern evaluators (logs:TestMetricFilter).",
    }),
    via: Fix.flags.via,
    'kms-key': Fix.flags['kms-key'],
    notify: Fix.flags.notify,
    'sns-topic-arn': Fix.flags['sns-topic-arn'],
    'access-log-bucket': Fix.flags['access-log-bucket'],
    'trail-bucket': Fix.flags['trail-bucket'],
    'cloudwatch-logs-role-arn': Fix.flags['cloudwatch-logs-role-arn'],
    'trail-tag': Fix.flags['trail-tag'],
    'required-tag-keys': Fix.flags['required-tag-keys'],
    snapshot: Flags.string({ description: "fix only: plan from this snapshot, as fix does, and allow exactly that plan's calls on the resources they touch." }),
    config: Fix.flags.config,
    controls: Fix.flags.controls,
    'exclude-controls': Fix.flags['exclude-controls'],
    benchmark: Fix.flags.benchmark,
  };

  async run(): Promise<void> {
    const { args, flags, raw } = await this.parse(IamPolicy);
    rejectEmptyValues(this, flags);
    const given = new Set(raw.flatMap((token) => (token.type === 'flag' ? [token.flag] : [])));
    const command = args.command as PolicyCommand | 'boundary';
    const foreign =
      command === 'scan'
        ? FIX_FLAGS
        : command === 'fix'
          ? SCAN_FLAGS
          : [...SCAN_FLAGS, ...FIX_FLAGS, ...PLAN_FLAGS, ...(command === 'boundary' ? ['role-arn'] : [])];
    const misplaced = foreign.filter((flag) => given.has(flag));
    if (misplaced.length > 0)
      usageError(
        this,
        `--${misplaced.join(', --')}: not a flag of \`trailwarden ${command}\`${command === 'boundary' ? '' : '; give the flags of the command the policy is for'}`,
      );
    if (command === 'boundary') {
      // The document only: the account is the one it is created in.
      return print(trailLogRoleBoundary('aws'));
    }
    if (flags['role-arn'] !== undefined) checkRoleArn(this, flags['role-arn']);
    if (flags['role-name'] !== undefined) checkRoleName(this, flags['role-name']);

    const invocation: Invocation = {
      command,
      ...(flags['role-arn'] && { roleArn: flags['role-arn'] }),
      ...(flags.org && flags['role-name'] && { orgRoleName: flags['role-name'] }),
      ...(flags['verify-patterns-with-aws'] && { verifyPatterns: true }),
      ...(flags['to-security-hub'] && { securityHub: flags['security-hub-region'] ? { region: flags['security-hub-region'] } : {} }),
      ...(command === 'fix' && { fix: fixOptionsOrExit(this, flags) }),
    };
    if (command === 'fix' && flags.snapshot) {
      const config = withRequiredTagKeys(this, loadConfigOrExit(this, flags.config), flags['required-tag-keys']);
      const controls = selectControls(this, controlsFor(config), flags.controls, flags['exclude-controls']);
      const benchmark = benchmarkOrExit(this, flags.benchmark, config);
      const snapshot = await obtainSnapshot(this, { snapshot: flags.snapshot, quiet: true }, config);
      const plan = planFixes(snapshot, { controls, config, options: invocation.fix!, ...(benchmark && { benchmark }), now: new Date() });
      return print(policyForPlan(plan, snapshot.account, invocation));
    }
    if (command === 'fix' && PLAN_FLAGS.some((flag) => given.has(flag))) {
      usageError(this, '--config, --controls, --exclude-controls, --benchmark and --required-tag-keys choose the plan: give --snapshot FILE too');
    }
    print(policyFor(invocation));
  }
}

function print(document: object): void {
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
}
