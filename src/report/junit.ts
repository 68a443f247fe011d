import type { ReportResult } from '../results/document.js';
import type { Renderer } from './format.js';
import { suppressionNote } from '../results/suppressions.js';
import { complianceLine, type BenchmarkReport } from '../results/benchmark.js';

/**
 * JUnit XML for CI test-report viewers: a test suite per control family, a test case per control
 * and resource. FAIL is a failure, ERROR an error, and NOT_APPLICABLE or suppressed results are
 * skipped, so a viewer's red count is the number of failing results.
 */
export const renderJunit: Renderer = (report, controls) => {
  const familyOf = new Map(controls.map((control) => [control.id, control.family]));
  const suites = new Map<string, ReportResult[]>();
  for (const result of report.results) {
    const family = familyOf.get(result.controlId) ?? 'other';
    const suite = suites.get(family);
    if (suite) suite.push(result);
    else suites.set(family, [result]);
  }
  const all = counts(report.results);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="trailwarden" ${countAttributes(all)} time="0" timestamp="${attr(report.generatedAt)}">`,
  ];
  for (const [family, results] of suites) {
    lines.push(`  <testsuite name="${attr(family)}" ${countAttributes(counts(results))} time="0" timestamp="${attr(report.generatedAt)}">`);
    for (const result of results) lines.push(...testcase(result));
    lines.push('  </testsuite>');
  }
  if (report.benchmark) lines.push(...complianceSuite(report.benchmark, report.generatedAt));
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
};

/**
 * Under --benchmark, the compliance summary as the properties of a suite of its own with no test
 * cases: JUnit has no other place for it, and test cases per requirement would count each failure twice.
 */
function complianceSuite(benchmark: BenchmarkReport, timestamp: string): string[] {
  const properties = [
    ['benchmark', benchmark.name],
    ['summary', complianceLine(benchmark)],
    ...Object.entries(benchmark.summary).map(([key, value]) => [key, String(value)]),
    ...benchmark.requirements.map((requirement) => [`${requirement.section} ${requirement.controlId}`, `${requirement.status} (${requirement.assessment})`]),
  ];
  return [
    `  <testsuite name="${attr(benchmark.title)}" tests="0" failures="0" errors="0" skipped="0" time="0" timestamp="${attr(timestamp)}">`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property name="${attr(name!)}" value="${attr(value!)}"/>`),
    '    </properties>',
    '  </testsuite>',
  ];
}

type Outcome = 'passed' | 'failure' | 'error' | 'skipped';

function outcome(result: ReportResult): Outcome {
  if (result.suppressed || result.status === 'NOT_APPLICABLE') return 'skipped';
  return result.status === 'FAIL' ? 'failure' : result.status === 'ERROR' ? 'error' : 'passed';
}

function testcase(result: ReportResult): string[] {
  const open = `    <testcase classname="${attr(result.controlId)}" name="${attr(result.resource.arn)}" time="0"`;
  const message = `${result.reason}${suppressionNote(result)}`;
  switch (outcome(result)) {
    case 'passed':
      return [`${open}/>`];
    case 'skipped': {
      const why = result.suppressed ? `suppressed: ${result.suppressed.reason}` : `not applicable: ${result.reason}`;
      return [`${open}>`, `      <skipped message="${attr(why)}"/>`, '    </testcase>'];
    }
    case 'failure':
      return [
        `${open}>`,
        `      <failure message="${attr(message)}" type="${result.severity}">${text(`${result.title}\n\nRemediation: ${result.remediation}`)}</failure>`,
        '    </testcase>',
      ];
    case 'error':
      return [`${open}>`, `      <error message="${attr(message)}" type="${attr(result.error?.code ?? 'ERROR')}"/>`, '    </testcase>'];
  }
}

function counts(results: readonly ReportResult[]): Record<Outcome, number> & { tests: number } {
  const tally = { tests: results.length, passed: 0, failure: 0, error: 0, skipped: 0 };
  for (const result of results) tally[outcome(result)] += 1;
  return tally;
}

function countAttributes(tally: ReturnType<typeof counts>): string {
  return `tests="${tally.tests}" failures="${tally.failure}" errors="${tally.error}" skipped="${tally.skipped}"`;
}

/** XML 1.0 cannot carry most control characters even escaped; an AWS error message might. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function text(value: string): string {
  return value.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
