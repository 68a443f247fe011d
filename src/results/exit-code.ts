import { severityRank, type Severity } from '../checks/severity.js';
import type { ReportDocument } from './document.js';
import { isFailing } from './result.js';

/**
 * `--fail-on`: whether a failing result at or above `threshold` remains. Once a baseline was
 * applied only new failures count, which is what lets a CI job adopt trailwarden on an account
 * with known findings and still fail on regressions.
 */
export function failsAt(report: ReportDocument, threshold: Severity): boolean {
  return report.results.some(
    (result) =>
      isFailing(result) && severityRank(result.severity) <= severityRank(threshold) && (report.baseline === undefined || result.baselineState === 'new'),
  );
}

/**
 * The one rule for `scan`'s exit status: the scan fails when `--fail-on-error` is given and some
 * control could not be evaluated, or when `failsAt(report, failOn)` (never with `--fail-on none`).
 * Suppressed results are not failing (they are SUPPRESSED).
 */
export function scanFails(report: ReportDocument, failOn: Severity | 'none', failOnError: boolean): boolean {
  if (failOnError && report.summary.byStatus.ERROR > 0) return true;
  return failOn !== 'none' && failsAt(report, failOn);
}
