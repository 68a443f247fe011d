import { expect } from 'vitest';
import { matchEventPatternText, parseEventPattern } from '../../../src/patterns/eventbridge/index.js';
import type { MatchResult, PatternSyntaxError } from '../../../src/patterns/types.js';

/** A pattern as JSON text, or as an object when the spelling of its numbers does not matter. */
export type PatternSource = string | Record<string, unknown>;

export function patternText(pattern: PatternSource): string {
  return typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
}

export function verdictOf(pattern: PatternSource, event: unknown): string {
  return matchEventPatternText(patternText(pattern), event).verdict;
}

export function matchResult(pattern: PatternSource, event: unknown): MatchResult {
  const result = matchEventPatternText(patternText(pattern), event);
  if (result.verdict === 'invalid') throw new Error(`pattern rejected: ${result.error.message}`);
  return result;
}

export function syntaxError(pattern: PatternSource): PatternSyntaxError {
  const parsed = parseEventPattern(patternText(pattern));
  expect(parsed.ok).toBe(false);
  if (parsed.ok) throw new Error('pattern accepted');
  return parsed.error;
}
