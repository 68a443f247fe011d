import {
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutPublicAccessBlockCommand,
  type LifecycleRule as SdkLifecycleRule,
} from '@aws-sdk/client-s3';
import type { AccountSnapshot, Bucket, LifecycleRule, Trail } from '../../snapshot/types.js';
import { bucketArn, bucketRegion, failingArns, findBucket, homeRegion } from '../account.js';
import { call, spread } from '../calls.js';
import { LIFECYCLE_RULE_ID } from '../names.js';
import { block, type TfBlock } from '../terraform/hcl.js';
import { importBlock, tfLabel } from '../terraform/resources.js';
import { failingOwnTrails } from './trail-settings.js';
import type { Action, PlanContext, Planned, Remediation } from '../types.js';

/**
 * The trail bucket controls: Block Public Access (CloudTrail.6), server access logging
 * (CloudTrail.7) and a lifecycle rule (TW.2). Buckets are changed only by adding: settings on,
 * a rule appended.
 */

/** Buckets the control failed on, as the draft describes them. */
export function failingBuckets(draft: AccountSnapshot, context: PlanContext, controlId: string): Bucket[] {
  const arns = failingArns(context, controlId);
  return draft.buckets.filter((bucket) => arns.has(bucketArn(draft, bucket.name)));
}

export const publicAccessRemediation: Remediation = {
  name: 'bucket-public-access',
  needs: [],
  plan(draft, context) {
    const actions = failingBuckets(draft, context, 'CloudTrail.6').map((bucket): Action => {
      const region = bucketRegion(bucket, homeRegion(draft));
      const before = bucket.publicAccessBlock.ok ? bucket.publicAccessBlock.value : null;
      const label = tfLabel(bucket.name);
      return {
        id: `public-access:${bucket.name}`,
        controls: ['CloudTrail.6'],
        summary: `Block all public access to trail bucket ${bucket.name}`,
        change: {
          kind: 'update',
          resourceType: 'AWS::S3::Bucket',
          name: bucket.name,
          region,
          before: { publicAccessBlock: before },
          after: { publicAccessBlock: 'all four settings on' },
        },
        dependsOn: [],
        calls: [
          call('s3', region, PutPublicAccessBlockCommand, {
            Bucket: bucket.name,
            PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
          }),
        ],
        terraform: [
          ...(before ? [importBlock(`aws_s3_bucket_public_access_block.${label}`, bucket.name)] : []),
          block('resource', ['aws_s3_bucket_public_access_block', label], {
            bucket: bucket.name,
            block_public_acls: true,
            block_public_policy: true,
            ignore_public_acls: true,
            restrict_public_buckets: true,
          }),
        ],
        simulate(target) {
          const found = findBucket(target, bucket.name);
          if (found)
            found.publicAccessBlock = {
              ok: true,
              value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
            };
        },
      };
    });
    return { actions, skipped: [] };
  },
};

/**
 * CloudTrail.7 needs a bucket to receive the access logs, which trailwarden does not choose for
 * the user: its policy must let logging.s3.amazonaws.com write, and it must not be a trail bucket
 * itself (logging a bucket into itself grows without end).
 */
export const accessLoggingRemediation: Remediation = {
  name: 'bucket-access-logging',
  needs: ['--access-log-bucket'],
  plan(draft, context) {
    const buckets = failingBuckets(draft, context, 'CloudTrail.7');
    if (buckets.length === 0) return { actions: [], skipped: [] };
    const target = context.options.accessLogBucket;
    const names = buckets.map((b) => b.name).join(', ');
    if (!target)
      return {
        actions: [],
        skipped: [
          `CloudTrail.7: access logging of ${names} is off; pass --access-log-bucket NAME (a bucket whose policy lets logging.s3.amazonaws.com write) to turn it on`,
        ],
      };
    const skipped = buckets
      .filter((b) => b.name === target)
      .map((b) => `CloudTrail.7: bucket ${b.name} cannot log its own access; name another --access-log-bucket`);
    const { served, elsewhere } = inTargetRegion(
      draft,
      target,
      buckets.filter((b) => b.name !== target),
    );
    skipped.push(...elsewhere);
    const actions = served.map((bucket): Action => {
      const region = bucketRegion(bucket, homeRegion(draft));
      const prefix = `${bucket.name}/`;
      return {
        id: `access-logging:${bucket.name}`,
        controls: ['CloudTrail.7'],
        summary: `Send server access logs of trail bucket ${bucket.name} to s3://${target}/${prefix} (the target must be in ${region}, with a policy that lets logging.s3.amazonaws.com write)`,
        change: {
          kind: 'update',
          resourceType: 'AWS::S3::Bucket',
          name: bucket.name,
          region,
          before: { logging: null },
          after: { logging: { targetBucket: target, targetPrefix: prefix } },
        },
        dependsOn: [],
        calls: [
          call('s3', region, PutBucketLoggingCommand, {
            Bucket: bucket.name,
            BucketLoggingStatus: { LoggingEnabled: { TargetBucket: target, TargetPrefix: prefix } },
          }),
        ],
        terraform: [block('resource', ['aws_s3_bucket_logging', tfLabel(bucket.name)], { bucket: bucket.name, target_bucket: target, target_prefix: prefix })],
        simulate(draftAfter) {
          const found = findBucket(draftAfter, bucket.name);
          if (found) found.logging = { ok: true, value: { targetBucket: target, targetPrefix: prefix } };
        },
      };
    });
    return { actions, skipped };
  },
};

