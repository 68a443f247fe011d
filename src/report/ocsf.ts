import { cisSectionsOf, cisStandardTitle } from '../checks/benchmark.js';
import type { ControlMeta, Severity, Status } from '../checks/types.js';
import { ASFF_TYPE } from './asff.js';
import { isFailing, type ReportDocument, type ReportResult } from '../results/document.js';
import type { Renderer } from './format.js';
import { findingFingerprint, findingKey } from '../results/identity.js';
import { LINK_LABELS, monitoringChain } from './monitoring-chain.js';
import { suppressionNote } from '../results/suppressions.js';

/**
 * `--format ocsf`: one OCSF 1.8.0 Compliance Finding (class 2003) per result, PASS included (like
 * ASFF: a consumer closes a finding when it sees it pass), as a JSON array. `finding_info.uid` is
 * the SARIF fingerprint (`findingFingerprint`), so the same finding has the same ID in every run
 * and in every format. What OCSF has no attribute for goes under `unmapped`, as OCSF asks.
 */

export const OCSF_VERSION = '1.8.0';

const CLASS_UID = 2003;
/** Create: each scan reports the finding's state afresh. */
const ACTIVITY_ID = 1;

const SEVERITY_ID: Record<Severity, number> = { INFORMATIONAL: 1, LOW: 2, MEDIUM: 3, HIGH: 4, CRITICAL: 5 };
const SEVERITY_NAME: Record<Severity, string> = { INFORMATIONAL: 'Informational', LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High', CRITICAL: 'Critical' };

/** compliance.status_id: 1 Pass, 3 Fail, 0 Unknown (undecided), 99 Other (the control does not apply). */
const COMPLIANCE_STATUS: Record<Status, { id: number; name: string }> = {
  PASS: { id: 1, name: 'Pass' },
  FAIL: { id: 3, name: 'Fail' },
  ERROR: { id: 0, name: 'Unknown' },
  NOT_APPLICABLE: { id: 99, name: 'Other' },
};

/** The finding's own status, as ASFF's workflow and record state have it: 1 New, 3 Suppressed, 4 Resolved, 5 Archived. */
function findingStatus(result: ReportResult): { id: number; name: string } {
  if (result.suppressed) return { id: 3, name: 'Suppressed' };
  if (result.status === 'PASS') return { id: 4, name: 'Resolved' };
  if (result.status === 'NOT_APPLICABLE') return { id: 5, name: 'Archived' };
  return { id: 1, name: 'New' };
}

export function toOcsfFindings(report: ReportDocument, controls: readonly ControlMeta[]): Record<string, unknown>[] {
  const controlsById = new Map(controls.map((control) => [control.id, control]));
  const accountNames = new Map((report.accounts ?? []).map((account) => [account.id, account.name]));
  const time = Date.parse(report.generatedAt);
  const { partition } = report.account;
  return report.results.map((result) => {
    const control = controlsById.get(result.controlId);
    const cis = control ? cisSectionsOf(control) : [];
    const compliance = COMPLIANCE_STATUS[result.status];
    const status = findingStatus(result);
    const accountName = accountNames.get(result.accountId);
    const region = result.resource.region === 'global' ? undefined : result.resource.region;
    const evidence = evidences(result);
    return {
      activity_id: ACTIVITY_ID,
      activity_name: 'Create',
      category_uid: 2,
      category_name: 'Findings',
      class_uid: CLASS_UID,
      class_name: 'Compliance Finding',
      type_uid: CLASS_UID * 100 + ACTIVITY_ID,
      type_name: 'Compliance Finding: Create',
      time,
      time_dt: report.generatedAt,
      severity_id: SEVERITY_ID[result.severity],
      severity: SEVERITY_NAME[result.severity],
      status_id: status.id,
      status: status.name,
      status_code: result.status,
      is_alert: isFailing(result),
      message: `${result.reason}${suppressionNote(result)}`,
      metadata: {
        version: OCSF_VERSION,
        product: { name: 'trailwarden', vendor_name: 'trailwarden', version: report.tool.version },
        profiles: ['cloud', 'datetime'],
        event_code: result.controlId,
      },
      finding_info: {
        uid: findingFingerprint(result),
        uid_alt: findingKey(result),
        title: `${result.controlId} ${result.title}`,
        desc: control?.rationale ?? result.title,
        // The finding type Security Hub knows these findings by (ASFF's Types).
        types: [ASFF_TYPE],
      },
      compliance: {
        control: result.controlId,
        ...(control?.decides ? { desc: control.decides } : {}),
        standards: cis.map(({ version }) => cisStandardTitle(version)),
        requirements: cis.map(({ version, section }) => `${cisStandardTitle(version)}/${section}`),
        status_id: compliance.id,
        status: compliance.name,
        status_code: result.status,
        status_details: [result.reason],
      },
      cloud: {
        provider: 'AWS',
        account: { uid: result.accountId, type_id: 10, type: 'AWS Account', ...(accountName ? { name: accountName } : {}) },
        cloud_partition: partition,
        ...(region ? { region } : {}),
      },
      resources: [
        {
          uid: result.resource.arn,
          type: result.resource.type,
          cloud_partition: partition,
          provider: 'AWS',
          ...(region ? { region } : {}),
        },
      ],
      remediation: { desc: result.remediation },
      ...(evidence.length > 0 ? { evidences: evidence } : {}),
      unmapped: unmapped(result, control),
    };
  });
}

export const renderOcsf: Renderer = (report, controls) => `${JSON.stringify(toOcsfFindings(report, controls), null, 2)}\n`;

/** The failed call of an ERROR as OCSF's API evidence; the control's own evidence as evidence data, with a monitoring chain's resources. */
function evidences(result: ReportResult): Record<string, unknown>[] {
  const list: Record<string, unknown>[] = [];
  if (result.error) {
    const [service, operation] = result.error.operation.includes(':') ? result.error.operation.split(':', 2) : [undefined, result.error.operation];
    list.push({
      name: 'failed AWS call',
      api: {
        operation,
        ...(service ? { service: { name: service } } : {}),
        response: { error: result.error.code, ...(result.error.message ? { error_message: result.error.message } : {}) },
      },
      data: { region: result.error.region, ...(result.error.resource ? { resource: result.error.resource } : {}) },
    });
  }
  if (result.evidence) list.push({ name: 'trailwarden evidence', data: result.evidence, ...chainResources(result) });
  return list;
}

/**
 * The resources a monitoring chain consists of, as OCSF resources: what each is (`type`: Trail,
 * Alarm, ...) and, as a label, whether the link holds, is the one broken, or was not reached.
 */
function chainResources(result: ReportResult): { resources?: Record<string, unknown>[] } {
  const links = monitoringChain(result)?.metricFilter?.filter((link) => link.resource !== undefined) ?? [];
  if (links.length === 0) return {};
  return { resources: links.map((link) => ({ uid: link.resource, type: LINK_LABELS[link.link], labels: [link.state] })) };
}

/** What OCSF has no attribute for: the Security Hub control ID, the suppression, the baseline state. */
function unmapped(result: ReportResult, control: ControlMeta | undefined): Record<string, unknown> {
  return {
    trailwarden: {
      status: result.status,
      ...(control?.securityHubId ? { securityHubControlId: control.securityHubId } : {}),
      ...(result.suppressed ? { suppressed: result.suppressed } : {}),
      ...(result.suppressionExpired ? { suppressionExpired: result.suppressionExpired } : {}),
      ...(result.baselineState ? { baselineState: result.baselineState } : {}),
    },
  };
}
