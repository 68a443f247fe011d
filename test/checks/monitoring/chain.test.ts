import { describe, expect, it } from 'vitest';
import { eventMonitoringControls, type MonitoringControl } from '../../../src/checks/monitoring/index.js';
import type { AccountSnapshot } from '../../../src/snapshot/types.js';
import { ALERT_TOPIC_ARN, basicSelector, evaluate, failed, logGroup, ok, topic, trail, trailStatus } from '../fixtures.js';
import { alarmFor, chainSnapshot, filterFor } from './chain-fixtures.js';

/** The first broken link of each case, for every CloudWatch.1-14 and TW.1 control. */
const BROKEN: [string, (control: MonitoringControl) => AccountSnapshot, string, RegExp][] = [
  ['no trail', (c) => chainSnapshot(c, { trails: [] }), 'trail', /broken at the trail: the account has no CloudTrail trail/],
  [
    'a single-region trail',
    (c) => chainSnapshot(c, { trails: [trail({ isMultiRegionTrail: false })] }),
    'trail',
    /trail main is a single-region trail \(us-east-1\)/,
  ],
  [
    'a trail that is not logging',
    (c) => chainSnapshot(c, { trails: [trail({ status: trailStatus({ isLogging: false, stopLoggingTime: '2026-03-01T00:00:00Z' }) })] }),
    'trail',
    /trail main is not logging since 2026-03-01T00:00:00Z/,
  ],
  [
    'a trail that records read-only events only',
    (c) => chainSnapshot(c, { trails: [trail({ selectors: ok({ basic: [basicSelector({ readWriteType: 'ReadOnly' })] }) })] }),
    'trail',
    /trail main does not record .* \(selector records ReadOnly events only\)/,
  ],
  [
    'a trail that does not deliver to CloudWatch Logs',
    (c) => chainSnapshot(c, { trails: [trail({ cloudWatchLogsLogGroupArn: undefined })] }),
    'log-group',
    /trail main does not deliver to CloudWatch Logs/,
  ],
  [
    'a log group that does not exist',
    (c) => chainSnapshot(c, { logGroups: [logGroup({ details: ok(null) })] }),
    'log-group',
    /log group aws-cloudtrail-logs in us-east-1, which trail main delivers to, does not exist/,
  ],
  [
    'a log group without filters',
    (c) => chainSnapshot(c, { filters: [] }),
    'metric-filter',
    /log group aws-cloudtrail-logs \(trail main\) has no metric filters/,
  ],
  [
    'a filter for other events',
    (c) => chainSnapshot(c, { filters: [filterFor(c, { name: 'other', pattern: '{ $.eventName = "NoSuchCall" }' })] }),
    'metric-filter',
    /none of the 1 metric filters on log group aws-cloudtrail-logs matches any of the required events/,
  ],
  [
    'an unparseable filter',
    (c) => chainSnapshot(c, { filters: [filterFor(c, { name: 'broken', pattern: "{ $.userIdentity.type = 'Root' }" })] }),
    'metric-filter',
    /metric filter "broken" on log group aws-cloudtrail-logs does not parse: .* \(at position \d+\)/,
  ],
  [
    'an alarm on another metric',
    (c) => chainSnapshot(c, { alarms: [alarmFor(c, { metricName: 'SomethingElse' })] }),
    'alarm',
    /no alarm in us-east-1 watches metric CISBenchmark\/\w+ of metric filter "[^"]+"/,
  ],
  [
    'an alarm with dimensions',
    (c) => chainSnapshot(c, { alarms: [alarmFor(c, { dimensions: [{ name: 'User', value: 'alice' }] })] }),
    'alarm',
    /watches dimensions User, but the filter publishes dimensions none/,
  ],
  [
    'an alarm whose threshold one event does not reach',
    (c) => chainSnapshot(c, { alarms: [alarmFor(c, { threshold: 2 })] }),
    'alarm',
    /does not fire on one event in a period: Sum is then 1, not >= 2/,
  ],
  ['an alarm with actions disabled', (c) => chainSnapshot(c, { alarms: [alarmFor(c, { actionsEnabled: false })] }), 'alarm-action', /has its actions disabled/],
  [
    'an alarm without actions',
    (c) => chainSnapshot(c, { alarms: [alarmFor(c, { alarmActions: [] })] }),
    'alarm-action',
    /notifies no SNS topic in us-east-1: it has no alarm action/,
  ],
  [
    'an alarm that notifies a topic of another region',
    (c) => chainSnapshot(c, { alarms: [alarmFor(c, { alarmActions: ['arn:aws:sns:eu-west-1:123456789012:alerts'] })] }),
    'alarm-action',
    /notifies no SNS topic in us-east-1: its alarm actions are arn:aws:sns:eu-west-1/,
  ],
  [
    'a topic that does not exist',
    (c) => chainSnapshot(c, { topics: [topic({ subscriptions: ok(null) })] }),
    'sns-topic',
    /notifies arn:aws:sns:us-east-1:123456789012:security-alerts, but the topic does not exist/,
  ],
  [
    'a topic with pending subscriptions only',
    (c) =>
      chainSnapshot(c, { topics: [topic({ subscriptions: ok([{ subscriptionArn: 'PendingConfirmation', protocol: 'email', endpoint: 'a@example.com' }]) })] }),
    'subscription',
    /the topic has no confirmed subscription \(1 pending confirmation\)/,
  ],
];

