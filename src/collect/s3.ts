import {
  GetBucketAclCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  type LifecycleRule as SdkLifecycleRule,
  type ObjectLockConfiguration,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import type { Bucket, Collected, LifecycleRule, ObjectLock, PublicAccessBlock } from '../snapshot/types.js';
import type { Collection } from './collection.js';
import { nullWhen } from '../aws/errors.js';

/** GetBucketLocation answers for buckets of any region only from the partition's first region. */
const LOCATION_REGION: Record<string, string> = { aws: 'us-east-1', 'aws-cn': 'cn-north-1', 'aws-us-gov': 'us-gov-west-1' };

/**
 * A bucket's region, then its policy, access blocks, ACL, logging, lifecycle, versioning and Object Lock, read
 * in that region. When the location cannot be read, neither can the rest: every field carries the
 * GetBucketLocation error, which is recorded once.
 */
export async function describeBucket(collection: Collection, name: string): Promise<Bucket> {
  const locationRegion = LOCATION_REGION[collection.identity.partition] ?? collection.homeRegion;
  const region = await collection.read({ operation: 's3:GetBucketLocation', region: locationRegion, resource: name }, async () => {
    const answer = await collection.client('s3', locationRegion).send(new GetBucketLocationCommand({ Bucket: name }));
    return bucketRegion(answer.LocationConstraint);
  });
  if (!region.ok) {
    return {
      name,
      region,
      policy: region,
      publicAccessBlock: region,
      acl: region,
      logging: region,
      lifecycle: region,
      versioning: region,
      objectLock: region,
    };
  }

  const client = collection.client('s3', region.value);
  const read = <T>(operation: string, run: () => Promise<T>): Promise<Collected<T>> =>
    collection.read({ operation: `s3:${operation}`, region: region.value, resource: name }, run);
  const Bucket = name;
  const [policy, publicAccessBlock, acl, logging, lifecycle, versioning, objectLock] = await Promise.all([
    read('GetBucketPolicy', () => nullWhen(['NoSuchBucketPolicy'], async () => (await client.send(new GetBucketPolicyCommand({ Bucket }))).Policy ?? null)),
    read('GetPublicAccessBlock', () =>
      nullWhen(['NoSuchPublicAccessBlockConfiguration'], async () =>
        toPublicAccessBlock((await client.send(new GetPublicAccessBlockCommand({ Bucket }))).PublicAccessBlockConfiguration),
      ),
    ),
    read('GetBucketAcl', async () => {
      const answer = await client.send(new GetBucketAclCommand({ Bucket }));
      const grants = (answer.Grants ?? []).map(({ Grantee: grantee, Permission }) => ({
        granteeType: grantee?.Type ?? '',
        granteeUri: grantee?.URI,
        granteeId: grantee?.ID,
        permission: Permission ?? '',
      }));
      return { ownerId: answer.Owner?.ID, grants };
    }),
    read('GetBucketLogging', async () => {
      const { LoggingEnabled: enabled } = await client.send(new GetBucketLoggingCommand({ Bucket }));
      return enabled ? { targetBucket: enabled.TargetBucket ?? '', targetPrefix: enabled.TargetPrefix ?? '' } : null;
    }),
    read('GetBucketLifecycleConfiguration', () =>
      nullWhen(['NoSuchLifecycleConfiguration'], async () =>
        ((await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))).Rules ?? []).map(toLifecycleRule),
      ),
    ),
    read('GetBucketVersioning', async () => {
      const answer = await client.send(new GetBucketVersioningCommand({ Bucket }));
      return { status: answer.Status, mfaDelete: answer.MFADelete };
    }),
    // A bucket without Object Lock answers ObjectLockConfigurationNotFoundError (404).
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectLockConfiguration.html
    read('GetObjectLockConfiguration', () =>
      nullWhen(['ObjectLockConfigurationNotFoundError'], async () =>
        toObjectLock((await client.send(new GetObjectLockConfigurationCommand({ Bucket }))).ObjectLockConfiguration),
      ),
    ),
  ]);
  return { name, region, policy, publicAccessBlock, acl, logging, lifecycle, versioning, objectLock };
}

/** S3 Control GetPublicAccessBlock: the account-wide Block Public Access setting; none configured is `null`. */
export async function describeAccountPublicAccessBlock(collection: Collection): Promise<Collected<PublicAccessBlock | null>> {
  const { homeRegion: region, identity } = collection;
  return collection.read({ operation: 's3control:GetPublicAccessBlock', region, resource: identity.accountId }, () =>
    nullWhen(['NoSuchPublicAccessBlockConfiguration'], async () => {
      const answer = await collection.client('s3control', region).send(new GetAccountPublicAccessBlockCommand({ AccountId: identity.accountId }));
      return toPublicAccessBlock(answer.PublicAccessBlockConfiguration);
    }),
  );
}

/** The location constraint of a us-east-1 bucket is empty, and `EU` is the legacy name of eu-west-1. */
function bucketRegion(constraint: string | undefined): string {
  if (!constraint) return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

/** An unset flag blocks nothing. */
function toPublicAccessBlock(config: PublicAccessBlockConfiguration | undefined): PublicAccessBlock {
  return {
    blockPublicAcls: config?.BlockPublicAcls ?? false,
    ignorePublicAcls: config?.IgnorePublicAcls ?? false,
    blockPublicPolicy: config?.BlockPublicPolicy ?? false,
    restrictPublicBuckets: config?.RestrictPublicBuckets ?? false,
  };
}

function toObjectLock(config: ObjectLockConfiguration | undefined): ObjectLock {
  const retention = config?.Rule?.DefaultRetention;
  return {
    enabled: config?.ObjectLockEnabled === 'Enabled',
    ...(retention && {
      defaultRetention: {
        mode: retention.Mode ?? '',
        ...(retention.Days !== undefined && { days: retention.Days }),
        ...(retention.Years !== undefined && { years: retention.Years }),
      },
    }),
  };
}

function toLifecycleRule(rule: SdkLifecycleRule): LifecycleRule {
  return {
    id: rule.ID,
    status: rule.Status ?? '',
    // The rule-level Prefix is deprecated in favour of Filter, but old rules still carry it.
    prefix: rule.Filter?.Prefix ?? rule.Filter?.And?.Prefix ?? rule.Prefix,
    expirationDays: rule.Expiration?.Days,
    noncurrentExpirationDays: rule.NoncurrentVersionExpiration?.NoncurrentDays,
    transitions: (rule.Transitions ?? []).map((t) => ({ days: t.Days, storageClass: t.StorageClass })),
    noncurrentTransitions: (rule.NoncurrentVersionTransitions ?? []).map((t) => ({ days: t.NoncurrentDays, storageClass: t.StorageClass })),
    ...(rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined && {
      abortIncompleteUploadDays: rule.AbortIncompleteMultipartUpload.DaysAfterInitiation,
    }),
  };
}
