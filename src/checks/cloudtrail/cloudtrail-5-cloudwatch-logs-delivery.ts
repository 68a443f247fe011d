import { automated } from '../benchmark.js';
import type { AccountSnapshot, Trail, TrailStatus } from '../../snapshot/types.js';
import { errorFinding, trailResource } from '../lib/findings.js';
import { trailLabel } from '../lib/trail-inventory.js';
import { trailLogGroup } from '../lib/trails.js';
import type { Control, Finding } from '../types.js';
import { eachTrail } from './each-trail.js';

export const cloudWatchLogsDelivery: Control = {
  id: 'CloudTrail.5',
  securityHubId: 'CloudTrail.5',
  title: 'CloudTrail trails should be integrated with Amazon CloudWatch Logs',
  severity: 'LOW',
  cis: { '1.2.0': automated('2.4'), '1.4.0': automated('3.4') },
  family: 'cloudtrail',
  resourceType: 'AWS::CloudTrail::Trail',
  repair: { by: 'log-delivery' },
  rationale:
    'The CIS metric filters and alarms only see events that reach CloudWatch Logs. A configured log group that was deleted, a role CloudTrail can no longer assume, or a delivery that stopped days ago silently disables all of that monitoring.',
  remediation:
    "Set the trail's CloudWatch Logs log group and a role that cloudtrail.amazonaws.com can assume with logs:CreateLogStream and logs:PutLogEvents on it. If the log group was deleted, recreate it; if delivery fails, read LatestCloudWatchLogsDeliveryError (aws cloudtrail get-trail-status) and fix the role or its trust policy.",
  decides:
    'Per trail: PASS when CloudWatchLogsLogGroupArn is set, the log group exists, GetTrailStatus shows no LatestCloudWatchLogsDeliveryError, and the latest delivery is at most deliveryMaxAgeHours (default 24) older than the snapshot (a logging trail with neither a delivery nor a delivery error, as a new one, has not delivered yet and passes; one that is not logging and never delivered fails). Security Hub only checks that the log group ARN is set; FAIL names each of these that does not hold.',
  evaluate(snapshot, { config }) {
    return eachTrail(snapshot, (trail) => evaluateTrail(snapshot, trail, config.deliveryMaxAgeHours));
  },
};

function evaluateTrail(snapshot: AccountSnapshot, trail: Trail, maxAgeHours: number): Finding {
  const resource = trailResource(trail);
  const label = trailLabel(trail, snapshot);
  const groupArn = trail.cloudWatchLogsLogGroupArn?.replace(/:\*$/, '');
  if (!groupArn) return { status: 'FAIL', resource, reason: `${label}: does not deliver to CloudWatch Logs (no log group configured)` };
  const groupName = trailLogGroup(trail)?.name ?? groupArn;

  const problems: string[] = [];
  const unread: Finding[] = [];

  // An organization trail's log group, in the management account, carries a CrossAccount error.
  const logGroup = snapshot.logGroups.find((group) => group.arn === groupArn);
  if (!logGroup) unread.push({ status: 'ERROR', resource, reason: `${label}: log group ${groupName} is missing from the snapshot` });
  else if (!logGroup.details.ok) unread.push(errorFinding(resource, logGroup.details.error, `log group ${groupName}`));
  else if (logGroup.details.value === null) problems.push(`log group ${groupName} does not exist in ${logGroup.region}`);

  if (trail.status.ok) problems.push(...deliveryProblems(trail.status.value, snapshot.collectedAt, maxAgeHours));
  else unread.push(errorFinding(resource, trail.status.error, `the status of trail ${trail.name}`));

  const evidence = { logGroupArn: groupArn, latestDeliveryTime: trail.status.ok ? trail.status.value.latestCloudWatchLogsDeliveryTime : undefined };
  if (problems.length > 0)
    return {
      status: 'FAIL',
      resource,
      reason: `${label}: delivers to log group ${groupName}, but ${problems.join('; ')}`,
      evidence: { ...evidence, problems },
    };
  const firstUnread = unread[0];
  if (firstUnread) return firstUnread;
  const latest = evidence.latestDeliveryTime ? `latest delivery ${evidence.latestDeliveryTime}` : 'no delivery yet and no delivery error';
  return { status: 'PASS', resource, reason: `${label}: delivers to log group ${groupName}, ${latest}`, evidence };
}

function deliveryProblems(status: TrailStatus, collectedAt: string, maxAgeHours: number): string[] {
  const problems: string[] = [];
  if (status.latestCloudWatchLogsDeliveryError) problems.push(`the latest delivery failed with ${status.latestCloudWatchLogsDeliveryError}`);
  const stopped = status.isLogging ? '' : ', and the trail is not logging';
  if (!status.latestCloudWatchLogsDeliveryTime) {
    // A logging trail reports a delivery error as soon as one fails (a role it cannot assume, a deleted
    // group); with neither a delivery nor an error it has simply not delivered yet, as a new trail.
    if (!status.isLogging) problems.push(`CloudTrail has never delivered to it${stopped}`);
  } else {
    const ageHours = (Date.parse(collectedAt) - Date.parse(status.latestCloudWatchLogsDeliveryTime)) / 3_600_000;
    if (ageHours > maxAgeHours) {
      problems.push(
        `the latest delivery was ${status.latestCloudWatchLogsDeliveryTime}, ${ageHours.toFixed(1)} h before the snapshot (at most ${maxAgeHours} h allowed)${stopped}`,
      );
    }
  }
  return problems;
}
