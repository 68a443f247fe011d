import { describe, expect, it } from 'vitest';
import { bucketVersioning } from '../../../src/checks/cloudtrail/tw-4-bucket-versioning.js';
import type { Bucket } from '../../../src/snapshot/types.js';
import { bucket, evaluate, failed, ok, snapshotWith, trail, TRAIL_BUCKET } from '../fixtures.js';

function resultWith(versioning: Bucket['versioning']) {
  const findings = evaluate(bucketVersioning, snapshotWith({ buckets: [bucket(TRAIL_BUCKET, { versioning })] }));
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

describe('TW.4 versioning of the trail bucket', () => {
  it('passes when versioning is enabled, reported on the bucket', () => {
    expect(resultWith(ok({ status: 'Enabled' }))).toMatchObject({
      status: 'PASS',
      resource: { arn: `arn:aws:s3:::${TRAIL_BUCKET}`, type: 'AwsS3Bucket' },
      reason: `bucket ${TRAIL_BUCKET} (trail main): versioning is enabled`,
    });
  });

  it('fails when versioning is suspended or was never enabled', () => {
    expect(resultWith(ok({ status: 'Suspended' }))).toMatchObject({ status: 'FAIL', reason: expect.stringContaining('versioning is suspended') });
    expect(resultWith(ok({}))).toMatchObject({ status: 'FAIL', reason: `bucket ${TRAIL_BUCKET} (trail main): versioning was never enabled` });
  });

  it('reports ERROR when the versioning could not be read', () => {
    expect(resultWith(failed('s3:GetBucketVersioning'))).toMatchObject({
      status: 'ERROR',
      reason: expect.stringMatching(/^could not read the versioning of bucket/),
    });
  });

  it('reports a bucket that several trails share once', () => {
    const findings = evaluate(bucketVersioning, snapshotWith({ trails: [trail(), trail({ name: 'other', s3KeyPrefix: 'other' })] }));
    expect(findings.map((finding) => [finding.status, finding.reason])).toEqual([
      ['PASS', `bucket ${TRAIL_BUCKET} (trail main, trail other): versioning is enabled`],
    ]);
  });
});
