import { describe, expect, it } from 'vitest';
import { type Case, outcome } from './helpers.js';
import { F1, iamEvent, K1, K2, M1, N1, N2, P1, R1, R4, S1, T1, U1, U4, U5, V1, variant } from './records.js';

/** Tricky cases beyond §1.6: each group names the behaviour it pins down. */

const ROOT_SECURITY_HUB = '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}';
const ROOT_REORDERED = '{ $.eventType != "AwsServiceEvent" && $.userIdentity.invokedBy NOT EXISTS && $.userIdentity.type = "Root" }';
const KMS_CIS = '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}';
const KMS_QUOTED = '{ $.eventSource = "kms.amazonaws.com" && ( $.eventName = "DisableKey" || $.eventName = "ScheduleKeyDeletion" ) }';

/** A CloudTrail Insight record: no eventName, eventSource or userIdentity [cloudtrail-events.md §0]. */
const INSIGHT = String.raw`{"eventVersion":"1.09","eventTime":"2026-01-05T15:00:00Z","awsRegion":"eu-west-1","eventID":"e1","eventType":"AwsCloudTrailInsight","recipientAccountId":"111122223333","sharedEventID":"s1","insightDetails":{"state":"Start","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","insightType":"ApiCallRateInsight"},"eventCategory":"Insight"}`;
const josé = variant(P1, { userIdentity: { type: 'IAMUser', userName: 'José', arn: 'arn:aws:iam::111122223333:user/José' } });
const APACHE_LINE = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';

const rewrites: Case[] = [
  { id: 'compact', pattern: '{$.eventName="PutRolePolicy"}', event: 'PutRolePolicy', message: P1, expected: 'match' },
  { id: 'tabs and newlines', pattern: '{\n\t$.eventName\t=\tPutRolePolicy\n}', event: 'PutRolePolicy', message: P1, expected: 'match' },
  { id: 'blanks around the braces', pattern: '  {$.eventName=PutRolePolicy}  ', event: 'PutRolePolicy', message: P1, expected: 'match' },
  { id: 'redundant parentheses', pattern: '{ ((($.eventName = PutRolePolicy))) }', event: 'PutRolePolicy', message: P1, expected: 'match' },
  { id: 'Security Hub spacing', pattern: ROOT_SECURITY_HUB, event: 'R1', message: R1, expected: 'match' },
  { id: 'conditions reordered', pattern: ROOT_REORDERED, event: 'R1', message: R1, expected: 'match' },
  { id: 'conditions reordered', pattern: ROOT_REORDERED, event: 'N2 (invokedBy)', message: N2, expected: 'no-match' },
  { id: 'bare values (CIS)', pattern: KMS_CIS, event: 'K2', message: K2, expected: 'match' },
  { id: 'quoted values', pattern: KMS_QUOTED, event: 'K2', message: K2, expected: 'match' },
  { id: 'quoted values', pattern: KMS_QUOTED, event: 'KMS RotateKey (N1)', message: N1, expected: 'no-match' },
  {
    id: 'alternatives swapped',
    pattern: '{ ($.errorCode = "AccessDenied*") || ($.errorCode = "*UnauthorizedOperation") }',
    event: 'U1',
    message: U1,
    expected: 'match',
  },
];

