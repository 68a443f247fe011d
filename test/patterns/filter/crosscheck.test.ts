import { describe, expect, it } from 'vitest';
import { matchFilterPattern, parseFilterPattern } from '../../../src/patterns/filter/index.js';
import { type Outcome, outcome } from './helpers.js';
import { C1, F1, F2, F3, iamEvent, K1, K2, M1, M2, M3, M4, N1, N2, O1, P1, R1, R2, R3, R4, S1, T1, U1, U2, U3, U4, U5, U6, U7, V1, variant } from './records.js';

/**
 * Cross-check against the documentation, not against the code: every row's expected outcome comes
 * from the rule cited in `why` ([Dn]/[In]/[U] as in shared/reference/filter-patterns.md; "2020 docs"
 * is awsdocs/amazon-cloudwatch-logs-user-guide FilterAndPatternSyntax.md, the [D5] text). Rows repeat
 * nothing already pinned by reference-cases, more-cases, parse or syntax-errors.
 */
interface Row {
  pattern: string;
  /** Short name of the message, for the test title. */
  on: string;
  message: string;
  expected: Outcome;
  why: string;
}

const row = (pattern: string, on: string, message: string, expected: Outcome, why: string): Row => ({ pattern, on, message, expected, why });

function table(name: string, rows: Row[]): void {
  describe(name, () => {
    it.each(rows)('$pattern on $on → $expected ($why)', ({ pattern, message, expected }) => {
      expect(outcome(pattern, message)).toBe(expected);
    });
  });
}

// ------------------------------------------------------------------------------------------------
// Documented examples, on the documents' own sample events.

/** The 2020 docs' JSON example event [D5]. */
const DOC_EVENT = JSON.stringify({
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  ThisFlag: true,
});

/** The 2020 docs' compound-conditions event [D5]. */
const DOC_COMPOUND = JSON.stringify({
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [
    { id: 2, email: 'John.Doe@example.com' },
    { id: 3, email: 'Jane.Doe@example.com' },
  ],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
    [7, 8, 9],
  ],
});

/** An event for the documented numeric examples [D5]: `{ $.latency >= 500 }`, `{ $.processes[4].averageRuntime <= 55.5 }`... */
const DOC_NUMBERS = JSON.stringify({ latency: 1500, numbers: [0.001], processes: [{}, {}, {}, {}, { averageRuntime: 55.5 }], errorCode: 400 });

