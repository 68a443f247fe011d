import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { benchmarkNamed, type CisVersion } from '../../src/checks/benchmark.js';
import { evaluateControls } from '../../src/checks/engine.js';
import { controlsFor } from '../../src/checks/registry.js';
import { cloudTrailEnvelope, matchEventPatternText } from '../../src/patterns/eventbridge/index.js';
import { CORPUS } from '../../src/corpus/index.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { callName } from '../../src/remediations/calls.js';
import { renderPlan } from '../../src/remediations/render.js';
import type { AccountSnapshot } from '../../src/snapshot/types.js';
import { ACCOUNT_ID, ALERT_TOPIC_ARN, alarm, logGroup, metricFilter, ok, snapshotWith, topic } from '../checks/fixtures.js';
import { FakeAccount } from './fake-account.js';
import { apply, callsOf, inputOf, loadExample, plan } from './helpers.js';

const NOTIFY = { notify: { protocol: 'email', endpoint: 'secops@example.com' } };
const OUR_TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT_ID}:trailwarden-alerts`;

let account: FakeAccount | undefined;
afterEach(() => account?.restore());

describe('metric filter, alarm, topic and subscription (CloudWatch.1-14, TW.1)', () => {
  it("builds the whole chain on the trail's log group when nothing is there", () => {
    const fix = plan(snapshotWith(), NOTIFY, ['CloudWatch.1']);
    expect(callsOf(fix)).toEqual(['sns:CreateTopic', 'sns:Subscribe', 'logs:PutMetricFilter', 'cloudwatch:PutMetricAlarm']);
    expect(inputOf(fix, 'logs:PutMetricFilter')).toEqual({
      logGroupName: 'aws-cloudtrail-logs',
      filterName: 'trailwarden-CloudWatch.1',
      filterPattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
      metricTransformations: [{ metricName: 'RootAccountUsage', metricNamespace: 'CISBenchmark', metricValue: '1' }],
    });
    expect(inputOf(fix, 'cloudwatch:PutMetricAlarm')).toMatchObject({
      AlarmName: 'trailwarden-CloudWatch.1',
      Namespace: 'CISBenchmark',
      MetricName: 'RootAccountUsage',
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [OUR_TOPIC],
    });
    expect(inputOf(fix, 'sns:Subscribe')).toEqual({ TopicArn: OUR_TOPIC, Protocol: 'email', Endpoint: 'secops@example.com' });
  });

  it('creates the alert topic with a policy that lets only CloudWatch and EventBridge of this account publish', () => {
    const input = inputOf(plan(snapshotWith(), NOTIFY, ['CloudWatch.1']), 'sns:CreateTopic') as { Name: string; Attributes: { Policy: string } };
    expect(input.Name).toBe('trailwarden-alerts');
    const statements = (JSON.parse(input.Attributes.Policy) as { Statement: { Principal: { Service: string }; Action: string; Condition: unknown }[] })
      .Statement;
    expect(statements.map((s) => [s.Principal.Service, s.Action])).toEqual([
      ['cloudwatch.amazonaws.com', 'sns:Publish'],
      ['events.amazonaws.com', 'sns:Publish'],
    ]);
    expect(statements.every((s) => JSON.stringify(s.Condition) === JSON.stringify({ StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } }))).toBe(true);
  });

  it('shares one topic and one subscription among the controls', () => {
    const calls = callsOf(plan(snapshotWith(), NOTIFY, ['CloudWatch.1', 'CloudWatch.4', 'CloudWatch.5']));
    expect(calls.filter((c) => c === 'sns:CreateTopic')).toHaveLength(1);
    expect(calls.filter((c) => c === 'sns:Subscribe')).toHaveLength(1);
    expect(calls.filter((c) => c === 'cloudwatch:PutMetricAlarm')).toHaveLength(3);
  });

  it('reuses a filter that already matches the events, whatever its name: only the alarm is missing', async () => {
    const snapshot = snapshotWith({ logGroups: [logGroup({}, { metricFilters: ok([metricFilter({ name: 'my-root-filter' })]) })], topics: [topic()] });
    const fix = plan(snapshot, { ...NOTIFY, snsTopicArn: ALERT_TOPIC_ARN }, ['CloudWatch.1']);
    expect(callsOf(fix)).toEqual(['cloudwatch:PutMetricAlarm']);
    expect(fix.actions[0]!.summary).toContain('(metric filter my-root-filter)');
    expect(inputOf(fix, 'cloudwatch:PutMetricAlarm')).toMatchObject({
      MetricName: 'RootAccountUsage',
      Namespace: 'CISBenchmark',
      AlarmActions: [ALERT_TOPIC_ARN],
    });

    account = new FakeAccount(snapshot);
    await apply(fix, account);
    expect(account.mocks.logs.commandCalls(PutMetricFilterCommand)).toHaveLength(0);
    expect(plan(account.snapshot(), { ...NOTIFY, snsTopicArn: ALERT_TOPIC_ARN }, ['CloudWatch.1']).actions).toEqual([]);
  });

  it('only subscribes when the alarm is there but nobody confirmed a subscription to its topic', () => {
    const unconfirmed = topic({ subscriptions: ok([]) });
    const snapshot = snapshotWith({ logGroups: [logGroup({}, { metricFilters: ok([metricFilter()]) })], alarms: [alarm()], topics: [unconfirmed] });
    const fix = plan(snapshot, NOTIFY, ['CloudWatch.1']);
    expect(callsOf(fix)).toEqual(['sns:Subscribe']);
    expect(inputOf(fix, 'sns:Subscribe')).toMatchObject({ TopicArn: ALERT_TOPIC_ARN });
  });

  it('does not subscribe again while a subscription waits for confirmation', () => {
    const pending = topic({ subscriptions: ok([{ subscriptionArn: 'PendingConfirmation', protocol: 'email', endpoint: 'secops@example.com' }]) });
    const snapshot = snapshotWith({ logGroups: [logGroup({}, { metricFilters: ok([metricFilter()]) })], alarms: [alarm()], topics: [pending] });
    const fix = plan(snapshot, NOTIFY, ['CloudWatch.1']);
    expect(fix.actions).toEqual([]);
    expect(fix.notes[0]).toContain('is waiting for confirmation');
  });

  it('without --notify, builds the chain and says that nobody will hear it', () => {
    const fix = plan(snapshotWith(), {}, ['CloudWatch.1']);
    expect(callsOf(fix)).toEqual(['sns:CreateTopic', 'logs:PutMetricFilter', 'cloudwatch:PutMetricAlarm']);
    expect(fix.notes[0]).toContain('pass --notify PROTOCOL:ENDPOINT');
  });

  it('does not use a --sns-topic-arn of another Region', () => {
    const fix = plan(snapshotWith(), { snsTopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT_ID}:alerts` }, ['CloudWatch.1']);
    expect(fix.actions).toEqual([]);
    expect(fix.notes).toContain(
      `--sns-topic-arn arn:aws:sns:eu-west-1:${ACCOUNT_ID}:alerts is not in us-east-1, where alerts are needed; leave it out to use a trailwarden-alerts topic there`,
    );
  });

  it('needs a trail that delivers to CloudWatch Logs, and says so', () => {
    const fix = plan(snapshotWith({ trails: [], buckets: [], logGroups: [], kmsKeys: [] }), NOTIFY, ['CloudWatch.1']);
    expect(fix.actions).toEqual([]);
    expect(fix.notes[0]).toContain('repair CloudTrail.1 and CloudTrail.5 first');
  });

  it('applies every control and, once the subscription is confirmed, they all pass', async () => {
    const snapshot = snapshotWith();
    account = new FakeAccount(snapshot);
    const ids = [
      'CloudWatch.1',
      'CloudWatch.2',
      'CloudWatch.3',
      'CloudWatch.4',
      'CloudWatch.5',
      'CloudWatch.6',
      'CloudWatch.7',
      'CloudWatch.8',
      'CloudWatch.9',
      'CloudWatch.10',
      'CloudWatch.11',
      'CloudWatch.12',
      'CloudWatch.13',
      'CloudWatch.14',
      'TW.1',
    ];
    const fix = plan(snapshot, NOTIFY, ids);
    expect(new Set(fix.actions.flatMap((a) => a.controls))).toEqual(new Set(ids));
    expect((await apply(fix, account)).failure).toBeUndefined();
    expect(account.mocks.cloudwatch.commandCalls(PutMetricAlarmCommand)).toHaveLength(ids.length);
    account.confirmSubscriptions();
    const again = plan(account.snapshot(), NOTIFY, ids);
    expect(again.actions).toEqual([]);
    expect(again.unrepaired).toEqual([]);
  });

  it('repairs a monitor declared in the config the same way', () => {
    const config = {
      ...DEFAULT_CONFIG,
      monitors: [
        {
          id: 'access-key-created',
          title: 'Access key created',
          severity: 'HIGH' as const,
          events: [{ eventSource: 'iam.amazonaws.com', eventNames: ['CreateAccessKey'] }],
          threshold: 1,
          periodSeconds: 300,
        },
      ],
    };
    const fix = plan(snapshotWith(), NOTIFY, ['access-key-created'], config);
    expect(inputOf(fix, 'logs:PutMetricFilter')).toMatchObject({
      filterName: 'trailwarden-access-key-created',
      filterPattern: '{ ($.eventSource = "iam.amazonaws.com") && (($.eventName = "CreateAccessKey")) }',
    });
    expect(inputOf(fix, 'cloudwatch:PutMetricAlarm')).toMatchObject({ MetricName: 'access-key-created', Threshold: 1 });
  });
});