const wildcards: Case[] = [
  { id: 'bare *', pattern: '{ $.eventName = * }', event: 'P1', message: P1, expected: 'match' },
  { id: 'quoted *', pattern: '{ $.eventName = "*" }', event: 'P1', message: P1, expected: 'match' },
  { id: '* on a missing field', pattern: '{ $.errorCode = * }', event: 'U5', message: U5, expected: 'no-match' },
  { id: '!= * on a present field', pattern: '{ $.errorCode != * }', event: 'U1', message: U1, expected: 'no-match' },
  { id: 'bare prefix in != [D1]', pattern: '{ $.sourceIPAddress != 123.123.* }', event: 'P1 (203.0.113.10)', message: P1, expected: 'match' },
  { id: 'suffix', pattern: '{ $.eventSource = "*.amazonaws.com" }', event: 'P1', message: P1, expected: 'match' },
  { id: 'prefix is case-sensitive', pattern: '{ $.eventName = "put*" }', event: 'P1', message: P1, expected: 'no-match' },
  {
    id: 'infix, both readings match',
    pattern: '{ $.eventName = "Ev*ent" }',
    event: 'eventName "Ev*ent"',
    message: variant(P1, { eventName: 'Ev*ent' }),
    expected: 'match',
  },
  {
    id: 'infix, readings differ',
    pattern: '{ $.eventName = "Ev*ent" }',
    event: 'eventName "EvXent"',
    message: variant(P1, { eventName: 'EvXent' }),
    expected: 'uncertain',
  },
  { id: 'infix, both readings fail', pattern: '{ $.eventName = "Put*Policy" }', event: 'GetPolicy', message: iamEvent('GetPolicy'), expected: 'no-match' },
  { id: 'infix inside contains', pattern: '{ $.eventName = "*Put*Policy*" }', event: 'PutRolePolicy', message: P1, expected: 'uncertain' },
  { id: 'infix with !=', pattern: '{ $.eventName != "Put*Policy" }', event: 'PutRolePolicy', message: P1, expected: 'uncertain' },
  { id: '* on a number [D6]', pattern: '{ $.latency = * }', event: '{"latency":12}', message: '{"latency":12}', expected: 'match' },
  { id: '* on a boolean', pattern: '{ $.latency = * }', event: '{"latency":true}', message: '{"latency":true}', expected: 'uncertain' },
  { id: 'wildcard number, text fits', pattern: '{ $.status = 4* }', event: '{"status":404}', message: '{"status":404}', expected: 'uncertain' },
  { id: 'wildcard number, text does not fit', pattern: '{ $.status = 4* }', event: '{"status":500}', message: '{"status":500}', expected: 'no-match' },
];

const missingAndWrongFields: Case[] = [
  { id: 'no eventName: =', pattern: '{ $.eventName = "ConsoleLogin" }', event: 'Insight record', message: INSIGHT, expected: 'no-match' },
  { id: 'no eventName: !=', pattern: '{ $.eventName != "ConsoleLogin" }', event: 'Insight record', message: INSIGHT, expected: 'no-match' },
  { id: 'no eventName: NOT EXISTS', pattern: '{ $.eventName NOT EXISTS }', event: 'Insight record', message: INSIGHT, expected: 'match' },
  { id: 'no eventName: IS NULL', pattern: '{ $.eventName IS NULL }', event: 'Insight record', message: INSIGHT, expected: 'no-match' },
  {
    id: 'nested eventName is another field',
    pattern: '{ $.insightDetails.eventName = RunInstances }',
    event: 'Insight record',
    message: INSIGHT,
    expected: 'match',
  },
  { id: '!= on a missing errorCode', pattern: '{ $.errorCode != "AccessDenied" }', event: 'U5', message: U5, expected: 'no-match' },
  { id: '!= on a present errorCode', pattern: '{ $.errorCode != "AccessDenied" }', event: 'U1', message: U1, expected: 'match' },
  { id: 'path through a string', pattern: '{ $.eventName.length = 12 }', event: 'M1', message: M1, expected: 'no-match' },
  { id: 'NOT EXISTS through a string', pattern: '{ $.eventName.length NOT EXISTS }', event: 'M1', message: M1, expected: 'match' },
  { id: 'inherited key is absent', pattern: '{ $.constructor NOT EXISTS }', event: 'M1', message: M1, expected: 'match' },
  { id: 'wrong field (eventSource)', pattern: '{ $.eventSource = ConsoleLogin }', event: 'M1', message: M1, expected: 'no-match' },
  { id: 'wrong field (value of another)', pattern: '{ $.eventName = "signin.amazonaws.com" }', event: 'M1', message: M1, expected: 'no-match' },
  { id: 'wrong nesting', pattern: '{ $.ConsoleLogin = "Success" }', event: 'M1', message: M1, expected: 'no-match' },
  { id: 'non-JSON message', pattern: '{ $.eventName NOT EXISTS }', event: 'a plain line', message: 'ERROR not json', expected: 'no-match' },
  { id: 'JSON scalar message', pattern: '{ $.eventName NOT EXISTS }', event: 'the JSON string "x"', message: '"x"', expected: 'no-match' },
];

