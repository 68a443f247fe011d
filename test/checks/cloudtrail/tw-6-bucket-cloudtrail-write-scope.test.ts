import { describe, expect, it } from 'vitest';
import { bucketCloudTrailWriteScope } from '../../../src/checks/cloudtrail/tw-6-bucket-cloudtrail-write-scope.js';
import type { Trail } from '../../../src/snapshot/types.js';
import { ACCOUNT_ID, bucket, evaluate, failed, ok, ORG_MANAGEMENT_ACCOUNT_ID, orgTrail, snapshotWith, trail, TRAIL_BUCKET } from '../fixtures.js';

const BUCKET_ARN = `arn:aws:s3:::${TRAIL_BUCKET}`;
const MAIN = trail().arn;

/** CloudTrail's PutObject statement, as AWS's policy for a trail bucket has it, with the parts a test changes. */
function write(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Sid: 'AWSCloudTrailWrite',
    Effect: 'Allow',
    Principal: { Service: 'cloudtrail.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `${BUCKET_ARN}/AWSLogs/${ACCOUNT_ID}/*`,
    Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': MAIN } },
    ...overrides,
  };
}

function resultWith(statements: Record<string, unknown>[], trails: Trail[] = [trail()], name = TRAIL_BUCKET) {
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: statements });
  const findings = evaluate(bucketCloudTrailWriteScope, snapshotWith({ trails, buckets: [bucket(name, { policy: ok(policy) })] }));
  expect(findings).toHaveLength(trails.length);
  return findings[0]!;
}

