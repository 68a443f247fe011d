import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { beforeEach, expect, it } from 'vitest';
import type { AccountSnapshot } from '../../src/snapshot/types.js';
import {
  aws,
  buildCompliantTrail,
  buildEventRule,
  buildMetricMonitor,
  CIS_IAM_POLICY_PATTERN,
  createAlarmTopic,
  iamEventRulePattern,
  IAM_POLICY_EVENTS,
} from './accounts.js';
import { emptyDir, runCli, scanArgs, type CliRun } from './cli.js';
import { describeWithMoto, useMoto } from './moto.js';

/**
 * `trailwarden test-alert` against moto: the relied-on alarm of a control goes to ALARM with a test
 * reason, and nothing else that trailwarden reads changes; bad input changes nothing at all.
 */
const REGIONS = ['us-east-1'];

describeWithMoto('test-alert (end to end against moto)', () => {
  const moto = useMoto();

  beforeEach(async () => {
    const trail = await buildCompliantTrail(moto);
    const topicArn = await createAlarmTopic(moto, 'us-east-1');
    await buildMetricMonitor(moto, trail, { name: 'IAMPolicyChanges', pattern: CIS_IAM_POLICY_PATTERN, topicArn });
    await buildEventRule(moto, { name: 'iam-policy-changes', region: 'us-east-1', pattern: iamEventRulePattern(IAM_POLICY_EVENTS), topicArn });
  });

  const testAlert = (...flags: string[]): Promise<CliRun> =>
    runCli(['test-alert', '--endpoint-url', moto.endpoint, ...REGIONS.flatMap((region) => ['--region', region]), ...flags]);

  async function alarmState(): Promise<{ state?: string; reason?: string }> {
    const { MetricAlarms } = await aws.cloudwatch(moto, 'us-east-1').send(new DescribeAlarmsCommand({ AlarmNames: ['IAMPolicyChanges'] }));
    return { state: MetricAlarms?.[0]?.StateValue, reason: MetricAlarms?.[0]?.StateReason };
  }

  /** The account as trailwarden reads it, without the alarm states, moto's moving delivery time and the run's own bookkeeping. */
  async function account(): Promise<unknown> {
    const dir = emptyDir();
    const path = join(dir, 'account.json');
    await runCli(scanArgs(moto.endpoint, REGIONS, '--save-snapshot', path));
    const snapshot = JSON.parse(readFileSync(path, 'utf8')) as AccountSnapshot & Record<string, unknown>;
    for (const data of snapshot.regionData) if (data.alarms?.ok) for (const alarm of data.alarms.value) delete alarm.stateValue;
    // moto reports "now" as a logging trail's latest delivery.
    for (const trail of snapshot.trails) if (trail.status.ok) delete trail.status.value.latestDeliveryTime;
    return { ...snapshot, collectedAt: undefined, callCounts: undefined };
  }

  it('sets the relied-on alarm of CloudWatch.4 to ALARM with a test reason, and changes nothing else', async () => {
    const before = await account();
    const run = await testAlert('--controls', 'CloudWatch.4', '--yes');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /Set alarm IAMPolicyChanges in us-east-1 to ALARM as a test: it notifies arn:aws:sns:us-east-1:123456789012:security-alerts \(1 confirmed subscription\)/,
    );
    expect(run.stdout).toMatch(/^Sent: IAMPolicyChanges \(us-east-1\) for CloudWatch\.4\./m);
    expect(await alarmState()).toEqual({ state: 'ALARM', reason: expect.stringMatching(/^trailwarden test-alert: a test/) });
    expect(await account()).toEqual(before);
  });

  it('without --controls tests every alarm whose chain holds and says which controls have none', async () => {
    const run = await testAlert('--dry-run');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Plan for account 123456789012: 1 action\(s\)\./m);
    expect(run.stdout).toMatch(/CloudWatch\.1: no metric-filter chain of it holds/);
    expect(run.stdout).toMatch(/^Dry run: nothing was sent\.$/m);
    expect((await alarmState()).state).toBe('OK');
  });

  it('a control met by an EventBridge rule only gets no alarm set; EventBridge is asked about its pattern (moto gives no answer)', async () => {
    const pattern = JSON.stringify({
      source: ['aws.cloudtrail'],
      detail: { eventName: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'] },
    });
    await buildEventRule(moto, { name: 'trail-changes', region: 'us-east-1', pattern, topicArn: 'arn:aws:sns:us-east-1:123456789012:security-alerts' });
    const run = await testAlert('--dry-run');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/CloudWatch\.5: met by EventBridge rules, which AWS events cannot be sent to on demand/);
    // moto's TestEventPattern is a stub (moto.md §5.1): an empty answer is reported as none, never as a match.
    expect(run.stdout).toMatch(/^ {2}- CloudWatch\.5: rule trail-changes in us-east-1 gave no answer for /m);
    const refused = await testAlert('--controls', 'CloudWatch.5', '--yes');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/CloudWatch\.5 has no alarm to test: it is met by EventBridge rules only/);
  });

  it.each([
    ['an unknown control', ['--controls', 'CloudWatch.99', '--yes'], /--controls CloudWatch\.99: unknown control ID/],
    ['a control without a relied-on alarm', ['--controls', 'CloudWatch.1', '--yes'], /CloudWatch\.1 has no alarm to test: no metric-filter chain of it holds/],
    ['a control that is not a monitor', ['--controls', 'CloudTrail.1', '--yes'], /--controls CloudTrail\.1: unknown control ID/],
  ])('refuses %s with exit 2 and sends nothing', async (_name, flags, message) => {
    const run = await testAlert(...flags);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect((await alarmState()).state).toBe('OK');
  });

  it('without a terminal and without --yes prints the plan only', async () => {
    const run = await testAlert('--controls', 'CloudWatch.4');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/No terminal to confirm on and no --yes: nothing was sent/);
    expect((await alarmState()).state).toBe('OK');
  });
});
