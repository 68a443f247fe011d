import type { Verdict } from '../types.js';
import type { ComparisonOperator, Literal, TextLiteral } from './ast.js';
import { negate, toVerdict } from './logic.js';

/**
 * What one comparison says about one value (§1.3, semantics 4–7). `label` is the condition as written,
 * for the reasons of an uncertain verdict. `!=` is the negation of `=` on a value node; the callers have
 * already made every comparison false on a missing field, an object or an array.
 */

type JsonValue = string | number | boolean | null;

/** A JSON condition against a value node of the event. */
export function compareJsonValue(operator: ComparisonOperator, literal: Literal, value: JsonValue, label: string, reasons: string[]): Verdict {
  if (operator === '=' || operator === '!=') {
    const equal = jsonEquals(literal, value, label, reasons);
    return operator === '=' ? equal : negate(equal);
  }
  if (typeof value === 'number') return literal.kind === 'number' ? toVerdict(holds(operator, value, literal.value)) : 'no-match';
  reasons.push(`${label}: AWS does not document "${operator}" on a ${typeName(value)} value`);
  return 'uncertain';
}

function jsonEquals(literal: Literal, value: JsonValue, label: string, reasons: string[]): Verdict {
  if (typeof value === 'string') {
    if (literal.kind === 'text') return matchText(literal, value, label, reasons);
    if (literal.kind === 'regex') return toVerdict(literal.regex.test(value));
    // `$.errorCode = 400` on "400": AWS does not say whether a number equals a numeric string [U].
    if (value === literal.text || numericText(value) === literal.value) {
      reasons.push(`${label}: AWS does not document whether the number ${literal.text} equals the string "${value}"`);
      return 'uncertain';
    }
    return 'no-match';
  }
  if (typeof value === 'number') {
    if (literal.kind === 'number') return toVerdict(value === literal.value);
    // `{ $.latency = * }` selects the events that have a latency [D6].
    if (literal.kind === 'text' && literal.matcher.matchesAnyText) return 'match';
  }
  // A string, wildcard or regex against a number, boolean or null. Read strictly they differ; AWS may
  // also compare the value's text ("use the asterisk as a wild card to match numbers" [D1], `= false`
  // on a boolean [U]). Uncertain only when that textual reading would match.
  if (!matchesTextOf(literal, value)) return 'no-match';
  const documented = typeof value === 'boolean' ? '; it documents IS TRUE / IS FALSE' : value === null ? '; it documents IS NULL' : '';
  reasons.push(`${label}: AWS does not document how ${describeLiteral(literal)} compares with the ${typeName(value)} ${String(value)}${documented}`);
  return 'uncertain';
}

function matchesTextOf(literal: Literal, value: JsonValue): boolean {
  const text = String(value);
  switch (literal.kind) {
    case 'text':
      return literal.matcher.test(text) || (typeof value === 'number' && numericText(literal.text) === value);
    case 'regex':
      return literal.regex.test(text);
    case 'number':
      return literal.text === text;
  }
}

/** A field of a space-delimited line: always text, read as a number when it looks like one [D5]. */
export function compareFieldValue(operator: ComparisonOperator, literal: Literal, value: string, label: string, reasons: string[]): Verdict {
  const number = numericText(value);
  if (operator === '=' || operator === '!=') {
    let equal: Verdict;
    if (literal.kind === 'text') equal = matchText(literal, value, label, reasons);
    else if (literal.kind === 'regex') equal = toVerdict(literal.regex.test(value));
    else equal = toVerdict(number === literal.value);
    return operator === '=' ? equal : negate(equal);
  }
  if (literal.kind !== 'number') return 'no-match';
  if (Number.isNaN(number)) {
    reasons.push(`${label}: AWS does not document "${operator}" on the non-numeric field "${value}"`);
    return 'uncertain';
  }
  return toVerdict(holds(operator, number, literal.value));
}

/** A quoted or bare string value against a string; an infix `*` is read both ways (see wildcard.ts). */
function matchText(literal: TextLiteral, value: string, label: string, reasons: string[]): Verdict {
  const { matcher } = literal;
  const asWildcard = matcher.test(value);
  if (matcher.testInfixLiterally === undefined) return toVerdict(asWildcard);
  const asLiteral = matcher.testInfixLiterally(value);
  if (asWildcard === asLiteral) return toVerdict(asWildcard);
  reasons.push(
    `${label}: AWS does not document a "*" inside a value; as a wildcard "${literal.text}" ${asWildcard ? 'matches' : 'does not match'} "${value}", ` +
      `read literally (2020 docs: "Ev*ent" matches only "Ev*ent") it ${asLiteral ? 'matches' : 'does not'}`,
  );
  return 'uncertain';
}

function holds(operator: '<' | '<=' | '>' | '>=', value: number, bound: number): boolean {
  switch (operator) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '>':
      return value > bound;
    case '>=':
      return value >= bound;
  }
}

const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The number a text spells, or NaN. Stricter than `Number()`, which reads "" and " " as 0. */
function numericText(text: string): number {
  return NUMERIC_TEXT.test(text) ? Number(text) : Number.NaN;
}

function typeName(value: JsonValue): string {
  return value === null ? 'null' : typeof value;
}

function describeLiteral(literal: Literal): string {
  switch (literal.kind) {
    case 'regex':
      return `the regex %${literal.source}%`;
    case 'number':
      return `the number ${literal.text}`;
    case 'text':
      return literal.quoted ? `the value "${literal.text}"` : `the value ${literal.text}`;
  }
}
