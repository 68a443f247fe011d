import { describe, expect, it } from 'vitest';
import { benchmarkNamed, type Benchmark } from '../../src/checks/benchmark.js';
import { evaluateControls } from '../../src/checks/engine.js';
import { controlsFor } from '../../src/checks/registry.js';
import type { Result, Status } from '../../src/checks/types.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { renderReport } from '../../src/report/index.js';
import { benchmarkReport, benchmarkSelection, controlLabel } from '../../src/results/benchmark.js';
import { buildReport, type ReportDocument } from '../../src/results/document.js';
import { loadSnapshot } from '../../src/snapshot/io.js';
import { reportValidator, sarifValidator } from '../report/validators.js';

const REGISTRY = controlsFor(DEFAULT_CONFIG);
const named = (name: string): Benchmark => benchmarkNamed(name)!;

function result(controlId: string, status: Status): Result {
  return {
    controlId,
    title: controlId,
    severity: 'LOW',
    accountId: '123456789012',
    remediation: '',
    status,
    resource: { arn: `arn:${controlId}:${status}`, type: 'AwsAccount', region: 'global' },
    reason: status,
  };
}

/** A scan of the compliant example as `scan --benchmark NAME` runs it. */
function benchmarkScan(name: string, only?: readonly string[]): ReportDocument {
  const benchmark = named(name);
  const selected = only ? REGISTRY.filter((control) => only.includes(control.id)) : REGISTRY;
  const { evaluated, outside } = benchmarkSelection(benchmark, selected);
  const snapshot = loadSnapshot('examples/compliant-account.json');
  const results = evaluateControls(snapshot, evaluated, { config: DEFAULT_CONFIG, ...(benchmark.cisVersion && { cisVersion: benchmark.cisVersion }) });
  return buildReport({
    snapshot,
    results,
    controls: evaluated,
    toolVersion: '0.0.0-test',
    suppressions: [],
    now: new Date('2026-12-01T12:00:00.000Z'),
    benchmark: { benchmark, registry: REGISTRY, outside },
  });
}

describe('compliance summary', () => {
  it('counts each requirement once: FAIL over ERROR over PASS; no deciding result is not covered; Manual ones decided are counted', () => {
    const benchmark = named('cis-5.0.0');
    const results = [
      result('CloudTrail.1', 'PASS'), // 3.1, Manual in 5.0.0
      result('CloudTrail.2', 'PASS'),
      result('CloudTrail.2', 'FAIL'), // one failing trail fails 3.5
      result('CloudTrail.4', 'ERROR'),
      result('CloudTrail.4', 'PASS'), // undecided somewhere: ERROR
      result('CloudTrail.7', 'ERROR'), // Manual, but not decided
      result('S3.22', 'NOT_APPLICABLE'), // nothing decided it
      result('CloudWatch.10', 'FAIL'), // Manual
    ];
    const report = benchmarkReport(benchmark, REGISTRY, [], results);
    const status = (id: string) => report.requirements.find((requirement) => requirement.controlId === id)?.status;
    expect([status('CloudTrail.1'), status('CloudTrail.2'), status('CloudTrail.4'), status('CloudTrail.7'), status('S3.22'), status('CloudWatch.10')]).toEqual([
      'PASS',
      'FAIL',
      'ERROR',
      'ERROR',
      'NOT_COVERED',
      'FAIL',
    ]);
    // CIS 5.0.0 holds 21 of our controls: CloudTrail.1, 2, 4, 7, S3.22, S3.23, CloudWatch.1–14, TW.1; the rest were not evaluated here.
    expect(report.summary).toEqual({ requirements: 21, passed: 1, failed: 2, error: 2, notCovered: 16, manualButChecked: 2 });
  });

  it('lists the requirements under the version numbering, in registry order, and what the version leaves out', () => {
    const report = benchmarkScan('cis-3.0.0');
    expect(report.benchmark?.requirements.slice(0, 4).map(({ section, controlId }) => `${section} ${controlId}`)).toEqual([
      '3.1 CloudTrail.1',
      '3.5 CloudTrail.2',
      '3.2 CloudTrail.4',
      '3.4 CloudTrail.7',
    ]);
    expect(report.benchmark?.notInBenchmark.map(({ controlId }) => controlId)).toEqual(
      expect.arrayContaining(['CloudTrail.5', 'CloudTrail.6', 'CloudTrail.3', 'TW.2', 'TW.3', 'CloudWatch.15', 'CloudWatch.16', 'CloudWatch.17']),
    );
    // Left out, not evaluated: no result of them.
    expect(report.results.some((entry) => entry.controlId === 'CloudTrail.5')).toBe(false);
    expect(controlLabel(report, 'CloudTrail.2')).toBe('3.5 CloudTrail.2');
  });

  it('a requirement whose control --controls left out is not covered; only the selected controls the benchmark lacks are "not in it"', () => {
    const report = benchmarkScan('cis-3.0.0', ['CloudTrail.1', 'CloudTrail.5']);
    expect(report.benchmark?.notInBenchmark).toEqual([expect.objectContaining({ controlId: 'CloudTrail.5' })]);
    expect(report.benchmark?.summary).toMatchObject({ passed: 1, failed: 0, notCovered: 20 });
  });

  it('security-hub numbers by Security Hub ID: the label is the ID alone', () => {
    const report = benchmarkScan('security-hub');
    expect(report.benchmark?.requirements.find(({ controlId }) => controlId === 'CloudWatch.10')?.section).toBe('CloudWatch.10');
    expect(controlLabel(report, 'CloudWatch.10')).toBe('CloudWatch.10');
    expect(report.benchmark?.notInBenchmark.map(({ controlId }) => controlId)).toEqual(['TW.2', 'TW.4', 'TW.5', 'TW.6', 'TW.7', 'TW.1', 'TW.3']);
  });
});

