import { ACCOUNT_ID, MANAGEMENT_CALL, recordOf, requiredEventRecords, variant } from './build.js';
import { iamPolicyChanges } from './iam-policy-changes.js';
import type { CorpusRecord, RequiredEvents } from './types.js';

/** TW.1 (CIS 4.15): Organizations is global, every record carries awsRegion us-east-1. cloudtrail-events.md §15. */
export const ORGANIZATIONS_EVENTS: RequiredEvents = {
  eventSource: 'organizations.amazonaws.com',
  eventNames: [
    'AcceptHandshake',
    'AttachPolicy',
    'CreateAccount',
    'CreateOrganizationalUnit',
    'CreatePolicy',
    'DeclineHandshake',
    'DeleteOrganization',
    'DeleteOrganizationalUnit',
    'DeletePolicy',
    'DetachPolicy',
    'DisablePolicyType',
    'EnablePolicyType',
    'InviteAccountToOrganization',
    'LeaveOrganization',
    'MoveAccount',
    'RemoveAccountFromOrganization',
    'UpdatePolicy',
    'UpdateOrganizationalUnit',
  ],
};

/** O1: the template (AttachPolicy). */
const organizationsCall = {
  eventVersion: '1.09',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLE:admin',
    arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/OrgAdmin/admin`,
    accountId: ACCOUNT_ID,
    sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT_ID}:role/OrgAdmin`, userName: 'OrgAdmin' } },
  },
  eventTime: '2026-01-05T14:00:00Z',
  eventSource: 'organizations.amazonaws.com',
  eventName: 'AttachPolicy',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.40',
  userAgent: 'aws-cli/2.15.0',
  requestParameters: { policyId: 'p-examplepolicyid', targetId: 'ou-exam-pleouid1' },
  responseElements: null,
  readOnly: false,
  ...MANAGEMENT_CALL,
};

function requestParameters(eventName: string): Record<string, unknown> {
  if (/Handshake$/.test(eventName)) return { requestParameters: { handshakeId: 'h-examplehandshakeid' } };
  if (/OrganizationalUnit$/.test(eventName)) return { requestParameters: { parentId: 'r-examplerootid', name: 'Workloads' } };
  if (/Account|Organization$/.test(eventName)) return { requestParameters: { accountId: '444455556666' } };
  if (/PolicyType$/.test(eventName)) return { requestParameters: { rootId: 'r-examplerootid', policyType: 'SERVICE_CONTROL_POLICY' } };
  return {};
}

export const organizationsChanges: readonly CorpusRecord[] = requiredEventRecords('O1', organizationsCall, ORGANIZATIONS_EVENTS, requestParameters);

export const organizationsChangesNearMisses: readonly CorpusRecord[] = [
  variant('O1:DescribeOrganization', 'Organizations DescribeOrganization (read-only)', organizationsCall, {
    eventName: 'DescribeOrganization',
    requestParameters: null,
    readOnly: true,
  }),
  variant('O1:ListAccounts', 'Organizations ListAccounts (read-only)', organizationsCall, {
    eventName: 'ListAccounts',
    requestParameters: null,
    readOnly: true,
  }),
  recordOf(iamPolicyChanges, 'AttachRolePolicy'),
];
