import { appliesFrom, type CisVersion } from '../benchmark.js';
import type { ControlMeta, Severity } from '../types.js';
import { evaluateMonitoring } from './chain/evaluate.js';
import { CIS_METRIC_NAMESPACE, type MonitoringControl, type MonitoringSpec } from './spec.js';

/** What a control module writes; the rest is the same for every monitoring control. */
export interface MonitoringControlDefinition {
  id: string;
  title: string;
  cis: ControlMeta['cis'];
  rationale: string;
  /** Which events the control requires; their names (if listed) and the chain follow automatically. */
  decides: string;
  /** Defaults to creating what the spec describes. */
  remediation?: string;
  severity?: Severity;
}

const CHAIN =
  'It passes when a multi-Region trail that is logging and records these events delivers them to a CloudWatch Logs log group ' +
  'with a metric filter whose pattern matches every one of them (the filter-pattern engine runs it against real-shaped CloudTrail records; ' +
  'an uncertain verdict does not count), and an alarm on exactly that metric (its namespace and name, the dimensions the filter publishes with the value every required event gives them, and its unit if the alarm names one) fires on a single event and notifies an SNS topic with a confirmed ' +
  "subscription (firing accounts for statistic, threshold, comparison, the filter's metric and default values, datapoints to alarm and " +
  'missing-data treatment: an alarm that sits in ALARM without events never notifies); or when EventBridge rules on the default bus deliver every event, in every Region it arrives in (global-service events in ' +
  "us-east-1 only), to such a topic. The last hop must hold as well, judged by evaluating the topic, key and role policies with IAM's rules: " +
  'the topic policy lets the notifying service publish (CloudWatch alarms of the account pass the default policy CreateTopic gives; ' +
  'EventBridge needs a statement for events.amazonaws.com, or a target role allowed sns:Publish), and an encrypted topic uses a customer ' +
  'managed key whose key policy grants that service kms:Decrypt and kms:GenerateDataKey* (the AWS managed key alias/aws/sns never works; ' +
  "a target role needs both on the key itself: from the key policy, or from the role's own policies where the key policy names the account, " +
  'and a role no policy allows is ERROR, since only a KMS grant, which is not read, could); ' +
  'a condition whose value is not known for the publish call makes the result ERROR. Where CloudWatch has them, the last 24 hours of ' +
  'FailedInvocations of a relied-on rule and NumberOfNotificationsFailed of a relied-on topic are read: a link seen failing fails, with the count ' +
  'as evidence (no data is not a failure). A failure names the first broken link. A filter that also matches unrelated records passes, noted as ' +
  'broader than needed. ERROR when data a link needs was not collected. One result for the account.';

/**
 * A CIS version that changed what the control requires: from `since` on (`--benchmark cis-5.0.0`
 * and later) the scan evaluates `spec` instead. `change` says what changed, for the README.
 */
export interface SpecRevision {
  since: CisVersion;
  change: string;
  spec: MonitoringSpec;
}

/**
 * `spec` is what Security Hub's CIS 1.2.0/1.4.0 checks require, used without `--benchmark`; each
 * revision (in CIS order) replaces it from its version on.
 */
export function defineMonitoringControl(
  definition: MonitoringControlDefinition,
  spec: MonitoringSpec,
  revisions: readonly SpecRevision[] = [],
): MonitoringControl {
  const events = (spec.requiredEvents ?? []).map(({ eventSource, eventNames }) => ` Events (${eventSource}): ${eventNames.join(', ')}.`).join('');
  const changes = revisions.map(({ since, change }) => ` From CIS ${since} (\`--benchmark cis-${since}\` and later): ${change}`).join('');
  const revised = revisions.map((revision) => ({ since: revision.since, spec: { ...revision.spec, since: revision.since } }));
  const specFor = (version: CisVersion | undefined): MonitoringSpec => revised.findLast(({ since }) => appliesFrom(since, version))?.spec ?? spec;
  // Security Hub CSPM runs CloudWatch.1–14 under CIS 1.2.0/1.4.0 whatever the benchmark: it compares with `spec`'s text.
  const securityHub = definition.id.startsWith('CloudWatch.') ? { controlId: definition.id, cisPattern: spec.filterPattern } : undefined;
  return {
    ...definition,
    severity: definition.severity ?? 'LOW',
    ...(definition.id.startsWith('CloudWatch.') ? { securityHubId: definition.id } : {}),
    family: 'monitoring',
    remediation: definition.remediation ?? remediationFor(spec),
    decides: `${definition.decides}${events}${changes} ${CHAIN}`,
    resourceType: 'AwsAccount',
    repair: { by: 'monitoring' },
    spec,
    specFor,
    evaluate: (snapshot, context) => [evaluateMonitoring(snapshot, specFor(context.cisVersion), context, securityHub)],
  };
}

const RULE_REGIONS = {
  'global-us-east-1': 'in us-east-1 (these events arrive nowhere else)',
  'every-region': 'in every Region',
  'every-region-and-us-east-1': 'in every Region and in us-east-1',
} as const;

/** What `fix` creates, in words. */
function remediationFor(spec: MonitoringSpec): string {
  const { events, periodSeconds } = spec.firing;
  const period = periodSeconds ? `one ${periodSeconds}-second period` : 'one period';
  const { regions, needsReadOnlyEvents } = spec.eventBridge;
  return (
    `Create a metric filter with the pattern ${spec.filterPattern} on the log group of a multi-Region trail, an alarm on its metric ` +
    `(${CIS_METRIC_NAMESPACE}/${spec.metricName}, Sum >= ${events} over ${period}) whose action is an SNS topic with a confirmed ` +
    `subscription; \`trailwarden fix\` creates the filter and the alarm. Alternatively, EventBridge rules on the default bus ${RULE_REGIONS[regions]} ` +
    `matching these events and targeting such a topic` +
    (needsReadOnlyEvents ? ', with State ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS because some of the events are read-only calls.' : '.') +
    ' The topic policy must let cloudwatch.amazonaws.com (alarms) or events.amazonaws.com (rules) publish, and an encrypted topic needs a ' +
    'customer managed key that grants them kms:Decrypt and kms:GenerateDataKey*; `trailwarden fix` merges both grants into the existing policies.'
  );
}
