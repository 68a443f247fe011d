import { PutBucketPolicyCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { CLOUDTRAIL_SERVICE, trailKeyPrefix, trailLogRoot } from '../../checks/lib/trail-bucket-policy.js';
import type { AccountSnapshot, Bucket, Trail } from '../../snapshot/types.js';
import { bucketArn, bucketRegion, failingArns, findBucket, homeRegion } from '../account.js';
import { call } from '../calls.js';
import { JsonEncode, block } from '../terraform/hcl.js';
import { importBlock, jsonValue, tfLabel } from '../terraform/resources.js';
import type { Action, Planned, Remediation } from '../types.js';
import { failingBuckets } from './trail-bucket.js';

/**
 * The trail bucket's integrity, where it can be repaired without losing anything: versioning on
 * (TW.4), and aws:SourceArn merged into the policy's CloudTrail statements (TW.6). Object Lock,
 * MFA delete (TW.5) and who else may delete (TW.7) are the owner's decisions: their controls say why.
 * Only the bucket owner's account can change a bucket, and only it reads the bucket's policy
 * (GetBucketPolicy), so a bucket whose policy this account could not read is left to its owner.
 */

/** Why a bucket is not this account's to change, or undefined when it is. */
function notOurs(bucket: Bucket, controlId: string): string | undefined {
  return bucket.policy.ok
    ? undefined
    : `${controlId}: bucket ${bucket.name} belongs to another account (or its policy could not be read: ${bucket.policy.error.code}); run fix as its owner`;
}

export const versioningRemediation: Remediation = {
  name: 'bucket-versioning',
  needs: [],
  plan(draft, context) {
    const actions: Action[] = [];
    const skipped: string[] = [];
    for (const bucket of failingBuckets(draft, context, 'TW.4')) {
      const why = notOurs(bucket, 'TW.4');
      if (why) skipped.push(why);
      else if (!bucket.versioning.ok) skipped.push(`TW.4: the versioning of bucket ${bucket.name} could not be read; scan again`);
      // Changing the versioning state of an MFA delete bucket needs the root user's MFA code.
      else if (bucket.versioning.value.mfaDelete === 'Enabled')
        skipped.push(`TW.4: bucket ${bucket.name} has MFA delete, so only its root user with the MFA device can enable versioning again`);
      else actions.push(enableVersioning(draft, bucket));
    }
    return { actions, skipped } satisfies Planned;
  },
};

function enableVersioning(draft: AccountSnapshot, bucket: Bucket): Action {
  const region = bucketRegion(bucket, homeRegion(draft));
  const before = bucket.versioning.ok ? (bucket.versioning.value.status ?? null) : null;
  const label = tfLabel(bucket.name);
  return {
    id: `versioning:${bucket.name}`,
    controls: ['TW.4'],
    summary: `Enable versioning on trail bucket ${bucket.name}: a deleted or overwritten log file keeps its old version (nothing is deleted)`,
    change: { kind: 'update', resourceType: 'AWS::S3::Bucket', name: bucket.name, region, before: { versioning: before }, after: { versioning: 'Enabled' } },
    dependsOn: [],
    calls: [call('s3', region, PutBucketVersioningCommand, { Bucket: bucket.name, VersioningConfiguration: { Status: 'Enabled' } })],
    terraform: [
      importBlock(`aws_s3_bucket_versioning.${label}`, bucket.name),
      block('resource', ['aws_s3_bucket_versioning', label], { bucket: bucket.name }, [block('versioning_configuration', [], { status: 'Enabled' })]),
    ],
    simulate(target) {
      const found = findBucket(target, bucket.name);
      if (found) found.versioning = { ok: true, value: { ...(found.versioning.ok ? found.versioning.value : {}), status: 'Enabled' } };
    },
  };
}

/**
 * TW.6: each statement that allows CloudTrail without an aws:SourceArn condition gets
 * `StringEquals aws:SourceArn` naming the trails that write where it allows, as AWS's policy for a
 * trail bucket has it; every other statement, and every other part of these, is kept as it is.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 *
 * A condition that names only the trails trailwarden sees would stop every other trail that
 * delivers through the statement. So a statement is changed only where it lets CloudTrail write
 * into this account's own PREFIX/AWSLogs/ACCOUNT/ (whose trails the snapshot lists) or an
 * organization trail's PREFIX/AWSLogs/ORG-ID/ (only organization trails write there, and every
 * account sees them); a statement over the whole bucket, or over another account's logs, is left to
 * the owner, and then nothing in the bucket's policy is changed. Its Resource is never narrowed.
 */
export const sourceArnRemediation: Remediation = {
  name: 'bucket-policy-source-arn',
  needs: [],
  plan(draft, context) {
    const arns = failingArns(context, 'TW.6');
    const actions: Action[] = [];
    const skipped: string[] = [];
    const buckets = new Set(draft.trails.filter((trail) => arns.has(trail.arn)).map((trail) => trail.s3BucketName));
    for (const name of buckets) {
      const bucket = findBucket(draft, name);
      if (!bucket) continue;
      const why = notOurs(bucket, 'TW.6');
      if (why || !bucket.policy.ok) {
        skipped.push(why ?? '');
        continue;
      }
      if (bucket.policy.value === null) {
        skipped.push(`TW.6: bucket ${bucket.name} has no bucket policy, so CloudTrail cannot write to it; give it AWS's policy for a trail bucket`);
        continue;
      }
      const trails = draft.trails.filter((trail) => trail.s3BucketName === bucket.name);
      const merged = withSourceArn(bucket.policy.value, bucketArn(draft, bucket.name), trails, draft.account.id);
      if ('why' in merged) skipped.push(`TW.6: bucket ${bucket.name}: ${merged.why}`);
      else if (merged.amended.length === 0)
        skipped.push(
          `TW.6: every statement of bucket ${bucket.name}'s policy that allows CloudTrail already has an aws:SourceArn condition; fix does not narrow a statement's Resource or its trails, which is what TW.6 still finds: correct them by hand`,
        );
      else actions.push(putPolicy(draft, bucket, bucket.policy.value, merged));
    }
    return { actions, skipped } satisfies Planned;
  },
};

function putPolicy(draft: AccountSnapshot, bucket: Bucket, before: string, merged: Merged): Action {
  const region = bucketRegion(bucket, homeRegion(draft));
  const label = tfLabel(bucket.name);
  const text = JSON.stringify(merged.policy);
  return {
    id: `source-arn:${bucket.name}`,
    controls: ['TW.6'],
    summary: `Add an aws:SourceArn condition (${merged.trails.map((arn) => arn.slice(arn.lastIndexOf('/') + 1)).join(', ')}) to statement(s) ${merged.amended.join(', ')} of the policy of bucket ${bucket.name}, so that CloudTrail writes there only for those trails (every other statement is kept)`,
    change: {
      kind: 'update',
      resourceType: 'AWS::S3::Bucket',
      name: bucket.name,
      region,
      before: { policy: JSON.parse(before) as unknown },
      after: { policy: merged.policy },
    },
    dependsOn: [],
    calls: [call('s3', region, PutBucketPolicyCommand, { Bucket: bucket.name, Policy: text })],
    terraform: [
      importBlock(`aws_s3_bucket_policy.${label}`, bucket.name),
      block('resource', ['aws_s3_bucket_policy', label], { bucket: bucket.name, policy: new JsonEncode(jsonValue(merged.policy)) }),
    ],
    simulate(target) {
      const found = findBucket(target, bucket.name);
      if (found) found.policy = { ok: true, value: text };
    },
  };
}

type RawStatement = Record<string, unknown>;

interface Merged {
  policy: Record<string, unknown>;
  /** The Sids (or positions) of the statements that got the condition. */
  amended: string[];
  /** The trail ARNs the conditions name. */
  trails: string[];
}

/** The policy with aws:SourceArn merged into its CloudTrail statements, or why it is left alone. */
export function withSourceArn(policyText: string, bucket: string, trails: Trail[], accountId: string): Merged | { why: string } {
  const document = JSON.parse(policyText) as Record<string, unknown>;
  const statements: RawStatement[] = [document['Statement'] ?? []].flat().filter(isRecord);
  // Trails that other statements already let CloudTrail write for also need its GetBucketAcl.
  const named = statements.filter((statement) => allowsCloudTrail(statement)).flatMap(sourceArns);
  const amended: string[] = [];
  const conditioned = new Set<string>();
  const updated: RawStatement[] = [];
  for (const [index, statement] of statements.entries()) {
    const label = typeof statement['Sid'] === 'string' && statement['Sid'] !== '' ? statement['Sid'] : `statement ${index + 1}`;
    if (!allowsCloudTrail(statement) || sourceArns(statement).length > 0) {
      updated.push(statement);
      continue;
    }
    const writers = writersOf(statement, label, { bucket, trails, accountId, named });
    if ('why' in writers) return writers;
    for (const arn of writers) conditioned.add(arn);
    amended.push(label);
    updated.push(withCondition(statement, writers));
  }
  const policy = { ...document, Statement: Array.isArray(document['Statement']) || amended.length === 0 ? updated : updated[0] };
  return { policy, amended, trails: [...conditioned] };
}

/** An Allow whose Principal names the CloudTrail service. */
function allowsCloudTrail(statement: RawStatement): boolean {
  const principal = statement['Principal'];
  return statement['Effect'] === 'Allow' && isRecord(principal) && listOf(principal['Service']).includes(CLOUDTRAIL_SERVICE);
}

/** The values of the statement's aws:SourceArn conditions, under any operator. */
function sourceArns(statement: RawStatement): string[] {
  const condition = statement['Condition'];
  if (!isRecord(condition)) return [];
  return Object.values(condition).flatMap((block) =>
    isRecord(block) ? Object.entries(block).flatMap(([key, values]) => (key.toLowerCase() === 'aws:sourcearn' ? listOf(values) : [])) : [],
  );
}

interface Writers {
  bucket: string;
  trails: Trail[];
  accountId: string;
  /** aws:SourceArn values of the policy's other CloudTrail statements. */
  named: string[];
}

/**
 * The ARNs of the trails whose delivery the statement serves, when trailwarden knows all of them:
 * each Resource is the bucket (CloudTrail's GetBucketAcl: every trail of the bucket, and those the
 * other statements name) or keys within the log root of trails of this account or of an
 * organization trail.
 */
function writersOf(statement: RawStatement, label: string, { bucket, trails, accountId, named }: Writers): string[] | { why: string } {
  const principal = statement['Principal'] as Record<string, unknown>;
  const others = [...listOf(principal['Service']).filter((service) => service !== CLOUDTRAIL_SERVICE), ...listOf(principal['AWS'])];
  if (others.length > 0)
    return { why: `statement ${label} also allows ${others.join(', ')}, which a condition on CloudTrail's trails would lock out; split it by hand` };
  if ('NotAction' in statement || 'NotResource' in statement)
    return { why: `statement ${label} uses NotAction or NotResource, so where it lets CloudTrail write cannot be named; add aws:SourceArn by hand` };
  const writers = new Set<string>();
  for (const resource of listOf(statement['Resource'])) {
    if (resource === bucket && named.some((arn) => /[*?$]/.test(arn)))
      return {
        why: `statement ${label} serves every trail of the bucket, and another statement names its trails by pattern (${named.join(', ')}); add aws:SourceArn by hand`,
      };
    const serving =
      resource === bucket
        ? [...trails.map((trail) => trail.arn), ...named]
        : trails
            .filter((trail) => resource.startsWith(`${bucket}/${trailLogRoot(trail)}`) && onlySeenTrailsWriteUnder(resource, bucket, trail, accountId))
            .map((trail) => trail.arn);
    if (serving.length === 0)
      return {
        why: `statement ${label} lets CloudTrail write to ${resource}, where trails of accounts trailwarden does not see may deliver and would be locked out by a condition naming only ${trails.map((trail) => trail.name).join(', ')}; add their ARNs as aws:SourceArn by hand`,
      };
    for (const arn of serving) writers.add(arn);
  }
  return [...writers];
}

/** Under this account's own PREFIX/AWSLogs/ACCOUNT/, or an organization trail's PREFIX/AWSLogs/ORG-ID/ (organization ids start `o-`). */
function onlySeenTrailsWriteUnder(resource: string, bucket: string, trail: Trail, accountId: string): boolean {
  const logs = `${bucket}/${trailKeyPrefix(trail)}AWSLogs/`;
  return resource.startsWith(`${logs}${accountId}/`) || (trail.isOrganizationTrail && resource.startsWith(`${logs}o-`));
}

function withCondition(statement: RawStatement, arns: string[]): RawStatement {
  const condition = isRecord(statement['Condition']) ? statement['Condition'] : {};
  const equals = isRecord(condition['StringEquals']) ? condition['StringEquals'] : {};
  return { ...statement, Condition: { ...condition, StringEquals: { ...equals, 'aws:SourceArn': arns.length === 1 ? arns[0] : arns } } };
}

function listOf(value: unknown): string[] {
  return [value ?? []].flat().filter((item): item is string => typeof item === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
