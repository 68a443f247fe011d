import { evaluatePolicy, parsePolicy, type Decision, type PolicyDocument, type PolicyRequest } from '../../policy/index.js';
import type { AccountSnapshot, Bucket, Trail } from '../../snapshot/types.js';
import type { OrganizationView } from '../organization.js';

/**
 * What the trail bucket controls (TW.6, TW.7) ask of a bucket policy, as requests the IAM policy
 * evaluator decides: who could write or delete what. Each request is a concrete call; a statement
 * whose applying depends on a condition key the request does not know leaves the answer uncertain,
 * which the controls report as ERROR.
 */

/** The CloudTrail service principal. */
export const CLOUDTRAIL_SERVICE = 'cloudtrail.amazonaws.com';

/** An account id no real account has: the "anyone else" of the probes (S3 and IAM never see it). */
export const ELSEWHERE_ACCOUNT = '000000000000';

/**
 * Where CloudTrail writes the trail's files (logs, digests, Insights): PREFIX/AWSLogs/ACCOUNT/ for
 * an account trail, PREFIX/AWSLogs/ORG-ID/ACCOUNT/ (and the owner's PREFIX/AWSLogs/OWNER/) for an
 * organization trail, whose organization id the snapshot does not hold: PREFIX/AWSLogs/ for it.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 */
export function trailLogRoot(trail: Trail): string {
  return `${trailKeyPrefix(trail)}AWSLogs/${trail.isOrganizationTrail ? '' : `${trail.ownerAccountId}/`}`;
}

/** The trail's S3KeyPrefix as the start of a key: `audit/`, or '' without one. */
export function trailKeyPrefix(trail: Trail): string {
  return trail.s3KeyPrefix ? `${trail.s3KeyPrefix.replace(/\/+$/, '')}/` : '';
}

export function bucketArnOf(snapshot: AccountSnapshot, bucket: string): string {
  return `arn:${snapshot.account.partition}:s3:::${bucket}`;
}

/**
 * The account that owns a bucket, as the run knows it: the account whose snapshot could read its
 * policy (GetBucketPolicy answers only the owner's account); `undefined` when none could.
 */
export function bucketOwner(bucket: Bucket, snapshot: AccountSnapshot, organization: OrganizationView | undefined): string | undefined {
  if (organization) return organization.bucketOwner(bucket.name, snapshot);
  return bucket.policy.ok ? snapshot.account.id : undefined;
}

export type ReadPolicy = { ok: true; policy: PolicyDocument | null } | { ok: false; why: string };

/** The bucket policy as the evaluator reads it; `null`: the bucket has none. */
export function readBucketPolicy(text: string | null): ReadPolicy {
  if (text === null) return { ok: true, policy: null };
  const parsed = parsePolicy(text);
  return parsed.ok ? { ok: true, policy: parsed.policy } : { ok: false, why: `the bucket policy cannot be read: ${parsed.why}` };
}

/**
 * CloudTrail's PutObject of one log file for `sourceArn`: the keys its requests carry. The
 * service sends aws:SourceArn (the trail) and aws:SourceAccount (the trail's account) on behalf of
 * the trail, and the x-amz-acl header bucket-owner-full-control, which AWS's policy requires; TLS is
 * taken as used, since CloudTrail delivers through S3's HTTPS endpoints (a Deny of
 * aws:SecureTransport false then does not stop it). Any other key is unknown.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcearn
 */
export function cloudTrailWrite(objectArn: string, sourceArn: string): PolicyRequest {
  return {
    principal: { kind: 'service', service: CLOUDTRAIL_SERVICE },
    action: 's3:PutObject',
    resource: objectArn,
    context: {
      'aws:sourcearn': sourceArn,
      'aws:sourceaccount': sourceArn.split(':')[4] ?? '',
      's3:x-amz-acl': 'bucket-owner-full-control',
      'aws:securetransport': 'true',
    },
  };
}

/** The decision of a bucket policy; without a policy, only the owner's own IAM policies grant anything: the default deny. */
export function decide(policy: PolicyDocument | null, request: PolicyRequest): Decision {
  return policy ? evaluatePolicy(policy, 'resource', request) : { kind: 'implicit-deny' };
}

/**
 * Keys of the bucket that the policy's own Resource patterns name, with each wildcard filled in
 * twice (`*` as nothing and as `trailwarden-probe`, `?` as `x`): a statement that lets CloudTrail
 * write somewhere other than the trail's prefix names where, so these are the keys to ask about.
 */
export function keysNamedByPolicy(policy: PolicyDocument | null, bucketArn: string): string[] {
  const objects = `${bucketArn}/`;
  const patterns = (policy?.statements ?? []).flatMap((statement) => (statement.resource && !statement.resource.negated ? statement.resource.patterns : []));
  const keys = patterns
    .filter((pattern) => pattern.startsWith(objects))
    .flatMap((pattern) => ['', 'trailwarden-probe'].map((star) => pattern.replaceAll('*', star).replaceAll('?', 'x')));
  return [...new Set(keys)];
}
