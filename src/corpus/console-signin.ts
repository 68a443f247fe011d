import { ACCOUNT_ID, corpusRecord, IDENTITIES } from './build.js';
import { rootSignInFailure, rootSignInWithMfa } from './root-usage.js';
import type { CorpusRecord } from './types.js';

/**
 * CloudWatch.3 (sign-in without MFA) and CloudWatch.6 (failed sign-in). IAM users sign in through a
 * regional endpoint, so their ConsoleLogin arrives in that region. cloudtrail-events.md §3–§4.
 */

const anaya = { type: 'IAMUser', principalId: 'AIDACKCEVSQ6C2EXAMPLE', arn: `arn:aws:iam::${ACCOUNT_ID}:user/anaya`, accountId: ACCOUNT_ID, userName: 'anaya' };

const iamUserSignIn = {
  eventVersion: '1.05',
  userIdentity: anaya,
  eventTime: '2022-11-10T16:24:34Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-2',
  sourceIPAddress: '192.0.2.0',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { MobileVersion: 'No', LoginTo: 'https://console.aws.amazon.com/sns', MFAUsed: 'No' },
  eventType: 'AwsConsoleSignIn',
  recipientAccountId: ACCOUNT_ID,
};

/** M1 (AWS sample). */
const signInWithoutMfa = corpusRecord('M1', 'IAM user console sign-in without MFA', iamUserSignIn);

/** M2 (AWS sample). */
const signInWithMfa = corpusRecord('M2', 'IAM user console sign-in with MFA', {
  ...iamUserSignIn,
  awsRegion: 'us-east-1',
  additionalEventData: {
    LoginTo: 'https://console.aws.amazon.com/console/home',
    MobileVersion: 'No',
    MFAIdentifier: `arn:aws:iam::${ACCOUNT_ID}:u2f/user/anaya/default-AAAAAAAABBBBBBBBCCCCCCCCDD`,
    MFAUsed: 'Yes',
  },
});

/** M3: federated (Identity Center) sign-in; MFA happened at the IdP and CloudTrail says "No". */
const federatedSignIn = corpusRecord('M3', 'federated console sign-in (MFA at the identity provider)', {
  eventVersion: '1.09',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLE:user@example.com',
    arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/AWSReservedSSO_PowerUser_0123456789abcdef/user@example.com`,
    accountId: ACCOUNT_ID,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        arn: `arn:aws:iam::${ACCOUNT_ID}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PowerUser_0123456789abcdef`,
        userName: 'AWSReservedSSO_PowerUser_0123456789abcdef',
      },
    },
  },
  eventTime: '2026-01-05T12:00:00Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '203.0.113.20',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { MobileVersion: 'No', MFAUsed: 'No' },
  eventType: 'AwsConsoleSignIn',
  recipientAccountId: ACCOUNT_ID,
});

/** M4 (synthetic): no MFAUsed at all, to catch `!=` on a missing field. */
const signInWithoutMfaField = corpusRecord('M4', 'console sign-in without an MFAUsed field', {
  ...iamUserSignIn,
  eventVersion: '1.09',
  userIdentity: IDENTITIES.alice,
  eventTime: '2026-01-05T12:01:00Z',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.21',
  additionalEventData: { MobileVersion: 'No' },
});

/** F1 (AWS sample; eventType and recipientAccountId added as current records carry them). */
const failedSignIn = corpusRecord('F1', 'failed IAM user console sign-in', {
  eventVersion: '1.05',
  userIdentity: { ...anaya, userName: 'JaneDoe', arn: `arn:aws:iam::${ACCOUNT_ID}:user/JaneDoe` },
  eventTime: '2014-07-08T17:35:27Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-2',
  sourceIPAddress: '192.0.2.100',
  errorMessage: 'Failed authentication',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Failure' },
  additionalEventData: { MobileVersion: 'No', LoginTo: 'https://console.aws.amazon.com/sns', MFAUsed: 'No' },
  eventType: 'AwsConsoleSignIn',
  recipientAccountId: ACCOUNT_ID,
});

/** F2 (AWS sample): a failure the CIS pattern does not count; note `AwsConsoleSignin` as AWS spells it here. */
export const signInUnknownUser = corpusRecord('F2', 'failed sign-in with an unknown user name', {
  eventVersion: '1.05',
  userIdentity: { type: 'IAMUser', accountId: '123456789012', accessKeyId: '', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
  eventTime: '2015-03-31T22:20:42Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-2',
  sourceIPAddress: '192.0.2.101',
  errorMessage: 'No username found in supplied account',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Failure' },
  additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
  eventType: 'AwsConsoleSignin',
  recipientAccountId: '123456789012',
});

export const signInWithoutMfaEvents: readonly CorpusRecord[] = [signInWithoutMfa];
export const signInWithoutMfaNearMisses: readonly CorpusRecord[] = [signInWithMfa, rootSignInWithMfa, federatedSignIn, signInWithoutMfaField, failedSignIn];

export const signInFailures: readonly CorpusRecord[] = [failedSignIn, rootSignInFailure];
export const signInFailuresNearMisses: readonly CorpusRecord[] = [signInWithoutMfa, signInWithMfa];
