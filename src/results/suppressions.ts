import type { Result } from '../checks/types.js';
import type { Suppression } from '../config/types.js';
import type { ReportResult } from './result.js';

/**
 * Marks the results that the config's suppressions cover. A suppressed result stays in the report
 * (an auditor sees what was accepted, and why) but no longer counts as failing.
 *
 * - Only FAIL and ERROR results are suppressed: they are the ones asking for attention, and a
 *   suppression that also matched a PASS would hide the fact that the issue went away.
 * - A suppression applies while `now` is before `expires`. The config reads `expires: 2027-01-31`
 *   as midnight UTC, so that suppression stops applying on the 31st.
 * - An expired suppression that still matches is reported on the result, so the reader learns why
 *   an accepted finding is failing again.
 * - When several match, the first live one in the config wins.
 */
export function applySuppressions(results: readonly Result[], suppressions: readonly Suppression[], now: Date): ReportResult[] {
  return results.map((result) => {
    if (result.status !== 'FAIL' && result.status !== 'ERROR') return { ...result };
    const matching = suppressions.filter((suppression) => covers(suppression, result));
    const live = matching.find((suppression) => !hasExpired(suppression, now));
    if (live) {
      return { ...result, suppressed: { reason: live.reason, ...(live.expires ? { expires: live.expires } : {}) } };
    }
    const expired = matching.find((suppression) => suppression.expires !== undefined);
    if (expired?.expires) return { ...result, suppressionExpired: { reason: expired.reason, expires: expired.expires } };
    return { ...result };
  });
}

function covers(suppression: Suppression, result: Result): boolean {
  const anyResource = suppression.resource === undefined || suppression.resource === '*';
  return suppression.control === result.controlId && (anyResource || suppression.resource === result.resource.arn);
}

function hasExpired(suppression: Suppression, now: Date): boolean {
  return suppression.expires !== undefined && now.getTime() >= Date.parse(suppression.expires);
}

/**
 * The clause renderers append to a result's reason: the suppression that covers it, or the one
 * that lapsed; empty for any other result.
 */
export function suppressionNote(result: ReportResult): string {
  if (result.suppressed) {
    const until = result.suppressed.expires ? `, until ${shortDate(result.suppressed.expires)}` : '';
    return ` (suppressed: ${result.suppressed.reason}${until})`;
  }
  const expired = result.suppressionExpired;
  return expired ? ` (suppression "${expired.reason}" expired ${shortDate(expired.expires)})` : '';
}

/** The config stores `expires: 2027-01-31` as midnight UTC; show it the way the user wrote it. */
function shortDate(iso: string): string {
  return iso.replace(/T00:00:00(\.000)?Z$/, '');
}
