import { describe, expect, it } from 'vitest';
import { matchFilterPattern, parseFilterPattern } from '../../../src/patterns/filter/index.js';
import { type Case, outcome } from './helpers.js';
import { F1, F2, iamEvent, K1, K2, M1, M2, M3, M4, N1, N2, P1, R1, R2, R3, R4, U1, U2, U3, U4, U5, U6, variant } from './records.js';

/** The 54 tricky cases of docs/reference/filter-patterns.md §1.6, on the records of cloudtrail-events.md. */

const ROOT = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';
const UNAUTHORIZED = '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }';
const UNAUTHORIZED_CIS_V3 =
  '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }';
const UNAUTHORIZED_CIS_V14 =
  '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") || ($.sourceIPAddress!="delivery.logs.amazonaws.com") || ($.eventName!="HeadBucket") }';
const NO_MFA = '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }';
const NO_MFA_SECURITY_HUB =
  '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }';
const AUTH_FAILURE = '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }';
const IAM_POLICY_NAMES = [
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
];
const iamPattern = (names: string[]): string => `{${names.map((name) => `($.eventName=${name})`).join('||')}}`;
const KMS = '{ $.eventSource = kms.amazonaws.com && ($.eventName = DisableKey || $.eventName = ScheduleKeyDeletion) }';
const KMS_MISGROUPED = '{ ($.eventSource = kms.amazonaws.com) && ($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion) }';

const accessDeniedOnHeadBucketByEc2Code = variant(U6, { errorCode: 'Client.UnauthorizedOperation' });
const mentionsConsoleLogin = variant(P1, { requestParameters: { roleName: 'app', policyName: 'ConsoleLogin' } });

