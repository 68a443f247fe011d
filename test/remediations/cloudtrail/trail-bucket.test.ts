import { GetBucketLifecycleConfigurationCommand, PutBucketLifecycleConfigurationCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/config/types.js';
import { renderPlan } from '../../../src/remediations/render.js';
import { ORG_MANAGEMENT_ACCOUNT_ID, TRAIL_BUCKET, bucket, ok, publicAccessBlock, snapshotWith, trail } from '../../checks/fixtures.js';
import { FakeAccount } from '../fake-account.js';
import { apply, callsOf, inputOf, plan } from '../helpers.js';

let account: FakeAccount | undefined;
afterEach(() => account?.restore());

const PUBLIC_READ = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${TRAIL_BUCKET}/*` }],
});

describe('public trail bucket (CloudTrail.6)', () => {
  it('turns on all four Block Public Access settings, leaving the policy as it is', async () => {
    const snapshot = snapshotWith({
      buckets: [
        bucket(TRAIL_BUCKET, { policy: ok(PUBLIC_READ), publicAccessBlock: ok(publicAccessBlock({ restrictPublicBuckets: false, ignorePublicAcls: false })) }),
      ],
    });
    const fix = plan(snapshot, {}, ['CloudTrail.6']);
    expect(callsOf(fix)).toEqual(['s3:PutPublicAccessBlock']);
    expect(inputOf(fix, 's3:PutPublicAccessBlock')).toEqual({
      Bucket: TRAIL_BUCKET,
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    });
    expect(renderPlan(fix)).toContain(
      '~ publicAccessBlock: {"blockPublicAcls":true,"ignorePublicAcls":false,"blockPublicPolicy":true,"restrictPublicBuckets":false} → all four settings on',
    );
    account = new FakeAccount(snapshot);
    await apply(fix, account);
    expect(account.calls).toEqual(['s3:PutPublicAccessBlock']);
    expect(plan(account.snapshot(), {}, ['CloudTrail.6']).actions).toEqual([]);
  });

  it('leaves a suppressed finding alone: the risk was accepted in the config', () => {
    const snapshot = snapshotWith({ buckets: [bucket(TRAIL_BUCKET, { policy: ok(PUBLIC_READ), publicAccessBlock: ok(null) })] });
    const config = {
      ...DEFAULT_CONFIG,
      suppressions: [{ control: 'CloudTrail.6', resource: `arn:aws:s3:::${TRAIL_BUCKET}`, reason: 'public website mirror' }],
    };
    const fix = plan(snapshot, {}, ['CloudTrail.6'], config);
    expect(fix.actions).toEqual([]);
    expect(fix.unrepaired).toEqual([]);
  });
});

describe('access logging of the trail bucket (CloudTrail.7)', () => {
  const unlogged = () => snapshotWith({ buckets: [bucket(TRAIL_BUCKET, { logging: ok(null) })] });

  it('is left alone without --access-log-bucket, with a message', () => {
    const fix = plan(unlogged(), {}, ['CloudTrail.7']);
    expect(fix.actions).toEqual([]);
    expect(fix.notes).toEqual([
      `CloudTrail.7: access logging of ${TRAIL_BUCKET} is off; pass --access-log-bucket NAME (a bucket whose policy lets logging.s3.amazonaws.com write) to turn it on`,
    ]);
    expect(fix.unrepaired.map((r) => r.controlId)).toEqual(['CloudTrail.7']);
  });

  it("sends the logs to the named bucket under the trail bucket's name", async () => {
    const snapshot = unlogged();
    const fix = plan(snapshot, { accessLogBucket: 'access-logs' }, ['CloudTrail.7']);
    expect(inputOf(fix, 's3:PutBucketLogging')).toEqual({
      Bucket: TRAIL_BUCKET,
      BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'access-logs', TargetPrefix: `${TRAIL_BUCKET}/` } },
    });
    account = new FakeAccount(snapshot);
    await apply(fix, account);
    expect(plan(account.snapshot(), { accessLogBucket: 'access-logs' }, ['CloudTrail.7']).actions).toEqual([]);
  });

  it('refuses to log a bucket into itself', () => {
    const fix = plan(unlogged(), { accessLogBucket: TRAIL_BUCKET }, ['CloudTrail.7']);
    expect(fix.actions).toEqual([]);
    expect(fix.notes[0]).toContain('cannot log its own access');
  });

  // S3 refuses a target in another Region (CrossLocationLoggingProhibited), and a failed call
  // stops the rest of the plan: such a call must not be planned.
  const EU_BUCKET = 'eu-trail-logs';
  const twoRegions = (...others: ReturnType<typeof bucket>[]) =>
    snapshotWith({
      trails: [trail(), trail({ name: 'eu', homeRegion: 'eu-west-1', s3BucketName: EU_BUCKET })],
      buckets: [bucket(TRAIL_BUCKET, { logging: ok(null) }), bucket(EU_BUCKET, { region: ok('eu-west-1'), logging: ok(null) }), ...others],
    });

  it("sends only the trail buckets of the target's Region to it, when the scan read the target", () => {
    // The target is in the snapshot, as a bucket named for data events would be.
    const fix = plan(twoRegions(bucket('access-logs')), { accessLogBucket: 'access-logs' }, ['CloudTrail.7']);
    expect(fix.actions.map((action) => action.change.name)).toEqual([TRAIL_BUCKET]);
    expect(fix.notes).toEqual([
      `CloudTrail.7: bucket ${EU_BUCKET} is in eu-west-1 but --access-log-bucket access-logs is in us-east-1, and S3 delivers access logs only within a Region; turn its access logging on with a target bucket in eu-west-1`,
    ]);
    expect(fix.unrepaired).toEqual([]);
  });

  it("plans none when the trail buckets are in several Regions and the target's Region is unknown", () => {
    const fix = plan(twoRegions(), { accessLogBucket: 'access-logs' }, ['CloudTrail.7']);
    expect(fix.actions).toEqual([]);
    expect(fix.notes).toEqual([
      `CloudTrail.7: trail buckets ${TRAIL_BUCKET} (us-east-1), ${EU_BUCKET} (eu-west-1) are in 2 Regions, and S3 delivers access logs only to a bucket in the source bucket's Region, so one --access-log-bucket cannot serve them all; turn their access logging on with a target bucket in each Region`,
    ]);
    expect(fix.unrepaired.map((r) => r.resource.arn).sort()).toEqual([`arn:aws:s3:::${EU_BUCKET}`, `arn:aws:s3:::${TRAIL_BUCKET}`]);
  });
});

describe('lifecycle rule of the trail bucket (TW.2)', () => {
  it("adds an archiving rule for the trail's log files to a bucket without rules, deleting nothing", () => {
    const fix = plan(snapshotWith({ buckets: [bucket(TRAIL_BUCKET, { lifecycle: ok(null) })] }), {}, ['TW.2']);
    expect(callsOf(fix)).toEqual(['s3:PutBucketLifecycleConfiguration']);
    expect(inputOf(fix, 's3:PutBucketLifecycleConfiguration')).toEqual({
      Bucket: TRAIL_BUCKET,
      LifecycleConfiguration: {
        Rules: [
          {
            ID: 'trailwarden-expire-trail-logs',
            Status: 'Enabled',
            Filter: { Prefix: 'AWSLogs/' },
            Transitions: [{ Days: 90, StorageClass: 'GLACIER_IR' }],
            NoncurrentVersionTransitions: [{ NoncurrentDays: 90, StorageClass: 'GLACIER_IR' }],
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          },
        ],
      },
    });
  });

  it('keeps every existing rule as S3 has it, read back when the plan is applied', async () => {
    const other = { id: 'tmp-cleanup', status: 'Enabled', prefix: 'tmp/', expirationDays: 7, transitions: [], noncurrentTransitions: [] };
    const snapshot = snapshotWith({ trails: [trail({ s3KeyPrefix: 'audit' })], buckets: [bucket(TRAIL_BUCKET, { lifecycle: ok([other]) })] });
    const fix = plan(snapshot, {}, ['TW.2']);
    expect(callsOf(fix)).toEqual(['s3:GetBucketLifecycleConfiguration', 's3:PutBucketLifecycleConfiguration']);
    expect(renderPlan(fix)).toContain('~ lifecycleRules: ["tmp-cleanup"] → ["tmp-cleanup","trailwarden-expire-trail-logs"]');

    account = new FakeAccount(snapshot);
    await apply(fix, account);
    expect(account.mocks.s3.commandCalls(GetBucketLifecycleConfigurationCommand)).toHaveLength(1);
    const rules = account.mocks.s3.commandCalls(PutBucketLifecycleConfigurationCommand)[0]!.args[0].input.LifecycleConfiguration!.Rules!;
    expect(rules.map((r) => [r.ID, r.Filter?.Prefix])).toEqual([
      ['tmp-cleanup', 'tmp/'],
      ['trailwarden-expire-trail-logs', 'audit/AWSLogs/'],
    ]);
    expect(rules[0]!.Expiration).toEqual({ Days: 7 });
    expect(plan(account.snapshot(), {}, ['TW.2']).actions).toEqual([]);
  });

  it('changes a bucket shared by two trails once', () => {
    const snapshot = snapshotWith({ trails: [trail(), trail({ name: 'second' })], buckets: [bucket(TRAIL_BUCKET, { lifecycle: ok(null) })] });
    expect(callsOf(plan(snapshot, {}, ['TW.2']))).toEqual(['s3:PutBucketLifecycleConfiguration']);
  });

  it("does not touch the bucket of another account's trail", () => {
    const snapshot = snapshotWith({
      trails: [trail({ ownerAccountId: ORG_MANAGEMENT_ACCOUNT_ID, isOrganizationTrail: true })],
      buckets: [bucket(TRAIL_BUCKET, { lifecycle: ok(null) })],
    });
    const fix = plan(snapshot, {}, ['TW.2']);
    expect(fix.actions).toEqual([]);
    expect(fix.notes[0]).toContain('belongs to account 111111111111');
  });
});
