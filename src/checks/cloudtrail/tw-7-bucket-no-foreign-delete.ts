import type { PolicyDocument, PolicyRequest, RequestPrincipal } from '../../policy/index.js';
import type { AccountSnapshot, Bucket, BucketAcl } from '../../snapshot/types.js';
import { errorFinding } from '../lib/findings.js';
import { bucketArnOf, bucketOwner, decide, ELSEWHERE_ACCOUNT, readBucketPolicy, trailLogRoot } from '../lib/trail-bucket-policy.js';
import type { Control, Finding, ResourceRef } from '../types.js';
import { eachTrailBucket } from './each-trail.js';

/**
 * The S3 actions that destroy a trail bucket's log files, or open the way to it
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html):
 * - s3:DeleteObject, s3:DeleteObjectVersion: delete a log file, or (with a version id) its versions;
 * - s3:PutLifecycleConfiguration: an expiration rule deletes every log file after a day;
 * - s3:PutBucketVersioning: suspends versioning, so that later deletes and overwrites destroy;
 * - s3:BypassGovernanceRetention: deletes versions that GOVERNANCE-mode Object Lock keeps
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html#object-lock-managing-bypass);
 * - s3:PutBucketObjectLockConfiguration: shortens the default retention of the next log files;
 * - s3:PutBucketPolicy, s3:DeleteBucketPolicy, s3:PutBucketAcl: grant any of the above to anyone
 *   (and removing the policy also stops CloudTrail delivering).
 * Writes of new objects are not here: who may write is TW.6 (CloudTrail) and CloudTrail.6 (everyone).
 */
const OBJECT_ACTIONS = ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention'];
const BUCKET_ACTIONS = [
  's3:PutLifecycleConfiguration',
  's3:PutBucketVersioning',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
];

/** ACL permissions that let a grantee delete objects (WRITE on a bucket) or grant that (WRITE_ACP). */
const DELETING_GRANTS = new Set(['WRITE', 'WRITE_ACP', 'FULL_CONTROL']);

export const bucketNoForeignDelete: Control = {
  id: 'TW.7',
  title: 'Only the owner account may delete from the trail bucket or change its protections',
  severity: 'HIGH',
  cis: {},
  family: 'cloudtrail',
  resourceType: 'AWS::S3::Bucket',
  repair: {
    notRepaired:
      'Whoever the bucket policy or ACL lets delete log files or change the bucket’s protections (a log-archive tool, a partner, a break-glass role of another account) is the owner’s decision: fix never removes or narrows a statement, since that could break what relies on it. The result names each statement and principal to review.',
  },
  rationale:
    'Log files are evidence against whoever could delete them. A bucket policy (or ACL) that lets another account, a service on behalf of anyone, or everyone delete objects or versions, rewrite the lifecycle, versioning, Object Lock or the policy itself hands that evidence to them: the first thing an attacker who stopped the alarms does next.',
  remediation:
    'Remove or narrow the bucket policy statements (and ACL grants) that allow s3:DeleteObject, s3:DeleteObjectVersion, s3:PutLifecycleConfiguration, s3:PutBucketVersioning, s3:BypassGovernanceRetention, s3:PutBucketObjectLockConfiguration, s3:PutBucketPolicy, s3:DeleteBucketPolicy or s3:PutBucketAcl to principals outside the bucket owner’s account; give a service such a grant only with an aws:SourceAccount or aws:SourceArn of the owner’s.',
  decides:
    "Per trail bucket (one result for all the trails that share it), with the IAM policy evaluator over the bucket policy as the bucket owner reads it: each of those actions (on a log file of each trail, or on the bucket) is asked for a role of an account outside the run, for every account, role, user and service the policy's statements name outside the owner's account (a service asked on behalf of a resource of another account), with the keys such a request carries (aws:PrincipalAccount and aws:PrincipalArn, or aws:SourceArn and aws:SourceAccount; TLS). FAIL when any is allowed, or when the ACL grants WRITE, WRITE_ACP or FULL_CONTROL to anyone but the owner; ERROR when an answer depends on a condition the evaluator cannot decide (aws:PrincipalOrgID, say), or the policy, its owner or the ACL cannot be read; PASS otherwise. The owner account's own principals are not asked: their permissions are the account's IAM policies.",
  evaluate(snapshot, { organization }) {
    return eachTrailBucket(snapshot, (bucket, { resource, trails }) => {
      const owner = bucketOwner(bucket, snapshot, organization);
      if (!bucket.policy.ok) return errorFinding(resource, bucket.policy.error, `the bucket policy of ${bucket.name}`);
      if (!bucket.acl.ok) return errorFinding(resource, bucket.acl.error, `the ACL of ${bucket.name}`);
      const about = `bucket ${bucket.name} (${trails})`;
      // The policy was read, so some account of the run owns the bucket.
      return evaluateBucket(snapshot, bucket, owner ?? snapshot.account.id, bucket.acl.value, resource, about);
    });
  },
};

