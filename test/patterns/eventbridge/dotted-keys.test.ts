import { describe, expect, it } from 'vitest';
import { matchResult, verdictOf } from './helpers.js';

/**
 * Field names with a dot. event-ruler flattens both the rule and the event into dotted paths, so a
 * pattern key "detail.eventName" and the nested {"detail": {"eventName": …}} can be the same path to
 * it, and so can an event key with a dot (aws/event-ruler src/main/software/amazon/event/ruler/Event.java
 * @892731d4, pathName joins an event's names with "."; JsonRuleCompiler keys a rule's match lists by
 * the "."-joined path, as src/test/software/amazon/event/ruler/JsonRuleCompilerTest.java @05986c84
 * testCompile shows with m.get("detail.state"); GenericMachine.java @9c483bd1 isFieldStepUsed: rule
 * {"a.b": [123]} and {"a": {"b": [123]}} "are both possible to match"). Yet its Ruler.matches, which
 * walks the event's structure, does not match a nested rule on the flattened event
 * (src/test/software/amazon/event/ruler/RulerTest.java @102958ed, WHEN_RulesFromReadmeAreTried_THEN_TheyWork).
 * The EventBridge docs describe nested
 * structure only ("The field names must also appear in the event with the same nested structure",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html),
 * so where the two readings disagree the verdict is uncertain, and where they agree it stands.
 */
const nested = { detail: { eventName: 'ConsoleLogin' } };
const flat = { 'detail.eventName': 'ConsoleLogin' };

describe('dotted field names', () => {
  it('a dotted pattern key against the nested event: uncertain (event-ruler: match; nested reading: no match)', () => {
    const result = matchResult({ 'detail.eventName': ['ConsoleLogin'] }, nested);
    expect(result.verdict).toBe('uncertain');
    expect(result.reasons.join()).toMatch(/the pattern's "detail\.eventName" has a field name with a dot/);
    expect(result.reasons.join()).toMatch(/gives no-match; event-ruler .* gives match/);
  });

  it('a nested pattern against an event key with a dot: uncertain', () => {
    const result = matchResult({ detail: { eventName: ['ConsoleLogin'] } }, flat);
    expect(result.verdict).toBe('uncertain');
    expect(result.reasons.join()).toMatch(/the event's "detail\.eventName"/);
  });

  it('both readings agree: the verdict stands', () => {
    expect(verdictOf({ 'detail.eventName': ['ConsoleLogin'] }, flat)).toBe('match');
    expect(verdictOf({ 'detail.eventName': ['Other'] }, nested)).toBe('no-match');
    expect(verdictOf({ 'detail.eventName': ['Other'] }, flat)).toBe('no-match');
    expect(verdictOf({ detail: { eventName: ['ConsoleLogin'] } }, nested)).toBe('match');
    // A dot in a value, not a name, is nothing special (an AWS idiom: "kms.amazonaws.com").
    expect(verdictOf({ source: ['aws.kms'] }, { source: 'aws.kms' })).toBe('match');
  });

  it('an event key with a dot the pattern does not reach changes nothing', () => {
    const event = { detail: { eventName: 'ConsoleLogin', requestParameters: { 'x.y': 1 } } };
    expect(matchResult({ detail: { eventName: ['ConsoleLogin'] } }, event)).toEqual({ verdict: 'match', reasons: [] });
  });

  it('anything-but and exists read through the dotted path too', () => {
    expect(verdictOf({ 'detail.eventName': [{ 'anything-but': 'ConsoleLogin' }] }, nested)).toBe('no-match');
    expect(verdictOf({ 'detail.eventName': [{ exists: false }] }, nested)).toBe('uncertain');
    expect(verdictOf({ 'detail.eventName': [{ exists: true }] }, nested)).toBe('uncertain');
  });

  it('deeper and mixed: a.b nested under a dotted key', () => {
    const pattern = { detail: { 'userIdentity.type': ['Root'] } };
    expect(verdictOf(pattern, { detail: { userIdentity: { type: 'Root' } } })).toBe('uncertain');
    expect(verdictOf(pattern, { detail: { 'userIdentity.type': 'Root' } })).toBe('match');
    expect(verdictOf({ 'a.b.c': [1] }, { a: { 'b.c': 1 } })).toBe('uncertain');
    expect(verdictOf({ 'a.b.c': [1] }, { 'a.b': { c: 1 } })).toBe('uncertain');
  });

  it('two values at one joined path are both seen, as event-ruler flattens them to one name', () => {
    const event = { a: { b: 1 }, 'a.b': 2 };
    expect(verdictOf({ a: { b: [1] } }, event)).toBe('match');
    expect(verdictOf({ a: { b: [2] } }, event)).toBe('uncertain');
  });

  it('does not change the event it reads, and keeps "__proto__" a field', () => {
    const event = JSON.parse('{"a": {"b": 1}, "a.c": 2, "__proto__.x": 3}') as Record<string, unknown>;
    const before = JSON.stringify(event);
    expect(verdictOf({ a: { c: [2] } }, event)).toBe('uncertain');
    expect(verdictOf('{"__proto__": {"x": [3]}}', event)).toBe('uncertain');
    expect(JSON.stringify(event)).toBe(before);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it("event-ruler's README event and rules (RulerTest WHEN_RulesFromReadmeAreTried_THEN_TheyWork)", () => {
    const readme = {
      version: '0',
      id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '012345679012',
      time: '2017-10-02T16:24:49Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      detail: { 'c.count': 5, 'd.count': 3, 'x.limit': 301.8, 'source-ip': '10.0.0.33', 'instance-id': 'i-000000aaaaaa00000', state: 'running' },
    };
    const flatFormat = {
      version: '0',
      id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '012345679012',
      time: '2017-10-02T16:24:49Z',
      region: 'us-east-1',
      resources: ['arn:aws:ec2:us-east-1:012345679012:instance/i-000000aaaaaa00000'],
      'detail.c.count': 5,
      'detail.d.count': 3,
      'detail.x.limit': 301.8,
      'detail.instance-id': 'i-000000aaaaaa00000',
      'detail.state': 'running',
    };
    const counts =
      '{"detail":{"source-ip":[{"cidr":"10.0.0.0/24"}],"c.count":[{"numeric":[">",0,"<=",5]}],"d.count":[{"numeric":["<",10]}],"x.limit":[{"numeric":["=",3.018e2]}]}}';
    // Dotted names on both sides, read the same way by both readings: Ruler.matchesRule says match.
    expect(verdictOf(counts, readme)).toBe('match');
    // A nested rule on the flattened event: Ruler.matches says no, the Machine's flattening can match.
    expect(verdictOf({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, flatFormat)).toBe('uncertain');
    expect(verdictOf({ detail: { state: ['initializing', 'running'] } }, readme)).toBe('match');
  });

  it('an $or with a dotted key in one alternative', () => {
    const pattern = { $or: [{ 'detail.eventName': ['ConsoleLogin'] }, { source: ['aws.signin'] }] };
    expect(verdictOf(pattern, { source: 'aws.signin', ...nested })).toBe('match');
    expect(verdictOf(pattern, { source: 'aws.iam', ...nested })).toBe('uncertain');
  });
});
