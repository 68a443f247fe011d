import { ACCOUNT_ID, corpusRecord, IDENTITIES, MANAGEMENT_CALL, recordOf } from './build.js';
import { iamPolicyChanges } from './iam-policy-changes.js';
import type { CorpusRecord } from './types.js';

/**
 * CloudWatch.1: any call or sign-in with root credentials that a service did not make on root's
 * behalf. cloudtrail-events.md §1 (R1–R4, N1, N2).
 */

const rootSignIn = {
  eventVersion: '1.05',
  userIdentity: IDENTITIES.root,
  eventTime: '2022-11-10T16:24:34Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: '192.0.2.0',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
  eventType: 'AwsConsoleSignIn',
  recipientAccountId: ACCOUNT_ID,
};

/** R1 (AWS sample): root console sign-in without MFA. */
export const rootSignInWithoutMfa = corpusRecord('R1', 'root console sign-in without MFA', rootSignIn);

/** R2 (AWS sample): with MFA; note "YES" in upper case, as AWS's own sample has it. */
export const rootSignInWithMfa = corpusRecord('R2', 'root console sign-in with MFA', {
  ...rootSignIn,
  additionalEventData: {
    LoginTo: 'https://console.aws.amazon.com/console/home',
    MobileVersion: 'No',
    MFAIdentifier: `arn:aws:iam::${ACCOUNT_ID}:mfa/root-account-mfa-device`,
    MFAUsed: 'YES',
  },
});

/** F3 (AWS sample shape): a failed root sign-in. */
export const rootSignInFailure = corpusRecord('F3', 'failed root console sign-in', {
  ...rootSignIn,
  errorMessage: 'Failed authentication',
  responseElements: { ConsoleLogin: 'Failure' },
});

const rootIamCall = corpusRecord('R3', 'root IAM call (EnableMFADevice)', {
  eventVersion: '1.09',
  userIdentity: {
    ...IDENTITIES.root,
    accessKeyId: 'ASIAEXAMPLEROOT',
    sessionContext: { attributes: { mfaAuthenticated: 'false', creationDate: '2020-10-13T21:05:40Z' } },
  },
  eventTime: '2022-11-10T16:24:34Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'EnableMFADevice',
  awsRegion: 'us-east-1',
  sourceIPAddress: '192.0.2.0',
  userAgent: 'Coral/Netty4',
  requestParameters: { userName: 'AWS ROOT USER', serialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/root-account-mfa-device` },
  responseElements: null,
  readOnly: false,
  ...MANAGEMENT_CALL,
});

/** R4: read-only, so EventBridge delivers it only to rules that receive all management events. */
const rootRegionalReadCall = corpusRecord('R4', 'root read-only EC2 call (DescribeRegions)', {
  eventVersion: '1.09',
  userIdentity: { ...IDENTITIES.root, accessKeyId: 'AKIAEXAMPLEROOT' },
  eventTime: '2026-01-05T10:00:00Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'DescribeRegions',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '198.51.100.7',
  userAgent: 'aws-cli/2.15.0',
  requestParameters: { regionSet: {} },
  responseElements: null,
  readOnly: true,
  ...MANAGEMENT_CALL,
});

/** N1 (AWS sample): a service event; it has no userIdentity.type at all. */
export const kmsRotationServiceEvent = corpusRecord('N1', 'AWS service event (KMS RotateKey)', {
  eventVersion: '1.05',
  userIdentity: { accountId: ACCOUNT_ID, invokedBy: 'AWS Internal' },
  eventTime: '2019-06-02T00:06:08Z',
  eventSource: 'kms.amazonaws.com',
  eventName: 'RotateKey',
  awsRegion: 'us-east-2',
  sourceIPAddress: 'AWS Internal',
  userAgent: 'AWS Internal',
  requestParameters: null,
  responseElements: null,
  readOnly: false,
  resources: [{ ARN: `arn:aws:kms:us-east-2:${ACCOUNT_ID}:key/7944f0ec-EXAMPLE`, accountId: ACCOUNT_ID, type: 'AWS::KMS::Key' }],
  eventType: 'AwsServiceEvent',
  recipientAccountId: ACCOUNT_ID,
  serviceEventDetails: { keyId: '7944f0ec-EXAMPLE' },
});

/** N2: a service (CloudFormation) calling with root's credentials: invokedBy is set. */
const rootCallInvokedByService = corpusRecord('N2', "root call made by CloudFormation on root's behalf", {
  eventVersion: '1.09',
  userIdentity: { ...IDENTITIES.root, invokedBy: 'cloudformation.amazonaws.com' },
  eventTime: '2026-01-05T10:05:00Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'CreateSecurityGroup',
  awsRegion: 'eu-west-1',
  sourceIPAddress: 'cloudformation.amazonaws.com',
  userAgent: 'cloudformation.amazonaws.com',
  requestParameters: { groupName: 'web', groupDescription: 'web' },
  responseElements: { groupId: 'sg-0123456789abcdef0' },
  readOnly: false,
  ...MANAGEMENT_CALL,
});

export const rootUsage: readonly CorpusRecord[] = [rootSignInWithoutMfa, rootSignInWithMfa, rootIamCall, rootRegionalReadCall];
/** N1, N2, and any IAM user's call. */
export const rootUsageNearMisses: readonly CorpusRecord[] = [kmsRotationServiceEvent, rootCallInvokedByService, recordOf(iamPolicyChanges, 'PutRolePolicy')];
