import { writeFileSync } from 'node:fs';
import { Command, Flags } from '@oclif/core';
import { evaluateControls } from '../checks/engine.js';
import { controlsFor } from '../checks/registry.js';
import { SEVERITIES, type Severity } from '../checks/types.js';
import { configFlag, EXIT, loadConfigOrExit, selectControls } from '../cli/common.js';
import { accountFlags, obtainSnapshot } from '../cli/snapshot-source.js';
import { TOOL_VERSION } from '../cli/version.js';
import { applyBaseline, BaselineError, loadBaseline } from '../report/baseline.js';
import { buildReport, type ReportDocument } from '../report/document.js';
import { FORMATS, renderReport, writeReports, type Format } from '../report/index.js';

export default class Scan extends Command {
  static override summary = 'Audit the account\'s trail and its monitoring, and report the findings.';
  static override description = `Collects the account (or reads --snapshot), evaluates every control offline and prints the results.

Exit codes: 0 no failing result at or above --fail-on; 1 failing results; 2 the scan could not run (bad flags, config, snapshot or credentials).`;

  static override examples = [
    '<%= config.bin %> scan --snapshot examples/insecure-account.json',
    '<%= config.bin %> scan --profile audit --region us-east-1 --region eu-west-1',
    '<%= config.bin %> scan --format sarif --output trailwarden.sarif --fail-on high',
    '<%= config.bin %> scan --format sarif --format markdown --output-dir reports',
  ];

  static override flags = {
    ...accountFlags,
    config: configFlag,
    format: Flags.option({ options: FORMATS, multiple: true, char: 'f', description: 'Output format; repeat with --output-dir for several.', default: ['table'] })(),
    output: Flags.string({ char: 'o', description: 'Write the report to this file instead of stdout.', exclusive: ['output-dir'] }),
    'output-dir': Flags.string({ description: 'Write each --format to its own file in this directory (trailwarden.sarif, trailwarden.json, ...).' }),
    'fail-on': Flags.option({
      options: [...SEVERITIES.map((s) => s.toLowerCase()), 'none'] as const,
      description: 'Exit 1 when a result fails at or above this severity; "none" never fails.',
      default: 'informational',
    })(),
    'fail-on-error': Flags.boolean({ description: 'Also exit 1 when a control could not be evaluated (ERROR results).' }),
    controls: Flags.string({ description: 'Only these control IDs (comma-separated).', delimiter: ',', multiple: true }),
    'exclude-controls': Flags.string({ description: 'Skip these control IDs (comma-separated).', delimiter: ',', multiple: true }),
    baseline: Flags.string({ description: 'A previous JSON report: report only new and resolved findings relative to it.' }),
    'include-errors': Flags.boolean({ description: 'Also emit ERROR results in SARIF and ASFF.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Scan);
    const formats = flags.format as Format[];
    if (formats.length > 1 && !flags['output-dir']) this.error('several --format values need --output-dir', { exit: EXIT.usage });
    const config = loadConfigOrExit(this, flags.config);
    const controls = selectControls(this, controlsFor(config), flags.controls, flags['exclude-controls']);
    const previous = flags.baseline ? this.readBaseline(flags.baseline) : undefined;

    const snapshot = await obtainSnapshot(this, flags);
    const results = evaluateControls(snapshot, controls, { config });
    let report = buildReport({
      snapshot,
      results,
      controls,
      toolVersion: TOOL_VERSION,
      suppressions: config.suppressions,
      now: new Date(),
      ...(flags.region && { regionFilter: flags.region }),
    });
    if (previous) report = applyBaseline(report, previous);

    const renderOptions = { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && !flags.output, includeErrors: flags['include-errors'] };
    if (flags['output-dir']) {
      const paths = writeReports(flags['output-dir'], formats, report, controls, renderOptions);
      if (!flags.quiet) this.logToStderr(`wrote ${paths.join(', ')}`);
    } else {
      const text = renderReport(formats[0]!, report, controls, renderOptions);
      if (flags.output) writeFileSync(flags.output, text);
      else process.stdout.write(text);
    }
    this.exit(exitCode(report, flags['fail-on'], flags['fail-on-error']));
  }

  private readBaseline(path: string): ReportDocument {
    try {
      return loadBaseline(path);
    } catch (error) {
      if (error instanceof BaselineError) this.error(error.message, { exit: EXIT.usage });
      throw error;
    }
  }
}

/** Failing results count when at or above the threshold; suppressed ones are not failing (they are SUPPRESSED). */
function exitCode(report: ReportDocument, failOn: string, failOnError: boolean): number {
  if (failOnError && report.summary.byStatus.ERROR > 0) return EXIT.findings;
  if (failOn === 'none') return EXIT.clean;
  const threshold = SEVERITIES.indexOf(failOn.toUpperCase() as Severity);
  const failing = report.results.some((r) => r.status === 'FAIL' && !r.suppressed && SEVERITIES.indexOf(r.severity) <= threshold && r.baselineState !== 'unchanged');
  return failing ? EXIT.findings : EXIT.clean;
}
