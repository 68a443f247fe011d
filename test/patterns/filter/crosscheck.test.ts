import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchFilterPattern, parseFilterPattern } from '../../../src/patterns/filter/index.js';
import { type Outcome, outcome } from './helpers.js';
import * as RECORDS from './records.js';
import { C1, F1, F2, F3, K1, K2, M1, M2, M3, M4, N1, N2, O1, P1, R1, R2, R3, R4, S1, T1, U1, U2, U3, U4, U5, U6, U7, V1 } from './records.js';

/**
 * Cross-check against the documentation, not against the code: the tables are data,
 * crosscheck-cases.json, whose every row's expected outcome comes from the rule cited in `why`
 * ([Dn]/[In]/[U] as in docs/reference/filter-patterns.md; "2020 docs" is
 * awsdocs/amazon-cloudwatch-logs-user-guide FilterAndPatternSyntax.md, the [D5] text). Rows repeat
 * nothing already pinned by reference-cases, more-cases, parse or syntax-errors.
 */
type RecordName = keyof typeof RECORDS & `${string}${number}`;

/** One row of crosscheck-cases.json: a pattern, the message it is tried on, and the outcome the docs give. */
interface Row {
  pattern: string;
  /** Short name of the message, for the test title. */
  on: string;
  message?: string;
  /** A name in the file's `messages`. */
  messageOf?: string;
  /** A reference record of records.ts. */
  record?: RecordName;
  /** A reference record with top-level fields set (or, `unset`, removed). */
  variant?: { record: RecordName; set: Record<string, unknown>; unset?: string[] };
  expected: Outcome;
  why: string;
}

interface CaseFile {
  messages: Record<string, string>;
  tables: { name: string; rows: Row[] }[];
}

const CASES = JSON.parse(readFileSync(new URL('./crosscheck-cases.json', import.meta.url), 'utf8')) as CaseFile;

function recordText(name: string): string {
  const text = (RECORDS as Record<string, unknown>)[name];
  if (typeof text !== 'string') throw new Error(`crosscheck-cases.json names no record of records.ts: ${name}`);
  return text;
}

function messageOf(row: Row): string {
  if (row.message !== undefined) return row.message;
  if (row.messageOf !== undefined) return CASES.messages[row.messageOf] ?? `no message named ${row.messageOf}`;
  if (row.record !== undefined) return recordText(row.record);
  if (row.variant !== undefined) {
    const { record, set, unset = [] } = row.variant;
    return RECORDS.variant(recordText(record), { ...Object.fromEntries(unset.map((key) => [key, undefined])), ...set });
  }
  throw new Error(`row ${row.pattern} on ${row.on} names no message`);
}

for (const { name, rows } of CASES.tables) {
  describe(name, () => {
    it.each(rows.map((row) => ({ ...row, text: messageOf(row) })))('$pattern on $on → $expected ($why)', ({ text, pattern, expected }) => {
      expect(outcome(pattern, text)).toBe(expected);
    });
  });
}

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
