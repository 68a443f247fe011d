import { describe, expect, it } from 'vitest';
import { parseEventPattern } from '../../../src/patterns/eventbridge/index.js';
import { patternText, syntaxError, verdictOf, type PatternSource } from './helpers.js';

/** Patterns AWS rejects, with event-ruler's messages (JsonRuleCompiler), and what it accepts with a note. */
const rejected: ReadonlyArray<readonly [PatternSource, string]> = [
  ['[]', 'Filter is not an object'],
  ['"aws.iam"', 'Filter is not an object'],
  ['{}', 'Empty objects are not allowed'],
  [{ detail: {} }, 'Empty objects are not allowed'],
  [{ detail: { eventName: [] } }, 'Empty arrays are not allowed'],
  [{ source: 'aws.iam' }, '"source" must be an object or an array'],
  [{ a: [['x']] }, 'Match value must be String, number, true, false, or null'],
  [{ a: [{}] }, 'Match expression name not found'],
  [{ a: [{ prefix: 'x', suffix: 'y' }] }, 'Only one key allowed in match expression'],
  [{ a: [{ regex: 'x.*' }] }, 'Unrecognized match type regex'],
  [{ a: [{ prefix: 5 }] }, 'prefix match pattern must be a string'],
  [{ a: [{ suffix: ['x'] }] }, 'suffix match pattern must be a string'],
  [{ a: [{ prefix: { 'ignore-case': 'x' } }] }, 'Unsupported prefix pattern: ignore-case'],
  [{ a: [{ suffix: {} }] }, 'Suffix expression name not found'],
  [{ a: [{ prefix: { 'equals-ignore-case': 1 } }] }, 'equals-ignore-case match pattern must be a string'],
  [{ a: [{ 'equals-ignore-case': null }] }, 'equals-ignore-case match pattern must be a string'],
  [{ a: [{ wildcard: 'a**b' }] }, 'Consecutive wildcard characters at pos 2'],
  [{ a: [{ wildcard: 'a\\b' }] }, 'Invalid escape character at pos 2'],
  [{ a: [{ wildcard: 'é\\' }] }, 'Invalid escape character at pos 3'],
  [{ a: [{ 'anything-but': ['x', 1] }] }, 'Inside anything but list, either all values are number or string, mixed type is not supported'],
  [{ a: [{ 'anything-but': [] }] }, 'Inside anything but list, either all values are number or string, mixed type is not supported'],
  [{ a: [{ 'anything-but': [null] }] }, 'Inside anything but list, start|null|boolean is not supported.'],
  [{ a: [{ 'anything-but': true }] }, 'Value of anything-but must be an array or single string/number value.'],
  [{ a: [{ 'anything-but': {} }] }, 'Anything-But expression name not found'],
  [{ a: [{ 'anything-but': { numeric: ['>', 1] } }] }, 'Unsupported anything-but pattern: numeric'],
  [{ a: [{ 'anything-but': { prefix: '' } }] }, 'Null prefix/suffix not allowed'],
  [{ a: [{ 'anything-but': { suffix: [1] } }] }, 'prefix/suffix match pattern must be a string'],
  [{ a: [{ 'anything-but': { 'equals-ignore-case': [1] } }] }, 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'],
  [{ a: [{ 'anything-but': { wildcard: 'a**' } }] }, 'Consecutive wildcard characters at pos 2'],
  [{ a: [{ 'anything-but': { prefix: 'x', suffix: 'y' } }] }, 'Only one key allowed in match expression'],
  [{ a: [{ numeric: 5 }] }, 'Value of numeric must be an array.'],
  [{ a: [{ numeric: [5] }] }, 'Invalid member in numeric match: 5'],
  [{ a: [{ numeric: [] }] }, 'Invalid member in numeric match: ]'],
  [{ a: [{ numeric: ['!=', 5] }] }, 'Unrecognized numeric range operator: !='],
  [{ a: [{ numeric: ['>'] }] }, 'Value of > must be numeric'],
  [{ a: [{ numeric: ['=', '5'] }] }, 'Value of = must be numeric'],
  [{ a: [{ numeric: ['<', 5, '>', 1] }] }, 'Too many elements in numeric expression'],
  [{ a: [{ numeric: ['>', 1, 5] }] }, 'Bad value in numeric range: 5'],
  [{ a: [{ numeric: ['>', 5, '>', 10] }] }, 'Bad numeric range operator: >'],
  [{ a: [{ numeric: ['>', 1, '<', 'x'] }] }, 'Value of < must be numeric'],
  [{ a: [{ numeric: ['>', 1, '<', 5, 6] }] }, 'Too many terms in numeric range expression'],
  [{ a: [{ numeric: ['>=', 5, '<=', 5] }] }, 'Bottom must be less than top'],
  [{ a: [{ exists: 'true' }] }, 'exists match pattern must be either true or false.'],
  [{ a: [{ cidr: 10 }] }, 'cidr match pattern must be a string'],
  [{ a: [{ cidr: '10.0.0.0/32' }] }, 'IPv4 mask bits must be < 32'],
  [{ $or: [{ a: ['1'] }, 'b'] }, 'Only JSON object is allowed in array of $or relationship.'],
  [{ $or: [] }, 'There must have at least 2 Objects in $or relationship.'],
  [{ $or: [{ prefix: ['x'] }, { b: ['1'] }] }, 'prefix is Ruler reserved fieldName which cannot be used inside $or.'],
  [{ $or: [{ detail: { numeric: ['x'] } }, { b: ['1'] }] }, 'numeric is Ruler reserved fieldName which cannot be used inside $or.'],
  ['{"a":["x"],}', "Unexpected character '}': expected a field name in double quotes"],
  ['{"a":["x"]} {}', "Unexpected character '{' after the end of the JSON value"],
  ['{"a":["x\\q"]}', "Invalid escape '\\q' in a string"],
  ['{"a":[01]}', "Unexpected character '1': expected ',' or ']' in an array"],
  ['{"a":["x"]', "Unexpected end of input: expected ',' or '}' in an object"],
];

describe('pattern validation', () => {
  it.each(rejected)('rejects %s', (pattern, message) => {
    expect(syntaxError(pattern).message).toBe(message);
  });

  it('points at the offending part of the pattern', () => {
    const text = '{"detail": {"eventName": [{"prefix": "Put"}, {"sufix": "Policy"}]}}';
    expect(syntaxError(text)).toEqual({ position: text.indexOf('"sufix"'), message: 'Unrecognized match type sufix' });
    const unclosed = '{"a": ["x';
    expect(syntaxError(unclosed)).toEqual({ position: unclosed.indexOf('"x'), message: 'Unterminated string' });
  });

  it('accepts 4096 characters and rejects more', () => {
    const padded = (length: number): string => {
      const head = '{"a":["';
      return `${head}${'x'.repeat(length - head.length - 3)}"]}`;
    };
    expect(parseEventPattern(padded(4096)).ok).toBe(true);
    expect(syntaxError(padded(4097))).toEqual({ position: 4096, message: 'Event pattern must have length less than or equal to 4096 (it has 4097)' });
  });

  it('accepts up to 1000 $or combinations', () => {
    const withOrs = (count: number): Record<string, unknown> =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, { $or: [{ a: ['1'] }, { b: ['1'] }] }]));
    const accepted = parseEventPattern(patternText(withOrs(9)));
    expect(accepted.ok && accepted.pattern.branches).toHaveLength(512);
    expect(syntaxError(withOrs(10)).message).toBe('Event pattern is too complex: $or expands to more than 1000 combinations');
  });
});

