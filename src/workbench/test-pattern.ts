import { gunzipSync } from 'node:zlib';
import type { MonitoringSpec } from '../checks/monitoring/spec.js';
import { EventPatternCache, FilterPatternCache } from '../checks/monitoring/chain/pattern-cache.js';
import type { CorpusRecord } from '../corpus/index.js';
import { cloudTrailEnvelope } from '../patterns/eventbridge/index.js';
import { evaluateFilterPattern } from '../patterns/filter/index.js';
import type { MatchResult, PatternNote, PatternSyntaxError, Verdict } from '../patterns/types.js';

/**
 * The pattern workbench behind `test-pattern`: one metric filter pattern or EventBridge pattern
 * against a control's required events or a file of records. It evaluates with the scan's own
 * pattern caches and the scan's view of a record (the one-line message for CloudWatch Logs, the
 * CloudTrail envelope for EventBridge), so a verdict here is the verdict the scan gives.
 */

export type PatternKind = 'filter' | 'eventbridge';

/** An EventBridge pattern is a JSON object; a filter pattern never parses as JSON (`{ $.x = 1 }` does not). */
export function detectKind(text: string): PatternKind {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? 'eventbridge' : 'filter';
  } catch {
    return 'filter';
  }
}

/** A pattern AWS would reject, located for a person: 1-based line and column of the pattern text. */
export class PatternSyntaxProblem extends Error {
  constructor(
    readonly kind: PatternKind,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
    multiline: boolean,
  ) {
    super(`${kind === 'filter' ? 'filter pattern' : 'EventBridge pattern'} syntax error at ${multiline ? `line ${line}, ` : ''}column ${column}: ${detail}`);
  }
}

/** A records file that cannot be read as records: names the line or the byte problem. */
export class RecordsFileProblem extends Error {}

/** One record to test, as the file gave it. */
export interface InputRecord {
  /** 1-based: the line of a JSON-lines file, the index in a CloudTrail log file's Records. */
  position: number;
  /** What CloudWatch Logs matches: the log event's message, or the record as one line of JSON. */
  message: string;
  /** The parsed message, when it is JSON: the filter engine reads it, and EventBridge sees its envelope. */
  record?: Record<string, unknown>;
  /** How results name it: the record's event name, if it has one. */
  label: string;
}

export interface Tester {
  kind: PatternKind;
  /** The pattern as given: what AWS is asked about too. */
  text: string;
  notes: PatternNote[];
  corpus(record: CorpusRecord): MatchResult;
  input(record: InputRecord): MatchResult;
  /** What AWS is asked about a record: its message (CloudWatch Logs), its event (EventBridge; none when it is not JSON, as it never reaches EventBridge). */
  question(record: CorpusRecord | InputRecord): string | Record<string, unknown> | undefined;
}

/** Parses once; a syntax error throws PatternSyntaxProblem with the column. */
export function compilePattern(text: string, kind: PatternKind): Tester {
  return kind === 'filter' ? filterTester(text) : eventTester(text);
}

function filterTester(text: string): Tester {
  const cache = new FilterPatternCache();
  const parsed = cache.parse(text);
  if (!parsed.ok) throw syntaxProblem('filter', text, parsed.error);
  return {
    kind: 'filter',
    text,
    notes: parsed.notes,
    corpus: (record) => cache.verdict(text, record),
    input: (record) => evaluateFilterPattern(parsed.pattern, record.message, record.record),
    question: (record) => record.message,
  };
}

function eventTester(text: string): Tester {
  const cache = new EventPatternCache();
  const parsed = cache.parse(text);
  if (!parsed.ok) throw syntaxProblem('eventbridge', text, parsed.error);
  return {
    kind: 'eventbridge',
    text,
    notes: parsed.notes,
    corpus: (record) => cache.verdict(text, cloudTrailEnvelope(record.record)),
    input: (record) => (record.record ? cache.verdict(text, eventOf(record.record)) : NOTHING),
    question: (record) => (record.record ? eventOf(record.record) : undefined),
  };
}

function syntaxProblem(kind: PatternKind, text: string, error: PatternSyntaxError): PatternSyntaxProblem {
  const before = text.slice(0, error.position).split('\n');
  return new PatternSyntaxProblem(kind, before.length, before.at(-1)!.length + 1, error.message, text.includes('\n'));
}

/** A log event that is not JSON never reaches EventBridge as an event. */
const NOTHING: MatchResult = { verdict: 'no-match', reasons: [] };

/** A record that already is an EventBridge event stays as it is; a CloudTrail record gets its envelope. */
function eventOf(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return 'detail-type' in record && 'detail' in record ? record : cloudTrailEnvelope(record);
}

