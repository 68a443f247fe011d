import { describe, expect, it } from 'vitest';
import { logRetention } from '../../../src/checks/logs/cloudwatch-16-log-retention.js';
import { evaluate, failed, logGroup, ok, orgTrail, snapshotWith, trail, type SnapshotParts } from '../fixtures.js';

const findingsOf = (parts: SnapshotParts, logRetentionDays?: number) =>
  evaluate(logRetention, snapshotWith(parts), logRetentionDays ? { logRetentionDays } : {});

describe('CloudWatch.16 retention of trail log groups', () => {
  it('passes at the required retention, reported on the log group', () => {
    const [result] = findingsOf({});
    expect(result).toMatchObject({
      status: 'PASS',
      resource: { arn: 'arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs', type: 'AwsLogsLogGroup', region: 'us-east-1' },
    });
    expect(result!.reason).toBe('log group aws-cloudtrail-logs (trail main): events are kept 365 days (at least 365 required)');
  });

  it('passes when events never expire', () => {
    const [result] = findingsOf({ logGroups: [logGroup({}, { retentionInDays: undefined })] });
    expect(result).toMatchObject({ status: 'PASS', reason: 'log group aws-cloudtrail-logs (trail main): events never expire' });
  });

  it('fails below logRetentionDays, which is configurable', () => {
    const short = { logGroups: [logGroup({}, { retentionInDays: 90 })] };
    expect(findingsOf(short)[0]).toMatchObject({
      status: 'FAIL',
      reason: 'log group aws-cloudtrail-logs (trail main): events are kept only 90 days, less than the 365 required',
    });
    expect(findingsOf(short, 90)[0]!.status).toBe('PASS');
  });

  it('is not applicable for a log group that does not exist (CloudTrail.5 fails for it)', () => {
    expect(findingsOf({ logGroups: [logGroup({ details: ok(null) })] })[0]!.status).toBe('NOT_APPLICABLE');
  });

  it('is not applicable when no trail delivers to CloudWatch Logs', () => {
    expect(findingsOf({ trails: [trail({ cloudWatchLogsLogGroupArn: undefined })], logGroups: [] })).toEqual([
      expect.objectContaining({ status: 'NOT_APPLICABLE', reason: 'no trail delivers to CloudWatch Logs' }),
    ]);
  });

  it("reports ERROR for an organization trail's log group in the management account", () => {
    const crossAccount = failed('logs:DescribeLogGroups', 'us-east-1', 'CrossAccount');
    const group = { region: 'us-east-1', name: 'org-trail-logs', arn: 'arn:aws:logs:us-east-1:111111111111:log-group:org-trail-logs', details: crossAccount };
    const [result] = findingsOf({ trails: [orgTrail()], logGroups: [group] });
    expect(result!.status).toBe('ERROR');
    expect(result!.reason).toContain('could not read log group org-trail-logs');
  });

  it('adds an ERROR for a Region whose trails could not be listed', () => {
    expect(findingsOf({ trailListingFailures: ['eu-west-1'] }).map((f) => f.status)).toEqual(['PASS', 'ERROR']);
  });
});
