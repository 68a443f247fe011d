import { errorFinding } from '../lib/findings.js';
import type { Control } from '../types.js';
import { eachTrailBucket } from './each-trail.js';

/**
 * In a versioned bucket a DELETE without a version id only adds a delete marker, and an overwrite
 * keeps the old version; without versioning both destroy the log file.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
 * CIS has no recommendation on trail bucket versioning (its S3 section asks for MFA delete on every
 * bucket, which builds on versioning; TW.5 covers it for the trail bucket), so no CIS mapping.
 */
export const bucketVersioning: Control = {
  id: 'TW.4',
  title: 'Trail bucket has versioning enabled',
  severity: 'MEDIUM',
  cis: {},
  family: 'cloudtrail',
  resourceType: 'AWS::S3::Bucket',
  repair: { by: 'bucket-versioning' },
  rationale:
    'Without versioning, deleting or overwriting a log file destroys it: someone who gets s3:DeleteObject on the trail bucket erases the evidence of what they did. With versioning a delete leaves a delete marker and the old version stays, and MFA delete and Object Lock (TW.5) build on it.',
  remediation:
    'Enable versioning on the trail bucket (aws s3api put-bucket-versioning --versioning-configuration Status=Enabled), and add a lifecycle rule that ages out noncurrent versions (TW.2) so that old versions do not grow without end.',
  decides:
    'Per trail bucket (one result for all the trails that share it), from GetBucketVersioning as the bucket owner reads it: PASS when the status is Enabled; FAIL when it is Suspended (new log files are written without keeping old versions) or was never set.',
  evaluate(snapshot) {
    return eachTrailBucket(snapshot, (bucket, { resource, trails }) => {
      const about = `bucket ${bucket.name} (${trails})`;
      if (!bucket.versioning.ok) return errorFinding(resource, bucket.versioning.error, `the versioning of bucket ${bucket.name}`);
      const { status, mfaDelete } = bucket.versioning.value;
      const evidence = { status: status ?? null, mfaDelete: mfaDelete ?? null };
      if (status === 'Enabled') return { status: 'PASS', resource, reason: `${about}: versioning is enabled`, evidence };
      const why = status === 'Suspended' ? 'versioning is suspended: a deleted or overwritten log file written since is gone' : 'versioning was never enabled';
      return { status: 'FAIL', resource, reason: `${about}: ${why}`, evidence };
    });
  },
};