describe('patterns AWS accepts but reads differently than written', () => {
  it('notes a condition overridden inside a $or alternative, where event-ruler keeps the last', () => {
    const text = '{"a":["1"],"$or":[{"a":["2"]},{"b":["3"]}]}';
    const parsed = parseEventPattern(text);
    expect(parsed.ok && parsed.notes.map((note) => note.message)).toEqual([
      `a is matched twice in one branch of the pattern (positions ${text.indexOf('["1"]')} and ${text.indexOf('["2"]')}: a field both beside and inside $or, or a key containing a dot); EventBridge keeps the last, so the one at position ${text.indexOf('["1"]')} is ignored there`,
    ]);
    expect(verdictOf(text, { a: '2' })).toBe('match');
    expect(verdictOf(text, { a: '1' })).toBe('no-match');
    expect(verdictOf(text, { a: '1', b: '3' })).toBe('match');
  });

  it('reads a "$or" that is not an array of objects as a field name, as event-ruler does, and says so', () => {
    const parsed = parseEventPattern('{"source":["aws.cloudwatch"],"$or":{"namespace":["AWS/EC2"]}}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.notes[0]?.message).toBe(
      '"$or" is not used as an Or here (It must be an Array followed with $or.); EventBridge reads it as a field named "$or"',
    );
    expect(verdictOf('{"source":["aws.cloudwatch"],"$or":{"namespace":["AWS/EC2"]}}', { source: 'aws.cloudwatch', $or: { namespace: 'AWS/EC2' } })).toBe(
      'match',
    );
    expect(verdictOf('{"source":["aws.cloudwatch"],"$or":{"namespace":["AWS/EC2"]}}', { source: 'aws.cloudwatch', namespace: 'AWS/EC2' })).toBe('no-match');
  });

  it('notes nothing for an ordinary pattern', () => {
    const parsed = parseEventPattern('{"source":["aws.kms"],"detail":{"eventName":["DisableKey","ScheduleKeyDeletion"]}}');
    expect(parsed).toMatchObject({ ok: true, notes: [] });
  });

  it('accepts match values of every JSON scalar type', () => {
    expect(parseEventPattern('{"a":["x", 1, -2.5e3, true, false, null]}').ok).toBe(true);
  });
});