const cases: Case[] = [
  { id: '1', pattern: ROOT, event: 'root ConsoleLogin (R1)', message: R1, expected: 'match' },
  { id: '2a', pattern: ROOT, event: 'root IAM EnableMFADevice (R3)', message: R3, expected: 'match' },
  { id: '2b', pattern: ROOT, event: 'root EC2 DescribeRegions (R4)', message: R4, expected: 'match' },
  { id: '3', pattern: ROOT, event: 'AwsServiceEvent KMS RotateKey (N1)', message: N1, expected: 'no-match' },
  { id: '4', pattern: ROOT, event: 'root call with invokedBy (N2)', message: N2, expected: 'no-match' },
  { id: '5', pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy != "x" }', event: 'R1 (no invokedBy)', message: R1, expected: 'no-match' },
  { id: '6', pattern: '{ $.userIdentity.type = root }', event: 'R1', message: R1, expected: 'no-match' },
  { id: '7', pattern: "{$.userIdentity.type='Root'}", event: 'R1', message: R1, expected: 'invalid' },
  { id: '8', pattern: UNAUTHORIZED, event: 'Client.UnauthorizedOperation (U1)', message: U1, expected: 'match' },
  { id: '9a', pattern: UNAUTHORIZED, event: 'AccessDenied (U2)', message: U2, expected: 'match' },
  { id: '9b', pattern: UNAUTHORIZED, event: 'AccessDeniedException (U3)', message: U3, expected: 'match' },
  { id: '10', pattern: UNAUTHORIZED, event: 'success without errorCode (U5)', message: U5, expected: 'no-match' },
  { id: '11', pattern: UNAUTHORIZED, event: 'TrailNotFoundException (U4)', message: U4, expected: 'no-match' },
  { id: '12', pattern: UNAUTHORIZED_CIS_V3, event: 'AccessDenied on HeadBucket (U6)', message: U6, expected: 'no-match' },
  {
    id: '13',
    pattern: UNAUTHORIZED_CIS_V3,
    event: 'Client.UnauthorizedOperation on HeadBucket',
    message: accessDeniedOnHeadBucketByEc2Code,
    expected: 'match',
  },
  { id: '14', pattern: UNAUTHORIZED_CIS_V14, event: 'successful PutRolePolicy (P1)', message: P1, expected: 'match' },
  { id: '15', pattern: NO_MFA, event: 'IAM login, MFAUsed "No" (M1)', message: M1, expected: 'match' },
  { id: '16', pattern: NO_MFA, event: 'IAM login, MFAUsed "Yes" (M2)', message: M2, expected: 'no-match' },
  { id: '17', pattern: NO_MFA, event: 'root login, MFAUsed "YES" (R2)', message: R2, expected: 'match' },
  { id: '18', pattern: NO_MFA, event: 'login without MFAUsed (M4)', message: M4, expected: 'no-match' },
  { id: '18b', pattern: NO_MFA, event: 'federated login, MFAUsed "No" (M3)', message: M3, expected: 'match' },
  { id: '19', pattern: NO_MFA_SECURITY_HUB, event: 'failed non-MFA login (F1)', message: F1, expected: 'no-match' },
  { id: '19+', pattern: NO_MFA_SECURITY_HUB, event: 'federated login (M3), excluded by the IAMUser clause', message: M3, expected: 'no-match' },
  { id: '20', pattern: AUTH_FAILURE, event: 'Failed authentication (F1)', message: F1, expected: 'match' },
  { id: '21', pattern: AUTH_FAILURE, event: 'No username found (F2)', message: F2, expected: 'no-match' },
  { id: '22', pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "failed authentication") }', event: 'F1', message: F1, expected: 'no-match' },
  { id: '23a', pattern: '{$.eventName=DeleteGroupPolicy}', event: 'DeleteGroupPolicy', message: iamEvent('DeleteGroupPolicy'), expected: 'match' },
  { id: '23b', pattern: '{ ( $.eventName = "DeleteGroupPolicy" ) }', event: 'DeleteGroupPolicy', message: iamEvent('DeleteGroupPolicy'), expected: 'match' },
  { id: '23c', pattern: '{(($.eventName="DeleteGroupPolicy"))}', event: 'DeleteGroupPolicy', message: iamEvent('DeleteGroupPolicy'), expected: 'match' },
  {
    id: '24',
    pattern: iamPattern(IAM_POLICY_NAMES.filter((name) => name !== 'DeletePolicyVersion')),
    event: 'DeletePolicyVersion',
    message: iamEvent('DeletePolicyVersion'),
    expected: 'no-match',
  },
  { id: '25', pattern: '{ $.eventSource = DeleteGroupPolicy }', event: 'DeleteGroupPolicy', message: iamEvent('DeleteGroupPolicy'), expected: 'no-match' },
  { id: '27', pattern: '{ $.eventName = "Put*Policy" }', event: 'PutRolePolicy', message: P1, expected: 'uncertain' },
  { id: '28', pattern: '{ $.eventName = %Policy$% }', event: 'PutRolePolicy', message: P1, expected: 'match' },
  { id: '29', pattern: '{ $.eventName = %(Put|Delete)RolePolicy% }', event: 'P1', message: P1, expected: 'invalid' },
  { id: '30a', pattern: '{ $.resources = "x" }', event: 'KMS event with a resources array (K1)', message: K1, expected: 'no-match' },
  { id: '30b', pattern: '{ $.resources != "x" }', event: 'KMS event with a resources array (K1)', message: K1, expected: 'no-match' },
  { id: '31', pattern: '{ $.resources[0].type = "AWS::KMS::Key" }', event: 'K1', message: K1, expected: 'match' },
  { id: '32', pattern: '{ $.resources[*].ARN = "*:key/*" }', event: 'K1', message: K1, expected: 'match' },
  { id: '33', pattern: '{ $.userIdentity = "Root" }', event: 'R1', message: R1, expected: 'no-match' },
  { id: '34', pattern: '{ $.errorCode IS NULL }', event: 'errorCode absent (U5)', message: U5, expected: 'no-match' },
  { id: '35', pattern: '{ $.requestParameters IS NULL }', event: 'requestParameters null (M1)', message: M1, expected: 'match' },
  { id: '36', pattern: '{ $.requestParameters NOT EXISTS }', event: 'requestParameters null (M1)', message: M1, expected: 'no-match' },
  { id: '37', pattern: '{ $.readOnly IS FALSE }', event: 'readOnly false (P1)', message: P1, expected: 'match' },
  { id: '38a', pattern: '{ $.userIdentity.invokedBy EXISTS }', event: 'R1', message: R1, expected: 'invalid' },
  { id: '38b', pattern: '{ $.userIdentity.invokedBy IS NOT NULL }', event: 'R1', message: R1, expected: 'invalid' },
  { id: '39', pattern: '{ $.eventName = "ConsoleLogin" ', event: 'M1', message: M1, expected: 'invalid' },
  { id: '40', pattern: '{ eventName = "ConsoleLogin" }', event: 'M1', message: M1, expected: 'invalid' },
  { id: '41a', pattern: 'ConsoleLogin', event: 'M1', message: M1, expected: 'match' },
  { id: '41b', pattern: 'ConsoleLogin', event: 'requestParameters mentioning ConsoleLogin', message: mentionsConsoleLogin, expected: 'match' },
  { id: '42', pattern: '"Failed authentication"', event: 'F1', message: F1, expected: 'match' },
  { id: '43', pattern: '?DeleteGroupPolicy ?PutRolePolicy', event: 'PutRolePolicy', message: iamEvent('PutRolePolicy'), expected: 'match' },
  { id: '44', pattern: '?DeleteGroupPolicy ?PutRolePolicy iam', event: 'DeleteRolePolicy', message: iamEvent('DeleteRolePolicy'), expected: 'match' },
  { id: '45', pattern: 'ERROR -ARGUMENTS', event: 'a plain log line', message: '[ERROR 419] MISSING ARGUMENTS', expected: 'no-match' },
  { id: '46a', pattern: '', event: 'R1', message: R1, expected: 'match' },
  { id: '46b', pattern: '', event: 'any text', message: 'anything', expected: 'match' },
  { id: '46c', pattern: '" "', event: 'any text', message: 'anything', expected: 'match' },
  { id: '47', pattern: '{ $.* = "ConsoleLogin" }', event: 'M1', message: M1, expected: 'match' },
  { id: '48', pattern: '{ $.a[*].b[*] = 1 }', event: 'K1', message: K1, expected: 'invalid' },
  { id: '49', pattern: '{ $.eventName = %a% && $.eventSource = %b% && $.awsRegion = %c% }', event: 'K1', message: K1, expected: 'invalid' },
  { id: '50', pattern: '{ $.errorCode = 400 }', event: 'errorCode "400" (a string)', message: variant(U4, { errorCode: '400' }), expected: 'uncertain' },
  { id: '51a', pattern: KMS, event: 'DisableKey (K1)', message: K1, expected: 'match' },
  { id: '51b', pattern: KMS, event: 'ScheduleKeyDeletion (K2)', message: K2, expected: 'match' },
  {
    id: '52',
    pattern: KMS_MISGROUPED,
    event: 'ScheduleKeyDeletion from another source',
    message: variant(K2, { eventSource: 'iam.amazonaws.com' }),
    expected: 'match',
  },
  { id: '53', pattern: '[w1=ERROR, w2]', event: 'a CloudTrail line (R1)', message: R1, expected: 'no-match' },
  { id: '54', pattern: '[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000]', event: '—', message: '', expected: 'invalid' },
];

