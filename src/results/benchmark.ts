import type { Benchmark, BenchmarkName, Requirement } from '../checks/benchmark.js';
import type { ControlMeta, Result } from '../checks/types.js';

/**
 * A scan's verdict against one benchmark (`scan --benchmark`): each requirement of the benchmark
 * that a trailwarden control checks, under the benchmark's numbering, and the counts an auditor
 * reconciles with. Only the requirements trailwarden has a control for are listed: the rest of the
 * benchmark (IAM, storage, networking) is outside what trailwarden audits.
 */
export interface BenchmarkReport {
  name: BenchmarkName;
  title: string;
  /** In registry order. */
  requirements: BenchmarkRequirement[];
  /** Controls that were asked for (all, or --controls) but this benchmark does not contain: not evaluated. */
  notInBenchmark: { controlId: string; title: string }[];
  summary: ComplianceSummary;
}

/**
 * PASS: every result of the control passed (or was not applicable). FAIL: some result failed;
 * a suppressed failure still counts, since a suppression is a reporting choice, not compliance.
 * ERROR: nothing failed but some result could not be decided. NOT_COVERED: no result decided it
 * (the control was left out with --controls, or every result was NOT_APPLICABLE).
 */
export type RequirementStatus = 'PASS' | 'FAIL' | 'ERROR' | 'NOT_COVERED';

export interface BenchmarkRequirement extends Requirement {
  controlId: string;
  title: string;
  status: RequirementStatus;
}

export interface ComplianceSummary {
  requirements: number;
  passed: number;
  failed: number;
  error: number;
  notCovered: number;
  /** Requirements CIS assesses manually that trailwarden decided (PASS or FAIL) from the configuration. */
  manualButChecked: number;
}

/** Which controls a benchmark scan evaluates (those it contains) and which it leaves out. */
export function benchmarkSelection<T extends ControlMeta>(benchmark: Benchmark, selected: readonly T[]): { evaluated: T[]; outside: T[] } {
  return {
    evaluated: selected.filter((control) => benchmark.requirementOf(control)),
    outside: selected.filter((control) => !benchmark.requirementOf(control)),
  };
}

/**
 * `registry`: every control (the requirements are the benchmark's, whether or not --controls
 * selected them); `outside`: the selected controls the benchmark does not contain.
 */
export function benchmarkReport(
  benchmark: Benchmark,
  registry: readonly ControlMeta[],
  outside: readonly ControlMeta[],
  results: readonly Result[],
): BenchmarkReport {
  const requirements = registry.flatMap((control): BenchmarkRequirement[] => {
    const requirement = benchmark.requirementOf(control);
    if (!requirement) return [];
    const statuses = new Set(results.filter((result) => result.controlId === control.id).map((result) => result.status));
    return [{ ...requirement, controlId: control.id, title: control.title, status: requirementStatus(statuses) }];
  });
  return {
    name: benchmark.name,
    title: benchmark.title,
    requirements,
    notInBenchmark: outside.map((control) => ({ controlId: control.id, title: control.title })),
    summary: complianceSummary(requirements),
  };
}

function requirementStatus(statuses: ReadonlySet<Result['status']>): RequirementStatus {
  if (statuses.has('FAIL')) return 'FAIL';
  if (statuses.has('ERROR')) return 'ERROR';
  return statuses.has('PASS') ? 'PASS' : 'NOT_COVERED';
}

function complianceSummary(requirements: readonly BenchmarkRequirement[]): ComplianceSummary {
  const count = (status: RequirementStatus) => requirements.filter((requirement) => requirement.status === status).length;
  return {
    requirements: requirements.length,
    passed: count('PASS'),
    failed: count('FAIL'),
    error: count('ERROR'),
    notCovered: count('NOT_COVERED'),
    manualButChecked: requirements.filter(({ assessment, status }) => assessment === 'Manual' && (status === 'PASS' || status === 'FAIL')).length,
  };
}

/** `5.10 CloudWatch.10`: a result's control under the benchmark's numbering, or its ID alone without one. */
export function controlLabel(report: { benchmark?: BenchmarkReport }, controlId: string): string {
  const requirement = report.benchmark?.requirements.find((entry) => entry.controlId === controlId);
  return requirement && requirement.section !== controlId ? `${requirement.section} ${controlId}` : controlId;
}

/** One line: `CIS AWS Foundations Benchmark v5.0.0: 23 requirements, 10 passed, 12 failed, …`. */
export function complianceLine(benchmark: BenchmarkReport): string {
  const { requirements, passed, failed, error, notCovered, manualButChecked } = benchmark.summary;
  return (
    `${benchmark.title}: ${requirements} requirement(s) checked by trailwarden: ${passed} passed, ${failed} failed, ${error} error, ${notCovered} not covered; ` +
    `${manualButChecked} of those CIS assesses manually were decided from the configuration`
  );
}
