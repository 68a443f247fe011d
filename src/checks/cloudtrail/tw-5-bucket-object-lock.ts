import type { Bucket } from '../../snapshot/types.js';
import { errorFinding } from '../lib/findings.js';
import type { Control, Finding, ResourceRef } from '../types.js';
import { eachTrailBucket } from './each-trail.js';

/**
 * What protects a trail bucket's log files from deletion by someone who holds the permission:
 *
 * - Object Lock with a default retention. CloudTrail's PutObject names no retention of its own,
 *   so only the bucket's default retention locks its files; Object Lock without one locks nothing.
 *   COMPLIANCE mode: no one, the root user included, deletes a locked version before it expires.
 *   GOVERNANCE mode: only principals granted s3:BypassGovernanceRetention can, with a request header
 *   that says so, which is the break-glass an auditor expects (TW.7 checks no other account has it).
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html#object-lock-retention-modes
 * - MFA delete: "only the root user can permanently delete object versions or change the
 *   versioning configuration", with its MFA device.
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMFADelete.html
 *
 * Either passes. Neither is repaired (see `repair`): Object Lock is today enabled on an existing
 * versioned bucket with PutObjectLockConfiguration ("You can enable Object Lock for new or existing
 * buckets", https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectLockConfiguration.html;
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html#object-lock-configure-existing-bucket),
 * no longer through a token from AWS Support as before (https://repost.aws/knowledge-center/s3-object-lock-existing-buckets),
 * but "after you enable Object Lock on a bucket, you can't disable Object Lock or suspend versioning".
 * CIS's "Ensure MFA Delete is enabled on S3 buckets" (1.4.0 2.1.3, 2.0.0–4.0.1 2.1.2)
 * asks for MFA delete on every bucket, Object Lock not being an alternative there, so this control
 * is not mapped to it.
 */
export const bucketObjectLock: Control = {
  id: 'TW.5',
  title: 'Trail bucket locks its log files (Object Lock retention or MFA delete)',
  severity: 'MEDIUM',
  cis: {},
  family: 'cloudtrail',
  resourceType: 'AWS::S3::Bucket',
  repair: {
    notRepaired:
      "Object Lock and MFA delete are decisions fix does not take for the owner: Object Lock can be enabled on an existing versioned bucket (PutObjectLockConfiguration), but never disabled again nor versioning suspended, and its default retention (mode and period) decides for how long nobody, in COMPLIANCE mode not even the root user, can delete a log file; MFA delete can only be enabled by the root user with its MFA device (PutBucketVersioning with the x-amz-mfa header), which no role or user fix runs as can send. Once fix has enabled versioning (TW.4), run aws s3api put-object-lock-configuration --bucket BUCKET --object-lock-configuration 'ObjectLockEnabled=Enabled,Rule={DefaultRetention={Mode=COMPLIANCE,Days=N}}' yourself.",
  },
  rationale:
    'Versioning keeps a deleted log file as an old version, but whoever may delete object versions removes that too. Object Lock with a default retention, or MFA delete, makes the log files survive an attacker who holds the bucket owner’s permissions.',
  remediation:
    'Enable Object Lock on the trail bucket with a default retention in COMPLIANCE (or GOVERNANCE) mode for your log retention period: aws s3api put-object-lock-configuration --bucket BUCKET --object-lock-configuration "ObjectLockEnabled=Enabled,Rule={DefaultRetention={Mode=COMPLIANCE,Days=365}}" (versioning must be enabled first; Object Lock cannot be turned off again). Or, as the root user with its MFA device, enable MFA delete: aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "SERIAL CODE".',
  decides:
    "Per trail bucket (one result for all the trails that share it), as the bucket owner reads it: PASS when GetObjectLockConfiguration shows Object Lock enabled with a default retention in COMPLIANCE or GOVERNANCE mode for a positive number of days or years (CloudTrail's uploads name no retention, so only the default locks them), or when GetBucketVersioning shows MFADelete Enabled. FAIL otherwise, saying which is missing. ERROR when MFA delete is not shown enabled and Object Lock or versioning could not be read (or the snapshot predates trailwarden reading Object Lock).",
  evaluate(snapshot) {
    return eachTrailBucket(snapshot, (bucket, { resource, trails }) => evaluateBucket(bucket, resource, `bucket ${bucket.name} (${trails})`));
  },
};

function evaluateBucket(bucket: Bucket, resource: ResourceRef, about: string): Finding {
  const mfaDelete = bucket.versioning.ok ? bucket.versioning.value.mfaDelete === 'Enabled' : undefined;
  if (mfaDelete)
    return { status: 'PASS', resource, reason: `${about}: MFA delete is enabled (only the root user with its MFA device deletes object versions)` };
  const lock = bucket.objectLock;
  if (!lock) {
    return {
      status: 'ERROR',
      resource,
      reason: `${about}: the snapshot was taken before trailwarden read Object Lock (GetObjectLockConfiguration); scan again`,
    };
  }
  if (!lock.ok) return errorFinding(resource, lock.error, `the Object Lock configuration of bucket ${bucket.name}`);
  if (!bucket.versioning.ok) return errorFinding(resource, bucket.versioning.error, `the versioning (MFA delete) of bucket ${bucket.name}`);
  const config = lock.value;
  const retention = config?.defaultRetention;
  const period = retention ? (retention.days ? `${retention.days} days` : retention.years ? `${retention.years} years` : undefined) : undefined;
  if (config?.enabled && retention && (retention.mode === 'COMPLIANCE' || retention.mode === 'GOVERNANCE') && period) {
    const bypass = retention.mode === 'GOVERNANCE' ? '; in GOVERNANCE mode, principals granted s3:BypassGovernanceRetention can still delete them' : '';
    return {
      status: 'PASS',
      resource,
      reason: `${about}: Object Lock keeps every new log file for ${period} in ${retention.mode} mode${bypass}`,
      evidence: { objectLock: config },
    };
  }
  const lockState = !config?.enabled
    ? 'Object Lock is not enabled'
    : !retention
      ? "Object Lock is enabled without a default retention, and CloudTrail's uploads set none, so no log file is locked"
      : `Object Lock's default retention (${retention.mode || 'no mode'}, ${period ?? 'no period'}) locks nothing`;
  return {
    status: 'FAIL',
    resource,
    reason: `${about}: ${lockState}, and MFA delete is not enabled`,
    evidence: { objectLock: config, mfaDelete: bucket.versioning.value.mfaDelete ?? null },
  };
}
