import { expect } from 'vitest';
import { matchFilterPattern } from '../../../src/patterns/filter/index.js';
import type { Verdict } from '../../../src/patterns/types.js';

export type Outcome = Verdict | 'invalid';

/** One row of a case table. */
export interface Case {
  id: string;
  pattern: string;
  /** What the message is, for the test name. */
  event: string;
  message: string;
  expected: Outcome;
}

/** The verdict of `pattern` on `message`, checking that reasons are given exactly when it is uncertain. */
export function outcome(pattern: string, message: string): Outcome {
  const result = matchFilterPattern(pattern, message);
  if (result.verdict === 'invalid') return 'invalid';
  expect(result.reasons.length > 0, `reasons ${JSON.stringify(result.reasons)} for a ${result.verdict}`).toBe(result.verdict === 'uncertain');
  return result.verdict;
}
