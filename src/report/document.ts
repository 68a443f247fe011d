import type { Suppression } from '../config/types.js';
import { SEVERITIES, type ControlMeta, type Result, type Severity, type Status } from '../checks/types.js';
import type { AccountSnapshot, CollectionError } from '../snapshot/types.js';
import { applySuppressions } from './suppressions.js';

/**
 * The JSON report of a scan (`--format json`): the one document every other format is rendered
 * from, and what `--baseline` reads back. `schemas/report.schema.json` describes it; bump
 * REPORT_SCHEMA_VERSION when a change would make an older reader misread it.
 */
export const REPORT_SCHEMA_VERSION = 1;

export interface ReportDocument {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'trailwarden'; version: string };
  generatedAt: string;
  account: { id: string; partition: string };
  /** Regions that were scanned. */
  regions: string[];
  /** The regions the scan was limited to (`--region`); null when every enabled region was scanned. */
  regionFilter: string[] | null;
  skippedRegions: { region: string; reason: string }[];
  snapshotCollectedAt: string;
  /** In control registry order, then by resource ARN. */
  results: ReportResult[];
  summary: ReportSummary;
  collectionErrors: CollectionError[];
  /** Present once `applyBaseline` compared this report with a previous one. */
  baseline?: BaselineSummary;
}

export interface ReportResult extends Result {
  /** The suppression that applies: the result is listed but does not count as failing. */
  suppressed?: { reason: string; expires?: string };
  /** A suppression matched but has expired, so the result counts again. */
  suppressionExpired?: { reason: string; expires: string };
  /** Set on failing results when a baseline was given. */
  baselineState?: 'new' | 'unchanged';
}

export interface ReportSummary {
  total: number;
  /** Suppressed results count as SUPPRESSED only, never under their own status. */
  byStatus: Record<Status | 'SUPPRESSED', number>;
  /** Failing (FAIL, not suppressed) results per severity. */
  failedBySeverity: Record<Severity, number>;
}

export interface BaselineSummary {
  previousGeneratedAt: string;
  counts: { new: number; unchanged: number; resolved: number };
  /** Results that failed in the previous report and no longer do, as the previous report had them. */
  resolved: ReportResult[];
}

export interface BuildReportInput {
  snapshot: AccountSnapshot;
  results: readonly Result[];
  /** The registry's controls, in report order (`controlsFor(config)`). */
  controls: readonly ControlMeta[];
  toolVersion: string;
  suppressions: readonly Suppression[];
  now: Date;
  /** The `--region` the scan was limited to; absent when every enabled region was scanned. */
  regionFilter?: readonly string[];
}

export function buildReport(input: BuildReportInput): ReportDocument {
  const { snapshot } = input;
  const results = sortResults(applySuppressions(input.results, input.suppressions, input.now), input.controls);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'trailwarden', version: input.toolVersion },
    generatedAt: input.now.toISOString(),
    account: { id: snapshot.account.id, partition: snapshot.account.partition },
    regions: [...snapshot.regions],
    regionFilter: input.regionFilter ? [...input.regionFilter].sort() : null,
    skippedRegions: snapshot.skippedRegions.map((skipped) => ({ ...skipped })),
    snapshotCollectedAt: snapshot.collectedAt,
    results,
    summary: summarize(results),
    collectionErrors: [...snapshot.errors],
  };
}

/** A result that demands action: it failed and no live suppression covers it. */
export function isFailing(result: ReportResult): boolean {
  return result.status === 'FAIL' && !result.suppressed;
}

/**
 * `--fail-on`: whether a failing result at or above `threshold` remains. Once a baseline was
 * applied only new failures count, which is what lets a CI job adopt trailwarden on an account
 * with known findings and still fail on regressions.
 */
export function failsAt(report: ReportDocument, threshold: Severity): boolean {
  return report.results.some((result) =>
    isFailing(result)
    && severityRank(result.severity) <= severityRank(threshold)
    && (report.baseline === undefined || result.baselineState === 'new'));
}

/** Lower is more severe; SEVERITIES runs from CRITICAL to INFORMATIONAL. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function summarize(results: readonly ReportResult[]): ReportSummary {
  const byStatus: ReportSummary['byStatus'] = { PASS: 0, FAIL: 0, ERROR: 0, NOT_APPLICABLE: 0, SUPPRESSED: 0 };
  const failedBySeverity = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const result of results) {
    byStatus[result.suppressed ? 'SUPPRESSED' : result.status] += 1;
    if (isFailing(result)) failedBySeverity[result.severity] += 1;
  }
  return { total: results.length, byStatus, failedBySeverity };
}

/**
 * Registry order, then resource ARN, so that two scans of an unchanged account produce the same
 * document. Results of a control the registry does not list (there should be none) go last, by ID.
 * The sort is stable: ties keep the engine's order.
 */
function sortResults<T extends Result>(results: readonly T[], controls: readonly ControlMeta[]): T[] {
  const order = new Map(controls.map((control, index) => [control.id, index]));
  const position = (result: Result) => order.get(result.controlId) ?? controls.length;
  return [...results].sort((a, b) =>
    position(a) - position(b) || compareText(a.controlId, b.controlId) || compareText(a.resource.arn, b.resource.arn));
}

/** Code-point order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