/**
 * S3 delivers access logs only to a bucket in the source bucket's own Region
 * (CrossLocationLoggingProhibited), so one target serves the trail buckets of one Region. The others
 * are left alone rather than planned to fail: a failed call stops the rest of the plan. The snapshot
 * knows the target's Region only when the scan read it (it is a trail bucket too); otherwise buckets
 * that all share one Region are planned, and buckets in several Regions cannot all be right.
 */
function inTargetRegion(draft: AccountSnapshot, target: string, sources: Bucket[]): { served: Bucket[]; elsewhere: string[] } {
  const regionOf = (bucket: Bucket): string => bucketRegion(bucket, homeRegion(draft));
  const known = findBucket(draft, target);
  const targetRegion = known?.region.ok ? known.region.value : undefined;
  if (targetRegion !== undefined) {
    return {
      served: sources.filter((b) => regionOf(b) === targetRegion),
      elsewhere: sources
        .filter((b) => regionOf(b) !== targetRegion)
        .map(
          (b) =>
            `CloudTrail.7: bucket ${b.name} is in ${regionOf(b)} but --access-log-bucket ${target} is in ${targetRegion}, and S3 delivers access logs only within a Region; turn its access logging on with a target bucket in ${regionOf(b)}`,
        ),
    };
  }
  const regions = new Set(sources.map(regionOf));
  if (regions.size <= 1) return { served: sources, elsewhere: [] };
  return {
    served: [],
    elsewhere: [
      `CloudTrail.7: trail buckets ${sources.map((b) => `${b.name} (${regionOf(b)})`).join(', ')} are in ${regions.size} Regions, and S3 delivers access logs only to a bucket in the source bucket's Region, so one --access-log-bucket cannot serve them all; turn their access logging on with a target bucket in each Region`,
    ],
  };
}

/** Days after which trail log files move to an archive class. Nothing is ever deleted. */
const ARCHIVE_AFTER_DAYS = 90;
const ARCHIVE_CLASS = 'GLACIER_IR';
/** Parts of an upload that never completed cost storage until aborted; CloudTrail's uploads finish in minutes. */
const ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS = 7;

/**
 * trailwarden's lifecycle rule for the log files under `prefix`, as the API takes it and as the
 * snapshot describes it: archive current and old versions after 90 days, abort stale uploads.
 */
export function trailLogsLifecycleRule(prefix: string): { sdk: SdkLifecycleRule; snapshot: LifecycleRule } {
  return {
    sdk: {
      ID: LIFECYCLE_RULE_ID,
      Status: 'Enabled',
      Filter: { Prefix: prefix },
      Transitions: [{ Days: ARCHIVE_AFTER_DAYS, StorageClass: ARCHIVE_CLASS }],
      NoncurrentVersionTransitions: [{ NoncurrentDays: ARCHIVE_AFTER_DAYS, StorageClass: ARCHIVE_CLASS }],
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS },
    },
    snapshot: {
      id: LIFECYCLE_RULE_ID,
      status: 'Enabled',
      prefix,
      transitions: [{ days: ARCHIVE_AFTER_DAYS, storageClass: ARCHIVE_CLASS }],
      noncurrentTransitions: [{ days: ARCHIVE_AFTER_DAYS, storageClass: ARCHIVE_CLASS }],
      abortIncompleteUploadDays: ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS,
    },
  };
}

/**
 * TW.2: a rule that moves the trail's log files (and their old versions) to Glacier Instant
 * Retrieval after 90 days, and aborts uploads left incomplete. PutBucketLifecycleConfiguration replaces every rule, so the rules the
 * bucket has when the plan is applied are read first and sent back unchanged with ours appended.
 */
