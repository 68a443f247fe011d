import { SEVERITIES } from '../checks/types.js';
import { isFailing, type BaselineSummary, type ReportDocument, type ReportResult } from '../results/document.js';
import type { Renderer } from './format.js';
import { suppressionNote } from '../results/suppressions.js';
import { complianceLine, controlLabel, type BenchmarkReport } from '../results/benchmark.js';
import { verificationLines } from '../results/verification.js';

/**
 * A summary for a pull request comment or `$GITHUB_STEP_SUMMARY`: the counts, the failing
 * controls, their resources (folded), what changed since the baseline when one was given, and the
 * controls that could not be decided (folded).
 */

/** Longer tables are cut: a step summary is limited to 1 MiB, and nobody reads row 500. */
export const MAX_ROWS = 100;

export const renderMarkdown: Renderer = (report) => {
  const failing = report.results.filter(isFailing);
  const sections = [
    `## trailwarden: account ${report.account.id}`,
    `${report.regions.length} region(s) scanned · snapshot ${report.snapshotCollectedAt} · trailwarden ${report.tool.version}`,
    countsLine(report),
  ];
  if (report.benchmark) sections.push(complianceSection(report.benchmark));
  if (report.patternVerification) {
    const { summary, details } = verificationLines(report.patternVerification);
    // A fence keeps the patterns' `*`, `_` and `<` as they are; JSON-quoted, a pattern holds no newline to end it.
    sections.push([`### AWS's verdicts`, cell(summary), ...(details.length > 0 ? ['', '```text', ...details, '```'] : [])].join('\n'));
  }
  if (report.baseline) sections.push(baselineSection(report.results, report.baseline));
  if (failing.length > 0) {
    sections.push('### Failing controls', failingControlsTable(report, failing));
    sections.push(
      [
        `<details><summary>Failing resources (${failing.length})</summary>`,
        '',
        table(
          ['Control', 'Resource', 'Reason'],
          failing.map((r) => [controlLabel(report, r.controlId), r.resource.arn, `${r.reason}${suppressionNote(r)}`]),
        ),
        '',
        '</details>',
      ].join('\n'),
    );
  }
  const errors = report.results.filter((r) => r.status === 'ERROR');
  if (errors.length > 0) {
    // An ERROR is a control trailwarden could not decide, usually for want of a permission: worth a look, not a failure.
    sections.push(
      [
        `<details><summary>Could not decide (${errors.length} ERROR, ${report.collectionErrors.length} failed AWS call(s))</summary>`,
        '',
        table(
          ['Control', 'Resource', 'Reason'],
          errors.map((r) => [controlLabel(report, r.controlId), r.resource.arn, r.reason]),
        ),
        '',
        '</details>',
      ].join('\n'),
    );
  }
  return `${sections.join('\n\n')}\n`;
};

function countsLine(report: ReportDocument): string {
  const { byStatus, failedBySeverity } = report.summary;
  const bySeverity = SEVERITIES.filter((s) => failedBySeverity[s] > 0).map((s) => `${failedBySeverity[s]} ${s}`);
  const failing = byStatus.FAIL > 0 ? `**${byStatus.FAIL} failing** (${bySeverity.join(', ')})` : '**Nothing failing**';
  return [
    failing,
    `${byStatus.PASS} passed`,
    `${byStatus.ERROR} error(s)`,
    `${byStatus.NOT_APPLICABLE} not applicable`,
    `${byStatus.SUPPRESSED} suppressed`,
  ].join(' · ');
}

function baselineSection(results: readonly ReportResult[], baseline: BaselineSummary): string {
  const fresh = results.filter((r) => r.baselineState === 'new');
  const { counts } = baseline;
  const parts = [
    `### Since the baseline of ${baseline.previousGeneratedAt}`,
    `**${counts.new} new** · ${counts.resolved} resolved · ${counts.unchanged} unchanged`,
  ];
  if (fresh.length > 0)
    parts.push(
      '#### New',
      table(
        ['Control', 'Severity', 'Resource', 'Reason'],
        fresh.map((r) => [r.controlId, r.severity, r.resource.arn, r.reason]),
      ),
    );
  if (baseline.resolved.length > 0)
    parts.push(
      '#### Resolved',
      table(
        ['Control', 'Severity', 'Resource'],
        baseline.resolved.map((r) => [r.controlId, r.severity, r.resource.arn]),
      ),
    );
  return parts.join('\n\n');
}

function failingControlsTable(report: ReportDocument, failing: readonly ReportResult[]): string {
  const byControl = new Map<string, { result: ReportResult; count: number }>();
  for (const result of failing) {
    const entry = byControl.get(result.controlId);
    byControl.set(result.controlId, { result: entry?.result ?? result, count: (entry?.count ?? 0) + 1 });
  }
  return table(
    ['Control', 'Severity', 'Title', 'Failing resources'],
    [...byControl.values()].map(({ result, count }) => [controlLabel(report, result.controlId), result.severity, result.title, String(count)]),
  );
}

/** The verdict per requirement of the benchmark, folded, below its counts. */
function complianceSection(benchmark: BenchmarkReport): string {
  const outside = benchmark.notInBenchmark.map(({ controlId }) => controlId);
  return [
    `### ${benchmark.title}`,
    complianceLine(benchmark),
    ...(outside.length > 0 ? [`Not part of ${benchmark.title} (not evaluated): ${outside.join(', ')}`] : []),
    [
      `<details><summary>Requirements (${benchmark.requirements.length})</summary>`,
      '',
      table(
        ['Section', 'Control', 'Assessment', 'Status'],
        benchmark.requirements.map((r) => [r.section, r.controlId, r.assessment, r.status]),
      ),
      '',
      '</details>',
    ].join('\n'),
  ].join('\n\n');
}

function table(header: string[], rows: string[][]): string {
  const shown = rows.slice(0, MAX_ROWS).map((row) => `| ${row.map(cell).join(' | ')} |`);
  const cut = rows.length > MAX_ROWS ? [`\n… and ${rows.length - MAX_ROWS} more rows: see the JSON report.`] : [];
  return [`| ${header.join(' | ')} |`, `|${' --- |'.repeat(header.length)}`, ...shown, ...cut].join('\n');
}

/** A table cell: a `|` would end it, a newline would end the row, and `<` could open an HTML tag. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');
}