export interface RecordVerdict {
  event: string;
  verdict: Verdict;
  /** Why the verdict is uncertain; empty otherwise. */
  reasons: string[];
  /** With AWS as the oracle, trailwarden's engine's verdict where AWS's (`verdict`) differs from it. */
  engine?: Verdict;
}

/**
 * AWS's answers (`true`: match; `undefined`: not asked) decide: each verdict becomes AWS's, and
 * one that differed from the engine's keeps the engine's beside it, to be reported.
 */
export function decideByAws<V extends RecordVerdict>(verdicts: readonly V[], answers: readonly (boolean | undefined)[]): V[] {
  return verdicts.map((ours, index) => {
    const answer = answers[index];
    if (answer === undefined) return ours;
    const verdict: Verdict = answer ? 'match' : 'no-match';
    return verdict === ours.verdict ? ours : { ...ours, verdict, reasons: [], engine: ours.verdict };
  });
}

export function disagreements(verdicts: readonly RecordVerdict[]): RecordVerdict[] {
  return verdicts.filter((verdict) => verdict.engine !== undefined);
}

export interface ControlTest {
  required: RecordVerdict[];
  /** The control's near-misses: one the pattern matches makes it broader than needed, not failing. */
  nearMisses: RecordVerdict[];
}

/** The pattern against the required events (`positives`) and near-misses of a control's spec. */
export function testAgainstControl(tester: Tester, spec: MonitoringSpec): ControlTest {
  const verdictOf = (record: CorpusRecord): RecordVerdict => ({ event: record.summary, ...tester.corpus(record) });
  return { required: spec.positives.map(verdictOf), nearMisses: spec.negatives.map(verdictOf) };
}

/** The near-misses the pattern matches: broader than needed. */
export function alsoMatches(test: ControlTest): string[] {
  return test.nearMisses.filter(({ verdict }) => verdict === 'match').map(({ event }) => event);
}

/** Every required event matched: an uncertain verdict does not count, as in the scan. */
export function satisfies(test: ControlTest): boolean {
  return test.required.every(({ verdict }) => verdict === 'match');
}

export interface InputVerdict extends RecordVerdict {
  position: number;
}

export function testRecords(tester: Tester, records: readonly InputRecord[]): InputVerdict[] {
  return records.map((record) => ({ position: record.position, event: record.label, ...tester.input(record) }));
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * A CloudTrail log file (`{"Records": [...]}`) or JSON lines of CloudTrail records or CloudWatch
 * Logs log events (`{"message": "..."}`), gzipped or not (told by the bytes, not the name).
 */
export function readRecords(bytes: Buffer): InputRecord[] {
  const text = decompressed(bytes).toString('utf8');
  const whole = parseJson(text.trim());
  if (isObject(whole) && Array.isArray(whole['Records'])) {
    return whole['Records'].map((record: unknown, index) => {
      if (!isObject(record)) throw new RecordsFileProblem(`Records[${index}] is not a JSON object`);
      return fromRecord(record, index + 1);
    });
  }
  if (whole === undefined && /^\s*\{\s*"Records"/.test(text))
    throw new RecordsFileProblem('starts as a CloudTrail log file but is not valid JSON (truncated?)');
  const records: InputRecord[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const value = parseJson(line);
    if (!isObject(value))
      throw new RecordsFileProblem(`line ${index + 1} is not a JSON object (a CloudTrail record or a log event), nor is the file a CloudTrail log file`);
    records.push(typeof value['message'] === 'string' ? fromLogEvent(value['message'], index + 1) : fromRecord(value, index + 1));
  });
  if (records.length === 0) throw new RecordsFileProblem('holds no records');
  return records;
}

function decompressed(bytes: Buffer): Buffer {
  if (bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    // A truncated download is the usual cause: zlib says "unexpected end of file".
    throw new RecordsFileProblem(`is gzipped but cannot be decompressed (${(error as Error).message})`);
  }
}

function fromRecord(record: Record<string, unknown>, position: number): InputRecord {
  return { position, message: JSON.stringify(record), record, label: labelOf(record) };
}

function fromLogEvent(message: string, position: number): InputRecord {
  const parsed = parseJson(message);
  return isObject(parsed) ? { position, message, record: parsed, label: labelOf(parsed) } : { position, message, label: message.slice(0, 60) };
}

function labelOf(record: Record<string, unknown>): string {
  const detail = isObject(record['detail']) ? record['detail'] : record;
  const name = detail['eventName'];
  const source = detail['eventSource'];
  if (typeof name !== 'string') return '(no eventName)';
  return typeof source === 'string' ? `${source.split('.')[0]} ${name}` : name;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
