import type { Status } from '../../checks/types.js';
import type { ReportDocument, ReportResult } from '../../results/document.js';

/** What the report shows as a result's status: a suppressed result counts as SUPPRESSED only, as in the summary. */
export type ShownStatus = Status | 'SUPPRESSED';

/** Worst first: a matrix cell shows the worst status among an account's results for a control. */
export const SHOWN_STATUSES: readonly ShownStatus[] = ['FAIL', 'ERROR', 'SUPPRESSED', 'PASS', 'NOT_APPLICABLE'];

export const STATUS_LABELS: Record<ShownStatus, string> = {
  FAIL: 'FAIL',
  ERROR: 'ERROR',
  SUPPRESSED: 'SUPPRESSED',
  PASS: 'PASS',
  NOT_APPLICABLE: 'N/A',
};

export function shownStatus(result: ReportResult): ShownStatus {
  return result.suppressed ? 'SUPPRESSED' : result.status;
}

/**
 * What the page needs besides the document: each result's anchor, in report order (`r1`, `r2`,
 * ...: stable for a given document, and short, which counts in a 200-account report), and each
 * account's name.
 */
export interface PageContext {
  report: ReportDocument;
  anchors: Map<ReportResult, string>;
  accountNames: Map<string, string>;
  /** Control IDs `fix` repairs; undefined when the caller did not say. */
  repairable: ReadonlySet<string> | undefined;
}

export function pageContext(report: ReportDocument, repairable: readonly string[] | undefined): PageContext {
  return {
    report,
    anchors: new Map(report.results.map((result, index) => [result, `r${index + 1}`])),
    accountNames: new Map((report.accounts ?? []).map((account) => [account.id, account.name])),
    repairable: repairable ? new Set(repairable) : undefined,
  };
}

export function controlAnchor(controlId: string): string {
  return `c-${controlId}`;
}
