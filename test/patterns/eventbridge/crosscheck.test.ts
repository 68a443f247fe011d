import { describe, expect, it } from 'vitest';
import { cloudTrailEnvelope, parseEventPattern } from '../../../src/patterns/eventbridge/index.js';
import { patternText, syntaxError, verdictOf, type PatternSource } from './helpers.js';
import {
  ec2RunInstancesDenied,
  iamListUsersDenied,
  iamUserConsoleLogin,
  iamUserFailedLogin,
  kmsDisableKey,
  kmsRotateKey,
  rootApiCall,
  rootConsoleLogin,
  rootConsoleLoginWithMfa,
} from './records.js';

/**
 * Cross-check against the EventBridge documentation ([D9] event patterns, content filtering, arrays,
 * null values; [D10] comparison operators; tags as in shared/reference/filter-patterns.md §2) and the
 * reference's rules. Each row's expected verdict comes from the rule in `why`, not from the code.
 * Rows do not repeat semantics, tricky-cases, validation or cidr tests.
 */
type Expected = 'match' | 'no-match' | 'uncertain' | 'invalid';
interface Row {
  pattern: PatternSource;
  on: string;
  event: unknown;
  expected: Expected;
  why: string;
}

const row = (pattern: PatternSource, on: string, event: unknown, expected: Expected, why: string): Row => ({ pattern, on, event, expected, why });

function table(name: string, rows: Row[]): void {
  describe(name, () => {
    it.each(rows.map((r) => ({ ...r, text: patternText(r.pattern) })))('$text on $on → $expected ($why)', ({ pattern, event, expected }) => {
      expect(verdictOf(pattern, event)).toBe(expected);
    });
  });
}

// ------------------------------------------------------------------------------------------------
// The docs' sample events.

/** The content-filtering page's EC2 event [D9]. */
const ec2 = {
  version: '0',
  id: '9f3ad1f6-3f6b-4c4b-9f0e-1f1f1f1f1f1f',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.33', 'instance-id': 'i-000000aaaaaa00000', state: 'running' },
};

/** The arrays page's event: `resources` holds three ARNs [D9 arrays]. */
const withResources = {
  ...ec2,
  resources: [
    'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
    'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
    'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
  ],
};

/** The null-values page's event [D9 null values]. */
const autoscaling = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null },
};

const file = (FileName: string): unknown => ({ detail: { FileName } });
const bus = (EventBusArn: string): unknown => ({ detail: { EventBusArn } });

