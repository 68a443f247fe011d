import type { Suppression } from '../config/types.js';
import { SEVERITIES, type ControlMeta, type Result, type Severity, type Status } from '../checks/types.js';
import type { AccountSnapshot, CollectionError } from '../snapshot/types.js';
import type { Benchmark } from '../checks/benchmark.js';
import type { VerificationReport } from '../checks/monitoring/chain/verification.js';
import { benchmarkReport, type BenchmarkReport } from './benchmark.js';
import { isFailing, type ReportResult } from './result.js';
import { applySuppressions } from './suppressions.js';

export { isFailing, type ReportResult } from './result.js';

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
  collectionErrors: ReportCollectionError[];
  /** Present once `applyBaseline` compared this report with a previous one. */
  baseline?: BaselineSummary;
  /**
   * Present on an organization scan (`scan --org`) only: every active account, scanned or not.
   * `account` is then the account the scan ran from, `regions` every region scanned in some account,
   * and each collection error names its account (results always do).
   */
  accounts?: ReportAccount[];
  /** Present on a scan with `--benchmark`: the verdict per requirement of that benchmark, and its counts. */
  benchmark?: BenchmarkReport;
  /**
   * Present when the snapshots carry AWS's verdicts (`scan --verify-patterns-with-aws`): how many
   * patterns and verdicts AWS decided, the patterns it could not, and every verdict on which it and
   * trailwarden's engines disagree (AWS's was used).
   */
  patternVerification?: VerificationReport;
}

/** `accountId` is set on the errors of an organization scan. */
export type ReportCollectionError = CollectionError & { accountId?: string };

/** One account of an organization scan. */
export interface ReportAccount {
  id: string;
  name: string;
  /** ERROR when the account could not be read at all: every control is then ERROR there, with `error` as the reason. */
  status: 'SCANNED' | 'ERROR';
  regions: string[];
  skippedRegions: { region: string; reason: string }[];
  /** When its collection finished; absent for an account that could not be scanned. */
  snapshotCollectedAt?: string;
  error?: CollectionError;
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
  /** `--benchmark`: the benchmark, every control of the registry, and the selected controls it does not contain. */
  benchmark?: BenchmarkScope;
  patternVerification?: VerificationReport;
}

export interface BenchmarkScope {
  benchmark: Benchmark;
  registry: readonly ControlMeta[];
  outside: readonly ControlMeta[];
}

function benchmarkField(scope: BenchmarkScope | undefined, results: readonly Result[]): { benchmark?: BenchmarkReport } {
  return scope ? { benchmark: benchmarkReport(scope.benchmark, scope.registry, scope.outside, results) } : {};
}

/** One account of an organization scan: its snapshot and results, or why it could not be scanned. */
export type AccountScan =
  | { account: { id: string; name: string }; snapshot: AccountSnapshot; results: readonly Result[] }
  | { account: { id: string; name: string }; error: CollectionError };

export interface OrganizationReportInput extends Omit<BuildReportInput, 'snapshot' | 'results'> {
  /** The account the scan ran from (the management account or a delegated administrator). */
  caller: { accountId: string; partition: string };
  accounts: readonly AccountScan[];
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
    ...benchmarkField(input.benchmark, results),
    ...(input.patternVerification && { patternVerification: input.patternVerification }),
  };
}

/**
 * The report of every account of an organization in one document: results of all accounts (each
 * names its account) ordered as in a single-account report, one summary, and `accounts`. An
 * account that could not be scanned has an ERROR result for every control, so that no control looks
 * clean there and `--fail-on-error` notices.
 */
