import { describe, expect, it } from 'vitest';
import { monitoringControls } from '../../../src/checks/monitoring/index.js';
import { alarm, evaluate, failed, logGroup, metricFilter, ok, snapshotWith } from '../fixtures.js';

const cloudWatch15 = monitoringControls.find((control) => control.id === 'CloudWatch.15')!;
const cloudWatch17 = monitoringControls.find((control) => control.id === 'CloudWatch.17')!;

/** The fixtures' root-usage filter on the trail log group, with these alarms in its region. */
const withAlarms = (...alarms: ReturnType<typeof alarm>[]) => snapshotWith({ logGroups: [logGroup({}, { metricFilters: ok([metricFilter()]) })], alarms });

describe('CloudWatch.15 and CloudWatch.17 judge the alarms the monitoring chains rely on', () => {
  it('one result per alarm on a metric of a trail log group filter, about the alarm', () => {
    const good = alarm({ name: 'good' });
    const silent = alarm({ name: 'silent', alarmActions: [] });
    const muted = alarm({ name: 'muted', actionsEnabled: false });
    const unrelated = alarm({ name: 'cpu', metricName: 'CPUUtilization', namespace: 'AWS/EC2', alarmActions: [], actionsEnabled: false });
    const snapshot = withAlarms(good, silent, muted, unrelated);

    expect(evaluate(cloudWatch15, snapshot).map(({ status, resource, reason }) => [status, resource.arn, reason])).toEqual([
      ['PASS', good.arn, `alarm good has alarm actions: ${good.alarmActions[0]}`],
      ['FAIL', silent.arn, 'alarm silent has no alarm action: it changes state and notifies no one'],
      ['PASS', muted.arn, `alarm muted has alarm actions: ${muted.alarmActions[0]}`],
    ]);
    expect(evaluate(cloudWatch17, snapshot).map(({ status, resource }) => [status, resource.arn, resource.type])).toEqual([
      ['PASS', good.arn, 'AWS::CloudWatch::Alarm'],
      ['PASS', silent.arn, 'AWS::CloudWatch::Alarm'],
      ['FAIL', muted.arn, 'AWS::CloudWatch::Alarm'],
    ]);
  });

  it('are NOT_APPLICABLE without such alarms', () => {
    expect(evaluate(cloudWatch15, withAlarms())).toMatchObject([{ status: 'NOT_APPLICABLE', resource: { type: 'AwsAccount' } }]);
    expect(evaluate(cloudWatch17, snapshotWith())).toMatchObject([{ status: 'NOT_APPLICABLE' }]);
  });

  it("report ERROR for a log group whose filters, or whose region's alarms, were not read", () => {
    const filtersUnread = snapshotWith({ logGroups: [logGroup({}, { metricFilters: failed('logs:DescribeMetricFilters') })] });
    expect(evaluate(cloudWatch15, filtersUnread)).toMatchObject([
      { status: 'ERROR', resource: { type: 'AWS::Logs::LogGroup' }, error: { operation: 'logs:DescribeMetricFilters' } },
    ]);
    const alarmsUnread = withAlarms(alarm());
    alarmsUnread.regionData[0]!.alarms = failed('cloudwatch:DescribeAlarms');
    expect(evaluate(cloudWatch17, alarmsUnread)).toMatchObject([{ status: 'ERROR', reason: expect.stringMatching(/could not read the alarms of us-east-1/) }]);
  });
});
