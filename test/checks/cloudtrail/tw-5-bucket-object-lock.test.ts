import { describe, expect, it } from 'vitest';
import { bucketObjectLock } from '../../../src/checks/cloudtrail/tw-5-bucket-object-lock.js';
import type { Bucket, ObjectLock } from '../../../src/snapshot/types.js';
import { bucket, evaluate, failed, ok, snapshotWith, TRAIL_BUCKET } from '../fixtures.js';

function resultWith(overrides: Partial<Bucket>) {
  const findings = evaluate(bucketObjectLock, snapshotWith({ buckets: [bucket(TRAIL_BUCKET, overrides)] }));
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

const locked = (lock: ObjectLock | null) => ({ objectLock: ok(lock) });

describe('TW.5 Object Lock retention or MFA delete on the trail bucket', () => {
  it('passes with a COMPLIANCE default retention', () => {
    expect(resultWith(locked({ enabled: true, defaultRetention: { mode: 'COMPLIANCE', years: 7 } }))).toMatchObject({
      status: 'PASS',
      reason: `bucket ${TRAIL_BUCKET} (trail main): Object Lock keeps every new log file for 7 years in COMPLIANCE mode`,
    });
  });

  it('passes with a GOVERNANCE default retention, saying who can still delete', () => {
    const result = resultWith(locked({ enabled: true, defaultRetention: { mode: 'GOVERNANCE', days: 90 } }));
    expect(result.status).toBe('PASS');
    expect(result.reason).toContain(
      'for 90 days in GOVERNANCE mode; in GOVERNANCE mode, principals granted s3:BypassGovernanceRetention can still delete them',
    );
  });

  it('passes with MFA delete, whatever Object Lock says (or whether it was read)', () => {
    const mfa = { versioning: ok({ status: 'Enabled', mfaDelete: 'Enabled' }) };
    expect(resultWith({ ...mfa, ...locked(null) })).toMatchObject({ status: 'PASS', reason: expect.stringContaining('MFA delete is enabled') });
    expect(resultWith({ ...mfa, objectLock: undefined }).status).toBe('PASS');
  });

  it('fails without Object Lock and MFA delete', () => {
    expect(resultWith({ ...locked(null), versioning: ok({ status: 'Enabled', mfaDelete: 'Disabled' }) })).toMatchObject({
      status: 'FAIL',
      reason: `bucket ${TRAIL_BUCKET} (trail main): Object Lock is not enabled, and MFA delete is not enabled`,
    });
  });

  it("fails with Object Lock but no default retention: CloudTrail's uploads set none", () => {
    expect(resultWith(locked({ enabled: true })).reason).toContain("Object Lock is enabled without a default retention, and CloudTrail's uploads set none");
  });

  it('reports ERROR when Object Lock could not be read, or the snapshot predates reading it', () => {
    expect(resultWith({ objectLock: failed('s3:GetObjectLockConfiguration') }).reason).toMatch(/^could not read the Object Lock configuration/);
    expect(resultWith({ objectLock: undefined })).toMatchObject({ status: 'ERROR', reason: expect.stringContaining('before trailwarden read Object Lock') });
  });
});