table('documented examples [D9][D10]', [
  row({ source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['running'] } }, 'EC2 event', ec2, 'match', 'D9: every named field matches'),
  row({ source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } }, 'EC2 event', ec2, 'no-match', 'D9: state differs'),
  row({ resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] }, 'three resources', withResources, 'match', 'D9 arrays: one element in common'),
  row({ resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f', 'arn:aws:ec2:us-east-1:000000000000:instance/x'] }, 'three resources', withResources, 'match', 'D9 arrays: the intersection is not empty'),
  row({ resources: ['arn:aws:ec2:us-east-1:000000000000:instance/x'] }, 'three resources', withResources, 'no-match', 'D9 arrays: no element in common'),
  row({ detail: { eventVersion: [''] } }, 'autoscaling event', autoscaling, 'match', 'D9 null values: empty string'),
  row({ detail: { responseElements: [null] } }, 'autoscaling event', autoscaling, 'match', 'D9 null values: null'),
  row({ detail: { eventVersion: [null] } }, 'autoscaling event', autoscaling, 'no-match', 'D9: null and "" are not interchangeable'),
  row({ detail: { responseElements: [''] } }, 'autoscaling event', autoscaling, 'no-match', 'D9: null and "" are not interchangeable'),
  row({ detail: { FileName: [{ suffix: '.png' }] } }, 'image.png', file('image.png'), 'match', 'D10 suffix'),
  row({ detail: { FileName: [{ suffix: '.png' }] } }, 'image.PNG', file('image.PNG'), 'no-match', 'D10: suffix is case-sensitive'),
  row({ detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, 'image.PNG', file('image.PNG'), 'match', 'D10: suffix ignoring case'),
  row({ detail: { FileName: [{ prefix: { 'equals-ignore-case': 'IMAGE' } }] } }, 'image.png', file('image.png'), 'match', 'D10: prefix ignoring case'),
  row({ detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } }, 'notes.txt', file('notes.txt'), 'no-match', 'D10: anything-but suffix'),
  row({ detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } }, 'image.png', file('image.png'), 'match', 'D10: anything-but suffix'),
  row({ detail: { FileName: [{ 'anything-but': { wildcard: '*/lib/*' } }] } }, '/usr/lib/libc.so', file('/usr/lib/libc.so'), 'no-match', 'D10: anything-but wildcard'),
  row({ detail: { FileName: [{ 'anything-but': { wildcard: '*/lib/*' } }] } }, '/usr/bin/ls', file('/usr/bin/ls'), 'match', 'D10: anything-but wildcard'),
  row({ detail: { FileName: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] } }, '/usr/bin/ls', file('/usr/bin/ls'), 'no-match', 'D10: anything-but wildcard list'),
  row({ detail: { FileName: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] } }, '/etc/hosts', file('/etc/hosts'), 'match', 'D10: anything-but wildcard list'),
  row({ detail: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] } }, 'default bus', bus('arn:aws:events:us-east-1:123456789012:event-bus/default'), 'match', 'D10 wildcard'),
  row({ detail: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] } }, 'bus in us-west-2', bus('arn:aws:events:us-west-2:123456789012:event-bus/default'), 'no-match', 'D10 wildcard'),
  row({ 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] }, 'EC2 event', ec2, 'match', 'D10 equals-ignore-case'),
  row({ detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'OverLoaded'] } }] } }, 'EC2 event', ec2, 'match', 'D10: anything-but equals-ignore-case'),
  row({ detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, 'EC2 event (301.8)', ec2, 'match', 'D9: anything-but numbers'),
  row({ detail: { 'x-limit': [{ 'anything-but': [100, 200, 301.8] }] } }, 'EC2 event (301.8)', ec2, 'no-match', 'D9: anything-but numbers'),
  row(
    {
      time: [{ prefix: '2017-10-02' }],
      detail: { state: [{ 'anything-but': 'initializing' }], 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }], 'x-limit': [{ 'anything-but': [100, 200, 300] }] },
    },
    'EC2 event',
    ec2,
    'match',
    'D9: the complex multi-operator example',
  ),
  row(
    '{"detail":{"$or":[{"c-count":[{"numeric":[">",0,"<=",5]}]},{"d-count":[{"numeric":["<",10]}]},{"x-limit":[{"numeric":["=",3.018e2]}]}]}}',
    'EC2 event',
    ec2,
    'match',
    'D9: the $or example',
  ),
  row({ source: ['aws.ec2'], $or: [{ 'detail-type': ['Other'] }, { detail: { state: ['running'] } }] }, 'EC2 event', ec2, 'match', 'D9: $or beside a field'),
  row({ source: ['aws.s3'], $or: [{ 'detail-type': ['EC2 Instance State-change Notification'] }, { detail: { state: ['running'] } }] }, 'EC2 event', ec2, 'no-match', 'D9: $or is ANDed with its siblings'),
  row({ detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }, 'EC2 event', ec2, 'match', 'D9 IP address matching'),
  row({ detail: { 'source-ip': [{ cidr: '10.0.0.0/27' }] } }, 'EC2 event (10.0.0.33)', ec2, 'no-match', 'D9: .33 is outside /27'),
  row({ detail: { 'c-count': [{ exists: true }] } }, 'EC2 event', ec2, 'match', 'D9 exists'),
  row({ detail: { 'c-count': [{ exists: false }] } }, 'EC2 event', ec2, 'no-match', 'D9 exists false on a present field'),
]);

// ------------------------------------------------------------------------------------------------
// Numeric ranges and numbers [D9].

const n = (value: unknown): unknown => ({ detail: { n: value } });
const numeric = (...operands: unknown[]): Record<string, unknown> => ({ detail: { n: [{ numeric: operands }] } });

