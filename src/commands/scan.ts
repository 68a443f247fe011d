import { writeFileSync } from 'node:fs';
import { Flags, type Interfaces } from '@oclif/core';
import { evaluateControls } from '../checks/engine.js';
import { patternQuestions, verificationReport } from '../checks/monitoring/chain/verification.js';
import { OrganizationView } from '../checks/organization.js';
import { controlsFor } from '../checks/registry.js';
import { repairedBy } from '../checks/repair.js';
import { SEVERITIES, type ControlMeta, type Severity } from '../checks/types.js';
import { TrailwardenCommand } from '../cli/base-command.js';
import {
  benchmarkOrExit,
  configFlag,
  EXIT,
  loadConfigOrExit,
  orUsageError,
  requiredTagKeysFlag,
  selectControls,
  usageError,
  withRequiredTagKeys,
} from '../cli/common.js';
import { checkDirectoryTarget, checkFileTarget, checkNotAnInput, writeOrExit } from '../cli/output-paths.js';
import { accountFlags, checkAccountFlags, obtainOrganization, obtainSnapshot, readSnapshots, type AskedOfAws } from '../cli/snapshot-source.js';
import { checkRegionNames, checkRoleName, parseShard, rejectEmptyValues } from '../cli/validate.js';
import { TOOL_VERSION } from '../cli/version.js';
import { applyBaseline, BaselineError, loadBaseline } from '../results/baseline.js';
import { benchmarkSelection } from '../results/benchmark.js';
import { buildOrganizationReport, buildReport, type BenchmarkScope, type ReportDocument } from '../results/document.js';
import { scanFails } from '../results/exit-code.js';
import { FORMATS, renderReport, writeReports, type Format } from '../report/index.js';
import { toAsffFindings } from '../report/asff.js';
import type { RenderOptions } from '../report/format.js';
import type { TrailwardenConfig } from '../config/types.js';
import type { OrganizationRun } from '../snapshot/organization.js';
import type { AccountSnapshot } from '../snapshot/types.js';

export default class Scan extends TrailwardenCommand {
  static override summary = "Audit the account's trail and its monitoring, and report the findings.";
  static override description = `Collects the account (or reads --snapshot), evaluates every control offline and prints the results.

Exit codes: 0 no failing result at or above --fail-on; 1 failing results; 2 the scan could not run (bad flags, config, snapshot or credentials).`;

  static override examples = [
    '<%= config.bin %> scan --snapshot examples/insecure-account.json',
    '<%= config.bin %> scan --profile audit --region us-east-1 --region eu-west-1',
    '<%= config.bin %> scan --format sarif --output trailwarden.sarif --fail-on high',
    '<%= config.bin %> scan --format sarif --format markdown --output-dir reports',
    '<%= config.bin %> scan --org --role-name OrganizationAccountAccessRole --format json --output org.json',
    '<%= config.bin %> scan --org --role-name OrganizationAccountAccessRole --shard 2/4 --save-snapshot org-2.json',
    "<%= config.bin %> scan --snapshot 'org-*.json' --format sarif --output org.sarif",
    '<%= config.bin %> scan --benchmark cis-5.0.0 --format markdown --output cis-5.md',
    '<%= config.bin %> scan --verify-patterns-with-aws --format json --output verified.json',
  ];