table('documented JSON examples [D1][D3][D5]', [
  row('{ $.eventType = "UpdateTrail" }', 'docs event', DOC_EVENT, 'match', 'D5: quoted exact value'),
  row('{ $.eventType = UpdateTrail }', 'docs event', DOC_EVENT, 'match', 'D5: alphanumeric strings need no quotes'),
  row('{ $.sourceIPAddress != 123.123.* }', 'docs event', DOC_EVENT, 'match', 'D1/D5: outside the 123.123 prefix'),
  row('{ $.sourceIPAddress = 111.111.* }', 'docs event', DOC_EVENT, 'match', 'D5: * after a term is a prefix wildcard'),
  row('{ $.arrayKey[0] = "value" }', 'docs event', DOC_EVENT, 'match', 'D5: first entry of arrayKey'),
  row('{ $.arrayKey[1] = "value" }', 'docs event', DOC_EVENT, 'no-match', 'D5: second entry is "another value"'),
  row('{ $.eventType[0] = "UpdateTrail" }', 'docs event', DOC_EVENT, 'no-match', 'D5: "if arrayKey is not an array this will be false"'),
  row('{ $.objectList[1].id = 2 }', 'docs event', DOC_EVENT, 'match', 'D5: second entry has id 2'),
  row('{ $.objectList[0].id = 2 }', 'docs event', DOC_EVENT, 'no-match', 'D5: first entry has id 1'),
  row('{ $.objectList[1].missing = 2 }', 'docs event', DOC_EVENT, 'no-match', 'D5: "do not have an id property, this will be false"'),
  row('{ $.arrayKey[0].id = 2 }', 'docs event', DOC_EVENT, 'no-match', 'D5: "items … are not objects … this will be false"'),
  row('{ $.SomeObject IS NULL }', 'docs event', DOC_EVENT, 'match', 'D5: set to null'),
  row('{ $.SomeOtherObject NOT EXISTS }', 'docs event', DOC_EVENT, 'match', 'D5: does not exist'),
  row('{ $.SomeObject NOT EXISTS }', 'docs event', DOC_EVENT, 'no-match', 'D5: present null exists'),
  row('{ $.SomeOtherObject IS NULL }', 'docs event', DOC_EVENT, 'no-match', 'D5: "only true if … set to null"'),
  row('{ $.ThisFlag IS TRUE }', 'docs event', DOC_EVENT, 'match', 'D5: boolean true'),
  row('{ $.ThisFlag IS FALSE }', 'docs event', DOC_EVENT, 'no-match', 'D5: "also works … for FALSE"'),
  row('{ $.arrayKey[*] = "another value" }', 'docs event', DOC_EVENT, 'match', 'D1/D3: [*] holds if any element does'),
  row('{ $.arrayKey[*] = %val.{2}% }', 'docs event', DOC_EVENT, 'match', 'D3: regex through the [*] selector'),
  row('{ $.objectList[*].name = "b" }', 'docs event', DOC_EVENT, 'match', 'D3: [*] then a property'),
  row('{ $.* = %111\\.111\\.111\\.1[0-9]{2}% }', 'docs event', DOC_EVENT, 'match', 'D3: .* over top-level values'),
  row('{ $.* = "nothing like it" }', 'docs event', DOC_EVENT, 'no-match', 'D3: no top-level value matches'),
  row('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', 'compound event', DOC_COMPOUND, 'match', 'D5 compound example 1'),
  row('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', 'compound event', DOC_COMPOUND, 'no-match', 'D5 compound example 2'),
  row('{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', 'compound event', DOC_COMPOUND, 'match', 'D5 example 3: && binds tighter'),
  row('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', 'compound event', DOC_COMPOUND, 'no-match', 'D5 example 4: parentheses first'),
  row('{ $.coordinates[0][1] = 1 }', 'compound event', DOC_COMPOUND, 'match', 'D5: nested array indexes [0][1]'),
  row('{ $.coordinates[2][2] = 9 }', 'compound event', DOC_COMPOUND, 'match', 'D5: nested array indexes'),
  row('{ $.coordinates[0] = 0 }', 'compound event', DOC_COMPOUND, 'no-match', 'D5: selector on an array never matches'),
  row('{ $.users = 1 }', '{"users":[1,2,3]}', '{"users":[1,2,3]}', 'no-match', 'D5: both = and != fail on an array'),
  row('{ $.users != 1 }', '{"users":[1,2,3]}', '{"users":[1,2,3]}', 'no-match', 'D5: both = and != fail on an array'),
  row('{ $.latency >= 500 }', 'numbers event', DOC_NUMBERS, 'match', 'D5 numeric example'),
  row('{ $.numbers[0] < 10e3 }', 'numbers event', DOC_NUMBERS, 'match', 'D5: scientific notation'),
  row('{ $.numbers[0] < 10e-3 }', 'numbers event', DOC_NUMBERS, 'match', 'D5: negative exponent (0.001 < 0.01)'),
  row('{ $.numbers[0] > 10e-3 }', 'numbers event', DOC_NUMBERS, 'no-match', 'D5: negative exponent'),
  row('{ $.processes[4].averageRuntime <= 55.5 }', 'numbers event', DOC_NUMBERS, 'match', 'D5: decimal bound, inclusive'),
  row('{ $.processes[4].averageRuntime < 55.5 }', 'numbers event', DOC_NUMBERS, 'no-match', 'D5: decimal bound, exclusive'),
  row('{ $.errorCode = 400 }', 'numbers event', DOC_NUMBERS, 'match', 'D5: numeric equality'),
  row('{ $.errorCode != 500 }', 'numbers event', DOC_NUMBERS, 'match', 'D5: numeric inequality'),
  row('{ $.errorCode != 400 }', 'numbers event', DOC_NUMBERS, 'no-match', 'D5: numeric inequality'),
  row('{ $.latency > +1000 }', '{"latency":400}', '{"latency":400}', 'no-match', 'D5: signed bound'),
  row('{ $.latency = 1.5e3 && $.errorCode < 4.01e2 }', 'numbers event', DOC_NUMBERS, 'match', 'D5: numbers in compound expressions'),
  row('{$.foo = bar}', '{"foo": "bar"}', '{"foo": "bar"}', 'match', 'D5 OR example'),
  row('{$.foo = baz }', '{"foo": "bar"}', '{"foo": "bar"}', 'no-match', 'D5 OR example'),
  row('{$.foo = bar || $.foo = baz }', '{"foo": "baz"}', '{"foo": "baz"}', 'match', 'D5 OR example'),
  row('{ $.eventName = "*Event" }', 'PutEvent', '{"eventName":"PutEvent"}', 'match', 'D5: *Event matches PutEvent'),
  row('{ $.eventName = "Event*" }', 'EventName', '{"eventName":"EventName"}', 'match', 'D5: Event* matches EventName'),
  row('{ $.eventName = "*Event" }', 'EventName', '{"eventName":"EventName"}', 'no-match', 'D5: *Event is "ends with"'),
]);

/** Log lines of the current docs' unstructured examples [D1]. */
const LINES = {
  e400: '[ERROR 400] BAD REQUEST',
  e401: '[ERROR 401] UNAUTHORIZED REQUEST',
  e419: '[ERROR 419] MISSING ARGUMENTS',
  e420: '[ERROR 420] INVALID ARGUMENTS',
  e500: '[ERROR 500] INTERNAL SERVER ERROR',
  ok200: '[SUCCESS 200] AUTHORIZED REQUEST',
  info: '[INFO] Exiting with status 0',
};

