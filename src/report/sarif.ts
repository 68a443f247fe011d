import { cisSectionsOf } from '../checks/benchmark.js';
import type { ControlMeta, Severity } from '../checks/types.js';
import { severityRank } from '../checks/severity.js';
import { isFailing, type ReportDocument, type ReportResult } from '../results/document.js';
import { verificationLines } from '../results/verification.js';
import type { Renderer } from './format.js';
import { findingFingerprint, sha256Hex } from '../results/identity.js';
import { suppressionNote } from '../results/suppressions.js';

/**
 * SARIF 2.1.0 for GitHub code scanning. docs/sarif.md explains the choices GitHub forces on a
 * cloud scanner: a synthetic file path per resource, our own fingerprints, one category per
 * account and region set.
 */

/** GitHub rejects a run with more results than this. */
export const MAX_SARIF_RESULTS = 25_000;

/** Mid-band scores of GitHub's security-severity bands (critical > 9.0, high 7.0–8.9, ...). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '3.0',
  INFORMATIONAL: '0.0',
};

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { CRITICAL: 'error', HIGH: 'error', MEDIUM: 'warning', LOW: 'note', INFORMATIONAL: 'note' };

/** The partialFingerprints key; bump the version if the fingerprint's recipe ever changes. */
export const FINGERPRINT_KEY = 'trailwardenFinding/v1';