/** Data a link needs that was not read: ERROR, with the failed call. */
const UNREAD: [string, (control: MonitoringControl) => AccountSnapshot, RegExp][] = [
  [
    'the trail status',
    (c) => chainSnapshot(c, { trails: [trail({ status: failed('cloudtrail:GetTrailStatus') })] }),
    /could not read the status of trail main: cloudtrail:GetTrailStatus in us-east-1 failed with AccessDeniedException/,
  ],
  [
    'the event selectors',
    (c) => chainSnapshot(c, { trails: [trail({ selectors: failed('cloudtrail:GetEventSelectors') })] }),
    /could not read the event selectors of trail main/,
  ],
  [
    'the log group',
    (c) => chainSnapshot(c, { logGroups: [logGroup({ details: failed('logs:DescribeLogGroups') })] }),
    /could not read log group aws-cloudtrail-logs/,
  ],
  [
    'the metric filters',
    (c) => chainSnapshot(c, { logGroups: [logGroup({}, { metricFilters: failed('logs:DescribeMetricFilters') })] }),
    /could not read the metric filters of log group aws-cloudtrail-logs/,
  ],
  [
    'the subscriptions',
    (c) => chainSnapshot(c, { topics: [topic({ subscriptions: failed('sns:ListSubscriptionsByTopic') })] }),
    /could not read the subscriptions of SNS topic/,
  ],
];

describe.each(eventMonitoringControls.map((control) => [control.id, control] as const))('%s', (_id, control) => {
  it('passes when the whole chain holds, on the account', () => {
    const [finding, ...more] = evaluate(control, chainSnapshot(control));
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ status: 'PASS', resource: { arn: 'AWS::::Account:123456789012', type: 'AwsAccount' } });
    expect(finding?.reason).toBe(
      `met by a metric filter: metric filter "${control.id}-filter" on log group aws-cloudtrail-logs (trail main) → alarm ${control.id}-alarm → SNS topic ${ALERT_TOPIC_ARN} with 1 confirmed subscription`,
    );
  });

  it.each(BROKEN)('fails with %s, naming that link', (_case, build, link, reason) => {
    const [finding] = evaluate(control, build(control));
    expect(finding?.status).toBe('FAIL');
    expect(finding?.evidence?.brokenLink).toBe(link);
    expect(finding?.reason).toMatch(reason);
    expect(finding?.reason).toMatch(/; no EventBridge rule delivers the required events to a confirmed SNS subscription/);
  });

  it.each(UNREAD)('reports ERROR when %s could not be read', (_case, build, reason) => {
    const [finding] = evaluate(control, build(control));
    expect(finding?.status).toBe('ERROR');
    expect(finding?.reason).toMatch(reason);
    expect(finding?.error?.code).toBe('AccessDeniedException');
  });

  it("reports ERROR when the alarms of the log group's region could not be read", () => {
    const snapshot = chainSnapshot(control);
    snapshot.regionData[0]!.alarms = failed('cloudwatch:DescribeAlarms');
    const [finding] = evaluate(control, snapshot);
    expect(finding).toMatchObject({ status: 'ERROR', error: { operation: 'cloudwatch:DescribeAlarms' } });
  });

  it('passes with a filter broader than needed, and says so', () => {
    const [finding] = evaluate(control, chainSnapshot(control, { filters: [filterFor(control, { name: 'everything', pattern: '' })] }));
    expect(finding?.status).toBe('PASS');
    expect(finding?.reason).toMatch(/; the filter is broader than needed: it also matches .+/);
  });

  it('names the broken link of the chain that got furthest', () => {
    const other = trail({ name: 'regional', isMultiRegionTrail: false });
    const [finding] = evaluate(control, chainSnapshot(control, { trails: [other, trail()], alarms: [alarmFor(control, { threshold: 5 })] }));
    expect(finding?.evidence?.brokenLink).toBe('alarm');
  });

  it('passes when one of several chains holds', () => {
    const snapshot = chainSnapshot(control, {
      filters: [filterFor(control, { name: 'a-wrong-one', pattern: '{ $.eventName = "NoSuchCall" }' }), filterFor(control)],
      alarms: [alarmFor(control, { name: 'disabled', actionsEnabled: false }), alarmFor(control)],
    });
    expect(evaluate(control, snapshot)[0]?.status).toBe('PASS');
  });
});