table('numeric ranges and numbers [D9]', [
  row(numeric('>', 0, '<', 10), '0', n(0), 'no-match', 'exclusive lower bound'),
  row(numeric('>=', 0, '<', 10), '0', n(0), 'match', 'inclusive lower bound'),
  row(numeric('>=', 0, '<', 10), '10', n(10), 'no-match', 'exclusive upper bound'),
  row(numeric('>=', 0, '<=', 10), '10', n(10), 'match', 'inclusive upper bound'),
  row(numeric('>', -10, '<', 0), '-5', n(-5), 'match', 'negative range'),
  row(numeric('<', 0), '-0.5', n(-0.5), 'match', 'decimals'),
  row(numeric('=', 5), '5.0 (parsed as 5)', n(5.0), 'match', 'numeric equality by value'),
  row(numeric('=', 5), '5.000001', n(5.000001), 'no-match', 'six decimals of precision [D9]'),
  row(numeric('>', 100), '1e3', n(1e3), 'match', 'exponent in the event is a number'),
  row(numeric('=', 0.1234567), '0.1234568', n(0.1234568), 'uncertain', 'D9: precise to six decimals only'),
  row(numeric('>', 0), '6e9', n(6e9), 'uncertain', 'D9: numeric matching is limited to -5.0e9…+5.0e9'),
  row(numeric('<', 0), '-5e9', n(-5e9), 'match', 'D9: the range is inclusive'),
  row(numeric('>', 0), '"5"', n('5'), 'no-match', 'D9: numeric applies to JSON numbers only'),
  row(numeric('>', 0), 'true', n(true), 'no-match', 'numeric never matches a boolean'),
  row(numeric('>', 0), 'null', n(null), 'no-match', 'numeric never matches null'),
  row(numeric('>', 0), 'absent', { detail: {} }, 'no-match', 'numeric needs the field'),
  row(numeric('>', 0, '<', 10), '[20, 30]', n([20, 30]), 'no-match', 'D9 arrays: no element in range'),
  row(numeric('>', 0, '<', 10), '[]', n([]), 'no-match', 'an empty array has no element to match'),
  row({ detail: { n: [5] } }, '5', n(5), 'match', 'exact number'),
  row({ detail: { n: [5] } }, '"5"', n('5'), 'no-match', 'R1: a number never matches a string'),
  row({ detail: { n: [{ 'anything-but': 5 }] } }, '6', n(6), 'match', 'anything-but a number'),
  row({ detail: { n: [{ 'anything-but': 5 }] } }, '5', n(5), 'no-match', 'anything-but a number'),
  row({ detail: { n: [{ 'anything-but': 5 }] } }, '"5"', n('5'), 'match', 'R1: a number exclusion never excludes a string'),
  row({ detail: { n: [{ 'anything-but': 5 }] } }, 'absent', { detail: {} }, 'no-match', 'anything-but needs the field'),
  row({ detail: { n: [{ 'anything-but': [1, 2] }] } }, '[1, 2]', n([1, 2]), 'no-match', 'every element excluded'),
  row({ detail: { n: [{ 'anything-but': [1, 2] }] } }, '[1, 3]', n([1, 3]), 'match', 'D9 arrays: one element outside the list'),
  row({ detail: { n: [{ numeric: ['>', 0] }, { numeric: ['<', -100] }] } }, '-200', n(-200), 'match', 'a match list is an OR'),
  row({ detail: { n: [{ numeric: ['>', 0] }], m: [{ numeric: ['<', 0] }] } }, 'n 1, m 1', { detail: { n: 1, m: 1 } }, 'no-match', 'fields are ANDed'),
]);

// ------------------------------------------------------------------------------------------------
// exists, null, empty arrays, nested structure.

const a = (value: unknown): unknown => ({ detail: { a: value } });

