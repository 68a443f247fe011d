import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBaseline, BaselineError, loadBaseline, parseBaseline } from '../../src/results/baseline.js';
import { renderReport } from '../../src/report/index.js';
import { CONTROLS, LOG_GROUP, TRAIL_EU, TRAIL_MAIN, TRAIL_ORG, fixtureReport, fixtureResults, result } from '../report/fixtures.js';
import { reportValidator } from '../report/validators.js';

/** Previous scan: the fixture. Now: CloudTrail.1 on the EU trail fixed, CloudTrail.4 failing on the org trail. */
function compared() {
  const previous = parseBaseline(renderReport('json', fixtureReport(), CONTROLS), 'previous.json');
  const now = fixtureResults()
    .map((r) => (r.controlId === 'CloudTrail.1' && r.resource.arn === TRAIL_EU ? { ...r, status: 'PASS' as const } : r))
    .concat(result('CloudTrail.4', 'FAIL', TRAIL_ORG));
  return applyBaseline(fixtureReport({ results: now }), previous);
}

describe('applyBaseline', () => {
  it('classifies failing results as new or unchanged, and lists the resolved ones', () => {
    const report = compared();
    const states = report.results.filter((r) => r.baselineState).map((r) => `${r.baselineState} ${r.controlId} ${r.resource.arn}`);
    expect(states).toEqual([
      `unchanged CloudTrail.4 ${TRAIL_MAIN}`,
      `new CloudTrail.4 ${TRAIL_ORG}`,
      `unchanged CloudWatch.1 ${LOG_GROUP}`,
      `unchanged TW.1 ${TRAIL_MAIN}`,
    ]);
    expect(report.baseline?.resolved.map((r) => `${r.controlId} ${r.resource.arn}`)).toEqual([`CloudTrail.1 ${TRAIL_EU}`]);
    expect(report.baseline?.counts).toEqual({ new: 1, unchanged: 3, resolved: 1 });
    expect(report.baseline?.previousGeneratedAt).toBe('2026-11-23T10:00:00.000Z');
  });

  it('only marks failing results', () => {
    const report = compared();
    expect(report.results.filter((r) => r.status !== 'FAIL').every((r) => r.baselineState === undefined)).toBe(true);
  });

  it('treats a failure suppressed since the baseline as resolved', () => {
    const previous = fixtureReport();
    const report = applyBaseline(fixtureReport({ suppressions: [{ control: 'TW.1', reason: 'accepted' }] }), previous);
    expect(report.baseline?.resolved.map((r) => r.controlId)).toEqual(['TW.1']);
    expect(report.results.find((r) => r.controlId === 'TW.1')?.baselineState).toBeUndefined();
  });

  it('does not take the reason text into the identity', () => {
    const previous = fixtureReport();
    const reworded = fixtureResults().map((r) => ({ ...r, reason: `${r.reason} (reworded)` }));
    expect(applyBaseline(fixtureReport({ results: reworded }), previous).baseline?.counts).toEqual({ new: 0, unchanged: 4, resolved: 0 });
  });

  it("does not carry the previous report's baseline states into the resolved list", () => {
    const previous = compared();
    const report = applyBaseline(fixtureReport({ results: [] }), previous);
    expect(report.baseline?.resolved.every((r) => r.baselineState === undefined)).toBe(true);
  });

  it('produces a document valid against the schema', () => {
    const validate = reportValidator();
    expect(validate(compared()), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('refuses a baseline of another account', () => {
    const other = { ...fixtureReport(), account: { id: '444455556666', partition: 'aws' } };
    expect(() => applyBaseline(fixtureReport(), other)).toThrow(/account 444455556666.*account 111122223333/);
  });

  it('refuses a baseline of another benchmark: its requirements and controls differ, so its failures would read as new or resolved', () => {
    const against = (name: 'cis-1.4.0' | 'cis-5.0.0') => ({
      ...fixtureReport(),
      benchmark: {
        name,
        title: name,
        requirements: [],
        notInBenchmark: [],
        summary: { requirements: 0, passed: 0, failed: 0, error: 0, notCovered: 0, manualButChecked: 0 },
      },
    });
    expect(() => applyBaseline(against('cis-5.0.0'), against('cis-1.4.0'))).toThrow(
      'baseline is a report against cis-1.4.0, but this scan is against cis-5.0.0; compare reports of the same benchmark',
    );
    expect(() => applyBaseline(fixtureReport(), against('cis-5.0.0'))).toThrow('but this scan is without --benchmark');
    expect(() => applyBaseline(against('cis-5.0.0'), against('cis-5.0.0'))).not.toThrow();
  });
});

describe('loadBaseline / parseBaseline', () => {
  it('reads a report written by --format json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailwarden-baseline-'));
    const path = join(dir, 'previous.json');
    writeFileSync(path, renderReport('json', fixtureReport(), CONTROLS));
    expect(loadBaseline(path)).toEqual(fixtureReport());
  });

  it.each([
    ['not json', /not valid JSON/],
    ['[]', /not a trailwarden JSON report/],
    ['{"schemaVersion":2}', /schemaVersion 2.*version 1/],
    ['{"schemaVersion":1,"account":{},"generatedAt":"x","results":[]}', /no account.id/],
    ['{"schemaVersion":1,"account":{"id":"1"},"generatedAt":"x","results":[{"controlId":"A"}]}', /results\[0\] lacks/],
  ])('rejects %s', (text, message) => {
    expect(() => parseBaseline(text, 'b.json')).toThrow(BaselineError);
    expect(() => parseBaseline(text, 'b.json')).toThrow(message);
  });

  it('names a file it cannot read', () => {
    expect(() => loadBaseline('/nonexistent/previous.json')).toThrow(/cannot read baseline \/nonexistent\/previous.json: ENOENT/);
  });
});