const numbers: Case[] = [
  { id: 'signed bound [D1]', pattern: '{ $.latency > +1000 }', event: '{"latency":1500}', message: '{"latency":1500}', expected: 'match' },
  { id: '>=', pattern: '{ $.latency >= 1500 }', event: '{"latency":1500}', message: '{"latency":1500}', expected: 'match' },
  { id: '< with exponent', pattern: '{ $.latency < 1.5e3 }', event: '{"latency":1500}', message: '{"latency":1500}', expected: 'no-match' },
  { id: '= with exponent', pattern: '{ $.latency = 1.5e3 }', event: '{"latency":1500}', message: '{"latency":1500}', expected: 'match' },
  { id: '!= number', pattern: '{ $.latency != 1500 }', event: '{"latency":1500}', message: '{"latency":1500}', expected: 'no-match' },
  { id: 'negative', pattern: '{ $.delta = -5 }', event: '{"delta":-5}', message: '{"delta":-5}', expected: 'match' },
  { id: 'index and exponent [D1]', pattern: '{ $.number[0] = 1e-3 }', event: '{"number":[0.001]}', message: '{"number":[0.001]}', expected: 'match' },
  { id: 'port in an array (V1)', pattern: '{ $.requestParameters.ipPermissions.items[0].fromPort = 22 }', event: 'V1', message: V1, expected: 'match' },
  { id: '<= (V1)', pattern: '{ $.requestParameters.ipPermissions.items[0].toPort <= 1024 }', event: 'V1', message: V1, expected: 'match' },
  { id: '< (K2 pendingWindowInDays 7)', pattern: '{ $.requestParameters.pendingWindowInDays < 7 }', event: 'K2', message: K2, expected: 'no-match' },
  { id: 'numeric operator on a string', pattern: '{ $.eventVersion > 1.08 }', event: 'P1 ("1.09")', message: P1, expected: 'uncertain' },
  { id: 'numeric operator on a missing field', pattern: '{ $.latency > 1 }', event: 'P1', message: P1, expected: 'no-match' },
  { id: 'numeric operator with a text value', pattern: '{ $.latency > abc }', event: '{"latency":1500}', message: '{"latency":1500}', expected: 'uncertain' },
  { id: 'number vs other string', pattern: '{ $.errorCode = 400 }', event: 'U4', message: U4, expected: 'no-match' },
  { id: 'quoted number vs number', pattern: '{ $.status = "404" }', event: '{"status":404}', message: '{"status":404}', expected: 'uncertain' },
  { id: 'text vs number', pattern: '{ $.status = abc }', event: '{"status":404}', message: '{"status":404}', expected: 'no-match' },
];

