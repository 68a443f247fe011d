import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/checks/types.js';
import { applyBaseline } from '../../src/results/baseline.js';
import type { ReportDocument } from '../../src/results/document.js';
import type { RenderOptions } from '../../src/report/format.js';
import { automationId, FINGERPRINT_KEY, MAX_SARIF_RESULTS, renderSarif, resourceUri } from '../../src/report/sarif.js';
import { ACCOUNT, ACCOUNT_RESOURCE, BUCKET, CONTROLS, LOG_GROUP, TRAIL_EU, TRAIL_MAIN, TRAIL_ORG, fixtureReport, fixtureResults, result } from './fixtures.js';
import { sarifValidator } from './validators.js';

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string }[] }[];
  partialFingerprints: Record<string, string>;
  baselineState?: string;
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  properties: { 'security-severity': string; precision: string; tags: string[] };
}
interface SarifRun {
  tool: { driver: { name: string; rules: SarifRule[] } };
  automationDetails: { id: string };
  invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[];
  results: SarifResult[];
}

function sarif(report: ReportDocument, options: RenderOptions = {}): { log: { version: string; runs: SarifRun[] }; run: SarifRun } {
  const log = JSON.parse(renderSarif(report, CONTROLS, options)) as { version: string; runs: SarifRun[] };
  return { log, run: log.runs[0]! };
}

function fingerprints(report: ReportDocument): Map<string, string> {
  return new Map(
    sarif(report).run.results.map((r) => [`${r.ruleId} ${r.locations[0]!.logicalLocations[0]!.fullyQualifiedName}`, r.partialFingerprints[FINGERPRINT_KEY]!]),
  );
}

