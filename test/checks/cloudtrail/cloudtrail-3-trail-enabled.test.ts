import { describe, expect, it } from 'vitest';
import { trailEnabled } from '../../../src/checks/cloudtrail/cloudtrail-3-trail-enabled.js';
import { evaluate, failed, orgTrail, snapshotWith, trail, trailStatus, type SnapshotParts } from '../fixtures.js';

function onlyResult(parts: SnapshotParts) {
  const findings = evaluate(trailEnabled, snapshotWith(parts));
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

const stopped = (name: string) => trail({ name, status: trailStatus({ isLogging: false, stopLoggingTime: '2026-02-01T00:00:00.000Z' }) });

describe('CloudTrail.3 at least one trail logging', () => {
  it('passes when a trail is logging, single-Region ones included', () => {
    expect(onlyResult({ trails: [stopped('old'), trail({ name: 'regional', isMultiRegionTrail: false })] })).toMatchObject({
      status: 'PASS',
      reason: 'trail regional is logging',
    });
  });

  it('counts an organization trail', () => {
    expect(onlyResult({ trails: [orgTrail()] }).reason).toBe('trail org-trail (organization trail owned by 111111111111) is logging');
  });

  it('fails without any trail', () => {
    expect(onlyResult({ trails: [] })).toMatchObject({ status: 'FAIL', reason: 'the account has no trail' });
  });

  it('fails when no trail is logging, naming each', () => {
    const result = onlyResult({ trails: [stopped('a'), stopped('b')] });
    expect(result.status).toBe('FAIL');
    expect(result.reason).toBe(
      'no trail is logging: trail a is not logging since 2026-02-01T00:00:00.000Z; trail b is not logging since 2026-02-01T00:00:00.000Z',
    );
  });

  it('reports ERROR when the status of the only candidate could not be read', () => {
    const result = onlyResult({ trails: [stopped('a'), trail({ status: failed('cloudtrail:GetTrailStatus') })] });
    expect(result.status).toBe('ERROR');
    expect(result.reason).toContain('could not read the status of trail main');
  });

  it('reports ERROR when a Region could not be listed and no trail is known to log', () => {
    const result = onlyResult({ trails: [], trailListingFailures: ['eu-west-1'] });
    expect(result.status).toBe('ERROR');
    expect(result.reason).toMatch(/^could not read the trails of eu-west-1: cloudtrail:DescribeTrails in eu-west-1 failed with AccessDeniedException/);
  });

  it('passes despite an unlisted Region when a known trail logs', () => {
    expect(onlyResult({ trailListingFailures: ['eu-west-1'] }).status).toBe('PASS');
  });
});
