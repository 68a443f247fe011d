import { describe, expect, it } from 'vitest';
import { applyBaseline } from '../../src/results/baseline.js';
import { renderTable } from '../../src/report/table.js';
import { CONTROLS, TRAIL_EU, TRAIL_MAIN, TRAIL_ORG, fixtureReport, fixtureResults, result } from './fixtures.js';

const ESC = '\u001b[';

describe('renderTable', () => {
  const plain = renderTable(
    fixtureReport({ suppressions: [{ control: 'CloudWatch.1', reason: 'no CloudWatch Logs yet', expires: '2027-01-31T00:00:00.000Z' }] }),
    CONTROLS,
    {},
  );
  const lines = plain.trimEnd().split('\n');

  it('groups by control, in registry order, with severity and status counts', () => {
    const headers = lines.filter(
      (line) =>
        /^\S/.test(line) &&
        !line.startsWith('trailwarden') &&
        !line.startsWith('Summary') &&
        !line.startsWith('Skipped') &&
        !line.startsWith('Calls that failed'),
    );
    expect(headers).toEqual([
      `CloudTrail.1  HIGH  ${CONTROLS[0]!.title}`,
      `CloudTrail.4  MEDIUM  ${CONTROLS[1]!.title}`,
      `CloudWatch.1  LOW  ${CONTROLS[2]!.title}`,
      `TW.1  CRITICAL  ${CONTROLS[3]!.title}`,
    ]);
    expect(lines[lines.indexOf(headers[0]!) + 1]).toBe('  PASS 2 · FAIL 1');
    expect(lines[lines.indexOf(headers[1]!) + 1]).toBe('  FAIL 1 · ERROR 1');
  });

  it('lists failing, erroring and suppressed resources with their reasons, not passing ones', () => {
    expect(plain).toContain(`  FAIL        ${TRAIL_EU}: CloudTrail.1 fail on ${TRAIL_EU}`);
    expect(plain).toContain(`  ERROR       ${TRAIL_EU}: could not read trail status`);
    expect(plain).toContain('(suppressed: no CloudWatch Logs yet, until 2027-01-31)');
    expect(plain).not.toContain(`${TRAIL_ORG}:`);
  });

  it('lists the calls that failed during collection, with where and why', () => {
    const failed = lines.slice(lines.indexOf('Calls that failed (1)'));
    expect(failed[1]).toBe(`  AccessDenied  cloudtrail:GetTrailStatus (eu-west-1 ${TRAIL_EU}): not authorized`);
  });

  it('ends with the summary line', () => {
    expect(lines.at(-1)).toBe('Summary: 8 results (2 PASS, 3 FAIL, 1 ERROR, 1 NOT_APPLICABLE, 1 SUPPRESSED); failing: 1 CRITICAL, 1 HIGH, 1 MEDIUM');
    expect(plain).toContain('Skipped regions: ap-east-1 (not opted in)');
  });

  it('uses colour only when asked', () => {
    expect(plain).not.toContain(ESC);
    const coloured = renderTable(fixtureReport(), CONTROLS, { color: true });
    expect(coloured).toContain(`${ESC}31mFAIL`);
    // eslint-disable-next-line no-control-regex -- ESC starts the colour codes being stripped
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(renderTable(fixtureReport(), CONTROLS, { color: false }));
  });

  it('says when nothing fails', () => {
    const clean = renderTable(fixtureReport({ results: [result('CloudTrail.1', 'PASS', TRAIL_MAIN)] }), CONTROLS, {});
    expect(clean.trimEnd().split('\n').at(-1)).toMatch(/nothing failing$/);
  });

  it('with a baseline, lists only new failures and the resolved ones', () => {
    const previous = fixtureReport({
      results: fixtureResults()
        .filter((r) => r.controlId !== 'TW.1')
        .concat(result('CloudTrail.4', 'FAIL', TRAIL_ORG)),
    });
    const text = renderTable(applyBaseline(fixtureReport(), previous), CONTROLS, {});
    expect(text).toContain(`  FAIL (new)  ${TRAIL_MAIN}: trail main`);
    expect(text).not.toContain(`FAIL        ${TRAIL_EU}`);
    expect(text).toContain('  … and 1 failing resource(s) already in the baseline');
    expect(text).toContain(`  RESOLVED    CloudTrail.4  ${TRAIL_ORG}`);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/; since the baseline: 1 new, 3 unchanged, 1 resolved$/);
  });
});