export const lifecycleRemediation: Remediation = {
  name: 'bucket-lifecycle',
  needs: [],
  plan(draft, context) {
    const { trails, skipped } = failingOwnTrails(draft, context, 'TW.2');
    const actions: Action[] = [];
    const seen = new Set<string>();
    for (const trail of trails) {
      const bucket = findBucket(draft, trail.s3BucketName);
      if (!bucket || seen.has(bucket.name)) continue;
      seen.add(bucket.name);
      if (!bucket.lifecycle.ok) {
        skipped.push(`TW.2: the lifecycle rules of bucket ${bucket.name} could not be read; scan again`);
        continue;
      }
      if ((bucket.lifecycle.value ?? []).some((rule) => rule.id === LIFECYCLE_RULE_ID)) {
        skipped.push(
          `TW.2: bucket ${bucket.name} has trailwarden's lifecycle rule ${LIFECYCLE_RULE_ID}, but it does not cover trail ${trail.name}; edit it by hand`,
        );
        continue;
      }
      actions.push(addLifecycleRule(bucket, trail, context));
    }
    return { actions, skipped } satisfies Planned;
  },
};

function addLifecycleRule(bucket: Bucket, trail: Trail, context: PlanContext): Action {
  const region = bucketRegion(bucket, trail.homeRegion);
  const existing = bucket.lifecycle.ok ? (bucket.lifecycle.value ?? []) : [];
  const prefix = `${trail.s3KeyPrefix ? `${trail.s3KeyPrefix.replace(/\/+$/, '')}/` : ''}AWSLogs/`;
  const { sdk: rule, snapshot: added } = trailLogsLifecycleRule(prefix);
  const label = tfLabel(bucket.name);
  const calls = [
    ...(existing.length > 0
      ? [
          call(
            's3',
            region,
            GetBucketLifecycleConfigurationCommand,
            { Bucket: bucket.name },
            { alreadyDone: ['NoSuchLifecycleConfiguration'], binds: { existingRules: 'Rules' } },
          ),
        ]
      : []),
    call('s3', region, PutBucketLifecycleConfigurationCommand, {
      Bucket: bucket.name,
      LifecycleConfiguration: { Rules: [...(existing.length > 0 ? [spread<SdkLifecycleRule>('existingRules')] : []), rule] },
    }),
  ];
  return {
    id: `lifecycle:${bucket.name}`,
    controls: ['TW.2'],
    summary: `Add lifecycle rule ${LIFECYCLE_RULE_ID} to bucket ${bucket.name}: log files under ${prefix} move to ${ARCHIVE_CLASS} after ${ARCHIVE_AFTER_DAYS} days (${existing.length} existing rule(s) kept)`,
    change: {
      kind: 'update',
      resourceType: 'AWS::S3::Bucket',
      name: bucket.name,
      region,
      before: { lifecycleRules: existing.map((r) => r.id ?? '(unnamed)') },
      after: { lifecycleRules: [...existing.map((r) => r.id ?? '(unnamed)'), LIFECYCLE_RULE_ID] },
    },
    dependsOn: [],
    calls,
    terraform: [
      ...(existing.length > 0 && context.collected.buckets.some((b) => b.name === bucket.name)
        ? [importBlock(`aws_s3_bucket_lifecycle_configuration.${label}`, bucket.name)]
        : []),
      block('resource', ['aws_s3_bucket_lifecycle_configuration', label], { bucket: bucket.name }, [
        ...existing.map(lifecycleRuleBlock),
        lifecycleRuleBlock(added),
      ]),
    ],
    simulate(target) {
      const found = findBucket(target, bucket.name);
      if (found) found.lifecycle = { ok: true, value: [...existing, added] };
    },
  };
}

/** A rule as the snapshot knows it; the Terraform export of existing rules is only as complete as that. */
export function lifecycleRuleBlock(rule: LifecycleRule): TfBlock {
  return block('rule', [], { id: rule.id ?? 'unnamed', status: rule.status }, [
    block('filter', [], { prefix: rule.prefix ?? '' }),
    ...(rule.expirationDays !== undefined ? [block('expiration', [], { days: rule.expirationDays })] : []),
    ...rule.transitions.map((t) => block('transition', [], { days: t.days, storage_class: t.storageClass })),
    ...(rule.noncurrentExpirationDays !== undefined ? [block('noncurrent_version_expiration', [], { noncurrent_days: rule.noncurrentExpirationDays })] : []),
    ...rule.noncurrentTransitions.map((t) => block('noncurrent_version_transition', [], { noncurrent_days: t.days, storage_class: t.storageClass })),
    ...(rule.abortIncompleteUploadDays !== undefined
      ? [block('abort_incomplete_multipart_upload', [], { days_after_initiation: rule.abortIncompleteUploadDays })]
      : []),
  ]);
}