table('documented unstructured examples [D1][D5]', [
  row('ERROR', LINES.e400, LINES.e400, 'match', 'D1: single term'),
  row('ERROR', LINES.ok200, LINES.ok200, 'no-match', 'D1: single term absent'),
  row('ERROR ARGUMENTS', LINES.e419, LINES.e419, 'match', 'D1: all terms required'),
  row('ERROR ARGUMENTS', LINES.e400, LINES.e400, 'no-match', 'D1: all terms required'),
  row('"INTERNAL SERVER ERROR"', LINES.e500, LINES.e500, 'match', 'D1: exact phrase'),
  row('"INTERNAL ERROR"', LINES.e500, LINES.e500, 'no-match', 'D1: a phrase is not a set of words'),
  row('"internal server error"', LINES.e500, LINES.e500, 'no-match', 'D1: case sensitive'),
  row('ERROR -ARGUMENTS', LINES.e400, LINES.e400, 'match', 'D1: exclusion absent'),
  row('ERROR -ARGUMENTS', LINES.e420, LINES.e420, 'no-match', 'D1: exclusion present'),
  row('?ERROR ?ARGUMENTS', LINES.e420, LINES.e420, 'match', 'D1: either term'),
  row('?ERROR ?ARGUMENTS', LINES.ok200, LINES.ok200, 'no-match', 'D1: neither term'),
  row('?ERROR ?ARGUMENTS REQUEST', LINES.ok200, LINES.ok200, 'match', 'D1: mixed ? terms are ignored → REQUEST'),
  row('?ERROR ?ARGUMENTS REQUEST', LINES.e419, LINES.e419, 'no-match', 'D1: mixed ? terms are ignored → REQUEST'),
  row('?ERROR -REQUEST', LINES.info, LINES.info, 'match', 'D1: ? ignored beside an exclusion → -REQUEST'),
  row('" "', LINES.e400, LINES.e400, 'match', 'D1: " " matches every event'),
  row('"ERROR" "Exception"', '[ERROR] Unhandled Exception', '[ERROR] Unhandled Exception', 'match', 'I8: two quoted terms'),
  row('"ERROR" "Exception"', '[ERROR] Unhandled fault', '[ERROR] Unhandled fault', 'no-match', 'I8: two quoted terms'),
  row('Failed to process the request', '[WARN] Failed to process the request', '[WARN] Failed to process the request', 'match', 'D5: all words present'),
  row('ERROR WARN', 'ERROR WARN message', 'ERROR WARN message', 'match', 'D5 OR section'),
  row('ERROR WARN', 'ERROR message', 'ERROR message', 'no-match', 'D5 OR section'),
  row('?ERROR ?WARN', 'WARN message', 'WARN message', 'match', 'D5 OR section'),
  row('ERROR -WARN', 'ERROR WARN message', 'ERROR WARN message', 'no-match', 'D5 OR section'),
  row('ERROR -WARN', 'ERROR message', 'ERROR message', 'match', 'D5 OR section'),
  row('-ERROR', LINES.info, LINES.info, 'match', 'D1: a lone exclusion matches events without the term'),
  row('%AUTHORIZED%', LINES.ok200, LINES.ok200, 'match', 'D1/D2: regex search'),
  row('%ERROR 4[0-9]{2}%', LINES.e419, LINES.e419, 'uncertain', 'D2: a space is used in examples, absent from the alphabet [U]'),
  row('%4[0-9]{2}\\]%', LINES.e419, LINES.e419, 'match', 'D2: class, quantifier and escape'),
  row('%4[0-9]{2}\\]%', LINES.e500, LINES.e500, 'no-match', 'D2: class, quantifier and escape'),
  row('%\\d{3}\\]%', LINES.e500, LINES.e500, 'match', 'D2: \\d shorthand'),
  row('%^\\[ERROR%', LINES.e500, LINES.e500, 'match', 'D2: ^ anchors at the start'),
  row('%REQUEST$%', LINES.e400, LINES.e400, 'match', 'D2: $ anchors at the end'),
  row('%^REQUEST%', LINES.e400, LINES.e400, 'no-match', 'D2: ^ anchors at the start'),
  row('%colou?r%', 'color', 'color', 'match', 'D2: ? is zero or one'),
  row('%10\\.10\\.0\\.1%', 'from 10.10.0.1', 'from 10.10.0.1', 'match', 'D2: escaped dots'),
  row('%10\\.10\\.0\\.1%', 'from 10a10b0c1', 'from 10a10b0c1', 'no-match', 'D2: escaped dots are literal'),
]);

const APACHE_200 = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534';
const APACHE_500 = '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324';
const APACHE_404 = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';
const APACHE_403 = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 403 1534';

