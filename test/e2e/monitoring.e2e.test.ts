import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  buildCisMonitoring,
  buildCompliantTrail,
  buildEventRule,
  buildMetricMonitor,
  CIS_FILTER_PATTERNS,
  CIS_IAM_POLICY_PATTERN,
  createAlarmTopic,
  eventNamePattern,
  iamEventRulePattern,
  IAM_POLICY_EVENTS,
  type BuiltTrail,
} from './accounts.js';
import type { Result } from '../../src/checks/types.js';
import { brief, emptyDir, onlyResult, reportOf, resultsFor, runCli, scanArgs, type Report } from './cli.js';
import { describeWithMoto, useMoto } from './moto.js';

/**
 * The monitoring chain (CIS 4.x / Security Hub CloudWatch.x) end to end, on CloudWatch.4 (IAM policy
 * changes). moto stores filter patterns and event patterns but evaluates neither
 * (TestMetricFilter is not implemented, TestEventPattern is a stub): every verdict below comes from
 * trailwarden's own pattern engines, moto only supplies the inventory.
 */

const REGIONS = ['us-east-1', 'eu-west-1'];

/** CloudWatch.4's one result (about the account: the chain spans many resources), with this status. */
function cloudWatch4(report: Report, status: 'PASS' | 'FAIL'): Result {
  const result = onlyResult(report, 'CloudWatch.4');
  expect(result.status, brief(result)).toBe(status);
  return result;
}

