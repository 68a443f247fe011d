import type { AccountSnapshot, LifecycleRule, Trail } from '../../snapshot/types.js';
import { errorFinding, trailResource } from '../lib/findings.js';
import { trailLogRoot } from '../lib/trail-bucket-policy.js';
import { trailLabel } from '../lib/trail-inventory.js';
import type { Control, Finding } from '../types.js';
import { eachTrail } from './each-trail.js';

export const bucketLifecycle: Control = {
  id: 'TW.2',
  title: 'Trail bucket has a lifecycle rule',
  severity: 'LOW',
  cis: {},
  family: 'cloudtrail',
  resourceType: 'AWS::CloudTrail::Trail',
  repair: { by: 'bucket-lifecycle' },
  rationale:
    'Without a lifecycle rule, log files accumulate in S3 Standard forever (and with versioning, so do their old versions): the cost grows until someone deletes logs by hand, which is exactly the access an audit bucket should not need.',
  remediation:
    "Add an enabled lifecycle rule to the trail bucket, with no prefix or one that contains the trail's log files, that transitions them to an archive storage class and/or expires them (and their noncurrent versions) after your retention period.",
  decides:
    "Per trail (different trails may write under different prefixes of one bucket): PASS when the bucket has an Enabled lifecycle rule whose prefix contains the trail's log files (PREFIX/AWSLogs/ACCOUNT/, or PREFIX/AWSLogs/ for an organization trail) and that expires or transitions current or noncurrent versions. FAIL otherwise, saying why each rule does not count.",
  evaluate(snapshot) {
    return eachTrail(snapshot, (trail) => evaluateTrail(snapshot, trail));
  },
};

function evaluateTrail(snapshot: AccountSnapshot, trail: Trail): Finding {
  const resource = trailResource(trail);
  const label = trailLabel(trail, snapshot);
  const bucket = snapshot.buckets.find((candidate) => candidate.name === trail.s3BucketName);
  if (!bucket) return { status: 'ERROR', resource, reason: `${label}: its bucket ${trail.s3BucketName ?? '(none named)'} is missing from the snapshot` };
  if (!bucket.lifecycle.ok) return errorFinding(resource, bucket.lifecycle.error, `the lifecycle configuration of bucket ${bucket.name}`);
  const rules = bucket.lifecycle.value ?? [];
  const logs = trailLogRoot(trail);
  const about = `${label}: bucket ${bucket.name}`;
  if (rules.length === 0) return { status: 'FAIL', resource, reason: `${about} has no lifecycle rule` };
  const qualifying = rules.find((rule) => whyRuleMisses(rule, logs) === undefined);
  if (qualifying) {
    return {
      status: 'PASS',
      resource,
      reason: `${about}: lifecycle rule ${ruleName(qualifying)} ages out the log files under ${logs}`,
      evidence: { rule: qualifying },
    };
  }
  const misses = rules.map((rule) => `rule ${ruleName(rule)} ${whyRuleMisses(rule, logs)}`);
  return { status: 'FAIL', resource, reason: `${about} has no lifecycle rule for the log files under ${logs}: ${misses.join('; ')}`, evidence: { rules } };
}

function whyRuleMisses(rule: LifecycleRule, logs: string): string | undefined {
  if (rule.status !== 'Enabled') return `is ${rule.status}`;
  const prefix = rule.prefix ?? '';
  if (!logs.startsWith(prefix)) return `applies to prefix "${prefix}" only`;
  const agesOut =
    rule.expirationDays !== undefined || rule.noncurrentExpirationDays !== undefined || rule.transitions.length > 0 || rule.noncurrentTransitions.length > 0;
  return agesOut ? undefined : 'neither expires nor transitions log files or their old versions';
}

function ruleName(rule: LifecycleRule): string {
  return rule.id ? `"${rule.id}"` : '(unnamed)';
}