table('documented space-delimited examples [D1][D5]', [
  row('[ip, user, username, timestamp, request, status_code, bytes]', '200 line', APACHE_200, 'match', 'D5: one name per field'),
  row('[..., status_code, bytes]', '200 line', APACHE_200, 'match', 'D5: leading ellipsis'),
  row('[ip, user, ..., status_code, bytes]', '200 line', APACHE_200, 'match', 'D5: inner ellipsis'),
  row('[ip, user, ...]', '200 line', APACHE_200, 'match', 'D5: trailing ellipsis'),
  row('[ip, user, username, timestamp, request, status_code, bytes > 1000]', '200 line', APACHE_200, 'match', 'D5: numeric field condition'),
  row('[ip, user, username, timestamp, request, status_code, bytes > 5400]', '500 line', APACHE_500, 'no-match', 'D5: numeric field condition'),
  row('[ip, user, username, timestamp, request, status_code = 200, bytes]', '200 line', APACHE_200, 'match', 'D5: numeric equality'),
  row('[ip, user, username, timestamp, request, status_code = 200, bytes]', '500 line', APACHE_500, 'no-match', 'D5: numeric equality'),
  row('[ip, user, username, timestamp, request, status_code = 4*, bytes]', '404 line', APACHE_404, 'match', 'D5: wildcard on a field'),
  row('[ip, user, username, timestamp, request, status_code = 4*, bytes]', '200 line', APACHE_200, 'no-match', 'D5: wildcard on a field'),
  row('[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]', '404 line', APACHE_404, 'match', 'D5: contains-wildcard on the quoted request'),
  row('[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]', '200 line', APACHE_200, 'no-match', 'D5: .gif is not html'),
  row('[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]', '404 line', APACHE_404, 'match', 'D5: && on one field'),
  row('[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]', '403 line', APACHE_403, 'no-match', 'D5: && on one field'),
  row('[w1=ERROR, w2]', 'ERROR message', 'ERROR message', 'match', 'D1/D5: two fields'),
  row('[w1=ERROR, w2]', 'ERROR WARN message', 'ERROR WARN message', 'no-match', 'D1: field count must match'),
  row('[w1=ERROR || w1=WARN, w2]', 'WARN message', 'WARN message', 'match', 'D5: || on one field'),
  row('[w1=%ERROR|WARN%, w2]', 'WARN message', 'WARN message', 'match', 'D1/D2: regex in a delimited field'),
  row('[..., request=*.html*, status_code=4*]', '404 line', APACHE_404, 'no-match', 'D5: last pattern field is the last log field (1534)'),
  row('[..., request=*.html*, status_code=4*, bytes]', '404 line', APACHE_404, 'match', 'D5: request and status_code aligned'),
  // D5 shows `[..., request=*.html*, status_code=4*,]` extracting $status_code 404 and an unnamed $7 1534, so
  // its trailing comma stands for one more field; the grammar in the reference reads it as ignored [U].
  row('[..., request=*.html*, status_code=4*,]', '404 line', APACHE_404, 'uncertain', 'D5 vs reference §1.5: what a trailing comma means'),
  row('[ip, ...,]', '200 line', APACHE_200, 'match', 'D5: both readings of the trailing comma agree'),
  row('[w1, w2,]', 'two words', 'two words', 'uncertain', 'D5 vs reference §1.5: trailing comma as an extra field'),
]);

// ------------------------------------------------------------------------------------------------
// CIS / Security Hub patterns as AWS publishes them [D8], against the reference records.

const CIS = {
  root: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  mfa: '{ ($.eventName = ConsoleLogin) && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  unauthorized: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
  kms: '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion))}',
  trail: '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
  s3: '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
  config: '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
  sg: '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
  orgs: '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
};