describe('filter-patterns.md §1.6 tricky cases', () => {
  it.each(cases)('#$id $pattern on $event → $expected', ({ pattern, message, expected }) => {
    expect(outcome(pattern, message)).toBe(expected);
  });

  // #26: the contains-wildcard catches every IAM policy event, and more (GetPolicy, S3 PutBucketPolicy).
  it.each([...IAM_POLICY_NAMES, 'GetPolicy', 'PutBucketPolicy'])('#26 { $.eventName = "*Policy*" } on %s → match', (name) => {
    expect(outcome('{ $.eventName = "*Policy*" }', iamEvent(name))).toBe('match');
  });

  it('#24 the full CIS IAM pattern matches each of its 16 events', () => {
    for (const name of IAM_POLICY_NAMES) expect(outcome(iamPattern(IAM_POLICY_NAMES), iamEvent(name)), name).toBe('match');
  });

  it('#27 gives both readings of the infix "*" as the reason', () => {
    expect(matchFilterPattern('{ $.eventName = "Put*Policy" }', P1)).toEqual({
      verdict: 'uncertain',
      reasons: [expect.stringMatching(/as a wildcard "Put\*Policy" matches "PutRolePolicy", read literally .* it does not/)],
    });
  });

  it('#50 says which number and string it could not compare', () => {
    const result = matchFilterPattern('{ $.errorCode = 400 }', variant(U4, { errorCode: '400' }));
    expect(result).toEqual({ verdict: 'uncertain', reasons: [expect.stringContaining('the number 400 equals the string "400"')] });
  });

  it('#53 a delimited pattern carries a note that it cannot select CloudTrail events', () => {
    const result = parseFilterPattern('[w1=ERROR, w2]');
    expect(result.ok && result.notes.map((note) => note.message)).toContainEqual(expect.stringContaining('cannot reliably select CloudTrail events'));
  });
});