table('exists, null values and empty arrays', [
  row({ detail: { a: [{ exists: false }] } }, 'missing', { detail: {} }, 'match', 'D9: exists false on an absent field'),
  row({ detail: { a: [{ exists: false }] } }, 'no detail at all', { source: 'x' }, 'match', 'D9: absent parent, absent leaf'),
  row({ detail: { a: [{ exists: true }] } }, 'missing', { detail: {} }, 'no-match', 'D9: exists true needs the field'),
  row({ detail: { a: [{ exists: true }] } }, '""', a(''), 'match', 'the empty string is a present leaf'),
  row({ detail: { a: [{ exists: true }] } }, 'false', a(false), 'match', 'a boolean is a present leaf'),
  row({ detail: { a: [{ exists: true }] } }, '0', a(0), 'match', 'zero is a present leaf'),
  row({ detail: { a: [{ exists: false }] } }, 'null', a(null), 'uncertain', 'reference §2.1: a present null is [U]'),
  row({ detail: { a: [{ exists: true }] } }, '{}', a({}), 'no-match', 'D9: exists works on leaves only'),
  row({ detail: { a: [{ exists: false }] } }, '{"b":1}', a({ b: 1 }), 'match', 'D9: exists false matches an intermediate node'),
  row({ detail: { a: [{ exists: false }] } }, '[]', a([]), 'uncertain', 'reference §2.1: an empty array is [U]'),
  row({ detail: { a: ['x'] } }, '[]', a([]), 'no-match', 'D9 arrays: nothing in common with an empty array'),
  row({ detail: { a: [{ 'anything-but': 'x' }] } }, '[]', a([]), 'no-match', 'anything-but needs a value'),
  row({ detail: { a: [null] } }, 'missing', { detail: {} }, 'no-match', 'D9: null matches a present null only'),
  row({ detail: { a: [null] } }, '[null, "x"]', a([null, 'x']), 'match', 'D9 arrays: any element'),
  row({ detail: { a: [null, ''] } }, '""', a(''), 'match', 'a list of null and "" matches either'),
  row({ detail: { a: [{ prefix: '' }] } }, 'null', a(null), 'no-match', 'prefix applies to strings only'),
  row({ detail: { a: { b: ['x'] } } }, 'a is "x"', a('x'), 'no-match', 'D9: structure must match'),
  row({ detail: { a: ['x'] } }, 'a is {"b":"x"}', a({ b: 'x' }), 'no-match', 'D9: a leaf list never matches an object'),
  row({ detail: { a: { b: { c: ['deep'] } } } }, 'a.b.c deep', a({ b: { c: 'deep' } }), 'match', 'nested objects'),
  row({ detail: { a: { b: ['x'] } } }, '[{"b":"y"},{"b":"x"}]', a([{ b: 'y' }, { b: 'x' }]), 'match', 'D9 arrays of objects: any element'),
]);

// ------------------------------------------------------------------------------------------------
// Case sensitivity, string operators on other types.

table('case sensitivity [D9][D10]', [
  row({ Source: ['aws.ec2'] }, 'EC2 event', ec2, 'no-match', 'D9: field names are matched exactly'),
  row({ detail: { State: ['running'] } }, 'EC2 event', ec2, 'no-match', 'D9: field names are matched exactly'),
  row({ detail: { state: ['Running'] } }, 'EC2 event', ec2, 'no-match', 'D9: values are case-sensitive'),
  row({ detail: { state: [{ 'equals-ignore-case': 'RUNNING' }] } }, 'EC2 event', ec2, 'match', 'D10: equals-ignore-case'),
  row({ detail: { state: [{ prefix: 'RUN' }] } }, 'EC2 event', ec2, 'no-match', 'D10: prefix is case-sensitive'),
  row({ detail: { state: [{ 'anything-but': 'Running' }] } }, 'EC2 event', ec2, 'match', 'D10: anything-but is case-sensitive'),
  row({ 'detail-type': ['ec2 instance state-change notification'] }, 'EC2 event', ec2, 'no-match', 'D9: exact match is case-sensitive'),
  row({ detail: { 'c-count': [{ 'equals-ignore-case': '5' }] } }, 'c-count 5 (number)', ec2, 'no-match', 'R1: string operators match strings only'),
  row({ detail: { 'c-count': [{ suffix: '5' }] } }, 'c-count 5 (number)', ec2, 'no-match', 'R1: string operators match strings only'),
  row({ detail: { 'c-count': [{ wildcard: '*' }] } }, 'c-count 5 (number)', ec2, 'no-match', 'R1: wildcard matches strings only'),
  row({ detail: { 'source-ip': [{ wildcard: '10.0.0.*' }] } }, 'EC2 event', ec2, 'match', 'D10 wildcard at the end'),
  row({ detail: { 'source-ip': [{ wildcard: '*' }] } }, '""', { detail: { 'source-ip': '' } }, 'match', 'R1: * matches the empty string'),
  row({ detail: { 'source-ip': [{ wildcard: '' }] } }, '""', { detail: { 'source-ip': '' } }, 'match', 'R1: no star, exact empty string'),
]);