  static override flags = {
    ...accountFlags,
    snapshot: Flags.string({
      description:
        "Evaluate saved snapshots instead of calling AWS (repeatable; a directory or a pattern such as 'org-*.json' names several). Several snapshots, or an organization's, are evaluated as one organization.",
      multiple: true,
      exclusive: ['region', 'save-snapshot'],
    }),
    config: configFlag,
    format: Flags.option({
      options: FORMATS,
      multiple: true,
      delimiter: ',',
      char: 'f',
      description: 'Output format; several (repeated or comma-separated) need --output-dir.',
      default: ['table'],
    })(),
    output: Flags.string({ char: 'o', description: 'Write the report to this file instead of stdout.', exclusive: ['output-dir'] }),
    'output-dir': Flags.string({ description: 'Write each --format to its own file in this directory (trailwarden.sarif, trailwarden.json, ...).' }),
    'fail-on': Flags.option({
      options: [...SEVERITIES.map((s) => s.toLowerCase()), 'none'] as const,
      description: 'Exit 1 when a result fails at or above this severity; "none" never fails.',
      default: 'informational',
    })(),
    'fail-on-error': Flags.boolean({ description: 'Also exit 1 when a control could not be evaluated (ERROR results).' }),
    benchmark: Flags.string({
      description:
        "Report against one benchmark: cis-1.2.0, cis-1.4.0, cis-3.0.0, cis-4.0.1, cis-5.0.0, cis-6.0.0, cis-7.0.0 or security-hub. Evaluates that version's requirements where versions differ, numbers each control by its section there, leaves out the controls it does not contain, and adds a compliance summary. Without it (or the config's benchmark): every control, by its Security Hub ID, with the requirements Security Hub's CIS 1.2.0/1.4.0 checks use.",
    }),
    controls: Flags.string({ description: 'Only these control IDs (comma-separated).', delimiter: ',', multiple: true }),
    'required-tag-keys': requiredTagKeysFlag,
    'exclude-controls': Flags.string({ description: 'Skip these control IDs (comma-separated).', delimiter: ',', multiple: true }),
    baseline: Flags.string({ description: 'A previous JSON report: report only new and resolved findings relative to it.' }),
    'include-errors': Flags.boolean({ description: 'Also emit ERROR results in SARIF and ASFF.' }),
    'to-security-hub': Flags.boolean({
      description: 'Import the findings into Security Hub (BatchImportFindings); passing ones are imported as resolved.',
      exclusive: ['snapshot'],
    }),
    'security-hub-region': Flags.string({ description: 'Region whose Security Hub receives --to-security-hub findings (default: the first scanned Region).' }),
    org: Flags.boolean({
      description:
        "Scan every active account of the organization (listed with organizations:ListAccounts from the management or a delegated administrator account), each through --role-name; the caller's own account with its own credentials. An account whose role cannot be assumed gets an ERROR result for every control; the others are still scanned.",
      dependsOn: ['role-name'],
      exclusive: ['snapshot', 'to-security-hub'],
    }),
    shard: Flags.string({
      description:
        'With --org: collect only part K of N of the active accounts (sorted by id, every N-th from the K-th), e.g. one array job each; a final scan --snapshot of all the parts evaluates the organization.',
      dependsOn: ['org'],
    }),
    'role-name': Flags.string({ description: 'With --org: the role assumed in each member account, e.g. OrganizationAccountAccessRole.', dependsOn: ['org'] }),
    'account-concurrency': Flags.integer({ description: 'With --org: accounts scanned at the same time (default 4).', min: 1, dependsOn: ['org'] }),
    workers: Flags.integer({
      description:
        'With --org: worker threads that collect the member accounts, sharing --account-concurrency (no more threads than accounts at once); 1 collects in the main thread. Default: the cores less one, at least 1.',
      min: 1,
      dependsOn: ['org'],
    }),
    timeout: Flags.integer({
      description: 'Stop collecting after this many seconds: what was not read by then is reported as ERROR (code Timeout), and the scan still reports.',
      min: 1,
      exclusive: ['snapshot'],
    }),
    'verify-patterns-with-aws': Flags.boolean({
      description:
        "Also ask AWS's own evaluators about the relied-on patterns (read-only): CloudWatch Logs TestMetricFilter on each metric filter pattern of the trails' log groups, against the corpus records (50 a call), and EventBridge TestEventPattern on each pattern of the enabled rules that notify a topic, against the required events (one a call). AWS's answer decides the verdict, every disagreement with trailwarden's engines is reported, and a pattern AWS could not be asked about makes the results that rely on it ERROR. The answers are saved with --save-snapshot.",
      exclusive: ['snapshot'],
    }),
    'call-timeout': Flags.integer({
      description: 'Seconds one AWS call may wait for an answer before it is retried (default 10).',
      min: 1,
      exclusive: ['snapshot'],
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Scan);
    const formats = flags.format;
    this.checkFlags(flags, formats);
    const config = withRequiredTagKeys(this, loadConfigOrExit(this, flags.config), flags['required-tag-keys']);
    const benchmark = benchmarkOrExit(this, flags.benchmark, config);
    const registry = controlsFor(config);
    const selected = selectControls(this, registry, flags.controls, flags['exclude-controls']);
    const { evaluated: controls, outside } = benchmark ? benchmarkSelection(benchmark, selected) : { evaluated: selected, outside: [] };
    const scope: BenchmarkScope | undefined = benchmark && { benchmark, registry, outside };
    const previous = flags.baseline ? this.readBaseline(flags.baseline) : undefined;
    const evaluation = { config, ...(benchmark?.cisVersion && { cisVersion: benchmark.cisVersion }) };

    const reportContext = {
      controls,
      ...(scope && { benchmark: scope }),
      toolVersion: TOOL_VERSION,
      suppressions: config.suppressions,
      now: new Date(),
      ...(flags.region && { regionFilter: flags.region }),
    };
    const asked: AskedOfAws = flags['verify-patterns-with-aws']
      ? {
          verifyPatterns: patternQuestions(controls, evaluation),
          workerSetup: { verify: { controlIds: controls.map((control) => control.id), evaluation } },
        }
      : {};
    const source = await this.accounts(flags, config, asked);
    let report: ReportDocument;
    if ('organization' in source) {
      const { caller, accounts: outcomes } = source.organization;
      // One organization, one evaluation: a member's chain is followed into the accounts that hold its links.
      const view = new OrganizationView(
        outcomes.flatMap((outcome) => ('snapshot' in outcome ? [outcome.snapshot] : [])),
        new Map(outcomes.flatMap((outcome) => ('error' in outcome ? [[outcome.account.id, outcome.error] as const] : []))),
      );
      const accounts = outcomes.map((outcome) =>
        'snapshot' in outcome ? { ...outcome, results: evaluateControls(outcome.snapshot, controls, { ...evaluation, organization: view }) } : outcome,
      );
      const verification = verificationReport(view.snapshots, controls, evaluation);
      report = buildOrganizationReport({ ...reportContext, caller, accounts, ...(verification && { patternVerification: verification }) });
    } else {
      const { snapshot } = source;
      const verification = verificationReport([snapshot], controls, evaluation);
      report = buildReport({
        ...reportContext,
        snapshot,
        results: evaluateControls(snapshot, controls, evaluation),
        ...(verification && { patternVerification: verification }),
      });
    }
    if (previous && flags.baseline) report = this.compareWithBaseline(report, previous, flags.baseline);

    const renderOptions = {
      color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && !flags.output,
      includeErrors: flags['include-errors'],
      ...(flags['security-hub-region'] && { securityHubRegion: flags['security-hub-region'] }),
      // Only the HTML report says which controls `fix` repairs: each control names its repair.
      ...(formats.includes('html') && { repairable: controls.filter((control) => repairedBy(control.repair) !== undefined).map((control) => control.id) }),
    };
    const outputDir = flags['output-dir'];
    const output = flags.output;
    if (outputDir) {
      const paths = writeOrExit(this, 'output-dir', outputDir, () => writeReports(outputDir, formats, report, controls, renderOptions));
      if (!flags.quiet) this.logToStderr(`wrote ${paths.join(', ')}`);
    } else {
      const text = renderReport(formats[0]!, report, controls, renderOptions);
      if (output) writeOrExit(this, 'output', output, () => writeFileSync(output, text));
      else process.stdout.write(text);
    }
    if (flags['to-security-hub']) await this.importFindings(report, controls, renderOptions, flags);
    this.exit(scanFails(report, failOnSeverity(flags['fail-on']), flags['fail-on-error']) ? EXIT.findings : EXIT.clean);
  }

  /** What is evaluated: saved snapshots (one account, or an organization), the organization collected now, or the account. */
  private async accounts(
    flags: Interfaces.InferredFlags<typeof Scan.flags>,
    config: TrailwardenConfig,
    asked: AskedOfAws,
  ): Promise<{ snapshot: AccountSnapshot } | { organization: OrganizationRun }> {
    if (flags.snapshot) return readSnapshots(this, flags.snapshot);
    const roleName = flags['role-name'];
    if (flags.org && roleName) {
      const shard = flags.shard === undefined ? undefined : parseShard(this, flags.shard);
      return { organization: await obtainOrganization(this, { ...flags, 'role-name': roleName, shard }, config, asked) };
    }
    return { snapshot: await obtainSnapshot(this, { ...flags, snapshot: undefined }, config, asked) };
  }

  /** Every flag value oclif's parser cannot check, before the account is read (see cli/validate.ts). */
  private checkFlags(flags: Interfaces.InferredFlags<typeof Scan.flags>, formats: readonly Format[]): void {
    rejectEmptyValues(this, flags);
    if (formats.length > 1 && !flags['output-dir']) usageError(this, `--format ${formats.join(',')}: several formats need --output-dir (one file each)`);
    checkAccountFlags(this, { ...flags, snapshot: flags.snapshot?.[0] });
    if (flags['role-name'] !== undefined) checkRoleName(this, flags['role-name']);
    if (flags.shard !== undefined) parseShard(this, flags.shard);
    if (flags['security-hub-region'] !== undefined) checkRegionNames(this, '--security-hub-region', [flags['security-hub-region']]);
    if (flags.output !== undefined) {
      checkFileTarget(this, 'output', flags.output);
      for (const snapshot of flags.snapshot ?? [undefined]) checkNotAnInput(this, 'output', flags.output, { snapshot, config: flags.config });
    }
    if (flags['output-dir'] !== undefined) checkDirectoryTarget(this, 'output-dir', flags['output-dir']);
  }

  /** A baseline of another account (or organization) is found only once the scan knows its own. */
  private compareWithBaseline(report: ReportDocument, previous: ReportDocument, path: string): ReportDocument {
    return orUsageError(
      this,
      [BaselineError],
      () => applyBaseline(report, previous),
      (error) => `--baseline ${path}: ${error.message}`,
    );
  }

  private async importFindings(
    report: ReportDocument,
    controls: readonly ControlMeta[],
    options: RenderOptions,
    flags: { profile?: string | undefined; 'role-arn'?: string | undefined; 'endpoint-url'?: string | undefined },
  ): Promise<void> {
    const findings = toAsffFindings(report, controls, options);
    const region = options.securityHubRegion ?? report.regions[0] ?? 'us-east-1';
    // Loaded here, like the collector, so that a scan that imports nothing does not load the AWS SDK.
    const [{ Clients }, { importToSecurityHub }] = await Promise.all([import('../aws/clients.js'), import('../publish/security-hub.js')]);
    const clients = await Clients.create({ toolVersion: TOOL_VERSION, profile: flags.profile, roleArn: flags['role-arn'], endpointUrl: flags['endpoint-url'] });
    try {
      const outcome = await importToSecurityHub(findings, clients.get('securityhub', region));
      this.logToStderr(`Security Hub (${region}): imported ${outcome.imported} finding(s)${outcome.failed.length ? `, ${outcome.failed.length} refused` : ''}`);
      for (const failure of outcome.failed) this.logToStderr(`  refused ${failure.Id}: ${failure.ErrorCode} ${failure.ErrorMessage}`);
    } catch (error) {
      this.error(`Security Hub import failed in ${region}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, {
        exit: EXIT.usage,
      });
    } finally {
      clients.destroy();
    }
  }

  private readBaseline(path: string): ReportDocument {
    return orUsageError(this, [BaselineError], () => loadBaseline(path));
  }
}

/** `--fail-on critical` → CRITICAL; `none` stays none. */
function failOnSeverity(failOn: string): Severity | 'none' {
  return failOn === 'none' ? 'none' : (failOn.toUpperCase() as Severity);
}
