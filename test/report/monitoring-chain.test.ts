import { describe, expect, it } from 'vitest';
import { monitoringChain } from '../../src/report/monitoring-chain.js';

const TRAIL = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main';
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:alerts';

describe("monitoringChain (the links the HTML report draws, from a result's evidence)", () => {
  it('a metric-filter PASS: every link holds, named by its resource', () => {
    const chain = monitoringChain({
      evidence: {
        path: 'metric-filter',
        chain: { trail: TRAIL, logGroup: 'trail-logs', metricFilter: 'RootUsage', alarm: 'RootUsageAlarm', topic: TOPIC, confirmedSubscriptions: 2 },
      },
    });
    expect(chain?.satisfiedBy).toBe('metric-filter');
    expect(chain?.eventBridge).toEqual([]);
    expect(chain?.metricFilter?.map(({ link, state, resource, detail }) => [link, state, resource ?? detail])).toEqual([
      ['trail', 'holds', TRAIL],
      ['log-group', 'holds', 'trail-logs'],
      ['metric-filter', 'holds', 'RootUsage'],
      ['alarm', 'holds', 'RootUsageAlarm'],
      ['alarm-action', 'holds', 'enabled, notifies the topic'],
      ['sns-topic', 'holds', TOPIC],
      ['topic-access', 'holds', 'CloudWatch may publish to the topic'],
      ['subscription', 'holds', '2 confirmed'],
    ]);
  });

  it('a break: the links before it hold, the broken one carries the reason, the rest were not reached', () => {
    const chain = monitoringChain({
      evidence: {
        brokenLink: 'alarm',
        brokenReason: 'no alarm in us-east-1 watches metric CIS/Root',
        metricFilterPath: { logGroup: 'trail-logs', metricFilter: 'RootUsage', metric: 'CIS/Root' },
        eventBridge: { 'us-east-1': { coveredBy: [], missing: ['R1', 'R2'] }, 'eu-west-1': { coveredBy: ['root-rule'], missing: [] } },
      },
    });
    expect(chain?.satisfiedBy).toBeUndefined();
    expect(chain?.metricFilter?.map(({ state }) => state)).toEqual([
      'holds',
      'holds',
      'holds',
      'broken',
      'not-reached',
      'not-reached',
      'not-reached',
      'not-reached',
    ]);
    expect(chain?.metricFilter?.[2]).toEqual({ link: 'metric-filter', state: 'holds', resource: 'RootUsage', detail: 'publishes CIS/Root' });
    expect(chain?.metricFilter?.[3]).toEqual({ link: 'alarm', state: 'broken', reason: 'no alarm in us-east-1 watches metric CIS/Root' });
    expect(chain?.eventBridge).toEqual([
      { region: 'us-east-1', coveredBy: [], missing: ['R1', 'R2'] },
      { region: 'eu-west-1', coveredBy: ['root-rule'], missing: [] },
    ]);
  });

  it('an EventBridge PASS keeps the metric-filter break beside the rules that satisfy the control', () => {
    const chain = monitoringChain({
      evidence: {
        path: 'eventbridge',
        brokenLink: 'trail',
        brokenReason: 'the account has no CloudTrail trail',
        metricFilterPath: {},
        eventBridge: { 'us-east-1': { coveredBy: ['r'], missing: [] } },
      },
    });
    expect(chain?.satisfiedBy).toBe('eventbridge');
    expect(chain?.metricFilter?.[0]).toEqual({ link: 'trail', state: 'broken', reason: 'the account has no CloudTrail trail' });
  });

  it('an ERROR with no break has no metric-filter links to draw', () => {
    expect(monitoringChain({ evidence: { eventBridge: {} } })).toEqual({ eventBridge: [] });
  });

  it('results of other controls have no chain', () => {
    expect(monitoringChain({})).toBeUndefined();
    expect(monitoringChain({ evidence: { retentionInDays: 30 } })).toBeUndefined();
    expect(monitoringChain({ evidence: { path: 'metric-filter' } })).toBeUndefined();
  });
});