export function buildOrganizationReport(input: OrganizationReportInput): ReportDocument {
  const scanned = input.accounts.flatMap((entry) => ('snapshot' in entry ? [entry] : []));
  const accountResults = input.accounts.flatMap((entry) =>
    'snapshot' in entry ? entry.results : unscannedResults(entry.account.id, entry.error, input.controls),
  );
  const results = sortResults(applySuppressions(accountResults, input.suppressions, input.now), input.controls);
  const regions = [...new Set(scanned.flatMap(({ snapshot }) => snapshot.regions))].sort();
  const collectedAt = scanned
    .map(({ snapshot }) => snapshot.collectedAt)
    .sort()
    .at(-1);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'trailwarden', version: input.toolVersion },
    generatedAt: input.now.toISOString(),
    account: { id: input.caller.accountId, partition: input.caller.partition },
    regions,
    regionFilter: input.regionFilter ? [...input.regionFilter].sort() : null,
    skippedRegions: skippedInEveryAccount(
      scanned.map(({ snapshot }) => snapshot),
      regions,
    ),
    snapshotCollectedAt: collectedAt ?? input.now.toISOString(),
    results,
    summary: summarize(results),
    collectionErrors: input.accounts.flatMap((entry) =>
      'snapshot' in entry
        ? entry.snapshot.errors.filter((error) => !readElsewhere(error, scanned)).map((error) => ({ ...error, accountId: entry.account.id }))
        : [{ ...entry.error, accountId: entry.account.id }],
    ),
    accounts: input.accounts.map(reportAccount),
    ...benchmarkField(input.benchmark, results),
    ...(input.patternVerification && { patternVerification: input.patternVerification }),
  };
}

/**
 * A member does not read its organization trail's log group (a `CrossAccount` entry, no call):
 * when the account that owns it is scanned in the same run, the log group was read there and
 * nothing failed.
 */
function readElsewhere(error: CollectionError, scanned: readonly { account: { id: string } }[]): boolean {
  const holder = error.resource?.split(':')[4];
  return error.code === 'CrossAccount' && scanned.some(({ account }) => account.id === holder);
}

function reportAccount(entry: AccountScan): ReportAccount {
  if (!('snapshot' in entry)) return { ...entry.account, status: 'ERROR', regions: [], skippedRegions: [], error: entry.error };
  const { regions, skippedRegions, collectedAt } = entry.snapshot;
  return {
    ...entry.account,
    status: 'SCANNED',
    regions: [...regions],
    skippedRegions: skippedRegions.map((skipped) => ({ ...skipped })),
    snapshotCollectedAt: collectedAt,
  };
}

/** Regions no account scanned, with the first account's reason; one skipped in some accounts only is listed under those accounts. */
function skippedInEveryAccount(snapshots: readonly AccountSnapshot[], scannedRegions: readonly string[]): { region: string; reason: string }[] {
  const skipped = new Map<string, { region: string; reason: string }>();
  for (const snapshot of snapshots) {
    for (const entry of snapshot.skippedRegions)
      if (!scannedRegions.includes(entry.region) && !skipped.has(entry.region)) skipped.set(entry.region, { ...entry });
  }
  return [...skipped.values()].sort((a, b) => compareText(a.region, b.region));
}

/** The account-level result of every control, named the way the controls name the account itself. */
function unscannedResults(accountId: string, error: CollectionError, controls: readonly ControlMeta[]): Result[] {
  const reason = `account ${accountId} could not be scanned: ${error.operation} failed with ${error.code}${error.message ? ` (${error.message})` : ''}`;
  return controls.map((control) => ({
    controlId: control.id,
    title: control.title,
    severity: control.severity,
    accountId,
    remediation: control.remediation,
    status: 'ERROR',
    resource: { arn: `AWS::::Account:${accountId}`, type: 'AwsAccount', region: 'global' },
    reason,
    error,
  }));
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
 * Registry order, then resource ARN, then account (an organization trail is one resource seen from
 * many accounts), so that two scans of an unchanged account produce the same document. Results of a
 * control the registry does not list (there should be none) go last, by ID. The sort is stable: ties
 * keep the engine's order.
 */
function sortResults<T extends Result>(results: readonly T[], controls: readonly ControlMeta[]): T[] {
  const order = new Map(controls.map((control, index) => [control.id, index]));
  const position = (result: Result) => order.get(result.controlId) ?? controls.length;
  return [...results].sort(
    (a, b) =>
      position(a) - position(b) ||
      compareText(a.controlId, b.controlId) ||
      compareText(a.resource.arn, b.resource.arn) ||
      compareText(a.accountId, b.accountId),
  );
}

/** Code-point order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