// ------------------------------------------------------------------------------------------------
// Nested $or.

table('$or nesting [D9]', [
  row({ detail: { $or: [{ a: ['1'] }, { $or: [{ b: ['2'] }, { c: ['3'] }] }] } }, 'c 3', { detail: { c: '3' } }, 'match', 'an $or inside an $or alternative'),
  row({ detail: { $or: [{ a: ['1'] }, { $or: [{ b: ['2'] }, { c: ['3'] }] }] } }, 'c 4', { detail: { c: '4' } }, 'no-match', 'no alternative holds'),
  row({ $or: [{ source: ['aws.kms'] }, { detail: { $or: [{ a: ['1'] }, { b: ['2'] }] } }] }, 'b 2', { detail: { b: '2' } }, 'match', '$or at two levels'),
  row({ $or: [{ detail: { a: [{ exists: false }] } }, { detail: { a: ['x'] } }] }, 'a y', { detail: { a: 'y' } }, 'no-match', 'exists false or exact'),
  row({ $or: [{ detail: { a: [{ exists: false }] } }, { detail: { a: ['x'] } }] }, 'no a', { detail: {} }, 'match', 'exists false or exact'),
  row({ detail: { $or: [{ a: [{ numeric: ['>', 10] }] }, { a: [{ numeric: ['<', 0] }] }] } }, 'a 5', { detail: { a: 5 } }, 'no-match', 'two ranges on one field'),
  row({ detail: { $or: [{ a: [{ numeric: ['>', 10] }] }, { a: [{ numeric: ['<', 0] }] }] } }, 'a -1', { detail: { a: -1 } }, 'match', 'two ranges on one field'),
]);

// ------------------------------------------------------------------------------------------------
// CloudTrail rules as they are written for the CIS controls (reference §2.4 style), on envelopes.

const env = cloudTrailEnvelope;
const rootLogin = env(rootConsoleLogin);
const rootMfa = env(rootConsoleLoginWithMfa);
const rootCall = env(rootApiCall);
const rotate = env(kmsRotateKey);
const runDenied = env(ec2RunInstancesDenied);
const listDenied = env(iamListUsersDenied);
const userLogin = env(iamUserConsoleLogin);
const failedLogin = env(iamUserFailedLogin);
const disableKey = env(kmsDisableKey);
const scheduleDeletion = env({ ...kmsDisableKey, eventName: 'ScheduleKeyDeletion' });

const ROOT = { detail: { userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] }, eventType: [{ 'anything-but': 'AwsServiceEvent' }] } };
const NO_MFA = {
  'detail-type': ['AWS Console Sign In via CloudTrail'],
  detail: { eventName: ['ConsoleLogin'], additionalEventData: { MFAUsed: [{ 'anything-but': 'Yes' }] }, userIdentity: { type: ['IAMUser'] }, responseElements: { ConsoleLogin: ['Success'] } },
};
const KMS = { source: ['aws.kms'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: ['kms.amazonaws.com'], eventName: ['DisableKey', 'ScheduleKeyDeletion'] } };
const UNAUTHORIZED = { detail: { errorCode: [{ suffix: 'UnauthorizedOperation' }, { prefix: 'AccessDenied' }] } };
const FAILED_LOGIN = { detail: { eventName: ['ConsoleLogin'], errorMessage: ['Failed authentication'] } };

