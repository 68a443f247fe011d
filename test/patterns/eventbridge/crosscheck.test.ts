import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cloudTrailEnvelope, parseEventPattern } from '../../../src/patterns/eventbridge/index.js';
import { patternText, syntaxError, verdictOf, type PatternSource } from './helpers.js';
import * as RECORDS from './records.js';
import { kmsDisableKey, rootApiCall } from './records.js';

/**
 * Cross-check against the EventBridge documentation ([D9] event patterns, content filtering, arrays,
 * null values; [D10] comparison operators; tags as in docs/reference/filter-patterns.md §2) and the
 * reference's rules. The tables are data, crosscheck-cases.json: each row's expected verdict comes
 * from the rule in `why`, not from the code. Rows do not repeat semantics, tricky-cases, validation or
 * cidr tests.
 */
type Expected = 'match' | 'no-match' | 'uncertain' | 'invalid';

/** One row of crosscheck-cases.json: a pattern, the event it is tried on, and the verdict the docs give. */
interface Row {
  pattern: PatternSource;
  on: string;
  event?: unknown;
  /** A name in the file's `events`. */
  eventOf?: string;
  /** The envelope of a CloudTrail record of records.ts, with `set` replacing some of its top-level fields. */
  envelopeOf?: string;
  set?: Record<string, unknown>;
  expected: Expected;
  why: string;
}

interface CaseFile {
  events: Record<string, unknown>;
  tables: { name: string; rows: Row[] }[];
}

const CASES = JSON.parse(readFileSync(new URL('./crosscheck-cases.json', import.meta.url), 'utf8')) as CaseFile;

function eventOf(row: Row): unknown {
  if (row.eventOf !== undefined) {
    if (!(row.eventOf in CASES.events)) throw new Error(`crosscheck-cases.json has no event named ${row.eventOf}`);
    return CASES.events[row.eventOf];
  }
  if (row.envelopeOf !== undefined) {
    const record = (RECORDS as Record<string, Record<string, unknown> | undefined>)[row.envelopeOf];
    if (!record) throw new Error(`crosscheck-cases.json names no record of records.ts: ${row.envelopeOf}`);
    return cloudTrailEnvelope({ ...record, ...row.set });
  }
  return row.event;
}

for (const { name, rows } of CASES.tables) {
  describe(name, () => {
    it.each(rows.map((row) => ({ ...row, text: patternText(row.pattern), subject: eventOf(row) })))(
      '$text on $on → $expected ($why)',
      ({ pattern, subject, expected }) => {
        expect(verdictOf(pattern, subject)).toBe(expected);
      },
    );
  });
}

const env = cloudTrailEnvelope;
const disableKey = env(kmsDisableKey);

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
