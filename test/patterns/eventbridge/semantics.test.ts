import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../../src/patterns/types.js';
import { matchResult, verdictOf, type PatternSource } from './helpers.js';

/**
 * The matching semantics of filter-patterns.md §2.1, as a case table. The cases paraphrase the
 * examples of event-ruler's README and RulerTest (the engine EventBridge runs).
 */
type Case = readonly [name: string, pattern: PatternSource, event: unknown, expected: Verdict];

/** The README's sample EC2 state-change event. */
const ec2 = {
  version: '0',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.33', 'instance-id': 'i-000000aaaaaa00000', state: 'running' },
};

const exact: Case[] = [
  [
    'values in a list are alternatives; unnamed fields are ignored',
    { 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['initializing', 'running'] } },
    ec2,
    'match',
  ],
  ['all named fields must match', { source: ['aws.ec2'], detail: { state: ['stopped'] } }, ec2, 'no-match'],
  [
    'an event array matches when it shares a value with the list',
    { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000', 'other'] },
    ec2,
    'match',
  ],
  ['exact matching is case-sensitive', { source: ['AWS.EC2'] }, ec2, 'no-match'],
  ['a string never matches a number', { a: ['5'] }, { a: 5 }, 'no-match'],
  ['a number never matches a string', { a: [5] }, { a: '5' }, 'no-match'],
  ['a number matches the same number', { a: [5] }, { a: 5 }, 'match'],
  ['a number spelled otherwise in the pattern is undocumented', '{"a":[3.0e2]}', { a: 300 }, 'uncertain'],
  ['true matches true, not "true"', { a: [true] }, { a: 'true' }, 'no-match'],
  ['null matches null', { a: [null] }, { a: null }, 'match'],
  ['null does not match the empty string', { a: [null] }, { a: '' }, 'no-match'],
  ['the empty string does not match null', { a: [''] }, { a: null }, 'no-match'],
  ['null does not match an absent field', { a: [null] }, {}, 'no-match'],
  ['a nested pattern needs the same nesting in the event', { detail: { state: ['running'] } }, { state: 'running' }, 'no-match'],
  ['a leaf list never matches an object', { detail: ['running'] }, ec2, 'no-match'],
  ['an IP address string matches other spellings of the address', { ip: ['2001:db8::1'] }, { ip: '2001:DB8:0:0:0:0:0:1' }, 'match'],
  ['"exactly" compares strings only', { ip: [{ exactly: '2001:db8::1' }] }, { ip: '2001:DB8::1' }, 'no-match'],
  ["fields are the event's own, never inherited", { constructor: [{ exists: true }] }, {}, 'no-match'],
  ['a "__proto__" field is an ordinary field', '{"__proto__":["x"]}', JSON.parse('{"__proto__":"x"}'), 'match'],
];

const strings: Case[] = [
  ['prefix', { time: [{ prefix: '2017-10-02' }] }, ec2, 'match'],
  ['prefix is for strings only', { detail: { 'c-count': [{ prefix: '5' }] } }, ec2, 'no-match'],
  ['prefix ignoring case', { source: [{ prefix: { 'equals-ignore-case': 'AWS.' } }] }, ec2, 'match'],
  ['suffix', { source: [{ suffix: 'ec2' }] }, ec2, 'match'],
  [
    'suffix ignoring case',
    { errorCode: [{ suffix: { 'equals-ignore-case': 'unauthorizedoperation' } }] },
    { errorCode: 'Client.UnauthorizedOperation' },
    'match',
  ],
  ['equals-ignore-case', { source: [{ 'equals-ignore-case': 'AWS.EC2' }] }, ec2, 'match'],
  ['equals-ignore-case still compares the whole value', { source: [{ 'equals-ignore-case': 'EC2' }] }, ec2, 'no-match'],
  ['wildcard in the middle', { name: [{ wildcard: 'Simple*Service' }] }, { name: 'SimpleQueueService' }, 'match'],
  ['wildcard must cover the whole value', { name: [{ wildcard: 'Simple*' }] }, { name: 'NotSimpleQueue' }, 'no-match'],
  ['wildcard with several stars', { name: [{ wildcard: '*Bucket*Policy' }] }, { name: 'PutBucketPolicy' }, 'match'],
  ['wildcard parts must not overlap', { name: [{ wildcard: 'ab*ba' }] }, { name: 'aba' }, 'no-match'],
  ['an escaped star is a literal star', { name: [{ wildcard: 'a\\*b' }] }, { name: 'a*b' }, 'match'],
  ['an escaped star matches nothing else', { name: [{ wildcard: 'a\\*b' }] }, { name: 'axb' }, 'no-match'],
  ['an escaped backslash is a backslash', { path: [{ wildcard: 'C:\\\\*' }] }, { path: 'C:\\Users' }, 'match'],
  ['wildcard is for strings only', { n: [{ wildcard: '*' }] }, { n: 5 }, 'no-match'],
];

