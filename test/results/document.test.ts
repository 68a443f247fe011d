import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/results/document.js';
import { failsAt } from '../../src/results/exit-code.js';
import { applyBaseline } from '../../src/results/baseline.js';
import {
  ACCOUNT,
  ACCOUNT_RESOURCE,
  CONTROLS,
  LOG_GROUP,
  NOW,
  TRAIL_EU,
  TRAIL_MAIN,
  TRAIL_ORG,
  fixtureReport,
  fixtureResults,
  fixtureSnapshot,
  result,
} from '../report/fixtures.js';
import { reportValidator } from '../report/validators.js';

describe('buildReport', () => {
  it('produces a document valid against schemas/report.schema.json', () => {
    const validate = reportValidator();
    const report = fixtureReport({ regionFilter: ['us-east-1'], suppressions: [{ control: 'TW.1', reason: 'known', expires: '2027-01-01T00:00:00.000Z' }] });
    expect(validate(report), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // Through JSON, as a consumer reads it.
    expect(validate(JSON.parse(JSON.stringify(report)))).toBe(true);
  });

  it('carries the scan context', () => {
    const report = fixtureReport();
    expect(report).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'trailwarden', version: '0.1.0' },
      generatedAt: NOW.toISOString(),
      account: { id: ACCOUNT, partition: 'aws' },
      regions: ['eu-west-1', 'us-east-1'],
      regionFilter: null,
      skippedRegions: [{ region: 'ap-east-1', reason: 'not opted in' }],
      snapshotCollectedAt: '2026-11-23T09:59:00.000Z',
    });
    expect(report.collectionErrors).toHaveLength(1);
  });

  it('orders results by registry order, then by resource ARN', () => {
    const order = fixtureReport().results.map((r) => `${r.controlId} ${r.resource.arn}`);
    expect(order).toEqual([
      `CloudTrail.1 ${TRAIL_EU}`,
      `CloudTrail.1 ${TRAIL_MAIN}`,
      `CloudTrail.1 ${TRAIL_ORG}`,
      `CloudTrail.4 ${TRAIL_EU}`,
      `CloudTrail.4 ${TRAIL_MAIN}`,
      `CloudWatch.1 ${ACCOUNT_RESOURCE}`,
      `CloudWatch.1 ${LOG_GROUP}`,
      `TW.1 ${TRAIL_MAIN}`,
    ]);
  });

  it('gives the same document whatever order the engine produced results in', () => {
    const reversed = fixtureReport({ results: fixtureResults().reverse() });
    expect(reversed).toEqual(fixtureReport());
  });

  it('puts results of controls missing from the registry last', () => {
    const stray = { ...result('CloudTrail.1', 'FAIL', TRAIL_MAIN), controlId: 'Zz.9' };
    const report = fixtureReport({ results: [stray, ...fixtureResults()] });
    expect(report.results.at(-1)?.controlId).toBe('Zz.9');
  });

  it('summarizes by status and failing severity', () => {
    const report = fixtureReport({ suppressions: [{ control: 'TW.1', reason: 'accepted' }] });
    expect(report.summary).toEqual({
      total: 8,
      byStatus: { PASS: 2, FAIL: 3, ERROR: 1, NOT_APPLICABLE: 1, SUPPRESSED: 1 },
      failedBySeverity: { CRITICAL: 0, HIGH: 1, MEDIUM: 1, LOW: 1, INFORMATIONAL: 0 },
    });
  });

  it('sorts the region filter and does not change its inputs', () => {
    const snapshot = fixtureSnapshot();
    const results = fixtureResults();
    const before = JSON.stringify({ snapshot, results });
    const report = buildReport({
      snapshot,
      results,
      controls: CONTROLS,
      toolVersion: '1.0.0',
      suppressions: [],
      now: NOW,
      regionFilter: ['us-east-1', 'eu-west-1'],
    });
    expect(report.regionFilter).toEqual(['eu-west-1', 'us-east-1']);
    expect(JSON.stringify({ snapshot, results })).toBe(before);
  });
});

describe('failsAt (--fail-on)', () => {
  it('fails on a failing result at or above the threshold', () => {
    const report = fixtureReport(); // failing: CRITICAL, HIGH, MEDIUM, LOW
    expect(failsAt(report, 'CRITICAL')).toBe(true);
    const withoutCritical = fixtureReport({ suppressions: [{ control: 'TW.1', reason: 'accepted' }] });
    expect(failsAt(withoutCritical, 'CRITICAL')).toBe(false);
    expect(failsAt(withoutCritical, 'HIGH')).toBe(true);
  });

  it('ignores ERROR results', () => {
    const report = fixtureReport({ results: [result('CloudTrail.1', 'ERROR', TRAIL_MAIN)] });
    expect(failsAt(report, 'INFORMATIONAL')).toBe(false);
  });

  it('counts only new failures once a baseline is applied', () => {
    const previous = fixtureReport();
    const same = applyBaseline(fixtureReport(), previous);
    expect(failsAt(same, 'INFORMATIONAL')).toBe(false);
    const regressed = applyBaseline(fixtureReport({ results: [...fixtureResults(), result('CloudTrail.4', 'FAIL', TRAIL_ORG)] }), previous);
    expect(failsAt(regressed, 'MEDIUM')).toBe(true);
    expect(failsAt(regressed, 'HIGH')).toBe(false);
  });
});