table('CIS patterns as published [D8], on the reference records', [
  row(CIS.root, 'root API call (R3)', R3, 'match', '§1.6 #2'),
  row(CIS.root, 'root ConsoleLogin with MFA (R2)', R2, 'match', 'root usage whatever the MFA'),
  row(CIS.root, 'root failed sign-in (F3)', F3, 'match', 'a failed root sign-in is root usage'),
  row(CIS.root, 'IAM user call (P1)', P1, 'no-match', 'type is IAMUser'),
  row(CIS.root, 'assumed role (U2)', U2, 'no-match', 'type is AssumedRole'),
  row(CIS.root, 'service on root behalf (N2)', N2, 'no-match', '§1.6 #4: NOT EXISTS is false'),
  row(CIS.mfa, 'IAM login, no MFA (M1)', M1, 'match', 'D8: every clause holds'),
  row(CIS.mfa, 'IAM login with MFA (M2)', M2, 'no-match', 'MFAUsed is "Yes"'),
  row(CIS.mfa, 'root login, "YES" (R2)', R2, 'no-match', 'type is Root, not IAMUser'),
  row(CIS.mfa, 'federated login (M3)', M3, 'no-match', 'type is AssumedRole'),
  row(CIS.mfa, 'login without MFAUsed (M4)', M4, 'no-match', 'I1: != on a missing field is false'),
  row(CIS.mfa, 'failed login (F1)', F1, 'no-match', 'ConsoleLogin is "Failure"'),
  row(CIS.unauthorized, 'AccessDenied (U2)', U2, 'match', 'prefix wildcard'),
  row(CIS.unauthorized, 'AccessDeniedException (U3)', U3, 'match', 'prefix wildcard'),
  row(CIS.unauthorized, 'HeadBucket denied (U6)', U6, 'match', 'the v1.2 form has no exclusions'),
  row(CIS.unauthorized, 'log delivery denied (U7)', U7, 'match', 'the v1.2 form has no exclusions'),
  row(CIS.unauthorized, 'TrailNotFoundException (U4)', U4, 'no-match', 'neither wildcard fits'),
  row(CIS.unauthorized, 'errorCode "accessdenied"', variant(U2, { errorCode: 'accessdenied' }), 'no-match', 'D1: case sensitive'),
  row(CIS.unauthorized, 'errorCode "UnauthorizedOperation"', variant(U1, { errorCode: 'UnauthorizedOperation' }), 'match', 'D5: * matches empty text too'),
  row(CIS.unauthorized, 'errorCode "Client.UnauthorizedOperationX"', variant(U1, { errorCode: 'Client.UnauthorizedOperationX' }), 'no-match', '*X is "ends with"'),
  row(CIS.kms, 'DisableKey (K1)', K1, 'match', 'bare dotted value [D8]'),
  row(CIS.kms, 'ScheduleKeyDeletion (K2)', K2, 'match', 'second alternative'),
  row(CIS.kms, 'RotateKey service event (N1)', N1, 'no-match', 'eventName differs'),
  row(CIS.kms, 'DisableKey denied (U3)', U3, 'match', 'the pattern does not look at errorCode'),
  row(CIS.kms, 'DisableKey from another source', variant(K1, { eventSource: 'kms.amazonaws.com.evil' }), 'no-match', 'exact whole-value match'),
  row(CIS.trail, 'StopLogging (T1)', T1, 'match', 'D8'),
  row(CIS.trail, 'UpdateTrail failure (U4)', U4, 'match', 'cloudtrail-events.md §6: failures match too'),
  row(CIS.trail, 'DescribeTrails', variant(T1, { eventName: 'DescribeTrails' }), 'no-match', 'not in the list'),
  row(CIS.s3, 'PutBucketPolicy (S1)', S1, 'match', 'D8'),
  row(CIS.s3, 'PutBucketTagging', variant(S1, { eventName: 'PutBucketTagging' }), 'no-match', 'not in the list'),
  row(CIS.config, 'StopConfigurationRecorder (C1)', C1, 'match', 'D8'),
  row(CIS.config, 'StartConfigurationRecorder', variant(C1, { eventName: 'StartConfigurationRecorder' }), 'no-match', 'not in the list'),
  row(CIS.sg, 'AuthorizeSecurityGroupIngress (V1)', V1, 'match', 'D8'),
  row(CIS.sg, 'CreateSecurityGroup (N2)', N2, 'match', 'D8'),
  row(CIS.sg, 'ModifySecurityGroupRules', variant(V1, { eventName: 'ModifySecurityGroupRules' }), 'no-match', 'not in the CIS list'),
  row(CIS.orgs, 'AttachPolicy (O1)', O1, 'match', 'CIS 4.15'),
  row(CIS.orgs, 'IAM AttachRolePolicy', iamEvent('AttachRolePolicy'), 'no-match', 'other service'),
  row(CIS.orgs, 'IAM CreatePolicy', iamEvent('CreatePolicy'), 'no-match', 'same name, other eventSource'),
]);

// ------------------------------------------------------------------------------------------------
// Spelling variations that must not change the verdict.

table('whitespace and spelling variations', [
  row('{$.userIdentity.type="Root"&&$.userIdentity.invokedBy NOT EXISTS&&$.eventType!="AwsServiceEvent"}', 'R1', R1, 'match', 'D1: blanks around operators are optional'),
  row('{\r\n  $.userIdentity.type = "Root"\r\n  && $.userIdentity.invokedBy   NOT   EXISTS\r\n}', 'R1', R1, 'match', 'CRLF and runs of blanks are blanks'),
  row('{ $.errorMessage   IS   NULL }', '{"errorMessage":null}', '{"errorMessage":null}', 'match', 'runs of blanks between keywords'),
  row('{($.eventName=ConsoleLogin)&&($.errorMessage="Failed authentication")}', 'F1', F1, 'match', 'D8 CloudWatch.6 compact'),
  row('{ ( $.eventName = ConsoleLogin ) && ( $.errorMessage = "Failed authentication" ) }', 'F1', F1, 'match', 'blanks inside parentheses'),
  row('{ $.eventName = ConsoleLogin}', 'M1', M1, 'match', 'a bare value ends at "}"'),
  row('{ ($.eventName = ConsoleLogin)}', 'M1', M1, 'match', 'a bare value ends at ")"'),
  row('{$.eventName=ConsoleLogin||$.eventName=StopLogging}', 'T1', T1, 'match', 'a bare value ends at "||"'),
  row('{ $.eventSource = "kms.amazonaws.com" }', 'K1', K1, 'match', 'quoted and bare dotted values are equal [D8][I7]'),
  row('{ $.eventSource = kms.amazonaws.com }', 'K1', K1, 'match', 'bare dotted value [D8]'),
  row('{ $.userIdentity.type = Root }', 'R1', R1, 'match', 'bare and quoted are equivalent [D1]'),
  row('{ $.eventName = "ConsoleLogin" }\n', 'M1', M1, 'match', 'trailing newline is blank'),
]);

