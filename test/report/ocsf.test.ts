/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call -- an OCSF finding is a deep JSON document: the schema validator checks its shape, the assertions read it loosely */
import { describe, expect, it } from 'vitest';
import { renderOcsf, toOcsfFindings } from '../../src/report/ocsf.js';
import { FINGERPRINT_KEY, renderSarif } from '../../src/report/sarif.js';
import { CONTROLS as BUILTIN, exampleOrganizationReport, exampleReport } from '../../scripts/example-reports.js';
import { CONTROLS, fixtureReport } from './fixtures.js';
import { ocsfComplianceFindingValidator } from './validators.js';

type Finding = Record<string, any>;

describe('OCSF Compliance Findings (--format ocsf)', () => {
  const validate = ocsfComplianceFindingValidator();
  const examples = {
    insecure: exampleReport('insecure'),
    compliant: exampleReport('compliant'),
    organization: exampleOrganizationReport(3),
  };

  it.each(Object.entries(examples))('the %s example validates against the OCSF 1.8.0 schema, one finding per result', (_name, report) => {
    const findings = JSON.parse(renderOcsf(report, BUILTIN, {})) as Finding[];
    expect(findings).toHaveLength(report.results.length);
    for (const finding of findings) expect(validate(finding), JSON.stringify(validate.errors)).toBe(true);
    // The schema does check: a finding of another class, or without its required compliance object, fails.
    expect(validate({ ...findings[0], class_uid: 2004 })).toBe(false);
    expect(validate({ ...findings[0], compliance: undefined })).toBe(false);
    expect(new Set(findings.map((finding) => finding.finding_info.uid)).size).toBe(findings.length);
  });

  it('gives each finding the SARIF fingerprint as its uid, the same in every run', () => {
    const report = examples.insecure;
    const uids = toOcsfFindings(report, BUILTIN).map((finding: Finding) => finding.finding_info.uid);
    const later = toOcsfFindings({ ...exampleReport('insecure'), generatedAt: '2027-01-01T00:00:00.000Z' }, BUILTIN).map(
      (finding: Finding) => finding.finding_info.uid,
    );
    expect(later).toEqual(uids);
    const sarif = JSON.parse(renderSarif(report, BUILTIN, {})) as { runs: [{ results: { ruleId: string; partialFingerprints: Record<string, string> }[] }] };
    const fingerprints = sarif.runs[0].results.map((result) => result.partialFingerprints[FINGERPRINT_KEY]);
    expect(fingerprints.length).toBeGreaterThan(0);
    expect(uids).toEqual(expect.arrayContaining(fingerprints));
  });

  it('maps status, severity, control, resource, account and Region to OCSF fields', () => {
    const findings = toOcsfFindings(fixtureReport({ suppressions: [{ control: 'TW.1', reason: 'accepted risk' }] }), CONTROLS) as Finding[];
    const failing = findings.find((finding) => finding.compliance.control === 'CloudTrail.1' && finding.compliance.status === 'Fail')!;
    expect(failing).toMatchObject({
      class_uid: 2003,
      category_uid: 2,
      type_uid: 200301,
      activity_id: 1,
      severity_id: 4,
      severity: 'High',
      status_id: 1,
      is_alert: true,
      time: Date.parse('2026-11-23T10:00:00.000Z'),
      compliance: {
        status_id: 3,
        standards: ['CIS AWS Foundations Benchmark v1.2.0', 'CIS AWS Foundations Benchmark v1.4.0', 'CIS AWS Foundations Benchmark v3.0.0'],
        requirements: ['CIS AWS Foundations Benchmark v1.2.0/2.1', 'CIS AWS Foundations Benchmark v1.4.0/3.1', 'CIS AWS Foundations Benchmark v3.0.0/3.1'],
      },
      cloud: { provider: 'AWS', account: { uid: '111122223333', type_id: 10 }, region: 'eu-west-1' },
      resources: [{ uid: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/eu', region: 'eu-west-1' }],
      unmapped: { trailwarden: { status: 'FAIL', securityHubControlId: 'CloudTrail.1' } },
    });
    const suppressed = findings.find((finding) => finding.compliance.control === 'TW.1')!;
    expect(suppressed).toMatchObject({
      status_id: 3,
      status: 'Suppressed',
      is_alert: false,
      unmapped: { trailwarden: { suppressed: { reason: 'accepted risk' } } },
    });
    expect(suppressed.message).toContain('accepted risk');
    expect(findings.find((finding) => finding.status_code === 'PASS')).toMatchObject({ status_id: 4, compliance: { status_id: 1 } });
    expect(findings.find((finding) => finding.status_code === 'NOT_APPLICABLE')).toMatchObject({ status_id: 5, compliance: { status_id: 99 } });
  });

  it("puts the failed call of an ERROR in OCSF API evidence, and the control's evidence in evidence data", () => {
    const findings = toOcsfFindings(fixtureReport(), CONTROLS) as Finding[];
    const error = findings.find((finding) => finding.status_code === 'ERROR')!;
    expect(error.compliance.status_id).toBe(0);
    expect(error.evidences).toEqual([
      {
        name: 'failed AWS call',
        api: { operation: 'GetTrailStatus', service: { name: 'cloudtrail' }, response: { error: 'AccessDenied', error_message: 'not authorized' } },
        data: { region: 'eu-west-1' },
      },
    ]);
    const chain = (toOcsfFindings(examples.compliant, BUILTIN) as Finding[]).find((finding) => finding.compliance.control === 'CloudWatch.1')!;
    expect(chain.evidences[0].data).toMatchObject({ path: 'metric-filter', chain: { metricFilter: 'RootAccountUsage', confirmedSubscriptions: 1 } });
    expect(chain.evidences[0].resources.map((resource: Finding) => [resource.type, resource.uid, resource.labels])).toEqual([
      ['Trail', 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events', ['holds']],
      ['Log group', 'aws-cloudtrail-logs', ['holds']],
      ['Metric filter', 'RootAccountUsage', ['holds']],
      ['Alarm', 'RootAccountUsageAlarm', ['holds']],
      ['SNS topic', 'arn:aws:sns:us-east-1:123456789012:security-alerts', ['holds']],
    ]);
    const broken = (toOcsfFindings(examples.insecure, BUILTIN) as Finding[]).find((finding) => finding.compliance.control === 'CloudWatch.1')!;
    expect(broken.evidences[0].resources).toEqual([{ uid: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/default', type: 'Trail', labels: ['broken'] }]);
  });

  it('names the account of each finding in an organization', () => {
    const findings = toOcsfFindings(examples.organization, BUILTIN) as Finding[];
    expect(new Set(findings.map((finding) => `${finding.cloud.account.uid} ${finding.cloud.account.name}`))).toEqual(
      new Set(['123456789012 management', '100000001111 workload-001', '100000002222 workload-002']),
    );
  });
});
