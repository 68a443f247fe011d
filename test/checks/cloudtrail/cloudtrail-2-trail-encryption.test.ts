import { describe, expect, it } from 'vitest';
import { trailEncryption } from '../../../src/checks/cloudtrail/cloudtrail-2-trail-encryption.js';
import { evaluate, failed, KMS_KEY_ARN, kmsKey, ok, orgTrail, snapshotWith, trail, type SnapshotParts } from '../fixtures.js';

const findingsOf = (parts: SnapshotParts) => evaluate(trailEncryption, snapshotWith(parts));
const resultOf = (parts: SnapshotParts) => findingsOf(parts)[0]!;

describe('CloudTrail.2 trail encryption with KMS', () => {
  it('passes with an enabled key, reported on the trail in its home region', () => {
    const result = resultOf({});
    expect(result).toMatchObject({ status: 'PASS', resource: { arn: trail().arn, type: 'AwsCloudTrailTrail', region: 'us-east-1' } });
    expect(result.reason).toBe(`trail main: log files are encrypted with KMS key ${KMS_KEY_ARN} (key enabled)`);
  });

  it('fails without a KMS key', () => {
    expect(resultOf({ trails: [trail({ kmsKeyId: undefined })] })).toMatchObject({
      status: 'FAIL',
      reason: 'trail main: log files are not encrypted with a KMS key (SSE-S3 only)',
    });
  });

  it('fails when the key is pending deletion or disabled', () => {
    const pending = kmsKey({ details: ok({ arn: KMS_KEY_ARN, keyState: 'PendingDeletion', keyManager: 'CUSTOMER', enabled: false }) });
    expect(resultOf({ kmsKeys: [pending] }).reason).toContain(`KMS key ${KMS_KEY_ARN} is PendingDeletion`);
    const disabled = kmsKey({ details: ok({ arn: KMS_KEY_ARN, keyState: 'Disabled', keyManager: 'CUSTOMER', enabled: false }) });
    expect(resultOf({ kmsKeys: [disabled] }).status).toBe('FAIL');
  });

  it('fails when the key no longer exists', () => {
    expect(resultOf({ kmsKeys: [kmsKey({ details: ok(null) })] }).reason).toContain('does not exist');
  });

  it('judges on KmsKeyId alone when the key could not be read, and says so', () => {
    const result = resultOf({ trails: [orgTrail()], kmsKeys: [kmsKey({ ref: orgTrail().kmsKeyId!, details: failed('kms:DescribeKey') })] });
    expect(result.status).toBe('PASS');
    expect(result.reason).toContain('trail org-trail (organization trail owned by 111111111111): log files are encrypted');
    expect(result.reason).toContain('its state is unknown: kms:DescribeKey failed with AccessDeniedException');
  });

  it('reports one result per trail, not per Region a multi-Region trail shows in', () => {
    const findings = findingsOf({ trails: [trail(), trail({ name: 'regional', homeRegion: 'eu-west-1', isMultiRegionTrail: false, kmsKeyId: undefined })] });
    expect(findings.map((f) => [f.resource.arn, f.status])).toEqual([
      [trail().arn, 'PASS'],
      ['arn:aws:cloudtrail:eu-west-1:123456789012:trail/regional', 'FAIL'],
    ]);
  });

  it('is not applicable without trails', () => {
    expect(findingsOf({ trails: [] })).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', reason: 'the account has no trail' })]);
  });

  it('adds an ERROR for each Region whose trails could not be listed', () => {
    const findings = findingsOf({ trailListingFailures: ['eu-west-1'] });
    expect(findings.map((f) => f.status)).toEqual(['PASS', 'ERROR']);
    expect(findings[1]).toMatchObject({ resource: { region: 'eu-west-1' }, error: { operation: 'cloudtrail:DescribeTrails' } });
  });
});