const anythingBut: Case[] = [
  ['anything-but a string', { detail: { state: [{ 'anything-but': 'initializing' }] } }, ec2, 'match'],
  ['anything-but excludes its value', { detail: { state: [{ 'anything-but': 'running' }] } }, ec2, 'no-match'],
  ['anything-but a list of strings', { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, ec2, 'match'],
  ['anything-but a number', { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, ec2, 'match'],
  ['anything-but numbers compares by value', '{"detail":{"x-limit":[{"anything-but":[100,3.018e2]}]}}', ec2, 'no-match'],
  ['numbers never exclude a string', { a: [{ 'anything-but': [111, 222, 333] }] }, { a: '444' }, 'match'],
  ['strings never exclude a number', { a: [{ 'anything-but': ['111'] }] }, { a: 111 }, 'match'],
  ['anything-but needs the field', { a: [{ 'anything-but': 'x' }] }, {}, 'no-match'],
  ['anything-but never matches null', { a: [{ 'anything-but': 'x' }] }, { a: null }, 'no-match'],
  ['anything-but never matches a boolean', { a: [{ 'anything-but': 'x' }] }, { a: false }, 'no-match'],
  ['anything-but prefix excludes the prefix', { detail: { state: [{ 'anything-but': { prefix: 'run' } }] } }, ec2, 'no-match'],
  ['anything-but prefix keeps the rest', { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, ec2, 'match'],
  ['anything-but suffix', { source: [{ 'anything-but': { suffix: '.ec2' } }] }, ec2, 'no-match'],
  ['anything-but equals-ignore-case list', { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'Running'] } }] }, { state: 'RUNNING' }, 'no-match'],
  ['anything-but wildcard', { ip: [{ 'anything-but': { wildcard: '*.amazonaws.com' } }] }, { ip: 'cloudtrail.amazonaws.com' }, 'no-match'],
  ['anything-but wildcard keeps other values', { ip: [{ 'anything-but': { wildcard: '*.amazonaws.com' } }] }, { ip: '203.0.113.10' }, 'match'],
  ['anything-but prefix does not exclude a number', { n: [{ 'anything-but': { prefix: '5' } }] }, { n: 5 }, 'match'],
  ['anything-but on an array: any element outside the list', { tags: [{ 'anything-but': 'banned' }] }, { tags: ['banned', 'ok'] }, 'match'],
  ['anything-but on an array: every element excluded', { tags: [{ 'anything-but': 'banned' }] }, { tags: ['banned'] }, 'no-match'],
];

const numeric: Case[] = [
  ['numeric range, top included', { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } }, ec2, 'match'],
  ['numeric range, bottom excluded', { n: [{ numeric: ['>', 0, '<=', 5] }] }, { n: 0 }, 'no-match'],
  ['numeric upper bound', { detail: { 'd-count': [{ numeric: ['<', 10] }] } }, ec2, 'match'],
  ['numeric equality by value', '{"detail":{"x-limit":[{"numeric":["=",3.018e2]}]}}', ec2, 'match'],
  ['numeric lower bound, inclusive', { n: [{ numeric: ['>=', 5] }] }, { n: 5 }, 'match'],
  ['numeric lower bound, exclusive', { n: [{ numeric: ['>', 5] }] }, { n: 5 }, 'no-match'],
  ['numeric is for numbers only', { n: [{ numeric: ['>', 0] }] }, { n: '5' }, 'no-match'],
  ['numeric on an array: any element in range', { vals: [{ numeric: ['>', 0, '<', 10] }] }, { vals: [100, 5, 200] }, 'match'],
];

