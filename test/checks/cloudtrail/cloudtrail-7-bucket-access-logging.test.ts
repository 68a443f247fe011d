import { describe, expect, it } from 'vitest';
import { bucketAccessLogging } from '../../../src/checks/cloudtrail/cloudtrail-7-bucket-access-logging.js';
import { bucket, evaluate, failed, ok, orgTrail, snapshotWith, trail, TRAIL_BUCKET } from '../fixtures.js';

describe('CloudTrail.7 access logging on the trail bucket', () => {
  it('passes when server access logging is on, reported on the bucket', () => {
    const [result] = evaluate(bucketAccessLogging, snapshotWith());
    expect(result).toMatchObject({ status: 'PASS', resource: { arn: `arn:aws:s3:::${TRAIL_BUCKET}`, type: 'AwsS3Bucket', region: 'us-east-1' } });
    expect(result!.reason).toBe(`bucket ${TRAIL_BUCKET} (trail main): server access logs go to s3://access-logs-123456789012/${TRAIL_BUCKET}/`);
  });

  it('fails when it is off', () => {
    const [result] = evaluate(bucketAccessLogging, snapshotWith({ buckets: [bucket(TRAIL_BUCKET, { logging: ok(null) })] }));
    expect(result).toMatchObject({ status: 'FAIL', reason: `bucket ${TRAIL_BUCKET} (trail main): server access logging is disabled` });
  });

  it('reports one result for trails sharing a bucket', () => {
    const findings = evaluate(bucketAccessLogging, snapshotWith({ trails: [trail(), trail({ name: 'data-events', isMultiRegionTrail: false })] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.reason).toContain('(trail main, trail data-events)');
  });

  it("reports ERROR when the bucket could not be read, as for an organization trail's bucket", () => {
    const denied = failed('s3:GetBucketLocation', 'us-east-1', 'AccessDenied', 'org-trail-logs');
    const unreadable = bucket('org-trail-logs', { region: denied, logging: denied });
    const [result] = evaluate(bucketAccessLogging, snapshotWith({ trails: [orgTrail()], buckets: [unreadable] }));
    expect(result!.status).toBe('ERROR');
    expect(result!.reason).toContain('could not read the access logging of bucket org-trail-logs: s3:GetBucketLocation in us-east-1 failed with AccessDenied');
  });

  it('reports ERROR when a trail bucket is missing from the snapshot', () => {
    const [result] = evaluate(bucketAccessLogging, snapshotWith({ buckets: [] }));
    expect(result).toMatchObject({ status: 'ERROR', reason: `bucket ${TRAIL_BUCKET} (trail main) is missing from the snapshot` });
  });

  it('is not applicable without trails', () => {
    expect(evaluate(bucketAccessLogging, snapshotWith({ trails: [] }))[0]!.status).toBe('NOT_APPLICABLE');
  });
});
