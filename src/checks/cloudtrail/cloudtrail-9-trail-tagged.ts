import type { AccountSnapshot, Trail } from '../../snapshot/types.js';
import { errorFinding, trailResource } from '../lib/findings.js';
import { trailLabel } from '../lib/trail-inventory.js';
import type { Control, Finding } from '../types.js';
import { eachTrail } from './each-trail.js';

/**
 * Security Hub CSPM's CloudTrail.9, "CloudTrail trails should be tagged"
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-9),
 * with the semantics Security Hub gives all of its "should be tagged" controls (worded alike on
 * each service's page, e.g. https://docs.aws.amazon.com/securityhub/latest/userguide/detective-controls.html#detective-1):
 * the resource fails if it has no tag key, or lacks any key of `requiredTagKeys` (a list of 1-6
 * non-system keys, case-sensitive, no default); without the parameter only the existence of a tag
 * key is checked. System tags, which AWS applies and which begin with `aws:`, are ignored. Values
 * are not judged: a key with an empty or null value is present.
 */
export const trailTagged: Control = {
  id: 'CloudTrail.9',
  securityHubId: 'CloudTrail.9',
  title: 'CloudTrail trails should be tagged',
  severity: 'LOW',
  cis: {},
  family: 'cloudtrail',
  resourceType: 'AWS::CloudTrail::Trail',
  repair: { by: 'trail-tags' },
  rationale:
    'Tags say who owns a trail and what it is for: a trail nobody can attribute is the one that gets deleted in a clean-up, or that nobody notices missing, and tag-based access policies and cost reports cannot see it.',
  remediation:
    'Tag the trail in its home Region with each required key (aws cloudtrail add-tags --resource-id TRAIL_ARN --tags-list Key=KEY,Value=VALUE), or with at least one tag when no keys are required. Organization trails are tagged in the account that owns them.',
  decides:
    'Per trail, on ListTags in its home Region, ignoring system tags (keys beginning with aws:), as Security Hub does: with requiredTagKeys (config key, or --required-tag-keys; 1-6 case-sensitive keys) PASS when the trail has every one of those keys, FAIL naming the missing ones; without it PASS when the trail has at least one tag, FAIL when it has none. Tag values are not judged. ERROR when the tags could not be read (an organization trail whose owner is not part of the run).',
  evaluate(snapshot, { config }) {
    return eachTrail(snapshot, (trail) => evaluateTrail(snapshot, trail, config.requiredTagKeys));
  },
};

function evaluateTrail(snapshot: AccountSnapshot, trail: Trail, required: readonly string[]): Finding {
  const resource = trailResource(trail);
  const label = trailLabel(trail, snapshot);
  if (!trail.tags)
    return { status: 'ERROR', resource, reason: `${label}: the snapshot holds no tags (taken before trailwarden read them); scan the account again` };
  if (!trail.tags.ok) return errorFinding(resource, trail.tags.error, `the tags of ${label}`);
  const keys = userTagKeys(trail.tags.value);
  const evidence = { tagKeys: keys, ...(required.length > 0 && { requiredTagKeys: [...required] }) };
  if (required.length === 0) {
    return keys.length > 0
      ? { status: 'PASS', resource, reason: `${label}: tagged (${keys.join(', ')})`, evidence }
      : { status: 'FAIL', resource, reason: `${label}: has no tags${trail.tags.value.length > 0 ? ' other than system tags (aws:)' : ''}`, evidence };
  }
  const missing = missingTagKeys(trail, required);
  if (missing.length > 0)
    return {
      status: 'FAIL',
      resource,
      reason: `${label}: lacks the required tag key${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      evidence: { ...evidence, missing },
    };
  return { status: 'PASS', resource, reason: `${label}: has every required tag key (${required.join(', ')})`, evidence };
}

/** The keys that count: not the system tags AWS applies (`aws:`), which Security Hub ignores. */
function userTagKeys(tags: readonly { key: string }[]): string[] {
  return tags.map((tag) => tag.key).filter((key) => !key.toLowerCase().startsWith('aws:'));
}

/** Of `required`, the keys the trail lacks (case-sensitive, as tag keys are); `[]` when its tags are unknown. */
export function missingTagKeys(trail: Trail, required: readonly string[]): string[] {
  if (!trail.tags?.ok) return [];
  const present = new Set(userTagKeys(trail.tags.value));
  return required.filter((key) => !present.has(key));
}
