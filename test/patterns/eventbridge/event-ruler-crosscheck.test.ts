import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verdictOf } from './helpers.js';

/**
 * Replays operator cases from aws/event-ruler's own tests (the matcher EventBridge runs) through our
 * engine, so that a regression against it shows up here. The cases are data, in
 * data/event-ruler-byte-machine-cases.json, with their source and attribution: each group is one
 * ByteMachineTest assertion block, its patterns written as the EventBridge operators they compile
 * from. A pattern `p` is tested as `{"a": [p]}` on the event `{"a": value}`.
 *
 * What counts: a confident answer opposite to event-ruler's is a failure. "uncertain" is allowed
 * (the engine says so where the docs give no answer, e.g. numbers within a millionth of a bound),
 * but no more of them than KNOWN_UNCERTAIN, so that new ones are seen.
 */
interface Data {
  readonly source: string;
  readonly groups: ReadonlyArray<{
    readonly test: string;
    readonly patterns: ReadonlyArray<{ readonly operator: unknown; readonly matches: readonly unknown[] }>;
    readonly noMatches: readonly unknown[];
  }>;
  readonly numericRanges: { readonly test: string; readonly data: readonly number[] };
}

interface Case {
  readonly group: string;
  readonly operator: unknown;
  readonly value: unknown;
  readonly expected: 'match' | 'no-match';
}

const data = JSON.parse(readFileSync(new URL('./data/event-ruler-byte-machine-cases.json', import.meta.url), 'utf8')) as Data;

/** Every pattern of a group against every value the group names: it matches exactly those listed for it. */
function groupCases(group: Data['groups'][number]): Case[] {
  const key = (value: unknown): string => JSON.stringify(value);
  const values = new Map<string, unknown>();
  for (const value of [...group.patterns.flatMap((pattern) => pattern.matches), ...group.noMatches]) values.set(key(value), value);
  return group.patterns.flatMap(({ operator, matches }) => {
    const listed = new Set(matches.map(key));
    return [...values].map(([text, value]) => ({ group: group.test, operator, value, expected: listed.has(text) ? 'match' : 'no-match' }) as const);
  });
}

/** The test's range families: each bound against every value, expected by plain comparison. */
function rangeCases({ test, data: points }: Data['numericRanges']): Case[] {
  const cases: Case[] = [];
  const add = (operator: unknown, holds: (value: number) => boolean): void => {
    for (const value of points) cases.push({ group: test, operator: { numeric: operator }, value, expected: holds(value) ? 'match' : 'no-match' });
  };
  points.forEach((bound, i) => {
    if (i > 0) add(['<', bound], (value) => value < bound);
    if (i > 0) add(['<=', bound], (value) => value <= bound);
    if (i < points.length - 1) add(['>', bound], (value) => value > bound);
    if (i < points.length - 1) add(['>=', bound], (value) => value >= bound);
    for (const top of points.slice(i + 2)) {
      add(['>=', bound, '<=', top], (value) => value >= bound && value <= top);
      add(['>', bound, '<', top], (value) => value > bound && value < top);
    }
  });
  return cases;
}

const groups = [
  ...data.groups.map((group) => ({ name: group.test, cases: groupCases(group) })),
  { name: data.numericRanges.test, cases: rangeCases(data.numericRanges) },
];
const outcomes = groups.map(({ name, cases }) => ({
  name,
  results: cases.map((c) => ({ ...c, actual: verdictOf({ a: [c.operator] }, { a: c.value }) })),
}));
const all = outcomes.flatMap((outcome) => outcome.results);
const agree = all.filter((r) => r.actual === r.expected).length;
const uncertain = all.filter((r) => r.actual === 'uncertain');
const rate = ((100 * agree) / all.length).toFixed(2);

/**
 * Uncertain answers allowed. None today; the engine would say uncertain for numbers within a
 * millionth of a bound or beyond ±5e9 (undocumented), and the range data stay just inside both.
 * Before issue 16 the replay had 4 confident disagreements (the ΰɀɐΐΰῆK group: length-changing cases).
 */
const KNOWN_UNCERTAIN = 0;

describe(`event-ruler cross-check (${data.source}): ${agree}/${all.length} agree (${rate}%), ${uncertain.length} uncertain, ${all.length - agree - uncertain.length} disagree`, () => {
  it.each(outcomes.map((outcome) => ({ ...outcome, count: outcome.results.length })))('$name ($count cases)', ({ results }) => {
    const wrong = results.filter((r) => r.actual !== r.expected && r.actual !== 'uncertain');
    expect(wrong.map((r) => `${JSON.stringify(r.operator)} on ${JSON.stringify(r.value)}: ${r.actual}, event-ruler ${r.expected}`)).toEqual([]);
  });

  it('uncertain only where known', () => {
    expect(uncertain.length).toBeLessThanOrEqual(KNOWN_UNCERTAIN);
    for (const r of uncertain) expect(r.operator).toHaveProperty('numeric');
  });

  it('covers a few hundred cases of every operator EventBridge documents here', () => {
    const kinds = new Set(all.map((r) => (typeof r.operator === 'string' ? 'exact' : Object.keys(r.operator as object)[0])));
    expect([...kinds].sort()).toEqual(['anything-but', 'equals-ignore-case', 'exact', 'exists', 'numeric', 'prefix', 'suffix', 'wildcard']);
    expect(all.length).toBeGreaterThan(1000);
  });
});