// ------------------------------------------------------------------------------------------------
// Tricky values and selectors.

table('case sensitivity of keys and values [D1][D5]', [
  row('{ $.EventName = "ConsoleLogin" }', 'M1', M1, 'no-match', 'property names are case sensitive'),
  row('{ $.eventname = "ConsoleLogin" }', 'M1', M1, 'no-match', 'property names are case sensitive'),
  row('{ $.eventName = "CONSOLELOGIN" }', 'M1', M1, 'no-match', 'values are case sensitive'),
  row('{ $.eventName = consolelogin }', 'M1', M1, 'no-match', 'bare values are case sensitive'),
  row('{ $.eventName = "Console*" }', 'M1', M1, 'match', 'prefix wildcard keeps the case'),
  row('{ $.eventName = "console*" }', 'M1', M1, 'no-match', 'prefix wildcard keeps the case'),
  row('{ $.userIdentity.Type = "Root" }', 'R1', R1, 'no-match', 'nested property names are case sensitive'),
  row('{ $.eventName != "consolelogin" }', 'M1', M1, 'match', '!= compares case-sensitively'),
]);

table('wildcards', [
  row('{ $.errorCode = "*Denied*" }', 'U2 AccessDenied', U2, 'match', 'D5: contains'),
  row('{ $.errorCode = "*Denied*" }', 'U1', U1, 'no-match', 'D5: contains'),
  row('{ $.eventSource = *.amazonaws.com }', 'P1', P1, 'match', 'bare suffix wildcard, as AWS writes 123.123.*'),
  row('{ $.errorCode = "Client.*Operation" }', 'U1', U1, 'uncertain', 'infix * [D5 literal vs D1 wildcard]'),
  row('{ $.eventName = Delete*Policy }', 'PutRolePolicy (P1)', P1, 'no-match', 'infix *: no reading matches'),
  row('{ $.eventName = "Put*Policy" }', 'literal "Put*Policy"', iamEvent('Put*Policy'), 'match', 'infix *: both readings match'),
  row('{ $.requestParameters.policyDocument = "*s3:*" }', 'P1', P1, 'match', 'contains, inside a string holding JSON'),
  row('{ $.errorCode = * }', 'U1', U1, 'match', 'D6: * selects events that have the field'),
  row('{ $.errorCode = "*" }', 'U5 (no errorCode)', U5, 'no-match', 'D6: * needs the field'),
  row('{ $.userIdentity = * }', 'R1 (object)', R1, 'no-match', 'D5: a selector on an object never matches'),
  row('{ $.resources = * }', 'K1 (array)', K1, 'no-match', 'D5: a selector on an array never matches'),
]);

/** A record with an empty errorCode, to test the empty quoted value. */
const EMPTY_ERROR = variant(U1, { errorCode: '' });

table('quoting, empty and escaped values', [
  row('{ $.errorCode = "" }', 'errorCode ""', EMPTY_ERROR, 'match', 'D5: exact match of the empty string'),
  row('{ $.errorCode = "" }', 'errorCode "Client.UnauthorizedOperation"', U1, 'no-match', 'D5: "" is no wildcard, it is the empty value'),
  row('{ $.errorCode != "" }', 'errorCode "Client.UnauthorizedOperation"', U1, 'match', 'D5: != is the negation of = on a value'),
  row('{ $.errorCode != "" }', 'errorCode ""', EMPTY_ERROR, 'no-match', 'D5: != is the negation of = on a value'),
  row('{ $.requestParameters.acl = "" }', 'U7 (acl "")', U7, 'match', 'D5: empty string value'),
  row('{ $.errorMessage = "Access \\"Denied\\"" }', 'quoted message', variant(U6, { errorMessage: 'Access "Denied"' }), 'uncertain', 'escapes inside "…" are undocumented [U]'),
  row('{ $.userAgent = "[aws-cli/2.15.0]" }', 'S1', S1, 'match', 'D5: special characters inside double quotes'),
  row('{ $.sourceIPAddress = "203.0.113.10" }', 'P1', P1, 'match', 'quoted IP'),
  row('{ $.sourceIPAddress = 203.0.113.10 }', 'P1', P1, 'match', 'bare IP: letters, digits and dots [D1 123.123.*]'),
  row('{ $.awsRegion = eu-west-1 }', 'V1', V1, 'uncertain', 'bare "-" is undocumented [U]'),
  row('{ $.awsRegion = "eu-west-1" }', 'V1', V1, 'match', 'quoted hyphenated value'),
  row('{ $.userIdentity.arn = "arn:aws:iam::111122223333:root" }', 'R1', R1, 'match', 'D5: ":" needs quotes, then matches exactly'),
  row('{ $.userIdentity.arn = arn:aws:iam::111122223333:root }', 'R1', R1, 'uncertain', 'bare ":" is undocumented [U]'),
  row('{ $.eventName = "Console Login" }', 'M1', M1, 'no-match', 'a space is part of the value'),
]);

