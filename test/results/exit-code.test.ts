import { describe, expect, it } from 'vitest';
import { applyBaseline } from '../../src/results/baseline.js';
import { scanFails } from '../../src/results/exit-code.js';
import { TRAIL_MAIN, TRAIL_ORG, fixtureReport, fixtureResults, result } from '../report/fixtures.js';

describe('scanFails (the exit status of scan)', () => {
  it('fails on failing results at or above --fail-on, never with none', () => {
    const report = fixtureReport(); // failing: CRITICAL, HIGH, MEDIUM, LOW
    expect(scanFails(report, 'CRITICAL', false)).toBe(true);
    expect(scanFails(report, 'none', false)).toBe(false);
    const lowOnly = fixtureReport({ results: [result('CloudWatch.1', 'FAIL', TRAIL_MAIN)] }); // LOW
    expect(scanFails(lowOnly, 'LOW', false)).toBe(true);
    expect(scanFails(lowOnly, 'MEDIUM', false)).toBe(false);
  });

  it('fails on ERROR results only with --fail-on-error, even with --fail-on none', () => {
    const report = fixtureReport({ results: [result('CloudTrail.1', 'ERROR', TRAIL_MAIN)] });
    expect(scanFails(report, 'INFORMATIONAL', false)).toBe(false);
    expect(scanFails(report, 'INFORMATIONAL', true)).toBe(true);
    expect(scanFails(report, 'none', true)).toBe(true);
  });

  it('ignores suppressed failures and, with a baseline, unchanged ones', () => {
    expect(
      scanFails(fixtureReport({ suppressions: fixtureResults().map((r) => ({ control: r.controlId, reason: 'accepted' })) }), 'INFORMATIONAL', false),
    ).toBe(false);
    const previous = fixtureReport();
    expect(scanFails(applyBaseline(fixtureReport(), previous), 'INFORMATIONAL', false)).toBe(false);
    const regressed = applyBaseline(fixtureReport({ results: [...fixtureResults(), result('CloudTrail.4', 'FAIL', TRAIL_ORG)] }), previous);
    expect(scanFails(regressed, 'INFORMATIONAL', false)).toBe(true);
  });
});