const arrays: Case[] = [
  { id: 'index out of range', pattern: '{ $.resources[1].type = "AWS::KMS::Key" }', event: 'K1 (one resource)', message: K1, expected: 'no-match' },
  { id: 'implicit array step [U]', pattern: '{ $.resources.type = "AWS::KMS::Key" }', event: 'K1', message: K1, expected: 'uncertain' },
  { id: 'implicit array step, no reading matches', pattern: '{ $.resources.type = "AWS::S3::Bucket" }', event: 'K1', message: K1, expected: 'no-match' },
  { id: '[*] on another type', pattern: '{ $.resources[*].type = "AWS::S3::Bucket" }', event: 'K1', message: K1, expected: 'no-match' },
  { id: '[*] on another type', pattern: '{ $.resources[*].type = "AWS::S3::Bucket" }', event: 'S1', message: S1, expected: 'match' },
  { id: '[*] reaching objects', pattern: '{ $.resources[*] = "x" }', event: 'K1', message: K1, expected: 'no-match' },
  { id: 'deep index', pattern: '{ $.requestParameters.bucketPolicy.Statement[0].Principal = "*" }', event: 'S1', message: S1, expected: 'match' },
  {
    id: '[*] then index',
    pattern: '{ $.requestParameters.ipPermissions.items[*].ipRanges.items[0].cidrIp = "0.0.0.0/0" }',
    event: 'V1',
    message: V1,
    expected: 'match',
  },
  { id: '[*] on a non-array', pattern: '{ $.eventName[*] = "x" }', event: 'P1', message: P1, expected: 'no-match' },
  { id: '[*] != holds for any element', pattern: '{ $.tags[*] != "a" }', event: '{"tags":["a","b"]}', message: '{"tags":["a","b"]}', expected: 'match' },
  { id: '.* over values', pattern: '{ $.responseElements.* = "Success" }', event: 'M1', message: M1, expected: 'match' },
  { id: 'NOT EXISTS, implicit array step', pattern: '{ $.resources.type NOT EXISTS }', event: 'K1', message: K1, expected: 'uncertain' },
  { id: 'NOT EXISTS, no array', pattern: '{ $.resources.type NOT EXISTS }', event: 'P1 (no resources)', message: P1, expected: 'match' },
  { id: 'NOT EXISTS with [*], all have it', pattern: '{ $.resources[*].ARN NOT EXISTS }', event: 'K1', message: K1, expected: 'no-match' },
  {
    id: 'NOT EXISTS with [*], empty array',
    pattern: '{ $.resources[*].ARN NOT EXISTS }',
    event: '{"resources":[]}',
    message: '{"resources":[]}',
    expected: 'uncertain',
  },
  {
    id: 'NOT EXISTS with [*], some have it',
    pattern: '{ $.resources[*].ARN NOT EXISTS }',
    event: 'one of two has ARN',
    message: '{"resources":[{"ARN":"a"},{}]}',
    expected: 'uncertain',
  },
];

const nullsAndBooleans: Case[] = [
  { id: 'IS NULL on null', pattern: '{ $.responseElements IS NULL }', event: 'P1', message: P1, expected: 'match' },
  { id: 'NOT EXISTS on null', pattern: '{ $.responseElements NOT EXISTS }', event: 'P1', message: P1, expected: 'no-match' },
  { id: 'NOT EXISTS on absent', pattern: '{ $.errorCode NOT EXISTS }', event: 'U5', message: U5, expected: 'match' },
  { id: 'NOT EXISTS on present', pattern: '{ $.errorCode NOT EXISTS }', event: 'U1', message: U1, expected: 'no-match' },
  { id: 'IS NULL on an object', pattern: '{ $.userIdentity IS NULL }', event: 'R1', message: R1, expected: 'no-match' },
  { id: 'IS TRUE on false', pattern: '{ $.readOnly IS TRUE }', event: 'P1', message: P1, expected: 'no-match' },
  { id: 'IS TRUE on true', pattern: '{ $.readOnly IS TRUE }', event: 'R4', message: R4, expected: 'match' },
  { id: 'IS FALSE on true', pattern: '{ $.readOnly IS FALSE }', event: 'R4', message: R4, expected: 'no-match' },
  { id: 'IS TRUE on the string "true" [U]', pattern: '{ $.flag IS TRUE }', event: '{"flag":"true"}', message: '{"flag":"true"}', expected: 'uncertain' },
  { id: '= false on a boolean [U]', pattern: '{ $.readOnly = false }', event: 'P1', message: P1, expected: 'uncertain' },
  { id: '= "false" on a boolean [U]', pattern: '{ $.readOnly = "false" }', event: 'P1', message: P1, expected: 'uncertain' },
  { id: '= true on false', pattern: '{ $.readOnly = true }', event: 'P1', message: P1, expected: 'no-match' },
  { id: '= null on null [U]', pattern: '{ $.responseElements = null }', event: 'P1', message: P1, expected: 'uncertain' },
  { id: 'lower-case keywords [U]', pattern: '{ $.requestParameters is null }', event: 'M1', message: M1, expected: 'uncertain' },
  { id: 'lower-case keywords, absent field', pattern: '{ $.errorCode is null }', event: 'U5', message: U5, expected: 'no-match' },
  { id: 'lower-case NOT EXISTS [U]', pattern: '{ $.errorCode not exists }', event: 'U5', message: U5, expected: 'uncertain' },
];

