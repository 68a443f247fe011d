import { ACCOUNT_ID, corpusRecord, IDENTITIES, MANAGEMENT_CALL, variant } from './build.js';
import type { CorpusRecord } from './types.js';

/**
 * CloudWatch.2: every call denied for lack of permission, i.e. an errorCode ending in
 * UnauthorizedOperation (EC2 writes Client.UnauthorizedOperation) or starting with AccessDenied.
 * cloudtrail-events.md §2 (U1–U7).
 */

const deniedEc2Write = {
  eventVersion: '1.09',
  userIdentity: IDENTITIES.alice,
  eventTime: '2026-01-05T11:00:00Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'RunInstances',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '203.0.113.10',
  userAgent: 'aws-cli/2.15.0',
  errorCode: 'Client.UnauthorizedOperation',
  errorMessage: 'You are not authorized to perform this operation.',
  requestParameters: { instanceType: 't3.micro' },
  responseElements: null,
  readOnly: false,
  ...MANAGEMENT_CALL,
};

const deniedIamRead = corpusRecord('U2', 'AccessDenied on a read-only IAM call (ListUsers)', {
  eventVersion: '1.09',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLE:bob',
    arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/dev/bob`,
    accountId: ACCOUNT_ID,
    sessionContext: {
      sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT_ID}:role/dev`, userName: 'dev' },
      attributes: { mfaAuthenticated: 'false', creationDate: '2026-01-05T11:00:00Z' },
    },
  },
  eventTime: '2026-01-05T11:01:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'ListUsers',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.11',
  userAgent: 'aws-cli/2.15.0',
  errorCode: 'AccessDenied',
  errorMessage: `User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/dev/bob is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT_ID}:user/ because no identity-based policy allows the iam:ListUsers action`,
  requestParameters: null,
  responseElements: null,
  readOnly: true,
  ...MANAGEMENT_CALL,
});

const deniedKmsWrite = corpusRecord('U3', 'AccessDeniedException on a KMS call (DisableKey)', {
  ...deniedEc2Write,
  eventTime: '2026-01-05T11:02:00Z',
  eventSource: 'kms.amazonaws.com',
  eventName: 'DisableKey',
  errorCode: 'AccessDeniedException',
  errorMessage: `User: arn:aws:iam::${ACCOUNT_ID}:user/alice is not authorized to perform: kms:DisableKey on resource: arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' },
});

/** Most denials are Describe/Get/List calls: plain ENABLED EventBridge rules never see them. */
const deniedEc2Read = variant('U8', 'Client.UnauthorizedOperation on a read-only EC2 call (DescribeInstances)', deniedEc2Write, {
  eventTime: '2026-01-05T11:06:00Z',
  eventName: 'DescribeInstances',
  requestParameters: { instancesSet: {}, filterSet: {} },
  readOnly: true,
});

/** U4 (AWS sample): an error that is not about authorisation. */
export const trailNotFoundError = corpusRecord('U4', 'non-authorisation error (TrailNotFoundException)', {
  eventVersion: '1.04',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'EX_PRINCIPAL_ID',
    arn: 'arn:aws:iam::123456789012:user/Alice',
    accountId: '123456789012',
    accessKeyId: 'EXAMPLE_KEY_ID',
    userName: 'Alice',
  },
  eventTime: '2016-07-14T19:15:45Z',
  eventSource: 'cloudtrail.amazonaws.com',
  eventName: 'UpdateTrail',
  awsRegion: 'us-east-2',
  sourceIPAddress: '205.251.233.182',
  userAgent: 'aws-cli/1.10.32 Python/2.7.9 Windows/7 botocore/1.4.22',
  errorCode: 'TrailNotFoundException',
  errorMessage: 'Unknown trail: myTrail2 for the user: 123456789012',
  requestParameters: { name: 'myTrail2' },
  responseElements: null,
  eventType: 'AwsApiCall',
  recipientAccountId: '123456789012',
});

/** U5: a successful call has no errorCode key at all. */
export const successfulEc2Read = corpusRecord('U5', 'successful read-only EC2 call (DescribeInstances)', {
  eventVersion: '1.09',
  userIdentity: IDENTITIES.alice,
  eventTime: '2026-01-05T11:03:00Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'DescribeInstances',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '203.0.113.10',
  userAgent: 'aws-cli/2.15.0',
  requestParameters: { instancesSet: {}, filterSet: {} },
  responseElements: null,
  readOnly: true,
  ...MANAGEMENT_CALL,
});

const deniedS3HeadBucket = {
  eventVersion: '1.09',
  userIdentity: IDENTITIES.alice,
  eventTime: '2026-01-05T11:04:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'HeadBucket',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '203.0.113.10',
  userAgent: 'aws-cli/2.15.0',
  errorCode: 'AccessDenied',
  errorMessage: 'Access Denied',
  requestParameters: { bucketName: 'example-bucket', Host: 'example-bucket.s3.eu-west-1.amazonaws.com' },
  responseElements: null,
  readOnly: true,
  ...MANAGEMENT_CALL,
};

/**
 * U6 and U7 are denials the CIS v2/v3 pattern deliberately excludes. They are neither required nor
 * near-misses: the Security Hub pattern matches them and so may any filter.
 */
export const unauthorizedCallsExcludedByCisV2 = [
  corpusRecord('U6', 'AccessDenied on HeadBucket', deniedS3HeadBucket),
  corpusRecord('U7', 'AccessDenied to the log-delivery service', {
    ...deniedS3HeadBucket,
    userIdentity: { type: 'AWSService', invokedBy: 'delivery.logs.amazonaws.com' },
    eventTime: '2026-01-05T11:05:00Z',
    eventName: 'GetBucketAcl',
    sourceIPAddress: 'delivery.logs.amazonaws.com',
    userAgent: 'delivery.logs.amazonaws.com',
    requestParameters: { bucketName: 'example-logs', acl: '' },
  }),
] as const;

export const unauthorizedCalls: readonly CorpusRecord[] = [
  corpusRecord('U1', 'Client.UnauthorizedOperation on an EC2 call (RunInstances)', deniedEc2Write),
  deniedIamRead,
  deniedKmsWrite,
  deniedEc2Read,
];
export const unauthorizedCallsNearMisses: readonly CorpusRecord[] = [trailNotFoundError, successfulEc2Read];