const cidr: Case[] = [
  ['cidr', { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }, ec2, 'match'],
  ['cidr outside the block', { detail: { 'source-ip': [{ cidr: '10.0.1.0/24' }] } }, ec2, 'no-match'],
  ['cidr with IPv6', { ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db8:ffff::1' }, 'match'],
  ['cidr never matches a host name', { ip: [{ cidr: '0.0.0.0/0' }] }, { ip: 'cloudtrail.amazonaws.com' }, 'no-match'],
];

const exists: Case[] = [
  ['exists true on a present leaf', { detail: { 'c-count': [{ exists: true }] } }, ec2, 'match'],
  ['exists true on an absent field', { detail: { 'e-count': [{ exists: true }] } }, ec2, 'no-match'],
  ['exists false on an absent field', { detail: { 'e-count': [{ exists: false }] } }, ec2, 'match'],
  ['exists false on a present leaf', { detail: { 'c-count': [{ exists: false }] } }, ec2, 'no-match'],
  ['exists false matches an object: exists is about leaves', { detail: { 'c-count': [{ exists: false }] } }, { detail: { 'c-count': { c1: 100 } } }, 'match'],
  ['exists true does not match an object', { detail: { 'c-count': [{ exists: true }] } }, { detail: { 'c-count': { c1: 100 } } }, 'no-match'],
  ['exists false below a missing parent', { detail: { a: { b: [{ exists: false }] } } }, { detail: {} }, 'match'],
  ['exists true on an array of values', { tags: [{ exists: true }] }, { tags: ['a', 'b'] }, 'match'],
  ['exists on a present null is undocumented', { a: [{ exists: true }] }, { a: null }, 'uncertain'],
  ['exists false on a present null is undocumented', { a: [{ exists: false }] }, { a: null }, 'uncertain'],
  ['exists on an empty array is undocumented', { a: [{ exists: true }] }, { a: [] }, 'uncertain'],
  ['exists false on an empty array is undocumented', { a: [{ exists: false }] }, { a: [] }, 'uncertain'],
  ['another matcher in the list can settle it', { a: [{ exists: true }, null] }, { a: null }, 'match'],
  ['an uncertain field does not rescue a failing one', { a: [{ exists: true }], b: ['x'] }, { a: null, b: 'y' }, 'no-match'],
];

const arrays: Case[] = [
  ['a value matcher on an empty array matches nothing', { a: ['x'] }, { a: [] }, 'no-match'],
  ['arrays of arrays count as one list of elements', { a: ['x'] }, { a: [['w'], ['x']] }, 'match'],
  ['fields of one array element match together', { d: { name: ['alice'], status: ['active'] } }, { d: [{ name: 'alice', status: 'active' }] }, 'match'],
  [
    'fields from different elements of one array do not',
    { d: { name: ['alice'], status: ['active'] } },
    { d: [{ name: 'alice' }, { status: 'active' }] },
    'no-match',
  ],
  ['the element that matches may be any one', { d: { a: ['target'], b: ['found'] } }, { d: [{ a: 'x' }, { a: 'target', b: 'found' }, { a: 'z' }] }, 'match'],
  ['consistency holds in nested arrays', { u: { t: { k: ['color'], v: ['blue'] } } }, { u: [{ t: [{ k: 'color' }, { v: 'blue' }] }] }, 'no-match'],
  [
    'consistency reaches nested objects of an element',
    { d: { name: [{ exists: true }], info: { x: ['1'] } } },
    { d: [{ name: 'alice' }, { info: { x: '1' } }] },
    'no-match',
  ],
  [
    'an array field and a scalar field are independent',
    { users: { name: [{ exists: true }] }, version: ['1'] },
    { users: [{ name: 'alice' }], version: '1' },
    'match',
  ],
  ['exists false inside an array element, absent everywhere', { d: { a: [{ exists: true }], b: [{ exists: false }] } }, { d: [{ a: 1 }] }, 'match'],
  [
    'exists false inside an array element, present in that element',
    { d: { a: [{ exists: true }], b: [{ exists: false }] } },
    { d: [{ a: 1, b: 2 }] },
    'no-match',
  ],
  [
    'exists false absent from one element but present in another is order-dependent in event-ruler',
    { d: { a: ['1'], b: [{ exists: false }] } },
    { d: [{ a: '1' }, { a: '2', b: 'x' }] },
    'uncertain',
  ],
];

const or: Case[] = [
  [
    '$or: either alternative',
    { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }] },
    { source: 'aws.cloudwatch', namespace: 'AWS/EC2' },
    'match',
  ],
  [
    '$or is ANDed with its sibling fields',
    { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }] },
    { source: 'aws.ec2', namespace: 'AWS/EC2' },
    'no-match',
  ],
  ['$or: neither alternative', { $or: [{ a: ['1'] }, { b: ['2'] }] }, { a: '2', b: '1' }, 'no-match'],
  [
    '$or inside a nested object',
    { detail: { $or: [{ eventName: ['A'] }, { errorCode: [{ prefix: 'AccessDenied' }] }] } },
    { detail: { eventName: 'B', errorCode: 'AccessDeniedException' } },
    'match',
  ],
  [
    'parallel $or: both must hold',
    { $or: [{ a: ['1'] }, { b: ['1'] }], detail: { $or: [{ c: ['1'] }, { d: ['1'] }] } },
    { b: '1', detail: { c: '2', d: '3' } },
    'no-match',
  ],
  ['an alternative with an AND inside', { $or: [{ a: ['1'] }, { b: ['1'], c: ['1'] }] }, { b: '1', c: '1' }, 'match'],
  ['nested $or', { $or: [{ a: ['1'] }, { b: ['1'], $or: [{ c: ['1'] }, { d: ['1'] }] }] }, { b: '1', d: '1' }, 'match'],
  ['nested $or, inner alternatives all fail', { $or: [{ a: ['1'] }, { b: ['1'], $or: [{ c: ['1'] }, { d: ['1'] }] }] }, { b: '1', d: '2' }, 'no-match'],
  [
    '$or keeps array consistency with the fields beside it',
    { r: { a: ['1'] }, $or: [{ r: { b: ['2'] } }, { x: ['y'] }] },
    { r: [{ a: '1' }, { b: '2' }] },
    'no-match',
  ],
  ['$or keeps array consistency, same element', { r: { a: ['1'] }, $or: [{ r: { b: ['2'] } }, { x: ['y'] }] }, { r: [{ a: '1', b: '2' }] }, 'match'],
  ['an uncertain alternative does not hide a matching one', { $or: [{ a: [{ exists: true }] }, { b: ['1'] }] }, { a: null, b: '1' }, 'match'],
  ['an uncertain alternative with no match is uncertain', { $or: [{ a: [{ exists: true }] }, { b: ['1'] }] }, { a: null, b: '2' }, 'uncertain'],
];

