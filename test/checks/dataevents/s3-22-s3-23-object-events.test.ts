import { describe, expect, it } from 'vitest';
import { s3ObjectReads } from '../../../src/checks/dataevents/s3-23-object-reads.js';
import { s3ObjectWrites } from '../../../src/checks/dataevents/s3-22-object-writes.js';
import type { AdvancedFieldSelector, Trail } from '../../../src/snapshot/types.js';
import { advancedSelector, basicSelector, bucket, evaluate, failed, ok, orgTrail, snapshotWith, trail, trailStatus, type SnapshotParts } from '../fixtures.js';

const PAYROLL = 'payroll-exports';

/** A trail recording management events plus the given S3 data resources. */
function withDataResources(values: string[], overrides: Partial<Trail> = {}, readWriteType: 'All' | 'ReadOnly' | 'WriteOnly' = 'All'): Trail {
  return trail({
    selectors: ok({
      basic: [basicSelector(), basicSelector({ readWriteType, includeManagementEvents: false, dataResources: [{ type: 'AWS::S3::Object', values }] })],
    }),
    ...overrides,
  });
}

function withAdvanced(...fieldSelectors: AdvancedFieldSelector[]): Trail {
  const data = advancedSelector(
    'payroll objects',
    { field: 'eventCategory', equals: ['Data'] },
    { field: 'resources.type', equals: ['AWS::S3::Object'] },
    ...fieldSelectors,
  );
  return trail({ selectors: ok({ advanced: [advancedSelector('management', { field: 'eventCategory', equals: ['Management'] }), data] }) });
}

function results(parts: SnapshotParts, buckets = [PAYROLL]) {
  const snapshot = snapshotWith({ buckets: [bucket(), bucket(PAYROLL, { region: ok('eu-west-1') })], ...parts });
  const [write, read] = [s3ObjectWrites, s3ObjectReads].map((control) => {
    const findings = evaluate(control, snapshot, { dataEventBuckets: buckets });
    expect(findings).toHaveLength(Math.max(buckets.length, 1));
    return findings[0]!;
  });
  return { write: write!, read: read! };
}

