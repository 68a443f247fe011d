import { readFileSync } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import { Clients } from '../aws/clients.js';
import type { MonitoringControl } from '../checks/monitoring/spec.js';
import { controlsFor } from '../checks/registry.js';
import { TrailwardenCommand } from '../cli/base-command.js';
import { configFlag, EXIT, loadConfigOrExit, orUsageError, usageError } from '../cli/common.js';
import { accountFlags } from '../cli/snapshot-source.js';
import { checkRegionNames, rejectEmptyValues } from '../cli/validate.js';
import { TOOL_VERSION } from '../cli/version.js';
import { eventPatternMatches, metricFilterMatches, OracleFailure } from '../collect/pattern-oracle.js';
import type { CorpusRecord } from '../corpus/index.js';
import {
  alsoMatches,
  compilePattern,
  decideByAws,
  detectKind,
  disagreements,
  PatternSyntaxProblem,
  readRecords,
  RecordsFileProblem,
  satisfies,
  testAgainstControl,
  testRecords,
  type ControlTest,
  type InputRecord,
  type InputVerdict,
  type PatternKind,
  type RecordVerdict,
  type Tester,
} from '../workbench/test-pattern.js';

type AwsFlags = {
  'with-aws': boolean;
  region?: string | undefined;
  profile?: string | undefined;
  'role-arn'?: string | undefined;
  'endpoint-url'?: string | undefined;
};

export default class TestPattern extends TrailwardenCommand {
  static override summary = "Test a metric filter pattern or an EventBridge pattern against a control's events or a file of records.";
  static override description = `The workbench for writing filters and rules, with the scan's own pattern engines: give the pattern as the argument or in --file (--kind says which it is; without it a JSON object is an EventBridge pattern and anything else a metric filter pattern).

--control ID runs it against the control's required events (the corpus records the scan runs filters and rules against) and lists what it matches and misses; an uncertain verdict counts as missed, as in the scan. --records FILE runs it against a CloudTrail log file ({"Records": [...]}) or JSON lines of CloudTrail records or CloudWatch Logs log events ({"message": "..."}), gzipped or not, and prints each record's verdict.

--with-aws also asks AWS's own evaluator (CloudWatch Logs TestMetricFilter, 50 messages a call; EventBridge TestEventPattern, one event a call; both read-only): AWS's answer decides, and every disagreement with trailwarden's engine is printed so that it can be reported.

Exit codes: 0 every required event matched (with --records: the verdicts were printed); 1 a required event was missed; 2 bad input (a pattern syntax error, with its column; an unreadable or truncated file; an unknown control), or AWS could not be asked.`;

  static override examples = [
    `<%= config.bin %> test-pattern --control CloudWatch.4 '{ ($.eventName = DeleteGroupPolicy) || ($.eventName = PutRolePolicy) }'`,
    `<%= config.bin %> test-pattern --control CloudWatch.4 --file rule-pattern.json --format json`,
    '<%= config.bin %> test-pattern --file filter.txt --records 111122223333_CloudTrail_us-east-1_20260101T0000Z_abc.json.gz',
    '<%= config.bin %> test-pattern --control CloudWatch.4 --file filter.txt --with-aws --profile audit',
  ];

  static override args = {
    pattern: Args.string({ description: 'The pattern (or use --file).' }),
  };

