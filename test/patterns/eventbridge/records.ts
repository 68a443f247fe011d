/**
 * CloudTrail records from docs/reference/cloudtrail-events.md, under the ids used there
 * (R1, N1, U1...), as the parsed JSON the engine receives.
 */

/** R1: root ConsoleLogin without MFA (AWS sample). */
export const rootConsoleLogin: Record<string, unknown> = {
  eventVersion: '1.05',
  userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333', accessKeyId: '' },
  eventTime: '2022-11-10T16:24:34Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: '192.0.2.0',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
  eventType: 'AwsConsoleSignIn',
  recipientAccountId: '111122223333',
};

/** R2: root ConsoleLogin with MFA; note "MFAUsed": "YES" in upper case (AWS sample). */
export const rootConsoleLoginWithMfa: Record<string, unknown> = {
  eventVersion: '1.05',
  userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333', accessKeyId: '' },
  eventTime: '2022-11-10T16:24:34Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: '192.0.2.0',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: {
    LoginTo: 'https://console.aws.amazon.com/console/home',
    MobileVersion: 'No',
    MFAIdentifier: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device',
    MFAUsed: 'YES',
  },
  eventType: 'AwsConsoleSignIn',
  recipientAccountId: '111122223333',
};

/** R3: root IAM API call (AWS sample). */
export const rootApiCall: Record<string, unknown> = {
  eventVersion: '1.09',
  userIdentity: {
    type: 'Root',
    principalId: '111122223333',
    arn: 'arn:aws:iam::111122223333:root',
    accountId: '111122223333',
    accessKeyId: 'ASIAEXAMPLEROOT',
    sessionContext: { attributes: { mfaAuthenticated: 'false', creationDate: '2020-10-13T21:05:40Z' } },
  },
  eventTime: '2022-11-10T16:24:34Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'EnableMFADevice',
  awsRegion: 'us-east-1',
  sourceIPAddress: '192.0.2.0',
  userAgent: 'Coral/Netty4',
  requestParameters: { userName: 'AWS ROOT USER', serialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device' },
  responseElements: null,
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
};

/** N1: KMS automatic rotation, a service event with a `resources` array of objects (AWS sample). */
export const kmsRotateKey: Record<string, unknown> = {
  eventVersion: '1.05',
  userIdentity: { accountId: '111122223333', invokedBy: 'AWS Internal' },
  eventTime: '2019-06-02T00:06:08Z',
  eventSource: 'kms.amazonaws.com',
  eventName: 'RotateKey',
  awsRegion: 'us-east-2',
  sourceIPAddress: 'AWS Internal',
  userAgent: 'AWS Internal',
  requestParameters: null,
  responseElements: null,
  readOnly: false,
  resources: [{ ARN: 'arn:aws:kms:us-east-2:111122223333:key/7944f0ec-EXAMPLE', accountId: '111122223333', type: 'AWS::KMS::Key' }],
  eventType: 'AwsServiceEvent',
  recipientAccountId: '111122223333',
  serviceEventDetails: { keyId: '7944f0ec-EXAMPLE' },
};

/** U1: EC2 write call denied. */
export const ec2RunInstancesDenied: Record<string, unknown> = {
  eventVersion: '1.09',
  userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLEALICE', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' },
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
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
};

/** U2: IAM read-only call denied (us-east-1). */
export const iamListUsersDenied: Record<string, unknown> = {
  eventVersion: '1.09',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLE:bob',
    arn: 'arn:aws:sts::111122223333:assumed-role/dev/bob',
    accountId: '111122223333',
    sessionContext: {
      sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/dev', userName: 'dev' },
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
  errorMessage:
    'User: arn:aws:sts::111122223333:assumed-role/dev/bob is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::111122223333:user/ because no identity-based policy allows the iam:ListUsers action',
  requestParameters: null,
  responseElements: null,
  readOnly: true,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
};

/** M1: IAM user console sign-in without MFA, Regional endpoint us-east-2 (AWS sample). */
export const iamUserConsoleLogin: Record<string, unknown> = {
  eventVersion: '1.05',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDACKCEVSQ6C2EXAMPLE',
    arn: 'arn:aws:iam::111122223333:user/anaya',
    accountId: '111122223333',
    userName: 'anaya',
  },
  eventTime: '2022-11-10T16:24:34Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-2',
  sourceIPAddress: '192.0.2.0',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { MobileVersion: 'No', LoginTo: 'https://console.aws.amazon.com/sns', MFAUsed: 'No' },
  eventType: 'AwsConsoleSignIn',
};

/** F1: IAM user failed sign-in (AWS sample from the IAM guide, which omits eventType). */
export const iamUserFailedLogin: Record<string, unknown> = {
  eventVersion: '1.05',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDACKCEVSQ6C2EXAMPLE',
    arn: 'arn:aws:iam::111122223333:user/JaneDoe',
    accountId: '111122223333',
    userName: 'JaneDoe',
  },
  eventTime: '2014-07-08T17:35:27Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-2',
  sourceIPAddress: '192.0.2.100',
  errorMessage: 'Failed authentication',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Failure' },
  additionalEventData: { MobileVersion: 'No', LoginTo: 'https://console.aws.amazon.com/sns', MFAUsed: 'No' },
};

/** K1: KMS DisableKey. */
export const kmsDisableKey: Record<string, unknown> = {
  eventVersion: '1.09',
  userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLEALICE', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' },
  eventTime: '2026-01-05T13:20:00Z',
  eventSource: 'kms.amazonaws.com',
  eventName: 'DisableKey',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '203.0.113.10',
  userAgent: 'aws-cli/2.15.0',
  requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' },
  responseElements: null,
  readOnly: false,
  resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }],
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
};
