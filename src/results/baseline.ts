import { readFileSync } from 'node:fs';
import { isFailing, REPORT_SCHEMA_VERSION, type ReportDocument, type ReportResult } from './document.js';
import { findingKey } from './identity.js';

/** A `--baseline` file that cannot be compared with; the message names the file and the problem. */
export class BaselineError extends Error {
  override name = 'BaselineError';
}

/** Reads a previous `--format json` report. */
export function loadBaseline(path: string): ReportDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BaselineError(`cannot read baseline ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseBaseline(text, path);
}

export function parseBaseline(text: string, source: string): ReportDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // The parser's message can span lines; the first says what is wrong.
    throw new BaselineError(`baseline ${source} is not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  const problem = reportProblem(raw);
  if (problem) throw new BaselineError(`baseline ${source} ${problem}`);
  return raw as ReportDocument;
}

/**
 * Classifies the failing results of `report` against a previous report of the same account: each
 * failing result becomes `new` or `unchanged`, and what failed before but fails no longer (fixed,
 * suppressed since, or gone) is listed as resolved. Identity is control + account + resource ARN.
 */
export function applyBaseline(report: ReportDocument, previous: ReportDocument): ReportDocument {
  if (previous.account.id !== report.account.id) {
    throw new BaselineError(`baseline is a report of account ${previous.account.id}, but this scan is of account ${report.account.id}`);
  }
  // Another benchmark has other requirements and leaves out other controls: its failures would read as new or resolved here.
  if (previous.benchmark?.name !== report.benchmark?.name) {
    throw new BaselineError(`baseline is a report ${benchmarkOf(previous)}, but this scan is ${benchmarkOf(report)}; compare reports of the same benchmark`);
  }
  const failingBefore = new Set(previous.results.filter(isFailing).map(findingKey));
  const failingNow = new Set(report.results.filter(isFailing).map(findingKey));
  const results = report.results.map((result): ReportResult =>
    isFailing(result) ? { ...result, baselineState: failingBefore.has(findingKey(result)) ? 'unchanged' : 'new' } : result,
  );
  const resolved = previous.results
    .filter((result) => isFailing(result) && !failingNow.has(findingKey(result)))
    .map(({ baselineState: _stale, ...result }) => result);
  const count = (state: ReportResult['baselineState']) => results.filter((result) => result.baselineState === state).length;
  return {
    ...report,
    results,
    baseline: {
      previousGeneratedAt: previous.generatedAt,
      counts: { new: count('new'), unchanged: count('unchanged'), resolved: resolved.length },
      resolved,
    },
  };
}

/**
 * The fields the comparison relies on. Not a full schema check (schemas/report.schema.json is,
 * but ajv is not a runtime dependency): it catches another tool's JSON, a truncated file or a
 * report of another schema version, with a message that names the first wrong field.
 */
function reportProblem(raw: unknown): string | undefined {
  if (!isObject(raw)) return 'is not a trailwarden JSON report (expected an object)';
  if (raw.schemaVersion === undefined) return 'is not a trailwarden JSON report (no schemaVersion; produce one with scan --format json)';
  if (raw.schemaVersion !== REPORT_SCHEMA_VERSION) {
    return `has schemaVersion ${JSON.stringify(raw.schemaVersion)}; this trailwarden reads version ${REPORT_SCHEMA_VERSION} (produce it with --format json)`;
  }
  if (!isObject(raw.account) || typeof raw.account.id !== 'string') return 'has no account.id';
  if (typeof raw.generatedAt !== 'string') return 'has no generatedAt';
  if (!Array.isArray(raw.results)) return 'has no results list';
  const bad = raw.results.findIndex(
    (result) =>
      !isObject(result) ||
      typeof result.controlId !== 'string' ||
      typeof result.accountId !== 'string' ||
      typeof result.status !== 'string' ||
      !isObject(result.resource) ||
      typeof result.resource.arn !== 'string',
  );
  return bad >= 0 ? `results[${bad}] lacks controlId, accountId, status or resource.arn` : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function benchmarkOf(report: ReportDocument): string {
  return report.benchmark ? `against ${report.benchmark.name}` : 'without --benchmark';
}
