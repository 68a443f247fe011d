import { afterEach, describe, expect, it } from 'vitest';
import { withSourceArn } from '../../../src/remediations/cloudtrail/trail-bucket-integrity.js';
import { terraformFiles } from '../../../src/remediations/terraform/export.js';
import { ACCOUNT_ID, TRAIL_BUCKET, bucket, failed, ok, orgTrail, snapshotWith, trail } from '../../checks/fixtures.js';
import { FakeAccount } from '../fake-account.js';
import { apply, callsOf, inputOf, plan } from '../helpers.js';

let account: FakeAccount | undefined;
afterEach(() => account?.restore());

const BUCKET_ARN = `arn:aws:s3:::${TRAIL_BUCKET}`;
const MAIN = trail().arn;

/** The policy CloudTrail's console wrote before aws:SourceArn: AclCheck and Write, pinned by nothing but the account's prefix. */
function unpinned(extra: Record<string, unknown>[] = [], writeResource = `${BUCKET_ARN}/AWSLogs/${ACCOUNT_ID}/*`): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: BUCKET_ARN },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: writeResource,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
      ...extra,
    ],
  });
}

const READERS = {
  Sid: 'Readers',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:role/Reader` },
  Action: 's3:GetObject',
  Resource: `${BUCKET_ARN}/*`,
};

describe('versioning of the trail bucket (TW.4)', () => {
  it('enables versioning, as a call and as Terraform, and then plans nothing', async () => {
    const snapshot = snapshotWith({ buckets: [bucket(TRAIL_BUCKET, { versioning: ok({ status: 'Suspended' }) })] });
    const fix = plan(snapshot, {}, ['TW.4']);
    expect(callsOf(fix)).toEqual(['s3:PutBucketVersioning']);
    expect(inputOf(fix, 's3:PutBucketVersioning')).toEqual({ Bucket: TRAIL_BUCKET, VersioningConfiguration: { Status: 'Enabled' } });
    const tf = [...terraformFiles(fix, 'us-east-1', 'file').values()].join('\n');
    expect(tf).toContain(`import {\n  to = aws_s3_bucket_versioning.${TRAIL_BUCKET}\n  id = "${TRAIL_BUCKET}"\n}`);
    expect(tf).toContain(
      `resource "aws_s3_bucket_versioning" "${TRAIL_BUCKET}" {\n  bucket = "${TRAIL_BUCKET}"\n  versioning_configuration {\n    status = "Enabled"\n  }\n}`,
    );
    account = new FakeAccount(snapshot);
    await apply(fix, account);
    expect(plan(account.snapshot(), {}, ['TW.4']).actions).toEqual([]);
  });

  it('leaves a bucket with MFA delete to its root user, and a bucket of another account to its owner', () => {
    const mfa = plan(snapshotWith({ buckets: [bucket(TRAIL_BUCKET, { versioning: ok({ status: 'Suspended', mfaDelete: 'Enabled' }) })] }), {}, ['TW.4']);
    expect(mfa.actions).toEqual([]);
    expect(mfa.notes).toEqual([`TW.4: bucket ${TRAIL_BUCKET} has MFA delete, so only its root user with the MFA device can enable versioning again`]);
    const foreign = plan(
      snapshotWith({ buckets: [bucket(TRAIL_BUCKET, { versioning: ok({}), policy: failed('s3:GetBucketPolicy', 'us-east-1', 'MethodNotAllowed') })] }),
      {},
      ['TW.4'],
    );
    expect(foreign.actions).toEqual([]);
    expect(foreign.notes[0]).toMatch(/^TW.4: bucket trail-logs-123456789012 belongs to another account .*MethodNotAllowed/);
  });
});

describe('aws:SourceArn in the trail bucket policy (TW.6)', () => {
  it('merges the trail ARN into the CloudTrail statements, keeps every other statement and condition, and then plans nothing', async () => {
    const snapshot = snapshotWith({ buckets: [bucket(TRAIL_BUCKET, { policy: ok(unpinned([READERS])) })] });
    const fix = plan(snapshot, {}, ['TW.6']);
    expect(callsOf(fix)).toEqual(['s3:PutBucketPolicy']);
    const policy = JSON.parse(String(inputOf(fix, 's3:PutBucketPolicy').Policy)) as { Statement: Record<string, unknown>[] };
    expect(policy.Statement).toEqual([
      expect.objectContaining({ Sid: 'AWSCloudTrailAclCheck', Condition: { StringEquals: { 'aws:SourceArn': MAIN } } }),
      expect.objectContaining({
        Sid: 'AWSCloudTrailWrite',
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': MAIN } },
      }),
      READERS,
    ]);
    expect(fix.actions[0]?.summary).toContain('Add an aws:SourceArn condition (main) to statement(s) AWSCloudTrailAclCheck, AWSCloudTrailWrite');
    const tf = [...terraformFiles(fix, 'us-east-1', 'file').values()].join('\n');
    expect(tf).toContain(`resource "aws_s3_bucket_policy" "${TRAIL_BUCKET}" {`);
    expect(tf).toContain(`"aws:SourceArn" = "${MAIN}"`);
    account = new FakeAccount(snapshot);
    await apply(fix, account);
    expect(plan(account.snapshot(), {}, ['TW.6']).actions).toEqual([]);
  });

  it('names every trail that writes where a statement allows; a shared bucket gets them all in its AclCheck', () => {
    const other = trail({ name: 'other', homeRegion: 'eu-west-1' });
    const merged = withSourceArn(unpinned(), BUCKET_ARN, [trail(), other], ACCOUNT_ID);
    if ('why' in merged) throw new Error(merged.why);
    expect(merged.trails).toEqual([MAIN, other.arn]);
    const [acl, write] = merged.policy['Statement'] as { Condition: { StringEquals: Record<string, unknown> } }[];
    expect(acl?.Condition.StringEquals['aws:SourceArn']).toEqual([MAIN, other.arn]);
    expect(write?.Condition.StringEquals['aws:SourceArn']).toEqual([MAIN, other.arn]);
  });

  it("pins an organization trail's AWSLogs/ORG-ID/ statement to it", () => {
    const org = orgTrail({ s3BucketName: TRAIL_BUCKET });
    const merged = withSourceArn(unpinned([], `${BUCKET_ARN}/AWSLogs/o-exampleorgid/*`), BUCKET_ARN, [org], ACCOUNT_ID);
    expect(merged).toMatchObject({ amended: ['AWSCloudTrailAclCheck', 'AWSCloudTrailWrite'], trails: [org.arn] });
  });

  it('leaves the policy alone where a condition could lock out trails trailwarden does not see, saying why', () => {
    const why = (policy: string) => {
      const merged = withSourceArn(policy, BUCKET_ARN, [trail()], ACCOUNT_ID);
      return 'why' in merged ? merged.why : 'merged';
    };
    // The whole bucket, or another account's logs: trails of other accounts may deliver there.
    expect(why(unpinned([], `${BUCKET_ARN}/*`))).toContain(
      `statement AWSCloudTrailWrite lets CloudTrail write to ${BUCKET_ARN}/*, where trails of accounts trailwarden does not see may deliver`,
    );
    expect(why(unpinned([], `${BUCKET_ARN}/AWSLogs/999988887777/*`))).toContain('where trails of accounts trailwarden does not see may deliver');
    // A statement for CloudTrail and another service.
    const shared = unpinned().replace(
      '"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject"',
      '"Service":["cloudtrail.amazonaws.com","config.amazonaws.com"]},"Action":"s3:PutObject"',
    );
    expect(why(shared)).toContain('statement AWSCloudTrailWrite also allows config.amazonaws.com');
    // The AclCheck serves trails that another statement names by pattern.
    const patterned = unpinned([
      {
        Sid: 'Partners',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${BUCKET_ARN}/partners/*`,
        Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:999988887777:trail/*' } },
      },
    ]);
    expect(why(patterned)).toContain('another statement names its trails by pattern');
  });

  it('says so when every CloudTrail statement has aws:SourceArn already, and plans no call', () => {
    const wide = JSON.stringify({
      Statement: [
        {
          Sid: 'W',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${BUCKET_ARN}/*`,
          Condition: { StringEquals: { 'aws:SourceArn': MAIN } },
        },
      ],
    });
    const fix = plan(snapshotWith({ buckets: [bucket(TRAIL_BUCKET, { policy: ok(wide) })] }), {}, ['TW.6']);
    expect(fix.actions).toEqual([]);
    expect(fix.notes).toEqual([expect.stringContaining('already has an aws:SourceArn condition; fix does not narrow a statement')]);
  });
});
