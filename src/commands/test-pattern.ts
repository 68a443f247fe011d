import { readFileSync } from 'node:fs';
import { Args, Flags } from '@oclif/core';
import type { MonitoringControl } from '../checks/monitoring/spec.js';
import { controlsFor } from '../checks/registry.js';
import { TrailwardenCommand } from '../cli/base-command.js';
import { configFlag, EXIT, loadConfigOrExit, orUsageError, usageError } from '../cli/common.js';
import { rejectEmptyValues } from '../cli/validate.js';
import {
  compilePattern,
  detectKind,
  PatternSyntaxProblem,
  readRecords,
  RecordsFileProblem,
  testAgainstControl,
  testRecords,
  type ControlTest,
  type InputVerdict,
  type PatternKind,
  type RecordVerdict,
  type Tester,
} from '../workbench/test-pattern.js';

export default class TestPattern extends TrailwardenCommand {
  static override summary = "Test a metric filter pattern or an EventBridge pattern against a control's events or a file of records.";
  static override description = `The workbench for writing filters and rules, with the scan's own pattern engines: give the pattern as the argument or in --file (--kind says which it is; without it a JSON object is an EventBridge pattern and anything else a metric filter pattern).

--control ID runs it against the control's required events (the corpus records the scan runs filters and rules against) and lists what it matches and misses; an uncertain verdict counts as missed, as in the scan. --records FILE runs it against a CloudTrail log file ({"Records": [...]}) or JSON lines of CloudTrail records or CloudWatch Logs log events ({"message": "..."}), gzipped or not, and prints each record's verdict.

Exit codes: 0 every required event matched (with --records: the verdicts were printed); 1 a required event was missed; 2 bad input (a pattern syntax error, with its column; an unreadable or truncated file; an unknown control).`;

  static override examples = [
    `<%= config.bin %> test-pattern --control CloudWatch.4 '{ ($.eventName = DeleteGroupPolicy) || ($.eventName = PutRolePolicy) }'`,
    `<%= config.bin %> test-pattern --control CloudWatch.4 --file rule-pattern.json --format json`,
    '<%= config.bin %> test-pattern --file filter.txt --records 111122223333_CloudTrail_us-east-1_20260101T0000Z_abc.json.gz',
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
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(TestPattern);
    rejectEmptyValues(this, { ...flags, pattern: args.pattern });
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
      const verdicts = testRecords(tester, records);
      this.log(flags.format === 'json' ? JSON.stringify({ kind, notes: tester.notes, records: verdicts }, null, 2) : renderRecords(tester, verdicts));
      return;
    }

    const config = loadConfigOrExit(this, flags.config);
    const monitors = controlsFor(config).filter((control): control is MonitoringControl => 'spec' in control);
    const control =
      monitors.find(({ id }) => id === flags.control) ??
      usageError(this, `--control ${flags.control}: not a monitoring control (${monitors.map(({ id }) => id).join(', ')})`);
    const result = testAgainstControl(tester, control.spec);
    this.log(
      flags.format === 'json'
        ? JSON.stringify({ kind, control: control.id, notes: tester.notes, ...result }, null, 2)
        : renderControlTest(tester, control, result),
    );
    if (!result.satisfied) this.exit(EXIT.findings);
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
  if (result.alsoMatches.length > 0) lines.push(`It also matches near-misses outside the control (broader than needed): ${result.alsoMatches.join(', ')}`);
  if (result.required.some(({ verdict }) => verdict === 'uncertain')) lines.push('An uncertain verdict counts as missed, as in the scan.');
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
  ].join('\n');
}

function verdictLine(word: string, verdict: RecordVerdict): string {
  return `${word.padEnd(9)}  ${verdict.event}${verdict.reasons.length > 0 ? ` (${verdict.reasons.join('; ')})` : ''}`;
}

function notesOf(tester: Tester): string[] {
  return tester.notes.map((note) => `note: ${note.message}${note.position === undefined ? '' : ` (at column ${note.position + 1})`}`);
}
