import { CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateBucketCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { recordsAllManagementEvents } from '../../checks/lib/trails.js';
import type { AccountSnapshot, Bucket, Trail, TrailSelectors } from '../../snapshot/types.js';
import { bucketArn, bucketRegion, findBucket, homeRegion, ownTrails, trailArn } from '../account.js';
import { call, type ApiCall } from '../calls.js';
import { MANAGED_TAG, TRAIL_NAME, trailBucketName } from '../names.js';
import { mergeStatements, trailBucketStatements } from '../policies.js';
import { JsonEncode, block, ref } from '../terraform/hcl.js';
import { MANAGED_TAGS, address, dependsOn, importBlock, jsonValue, tfLabel, trailBlocks } from '../terraform/resources.js';
import { lifecycleRuleBlock, trailLogsLifecycleRule } from './trail-bucket.js';
import { ALL_MANAGEMENT_BASIC, describeSelectors, sdkSelectors, withAllManagementEvents } from './management-selectors.js';
import type { Action, PlanContext, Planned, Remediation } from '../types.js';

/**
 * CloudTrail.1 / CloudTrail.3: the account needs a multi-Region trail that is logging and records
 * read and write management events. An existing multi-Region trail of the account is repaired in
 * place (start logging, add a management-event selector, include global service events) and keeps
 * its bucket, selectors and encryption; without one, trailwarden creates a bucket and a trail.
 */
export const trailRemediation: Remediation = {
  name: 'trail',
  needs: ['--trail-bucket'],
  plan(draft, context) {
    const candidate = repairableTrail(draft);
    if (candidate) return repairTrail(candidate);
    return createTrail(draft, context);
  },
};

/** The account's multi-Region trail closest to compliance: logging ones first. */
function repairableTrail(snapshot: AccountSnapshot): Trail | undefined {
  const multiRegion = ownTrails(snapshot).filter((trail) => trail.isMultiRegionTrail);
  return multiRegion.find((trail) => trail.status.ok && trail.status.value.isLogging) ?? multiRegion[0];
}

function repairTrail(trail: Trail): Planned {
  if (!trail.status.ok || !trail.selectors.ok) {
    return { actions: [], skipped: [`trail ${trail.name}: its status or event selectors could not be read, so the repair cannot be planned; scan again`] };
  }
  const calls: ApiCall[] = [];
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const skipped: string[] = [];
  const region = trail.homeRegion;

  if (!trail.includeGlobalServiceEvents) {
    calls.push(call('cloudtrail', region, UpdateTrailCommand, { Name: trail.name, IncludeGlobalServiceEvents: true }));
    before.includeGlobalServiceEvents = false;
    after.includeGlobalServiceEvents = true;
  }
  const selectors = trail.selectors.value;
  let newSelectors = selectors;
  if (recordsAllManagementEvents(trail).kind === 'no') {
    const added = withAllManagementEvents(selectors);
    if ('problem' in added) {
      skipped.push(`trail ${trail.name}: ${added.problem}`);
    } else {
      newSelectors = added.selectors;
      calls.push(call('cloudtrail', region, PutEventSelectorsCommand, { TrailName: trail.name, ...sdkSelectors(newSelectors) }));
      before.eventSelectors = describeSelectors(selectors);
      after.eventSelectors = describeSelectors(newSelectors);
    }
  }
  if (!trail.status.value.isLogging) {
    // By name, in the trail's home Region: moto looks trails up by name only.
    calls.push(call('cloudtrail', region, StartLoggingCommand, { Name: trail.name }));
    before.isLogging = false;
    after.isLogging = true;
  }
  if (calls.length === 0) return { actions: [], skipped };

  const action: Action = {
    id: `trail:${trail.arn}`,
    controls: ['CloudTrail.1', 'CloudTrail.3'],
    summary: `Repair multi-Region trail ${trail.name}: ${Object.keys(after).join(', ')}`,
    change: { kind: 'update', resourceType: 'AWS::CloudTrail::Trail', name: trail.name, region, before, after },
    dependsOn: [],
    calls,
    terraform: trailBlocks(repaired(trail, newSelectors), { imported: true }),
    simulate(draft) {
      const target = draft.trails.find((t) => t.arn === trail.arn);
      if (target) Object.assign(target, repaired(target, newSelectors));
    },
  };
  return { actions: [action], skipped };
}

function repaired(trail: Trail, selectors: TrailSelectors): Trail {
  return {
    ...trail,
    includeGlobalServiceEvents: true,
    selectors: { ok: true, value: selectors },
    status: trail.status.ok ? { ok: true, value: { ...trail.status.value, isLogging: true } } : trail.status,
  };
}

/** A bucket (its policy first), then the trail, then StartLogging: each step needs the one before. */
function createTrail(draft: AccountSnapshot, context: PlanContext): Planned {
  const region = homeRegion(draft);
  const accountId = draft.account.id;
  const arn = trailArn(draft, region, TRAIL_NAME);
  const bucketName = context.options.trailBucket ?? trailBucketName(accountId, region);
  const existingBucket = findBucket(draft, bucketName);
  if (existingBucket && !existingBucket.policy.ok) {
    return {
      actions: [],
      skipped: [
        `bucket ${bucketName}: its policy could not be read, so trailwarden cannot add the CloudTrail statements without risking the others; scan again`,
      ],
    };
  }
  const bucketAction = existingBucket ? bucketPolicyAction(draft, existingBucket, arn) : newBucketAction(draft, bucketName, region, arn);
  const trail: Trail = {
    arn,
    name: TRAIL_NAME,
    homeRegion: region,
    ownerAccountId: accountId,
    isMultiRegionTrail: true,
    isOrganizationTrail: false,
    includeGlobalServiceEvents: true,
    logFileValidationEnabled: true,
    s3BucketName: bucketName,
    status: { ok: true, value: { isLogging: true } },
    selectors: { ok: true, value: { basic: [ALL_MANAGEMENT_BASIC] } },
    insightSelectors: { ok: true, value: [] },
    tags: { ok: true, value: [{ ...MANAGED_TAG }] },
  };
  const trailAction: Action = {
    id: `trail:${arn}`,
    controls: ['CloudTrail.1', 'CloudTrail.3'],
    summary: `Create multi-Region trail ${TRAIL_NAME} writing to s3://${bucketName}, and start logging`,
    change: {
      kind: 'create',
      resourceType: 'AWS::CloudTrail::Trail',
      name: TRAIL_NAME,
      region,
      properties: {
        arn,
        s3BucketName: bucketName,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        logFileValidationEnabled: true,
        eventSelectors: describeSelectors(trail.selectors.ok ? trail.selectors.value : {}),
        isLogging: true,
      },
    },
    dependsOn: [bucketAction.id],
    calls: [
      call('cloudtrail', region, CreateTrailCommand, {
        Name: TRAIL_NAME,
        S3BucketName: bucketName,
        IsMultiRegionTrail: true,
        IncludeGlobalServiceEvents: true,
        EnableLogFileValidation: true,
        TagsList: [{ Key: MANAGED_TAG.key, Value: MANAGED_TAG.value }],
      }),
      // CloudTrail's default selector already records every management event; setting it
      // explicitly makes the trail's configuration say so.
      call('cloudtrail', region, PutEventSelectorsCommand, { TrailName: TRAIL_NAME, ...sdkSelectors({ basic: [ALL_MANAGEMENT_BASIC] }) }),
      call('cloudtrail', region, StartLoggingCommand, { Name: TRAIL_NAME }),
    ],
    terraform: trailBlocks(trail, { imported: false, dependsOn: [address('aws_s3_bucket_policy', bucketName)] }),
    simulate(target) {
      target.trails.push(structuredClone(trail));
      for (const data of target.regionData) if (data.trailArns.ok) data.trailArns.value.push(arn);
    },
  };
  return { actions: [bucketAction, trailAction], skipped: [] };
}

const BLOCK_ALL = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/**
 * A new trail bucket: public access blocked, versioned (an overwritten or deleted log file keeps its
 * old version), trailwarden's lifecycle rule for the trail's files (TW.2), and the trail's policy.
 */
function newBucketAction(draft: AccountSnapshot, name: string, region: string, forTrail: string): Action {
  const policy = mergeStatements(null, trailBucketStatements(draft.account.partition, name, draft.account.id, forTrail));
  // The new trail has no key prefix.
  const lifecycle = trailLogsLifecycleRule('AWSLogs/');
  const bucket: Bucket = {
    name,
    region: { ok: true, value: region },
    policy: { ok: true, value: JSON.stringify(policy) },
    publicAccessBlock: { ok: true, value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } },
    acl: { ok: true, value: { grants: [] } },
    logging: { ok: true, value: null },
    lifecycle: { ok: true, value: [lifecycle.snapshot] },
    versioning: { ok: true, value: { status: 'Enabled' } },
  };
  const label = tfLabel(name);
  const bucketRef = ref(`aws_s3_bucket.${label}.id`);
  return {
    id: `bucket:${name}`,
    controls: ['CloudTrail.1', 'CloudTrail.3'],
    summary: `Create bucket ${name} for trail logs, versioned, with public access blocked, lifecycle rule ${lifecycle.snapshot.id} and a policy that lets only trail ${TRAIL_NAME} write to AWSLogs/${draft.account.id}/`,
    change: {
      kind: 'create',
      resourceType: 'AWS::S3::Bucket',
      name,
      region,
      properties: {
        arn: bucketArn(draft, name),
        publicAccessBlock: 'all four settings on',
        versioning: 'Enabled',
        lifecycleRules: [lifecycle.snapshot.id],
        policy,
      },
    },
    dependsOn: [],
    calls: [
      call(
        's3',
        region,
        CreateBucketCommand,
        {
          Bucket: name,
          ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
        },
        { alreadyDone: ['BucketAlreadyOwnedByYou'] },
      ),
      call('s3', region, PutPublicAccessBlockCommand, { Bucket: name, PublicAccessBlockConfiguration: BLOCK_ALL }),
      call('s3', region, PutBucketTaggingCommand, { Bucket: name, Tagging: { TagSet: [{ Key: MANAGED_TAG.key, Value: MANAGED_TAG.value }] } }),
      call('s3', region, PutBucketVersioningCommand, { Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }),
      call('s3', region, PutBucketLifecycleConfigurationCommand, { Bucket: name, LifecycleConfiguration: { Rules: [lifecycle.sdk] } }),
      call('s3', region, PutBucketPolicyCommand, { Bucket: name, Policy: JSON.stringify(policy) }),
    ],
    terraform: [
      block('resource', ['aws_s3_bucket', label], { bucket: name, tags: MANAGED_TAGS }),
      block('resource', ['aws_s3_bucket_public_access_block', label], {
        bucket: bucketRef,
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      }),
      block('resource', ['aws_s3_bucket_versioning', label], { bucket: bucketRef }, [block('versioning_configuration', [], { status: 'Enabled' })]),
      // The rule moves noncurrent versions: versioning comes first, as the provider's documentation asks.
      block(
        'resource',
        ['aws_s3_bucket_lifecycle_configuration', label],
        {
          bucket: bucketRef,
          depends_on: dependsOn([address('aws_s3_bucket_versioning', name)]),
        },
        [lifecycleRuleBlock(lifecycle.snapshot)],
      ),
      block('resource', ['aws_s3_bucket_policy', label], { bucket: bucketRef, policy: new JsonEncode(jsonValue(policy)) }),
    ],
    simulate(target) {
      target.buckets.push(structuredClone(bucket));
    },
  };
}

