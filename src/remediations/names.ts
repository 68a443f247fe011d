import { createHash } from 'node:crypto';
import type { CisVersion } from '../checks/benchmark.js';

/**
 * Deterministic names and the tag of everything `fix` creates: a second run finds what the first
 * one made (or half-made) under the same name instead of creating it again.
 */

export const MANAGED_TAG = { key: 'trailwarden:managed', value: 'true' } as const;

export const TRAIL_NAME = 'trailwarden';
export const ALERT_TOPIC_NAME = 'trailwarden-alerts';

export function trailBucketName(accountId: string, region: string): string {
  return `trailwarden-${accountId}-${region}`;
}

export function trailLogGroupName(trailName: string): string {
  return `/trailwarden/cloudtrail/${trailName}`;
}

/** IAM role names are at most 64 characters; trail names may have 128. */
export function trailLogRoleName(trailName: string): string {
  return bounded(`trailwarden-cloudtrail-logs-${trailName}`, 64);
}

/**
 * The managed policy every role fix creates carries as its permissions boundary. The `iam-policy
 * fix` policy may create roles only with this boundary, so that a role it creates can never do
 * more than deliver trail events to trailwarden's log groups (whoever holds the policy can choose
 * the role's trust and inline policy, but not exceed the boundary).
 */
export const TRAIL_LOG_ROLE_BOUNDARY_NAME = 'trailwarden-cloudtrail-logs-boundary';

export function trailKeyAlias(trailName: string): string {
  return `alias/${bounded(`trailwarden-cloudtrail-${trailName}`, 250)}`;
}

/** The key fix creates for an SNS topic that was encrypted with the AWS managed key. */
export function topicKeyAlias(topicName: string): string {
  return `alias/${bounded(`trailwarden-sns-${topicName}`, 250)}`;
}

/**
 * Metric filter, alarm and rule names of a monitoring control (`trailwarden-CloudWatch.1`), and of a
 * requirement a CIS version revised (`trailwarden-CloudWatch.10-cis-5.0.0`, given `since`): the Put
 * calls replace a same-named filter, alarm or rule, so a repair to one version must not reuse the
 * name of what was made for another.
 */
export function monitorName(controlId: string, since?: CisVersion): string {
  return since ? `trailwarden-${controlId}-cis-${since}` : `trailwarden-${controlId}`;
}

/** Lifecycle rule id that TW.2's fix adds to a trail bucket. */
export const LIFECYCLE_RULE_ID = 'trailwarden-expire-trail-logs';

/** Cuts a name to `max` characters, keeping it unique with a hash of the whole name. */
function bounded(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - 9)}-${hash}`;
}
