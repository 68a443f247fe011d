import { ACCOUNT_ID, IDENTITIES, MANAGEMENT_CALL, recordOf, requiredEventRecords, variant } from './build.js';
import { s3BucketPolicyChanges } from './s3-bucket-policy-changes.js';
import type { CorpusRecord, RequiredEvents } from './types.js';

/** CloudWatch.4. IAM is global: every record carries awsRegion us-east-1. cloudtrail-events.md §5. */
export const IAM_POLICY_EVENTS: RequiredEvents = {
  eventSource: 'iam.amazonaws.com',
  eventNames: [
    'DeleteGroupPolicy',
    'DeleteRolePolicy',
    'DeleteUserPolicy',
    'PutGroupPolicy',
    'PutRolePolicy',
    'PutUserPolicy',
    'CreatePolicy',
    'DeletePolicy',
    'CreatePolicyVersion',
    'DeletePolicyVersion',
    'AttachRolePolicy',
    'DetachRolePolicy',
    'AttachUserPolicy',
    'DetachUserPolicy',
    'AttachGroupPolicy',
    'DetachGroupPolicy',
  ],
};

const policyDocument = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
const policyArn = `arn:aws:iam::${ACCOUNT_ID}:policy/app-access`;

/** P1: the template; requestParameters follow the call (no CIS pattern reads them). */
const iamCall = {
  eventVersion: '1.09',
  userIdentity: IDENTITIES.alice,
  eventTime: '2026-01-05T13:00:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'PutRolePolicy',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.10',
  userAgent: 'aws-cli/2.15.0',
  requestParameters: { roleName: 'app', policyName: 'inline', policyDocument },
  responseElements: null,
  readOnly: false,
  ...MANAGEMENT_CALL,
};

function requestParameters(eventName: string): Record<string, unknown> {
  const principal = /Group/.test(eventName) ? { groupName: 'admins' } : /User/.test(eventName) ? { userName: 'alice' } : { roleName: 'app' };
  if (/^(Put|Delete)(Group|Role|User)Policy$/.test(eventName)) {
    return { requestParameters: { ...principal, policyName: 'inline', ...(eventName.startsWith('Put') ? { policyDocument } : {}) } };
  }
  if (/^(Attach|Detach)/.test(eventName)) return { requestParameters: { ...principal, policyArn } };
  if (eventName === 'CreatePolicy') return { requestParameters: { policyName: 'app-access', policyDocument } };
  if (eventName === 'CreatePolicyVersion') return { requestParameters: { policyArn, policyDocument, setAsDefault: true } };
  if (eventName === 'DeletePolicyVersion') return { requestParameters: { policyArn, versionId: 'v2' } };
  return { requestParameters: { policyArn } };
}

export const iamPolicyChanges: readonly CorpusRecord[] = requiredEventRecords('P1', iamCall, IAM_POLICY_EVENTS, requestParameters);

export const iamPolicyChangesNearMisses: readonly CorpusRecord[] = [
  variant('P1:GetPolicy', 'IAM GetPolicy (read-only)', iamCall, { eventName: 'GetPolicy', requestParameters: { policyArn }, readOnly: true }),
  variant('P1:CreateUser', 'IAM CreateUser (not a policy change)', iamCall, {
    eventName: 'CreateUser',
    requestParameters: { userName: 'Bob' },
    responseElements: {
      user: { createDate: 'Jan 5, 2026 1:00:00 PM', userName: 'Bob', arn: `arn:aws:iam::${ACCOUNT_ID}:user/Bob`, path: '/', userId: 'AIDAEXAMPLEBOB' },
    },
  }),
  variant('P1:UpdateAssumeRolePolicy', 'IAM UpdateAssumeRolePolicy (trust policy; not in the CIS list)', iamCall, {
    eventName: 'UpdateAssumeRolePolicy',
    requestParameters: { roleName: 'app', policyDocument },
  }),
  recordOf(s3BucketPolicyChanges, 'PutBucketPolicy'),
];