/** An existing bucket named with --trail-bucket keeps its policy; the trail's statements are added. */
function bucketPolicyAction(draft: AccountSnapshot, bucket: Bucket, forTrail: string): Action {
  const existing = bucket.policy.ok ? bucket.policy.value : null;
  const policy = mergeStatements(existing, trailBucketStatements(draft.account.partition, bucket.name, draft.account.id, forTrail));
  const region = bucketRegion(bucket, homeRegion(draft));
  const label = tfLabel(bucket.name);
  return {
    id: `bucket:${bucket.name}`,
    controls: ['CloudTrail.1', 'CloudTrail.3'],
    summary: `Add statements to the policy of bucket ${bucket.name} that let trail ${TRAIL_NAME} write to AWSLogs/${draft.account.id}/ (other statements are kept)`,
    change: {
      kind: 'update',
      resourceType: 'AWS::S3::Bucket',
      name: bucket.name,
      region,
      before: { policy: existing ? JSON.parse(existing) : null },
      after: { policy },
    },
    dependsOn: [],
    calls: [call('s3', region, PutBucketPolicyCommand, { Bucket: bucket.name, Policy: JSON.stringify(policy) })],
    terraform: [
      importBlock(`aws_s3_bucket_policy.${label}`, bucket.name),
      block('resource', ['aws_s3_bucket_policy', label], { bucket: bucket.name, policy: new JsonEncode(jsonValue(policy)) }),
    ],
    simulate(target) {
      const found = findBucket(target, bucket.name);
      if (found) found.policy = { ok: true, value: JSON.stringify(policy) };
    },
  };
}
