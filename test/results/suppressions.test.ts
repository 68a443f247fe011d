import { describe, expect, it } from 'vitest';
import { applySuppressions, suppressionNote } from '../../src/results/suppressions.js';
import { NOW, TRAIL_EU, TRAIL_MAIN, fixtureReport, result } from '../report/fixtures.js';

const fail = result('CloudTrail.1', 'FAIL', TRAIL_MAIN);
const otherFail = result('CloudTrail.1', 'FAIL', TRAIL_EU);

describe('applySuppressions', () => {
  it('suppresses every resource of a control when resource is absent or *', () => {
    for (const resource of [undefined, '*']) {
      const [a, b] = applySuppressions([fail, otherFail], [{ control: 'CloudTrail.1', reason: 'sandbox account', ...(resource ? { resource } : {}) }], NOW);
      expect(a?.suppressed).toEqual({ reason: 'sandbox account' });
      expect(b?.suppressed).toEqual({ reason: 'sandbox account' });
    }
  });

  it('suppresses only the named resource', () => {
    const [a, b] = applySuppressions([fail, otherFail], [{ control: 'CloudTrail.1', resource: TRAIL_EU, reason: 'region unused' }], NOW);
    expect(a?.suppressed).toBeUndefined();
    expect(b?.suppressed).toEqual({ reason: 'region unused' });
  });

  it('does not match another control', () => {
    const [a] = applySuppressions([fail], [{ control: 'CloudTrail.4', reason: 'x' }], NOW);
    expect(a?.suppressed).toBeUndefined();
  });

  it('suppresses ERROR but never PASS or NOT_APPLICABLE', () => {
    const results = [
      result('CloudTrail.1', 'ERROR', TRAIL_MAIN),
      result('CloudTrail.1', 'PASS', TRAIL_MAIN),
      result('CloudTrail.1', 'NOT_APPLICABLE', TRAIL_MAIN),
    ];
    const marked = applySuppressions(results, [{ control: 'CloudTrail.1', reason: 'x' }], NOW);
    expect(marked.map((r) => r.suppressed !== undefined)).toEqual([true, false, false]);
  });

  it('applies until the expiry and reports an expired one', () => {
    const suppression = { control: 'CloudTrail.1', reason: 'migration', expires: '2026-12-01T00:00:00.000Z' };
    const [live] = applySuppressions([fail], [suppression], new Date('2026-11-30T23:59:59Z'));
    expect(live?.suppressed).toEqual({ reason: 'migration', expires: '2026-12-01T00:00:00.000Z' });
    expect(live?.suppressionExpired).toBeUndefined();

    const [expired] = applySuppressions([fail], [suppression], new Date('2026-12-01T00:00:00Z'));
    expect(expired?.suppressed).toBeUndefined();
    expect(expired?.suppressionExpired).toEqual({ reason: 'migration', expires: '2026-12-01T00:00:00.000Z' });
    expect(suppressionNote(expired!)).toBe(' (suppression "migration" expired 2026-12-01)');
  });

  it('prefers a live suppression over an expired one, whatever their order', () => {
    const [a] = applySuppressions(
      [fail],
      [
        { control: 'CloudTrail.1', reason: 'old', expires: '2020-01-01T00:00:00.000Z' },
        { control: 'CloudTrail.1', reason: 'renewed', expires: '2030-01-01T00:00:00.000Z' },
      ],
      NOW,
    );
    expect(a?.suppressed?.reason).toBe('renewed');
    expect(a?.suppressionExpired).toBeUndefined();
  });
});

describe('suppressions in the report', () => {
  it('keeps suppressed results listed and counts them as SUPPRESSED, not failing', () => {
    const report = fixtureReport({ suppressions: [{ control: 'CloudTrail.4', reason: 'validation via S3 Object Lock' }] });
    const suppressed = report.results.filter((r) => r.suppressed);
    expect(suppressed.map((r) => [r.controlId, r.status])).toEqual([
      ['CloudTrail.4', 'ERROR'],
      ['CloudTrail.4', 'FAIL'],
    ]);
    expect(report.summary.byStatus).toMatchObject({ FAIL: 3, ERROR: 0, SUPPRESSED: 2 });
    expect(report.summary.failedBySeverity.MEDIUM).toBe(0);
  });

  it('counts a result again once its suppression expired', () => {
    const report = fixtureReport({ suppressions: [{ control: 'CloudTrail.4', reason: 'temporary', expires: '2026-11-01T00:00:00.000Z' }] });
    expect(report.summary.byStatus).toMatchObject({ FAIL: 4, ERROR: 1, SUPPRESSED: 0 });
    expect(report.results.filter((r) => r.suppressionExpired).map((r) => r.status)).toEqual(['ERROR', 'FAIL']);
  });
});