const textAndUnicode: Case[] = [
  { id: 'quoted unicode value', pattern: '{ $.userIdentity.userName = "José" }', event: 'userName José', message: josé, expected: 'match' },
  { id: 'unicode is not folded', pattern: '{ $.userIdentity.userName = "Jose" }', event: 'userName José', message: josé, expected: 'no-match' },
  { id: 'bare unicode value [U]', pattern: '{ $.userIdentity.userName = José }', event: 'userName José', message: josé, expected: 'uncertain' },
  { id: 'bare value with "-" [U]', pattern: '{ $.awsRegion = us-east-1 }', event: 'P1', message: P1, expected: 'uncertain' },
  { id: 'bare value with "-", field absent', pattern: '{ $.region = us-east-1 }', event: 'P1', message: P1, expected: 'no-match' },
  { id: 'quoted phrase with unicode', pattern: '"José"', event: 'userName José', message: josé, expected: 'match' },
  {
    id: 'bracket key with a dot',
    pattern: '{ $.[\'cluster.name\'] = "Production" }',
    event: 'key "cluster.name"',
    message: '{"cluster.name":"Production"}',
    expected: 'match',
  },
  {
    id: 'bracket key is not a path',
    pattern: '{ $.[\'cluster.name\'] = "Production" }',
    event: 'nested cluster.name',
    message: '{"cluster":{"name":"Production"}}',
    expected: 'no-match',
  },
  { id: 'escaped quote [U]', pattern: '{ $.q = "say \\"hi\\"" }', event: 'q = say "hi"', message: '{"q":"say \\"hi\\""}', expected: 'uncertain' },
  { id: 'term is case-sensitive', pattern: 'consolelogin', event: 'M1', message: M1, expected: 'no-match' },
  { id: 'substring inside a word [U]', pattern: 'ERROR', event: 'ERRORCODE', message: 'Exiting with ERRORCODE: -1', expected: 'uncertain' },
  { id: 'whole word', pattern: 'ERROR', event: 'a plain log line', message: '[ERROR 419] MISSING ARGUMENTS', expected: 'match' },
  { id: 'excluded phrase present', pattern: '"Failed authentication" -JaneDoe', event: 'F1', message: F1, expected: 'no-match' },
  { id: 'excluded phrase absent', pattern: 'ConsoleLogin -"No username"', event: 'F1', message: F1, expected: 'match' },
  { id: 'optional terms', pattern: '?ConsoleLogin ?StopLogging', event: 'T1', message: T1, expected: 'match' },
  { id: 'optional terms, none present', pattern: '?ConsoleLogin ?StopLogging', event: 'P1', message: P1, expected: 'no-match' },
  { id: 'unquoted special characters [U]', pattern: 'iam.amazonaws.com', event: 'P1', message: P1, expected: 'uncertain' },
  { id: 'same text quoted', pattern: '"iam.amazonaws.com"', event: 'P1', message: P1, expected: 'match' },
];

const regexes: Case[] = [
  { id: 'whole-pattern regex', pattern: '%ConsoleLogin%', event: 'M1', message: M1, expected: 'match' },
  { id: 'quantifier', pattern: '%eventName.{3}ConsoleLogin%', event: 'M1', message: M1, expected: 'match' },
  { id: 'alternation over the whole regex [D2]', pattern: '%gra|ey%', event: 'grey', message: 'grey', expected: 'match' },
  { id: 'unanchored search [D1]', pattern: '%AUTHORIZED%', event: 'UNAUTHORIZED', message: '[ERROR 401] UNAUTHORIZED REQUEST', expected: 'match' },
  { id: '{,n} lower bound omitted [D2]', pattern: '%^a{,3}b$%', event: 'aab', message: 'aab', expected: 'match' },
  { id: '\\x28 instead of "(" [I6]', pattern: '%\\x28x\\x29%', event: '(x)', message: '(x)', expected: 'match' },
  { id: 'space in a regex [U]', pattern: '%^starting|^shutting down%', event: 'shutting down now', message: 'shutting down now', expected: 'uncertain' },
  { id: 'regex in a JSON value', pattern: '{ $.errorCode = %^AccessDenied% }', event: 'U1', message: U1, expected: 'no-match' },
  { id: '!= with a regex [U]', pattern: '{ $.eventName != %Policy$% }', event: 'M1', message: M1, expected: 'uncertain' },
  { id: '!= with a regex, field absent', pattern: '{ $.errorCode != %Denied% }', event: 'U5', message: U5, expected: 'no-match' },
  { id: 'regex on a number', pattern: '{ $.status = %^4% }', event: '{"status":404}', message: '{"status":404}', expected: 'uncertain' },
  { id: 'regex text not in the raw record', pattern: '%consolelogin%', event: 'M1', message: M1, expected: 'no-match' },
];

