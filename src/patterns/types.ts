/**
 * Shared vocabulary of the two pattern engines (CloudWatch Logs filter patterns and EventBridge
 * event patterns). The engines know nothing of controls or AWS calls.
 */

/**
 * `uncertain`: AWS documents no answer for this case (see docs/reference/filter-patterns.md,
 * the [U] items); the engine says so instead of guessing.
 */
export type Verdict = 'match' | 'no-match' | 'uncertain';

export interface MatchResult {
  verdict: Verdict;
  /** Why the verdict is uncertain; empty otherwise. */
  reasons: string[];
}

/** A pattern AWS would reject, or that the engine cannot read. */
export interface PatternSyntaxError {
  /** Zero-based character offset into the pattern text. */
  position: number;
  message: string;
}

/** Something legal that deserves a word to the user (duplicate key dropped, delimited pattern on JSON...). */
export interface PatternNote {
  position?: number;
  message: string;
}

export type ParseResult<P> = { ok: true; pattern: P; notes: PatternNote[] } | { ok: false; error: PatternSyntaxError };