export const renderSarif: Renderer = (report, controls, options) => {
  const candidates = report.results.filter(
    (result) => isFailing(result) || (options.includeErrors === true && result.status === 'ERROR' && !result.suppressed),
  );
  // Over the limit, keep the most severe; the sort is stable, so report order breaks ties.
  const kept =
    candidates.length > MAX_SARIF_RESULTS
      ? [...candidates].sort((a, b) => severityRank(a.severity) - severityRank(b.severity)).slice(0, MAX_SARIF_RESULTS)
      : candidates;
  const ruleIndex = new Map(controls.map((control, index) => [control.id, index]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'trailwarden',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: controls.map(rule),
          },
        },
        automationDetails: { id: automationId(report) },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.generatedAt,
            toolExecutionNotifications: notifications(report, candidates.length - kept.length),
          },
        ],
        results: kept.map((result) => sarifResult(report, result, ruleIndex.get(result.controlId))),
        ...(report.benchmark && {
          properties: {
            benchmark: {
              name: report.benchmark.name,
              title: report.benchmark.title,
              summary: report.benchmark.summary,
              requirements: report.benchmark.requirements,
            },
          },
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

/**
 * `trailwarden/<account>/<regions>/`: code scanning keeps one set of alerts per category, so two
 * scans of different accounts, or of different region subsets, must not close each other's alerts.
 * A scan of every enabled region is `all`, so that AWS launching a region does not start a new
 * category and orphan the old alerts. The trailing slash says the run ID part is empty.
 */
export function automationId(report: ReportDocument): string {
  const regions = report.regionFilter ? sha256Hex(report.regionFilter.join(',')).slice(0, 12) : 'all';
  return `trailwarden/${report.account.id}/${regions}/`;
}

/**
 * The repository-relative path an alert shows for a cloud resource:
 * `aws/<account>/<region or global>/<service>/<resource id>`, e.g.
 * `aws/111122223333/us-east-1/cloudtrail/trail/main`. GitHub needs a relative path (it rejects a
 * result without one, and an `arn:` URI reads as an unknown scheme); no such file exists, which
 * also keeps upload-sarif from hashing a real file's line into the fingerprint.
 */
export function resourceUri(result: ReportResult): string {
  // Account-level controls name the account the way Security Hub does (`AWS::::Account:<id>`).
  if (result.resource.type === 'AwsAccount') return `aws/${encodeURIComponent(result.accountId)}/global/account`;
  const arn = /^arn:[^:]+:([^:]+):([^:]*):[^:]*:(.+)$/.exec(result.resource.arn);
  const [region, service, resource] = arn ? [arn[2] || 'global', arn[1]!, arn[3]!] : [result.resource.region, result.resource.type, result.resource.arn];
  return ['aws', result.accountId, region, service, ...resource.split(/[/:]/)]
    .filter((segment) => segment !== '')
    .map(encodeURIComponent)
    .join('/');
}

function rule(control: ControlMeta) {
  const cis = cisSectionsOf(control);
  const mapping = [
    `Severity: ${control.severity}`,
    ...(control.securityHubId ? [`Security Hub: ${control.securityHubId}`] : []),
    ...cis.map(({ version, section, assessment }) => `CIS ${version}: ${section} (${assessment})`),
  ].join(' · ');
  return {
    id: control.id,
    name: pascalCase(control.title),
    shortDescription: { text: control.title },
    fullDescription: { text: control.rationale },
    help: {
      text: `${control.rationale}\n\nRemediation: ${control.remediation}\n\nHow trailwarden decides: ${control.decides}\n\n${mapping}`,
      markdown: [control.rationale, `## Remediation\n\n${control.remediation}`, `## How trailwarden decides\n\n${control.decides}`, mapping].join('\n\n'),
    },
    defaultConfiguration: { level: LEVEL[control.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[control.severity],
      // Each check reads the configuration it judges; it never infers, hence very-high.
      precision: 'very-high',
      // The mapping as data, for tools that group rules by benchmark; the tags below say the same for code scanning.
      ...(control.securityHubId ? { securityHubId: control.securityHubId } : {}),
      cis: Object.fromEntries(cis.map(({ version, section, assessment }) => [version, { section, assessment }])),
      tags: [
        'security',
        ...cis.map(({ version, section }) => `CIS-${version}-${section}`),
        ...(control.securityHubId ? [`SecurityHub-${control.securityHubId}`] : []),
      ],
    },
  };
}

function sarifResult(report: ReportDocument, result: ReportResult, ruleIndex: number | undefined) {
  return {
    ruleId: result.controlId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVEL[result.severity],
    message: { text: `${requirementPrefix(report, result.controlId)}${result.resource.arn}: ${result.reason}${suppressionNote(result)}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: resourceUri(result) },
          region: { startLine: 1 },
        },
        logicalLocations: [{ fullyQualifiedName: result.resource.arn, kind: 'resource' }],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: findingFingerprint(result) },
    ...(result.baselineState ? { baselineState: result.baselineState } : {}),
    properties: { status: result.status, region: result.resource.region, resourceType: result.resource.type },
  };
}

function notifications(report: ReportDocument, omitted: number) {
  const notes: { level: 'warning' | 'note'; message: { text: string } }[] = [];
  if (omitted > 0) {
    notes.push({
      level: 'warning',
      message: {
        text: `${omitted} of the least severe results were left out: code scanning accepts at most ${MAX_SARIF_RESULTS} per run. The JSON report lists every result.`,
      },
    });
  }
  const [first] = report.collectionErrors;
  if (first) {
    notes.push({
      level: 'warning',
      message: {
        text: `${report.collectionErrors.length} AWS call(s) failed, e.g. ${first.operation} in ${first.region}: ${first.code}. Controls that needed the data report ERROR (see --include-errors).`,
      },
    });
  }
  // --verify-patterns-with-aws: whether AWS and the engines agreed, and each disagreement, where code scanning shows the run's notes.
  if (report.patternVerification) {
    const { summary, details } = verificationLines(report.patternVerification);
    notes.push(
      { level: details.length > 0 ? 'warning' : 'note', message: { text: summary } },
      ...details.map((text) => ({ level: 'warning' as const, message: { text } })),
    );
  }
  return notes;
}

/** `CIS AWS Foundations Benchmark v6.0.0 5.10: ` under --benchmark, so an alert names the requirement it breaks. */
function requirementPrefix(report: ReportDocument, controlId: string): string {
  const requirement = report.benchmark?.requirements.find((entry) => entry.controlId === controlId);
  return requirement ? `${report.benchmark?.title} ${requirement.section}: ` : '';
}

/** `CloudTrail is enabled in all regions` → `CloudTrailIsEnabledInAllRegions`: SARIF wants an identifier-like name. */
function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}
