import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cloudtrailControls } from '../src/checks/cloudtrail/index.js';
import { dataEventControls } from '../src/checks/dataevents/index.js';
import { evaluateControls } from '../src/checks/engine.js';
import { logsControls } from '../src/checks/logs/index.js';
import { DEFAULT_CONFIG } from '../src/config/types.js';
import { loadSnapshot } from '../src/snapshot/io.js';

/** The example accounts of the README's first command. */
const EXAMPLES = { compliant: 'examples/compliant-account.json', insecure: 'examples/insecure-account.json' };
const controls = [...cloudtrailControls, ...logsControls, ...dataEventControls];

function resultsOf(path: string) {
  return evaluateControls(loadSnapshot(path), controls, { config: DEFAULT_CONFIG });
}

describe('example snapshots', () => {
  it.each(Object.values(EXAMPLES))('%s is a version 1 snapshot the loader accepts', (path) => {
    expect((JSON.parse(readFileSync(path, 'utf8')) as { snapshotVersion: unknown }).snapshotVersion).toBe(1);
    expect(() => loadSnapshot(path)).not.toThrow();
  });

  it('the compliant account passes the CloudTrail, logs and data-event controls', () => {
    const notPassing = resultsOf(EXAMPLES.compliant).filter((result) => result.status !== 'PASS' && result.status !== 'NOT_APPLICABLE');
    expect(notPassing).toEqual([]);
  });

  it('the compliant account holds what the monitoring examples build on', () => {
    const snapshot = loadSnapshot(EXAMPLES.compliant);
    expect(snapshot.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(snapshot.trails).toEqual([expect.objectContaining({ isMultiRegionTrail: true, cloudWatchLogsLogGroupArn: expect.stringContaining(':log-group:aws-cloudtrail-logs:') })]);
    expect(snapshot.logGroups).toEqual([expect.objectContaining({ region: 'us-east-1', name: 'aws-cloudtrail-logs', details: expect.objectContaining({ value: expect.objectContaining({ retentionInDays: 365 }) }) })]);
  });

  it('the insecure account fails most of them', () => {
    const failing = resultsOf(EXAMPLES.insecure).filter((result) => result.status === 'FAIL').map((result) => result.controlId);
    expect(failing).toEqual(['CloudTrail.1', 'CloudTrail.2', 'CloudTrail.3', 'CloudTrail.4', 'CloudTrail.5', 'CloudTrail.6', 'CloudTrail.7', 'TW.2', 'CloudWatch.16']);
  });
});