describe('event pattern semantics', () => {
  describe.each([
    ['exact values', exact],
    ['string operators', strings],
    ['anything-but', anythingBut],
    ['numeric', numeric],
    ['cidr', cidr],
    ['exists', exists],
    ['arrays in the event', arrays],
    ['$or', or],
  ] as const)('%s', (_, cases) => {
    it.each(cases)('%s', (_name, pattern, event, expected) => {
      expect(verdictOf(pattern, event)).toBe(expected);
    });
  });

  it('says why a verdict is uncertain, naming the path', () => {
    expect(matchResult({ detail: { a: [{ exists: true }] } }, { detail: { a: [] } }).reasons).toEqual([
      'detail.a is an empty array: whether {"exists": true} matches it is undocumented',
    ]);
    expect(matchResult('{"a":[300.0]}', { a: 300 }).reasons[0]).toContain('the pattern spells 300 as 300.0');
  });

  it('gives no reasons for a decided verdict', () => {
    expect(matchResult({ $or: [{ a: [{ exists: true }] }, { b: ['1'] }] }, { a: null, b: '1' })).toEqual({ verdict: 'match', reasons: [] });
    expect(matchResult({ a: [{ exists: true }], b: ['x'] }, { a: null, b: 'y' })).toEqual({ verdict: 'no-match', reasons: [] });
  });

  it('treats a non-object event as one without fields', () => {
    expect(verdictOf({ a: [{ exists: false }] }, 'not an object')).toBe('match');
    expect(verdictOf({ a: ['x'] }, null)).toBe('no-match');
  });
});