describe('renderSarif', () => {
  it('is valid against the official SARIF 2.1.0 schema', () => {
    const validate = sarifValidator();
    for (const options of [{}, { includeErrors: true }]) {
      const { log } = sarif(fixtureReport({ suppressions: [{ control: 'TW.1', reason: 'x', expires: '2020-01-01T00:00:00.000Z' }] }), options);
      expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    }
    const validBaseline = validate(sarif(applyBaseline(fixtureReport(), fixtureReport())).log);
    expect(validBaseline, JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('has one rule per control, with what GitHub shows', () => {
    const { run } = sarif(fixtureReport());
    expect(run.tool.driver.name).toBe('trailwarden');
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(CONTROLS.map((c) => c.id));
    const [trail] = run.tool.driver.rules;
    expect(trail).toMatchObject({
      name: 'CloudTrailIsEnabledAndRecordsManagementEventsInAllRegions',
      shortDescription: { text: CONTROLS[0]!.title },
      fullDescription: { text: CONTROLS[0]!.rationale },
      properties: {
        'security-severity': '8.0',
        precision: 'very-high',
        tags: ['security', 'CIS-1.2.0-2.1', 'CIS-1.4.0-3.1', 'CIS-3.0.0-3.1', 'SecurityHub-CloudTrail.1'],
      },
    });
    expect(trail!.help.text).toContain(CONTROLS[0]!.remediation);
    expect(trail!.help.markdown).toContain(`## Remediation\n\n${CONTROLS[0]!.remediation}`);
    expect(trail!.help.markdown).toContain(CONTROLS[0]!.rationale);
    expect(run.tool.driver.rules.map((r) => r.properties['security-severity'])).toEqual(['8.0', '5.5', '3.0', '9.5']);
    expect(run.tool.driver.rules[3]!.properties.tags).toEqual(['security']);
  });

  it('reports failing results only, with a level from the severity', () => {
    const { run } = sarif(fixtureReport({ suppressions: [{ control: 'CloudWatch.1', reason: 'accepted' }] }));
    expect(run.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['CloudTrail.1', 'error'],
      ['CloudTrail.4', 'warning'],
      ['TW.1', 'error'],
    ]);
    const [first] = run.results;
    expect(first!.message.text).toBe(`${TRAIL_EU}: CloudTrail.1 fail on ${TRAIL_EU}`);
    expect(first!.ruleIndex).toBe(0);
  });

  it('adds ERROR results with includeErrors', () => {
    const { run } = sarif(fixtureReport(), { includeErrors: true });
    expect(run.results.filter((r) => r.message.text.includes('could not read'))).toHaveLength(1);
  });

  it('gives every result a location GitHub accepts for a cloud resource', () => {
    const { run } = sarif(fixtureReport());
    for (const r of run.results) {
      const { uri } = r.locations[0]!.physicalLocation.artifactLocation;
      expect(uri).toMatch(/^aws\/111122223333\//);
      expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i); // no scheme: GitHub wants a repository-relative path
      expect(r.locations[0]!.physicalLocation.region.startLine).toBe(1);
    }
  });

  it('names a per-account, per-region-set category', () => {
    expect(sarif(fixtureReport()).run.automationDetails.id).toBe(`trailwarden/${ACCOUNT}/all/`);
    const some = automationId(fixtureReport({ regionFilter: ['us-east-1', 'eu-west-1'] }));
    expect(some).toMatch(/^trailwarden\/111122223333\/[0-9a-f]{12}\/$/);
    expect(automationId(fixtureReport({ regionFilter: ['eu-west-1', 'us-east-1'] }))).toBe(some);
    expect(automationId(fixtureReport({ regionFilter: ['us-east-1'] }))).not.toBe(some);
  });

  it('marks baseline states', () => {
    const previous = fixtureReport({ results: fixtureResults().filter((r) => r.controlId !== 'TW.1') });
    const { run } = sarif(applyBaseline(fixtureReport(), previous));
    expect(run.results.map((r) => [r.ruleId, r.baselineState])).toEqual([
      ['CloudTrail.1', 'unchanged'],
      ['CloudTrail.4', 'unchanged'],
      ['CloudWatch.1', 'unchanged'],
      ['TW.1', 'new'],
    ]);
  });
});

describe('SARIF fingerprints', () => {
  const before = fingerprints(fixtureReport());

  it('are unique per control and resource', () => {
    expect(new Set(before.values()).size).toBe(before.size);
  });

  it('do not change when an unrelated resource is added', () => {
    const more: Result[] = [
      ...fixtureResults(),
      result('CloudTrail.1', 'FAIL', TRAIL_ORG),
      result('CloudTrail.4', 'FAIL', 'arn:aws:cloudtrail:us-west-2:111122223333:trail/new'),
    ];
    const after = fingerprints(fixtureReport({ results: more }));
    expect(after.size).toBe(before.size + 2);
    for (const [key, fingerprint] of before) expect(after.get(key)).toBe(fingerprint);
  });

  it('do not change when the reason text changes', () => {
    const reworded = fixtureResults().map((r) => ({ ...r, reason: `${r.reason}, now worded differently` }));
    expect(fingerprints(fixtureReport({ results: reworded }))).toEqual(before);
  });

  it('do not change with the region set or tool version', () => {
    const other = { ...fixtureReport({ regionFilter: ['us-east-1'] }), tool: { name: 'trailwarden' as const, version: '9.9.9' } };
    expect(fingerprints(other)).toEqual(before);
  });
});

describe('resourceUri', () => {
  const uri = (arn: string) => resourceUri({ ...result('CloudTrail.1', 'FAIL', arn) });

  it('builds aws/<account>/<region>/<service>/<resource>', () => {
    expect(uri(TRAIL_MAIN)).toBe('aws/111122223333/us-east-1/cloudtrail/trail/main');
    expect(uri(LOG_GROUP)).toBe('aws/111122223333/us-east-1/logs/log-group/aws/cloudtrail/main');
    expect(uri(BUCKET)).toBe('aws/111122223333/global/s3/trail-logs-111122223333');
  });

  it('files a resource of another account under the scanned account', () => {
    expect(uri(TRAIL_ORG)).toBe('aws/111122223333/us-east-1/cloudtrail/trail/org-trail');
  });

  it('names the account itself for account-level controls', () => {
    expect(uri(ACCOUNT_RESOURCE)).toBe('aws/111122223333/global/account');
  });

  it('handles other identifiers that are not ARNs, and escapes what a path cannot hold', () => {
    const bare = { ...result('CloudTrail.1', 'FAIL', TRAIL_MAIN), resource: { arn: 'sg-0123:abc', type: 'AwsEc2SecurityGroup', region: 'eu-west-1' } };
    expect(resourceUri(bare)).toBe('aws/111122223333/eu-west-1/AwsEc2SecurityGroup/sg-0123/abc');
    expect(uri(`arn:aws:sns:us-east-1:${ACCOUNT}:alerts topic#1`)).toBe('aws/111122223333/us-east-1/sns/alerts%20topic%231');
  });
});

describe('the 25,000-result limit', () => {
  it('keeps the most severe results and says how many were left out', () => {
    const many: Result[] = [];
    for (let i = 0; i < MAX_SARIF_RESULTS; i += 1) many.push(result('CloudWatch.1', 'FAIL', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:g${i}`));
    many.push(result('TW.1', 'FAIL', TRAIL_MAIN), result('CloudTrail.4', 'FAIL', TRAIL_EU));
    const { run } = sarif(fixtureReport({ results: many }));
    expect(run.results).toHaveLength(MAX_SARIF_RESULTS);
    expect(run.results[0]!.ruleId).toBe('TW.1');
    expect(run.results.filter((r) => r.ruleId === 'CloudTrail.4')).toHaveLength(1);
    expect(run.results.filter((r) => r.ruleId === 'CloudWatch.1')).toHaveLength(MAX_SARIF_RESULTS - 2);
    const texts = run.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text);
    expect(texts[0]).toMatch(/^2 of the least severe results were left out/);
  });

  it('reports failed AWS calls as a tool notification', () => {
    const texts = sarif(fixtureReport()).run.invocations[0]!.toolExecutionNotifications.map((n) => n.message.text);
    expect(texts).toEqual([expect.stringMatching(/^1 AWS call\(s\) failed, e\.g\. cloudtrail:GetTrailStatus in eu-west-1: AccessDenied/)]);
  });
});
