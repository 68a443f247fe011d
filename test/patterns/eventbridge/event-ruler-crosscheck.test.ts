import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verdictOf } from './helpers.js';

/**
 * Replays cases from aws/event-ruler's own tests (the matcher EventBridge runs) through our engine,
 * so that a regression against it shows up here. The cases are data, with their source and
 * attribution: data/event-ruler-byte-machine-cases.json holds ByteMachineTest assertion blocks, their
 * patterns written as the EventBridge operators they compile from (a pattern `p` is tested as
 * `{"a": [p]}` on the event `{"a": value}`); data/event-ruler-rule-cases.json holds RulerTest's
 * whole rules and events.
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

/** Whole rules on whole events, from RulerTest: the structure (nesting, arrays, exists, several fields) as well as the operators. */
interface RuleData {
  readonly source: string;
  readonly events: Readonly<Record<string, unknown>>;
  readonly cases: ReadonlyArray<{ readonly test: string; readonly rule: string; readonly event: unknown; readonly expected: 'match' | 'no-match' }>;
}

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8'));
const data = read('event-ruler-byte-machine-cases.json') as Data;
const ruleData = read('event-ruler-rule-cases.json') as RuleData;

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
interface Result {
  readonly label: string;
  readonly expected: 'match' | 'no-match';
  readonly actual: string;
  /** The operator, for the ByteMachineTest cases. */
  readonly operator?: unknown;
}

const operatorOutcomes: Array<{ name: string; results: Result[] }> = groups.map(({ name, cases }) => ({
  name: `ByteMachineTest ${name}`,
  results: cases.map((c) => ({
    label: `${JSON.stringify(c.operator)} on ${JSON.stringify(c.value)}`,
    expected: c.expected,
    operator: c.operator,
    actual: verdictOf({ a: [c.operator] }, { a: c.value }),
  })),
}));
const ruleTests = [...new Set(ruleData.cases.map((c) => c.test))];
const ruleOutcomes: Array<{ name: string; results: Result[] }> = ruleTests.map((test) => ({
  name: `RulerTest ${test}`,
  results: ruleData.cases
    .filter((c) => c.test === test)
    .map((c) => {
      const event = typeof c.event === 'string' ? ruleData.events[c.event] : c.event;
      return { label: `${c.rule} on ${JSON.stringify(c.event)}`, expected: c.expected, actual: verdictOf(c.rule, event) };
    }),
}));
const outcomes = [...operatorOutcomes, ...ruleOutcomes];
const all = outcomes.flatMap((outcome) => outcome.results);
const agree = all.filter((r) => r.actual === r.expected).length;
const uncertain = all.filter((r) => r.actual === 'uncertain');
const rate = ((100 * agree) / all.length).toFixed(2);

/**
 * The uncertain answers, each for a reason the engine gives on purpose. Numbers within a millionth of
 * a bound or beyond ±5e9 would be (undocumented); the range data stay just inside both. Before issue
 * 16 the replay also had 4 confident disagreements (the ΰɀɐΐΰῆK group: length-changing cases).
 */
const KNOWN_UNCERTAIN_CASES: string[] = [
  // exists:false on an array element whose sibling element has the field: event-ruler's answer
  // depends on its field order (match.ts testExists); RulerTest expects a match here.
  '{"employees": {"firstName": ["Anna"], "ids": [ { "exists": false  } ]}} on "JSON_WITH_COMPLEX_ARRAYS"',
];

describe(`event-ruler cross-check (ByteMachineTest, RulerTest): ${agree}/${all.length} agree (${rate}%), ${uncertain.length} uncertain, ${all.length - agree - uncertain.length} disagree`, () => {
  it.each(outcomes.map((outcome) => ({ ...outcome, count: outcome.results.length })))('$name ($count cases)', ({ results }) => {
    const wrong = results.filter((r) => r.actual !== r.expected && r.actual !== 'uncertain');
    expect(wrong.map((r) => `${r.label}: ${r.actual}, event-ruler ${r.expected}`)).toEqual([]);
  });

  it('uncertain only where known', () => {
    expect(uncertain.map((r) => r.label)).toEqual(KNOWN_UNCERTAIN_CASES);
  });

  it('covers a few hundred cases of every operator EventBridge documents here', () => {
    const operators = operatorOutcomes.flatMap((outcome) => outcome.results).map((r) => r.operator);
    const kinds = new Set(operators.map((operator) => (typeof operator === 'string' ? 'exact' : Object.keys(operator as object)[0])));
    expect([...kinds].sort()).toEqual(['anything-but', 'equals-ignore-case', 'exact', 'exists', 'numeric', 'prefix', 'suffix', 'wildcard']);
    expect(all.length).toBeGreaterThan(1000);
  });
});
