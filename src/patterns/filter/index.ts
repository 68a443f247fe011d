/**
 * The CloudWatch Logs filter-pattern engine: parse a pattern once, then ask whether log events match.
 * Verdicts are three-valued: `uncertain` when the answer depends on behaviour AWS does not document
 * (see docs/reference/filter-patterns.md §1), with the reasons.
 */
import type { MatchResult, PatternSyntaxError } from '../types.js';
import { evaluateFilterPattern } from './evaluate.js';
import { parseFilterPattern } from './parser.js';

export type * from './ast.js';
export { evaluateFilterPattern } from './evaluate.js';
export { MAX_PATTERN_LENGTH, parseFilterPattern } from './parser.js';

/** Parses and evaluates in one call; for many events, parse once and call `evaluateFilterPattern`. */
export function matchFilterPattern(text: string, message: string): MatchResult | { verdict: 'invalid'; error: PatternSyntaxError } {
  const parsed = parseFilterPattern(text);
  if (!parsed.ok) return { verdict: 'invalid', error: parsed.error };
  return evaluateFilterPattern(parsed.pattern, message);
}