table('CIS-style rules on CloudTrail envelopes', [
  row(ROOT, 'root sign-in (R1)', rootLogin, 'match', 'root, no invokedBy, not a service event'),
  row(ROOT, 'root API call (R3)', rootCall, 'match', 'root, no invokedBy'),
  row(ROOT, 'KMS RotateKey (N1)', rotate, 'no-match', 'no userIdentity.type; has invokedBy'),
  row(ROOT, 'IAM user sign-in (M1)', userLogin, 'no-match', 'type is IAMUser'),
  row(NO_MFA, 'IAM user sign-in without MFA (M1)', userLogin, 'match', 'every clause holds'),
  row(NO_MFA, 'root sign-in (R1)', rootLogin, 'no-match', 'type is Root'),
  row(NO_MFA, 'failed sign-in (F1)', failedLogin, 'no-match', 'ConsoleLogin is "Failure"'),
  row({ ...NO_MFA, detail: { ...NO_MFA.detail, userIdentity: { type: ['Root'] } } }, 'root sign-in "YES" (R2)', rootMfa, 'match', 'E9: anything-but is case-sensitive'),
  row(KMS, 'DisableKey (K1)', disableKey, 'match', 'E12: a list is an OR'),
  row(KMS, 'ScheduleKeyDeletion (K2)', scheduleDeletion, 'match', 'E12: a list is an OR'),
  row(KMS, 'RotateKey service event (N1)', rotate, 'no-match', 'detail-type is "AWS Service Event via CloudTrail"'),
  row(UNAUTHORIZED, 'Client.UnauthorizedOperation (U1)', runDenied, 'match', 'E7: suffix'),
  row(UNAUTHORIZED, 'AccessDenied (U2)', listDenied, 'match', 'E6/E7: prefix'),
  row(UNAUTHORIZED, 'no errorCode (K1)', disableKey, 'no-match', 'a value matcher needs the field'),
  row(FAILED_LOGIN, 'failed sign-in (F1)', failedLogin, 'match', 'exact values'),
  row(FAILED_LOGIN, 'successful sign-in (M1)', userLogin, 'no-match', 'no errorMessage'),
  row({ detail: { resources: { ARN: [{ prefix: 'arn:aws:kms:' }] } } }, 'DisableKey (K1)', disableKey, 'match', 'E13: arrays of objects are crushed'),
  row({ detail: { resources: { type: ['AWS::KMS::Key'], ARN: [{ suffix: 'EXAMPLE' }] } } }, 'RotateKey (N1)', rotate, 'match', 'one element satisfies both fields'),
  row({ detail: { sourceIPAddress: [{ cidr: '203.0.113.0/24' }] } }, 'U1 (203.0.113.10)', runDenied, 'match', 'D9: cidr on sourceIPAddress'),
  row({ detail: { sourceIPAddress: [{ 'anything-but': { prefix: '203.0.113.' } }] } }, 'U1 (203.0.113.10)', runDenied, 'no-match', 'D10: anything-but prefix'),
  row({ detail: { readOnly: [false] } }, 'DisableKey (readOnly false)', disableKey, 'match', 'D9: booleans match exactly'),
  row({ detail: { readOnly: ['false'] } }, 'DisableKey (readOnly false)', disableKey, 'no-match', 'D9: a string never matches a boolean'),
  row({ resources: [{ exists: true }] }, 'CloudTrail envelope (resources [])', disableKey, 'uncertain', 'reference §2.1: exists on an empty array is [U]'),
]);

// ------------------------------------------------------------------------------------------------
// Invalid patterns: AWS rejects them, with a message [R1 JsonRuleCompiler].

