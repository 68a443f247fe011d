import { describe, expect, it } from 'vitest';
import { ASFF_TYPE, renderAsff, toAsffFindings } from '../../src/report/asff.js';
import { ACCOUNT, ACCOUNT_RESOURCE, CONTROLS, TRAIL_EU, TRAIL_MAIN, fixtureReport, fixtureResults, result } from './fixtures.js';

/** The attributes BatchImportFindings requires of every finding. */
const REQUIRED = [
  'SchemaVersion',
  'Id',
  'ProductArn',
  'GeneratorId',
  'AwsAccountId',
  'Types',
  'CreatedAt',
  'UpdatedAt',
  'Severity',
  'Title',
  'Description',
  'Resources',
] as const;

function findings(options = {}, report = fixtureReport()) {
  return toAsffFindings(report, CONTROLS, { securityHubRegion: 'eu-west-1', ...options });
}

function findingOf(controlId: string, arn: string, list = findings()) {
  return list.find((f) => f.GeneratorId === `trailwarden/${controlId}` && f.Resources?.[0]?.Id === arn)!;
}

describe('toAsffFindings', () => {
  it('fills every required attribute', () => {
    for (const finding of findings({ includeErrors: true })) {
      for (const field of REQUIRED) expect(finding[field], `${finding.Id}: ${field}`).toBeDefined();
      expect(finding.Resources).toHaveLength(1);
    }
  });

  it('describes a failing trail', () => {
    expect(findingOf('CloudTrail.1', TRAIL_EU)).toMatchObject({
      SchemaVersion: '2018-10-08',
      ProductArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/default`,
      ProductName: 'trailwarden',
      GeneratorId: 'trailwarden/CloudTrail.1',
      AwsAccountId: ACCOUNT,
      Types: [ASFF_TYPE],
      CreatedAt: '2026-11-23T10:00:00.000Z',
      UpdatedAt: '2026-11-23T10:00:00.000Z',
      Severity: { Label: 'HIGH' },
      FindingProviderFields: { Severity: { Label: 'HIGH' }, Types: [ASFF_TYPE] },
      Title: `CloudTrail.1 ${CONTROLS[0]!.title}`,
      Description: `CloudTrail.1 fail on ${TRAIL_EU}`,
      Remediation: { Recommendation: { Text: CONTROLS[0]!.remediation } },
      ProductFields: { 'trailwarden/ControlId': 'CloudTrail.1', 'trailwarden/Status': 'FAIL', 'trailwarden/SecurityHubControlId': 'CloudTrail.1' },
      Resources: [{ Type: 'AwsCloudTrailTrail', Id: TRAIL_EU, Partition: 'aws', Region: 'eu-west-1' }],
      Compliance: {
        Status: 'FAILED',
        RelatedRequirements: [
          'CIS AWS Foundations Benchmark v1.2.0/2.1',
          'CIS AWS Foundations Benchmark v1.4.0/3.1',
          'CIS AWS Foundations Benchmark v3.0.0/3.1',
        ],
        // Security Hub's own IDs: CIS 1.2.0 is a ruleset, the later versions standards.
        AssociatedStandards: [
          { StandardsId: 'ruleset/cis-aws-foundations-benchmark/v/1.2.0' },
          { StandardsId: 'standards/cis-aws-foundations-benchmark/v/1.4.0' },
          { StandardsId: 'standards/cis-aws-foundations-benchmark/v/3.0.0' },
        ],
      },
      Workflow: { Status: 'NEW' },
      RecordState: 'ACTIVE',
    });
    expect(findingOf('CloudTrail.1', TRAIL_EU).Id).toMatch(/^trailwarden\/CloudTrail\.1\/[0-9a-f]{64}$/);
  });

  it('maps statuses to compliance, workflow and record state', () => {
    const list = findings({ includeErrors: true }, fixtureReport({ suppressions: [{ control: 'TW.1', reason: 'accepted risk' }] }));
    const state = (controlId: string, arn: string) => {
      const f = findingOf(controlId, arn, list);
      return [f.Compliance?.Status, f.Workflow?.Status, f.RecordState];
    };
    expect(state('CloudTrail.1', TRAIL_MAIN)).toEqual(['PASSED', 'RESOLVED', 'ACTIVE']);
    expect(state('CloudTrail.4', TRAIL_MAIN)).toEqual(['FAILED', 'NEW', 'ACTIVE']);
    expect(state('CloudTrail.4', TRAIL_EU)).toEqual(['NOT_AVAILABLE', 'NEW', 'ACTIVE']);
    expect(state('CloudWatch.1', ACCOUNT_RESOURCE)).toEqual(['NOT_AVAILABLE', 'NEW', 'ARCHIVED']);
    expect(state('TW.1', TRAIL_MAIN)).toEqual(['FAILED', 'SUPPRESSED', 'ACTIVE']);
    expect(findingOf('TW.1', TRAIL_MAIN, list).ProductFields?.['trailwarden/SuppressionReason']).toBe('accepted risk');
  });

  it('leaves ERROR results out unless asked', () => {
    expect(findings().some((f) => f.Compliance?.Status === 'NOT_AVAILABLE' && f.RecordState === 'ACTIVE')).toBe(false);
    expect(findings().length).toBe(fixtureResults().length - 1);
  });

  it('omits the region of a global resource', () => {
    expect(findingOf('CloudWatch.1', ACCOUNT_RESOURCE).Resources?.[0]).toEqual({ Type: 'AwsAccount', Id: ACCOUNT_RESOURCE, Partition: 'aws' });
  });

  it('keeps finding IDs stable across scans and reworded reasons', () => {
    const reworded = fixtureReport({ results: fixtureResults().map((r) => ({ ...r, reason: 'different words' })) });
    expect(findings({}, reworded).map((f) => f.Id)).toEqual(findings().map((f) => f.Id));
    expect(new Set(findings().map((f) => f.Id)).size).toBe(findings().length);
  });

  it('clips text to the ASFF limits', () => {
    const long = { ...result('CloudTrail.1', 'FAIL', TRAIL_MAIN, 'r'.repeat(5000)), title: 't'.repeat(500), remediation: 'm'.repeat(900) };
    const [finding] = findings({}, fixtureReport({ results: [long] }));
    expect(finding!.Title).toHaveLength(256);
    expect(finding!.Description).toHaveLength(1024);
    expect(finding!.Remediation?.Recommendation?.Text).toHaveLength(512);
    expect(finding!.Description!.endsWith('…')).toBe(true);
  });

  it('defaults the Security Hub region to the first scanned region', () => {
    const [finding] = toAsffFindings(fixtureReport(), CONTROLS, {});
    expect(finding!.ProductArn).toBe(`arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/default`);
  });

  it('renders the JSON array batch-import-findings takes', () => {
    const parsed = JSON.parse(renderAsff(fixtureReport(), CONTROLS, {})) as unknown[];
    expect(parsed).toEqual(JSON.parse(JSON.stringify(toAsffFindings(fixtureReport(), CONTROLS, {}))));
  });
});
