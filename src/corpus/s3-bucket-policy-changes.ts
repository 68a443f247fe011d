import { ACCOUNT_ID, IDENTITIES, MANAGEMENT_CALL, requiredEventRecords, variant } from './build.js';
import type { CorpusRecord, RequiredEvents } from './types.js';

/** CloudWatch.8: bucket-level calls are management events, logged in the bucket's region. cloudtrail-events.md §8. */
export const S3_BUCKET_POLICY_EVENTS: RequiredEvents = {
  eventSource: 's3.amazonaws.com',
  eventNames: [
    'PutBucketAcl',
    'PutBucketPolicy',
    'PutBucketCors',
    'PutBucketLifecycle',
    'PutBucketReplication',
    'DeleteBucketPolicy',
    'DeleteBucketCors',
    'DeleteBucketLifecycle',
    'DeleteBucketReplication',
  ],
};

const bucket = { bucketName: 'example-bucket', Host: 'example-bucket.s3.eu-west-1.amazonaws.com' };

/** S1: the template (PutBucketPolicy). */
const s3BucketCall = {
  eventVersion: '1.09',
  userIdentity: IDENTITIES.alice,
  eventTime: '2026-01-05T13:30:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'PutBucketPolicy',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '203.0.113.10',
  userAgent: '[aws-cli/2.15.0]',
  requestParameters: {
    ...bucket,
    bucketPolicy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-bucket/*' }],
    },
    policy: '',
  },
  responseElements: null,
  additionalEventData: { SignatureVersion: 'SigV4', AuthenticationMethod: 'AuthHeader' },
  readOnly: false,
  resources: [{ accountId: ACCOUNT_ID, type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::example-bucket' }],
  ...MANAGEMENT_CALL,
};

/** The subresource each call names in its query string, as S3 records it in requestParameters. */
const SUBRESOURCE: Record<string, Record<string, unknown>> = {
  PutBucketAcl: { acl: '', AccessControlPolicy: { AccessControlList: { Grant: [] } } },
  PutBucketCors: { cors: '', CORSConfiguration: { CORSRule: [{ AllowedMethod: 'GET', AllowedOrigin: '*' }] } },
  PutBucketLifecycle: { lifecycle: '', LifecycleConfiguration: { Rule: [{ Status: 'Enabled', Expiration: { Days: 365 } }] } },
  PutBucketReplication: { replication: '', ReplicationConfiguration: { Role: `arn:aws:iam::${ACCOUNT_ID}:role/replication` } },
  DeleteBucketPolicy: { policy: '' },
  DeleteBucketCors: { cors: '' },
  DeleteBucketLifecycle: { lifecycle: '' },
  DeleteBucketReplication: { replication: '' },
};

export const s3BucketPolicyChanges: readonly CorpusRecord[] = requiredEventRecords('S1', s3BucketCall, S3_BUCKET_POLICY_EVENTS, (eventName) =>
  SUBRESOURCE[eventName] ? { requestParameters: { ...bucket, ...SUBRESOURCE[eventName] } } : {},
);

export const s3BucketPolicyChangesNearMisses: readonly CorpusRecord[] = [
  variant('S1:GetBucketPolicy', 'S3 GetBucketPolicy (read-only)', s3BucketCall, {
    eventName: 'GetBucketPolicy',
    requestParameters: { ...bucket, policy: '' },
    readOnly: true,
  }),
  variant('S1:PutBucketTagging', 'S3 PutBucketTagging', s3BucketCall, { eventName: 'PutBucketTagging', requestParameters: { ...bucket, tagging: '' } }),
  variant('S1:PutBucketPublicAccessBlock', 'S3 PutBucketPublicAccessBlock (not in the CIS list)', s3BucketCall, {
    eventName: 'PutBucketPublicAccessBlock',
    requestParameters: { ...bucket, publicAccessBlock: '', PublicAccessBlockConfiguration: { BlockPublicPolicy: false } },
  }),
];
