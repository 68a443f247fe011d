import { CreatePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/config/types.js';
import { retentionFor } from '../../../src/remediations/cloudtrail/log-delivery.js';
import { renderApplyReport } from '../../../src/remediations/render.js';
import { ACCOUNT_ID, logGroup, snapshotWith, trail, trailStatus } from '../../checks/fixtures.js';
import { FakeAccount } from '../fake-account.js';
import { apply, callsOf, inputOf, plan } from '../helpers.js';

const GROUP = '/trailwarden/cloudtrail/main';
const GROUP_ARN = `arn:aws:logs:us-east-1:${ACCOUNT_ID}:log-group:${GROUP}`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/trailwarden-cloudtrail-logs-main`;
const BOUNDARY_ARN = `arn:aws:iam::${ACCOUNT_ID}:policy/trailwarden-cloudtrail-logs-boundary`;

let account: FakeAccount | undefined;
afterEach(() => account?.restore());

/** A trail that does not deliver to CloudWatch Logs. */
function undelivered() {
  return snapshotWith({ trails: [trail({ cloudWatchLogsLogGroupArn: undefined, cloudWatchLogsRoleArn: undefined })], logGroups: [] });
}

describe('CloudWatch Logs delivery (CloudTrail.5)', () => {
  it('creates a log group with retention and a role for this trail only, then connects the trail', () => {
    const fix = plan(undelivered(), {}, ['CloudTrail.5']);
    expect(callsOf(fix)).toEqual([
      'logs:CreateLogGroup',
      'logs:PutRetentionPolicy',
      'iam:GetPolicy',
      'iam:CreatePolicy',
      'iam:CreateRole',
      'iam:PutRolePolicy',
      'cloudtrail:UpdateTrail',
    ]);
    expect(inputOf(fix, 'iam:CreateRole').PermissionsBoundary).toBe(BOUNDARY_ARN);
    expect(JSON.parse(inputOf(fix, 'iam:CreatePolicy').PolicyDocument as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'CloudTrailDeliverToTrailwardenLogGroups',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: 'arn:aws:logs:*:*:log-group:/trailwarden/cloudtrail/*:log-stream:*',
        },
      ],
    });
    expect(inputOf(fix, 'logs:PutRetentionPolicy')).toEqual({ logGroupName: GROUP, retentionInDays: 365 });
    expect(JSON.parse(inputOf(fix, 'iam:CreateRole').AssumeRolePolicyDocument as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'CloudTrailAssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceArn': trail().arn } },
        },
      ],
    });
    expect(JSON.parse(inputOf(fix, 'iam:PutRolePolicy').PolicyDocument as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'CloudTrailDeliverToLogGroup', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${GROUP_ARN}:log-stream:*` },
      ],
    });
    expect(inputOf(fix, 'cloudtrail:UpdateTrail')).toEqual({ Name: 'main', CloudWatchLogsLogGroupArn: `${GROUP_ARN}:*`, CloudWatchLogsRoleArn: ROLE_ARN });
  });

  it('with --cloudwatch-logs-role-arn: delivers through that role and creates no IAM role or policy', () => {
    const given = `arn:aws:iam::${ACCOUNT_ID}:role/security/CloudTrailToLogs`;
    const fix = plan(undelivered(), { cloudWatchLogsRoleArn: given }, ['CloudTrail.5']);
    expect(callsOf(fix)).toEqual(['logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'cloudtrail:UpdateTrail']);
    expect(inputOf(fix, 'cloudtrail:UpdateTrail')).toEqual({ Name: 'main', CloudWatchLogsLogGroupArn: `${GROUP_ARN}:*`, CloudWatchLogsRoleArn: given });
    expect(fix.actions[0]!.terraform.map((b) => b.labels[0])).not.toContain('aws_iam_role');
  });

  it('applies, waits out a role that is not usable yet, and then plans nothing', async () => {
    const snapshot = undelivered();
    account = new FakeAccount(snapshot);
    account.failNext('cloudtrail:UpdateTrail', 'InvalidCloudWatchLogsRoleArnException');
    const report = await apply(plan(snapshot, {}, ['CloudTrail.5']), account);
    expect(report.failure).toBeUndefined();
    expect(account.mocks.cloudtrail.commandCalls(UpdateTrailCommand)).toHaveLength(2);
    expect(plan(account.snapshot(), {}, ['CloudTrail.5']).actions).toEqual([]);
  });

  it('after a failure midway, says what was applied, and a rerun finishes without duplicating anything', async () => {
    const snapshot = undelivered();
    account = new FakeAccount(snapshot);
    account.failNext('iam:PutRolePolicy', 'AccessDenied');
    const report = await apply(plan(snapshot, {}, ['CloudTrail.5']), account);
    expect(report.failure?.completed.map((c) => c.call.operation)).toEqual(['CreateLogGroup', 'PutRetentionPolicy', 'GetPolicy', 'CreatePolicy', 'CreateRole']);
    const text = renderApplyReport(report);
    expect(text).toContain('FAILED: iam:PutRolePolicy failed with AccessDenied');
    expect(text).toContain('already made: logs:CreateLogGroup, logs:PutRetentionPolicy, iam:GetPolicy, iam:CreatePolicy, iam:CreateRole');
    expect(text).toContain('run `trailwarden fix` again');

    const rerun = await apply(plan(account.snapshot(), {}, ['CloudTrail.5']), account);
    expect(rerun.failure).toBeUndefined();
    expect(rerun.applied[0]!.id).toBe(`log-delivery:${trail().arn}`);
    expect(account.mocks.iam.commandCalls(CreateRoleCommand)).toHaveLength(2);
    expect(account.mocks.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(2);
    // The boundary made by the first run is found, not created again.
    expect(account.mocks.iam.commandCalls(CreatePolicyCommand)).toHaveLength(1);
    expect(plan(account.snapshot(), {}, ['CloudTrail.5']).actions).toEqual([]);
  });

  it('re-creates a configured log group that was deleted, and touches nothing else', () => {
    const snapshot = snapshotWith({ logGroups: [logGroup({ details: { ok: true, value: null } })] });
    const fix = plan(snapshot, {}, ['CloudTrail.5']);
    expect(callsOf(fix)).toEqual(['logs:CreateLogGroup', 'logs:PutRetentionPolicy']);
    expect(inputOf(fix, 'logs:CreateLogGroup')).toMatchObject({ logGroupName: 'aws-cloudtrail-logs' });
  });

  it('plans nothing, and says nothing, for a trail that has not delivered yet (CloudTrail.5 passes it)', () => {
    const snapshot = snapshotWith({ trails: [trail({ status: trailStatus({ latestCloudWatchLogsDeliveryTime: undefined }) })] });
    const fix = plan(snapshot, {}, ['CloudTrail.5']);
    expect(fix.actions).toEqual([]);
    expect(fix.notes).toEqual([]);
  });

  it('does not guess at a delivery that fails with everything configured', () => {
    const snapshot = snapshotWith({ trails: [trail({ status: trailStatus({ latestCloudWatchLogsDeliveryError: 'AccessDenied' }) })] });
    const fix = plan(snapshot, {}, ['CloudTrail.5']);
    expect(fix.actions).toEqual([]);
    expect(fix.notes[0]).toContain(
      'delivery fails with AccessDenied: check that role arn:aws:iam::123456789012:role/CloudTrailToCloudWatchLogs trusts cloudtrail.amazonaws.com',
    );
  });
});

describe('log group retention (CloudWatch.16)', () => {
  it('raises a short retention to the configured minimum', async () => {
    const snapshot = snapshotWith({ logGroups: [logGroup({}, { retentionInDays: 30 })] });
    const fix = plan(snapshot, {}, ['CloudWatch.16']);
    expect(callsOf(fix)).toEqual(['logs:PutRetentionPolicy']);
    expect(inputOf(fix, 'logs:PutRetentionPolicy')).toEqual({ logGroupName: 'aws-cloudtrail-logs', retentionInDays: 365 });
    account = new FakeAccount(snapshot);
    await apply(fix, account);
    expect(plan(account.snapshot(), {}, ['CloudWatch.16']).actions).toEqual([]);
  });

  it('rounds a configured minimum up to a retention CloudWatch Logs accepts', () => {
    expect(retentionFor(365)).toBe(365);
    expect(retentionFor(366)).toBe(400);
    expect(retentionFor(1000)).toBe(1096);
    const snapshot = snapshotWith({ logGroups: [logGroup({}, { retentionInDays: 365 })] });
    const fix = plan(snapshot, {}, ['CloudWatch.16'], { ...DEFAULT_CONFIG, logRetentionDays: 1000 });
    expect(inputOf(fix, 'logs:PutRetentionPolicy')).toEqual({ logGroupName: 'aws-cloudtrail-logs', retentionInDays: 1096 });
  });

  it('leaves a log group that never expires alone', () => {
    expect(plan(snapshotWith({ logGroups: [logGroup({}, { retentionInDays: undefined })] }), {}, ['CloudWatch.16']).actions).toEqual([]);
  });
});
