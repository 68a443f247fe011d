import type { Decision } from '../../policy/index.js';
import type { AccountSnapshot, Trail } from '../../snapshot/types.js';
import { errorFinding, trailResource } from '../lib/findings.js';
import {
  bucketArnOf,
  cloudTrailWrite,
  decide,
  ELSEWHERE_ACCOUNT,
  keysNamedByPolicy,
  readBucketPolicy,
  trailKeyPrefix,
  trailLogRoot,
} from '../lib/trail-bucket-policy.js';
import { trailLabel } from '../lib/trail-inventory.js';
import type { Control, Finding } from '../types.js';
import { eachTrail } from './each-trail.js';

/**
 * AWS's policy for a trail bucket lets cloudtrail.amazonaws.com PutObject under
 * `[optionalPrefix]/AWSLogs/ACCOUNT/*` (an organization trail also under `AWSLogs/ORG-ID/*`) with
 * `aws:SourceArn` the trail's ARN: "The IAM global condition key aws:SourceArn helps ensure that
 * CloudTrail writes to the S3 bucket only for a specific trail or trails. The value of
 * aws:SourceArn is always the ARN of the trail (or array of trail ARNs) that is using the bucket".
 * Without it, CloudTrail writes into the bucket for any trail of any account that names it (the
 * confused deputy), which can bury or forge the trail's logs.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
export const bucketCloudTrailWriteScope: Control = {
  id: 'TW.6',
  title: "Trail bucket lets CloudTrail write only this trail's logs, under its prefix (aws:SourceArn)",
  severity: 'HIGH',
  cis: {},
  family: 'cloudtrail',
  resourceType: 'AWS::CloudTrail::Trail',
  repair: { by: 'bucket-policy-source-arn' },
  rationale:
    "A bucket policy that lets cloudtrail.amazonaws.com write without an aws:SourceArn condition lets CloudTrail write there for any trail, of any account, that names the bucket: anyone can flood the trail's prefix with forged or noise log files (the confused deputy). One that lets it write outside the trail's prefix lets a trail write where other readers or tools do not expect log files.",
  remediation:
    "In the trail bucket's policy, give each statement that allows cloudtrail.amazonaws.com an aws:SourceArn condition naming the trail ARNs that use the bucket (StringEquals), and limit its Resource to PREFIX/AWSLogs/ACCOUNT/* (and AWSLogs/ORG-ID/* for an organization trail), as AWS's 'Amazon S3 bucket policy for CloudTrail' shows.",
  decides:
    "Per trail, with the IAM policy evaluator over the bucket policy as the bucket owner reads it, CloudTrail's PutObject asked with the keys its requests carry (aws:SourceArn, aws:SourceAccount, s3:x-amz-acl bucket-owner-full-control, TLS): FAIL when CloudTrail may not write the trail's own log files (PREFIX/AWSLogs/ACCOUNT/, for an account trail; an organization trail's PREFIX/AWSLogs/ORG-ID/ is not asked, the snapshot not holding the organization's id); when it may write for a trail of another account, or for another trail of the same account (no aws:SourceArn naming the trail), under the trail's prefix; or when it may write for this trail outside PREFIX/AWSLogs/ACCOUNT/ (PREFIX/AWSLogs/ for an organization trail), asked at the bucket's top, at another account's PREFIX/AWSLogs/ and at every key the policy's own Resource patterns name. ERROR when a statement's applying depends on a condition the evaluator cannot decide (another condition key, an operator it does not decide), or the policy cannot be read. PASS otherwise.",
  evaluate(snapshot) {
    return eachTrail(snapshot, (trail) => evaluateTrail(snapshot, trail));
  },
};

/** One question to the evaluator, with what an Allow would mean. */
interface Probe {
  key: string;
  sourceArn: string;
  /** What it means when CloudTrail may write: "for a trail of another account". */
  allowedMeans: string;
}