describeWithMoto('monitoring controls (end to end against moto)', () => {
  const moto = useMoto({ resetBeforeEach: false });
  let trail: BuiltTrail;
  let topicArn: string;

  // Every scenario starts from a compliant multi-Region trail delivering to a us-east-1 log group,
  // and an alarm topic there with a subscription (which moto confirms at once).
  beforeEach(async () => {
    await moto.reset();
    trail = await buildCompliantTrail(moto);
    topicArn = await createAlarmTopic(moto, 'us-east-1');
  });

  async function scan(...extra: string[]): Promise<Report> {
    return reportOf(await runCli(scanArgs(moto.endpoint, REGIONS, ...extra)));
  }

  it('CIS IAM policy pattern + alarm + topic with a subscriber: CloudWatch.4 passes', async () => {
    await buildMetricMonitor(moto, trail, { name: 'IAMPolicyChanges', pattern: CIS_IAM_POLICY_PATTERN, topicArn });
    const report = await scan();
    expect(cloudWatch4(report, 'PASS').evidence).toMatchObject({ path: 'metric-filter' });
    // The alarm the chain relies on is also sound by the alarm controls' own standards.
    expect(onlyResult(report, 'CloudWatch.17').status).toBe('PASS');
  });

  it('a filter without DeletePolicyVersion fails CloudWatch.4 and names the missing event', async () => {
    const pattern = eventNamePattern(IAM_POLICY_EVENTS.filter((name) => name !== 'DeletePolicyVersion'));
    await buildMetricMonitor(moto, trail, { name: 'IAMPolicyChanges', pattern, topicArn });
    const { reason } = cloudWatch4(await scan(), 'FAIL');
    expect(reason).toContain('DeletePolicyVersion');
    // Only the missing one: the 15 the filter does match are not blamed.
    expect(reason).not.toContain('CreatePolicyVersion');
  });

  it('an alarm with its actions disabled fails CloudWatch.4', async () => {
    await buildMetricMonitor(moto, trail, { name: 'IAMPolicyChanges', pattern: CIS_IAM_POLICY_PATTERN, topicArn, actionsEnabled: false });
    const report = await scan();
    expect(cloudWatch4(report, 'FAIL').reason).toMatch(/ActionsEnabled is false/);
    // CloudWatch.17 (alarm actions activated) says the same about the alarm itself.
    const alarm = onlyResult(report, 'CloudWatch.17');
    expect(alarm.status).toBe('FAIL');
    expect(alarm.resource.arn).toBe(`arn:aws:cloudwatch:us-east-1:${ACCOUNT_ID}:alarm:IAMPolicyChanges`);
  });

  it('an EventBridge rule for IAM events only in eu-west-1 does not cover them (IAM events arrive in us-east-1)', async () => {
    const euTopic = await createAlarmTopic(moto, 'eu-west-1');
    await buildEventRule(moto, { name: 'iam-policy-changes', region: 'eu-west-1', pattern: iamEventRulePattern(IAM_POLICY_EVENTS), topicArn: euTopic });
    const { reason } = cloudWatch4(await scan(), 'FAIL');
    // The rule was found and matches the events; the reason says why it still does not count.
    expect(reason).toContain('eu-west-1');
    expect(reason).toContain('only in us-east-1');
  });

  it('--verify-patterns-with-aws: moto implements neither evaluator, so the verdicts AWS was to decide are ERROR naming the calls, never guessed', async () => {
    await buildMetricMonitor(moto, trail, { name: 'IAMPolicyChanges', pattern: CIS_IAM_POLICY_PATTERN, topicArn });
    await buildEventRule(moto, { name: 'iam-policy-changes', region: 'us-east-1', pattern: iamEventRulePattern(IAM_POLICY_EVENTS), topicArn });
    const run = await runCli(scanArgs(moto.endpoint, REGIONS, '--verify-patterns-with-aws'));
    const report = reportOf(run) as Report & { patternVerification?: { patterns: number; verdicts: number; failed: { operation: string; code: string }[] } };
    const result = onlyResult(report, 'CloudWatch.4');
    expect(result.status, brief(result)).toBe('ERROR');
    expect(result.reason).toContain('--verify-patterns-with-aws: logs:TestMetricFilter in us-east-1 failed');
    // moto's TestEventPattern answers without a Result (a stub): NoAnswer, not a verdict.
    expect(report.patternVerification).toMatchObject({ patterns: 2, verdicts: 0 });
    expect(report.patternVerification!.failed.map(({ operation }) => operation).sort()).toEqual(['events:TestEventPattern', 'logs:TestMetricFilter']);
    expect(report.patternVerification!.failed.find(({ operation }) => operation === 'events:TestEventPattern')?.code).toBe('NoAnswer');
  });

  it('the same EventBridge rule in us-east-1 covers them', async () => {
    await buildEventRule(moto, { name: 'iam-policy-changes', region: 'us-east-1', pattern: iamEventRulePattern(IAM_POLICY_EVENTS), topicArn });
    expect(cloudWatch4(await scan(), 'PASS').evidence).toMatchObject({ path: 'eventbridge' });
  });

  it('monitoring exactly as the CIS benchmark prescribes passes every monitoring control, and the scan exits 0', async () => {
    await buildCisMonitoring(moto, trail, topicArn);
    const run = await runCli(scanArgs(moto.endpoint, REGIONS));
    const report = reportOf(run);

    for (const id of [...Object.keys(CIS_FILTER_PATTERNS), 'CloudWatch.15', 'CloudWatch.17']) {
      const results = resultsFor(report, id);
      expect(results.length, id).toBeGreaterThan(0);
      for (const result of results) expect(result.status, brief(result)).toBe('PASS');
    }
    const failing = report.results.filter((result) => result.status === 'FAIL');
    expect(failing.map(brief)).toEqual([]);
    expect(run.code, run.stderr).toBe(0);
  });

  it('a monitor declared in --config is evaluated like the CIS ones', async () => {
    const config = join(emptyDir(), 'trailwarden.config.yaml');
    writeFileSync(
      config,
      [
        'monitors:',
        '  - id: TrustPolicyChanges',
        '    title: Role trust policy changes',
        '    severity: HIGH',
        '    events:',
        '      - eventSource: iam.amazonaws.com',
        '        eventNames: [UpdateAssumeRolePolicy]',
        '',
      ].join('\n'),
    );
    // A user monitor's control ID is the id the config gives it.
    const unmonitored = onlyResult(await scan('--config', config), 'TrustPolicyChanges');
    expect(unmonitored.status, brief(unmonitored)).toBe('FAIL');

    await buildMetricMonitor(moto, trail, { name: 'TrustPolicyChanges', pattern: '{ $.eventName = "UpdateAssumeRolePolicy" }', topicArn });
    const monitored = onlyResult(await scan('--config', config), 'TrustPolicyChanges');
    expect(monitored.status, brief(monitored)).toBe('PASS');
  });
});
