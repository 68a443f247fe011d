import { describe, expect, it } from 'vitest';
import { cloudWatchLogsDelivery } from '../../../src/checks/cloudtrail/cloudtrail-5-cloudwatch-logs-delivery.js';
import { evaluate, failed, hoursBefore, logGroup, ok, orgTrail, snapshotWith, trail, trailStatus, type SnapshotParts } from '../fixtures.js';

const resultOf = (parts: SnapshotParts, deliveryMaxAgeHours?: number) => {
  const findings = evaluate(cloudWatchLogsDelivery, snapshotWith(parts), deliveryMaxAgeHours ? { deliveryMaxAgeHours } : {});
  expect(findings).toHaveLength(1);
  return findings[0]!;
};

describe('CloudTrail.5 CloudWatch Logs delivery', () => {
  it('passes when the log group exists and received events recently', () => {
    const result = resultOf({});
    expect(result.status).toBe('PASS');
    expect(result.reason).toBe(`trail main: delivers to log group aws-cloudtrail-logs, latest delivery ${hoursBefore(1 / 6)}`);
  });

  it('fails without a log group', () => {
    expect(resultOf({ trails: [trail({ cloudWatchLogsLogGroupArn: undefined })] })).toMatchObject({
      status: 'FAIL',
      reason: 'trail main: does not deliver to CloudWatch Logs (no log group configured)',
    });
  });

  it('fails when the log group was deleted', () => {
    expect(resultOf({ logGroups: [logGroup({ details: ok(null) })] }).reason).toContain('but log group aws-cloudtrail-logs does not exist in us-east-1');
  });

  it('fails when the latest delivery failed', () => {
    const status = trailStatus({ latestCloudWatchLogsDeliveryError: 'AccessDeniedException: role cannot be assumed' });
    expect(resultOf({ trails: [trail({ status })] }).reason).toContain('the latest delivery failed with AccessDeniedException: role cannot be assumed');
  });

  it('fails when the latest delivery is older than deliveryMaxAgeHours, which is configurable', () => {
    const trails = [trail({ status: trailStatus({ latestCloudWatchLogsDeliveryTime: hoursBefore(30) }) })];
    expect(resultOf({ trails }).reason).toContain(`the latest delivery was ${hoursBefore(30)}, 30.0 h before the snapshot (at most 24 h allowed)`);
    expect(resultOf({ trails }, 48).status).toBe('PASS');
  });

  it('passes a logging trail that has not delivered yet and reports no delivery error (a new trail)', () => {
    const result = resultOf({ trails: [trail({ status: trailStatus({ latestCloudWatchLogsDeliveryTime: undefined }) })] });
    expect(result).toMatchObject({ status: 'PASS', reason: 'trail main: delivers to log group aws-cloudtrail-logs, no delivery yet and no delivery error' });
  });

  it('fails a trail that has not delivered yet when it reports a delivery error', () => {
    const status = trailStatus({ latestCloudWatchLogsDeliveryTime: undefined, latestCloudWatchLogsDeliveryError: 'AccessDeniedException' });
    expect(resultOf({ trails: [trail({ status })] }).status).toBe('FAIL');
  });

  it('fails when CloudTrail never delivered, and names every problem', () => {
    const status = trailStatus({ isLogging: false, latestCloudWatchLogsDeliveryTime: undefined });
    const result = resultOf({ trails: [trail({ status })], logGroups: [logGroup({ details: ok(null) })] });
    expect(result.reason).toBe(
      'trail main: delivers to log group aws-cloudtrail-logs, but log group aws-cloudtrail-logs does not exist in us-east-1; CloudTrail has never delivered to it, and the trail is not logging',
    );
  });

  it('reports ERROR when the status or the log group could not be read', () => {
    expect(resultOf({ trails: [trail({ status: failed('cloudtrail:GetTrailStatus') })] }).reason).toMatch(/^could not read the status of trail main/);
    expect(resultOf({ logGroups: [logGroup({ details: failed('logs:DescribeLogGroups') })] }).reason).toMatch(/^could not read log group aws-cloudtrail-logs/);
  });

  it('still fails on a definite problem when something else could not be read', () => {
    const status = trailStatus({ latestCloudWatchLogsDeliveryError: 'LogGroupDoesNotExist' });
    expect(resultOf({ trails: [trail({ status })], logGroups: [logGroup({ details: failed('logs:DescribeLogGroups') })] }).status).toBe('FAIL');
  });

  it('reports ERROR for an organization trail whose log group lives in the management account', () => {
    const crossAccount = failed('logs:DescribeLogGroups', 'us-east-1', 'CrossAccount');
    const orgGroup = {
      region: 'us-east-1',
      name: 'org-trail-logs',
      arn: 'arn:aws:logs:us-east-1:111111111111:log-group:org-trail-logs',
      details: crossAccount,
    };
    const result = resultOf({ trails: [orgTrail()], logGroups: [orgGroup] });
    expect(result).toMatchObject({ status: 'ERROR', resource: { arn: orgTrail().arn } });
    expect(result.reason).toContain('failed with CrossAccount');
  });

  it('reports ERROR when the log group is missing from the snapshot', () => {
    expect(resultOf({ logGroups: [] })).toMatchObject({ status: 'ERROR', reason: 'trail main: log group aws-cloudtrail-logs is missing from the snapshot' });
  });
});
