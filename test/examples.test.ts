import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateControls } from '../src/checks/engine.js';
import { eventMonitoringControls } from '../src/checks/monitoring/index.js';
import { BUILTIN_CONTROLS } from '../src/checks/registry.js';
import { DEFAULT_CONFIG } from '../src/config/types.js';
import { loadSnapshot } from '../src/snapshot/io.js';

/** The example accounts of the README's first command. */
const EXAMPLES = { compliant: 'examples/compliant-account.json', insecure: 'examples/insecure-account.json' };

function resultsOf(path: string) {
  return evaluateControls(loadSnapshot(path), BUILTIN_CONTROLS, { config: DEFAULT_CONFIG });
}

describe('example snapshots', () => {
  it.each(Object.values(EXAMPLES))('%s is a version 1 snapshot the loader accepts', (path) => {
    expect((JSON.parse(readFileSync(path, 'utf8')) as { snapshotVersion: unknown }).snapshotVersion).toBe(1);
    expect(() => loadSnapshot(path)).not.toThrow();
  });

  it('the compliant account passes every built-in control; only the data-event controls, with no resources named, do not apply', () => {
    const results = resultsOf(EXAMPLES.compliant);
    const notPassing = results.filter((result) => result.status !== 'PASS').map((result) => `${result.controlId} ${result.status}`);
    expect(notPassing).toEqual(['S3.22 NOT_APPLICABLE', 'S3.23 NOT_APPLICABLE', 'TW.3 NOT_APPLICABLE']);
    // Every control was evaluated, the monitoring ones on filters exactly as broad as CIS asks.
    expect(new Set(results.map((result) => result.controlId))).toEqual(new Set(BUILTIN_CONTROLS.map((control) => control.id)));
    expect(results.filter((result) => result.reason.includes('broader than needed'))).toEqual([]);
  });

  it('the compliant account holds what the monitoring examples build on', () => {
    const snapshot = loadSnapshot(EXAMPLES.compliant);
    expect(snapshot.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(snapshot.trails).toEqual([
      expect.objectContaining({ isMultiRegionTrail: true, cloudWatchLogsLogGroupArn: expect.stringContaining(':log-group:aws-cloudtrail-logs:') }),
    ]);
    expect(snapshot.logGroups).toEqual([
      expect.objectContaining({
        region: 'us-east-1',
        name: 'aws-cloudtrail-logs',
        details: expect.objectContaining({ value: expect.objectContaining({ retentionInDays: 365 }) }),
      }),
    ]);
  });

  it('the insecure account fails the trail, bucket, log and monitoring controls', () => {
    const results = resultsOf(EXAMPLES.insecure);
    const failing = [...new Set(results.filter((result) => result.status === 'FAIL').map((result) => result.controlId))];
    expect(failing).toEqual([
      'CloudTrail.1',
      'CloudTrail.2',
      'CloudTrail.3',
      'CloudTrail.4',
      'CloudTrail.5',
      'CloudTrail.6',
      'CloudTrail.7',
      'CloudTrail.9',
      'CloudTrail.10',
      'TW.2',
      'TW.4',
      'TW.5',
      'CloudWatch.16',
      ...eventMonitoringControls.map((control) => control.id),
      'CloudWatch.15',
      'CloudWatch.17',
    ]);
    expect(results.filter((result) => result.status === 'ERROR')).toEqual([]);
    // The monitoring findings the README's first command shows.
    const reasonOf = (controlId: string) =>
      results.filter((result) => result.controlId === controlId && result.status === 'FAIL').map((result) => result.reason);
    expect(reasonOf('CloudWatch.4')).toEqual([expect.stringContaining('rule iam-policy-changes in eu-west-1 matches')]);
    expect(reasonOf('CloudWatch.15')).toEqual([expect.stringContaining('alarm RootAccountUsageAlarm has no alarm action')]);
    expect(reasonOf('CloudWatch.17')).toEqual([expect.stringContaining('alarm IAMPolicyChangesAlarm has its actions deactivated')]);
  });
});
