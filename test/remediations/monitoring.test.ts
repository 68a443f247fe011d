import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { cloudTrailEnvelope, matchEventPatternText } from '../../src/patterns/eventbridge/index.js';
import { CORPUS } from '../../src/corpus/index.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { ACCOUNT_ID, ALERT_TOPIC_ARN, alarm, logGroup, metricFilter, ok, snapshotWith, topic } from '../checks/fixtures.js';
import { FakeAccount } from './fake-account.js';
import { apply, callsOf, inputOf, plan } from './helpers.js';

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