describe('the compliance summary in every format', () => {
  const report = benchmarkScan('cis-6.0.0');
  const controls = REGISTRY.filter((control) => report.results.some((entry) => entry.controlId === control.id));
  const render = (format: Parameters<typeof renderReport>[0]) => renderReport(format, report, controls, { includeErrors: true });

  it('JSON: the document, valid against schemas/report.schema.json; CloudWatch.10 is 5.10 and FAILs under 6.0.0', () => {
    const validate = reportValidator();
    const parsed = JSON.parse(render('json')) as ReportDocument;
    expect(validate(parsed), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(parsed.benchmark?.requirements.find(({ controlId }) => controlId === 'CloudWatch.10')).toEqual({
      section: '5.10',
      assessment: 'Manual',
      controlId: 'CloudWatch.10',
      title: 'A log metric filter and alarm should exist for security group changes',
      status: 'FAIL',
    });
    expect(parsed.benchmark?.summary).toEqual({ requirements: 21, passed: 18, failed: 1, error: 0, notCovered: 2, manualButChecked: 17 });
  });

  it('table and markdown: the section with the control, and the summary line', () => {
    const line = 'CIS AWS Foundations Benchmark v6.0.0: 21 requirement(s) checked by trailwarden: 18 passed, 1 failed, 0 error, 2 not covered';
    const table = render('table');
    expect(table).toContain('5.10 CloudWatch.10  LOW');
    expect(table).toContain(line);
    expect(table).toContain('Not part of CIS AWS Foundations Benchmark v6.0.0 (not evaluated): CloudTrail.3, CloudTrail.5, CloudTrail.6');
    const markdown = render('markdown');
    expect(markdown).toContain('### CIS AWS Foundations Benchmark v6.0.0');
    expect(markdown).toContain(line);
    expect(markdown).toContain('| 5.10 | CloudWatch.10 | Manual | FAIL |');
    expect(markdown).toContain('| 5.10 CloudWatch.10 | LOW |');
  });

  it('SARIF: the summary as run properties, the requirement in the message; still valid SARIF', () => {
    const sarif = JSON.parse(render('sarif')) as {
      runs: { properties?: { benchmark: { name: string; summary: unknown } }; results: { message: { text: string } }[] }[];
    };
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(sarif.runs[0]?.properties?.benchmark).toMatchObject({ name: 'cis-6.0.0', summary: { failed: 1 } });
    expect(sarif.runs[0]?.results[0]?.message.text).toMatch(/^CIS AWS Foundations Benchmark v6\.0\.0 5\.10: /);
  });

  it('ASFF: each finding names the benchmark and its section there', () => {
    const findings = JSON.parse(render('asff')) as { ProductFields: Record<string, string> }[];
    const cloudWatch10 = findings.find((finding) => finding.ProductFields['trailwarden/ControlId'] === 'CloudWatch.10');
    expect(cloudWatch10?.ProductFields).toMatchObject({ 'trailwarden/Benchmark': 'cis-6.0.0', 'trailwarden/BenchmarkSection': '5.10' });
  });

  it('JUnit: a suite of properties, no test case counted twice; HTML: a section of its own', () => {
    const junit = render('junit');
    expect(junit).toContain('<testsuite name="CIS AWS Foundations Benchmark v6.0.0" tests="0"');
    expect(junit).toContain('<property name="failed" value="1"/>');
    expect(junit).toContain('<property name="5.10 CloudWatch.10" value="FAIL (Manual)"/>');
    expect(junit).toMatch(/<testsuites name="trailwarden" tests="\d+" failures="1"/);
    const page = render('html');
    expect(page).toContain('<h2 id="compliance-h">CIS AWS Foundations Benchmark v6.0.0</h2>');
    expect(page).toContain('5.10 CloudWatch.10: A log metric filter and alarm should exist for security group changes');
  });

  it('without a benchmark, no format mentions one', () => {
    const snapshot = loadSnapshot('examples/compliant-account.json');
    const results = evaluateControls(snapshot, REGISTRY, { config: DEFAULT_CONFIG });
    const plain = buildReport({ snapshot, results, controls: REGISTRY, toolVersion: '0', suppressions: [], now: new Date() });
    expect(plain.benchmark).toBeUndefined();
    for (const format of ['table', 'markdown', 'junit', 'sarif'] as const) expect(renderReport(format, plain, REGISTRY, {})).not.toContain('Benchmark v');
  });
});
