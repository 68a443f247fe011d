import { describe, expect, it } from 'vitest';
import { bucketLifecycle } from '../../../src/checks/cloudtrail/tw-2-bucket-lifecycle.js';
import type { LifecycleRule } from '../../../src/snapshot/types.js';
import { bucket, evaluate, failed, ok, orgTrail, snapshotWith, trail, TRAIL_BUCKET } from '../fixtures.js';

const rule = (overrides: Partial<LifecycleRule>): LifecycleRule => ({
  id: 'logs',
  status: 'Enabled',
  transitions: [],
  noncurrentTransitions: [],
  ...overrides,
});

function resultWith(rules: LifecycleRule[] | null, trails = [trail()]) {
  const findings = evaluate(bucketLifecycle, snapshotWith({ trails, buckets: [bucket(trails[0]!.s3BucketName, { lifecycle: ok(rules) })] }));
  expect(findings).toHaveLength(trails.length);
  return findings[0]!;
}

describe('TW.2 lifecycle rule on the trail bucket', () => {
  it('passes with an enabled rule over the whole bucket, reported on the trail', () => {
    const result = resultWith([rule({ expirationDays: 2555 })]);
    expect(result).toMatchObject({ status: 'PASS', resource: { arn: trail().arn } });
    expect(result.reason).toBe(`trail main: bucket ${TRAIL_BUCKET}: lifecycle rule "logs" ages out the log files under AWSLogs/123456789012/`);
  });

  it.each([
    ['expiring old versions', rule({ noncurrentExpirationDays: 30 })],
    ['transitioning current versions', rule({ transitions: [{ days: 90, storageClass: 'GLACIER' }] })],
    ['transitioning old versions', rule({ noncurrentTransitions: [{ days: 30, storageClass: 'STANDARD_IA' }] })],
    ["a prefix holding the account's logs", rule({ prefix: 'AWSLogs/123456789012/', expirationDays: 365 })],
  ])('passes with a rule %s', (_, candidate) => {
    expect(resultWith([candidate]).status).toBe('PASS');
  });

  it('fails without a lifecycle configuration', () => {
    expect(resultWith(null)).toMatchObject({ status: 'FAIL', reason: `trail main: bucket ${TRAIL_BUCKET} has no lifecycle rule` });
  });

  it('fails when no rule counts, saying why for each', () => {
    const result = resultWith([
      rule({ id: 'paused', status: 'Disabled', expirationDays: 30 }),
      rule({ id: 'tmp', prefix: 'tmp/', expirationDays: 1 }),
      rule({ id: 'uploads', prefix: '' }),
    ]);
    expect(result.status).toBe('FAIL');
    expect(result.reason).toBe(
      `trail main: bucket ${TRAIL_BUCKET} has no lifecycle rule for the log files under AWSLogs/123456789012/: rule "paused" is Disabled; rule "tmp" applies to prefix "tmp/" only; rule "uploads" neither expires nor transitions log files or their old versions`,
    );
  });

  it("follows the trail's key prefix", () => {
    const prefixed = [trail({ s3KeyPrefix: 'audit' })];
    expect(resultWith([rule({ prefix: 'audit/', expirationDays: 365 })], prefixed).status).toBe('PASS');
    expect(resultWith([rule({ prefix: 'AWSLogs/', expirationDays: 365 })], prefixed).reason).toContain(
      'under audit/AWSLogs/123456789012/: rule "logs" applies to prefix "AWSLogs/" only',
    );
  });

  it("needs a rule over every account's logs for an organization trail", () => {
    const result = resultWith([rule({ prefix: 'AWSLogs/111111111111/', expirationDays: 365 })], [orgTrail()]);
    expect(result.status).toBe('FAIL');
    expect(result.reason).toContain(
      'trail org-trail (organization trail owned by 111111111111): bucket org-trail-logs has no lifecycle rule for the log files under AWSLogs/',
    );
    expect(resultWith([rule({ prefix: 'AWSLogs/', expirationDays: 365 })], [orgTrail()]).status).toBe('PASS');
  });

  it('reports ERROR when the lifecycle configuration could not be read', () => {
    const findings = evaluate(bucketLifecycle, snapshotWith({ buckets: [bucket(TRAIL_BUCKET, { lifecycle: failed('s3:GetBucketLifecycleConfiguration') })] }));
    expect(findings[0]!.reason).toMatch(/^could not read the lifecycle configuration of bucket trail-logs-123456789012: s3:GetBucketLifecycleConfiguration/);
  });

  it('reports one result per trail, also when trails share the bucket', () => {
    const findings = evaluate(bucketLifecycle, snapshotWith({ trails: [trail(), trail({ name: 'other', s3KeyPrefix: 'other' })] }));
    expect(findings.map((f) => f.status)).toEqual(['PASS', 'PASS']);
  });
});
