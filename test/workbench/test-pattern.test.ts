import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { eventMonitoringControls } from '../../src/checks/monitoring/index.js';
import {
  alsoMatches,
  compilePattern,
  decideByAws,
  disagreements,
  detectKind,
  PatternSyntaxProblem,
  readRecords,
  RecordsFileProblem,
  satisfies,
  testAgainstControl,
  testRecords,
} from '../../src/workbench/test-pattern.js';

const cloudWatch4 = eventMonitoringControls.find((control) => control.id === 'CloudWatch.4')!;
const LOG_FILE = readFileSync(join(import.meta.dirname, 'data', 'cloudtrail-log.json'));
/** An EventBridge rule for the IAM policy events, as a user writes it. */
const IAM_RULE = JSON.stringify({
  source: ['aws.iam'],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: { eventName: [...cloudWatch4.spec.positives.map((record) => record.eventName)] },
});

describe('test-pattern: which kind of pattern', () => {
  it('a JSON object is an EventBridge pattern; a filter JSON pattern is not JSON', () => {
    expect(detectKind(IAM_RULE)).toBe('eventbridge');
    expect(detectKind(cloudWatch4.spec.filterPattern)).toBe('filter');
    expect(detectKind('ERROR')).toBe('filter');
    expect(detectKind('"ERROR"')).toBe('filter');
  });
});

describe("test-pattern against a control's required events", () => {
  it('the CIS filter matches every required event of its control', () => {
    const result = testAgainstControl(compilePattern(cloudWatch4.spec.filterPattern, 'filter'), cloudWatch4.spec);
    expect(satisfies(result)).toBe(true);
    expect(result.required).toHaveLength(16);
    expect(alsoMatches(result)).toEqual([]);
  });

  it('an EventBridge rule for the IAM events matches them all, through the envelope the scan builds', () => {
    const result = testAgainstControl(compilePattern(IAM_RULE, 'eventbridge'), cloudWatch4.spec);
    expect(satisfies(result)).toBe(true);
  });

  it('lists what a narrower filter misses', () => {
    const result = testAgainstControl(compilePattern('{ ($.eventName = PutRolePolicy) || ($.eventName = GetPolicy) }', 'filter'), cloudWatch4.spec);
    expect(satisfies(result)).toBe(false);
    expect(result.required.filter(({ verdict }) => verdict === 'match').map(({ event }) => event)).toEqual(['PutRolePolicy']);
    expect(result.required.find(({ event }) => event === 'DeleteRolePolicy')?.verdict).toBe('no-match');
    // GetPolicy is a near-miss of CloudWatch.4: matching it is broader than needed.
    expect(alsoMatches(result).length).toBeGreaterThan(0);
  });
});

describe('test-pattern: syntax errors point at the column', () => {
  it('of a filter pattern', () => {
    expect(() => compilePattern('{ $.eventName = }', 'filter')).toThrow(PatternSyntaxProblem);
    expect(() => compilePattern('{ $.eventName = }', 'filter')).toThrow(/^filter pattern syntax error at column 17: /);
  });

  it('of an EventBridge pattern across lines', () => {
    expect(() => compilePattern('{\n  "source": "aws.iam"\n}', 'eventbridge')).toThrow(/^EventBridge pattern syntax error at line 2, column \d+: /);
  });
});

describe('test-pattern against a file of records', () => {
  const filter = compilePattern(cloudWatch4.spec.filterPattern, 'filter');
  const rule = compilePattern(IAM_RULE, 'eventbridge');

  it('reads a CloudTrail log file, plain or gzipped, and gives each record its verdict', () => {
    const plain = readRecords(LOG_FILE);
    expect(readRecords(gzipSync(LOG_FILE))).toEqual(plain);
    const expected = [
      { position: 1, event: 'iam PutRolePolicy', verdict: 'match' },
      { position: 2, event: 'iam GetPolicy', verdict: 'no-match' },
      { position: 3, event: 's3 PutBucketPolicy', verdict: 'no-match' },
      { position: 4, event: 'iam AttachUserPolicy', verdict: 'match' },
    ];
    for (const tester of [filter, rule]) {
      expect(testRecords(tester, plain).map(({ position, event, verdict }) => ({ position, event, verdict }))).toEqual(expected);
    }
  });

  it('reads JSON lines of CloudTrail records and of CloudWatch Logs log events', () => {
    const records = (JSON.parse(LOG_FILE.toString('utf8')) as { Records: Record<string, unknown>[] }).Records;
    const lines = [
      JSON.stringify(records[0]),
      '',
      JSON.stringify({ timestamp: 1, message: JSON.stringify(records[1]) }),
      JSON.stringify({ message: 'not json' }),
    ];
    const verdicts = testRecords(filter, readRecords(Buffer.from(lines.join('\n'))));
    expect(verdicts.map(({ position, event, verdict }) => [position, event, verdict])).toEqual([
      [1, 'iam PutRolePolicy', 'match'],
      [3, 'iam GetPolicy', 'no-match'],
      [4, 'not json', 'no-match'],
    ]);
  });

  it('refuses a truncated log file, plain or gzipped, and a line that is not a record', () => {
    const truncated = LOG_FILE.subarray(0, LOG_FILE.length / 2);
    expect(() => readRecords(truncated)).toThrow(new RecordsFileProblem('starts as a CloudTrail log file but is not valid JSON (truncated?)'));
    const gzipped = gzipSync(LOG_FILE);
    expect(() => readRecords(gzipped.subarray(0, gzipped.length - 20))).toThrow(/^is gzipped but cannot be decompressed \(unexpected end of file\)$/);
    expect(() => readRecords(Buffer.from('{"eventName":"A"}\n[1]\n'))).toThrow(/^line 2 is not a JSON object/);
    expect(() => readRecords(Buffer.from('\n'))).toThrow('holds no records');
  });
});

describe('test-pattern --with-aws: AWS decides', () => {
  it("takes AWS's answer and keeps the engine's where they differ", () => {
    const ours = [
      { event: 'A', verdict: 'match' as const, reasons: [] },
      { event: 'B', verdict: 'uncertain' as const, reasons: ['why'] },
      { event: 'C', verdict: 'no-match' as const, reasons: [] },
      { event: 'D', verdict: 'no-match' as const, reasons: [] },
    ];
    const decided = decideByAws(ours, [true, false, true, undefined]);
    expect(decided).toEqual([
      { event: 'A', verdict: 'match', reasons: [] },
      { event: 'B', verdict: 'no-match', reasons: [], engine: 'uncertain' },
      { event: 'C', verdict: 'match', reasons: [], engine: 'no-match' },
      { event: 'D', verdict: 'no-match', reasons: [] },
    ]);
    expect(disagreements(decided).map(({ event }) => event)).toEqual(['B', 'C']);
  });
});