describe('invalid patterns are rejected with a message', () => {
  it.each([
    ['', 'not JSON at all'],
    ['source = aws.kms', 'not JSON at all'],
    ["{'source': ['aws.kms']}", 'single quotes are not JSON'],
    ['{"source": ["aws.kms"]', 'unclosed object'],
    ['{"source": ["aws.kms"],}', 'trailing comma'],
    ['{"source": [NaN]}', 'NaN is not JSON'],
    ['{"detail": {"eventName": "DisableKey"}}', 'a leaf must be a list'],
    ['{"source": 5}', 'a leaf must be a list'],
    ['{"source": null}', 'a leaf must be a list'],
    ['{"source": true}', 'a leaf must be a list'],
    ['{"detail": []}', 'empty list'],
    ['{"detail": {"eventName": [{"equals-ignore-case": ["x"]}]}}', 'equals-ignore-case takes a string'],
    ['{"detail": {"eventName": [{"wildcard": 5}]}}', 'wildcard takes a string'],
    ['{"detail": {"eventName": [{"suffix": null}]}}', 'suffix takes a string'],
    ['{"detail": {"n": [{"numeric": [">", "0"]}]}}', 'numeric bounds are numbers'],
    ['{"detail": {"n": [{"numeric": ["<", 5, "<", 10]}]}}', 'one upper bound only'],
    ['{"detail": {"n": [{"numeric": [">", 10, "<", 5]}]}}', 'bottom above top'],
    ['{"detail": {"n": [{"numeric": ["==", 5]}]}}', 'unknown numeric operator'],
    ['{"detail": {"n": [{"anything-but": [1, "1"]}]}}', 'mixed anything-but list'],
    ['{"detail": {"n": [{"anything-but": {"prefix": 5}}]}}', 'anything-but prefix takes a string'],
    ['{"detail": {"n": [{"anything-but": null}]}}', 'anything-but takes strings or numbers'],
    ['{"detail": {"n": [{"exists": "false"}]}}', 'exists takes a boolean'],
    ['{"detail": {"n": [{"exists": true, "prefix": "x"}]}}', 'one operator per object'],
    ['{"detail": {"ip": [{"cidr": "10.0.0.0"}]}}', 'cidr needs a mask'],
    ['{"detail": {"ip": [{"cidr": "10.0.0.0/33"}]}}', 'mask too long'],
    ['{"detail": {"ip": [{"cidr": "not an ip/8"}]}}', 'not an address'],
    ['{"detail": {"n": [{"$or": [{"a": ["1"]}, {"b": ["2"]}]}]}}', '$or is not a match operator'],
    ['{"$or": [{"a": ["1"]}, {}]}', 'empty alternative'],
    ['{"$or": [{"a": ["1"]}]}', 'E14: $or needs two alternatives'],
  ])('%j is rejected (%s)', (text) => {
    const error = syntaxError(text);
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.position).toBeGreaterThanOrEqual(0);
    expect(error.position).toBeLessThanOrEqual(text.length);
  });

  it.each([
    ['{"detail": {"n": [{"prefix": "a**"}]}}', 'stars are plain text in a prefix'],
    ['{"detail": {"n": [{"numeric": ["=", -5e9]}]}}', 'the documented lowest bound [D9]'],
    ['{"detail": {"n": [{"numeric": [">=", 0, "<=", 5e9]}]}}', 'the documented highest bound [D9]'],
    ['{"detail": {"n": ["x", 1, true, null, {"exists": false}]}}', 'a list may mix values and operators'],
    ['{"detail": {"eventName": ["DisableKey"]}, "source": ["aws.kms"]}', 'key order does not matter'],
    [' \n{"source": ["aws.kms"]}\n ', 'blanks around the pattern'],
  ])('%j is accepted (%s)', (text) => {
    expect(parseEventPattern(text).ok).toBe(true);
  });

  it('rejects a non-object event pattern with the documented message', () => {
    expect(syntaxError('["aws.kms"]').message).toBe('Filter is not an object');
  });
});

describe('a repeated key keeps the last one [D9]', () => {
  it('matches on the last spelling only and notes the dropped one', () => {
    const text = '{"source":["aws.iam"],"source":["aws.kms"]}';
    expect(verdictOf(text, disableKey)).toBe('match');
    expect(verdictOf(text, env(rootApiCall))).toBe('no-match');
    const parsed = parseEventPattern(text);
    expect(parsed.ok && parsed.notes.map((note) => note.message)).toEqual([expect.stringContaining('Duplicate key "source"')]);
  });
});
