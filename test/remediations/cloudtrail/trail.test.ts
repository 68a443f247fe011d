import { CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPlan } from '../../../src/remediations/render.js';
import {
  ACCOUNT_ID,
  advancedSelector,
  basicSelector,
  bucket,
  cloudTrailBucketPolicy,
  ok,
  orgTrail,
  snapshotWith,
  trail,
  trailStatus,
} from '../../checks/fixtures.js';
import { FakeAccount } from '../fake-account.js';
import { apply, callsOf, inputOf, plan } from '../helpers.js';

const TRAIL_CONTROLS = ['CloudTrail.1', 'CloudTrail.3'];
const NEW_TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT_ID}:trail/trailwarden`;
const NEW_BUCKET = `trailwarden-${ACCOUNT_ID}-us-east-1`;

/** An account without any trail. */
function noTrail() {
  return snapshotWith({ trails: [], buckets: [], logGroups: [], kmsKeys: [] });
}

let account: FakeAccount | undefined;
afterEach(() => account?.restore());

describe('no multi-Region trail (CloudTrail.1 / CloudTrail.3)', () => {
  it('plans a bucket whose policy comes before the trail, then the trail, then StartLogging by name', () => {
    const fix = plan(noTrail(), {}, TRAIL_CONTROLS);
    expect(callsOf(fix)).toEqual([
      's3:CreateBucket',
      's3:PutPublicAccessBlock',
      's3:PutBucketTagging',
      's3:PutBucketVersioning',
      's3:PutBucketLifecycleConfiguration',
      's3:PutBucketPolicy',
      'cloudtrail:CreateTrail',
      'cloudtrail:PutEventSelectors',
      'cloudtrail:StartLogging',
    ]);
    // The new bucket is versioned and already has trailwarden's lifecycle rule: TW.2 passes on it.
    expect(inputOf(fix, 's3:PutBucketVersioning')).toEqual({ Bucket: NEW_BUCKET, VersioningConfiguration: { Status: 'Enabled' } });
    expect(inputOf(fix, 's3:PutBucketLifecycleConfiguration')).toMatchObject({
      Bucket: NEW_BUCKET,
      LifecycleConfiguration: { Rules: [{ ID: 'trailwarden-expire-trail-logs', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }] },
    });
    expect(fix.actions[1]!.dependsOn).toEqual([fix.actions[0]!.id]);
    expect(inputOf(fix, 'cloudtrail:CreateTrail')).toEqual({
      Name: 'trailwarden',
      S3BucketName: NEW_BUCKET,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      TagsList: [{ Key: 'trailwarden:managed', Value: 'true' }],
    });
    expect(inputOf(fix, 'cloudtrail:PutEventSelectors')).toEqual({
      TrailName: 'trailwarden',
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: [], DataResources: [] }],
    });
    expect(inputOf(fix, 'cloudtrail:StartLogging')).toEqual({ Name: 'trailwarden' });
    expect(inputOf(fix, 's3:PutPublicAccessBlock')).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    });
  });

  it("limits the bucket policy to the trail (aws:SourceArn) and the account's own key prefix", () => {
    const policy = JSON.parse(inputOf(plan(noTrail(), {}, TRAIL_CONTROLS), 's3:PutBucketPolicy').Policy as string) as {
      Statement: { Sid: string; Action: string; Resource: string; Condition?: { StringEquals?: Record<string, string> } }[];
    };
    const write = policy.Statement.find((s) => s.Action === 's3:PutObject')!;
    expect(write.Resource).toBe(`arn:aws:s3:::${NEW_BUCKET}/AWSLogs/${ACCOUNT_ID}/*`);
    expect(write.Condition?.StringEquals).toEqual({ 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': NEW_TRAIL_ARN });
    expect(policy.Statement.find((s) => s.Action === 's3:GetBucketAcl')?.Condition?.StringEquals).toEqual({ 'aws:SourceArn': NEW_TRAIL_ARN });
  });

  it('prints what it creates and the calls it makes', () => {
    const text = renderPlan(plan(noTrail(), {}, TRAIL_CONTROLS));
    expect(text).toContain(`1. Create bucket ${NEW_BUCKET} for trail logs`);
    expect(text).toContain('create AWS::CloudTrail::Trail trailwarden (us-east-1)');
    expect(text).toContain(
      '2. Create multi-Region trail trailwarden writing to s3://trailwarden-123456789012-us-east-1, and start logging [CloudTrail.1, CloudTrail.3]\n   after: #1\n',
    );
    expect(text).toContain('+ isMultiRegionTrail: true');
    expect(text).toContain('cloudtrail:StartLogging in us-east-1 {"Name":"trailwarden"}');
    expect(text).toContain('(BucketAlreadyOwnedByYou counts as done)');
  });

  it('applies (AWS accepts the trail because the policy is already there), and plans nothing more', async () => {
    const snapshot = noTrail();
    account = new FakeAccount(snapshot);
    const report = await apply(plan(snapshot, {}, TRAIL_CONTROLS), account);
    expect(report.failure).toBeUndefined();
    expect(account.mocks.cloudtrail.commandCalls(StartLoggingCommand)[0]!.args[0].input).toEqual({ Name: 'trailwarden' });
    expect(account.calls.indexOf('s3:PutBucketPolicy')).toBeLessThan(account.calls.indexOf('cloudtrail:CreateTrail'));
    expect(plan(account.snapshot(), {}, TRAIL_CONTROLS).actions).toEqual([]);
  });

  it('stops at a failed call, reports what was and was not applied, and a rerun completes', async () => {
    const snapshot = noTrail();
    account = new FakeAccount(snapshot);
    account.failNext('cloudtrail:CreateTrail', 'AccessDeniedException');
    const report = await apply(plan(snapshot, {}, TRAIL_CONTROLS), account);
    expect(report.applied.map((a) => a.id)).toEqual([`bucket:${NEW_BUCKET}`]);
    expect(report.failure).toMatchObject({ code: 'AccessDeniedException', action: { id: `trail:${NEW_TRAIL_ARN}` }, completed: [] });
    expect(report.notApplied).toEqual([]);

    // The bucket exists but no trail writes to it yet, so the snapshot does not show it: the plan
    // creates it again, and BucketAlreadyOwnedByYou counts as done.
    const rerun = await apply(plan(account.snapshot(), {}, TRAIL_CONTROLS), account);
    expect(rerun.failure).toBeUndefined();
    expect(plan(account.snapshot(), {}, TRAIL_CONTROLS).actions).toEqual([]);
  });

  it('adds its statements to the policy of an existing --trail-bucket and keeps the others', async () => {
    const existing = bucket('shared-logs', { policy: ok(cloudTrailBucketPolicy('shared-logs', 'arn:aws:cloudtrail:us-east-1:123456789012:trail/other')) });
    const snapshot = snapshotWith({ trails: [], buckets: [existing], logGroups: [], kmsKeys: [] });
    const fix = plan(snapshot, { trailBucket: 'shared-logs' }, TRAIL_CONTROLS);
    expect(callsOf(fix)).toEqual(['s3:PutBucketPolicy', 'cloudtrail:CreateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:StartLogging']);
    const sids = (JSON.parse(inputOf(fix, 's3:PutBucketPolicy').Policy as string) as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid);
    expect(sids).toEqual([
      'AWSCloudTrailAclCheck',
      'AWSCloudTrailWrite',
      'TrailwardenCloudTrailAclCheck',
      'TrailwardenCloudTrailWrite',
      'TrailwardenDenyInsecureTransport',
    ]);
  });

  it('creates its own trail when the only multi-Region trail belongs to the organization', () => {
    const snapshot = snapshotWith({ trails: [orgTrail({ status: trailStatus({ isLogging: false }) })], kmsKeys: [] });
    expect(callsOf(plan(snapshot, {}, TRAIL_CONTROLS))).toContain('cloudtrail:CreateTrail');
  });
});

describe('an existing multi-Region trail that falls short', () => {
  const dataSelector = basicSelector({
    readWriteType: 'All',
    includeManagementEvents: false,
    dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::payroll/'] }],
  });

  it('starts logging and adds a management selector, keeping the data-event selector, bucket and key', async () => {
    const existing = trail({ status: trailStatus({ isLogging: false }), selectors: ok({ basic: [dataSelector] }), includeGlobalServiceEvents: false });
    const snapshot = snapshotWith({ trails: [existing] });
    const fix = plan(snapshot, {}, TRAIL_CONTROLS);
    expect(callsOf(fix)).toEqual(['cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:StartLogging']);
    expect(inputOf(fix, 'cloudtrail:UpdateTrail')).toEqual({ Name: 'main', IncludeGlobalServiceEvents: true });
    expect(inputOf(fix, 'cloudtrail:PutEventSelectors')).toEqual({
      TrailName: 'main',
      EventSelectors: [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: false,
          ExcludeManagementEventSources: [],
          DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::payroll/'] }],
        },
        { ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: [], DataResources: [] },
      ],
    });
    expect(renderPlan(fix)).toContain('~ isLogging: false → true');

    account = new FakeAccount(snapshot);
    expect((await apply(fix, account)).failure).toBeUndefined();
    const updates = account.mocks.cloudtrail.commandCalls(UpdateTrailCommand).map((c) => c.args[0].input);
    expect(updates.every((input) => input.S3BucketName === undefined && input.KmsKeyId === undefined)).toBe(true);
    expect(account.mocks.cloudtrail.commandCalls(CreateTrailCommand)).toHaveLength(0);
    const after = account.snapshot();
    expect(after.trails[0]).toMatchObject({ s3BucketName: existing.s3BucketName, kmsKeyId: existing.kmsKeyId });
    expect(plan(after, {}, TRAIL_CONTROLS).actions).toEqual([]);
  });

  it('appends an advanced selector to advanced selectors instead of replacing them', () => {
    const dataEvents = advancedSelector(
      'payroll objects',
      { field: 'eventCategory', equals: ['Data'] },
      { field: 'resources.type', equals: ['AWS::S3::Object'] },
    );
    const readOnly = advancedSelector('reads only', { field: 'eventCategory', equals: ['Management'] }, { field: 'readOnly', equals: ['true'] });
    const snapshot = snapshotWith({ trails: [trail({ selectors: ok({ advanced: [dataEvents, readOnly] }) })] });
    const input = inputOf(plan(snapshot, {}, TRAIL_CONTROLS), 'cloudtrail:PutEventSelectors') as { AdvancedEventSelectors: { Name: string }[] };
    expect(input.AdvancedEventSelectors.map((s) => s.Name)).toEqual(['payroll objects', 'reads only', 'trailwarden: all management events']);
  });

  it('plans nothing for a compliant trail', () => {
    expect(plan(snapshotWith(), {}, TRAIL_CONTROLS).actions).toEqual([]);
  });

  it('never sends PutEventSelectors or PutBucketPolicy for a trail that records everything', async () => {
    const snapshot = snapshotWith({ trails: [trail({ status: trailStatus({ isLogging: false }) })] });
    account = new FakeAccount(snapshot);
    await apply(plan(snapshot, {}, TRAIL_CONTROLS), account);
    expect(account.mocks.cloudtrail.commandCalls(PutEventSelectorsCommand)).toHaveLength(0);
    expect(account.mocks.s3.commandCalls(PutBucketPolicyCommand)).toHaveLength(0);
    expect(account.calls).toEqual(['cloudtrail:StartLogging']);
  });
});