const delimited: Case[] = [
  {
    id: 'one pattern field per log field',
    pattern: '[ip, id, user, timestamp, request, status_code, bytes]',
    event: 'Apache line',
    message: APACHE_LINE,
    expected: 'match',
  },
  { id: 'field count differs', pattern: '[ip, id, user, timestamp, request, status_code]', event: 'Apache line', message: APACHE_LINE, expected: 'no-match' },
  { id: 'ellipsis and wildcard', pattern: '[..., status_code = 4*, bytes]', event: 'Apache line', message: APACHE_LINE, expected: 'match' },
  { id: 'numeric comparison', pattern: '[..., status_code = 404, bytes > 2000]', event: 'Apache line', message: APACHE_LINE, expected: 'no-match' },
  {
    id: 'grouped fields lose [ ] and " "',
    pattern: '[ip, id, user, timestamp = "10/Oct/2000*", request = "GET *", ...]',
    event: 'Apache line',
    message: APACHE_LINE,
    expected: 'match',
  },
  { id: 'trailing comma [D5]', pattern: '[ip, ...,]', event: 'Apache line', message: APACHE_LINE, expected: 'match' },
  { id: 'same-field ||', pattern: '[w1=ERROR || w1=WARNING, w2]', event: 'WARNING disk', message: 'WARNING disk', expected: 'match' },
  { id: 'same-field &&', pattern: '[w1!=ERROR && w1!=WARNING, w2]', event: 'ERROR disk', message: 'ERROR disk', expected: 'no-match' },
  { id: 'same-field &&', pattern: '[w1!=ERROR && w1!=WARNING, w2]', event: 'INFO disk', message: 'INFO disk', expected: 'match' },
  { id: 'numeric operator on text [U]', pattern: '[w1, w2 > 10]', event: 'INFO disk', message: 'INFO disk', expected: 'uncertain' },
  { id: 'two ellipses', pattern: '[..., user = frank, ..., bytes = 1534]', event: 'Apache line', message: APACHE_LINE, expected: 'match' },
  { id: 'on a CloudTrail line with spaces', pattern: '[w1, ...]', event: 'F1', message: F1, expected: 'match' },
];

describe.each([
  ['equivalent rewrites', rewrites],
  ['wildcards', wildcards],
  ['missing and wrong fields', missingAndWrongFields],
  ['numbers', numbers],
  ['arrays', arrays],
  ['IS NULL, NOT EXISTS and booleans', nullsAndBooleans],
  ['text, quoting and unicode', textAndUnicode],
  ['regexes', regexes],
  ['space-delimited', delimited],
])('%s', (_group, cases) => {
  it.each(cases)('$id: $pattern on $event → $expected', ({ pattern, message, expected }) => {
    expect(outcome(pattern, message)).toBe(expected);
  });
});

it('every CIS-shaped pattern gives one verdict per event whether the event is pre-parsed or not', async () => {
  const { evaluateFilterPattern, parseFilterPattern } = await import('../../../src/patterns/filter/index.js');
  const patterns = [ROOT_SECURITY_HUB, KMS_CIS, '{ $.resources.type = "AWS::KMS::Key" }', 'ConsoleLogin', '%Policy$%', '[w1, ...]'];
  for (const text of patterns) {
    const parsed = parseFilterPattern(text);
    if (!parsed.ok) throw new Error(text);
    for (const message of [R1, N1, K1, K2, M1, P1, INSIGHT]) {
      expect(evaluateFilterPattern(parsed.pattern, message, JSON.parse(message)), text).toEqual(evaluateFilterPattern(parsed.pattern, message));
    }
  }
});
