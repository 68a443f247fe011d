import type { AccountSnapshot, LogGroup } from '../../snapshot/types.js';
import { accountResource, errorFinding } from '../lib/findings.js';
import { trailLabel, unlistedRegionFindings } from '../lib/trail-inventory.js';
import { trailLogGroup } from '../lib/trails.js';
import type { Control, Finding, ResourceRef } from '../types.js';

export const logRetention: Control = {
  id: 'CloudWatch.16',
  securityHubId: 'CloudWatch.16',
  title: 'CloudWatch log groups should be retained for a specified time period',
  severity: 'MEDIUM',
  cis: {},
  family: 'logs',
  resourceType: 'AWS::Logs::LogGroup',
  repair: { by: 'log-retention' },
  rationale:
    'The trail log group is where investigations start. A short retention silently deletes the events before an intrusion is noticed, which on average takes months.',
  remediation: "Set the log group's retention to at least logRetentionDays (default 365) days, or to never expire (aws logs put-retention-policy).",
  decides:
    'Per log group that a trail delivers to: PASS when its retention is unset (events never expire) or at least logRetentionDays (default 365); FAIL when shorter. A log group that does not exist is NOT_APPLICABLE here (CloudTrail.5 fails for it). Security Hub checks every log group of the account; trailwarden checks the ones holding the audit trail.',
  evaluate(snapshot, { config }) {
    const findings = snapshot.logGroups.map((group) => evaluateLogGroup(snapshot, group, config.logRetentionDays));
    // A trail in a Region that could not be listed may deliver to a log group not seen here.
    const unlisted = unlistedRegionFindings(snapshot);
    if (findings.length === 0 && unlisted.length === 0) {
      return [{ status: 'NOT_APPLICABLE', resource: accountResource(snapshot), reason: 'no trail delivers to CloudWatch Logs' }];
    }
    return [...findings, ...unlisted];
  },
};

function evaluateLogGroup(snapshot: AccountSnapshot, group: LogGroup, minimumDays: number): Finding {
  const resource: ResourceRef = { arn: group.arn, type: 'AwsLogsLogGroup', region: group.region };
  const about = `log group ${group.name}${trailsOf(snapshot, group)}`;
  if (!group.details.ok) return errorFinding(resource, group.details.error, `log group ${group.name}`);
  const details = group.details.value;
  if (details === null) return { status: 'NOT_APPLICABLE', resource, reason: `${about} does not exist in ${group.region}` };
  const days = details.retentionInDays;
  if (days === undefined) return { status: 'PASS', resource, reason: `${about}: events never expire`, evidence: { retentionInDays: null } };
  const evidence = { retentionInDays: days, minimumDays };
  return days >= minimumDays
    ? { status: 'PASS', resource, reason: `${about}: events are kept ${days} days (at least ${minimumDays} required)`, evidence }
    : { status: 'FAIL', resource, reason: `${about}: events are kept only ${days} days, less than the ${minimumDays} required`, evidence };
}

/** " (trail main, trail backup)": the trails that deliver to the log group. */
function trailsOf(snapshot: AccountSnapshot, group: LogGroup): string {
  const labels = snapshot.trails
    .filter((trail) => {
      const target = trailLogGroup(trail);
      return target?.region === group.region && target.name === group.name;
    })
    .map((trail) => trailLabel(trail, snapshot));
  return labels.length > 0 ? ` (${labels.join(', ')})` : '';
}
