import { describe, expect, it } from 'vitest';
import { userMonitorControls } from '../../../src/checks/monitoring/index.js';
import type { UserMonitor } from '../../../src/config/types.js';
import { ACCOUNT_ID, alarm, evaluate, eventRule, logGroup, metricFilter, ok, snapshotWith, topic } from '../fixtures.js';

const monitor = (overrides: Partial<UserMonitor> = {}): UserMonitor => ({
  id: 'trust-policy-changes',
  title: 'Role trust policy changes',
  severity: 'MEDIUM',
  events: [{ eventSource: 'iam.amazonaws.com', eventNames: ['UpdateAssumeRolePolicy'] }],
  threshold: 1,
  periodSeconds: 300,
  ...overrides,
});

/** A filter with `pattern` publishing Custom/Metric, and an alarm on it. */
function monitored(pattern: string, alarmOverrides = {}) {
  return snapshotWith({
    logGroups: [
      logGroup(
        {},
        {
          metricFilters: ok([
            metricFilter({ name: 'custom', pattern, transformations: [{ metricName: 'Metric', metricNamespace: 'Custom', metricValue: '1' }] }),
          ]),
        },
      ),
    ],
    alarms: [alarm({ name: 'custom', namespace: 'Custom', metricName: 'Metric', ...alarmOverrides })],
    topics: [topic()],
  });
}

describe('user-defined monitors', () => {
  it("become controls with the config's id, title and severity, and a spec for fix", () => {
    const [control] = userMonitorControls([monitor()]);
    expect(control).toMatchObject({ id: 'trust-policy-changes', title: 'Role trust policy changes', severity: 'MEDIUM', family: 'monitoring', cis: {} });
    expect(control?.securityHubId).toBeUndefined();
    expect(control?.spec.filterPattern).toBe('{ ($.eventSource = "iam.amazonaws.com") && (($.eventName = "UpdateAssumeRolePolicy")) }');
    expect(control?.spec.eventBridge).toEqual({
      sources: ['aws.iam'],
      detailTypes: ['AWS API Call via CloudTrail'],
      regions: 'global-us-east-1',
      needsReadOnlyEvents: false,
    });
    expect(control?.spec.positives.map((record) => [record.eventName, record.region, record.scope])).toEqual([
      ['UpdateAssumeRolePolicy', 'us-east-1', 'global'],
    ]);
  });

  it('pass through the same chain, and fail on the first broken link', () => {
    const [control] = userMonitorControls([monitor()]);
    expect(evaluate(control!, monitored('{ $.eventName = "UpdateAssumeRolePolicy" }'))[0]?.status).toBe('PASS');
    expect(evaluate(control!, monitored('{ $.eventName = "UpdateRole" }'))[0]?.reason).toMatch(/broken at the metric filter: none of the 1 metric filters/);
    expect(evaluate(control!, monitored('{ $.eventName = "UpdateAssumeRolePolicy" }', { actionsEnabled: false }))[0]?.reason).toMatch(
      /broken at the alarm action/,
    );
  });

  it('need the permission to publish too: an alarm topic encrypted with alias/aws/sns delivers nothing', () => {
    const [control] = userMonitorControls([monitor()]);
    const snapshot = monitored('{ $.eventName = "UpdateAssumeRolePolicy" }');
    snapshot.topics = [
      topic({ access: ok({ policy: snapshot.topics[0]!.access!.ok ? snapshot.topics[0]!.access!.value!.policy : '', kmsMasterKeyId: 'alias/aws/sns' }) }),
    ];
    const [finding] = evaluate(control!, snapshot);
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toMatch(
      /broken at the permission to publish: alarm custom notifies .*, but topic security-alerts is encrypted with alias\/aws\/sns, which CloudWatch cannot use/,
    );
  });

  it('say when the filter is broader than the monitor', () => {
    const [control] = userMonitorControls([monitor()]);
    expect(evaluate(control!, monitored('{ $.eventSource = "iam.amazonaws.com" }'))[0]?.reason).toMatch(
      /broader than needed: it also matches root IAM call \(EnableMFADevice\), iam PutRolePolicy, .*iam DeleteGroupPolicy/,
    );
  });

  it("need the alarm to fire at the monitor's threshold within its period", () => {
    const [control] = userMonitorControls([monitor({ threshold: 5, periodSeconds: 600 })]);
    const pattern = '{ $.eventName = "UpdateAssumeRolePolicy" }';
    expect(evaluate(control!, monitored(pattern, { threshold: 5, period: 600 }))[0]?.status).toBe('PASS');
    expect(evaluate(control!, monitored(pattern, { threshold: 6, period: 600 }))[0]?.reason).toMatch(
      /does not fire on 5 events in a period: Sum is then 5, not >= 6/,
    );
    expect(evaluate(control!, monitored(pattern, { threshold: 5, period: 300 }))[0]?.reason).toMatch(/has a period of 300 s, shorter than 600 s/);
  });

  it('synthesise one record per event name, read-only by name, and accept sample records', () => {
    const [control] = userMonitorControls([
      monitor({
        events: [
          { eventSource: 'ec2.amazonaws.com', eventNames: ['ModifySecurityGroupRules', 'DescribeSecurityGroupRules'] },
          {
            record: {
              eventSource: 's3.amazonaws.com',
              eventName: 'PutBucketPublicAccessBlock',
              awsRegion: 'eu-west-1',
              eventType: 'AwsApiCall',
              readOnly: false,
            },
          },
        ],
      }),
    ]);
    const { spec } = control!;
    expect(spec.positives.map((record) => [record.summary, record.readOnly, record.scope])).toEqual([
      ['ModifySecurityGroupRules', false, 'regional'],
      ['DescribeSecurityGroupRules', true, 'regional'],
      ['sample 2 (PutBucketPublicAccessBlock)', false, 'regional'],
    ]);
    expect(spec.requiredEvents).toEqual([
      { eventSource: 'ec2.amazonaws.com', eventNames: ['ModifySecurityGroupRules', 'DescribeSecurityGroupRules'] },
      { eventSource: 's3.amazonaws.com', eventNames: ['PutBucketPublicAccessBlock'] },
    ]);
    expect(spec.eventBridge).toMatchObject({ sources: ['aws.ec2', 'aws.s3'], regions: 'every-region', needsReadOnlyEvents: true });
    expect(evaluate(control!, monitored(spec.filterPattern))[0]?.status).toBe('PASS');
  });

  it('can be met by EventBridge in every region', () => {
    const [control] = userMonitorControls([monitor({ events: [{ eventSource: 'kms.amazonaws.com', eventNames: ['PutKeyPolicy'] }] })]);
    const rules = ['us-east-1', 'eu-west-1'].map((region) =>
      eventRule({
        name: 'key-policy',
        region,
        eventPattern: JSON.stringify({ source: ['aws.kms'], detail: { eventName: ['PutKeyPolicy'] } }),
        targets: ok([{ id: 't', arn: `arn:aws:sns:${region}:${ACCOUNT_ID}:alerts` }]),
      }),
    );
    const topics = ['us-east-1', 'eu-west-1'].map((region) => topic({ arn: `arn:aws:sns:${region}:${ACCOUNT_ID}:alerts` }));
    expect(evaluate(control!, snapshotWith({ eventRules: rules, topics }))[0]?.status).toBe('PASS');
    expect(evaluate(control!, snapshotWith({ eventRules: rules.slice(0, 1), topics }))[0]?.reason).toMatch(/it misses PutKeyPolicy in eu-west-1/);
  });
});