describe('--via eventbridge', () => {
  it('puts a rule for a global-service control in us-east-1 only, and for a regional one in every Region', () => {
    const fix = plan(snapshotWith(), { ...NOTIFY, via: 'eventbridge' }, ['CloudWatch.4', 'CloudWatch.10']);
    const rules = fix.actions.filter((a) => a.id.startsWith('rule:')).map((a) => `${a.controls[0]} ${a.change.region}`);
    expect(rules).toEqual(['CloudWatch.4 us-east-1', 'CloudWatch.10 us-east-1', 'CloudWatch.10 eu-west-1']);
    expect(fix.actions.filter((a) => a.id.startsWith('topic:')).map((a) => a.change.region)).toEqual(['us-east-1', 'eu-west-1']);
  });

  it("writes rules whose pattern matches the control's events, with the state that receives read-only events when needed", () => {
    const fix = plan(snapshotWith(), { ...NOTIFY, via: 'eventbridge' }, ['CloudWatch.2']);
    const rule = inputOf(fix, 'events:PutRule') as { EventPattern: string; State: string };
    expect(rule.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    const denied = CORPUS.find((record) => record.id === 'U2')!;
    expect(matchEventPatternText(rule.EventPattern, cloudTrailEnvelope(denied.record, ACCOUNT_ID)).verdict).toBe('match');
    expect(inputOf(fix, 'events:PutTargets')).toEqual({ Rule: 'trailwarden-CloudWatch.2', Targets: [{ Id: 'trailwarden-alerts', Arn: OUR_TOPIC }] });
  });

  it('applies, and plans nothing more', async () => {
    const snapshot = snapshotWith();
    account = new FakeAccount(snapshot);
    const options = { ...NOTIFY, via: 'eventbridge' as const };
    await apply(plan(snapshot, options, ['CloudWatch.4', 'CloudWatch.10']), account);
    expect(account.mocks.events.commandCalls(PutRuleCommand)).toHaveLength(3);
    expect(plan(account.snapshot(), options, ['CloudWatch.4', 'CloudWatch.10']).actions).toEqual([]);
  });
});

describe('--benchmark: the requirements of that CIS version', () => {
  const CIS_5 = benchmarkNamed('cis-5.0.0')!;
  const SG_5 = '($.eventName = ModifySecurityGroupRules)';
  const modifyRules = CORPUS.find((record) => record.eventName === 'ModifySecurityGroupRules')!;
  const sgVerdict = (snapshot: AccountSnapshot, cisVersion?: CisVersion) =>
    evaluateControls(
      snapshot,
      controlsFor(DEFAULT_CONFIG).filter((control) => control.id === 'CloudWatch.10'),
      {
        config: DEFAULT_CONFIG,
        ...(cisVersion && { cisVersion }),
      },
    )[0]!;

  it("creates CIS 5.0.0's filter and alarm for CloudWatch.10, named apart from CIS 1.4.0's; an unrevised control keeps its names", () => {
    const fix = plan(snapshotWith(), NOTIFY, ['CloudWatch.1', 'CloudWatch.10'], DEFAULT_CONFIG, CIS_5);
    const filters = fix.actions.flatMap((action) => action.calls).filter((c) => callName(c) === 'logs:PutMetricFilter');
    expect(filters.map((c) => (c.input as { filterName: string }).filterName)).toEqual(['trailwarden-CloudWatch.1', 'trailwarden-CloudWatch.10-cis-5.0.0']);
    expect(filters[1]!.input).toMatchObject({
      filterPattern: expect.stringContaining(SG_5),
      metricTransformations: [{ metricName: 'SecurityGroupChangesCIS5', metricNamespace: 'CISBenchmark', metricValue: '1' }],
    });
    const alarms = fix.actions.flatMap((action) => action.calls).filter((c) => callName(c) === 'cloudwatch:PutMetricAlarm');
    expect(alarms.map((c) => c.input)).toMatchObject([
      { AlarmName: 'trailwarden-CloudWatch.1', MetricName: 'RootAccountUsage' },
      {
        AlarmName: 'trailwarden-CloudWatch.10-cis-5.0.0',
        MetricName: 'SecurityGroupChangesCIS5',
        AlarmDescription: expect.stringContaining('CloudWatch.10 (CIS 5.0.0)'),
      },
    ]);
  });

  it('plans exactly as without --benchmark for a version that did not revise the control', () => {
    const without = renderPlan(plan(snapshotWith(), NOTIFY, ['CloudWatch.10']));
    for (const name of ['cis-1.4.0', 'cis-4.0.1', 'security-hub']) {
      expect(renderPlan(plan(snapshotWith(), NOTIFY, ['CloudWatch.10'], DEFAULT_CONFIG, benchmarkNamed(name))), name).toBe(without);
    }
  });

  it("next to a plain fix's CIS 1.4.0 filter and alarm: adds CIS 5.0.0's, keeps the old ones as they were, and then plans nothing", async () => {
    const snapshot = snapshotWith();
    account = new FakeAccount(snapshot);
    await apply(plan(snapshot, NOTIFY, ['CloudWatch.10']), account);
    account.confirmSubscriptions();
    const before = account.snapshot();
    expect(sgVerdict(before).status).toBe('PASS');
    expect(sgVerdict(before, '5.0.0').status).toBe('FAIL');

    const fix = plan(before, NOTIFY, ['CloudWatch.10'], DEFAULT_CONFIG, CIS_5);
    expect(callsOf(fix)).toEqual(['logs:PutMetricFilter', 'cloudwatch:PutMetricAlarm']);
    expect((await apply(fix, account)).failure).toBeUndefined();
    const after = account.snapshot();
    const filters = after.logGroups[0]!.details.ok ? after.logGroups[0]!.details.value!.metricFilters : undefined;
    const old = before.logGroups[0]!.details.ok ? before.logGroups[0]!.details.value!.metricFilters : undefined;
    expect(filters?.ok && filters.value.map((f) => f.name).sort()).toEqual(['trailwarden-CloudWatch.10', 'trailwarden-CloudWatch.10-cis-5.0.0']);
    expect(filters?.ok && filters.value.find((f) => f.name === 'trailwarden-CloudWatch.10')).toEqual(old?.ok && old.value[0]);
    expect(account.mocks.cloudwatch.commandCalls(PutMetricAlarmCommand).map((c) => c.args[0].input.AlarmName)).toEqual([
      'trailwarden-CloudWatch.10',
      'trailwarden-CloudWatch.10-cis-5.0.0',
    ]);

    expect(sgVerdict(after, '5.0.0').status).toBe('PASS');
    expect(sgVerdict(after).status).toBe('PASS');
    expect(plan(after, NOTIFY, ['CloudWatch.10'], DEFAULT_CONFIG, CIS_5).actions).toEqual([]);
    expect(plan(after, NOTIFY, ['CloudWatch.10']).actions).toEqual([]);
  });

  it('--via eventbridge: rules of their own that match ModifySecurityGroupRules, beside the CIS 1.4.0 rules; then nothing more', async () => {
    const snapshot = snapshotWith();
    account = new FakeAccount(snapshot);
    const options = { ...NOTIFY, via: 'eventbridge' as const };
    await apply(plan(snapshot, options, ['CloudWatch.10']), account);
    account.confirmSubscriptions();

    const fix = plan(account.snapshot(), options, ['CloudWatch.10'], DEFAULT_CONFIG, CIS_5);
    const rules = fix.actions.flatMap((a) => a.calls).filter((c) => callName(c) === 'events:PutRule');
    expect(rules.map((c) => `${(c.input as { Name: string }).Name} ${c.region}`)).toEqual([
      'trailwarden-CloudWatch.10-cis-5.0.0 us-east-1',
      'trailwarden-CloudWatch.10-cis-5.0.0 eu-west-1',
    ]);
    const pattern = (rules[0]!.input as { EventPattern: string }).EventPattern;
    expect(matchEventPatternText(pattern, cloudTrailEnvelope(modifyRules.record, ACCOUNT_ID)).verdict).toBe('match');

    await apply(fix, account);
    const after = account.snapshot();
    expect(sgVerdict(after, '5.0.0').status).toBe('PASS');
    expect(after.regionData.flatMap((d) => (d.eventRules.ok ? d.eventRules.value.map((r) => `${r.name} ${d.region}`) : [])).sort()).toEqual([
      'trailwarden-CloudWatch.10 eu-west-1',
      'trailwarden-CloudWatch.10 us-east-1',
      'trailwarden-CloudWatch.10-cis-5.0.0 eu-west-1',
      'trailwarden-CloudWatch.10-cis-5.0.0 us-east-1',
    ]);
    expect(plan(after, options, ['CloudWatch.10'], DEFAULT_CONFIG, CIS_5).actions).toEqual([]);
  });

  it('leaves the controls the benchmark does not contain alone, and says so; log delivery is repaired as the metric filters need it', () => {
    const fix = plan(loadExample(), NOTIFY, undefined, DEFAULT_CONFIG, CIS_5);
    expect(fix.notes[0]).toBe(
      'CloudTrail.3, CloudTrail.6, CloudTrail.9, CloudTrail.10, TW.2, TW.4, TW.5, TW.6, TW.7, CloudWatch.16, CloudWatch.15, CloudWatch.17, TW.3: not in CIS AWS Foundations Benchmark v5.0.0 (--benchmark cis-5.0.0), so neither evaluated nor repaired',
    );
    expect(fix.notes[1]).toBe(
      "CloudTrail.5: not in CIS AWS Foundations Benchmark v5.0.0, but repaired all the same where it fails, as the log delivery that its monitoring controls' metric filters need",
    );
    const repaired = new Set(fix.actions.flatMap((action) => action.controls));
    // (CloudTrail.3 rides along with CloudTrail.1, which the benchmark contains: one trail action repairs both.)
    for (const id of ['CloudTrail.6', 'TW.2', 'CloudWatch.16']) expect(repaired.has(id), id).toBe(false);
    for (const id of ['CloudTrail.5', 'CloudWatch.1', 'CloudWatch.10', 'TW.1']) expect(repaired.has(id), id).toBe(true);
    expect(fix.unrepaired.map((result) => result.controlId)).not.toContain('CloudTrail.5');
    expect(callsOf(fix)).toContain('logs:CreateLogGroup');
  });

  it('with --via eventbridge no log group is needed, so log delivery stays out with the rest of what the benchmark leaves out', () => {
    const fix = plan(loadExample(), { ...NOTIFY, via: 'eventbridge' }, undefined, DEFAULT_CONFIG, CIS_5);
    expect(fix.notes[0]).toMatch(/^CloudTrail\.3, CloudTrail\.5, CloudTrail\.6, .*: not in CIS AWS Foundations Benchmark v5\.0\.0/);
    expect(callsOf(fix)).not.toContain('logs:CreateLogGroup');
  });
});