function evaluateTrail(snapshot: AccountSnapshot, trail: Trail): Finding {
  const resource = trailResource(trail);
  const label = trailLabel(trail, snapshot);
  const bucket = snapshot.buckets.find((candidate) => candidate.name === trail.s3BucketName);
  if (!bucket) return { status: 'ERROR', resource, reason: `${label}: its bucket ${trail.s3BucketName ?? '(none named)'} is missing from the snapshot` };
  if (!bucket.policy.ok) return errorFinding(resource, bucket.policy.error, `the bucket policy of ${bucket.name}`);
  const read = readBucketPolicy(bucket.policy.value);
  const about = `${label}: bucket ${bucket.name}`;
  if (!read.ok) return { status: 'ERROR', resource, reason: `${about}: ${read.why}` };
  const { policy } = read;

  const bucketArn = bucketArnOf(snapshot, bucket.name);
  const root = `${bucketArn}/${trailLogRoot(trail)}`;
  const logFile = (account: string) => `${bucketArn}/${trailKeyPrefix(trail)}AWSLogs/${account}/CloudTrail/${trail.homeRegion}/trailwarden-probe.json.gz`;
  const ownLogFile = logFile(trail.ownerAccountId);
  const named = keysNamedByPolicy(policy, bucketArn);
  const inside = [ownLogFile, ...named.filter((key) => key.startsWith(root))];
  const outside = [
    `${bucketArn}/trailwarden-probe`,
    ...(trail.isOrganizationTrail ? [] : [logFile(ELSEWHERE_ACCOUNT)]),
    ...named.filter((key) => !key.startsWith(root)),
  ];
  const [partition, , region] = trail.arn.split(':').slice(1);
  const foreignTrail = `arn:${partition}:cloudtrail:${region}:${ELSEWHERE_ACCOUNT}:trail/trailwarden-probe`;
  const otherTrail = `arn:${partition}:cloudtrail:${region}:${trail.ownerAccountId}:trail/trailwarden-probe`;
  const probes: Probe[] = [
    ...inside.flatMap((key) => [
      { key, sourceArn: foreignTrail, allowedMeans: 'for a trail of another account' },
      { key, sourceArn: otherTrail, allowedMeans: `for any trail of account ${trail.ownerAccountId}, not only this one` },
    ]),
    ...outside.map((key) => ({ key, sourceArn: trail.arn, allowedMeans: `for this trail outside ${root.slice(bucketArn.length + 1) || 'the trail prefix'}` })),
  ];

  const failures: string[] = [];
  const uncertain: string[] = [];
  // An organization trail's own files go under AWSLogs/ORG-ID/, whose id the snapshot does not hold.
  const delivery = trail.isOrganizationTrail ? undefined : decide(policy, cloudTrailWrite(ownLogFile, trail.arn));
  if (delivery?.kind === 'uncertain') uncertain.push(`whether CloudTrail may deliver this trail's files: ${delivery.why}`);
  else if (delivery && delivery.kind !== 'allow')
    failures.push(`CloudTrail may not write this trail's log files under ${relative(ownLogFile, bucketArn, true)} (${describe(delivery)})`);
  // Where CloudTrail writes for another account's trail, it writes for this account's other trails too: said once.
  const openToAnyone = new Set<string>();
  const allowed = new Map<string, string[]>();
  for (const probe of dedupe(probes)) {
    if (probe.sourceArn === otherTrail && openToAnyone.has(probe.key)) continue;
    const decision = decide(policy, cloudTrailWrite(probe.key, probe.sourceArn));
    if (decision.kind === 'allow' && probe.sourceArn === foreignTrail) openToAnyone.add(probe.key);
    if (decision.kind === 'allow') {
      // The keys one statement opens the same way are said together.
      const why = `${probe.allowedMeans} (statement ${decision.statement})`;
      allowed.set(why, [...(allowed.get(why) ?? []), relative(probe.key, bucketArn)]);
    } else if (decision.kind === 'uncertain')
      uncertain.push(`whether CloudTrail may write ${relative(probe.key, bucketArn)} ${probe.allowedMeans}: ${decision.why}`);
  }
  for (const [why, keys] of allowed) failures.push(`CloudTrail may write ${keys.join(', ')} ${why}`);
  const evidence = { bucket: bucket.name, logRoot: root.slice(bucketArn.length + 1) };
  if (failures.length > 0) return { status: 'FAIL', resource, reason: `${about}: ${failures.join('; ')}`, evidence };
  if (uncertain.length > 0) return { status: 'ERROR', resource, reason: `${about}: trailwarden cannot decide ${uncertain.join('; ')}`, evidence };
  const writes = delivery?.kind === 'allow' ? `, by statement ${delivery.statement},` : '';
  return {
    status: 'PASS',
    resource,
    reason: `${about} lets CloudTrail write${writes} only under ${evidence.logRoot} and only for this trail (aws:SourceArn)`,
    evidence,
  };
}

function dedupe(probes: Probe[]): Probe[] {
  const seen = new Set<string>();
  return probes.filter((probe) => {
    const id = `${probe.key} ${probe.sourceArn}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** `AWSLogs/000000000000/…` rather than the whole ARN; `folder`: the key's directory only. */
function relative(objectArn: string, bucketArn: string, folder = false): string {
  const key = objectArn.slice(bucketArn.length + 1);
  return folder ? key.slice(0, key.indexOf('CloudTrail/')) : key || '(the top of the bucket)';
}

function describe(decision: Exclude<Decision, { kind: 'allow' } | { kind: 'uncertain' }>): string {
  return decision.kind === 'explicit-deny' ? `statement ${decision.statement} denies it` : 'no statement allows it';
}