describe('TW.6 CloudTrail writes to the trail bucket only for the trail, under its prefix', () => {
  it("passes with AWS's policy: the account's log root and the trail's aws:SourceArn", () => {
    expect(resultWith([write()])).toMatchObject({
      status: 'PASS',
      resource: { arn: MAIN },
      reason: `trail main: bucket ${TRAIL_BUCKET} lets CloudTrail write, by statement AWSCloudTrailWrite, only under AWSLogs/${ACCOUNT_ID}/ and only for this trail (aws:SourceArn)`,
    });
  });

  it('passes with a Deny of insecure transport beside it (the evaluator decides Bool)', () => {
    const tls = {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    };
    expect(resultWith([write(), tls]).status).toBe('PASS');
  });

  it('fails without aws:SourceArn: CloudTrail writes for a trail of any account (the confused deputy)', () => {
    const result = resultWith([write({ Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } })]);
    expect(result.status).toBe('FAIL');
    expect(result.reason).toContain(
      `CloudTrail may write AWSLogs/${ACCOUNT_ID}/CloudTrail/us-east-1/trailwarden-probe.json.gz, AWSLogs/${ACCOUNT_ID}/, AWSLogs/${ACCOUNT_ID}/trailwarden-probe for a trail of another account (statement AWSCloudTrailWrite)`,
    );
  });

  it('fails with aws:SourceAccount alone: any trail of the account, not only this one', () => {
    const result = resultWith([write({ Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } } })]);
    expect(result.status).toBe('FAIL');
    expect(result.reason).toContain(`for any trail of account ${ACCOUNT_ID}, not only this one`);
    expect(result.reason).not.toContain('another account');
  });

  it("fails when CloudTrail may write outside the trail's log root", () => {
    const result = resultWith([write({ Resource: `${BUCKET_ARN}/*` })]);
    expect(result.status).toBe('FAIL');
    expect(result.reason).toContain(
      `CloudTrail may write trailwarden-probe, AWSLogs/000000000000/CloudTrail/us-east-1/trailwarden-probe.json.gz, (the top of the bucket) for this trail outside AWSLogs/${ACCOUNT_ID}/ (statement AWSCloudTrailWrite)`,
    );
  });

  it("asks at the keys the policy's own patterns name", () => {
    const result = resultWith([write({ Resource: `${BUCKET_ARN}/AWSLogs/${ACCOUNT_ID}*` })]);
    expect(result.status).toBe('FAIL');
    expect(result.reason).toContain(
      `CloudTrail may write AWSLogs/${ACCOUNT_ID}, AWSLogs/${ACCOUNT_ID}trailwarden-probe for this trail outside AWSLogs/${ACCOUNT_ID}/`,
    );
  });

  it("fails when the policy names other trails only: CloudTrail cannot deliver this trail's files", () => {
    const result = resultWith([write({ Condition: { StringEquals: { 'aws:SourceArn': trail({ name: 'other' }).arn } } })]);
    expect(result.status).toBe('FAIL');
    expect(result.reason).toBe(
      `trail main: bucket ${TRAIL_BUCKET}: CloudTrail may not write this trail's log files under AWSLogs/${ACCOUNT_ID}/ (no statement allows it)`,
    );
  });

  it("follows the trail's key prefix", () => {
    const prefixed = [trail({ s3KeyPrefix: 'audit/' })];
    expect(resultWith([write({ Resource: `${BUCKET_ARN}/audit/AWSLogs/${ACCOUNT_ID}/*` })], prefixed).status).toBe('PASS');
    expect(resultWith([write()], prefixed).reason).toContain(`CloudTrail may not write this trail's log files under audit/AWSLogs/${ACCOUNT_ID}/`);
  });

  it("passes an organization trail with AWS's organization policy, and fails it without aws:SourceArn", () => {
    const org = orgTrail();
    const orgWrite = (condition: Record<string, unknown>) => [
      write({ Resource: `arn:aws:s3:::org-trail-logs/AWSLogs/${ORG_MANAGEMENT_ACCOUNT_ID}/*`, Condition: condition }),
      write({ Sid: 'AWSCloudTrailOrganizationWrite', Resource: 'arn:aws:s3:::org-trail-logs/AWSLogs/o-exampleorgid/*', Condition: condition }),
    ];
    const pinned = { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': org.arn } };
    expect(resultWith(orgWrite(pinned), [org], 'org-trail-logs').status).toBe('PASS');
    const open = resultWith(orgWrite({ StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } }), [org], 'org-trail-logs');
    expect(open.status).toBe('FAIL');
    expect(open.reason).toContain('AWSLogs/o-exampleorgid/trailwarden-probe for a trail of another account (statement AWSCloudTrailOrganizationWrite)');
  });

  it('reports ERROR when a statement depends on a condition trailwarden cannot decide', () => {
    const result = resultWith([write({ Condition: { StringEquals: { 'aws:SourceOrgID': 'o-exampleorgid' } } })]);
    expect(result.status).toBe('ERROR');
    expect(result.reason).toContain('the value of aws:SourceOrgID in the request is not known');
  });

  it('fails without a bucket policy, and reports ERROR when it could not be read', () => {
    const none = evaluate(bucketCloudTrailWriteScope, snapshotWith({ buckets: [bucket(TRAIL_BUCKET, { policy: ok(null) })] }))[0]!;
    expect(none).toMatchObject({ status: 'FAIL', reason: expect.stringContaining("CloudTrail may not write this trail's log files") });
    const refused = evaluate(bucketCloudTrailWriteScope, snapshotWith({ buckets: [bucket(TRAIL_BUCKET, { policy: failed('s3:GetBucketPolicy') })] }))[0]!;
    expect(refused).toMatchObject({ status: 'ERROR', reason: expect.stringMatching(/^could not read the bucket policy of trail-logs-123456789012/) });
  });

  it('judges each trail of a shared bucket on its own prefix and ARN', () => {
    const other = trail({ name: 'other', s3KeyPrefix: 'other' });
    const policy = [
      write(),
      write({ Sid: 'Other', Resource: `${BUCKET_ARN}/other/AWSLogs/${ACCOUNT_ID}/*`, Condition: { StringEquals: { 'aws:SourceArn': other.arn } } }),
    ];
    const findings = evaluate(
      bucketCloudTrailWriteScope,
      snapshotWith({ trails: [trail(), other], buckets: [bucket(TRAIL_BUCKET, { policy: ok(JSON.stringify({ Statement: policy })) })] }),
    );
    expect(findings.map((finding) => finding.status)).toEqual(['PASS', 'PASS']);
  });
});
