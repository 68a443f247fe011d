import { describe, expect, it } from 'vitest';
import { logFileValidation } from '../../../src/checks/cloudtrail/cloudtrail-4-log-file-validation.js';
import { evaluate, orgTrail, snapshotWith, trail } from '../fixtures.js';

describe('CloudTrail.4 log file validation', () => {
  it('passes or fails per trail', () => {
    const findings = evaluate(logFileValidation, snapshotWith({ trails: [trail(), trail({ name: 'legacy', logFileValidationEnabled: false })] }));
    expect(findings.map((f) => [f.status, f.reason])).toEqual([
      ['PASS', 'trail main: log file validation is enabled'],
      ['FAIL', 'trail legacy: log file validation is disabled'],
    ]);
  });

  it('evaluates a multi-Region trail once although every Region lists it', () => {
    const snapshot = snapshotWith();
    expect(snapshot.regionData.map((data) => data.trailArns)).toEqual([
      { ok: true, value: [trail().arn] },
      { ok: true, value: [trail().arn] },
    ]);
    expect(evaluate(logFileValidation, snapshot)).toHaveLength(1);
  });

  it('reports an organization trail under its owner', () => {
    const [result] = evaluate(logFileValidation, snapshotWith({ trails: [orgTrail({ logFileValidationEnabled: false })] }));
    expect(result).toMatchObject({ status: 'FAIL', resource: { arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail' } });
    expect(result!.reason).toContain('organization trail owned by 111111111111');
  });

  it('is not applicable without trails', () => {
    expect(evaluate(logFileValidation, snapshotWith({ trails: [] }))[0]!.status).toBe('NOT_APPLICABLE');
  });
});