function evaluateBucket(snapshot: AccountSnapshot, bucket: Bucket, owner: string, acl: BucketAcl, resource: ResourceRef, about: string): Finding {
  const read = readBucketPolicy(bucket.policy.ok ? bucket.policy.value : null);
  if (!read.ok) return { status: 'ERROR', resource, reason: `${about}: ${read.why}` };
  const bucketArn = bucketArnOf(snapshot, bucket.name);
  const roots = [...new Set(snapshot.trails.filter((trail) => trail.s3BucketName === bucket.name).map(trailLogRoot))];
  const requests = [
    ...OBJECT_ACTIONS.flatMap((action) => roots.map((root) => ({ action, resource: `${bucketArn}/${root}trailwarden-probe.json.gz` }))),
    ...BUCKET_ACTIONS.map((action) => ({ action, resource: bucketArn })),
  ];
  const allowed: string[] = [];
  const uncertain: string[] = [];
  for (const { principal, who } of askedPrincipals(read.policy, owner, snapshot.account.partition)) {
    for (const request of requests) {
      const decision = decide(read.policy, { ...request, principal, context: contextOf(principal, snapshot.account.partition) } satisfies PolicyRequest);
      if (decision.kind === 'allow') allowed.push(`${who} may ${request.action} (statement ${decision.statement})`);
      else if (decision.kind === 'uncertain') uncertain.push(`whether ${who} may ${request.action}: ${decision.why}`);
    }
  }
  const grants = acl.grants.filter((grant) => DELETING_GRANTS.has(grant.permission) && !(grant.granteeId && grant.granteeId === acl.ownerId));
  for (const grant of grants) allowed.push(`the ACL grants ${grant.permission} to ${grant.granteeUri ?? grant.granteeId ?? grant.granteeType}`);

  const evidence = { owner };
  if (allowed.length > 0) return { status: 'FAIL', resource, reason: `${about}, owned by account ${owner}: ${allowed.join('; ')}`, evidence };
  if (uncertain.length > 0) return { status: 'ERROR', resource, reason: `${about}: trailwarden cannot decide ${uncertain.join('; ')}`, evidence };
  return {
    status: 'PASS',
    resource,
    reason: `${about}: no principal outside the owner account ${owner} may delete log files or change the bucket's policy, ACL, versioning, lifecycle or Object Lock`,
    evidence,
  };
}

interface AskedPrincipal {
  principal: RequestPrincipal;
  who: string;
}

/** A role of an account outside the run (it stands for `*` and NotPrincipal), and every principal the policy names outside the owner's account. */
function askedPrincipals(policy: PolicyDocument | null, owner: string, partition: string): AskedPrincipal[] {
  const anyone = `arn:${partition}:iam::${ELSEWHERE_ACCOUNT}:role/trailwarden-probe`;
  const asked = new Map<string, AskedPrincipal>([
    [anyone, { principal: { kind: 'aws', arn: anyone, accountId: ELSEWHERE_ACCOUNT }, who: 'any principal of another account' }],
  ]);
  for (const statement of policy?.statements ?? []) {
    if (statement.effect !== 'Allow' || !statement.principal) continue;
    for (const id of statement.principal.byType['AWS'] ?? []) {
      const account = /^\d{12}$/.test(id) ? id : id.split(':')[4];
      if (id === '*' || !account || account === owner) continue;
      const arn = /^\d{12}$/.test(id) ? `arn:${partition}:iam::${id}:root` : id;
      asked.set(arn, { principal: { kind: 'aws', arn, accountId: account }, who: arn.endsWith(':root') ? `account ${account}` : arn });
    }
    for (const service of statement.principal.byType['Service'] ?? []) {
      asked.set(service, { principal: { kind: 'service', service }, who: `${service} on behalf of another account` });
    }
  }
  return [...asked.values()];
}

/**
 * The keys of the request: an IAM principal's call carries its account and ARN and no source keys;
 * a service's call on behalf of a resource of another account carries that resource and account.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
function contextOf(principal: RequestPrincipal, partition: string): PolicyRequest['context'] {
  if (principal.kind === 'service') {
    const service = principal.service.split('.')[0] ?? principal.service;
    return {
      'aws:sourcearn': `arn:${partition}:${service}:us-east-1:${ELSEWHERE_ACCOUNT}:trailwarden-probe`,
      'aws:sourceaccount': ELSEWHERE_ACCOUNT,
      'aws:securetransport': 'true',
    };
  }
  return {
    'aws:principalaccount': principal.accountId,
    'aws:principalarn': principal.arn,
    'aws:sourcearn': null,
    'aws:sourceaccount': null,
    'aws:securetransport': 'true',
  };
}