  static override flags = {
    file: Flags.string({ description: 'Read the pattern from this file.' }),
    kind: Flags.option({
      options: ['filter', 'eventbridge'] as const,
      description: 'What the pattern is (default: a JSON object is eventbridge, else filter).',
    })(),
    control: Flags.string({ description: "Test against this monitoring control's required events.", exclusive: ['records'] }),
    records: Flags.string({ description: 'Test against the records of this file (CloudTrail log file or JSON lines, .gz too).' }),
    format: Flags.option({ options: ['text', 'json'] as const, default: 'text', description: 'Output format.' })(),
    config: configFlag,
    'with-aws': Flags.boolean({ description: "Also ask AWS's evaluator (TestMetricFilter, TestEventPattern); its answer decides." }),
    region: Flags.string({ description: 'Region AWS is asked in with --with-aws (default: the configured Region).', dependsOn: ['with-aws'] }),
    profile: Flags.string({ description: accountFlags.profile.description, dependsOn: ['with-aws'] }),
    'role-arn': Flags.string({ description: accountFlags['role-arn'].description, dependsOn: ['with-aws'] }),
    'endpoint-url': Flags.string({ description: accountFlags['endpoint-url'].description, dependsOn: ['with-aws'] }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(TestPattern);
    rejectEmptyValues(this, flags);
    if (flags.region !== undefined) checkRegionNames(this, '--region', [flags.region]);
    if ((args.pattern === undefined) === (flags.file === undefined))
      usageError(this, 'give the pattern either as the argument or with --file, not both or neither');
    if ((flags.control === undefined) === (flags.records === undefined)) usageError(this, "give --control ID (a control's required events) or --records FILE");
    const text = flags.file === undefined ? args.pattern! : readOrExit(this, '--file', flags.file).toString('utf8').trim();
    const kind: PatternKind = flags.kind ?? detectKind(text);
    const tester = orUsageError(this, [PatternSyntaxProblem], () => compilePattern(text, kind));

    if (flags.records !== undefined) {
      const path = flags.records;
      const bytes = readOrExit(this, '--records', path);
      const records = orUsageError(
        this,
        [RecordsFileProblem],
        () => readRecords(bytes),
        (error) => `--records ${path}: ${error.message}`,
      );
      let verdicts = testRecords(tester, records);
      if (flags['with-aws']) verdicts = decideByAws(verdicts, await this.askAws(flags, tester, records));
      this.log(flags.format === 'json' ? JSON.stringify({ kind, notes: tester.notes, records: verdicts }, null, 2) : renderRecords(tester, verdicts));
      return;
    }

    const config = loadConfigOrExit(this, flags.config);
    const monitors = controlsFor(config).filter((control): control is MonitoringControl => 'spec' in control);
    const control =
      monitors.find(({ id }) => id === flags.control) ??
      usageError(this, `--control ${flags.control}: not a monitoring control (${monitors.map(({ id }) => id).join(', ')})`);
    let result = testAgainstControl(tester, control.spec);
    if (flags['with-aws']) {
      const { positives, negatives } = control.spec;
      const answers = await this.askAws(flags, tester, [...positives, ...negatives]);
      result = { required: decideByAws(result.required, answers), nearMisses: decideByAws(result.nearMisses, answers.slice(positives.length)) };
    }
    this.log(
      flags.format === 'json'
        ? JSON.stringify({ kind, control: control.id, satisfied: satisfies(result), notes: tester.notes, alsoMatches: alsoMatches(result), ...result }, null, 2)
        : renderControlTest(tester, control, result),
    );
    if (!satisfies(result)) this.exit(EXIT.findings);
  }

  /** AWS's answer per record (undefined: not asked); a call AWS refuses ends the command, naming it, before anything is printed. */
  private async askAws(flags: AwsFlags, tester: Tester, records: readonly (CorpusRecord | InputRecord)[]): Promise<(boolean | undefined)[]> {
    const clients = await Clients.create({ toolVersion: TOOL_VERSION, profile: flags.profile, roleArn: flags['role-arn'], endpointUrl: flags['endpoint-url'] });
    const region = flags.region ?? clients.homeRegion;
    try {
      const questions = records.map((record) => tester.question(record));
      if (tester.kind === 'filter') return await metricFilterMatches(clients, region, tester.text, questions as string[]);
      const asked = questions.flatMap((question, index) => (typeof question === 'object' ? [{ index, event: question }] : []));
      const answers = await eventPatternMatches(
        clients,
        region,
        tester.text,
        asked.map(({ event }) => event),
      );
      const byIndex = new Map(asked.map(({ index }, position) => [index, answers[position]]));
      return questions.map((_, index) => byIndex.get(index));
    } catch (error) {
      if (error instanceof OracleFailure) usageError(this, `ERROR: --with-aws: ${error.operation} in ${region} failed with ${error.code}; nothing was decided`);
      throw error;
    } finally {
      clients.destroy();
    }
  }
}

function readOrExit(command: TestPattern, flag: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    return usageError(command, `${flag} ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

const NAMES: Record<PatternKind, string> = { filter: 'metric filter pattern', eventbridge: 'EventBridge pattern' };
const WORDS = { match: 'match', 'no-match': 'MISSED', uncertain: 'UNCERTAIN' } as const;

function renderControlTest(tester: Tester, control: MonitoringControl, result: ControlTest): string {
  const matched = result.required.filter(({ verdict }) => verdict === 'match').length;
  const lines = [`${control.id} (${control.title}): the ${NAMES[tester.kind]} matches ${matched} of ${result.required.length} required events`];
  lines.push(...notesOf(tester), ...result.required.map((verdict) => `  ${verdictLine(WORDS[verdict.verdict], verdict)}`));
  const broader = alsoMatches(result);
  if (broader.length > 0) lines.push(`It also matches near-misses outside the control (broader than needed): ${broader.join(', ')}`);
  if (result.required.some(({ verdict }) => verdict === 'uncertain')) lines.push('An uncertain verdict counts as missed, as in the scan.');
  lines.push(...disagreementLines([...result.required, ...result.nearMisses]));
  return lines.join('\n');
}

function renderRecords(tester: Tester, verdicts: readonly InputVerdict[]): string {
  const matched = verdicts.filter(({ verdict }) => verdict === 'match').length;
  const width = String(verdicts.at(-1)?.position ?? 0).length;
  return [
    `The ${NAMES[tester.kind]} matches ${matched} of ${verdicts.length} records`,
    ...notesOf(tester),
    ...verdicts.map(
      (verdict) =>
        `  ${String(verdict.position).padStart(width)}  ${verdictLine(verdict.verdict === 'no-match' ? 'no-match' : WORDS[verdict.verdict], verdict)}`,
    ),
    ...disagreementLines(verdicts),
  ].join('\n');
}

function verdictLine(word: string, verdict: RecordVerdict): string {
  const engine = verdict.engine === undefined ? '' : ` [AWS decides; trailwarden's engine said ${verdict.engine}]`;
  return `${word.padEnd(9)}  ${verdict.event}${verdict.reasons.length > 0 ? ` (${verdict.reasons.join('; ')})` : ''}${engine}`;
}

/** Every disagreement, in a form that can be pasted into an issue. */
function disagreementLines(verdicts: readonly RecordVerdict[]): string[] {
  const differing = disagreements(verdicts);
  if (differing.length === 0) return [];
  return [
    `AWS and trailwarden's engine disagree on ${differing.length} record(s); AWS's answer was used. Please report it:`,
    ...differing.map(({ event, verdict, engine }) => `  ${event}: AWS ${verdict}, trailwarden ${engine}`),
  ];
}

function notesOf(tester: Tester): string[] {
  return tester.notes.map((note) => `note: ${note.message}${note.position === undefined ? '' : ` (at column ${note.position + 1})`}`);
}