table('numbers against strings and booleans', [
  row('{ $.eventVersion = 1.09 }', 'P1 ("1.09")', P1, 'uncertain', 'number vs numeric string [U]'),
  row('{ $.eventVersion = "1.09" }', 'P1 ("1.09")', P1, 'match', 'string equality'),
  row('{ $.recipientAccountId = 111122223333 }', 'P1 (string id)', P1, 'uncertain', 'number vs numeric string [U]'),
  row('{ $.recipientAccountId = 999999999999 }', 'P1 (string id)', P1, 'no-match', 'no reading matches'),
  row('{ $.requestParameters.pendingWindowInDays = 7.0 }', 'K2 (7)', K2, 'match', 'D5: numeric equality by value'),
  row('{ $.requestParameters.pendingWindowInDays = 7e0 }', 'K2 (7)', K2, 'match', 'D5: scientific notation'),
  row('{ $.requestParameters.pendingWindowInDays >= 7 && $.requestParameters.pendingWindowInDays <= 30 }', 'K2 (7)', K2, 'match', 'D5: a range as two comparisons'),
  row('{ $.requestParameters.pendingWindowInDays > 7 }', 'K2 (7)', K2, 'no-match', 'D5: strict bound'),
  row('{ $.requestParameters.pendingWindowInDays = "7" }', 'K2 (7)', K2, 'uncertain', 'string vs number [U]'),
  row('{ $.requestParameters.ipPermissions.items[0].fromPort != 22 }', 'V1 (22)', V1, 'no-match', 'D5: numeric !='),
  row('{ $.requestParameters.ipPermissions.items[0].fromPort < -1 }', 'V1 (22)', V1, 'no-match', 'D5: signed bound'),
  row('{ $.readOnly > 0 }', 'P1 (false)', P1, 'uncertain', 'numeric operator on a boolean [U]'),
  row('{ $.eventName > 5 }', 'M1', M1, 'uncertain', 'numeric operator on a string [U]'),
  row('{ $.errorCode > 5 }', 'U5 (absent)', U5, 'no-match', 'I1: every operator is false on a missing field'),
]);

table('arrays, nesting and wildcard selectors', [
  row('{ $.resources[0].ARN = "arn:aws:kms:*" }', 'K1', K1, 'match', 'D5: index then property'),
  row('{ $.resources[*].type = "AWS::KMS::Key" }', 'RotateKey (N1)', N1, 'match', 'D3: any element'),
  row('{ $.resources[*].type = "AWS::S3::Bucket" }', 'K1', K1, 'no-match', 'D3: no element matches'),
  row('{ $.requestParameters.ipPermissions.items[0].ipRanges.items[0].cidrIp = "0.0.0.0/0" }', 'V1', V1, 'match', 'D5: indexes at two depths'),
  row('{ $.requestParameters.ipPermissions.items[*].ipRanges.items[0].cidrIp = "0.0.0.0/0" }', 'V1', V1, 'match', 'D3: one [*] then an index'),
  row('{ $.requestParameters.ipPermissions.items[0].ipRanges.items[1].cidrIp = "0.0.0.0/0" }', 'V1', V1, 'no-match', 'D5: index out of range'),
  row('{ $.userIdentity.* = "Root" }', 'R1', R1, 'match', 'D3: .* below a property'),
  row('{ $.userIdentity.* = "Root" }', 'P1', P1, 'no-match', 'D3: .* no value matches'),
  row("{ $.['eventName'] = \"ConsoleLogin\" }", 'M1', M1, 'match', "D1/D3: bracket key for a plain name"),
  row("{ $.additionalEventData.['MFAUsed'] = \"No\" }", 'M1', M1, 'match', 'D1/D3: bracket key after a property'),
  row('{ $.responseElements.ConsoleLogin = "Success" }', 'M1', M1, 'match', 'nested property'),
  row('{ $.responseElements.ConsoleLogin = "Success" }', 'P1 (responseElements null)', P1, 'no-match', 'D5: a path through null is missing'),
  row('{ $.responseElements.ConsoleLogin NOT EXISTS }', 'P1 (responseElements null)', P1, 'match', 'D5: nothing exists below null'),
  row('{ $.resources[0] NOT EXISTS }', '{"resources":[]}', '{"resources":[]}', 'match', 'D5: no first element'),
  row('{ $.resources[0] IS NULL }', '{"resources":[null]}', '{"resources":[null]}', 'match', 'D5: element set to null'),
]);

