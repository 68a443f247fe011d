import { createInterface } from 'node:readline/promises';
import { Flags } from '@oclif/core';
import type { MonitoringControl } from '../checks/monitoring/spec.js';
import { controlsFor } from '../checks/registry.js';
import { TrailwardenCommand } from '../cli/base-command.js';
import { configFlag, EXIT, loadConfigOrExit, selectControls, usageError } from '../cli/common.js';
import { accountFlags, checkAccountFlags, obtainSnapshot } from '../cli/snapshot-source.js';
import { rejectEmptyValues } from '../cli/validate.js';
import { TOOL_VERSION } from '../cli/version.js';
import { Clients } from '../aws/clients.js';
import { testEventPatterns } from '../collect/event-pattern-test.js';
import { applyPlan } from '../remediations/apply.js';
import { renderApplyReport, renderCall, renderPlan } from '../remediations/render.js';
import { planAlertTests, type AlertTestPlan } from '../remediations/test-alert.js';

export default class TestAlert extends TrailwardenCommand {
  static override summary = 'Send a real test notification through the alarms the monitoring controls rely on.';
  static override description = `Scans the account, then plans, for each chosen monitoring control whose metric-filter chain holds, to set its alarm to ALARM with a reason saying it is a trailwarden test: the alarm's topic notifies its subscribers for real, and CloudWatch sets the real state again at the alarm's next evaluation. Nothing else in the account changes.

Nothing is sent without confirmation: an interactive prompt, or --yes; without a terminal and without --yes only the plan is printed. Controls met by EventBridge rules only are said to be so: AWS events cannot be sent to rules on demand.

Exit codes: 0 planned (and sent, if confirmed); 1 a call failed while sending; 2 bad flags, an unknown control, a control named in --controls that has no alarm to test, or no usable credentials.`;

  static override examples = ['<%= config.bin %> test-alert --dry-run', '<%= config.bin %> test-alert --controls CloudWatch.1,CloudWatch.4 --yes'];

  static override flags = {
    ...accountFlags,
    config: configFlag,
    controls: Flags.string({
      description: 'Only test the alarms of these monitoring control IDs (comma-separated); each must have one.',
      delimiter: ',',
      multiple: true,
    }),
    'dry-run': Flags.boolean({ description: 'Only print the plan.' }),
    yes: Flags.boolean({ char: 'y', description: 'Send without asking.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(TestAlert);
    rejectEmptyValues(this, flags);
    checkAccountFlags(this, flags);
    const config = loadConfigOrExit(this, flags.config);
    const monitors = controlsFor(config).filter((control): control is MonitoringControl => 'spec' in control);
    const controls = selectControls(this, monitors, flags.controls, undefined);
    const snapshot = await obtainSnapshot(this, flags, config);
    const plan = planAlertTests(snapshot, controls);

    // A control asked for by name that cannot be tested is the user's mistake: say so, send nothing.
    const refused = flags.controls ? plan.withoutAlarm : [];
    if (refused.length > 0) usageError(this, refused.map(({ controlId, why }) => `${controlId} has no alarm to test: ${why}`).join('\n'));
    process.stdout.write(renderPlan(plan));
    if (plan.probes.length > 0 && !flags.snapshot) await askEventBridgeWith(flags, plan);
    if (plan.actions.length === 0) return;
    if (flags['dry-run'] || flags.snapshot) {
      say(flags.snapshot ? 'This plan was made from a snapshot; nothing was sent.' : 'Dry run: nothing was sent.');
      return;
    }
    if (!flags.yes && !(await confirmed(plan))) return;

    const clients = await Clients.create({ toolVersion: TOOL_VERSION, profile: flags.profile, roleArn: flags['role-arn'], endpointUrl: flags['endpoint-url'] });
    try {
      const report = await applyPlan(plan.actions, (service, region) => clients.get(service, region), {
        onCall: flags.quiet ? undefined : (_, apiCall) => process.stderr.write(`  ${renderCall(apiCall).slice(0, 160)}\n`),
      });
      process.stdout.write(renderApplyReport(report));
      if (report.failure) this.exit(EXIT.findings);
      say(
        `Sent: ${report.applied.map((action) => `${action.change.name} (${action.change.region}) for ${action.controls.join(', ')}`).join('; ')}. Check that the subscribers received the notifications.`,
      );
    } finally {
      clients.destroy();
    }
  }
}

/** EventBridge's own verdict on each covering rule's pattern and a required event: reads only. */
async function askEventBridgeWith(flags: { profile?: string; 'role-arn'?: string; 'endpoint-url'?: string }, plan: AlertTestPlan): Promise<void> {
  const clients = await Clients.create({ toolVersion: TOOL_VERSION, profile: flags.profile, roleArn: flags['role-arn'], endpointUrl: flags['endpoint-url'] });
  try {
    const answers = await testEventPatterns(clients, plan.probes);
    const words = { match: 'matches', 'no-match': 'does NOT match', 'no-answer': 'gave no answer for' } as const;
    say('EventBridge TestEventPattern (rules cannot be fired with AWS events):');
    plan.probes.forEach((probe, index) => {
      const answer = answers[index]!;
      const verdict = answer.kind === 'failed' ? `could not be asked (${answer.code}) about` : words[answer.kind];
      say(`  - ${probe.controlId}: rule ${probe.rule} in ${probe.region} ${verdict} ${probe.summary}`);
    });
  } finally {
    clients.destroy();
  }
}

/** Asks on a terminal; without one, says how to send and sends nothing. */
async function confirmed(plan: AlertTestPlan): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    say('No terminal to confirm on and no --yes: nothing was sent. Re-run with --yes to send these test notifications.');
    return false;
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await prompt.question(`Send ${plan.actions.length} test notification(s) in account ${plan.accountId}? [y/N] `);
    if (/^y(es)?$/i.test(answer.trim())) return true;
    say('Nothing was sent.');
    return false;
  } finally {
    prompt.close();
  }
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}