describe('S3.22 / S3.23 object-level write and read events', () => {
  it('are not applicable when no bucket is configured', () => {
    const { write, read } = results({}, []);
    expect(write).toMatchObject({ status: 'NOT_APPLICABLE', reason: 'no bucket is listed in dataEventBuckets in the config' });
    expect(read.status).toBe('NOT_APPLICABLE');
  });

  it('pass with a basic data resource ending in "/", reported on the bucket', () => {
    const { write, read } = results({ trails: [withDataResources([`arn:aws:s3:::${PAYROLL}/`])] });
    expect(write).toMatchObject({ status: 'PASS', resource: { arn: `arn:aws:s3:::${PAYROLL}`, type: 'AwsS3Bucket', region: 'eu-west-1' } });
    expect(write.reason).toBe(`trail main records object-level write events of bucket ${PAYROLL}`);
    expect(read.reason).toBe(`trail main records object-level read events of bucket ${PAYROLL}`);
  });

  it('pass with a data resource for every bucket', () => {
    expect(results({ trails: [withDataResources(['arn:aws:s3'])] }).write.status).toBe('PASS');
  });

  it('fail without data events, naming the closest trail', () => {
    const { write } = results({});
    expect(write.status).toBe('FAIL');
    expect(write.reason).toBe(
      `no logging trail records object-level write events of bucket ${PAYROLL}; closest is trail main: trail main does not record PutObject on arn:aws:s3:::${PAYROLL}/example-object (no data resource selects arn:aws:s3:::${PAYROLL}/example-object)`,
    );
  });

  it('fail for a basic data resource without the trailing "/"', () => {
    const { read } = results({ trails: [withDataResources([`arn:aws:s3:::${PAYROLL}`])] });
    expect(read.reason).toContain(`data resource arn:aws:s3:::${PAYROLL} lacks the trailing "/" and so does not cover the bucket's objects`);
  });

  it('tell reads from writes', () => {
    const { write, read } = results({ trails: [withDataResources([`arn:aws:s3:::${PAYROLL}/`], {}, 'ReadOnly')] });
    expect(read.status).toBe('PASS');
    expect(write.reason).toContain('selector records ReadOnly events only');
  });

  it('pass with advanced selectors on StartsWith "arn:…:bucket/"', () => {
    const { write, read } = results({ trails: [withAdvanced({ field: 'resources.ARN', startsWith: [`arn:aws:s3:::${PAYROLL}/`] })] });
    expect([write.status, read.status]).toEqual(['PASS', 'PASS']);
  });

  it('fail for advanced Equals on the bucket ARN, explaining the StartsWith needed', () => {
    const { write } = results({ trails: [withAdvanced({ field: 'resources.ARN', equals: [`arn:aws:s3:::${PAYROLL}`] })] });
    expect(write.status).toBe('FAIL');
    expect(write.reason).toContain(
      'does not match on resources.ARN (Equals on the bucket ARN matches the bucket, not its objects; use StartsWith "arn:…:bucket/")',
    );
  });

  it('fail for advanced selectors on writes only, or on some event names only', () => {
    expect(results({ trails: [withAdvanced({ field: 'readOnly', equals: ['false'] })] }).read.reason).toContain('does not match on readOnly (event has true)');
    const putOnly = results({ trails: [withAdvanced({ field: 'eventName', equals: ['PutObject'] })] }).write;
    expect(putOnly.reason).toContain(`does not record DeleteObject on arn:aws:s3:::${PAYROLL}/example-object`);
  });

  it("count a single-Region trail only in the bucket's Region", () => {
    const here = withDataResources(['arn:aws:s3'], { name: 'eu', homeRegion: 'eu-west-1', isMultiRegionTrail: false });
    expect(results({ trails: [here] }).write.status).toBe('PASS');
    const elsewhere = withDataResources(['arn:aws:s3'], { isMultiRegionTrail: false });
    expect(results({ trails: [elsewhere] }).write.reason).toContain(`trail main is single-Region (us-east-1), but bucket ${PAYROLL} is in eu-west-1`);
  });

  it('count only multi-Region trails for a bucket missing from the snapshot', () => {
    const regional = withDataResources(['arn:aws:s3'], { isMultiRegionTrail: false });
    const { write } = results({ trails: [regional], buckets: [] });
    expect(write).toMatchObject({ status: 'FAIL', resource: { region: 'global' } });
    expect(write.reason).toContain(`the Region of bucket ${PAYROLL} is unknown`);
    expect(results({ trails: [withDataResources(['arn:aws:s3'])], buckets: [] }).write.status).toBe('PASS');
  });

  it("report ERROR when the bucket's Region decides and could not be read", () => {
    const regional = withDataResources(['arn:aws:s3'], { isMultiRegionTrail: false });
    const { write } = results({ trails: [regional], buckets: [bucket(PAYROLL, { region: failed('s3:GetBucketLocation') })] });
    expect(write.status).toBe('ERROR');
    expect(write.reason).toContain(`could not read the Region of bucket ${PAYROLL}`);
  });

  it('do not count a trail that is not logging', () => {
    const stopped = withDataResources(['arn:aws:s3'], { status: trailStatus({ isLogging: false }) });
    expect(results({ trails: [stopped] }).write.reason).toContain('trail main is not logging');
  });

  it('count an organization trail', () => {
    const org = orgTrail({ selectors: withDataResources([`arn:aws:s3:::${PAYROLL}/`]).selectors });
    expect(results({ trails: [org] }).read.reason).toBe(
      `trail org-trail (organization trail owned by 111111111111) records object-level read events of bucket ${PAYROLL}`,
    );
  });

  it('report ERROR when the selectors that would decide could not be read', () => {
    expect(results({ trails: [trail({ selectors: failed('cloudtrail:GetEventSelectors') })] }).write.status).toBe('ERROR');
  });

  it("report ERROR when the bucket's Region could not be listed, not when another Region could not", () => {
    expect(results({ trailListingFailures: ['eu-west-1'] }).write.status).toBe('ERROR');
    expect(results({ trailListingFailures: ['us-east-1'] }).write.status).toBe('FAIL');
  });

  it('give one result per configured bucket', () => {
    const snapshot = snapshotWith({ trails: [withDataResources([`arn:aws:s3:::${PAYROLL}/`])] });
    const findings = evaluate(s3ObjectWrites, snapshot, { dataEventBuckets: [PAYROLL, 'invoices'] });
    expect(findings.map((f) => [f.resource.arn, f.status])).toEqual([
      [`arn:aws:s3:::${PAYROLL}`, 'PASS'],
      ['arn:aws:s3:::invoices', 'FAIL'],
    ]);
  });
});