table('dialect edges: empty, leading and trailing text', [
  row('', 'a non-JSON line', 'plain text line', 'match', 'D7: an empty pattern matches every event'),
  row('   ', 'M1', M1, 'match', 'a blank pattern is empty'),
  row('{ $.eventName = "ConsoleLogin" } }', 'M1', M1, 'invalid', 'text after the closing brace'),
  row('{ $.eventName = "ConsoleLogin" }}', 'M1', M1, 'invalid', 'doubled closing brace'),
  row('{{ $.eventName = "ConsoleLogin" }}', 'M1', M1, 'invalid', 'doubled opening brace'),
  row('{ $.eventName = "ConsoleLogin" } garbage', 'M1', M1, 'invalid', "I4: starts with '{' must end with '}'"),
  row('{ $.eventName = "ConsoleLogin" && }', 'M1', M1, 'invalid', 'dangling &&'),
  row('{ && $.eventName = "ConsoleLogin" }', 'M1', M1, 'invalid', 'leading &&'),
  row('{ $.eventName = ConsoleLogin StopLogging }', 'M1', M1, 'invalid', 'a bare value cannot contain a blank'),
  row('{ $.eventName == "ConsoleLogin" }', 'M1', M1, 'invalid', 'D1: == is no operator'),
  row('{ $.eventName = "ConsoleLogin" AND $.eventSource = "signin.amazonaws.com" }', 'M1', M1, 'invalid', 'D1: only && and ||'),
  row('{ !($.eventName = "ConsoleLogin") }', 'M1', M1, 'invalid', 'reference §1.3: there is no unary NOT'),
  row('{"eventName":"ConsoleLogin"}', 'M1', M1, 'invalid', 'I3: a selector begins with $.'),
  row('{ $.eventName = "ConsoleLogin" } ', 'M1', M1, 'match', 'trailing blanks are ignored'),
  row('{ $.eventName = "ConsoleLogin" }', 'a non-JSON line', 'ConsoleLogin happened', 'no-match', 'reference §1.3 #8: JSON patterns need a JSON event'),
  row('[w1, w2', 'two words', 'two words', 'invalid', 'a pattern that starts with [ must end with ]'),
  row('%ConsoleLogin', 'M1', M1, 'uncertain', 'no closing %: an unquoted term with "%" [D5: such terms need quotes]'),
  row('"%ConsoleLogin"', 'M1', M1, 'no-match', 'no closing %: a quoted phrase, absent from the record'),
]);

describe('documented limits and quotas', () => {
  it.each([
    ['{ $.a = %x% || $.b = %y% }', true, 'D2: 2 regexes per JSON pattern'],
    ['[w1 = %x%, w2 = %y%]', true, 'D2: 2 regexes per delimited pattern'],
    ['[w1 = %x%, w2 = %y%, w3 = %z%]', false, 'D2: a third regex in a delimited pattern'],
    ['{ $.a[*] = 1 || $.b[*] = 1 || $.c.* = 1 }', true, 'D1: 3 wildcard selectors'],
    ['{ $.a.*.b = 1 }', true, 'D1: one wildcard per selector'],
    ['{ $.a.*.* = 1 }', false, 'D1: two wildcards in one selector'],
    ['{ $.eventName IS NOT NULL }', false, 'D1: IS NOT is unsupported'],
    ['{ $.eventName EXISTS }', false, 'D1: EXISTS alone is unsupported'],
    ['{ $.eventName = %Put(Role)Policy% }', false, 'D2: no parentheses in a regex'],
    ['{ $.eventName = %Put\\x28Role\\x29Policy% }', true, 'I6: \\x28 / \\x29 instead'],
    ['{ $.eventName = %"ConsoleLogin"% }', false, 'D2: a double quote is outside the regex alphabet'],
    ['{ $[0].eventName = "ConsoleLogin" }', false, 'D5: selectors start with $. and [n] must follow a property'],
    ['{ $[*] NOT EXISTS }', false, 'D5: selectors start with $.'],
    ['{ $ = "x" }', false, 'D5: a selector names a property'],
  ])('%s → valid: %s (%s)', (pattern, valid) => {
    expect(parseFilterPattern(pattern).ok).toBe(valid);
  });

  it('reports the reason of an uncertain trailing comma', () => {
    const result = matchFilterPattern('[w1, w2,]', 'two words');
    expect(result).toEqual({ verdict: 'uncertain', reasons: [expect.stringContaining('trailing ","')] });
  });
});

/** Every row above was checked; this keeps the count visible when rows are added. */
it('cross-checks the reference records at least once each', () => {
  const used = [C1, F1, F2, F3, K1, K2, M1, M2, M3, M4, N1, N2, O1, P1, R1, R2, R3, R4, S1, T1, U1, U2, U3, U4, U5, U6, U7, V1];
  expect(new Set(used).size).toBe(used.length);
  expect(outcome('{ $.errorMessage = "No username found in supplied account" }', F2)).toBe('match');
});
