import { SEVERITIES, type Severity } from '../checks/types.js';
import { summarize, type ReportDocument, type ReportResult, type ReportSummary } from '../results/document.js';
import type { Renderer } from './format.js';
import { suppressionNote } from '../results/suppressions.js';
import { complianceLine, controlLabel, type BenchmarkReport } from '../results/benchmark.js';
import { verificationLines } from '../results/verification.js';

/**
 * The terminal view: one block per control with its status counts and the resources that need
 * attention, then a summary line. Passing and not-applicable resources are only counted. With a
 * baseline, failures already in the baseline are counted but not listed, and the resolved ones are.
 */
export const renderTable: Renderer = (report, _controls, options) => {
  const paint = painter(options.color === true);
  const lines = [
    `trailwarden ${report.tool.version} · account ${report.account.id} (${report.account.partition}) · ${report.regions.length} region(s) · snapshot ${report.snapshotCollectedAt}`,
  ];
  for (const results of groupByControl(report.results)) {
    const { controlId, severity, title } = results[0]!;
    lines.push('', `${paint('bold', controlLabel(report, controlId))}  ${paint(SEVERITY_STYLE[severity], severity)}  ${title}`);
    lines.push(`  ${countsText(results, paint)}`);
    for (const result of results.filter(listed)) {
      lines.push(`  ${paint(labelStyle(result), label(result).padEnd(10))}  ${result.resource.arn}: ${result.reason}${suppressionNote(result)}`);
    }
    const unlisted = results.filter((r) => r.baselineState === 'unchanged').length;
    if (unlisted > 0) lines.push(paint('dim', `  … and ${unlisted} failing resource(s) already in the baseline`));
  }
  if (report.baseline && report.baseline.resolved.length > 0) {
    lines.push('', paint('bold', `Resolved since ${report.baseline.previousGeneratedAt}`));
    for (const result of report.baseline.resolved) {
      lines.push(`  ${paint('green', 'RESOLVED'.padEnd(10))}  ${result.controlId}  ${result.resource.arn}`);
    }
  }
  if (report.skippedRegions.length > 0) {
    lines.push('', `Skipped regions: ${report.skippedRegions.map((s) => `${s.region} (${s.reason})`).join(', ')}`);
  }
  lines.push(...failedCalls(report, paint));
  if (report.benchmark) lines.push(...compliance(report.benchmark, paint));
  if (report.patternVerification) {
    const { summary, details } = verificationLines(report.patternVerification);
    lines.push('', paint('bold', summary), ...details.map((line) => `  ${line}`));
  }
  lines.push('', summaryLine(report));
  return `${lines.join('\n')}\n`;
};

/** More than this many failed calls are summarised: a denied service fails the same way in every Region. */
const FAILED_CALLS_LISTED = 20;

/**
 * The calls that failed during collection, which the ERROR results above cite; listed too because
 * some fail without an ERROR of their own (a failed DescribeRegions leaves the scan to the home Region).
 */
function failedCalls(report: ReportDocument, paint: Paint): string[] {
  const errors = report.collectionErrors;
  if (errors.length === 0) return [];
  const lines = ['', paint('bold', `Calls that failed (${errors.length})`)];
  for (const error of errors.slice(0, FAILED_CALLS_LISTED)) {
    const where = [error.accountId && `account ${error.accountId}`, error.region, error.resource].filter(Boolean).join(' ');
    lines.push(`  ${paint('yellow', error.code.padEnd(10))}  ${error.operation} (${where}): ${error.message}`);
  }
  if (errors.length > FAILED_CALLS_LISTED)
    lines.push(paint('dim', `  … and ${errors.length - FAILED_CALLS_LISTED} more (all of them in --format json, under collectionErrors)`));
  return lines;
}

/** Under --benchmark: the requirements that were not decided, what the benchmark leaves out, and the counts. */
function compliance(benchmark: BenchmarkReport, paint: Paint): string[] {
  const lines = ['', paint('bold', benchmark.title)];
  for (const requirement of benchmark.requirements.filter(({ status }) => status === 'NOT_COVERED'))
    lines.push(`  ${paint('dim', 'NOT COVERED'.padEnd(11))} ${requirement.section} ${requirement.controlId}: no result decided it`);
  if (benchmark.notInBenchmark.length > 0)
    lines.push(`  Not part of ${benchmark.title} (not evaluated): ${benchmark.notInBenchmark.map(({ controlId }) => controlId).join(', ')}`);
  lines.push(`  ${complianceLine(benchmark)}`);
  return lines;
}

type Style = 'red' | 'green' | 'yellow' | 'dim' | 'bold' | 'plain';
const ANSI: Record<Exclude<Style, 'plain'>, number> = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 };
type Paint = (style: Style, text: string) => string;

function painter(enabled: boolean): Paint {
  return (style, text) => (enabled && style !== 'plain' ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text);
}

const SEVERITY_STYLE: Record<Severity, Style> = { CRITICAL: 'red', HIGH: 'red', MEDIUM: 'yellow', LOW: 'plain', INFORMATIONAL: 'plain' };

/** One group per control, in report order. */
function groupByControl(results: readonly ReportResult[]): ReportResult[][] {
  const groups = new Map<string, ReportResult[]>();
  for (const result of results) {
    const group = groups.get(result.controlId);
    if (group) group.push(result);
    else groups.set(result.controlId, [result]);
  }
  return [...groups.values()];
}

function listed(result: ReportResult): boolean {
  if (result.baselineState === 'unchanged') return false;
  return result.status === 'FAIL' || result.status === 'ERROR';
}

function label(result: ReportResult): string {
  if (result.suppressed) return 'SUPPRESSED';
  return result.baselineState === 'new' ? 'FAIL (new)' : result.status;
}

function labelStyle(result: ReportResult): Style {
  if (result.suppressed) return 'dim';
  return result.status === 'FAIL' ? 'red' : 'yellow';
}

const STATUS_STYLE: Record<keyof ReportSummary['byStatus'], Style> = { PASS: 'green', FAIL: 'red', ERROR: 'yellow', NOT_APPLICABLE: 'dim', SUPPRESSED: 'dim' };

function countsText(results: readonly ReportResult[], paint: Paint): string {
  const { byStatus } = summarize(results);
  return (Object.keys(byStatus) as (keyof typeof byStatus)[])
    .filter((status) => byStatus[status] > 0)
    .map((status) => paint(STATUS_STYLE[status], `${status} ${byStatus[status]}`))
    .join(' · ');
}

/** The last line: what a CI log or a quick glance needs. */
export function summaryLine(report: ReportDocument): string {
  const { byStatus } = report.summary;
  const statuses = (Object.keys(byStatus) as (keyof ReportSummary['byStatus'])[]).map((status) => `${byStatus[status]} ${status}`).join(', ');
  const failing = SEVERITIES.filter((severity) => report.summary.failedBySeverity[severity] > 0).map(
    (severity) => `${report.summary.failedBySeverity[severity]} ${severity}`,
  );
  const baseline = report.baseline
    ? `; since the baseline: ${report.baseline.counts.new} new, ${report.baseline.counts.unchanged} unchanged, ${report.baseline.counts.resolved} resolved`
    : '';
  return `Summary: ${report.summary.total} results (${statuses}); ${failing.length > 0 ? `failing: ${failing.join(', ')}` : 'nothing failing'}${baseline}`;
}
