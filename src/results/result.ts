import type { Result } from '../checks/types.js';

/** A control's result once the results step has looked at it: suppressions, then the baseline. */
export interface ReportResult extends Result {
  /** The suppression that applies: the result is listed but does not count as failing. */
  suppressed?: { reason: string; expires?: string };
  /** A suppression matched but has expired, so the result counts again. */
  suppressionExpired?: { reason: string; expires: string };
  /** Set on failing results when a baseline was given. */
  baselineState?: 'new' | 'unchanged';
}

/** A result that demands action: it failed and no live suppression covers it. */
export function isFailing(result: ReportResult): boolean {
  return result.status === 'FAIL' && !result.suppressed;
}
