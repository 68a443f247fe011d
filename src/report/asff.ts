import type { AwsSecurityFinding, ComplianceStatus, Partition, WorkflowStatus } from '@aws-sdk/client-securityhub';
import { cisSectionsOf, cisStandardTitle, type CisVersion } from '../checks/benchmark.js';
import type { ControlMeta, Status } from '../checks/types.js';
import type { ReportDocument, ReportResult } from '../results/document.js';
import type { Renderer, RenderOptions } from './format.js';
import { findingFingerprint } from '../results/identity.js';
import { suppressionNote } from '../results/suppressions.js';

/**
 * AWS Security Finding Format, for `BatchImportFindings` (`--to-security-hub`, or
 * `aws securityhub batch-import-findings --findings file://trailwarden.asff.json`).
 *
 * Every result is a finding, PASS included: a finding that failed last time and passes now must be
 * re-imported as PASSED, or Security Hub would show it failing forever. The finding ID derives
 * from control + account + resource only, so each scan updates the same findings.
 */

export const ASFF_TYPE = 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark';

const COMPLIANCE: Record<Status, ComplianceStatus> = {
  PASS: 'PASSED',
  FAIL: 'FAILED',
  ERROR: 'NOT_AVAILABLE',
  NOT_APPLICABLE: 'NOT_AVAILABLE',
};

/** ASFF length limits; Security Hub rejects a finding that exceeds one. */
const MAX = { title: 256, description: 1024, recommendation: 512 };

export function toAsffFindings(report: ReportDocument, controls: readonly ControlMeta[], options: RenderOptions): AwsSecurityFinding[] {
  const region = options.securityHubRegion ?? report.regions[0] ?? 'us-east-1';
  const { id: account, partition } = report.account;
  const productArn = `arn:${partition}:securityhub:${region}:${account}:product/${account}/default`;
  const controlsById = new Map(controls.map((control) => [control.id, control]));
  return report.results
    .filter((result) => result.status !== 'ERROR' || options.includeErrors === true)
    .map((result) => {
      const control = controlsById.get(result.controlId);
      const cis = control ? cisSectionsOf(control) : [];
      const requirement = report.benchmark?.requirements.find((entry) => entry.controlId === result.controlId);
      const severity = { Label: result.severity, Original: result.severity };
      return {
        SchemaVersion: '2018-10-08',
        Id: `trailwarden/${result.controlId}/${findingFingerprint(result)}`,
        ProductArn: productArn,
        // Custom integrations (the account's default product) may name themselves.
        ProductName: 'trailwarden',
        CompanyName: 'trailwarden',
        GeneratorId: `trailwarden/${result.controlId}`,
        AwsAccountId: result.accountId,
        Types: [ASFF_TYPE],
        CreatedAt: report.generatedAt,
        UpdatedAt: report.generatedAt,
        Severity: severity,
        // Security Hub takes updates of severity and types from here once the finding exists.
        FindingProviderFields: { Severity: severity, Types: [ASFF_TYPE] },
        Title: clip(`${result.controlId} ${result.title}`, MAX.title),
        Description: clip(`${result.reason}${suppressionNote(result)}`, MAX.description),
        Remediation: { Recommendation: { Text: clip(result.remediation, MAX.recommendation) } },
        ProductFields: {
          'trailwarden/ControlId': result.controlId,
          'trailwarden/Status': result.status,
          'trailwarden/Version': report.tool.version,
          ...(control?.securityHubId ? { 'trailwarden/SecurityHubControlId': control.securityHubId } : {}),
          // Under --benchmark: the requirement the finding is reported against, for filters in Security Hub.
          ...(report.benchmark && requirement ? { 'trailwarden/Benchmark': report.benchmark.name, 'trailwarden/BenchmarkSection': requirement.section } : {}),
          ...(result.suppressed ? { 'trailwarden/SuppressionReason': result.suppressed.reason } : {}),
        },
        Resources: [
          {
            Type: result.resource.type,
            Id: result.resource.arn,
            Partition: partition as Partition,
            ...(result.resource.region === 'global' ? {} : { Region: result.resource.region }),
          },
        ],
        Compliance: {
          Status: COMPLIANCE[result.status],
          ...(cis.length > 0
            ? {
                RelatedRequirements: cis.map(({ version, section }) => `${cisStandardTitle(version)}/${section}`),
                AssociatedStandards: cis.map(({ version }) => ({ StandardsId: asffStandardsId(version) })),
              }
            : {}),
        },
        Workflow: { Status: workflowStatus(result) },
        // Like Security Hub's own controls: a not-applicable evaluation is archived, not left open.
        RecordState: result.status === 'NOT_APPLICABLE' ? 'ARCHIVED' : 'ACTIVE',
      };
    });
}

export const renderAsff: Renderer = (report, controls, options) => `${JSON.stringify(toAsffFindings(report, controls, options), null, 2)}\n`;

/**
 * Security Hub honours an imported Workflow.Status only when it creates the finding; afterwards
 * the workflow belongs to the people triaging it, and a PASSED compliance status is what marks a
 * fixed finding.
 */
function workflowStatus(result: ReportResult): WorkflowStatus {
  if (result.suppressed) return 'SUPPRESSED';
  return result.status === 'PASS' ? 'RESOLVED' : 'NEW';
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Security Hub's standard IDs: CIS 1.2.0 is a "ruleset", the later versions are "standards". */
function asffStandardsId(version: CisVersion): string {
  return version === '1.2.0' ? 'ruleset/cis-aws-foundations-benchmark/v/1.2.0' : `standards/cis-aws-foundations-benchmark/v/${version}`;
}
