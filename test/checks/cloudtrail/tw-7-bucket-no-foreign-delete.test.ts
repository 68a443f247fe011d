import { describe, expect, it } from 'vitest';
import { bucketNoForeignDelete } from '../../../src/checks/cloudtrail/tw-7-bucket-no-foreign-delete.js';
import { evaluateControls } from '../../../src/checks/engine.js';
import { OrganizationView } from '../../../src/checks/organization.js';
import { DEFAULT_CONFIG } from '../../../src/config/types.js';
import type { Bucket } from '../../../src/snapshot/types.js';
import { ACCOUNT_ID, bucket, cloudTrailBucketPolicy, evaluate, failed, ok, orgTrail, OWNER_CANONICAL_ID, snapshotWith, TRAIL_BUCKET } from '../fixtures.js';

const BUCKET_ARN = `arn:aws:s3:::${TRAIL_BUCKET}`;
const PARTNER = '999988887777';

/** The fixture's CloudTrail policy plus `statements`. */
function policyWith(...statements: Record<string, unknown>[]): string {
  const policy = JSON.parse(cloudTrailBucketPolicy()) as { Statement: unknown[] };
  return JSON.stringify({ ...policy, Statement: [...policy.Statement, ...statements] });
}

function resultWith(overrides: Partial<Bucket>) {
  const findings = evaluate(bucketNoForeignDelete, snapshotWith({ buckets: [bucket(TRAIL_BUCKET, overrides)] }));
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

const grant = (principal: unknown, action: string | string[], extra: Record<string, unknown> = {}) => ({
  Sid: 'Grant',
  Effect: 'Allow',
  Principal: principal,
  Action: action,
  Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
  ...extra,
});

describe('TW.7 only the owner account deletes from the trail bucket', () => {
  it("passes with AWS's CloudTrail policy (CloudTrail may only write), or none", () => {
    expect(resultWith({})).toMatchObject({
      status: 'PASS',
      resource: { arn: BUCKET_ARN },
      reason: `bucket ${TRAIL_BUCKET} (trail main): no principal outside the owner account ${ACCOUNT_ID} may delete log files or change the bucket's policy, ACL, versioning, lifecycle or Object Lock`,
    });
    expect(resultWith({ policy: ok(null) }).status).toBe('PASS');
  });

  it("passes a grant to the owner account's own roles: their permissions are the account's IAM policies", () => {
    expect(resultWith({ policy: ok(policyWith(grant({ AWS: `arn:aws:iam::${ACCOUNT_ID}:role/BreakGlass` }, 's3:*'))) }).status).toBe('PASS');
  });

  it('fails when another account the policy names may delete log files', () => {
    const result = resultWith({ policy: ok(policyWith(grant({ AWS: PARTNER }, ['s3:DeleteObject', 's3:DeleteObjectVersion']))) });
    expect(result.status).toBe('FAIL');
    expect(result.reason).toBe(
      `bucket ${TRAIL_BUCKET} (trail main), owned by account ${ACCOUNT_ID}: account ${PARTNER} may s3:DeleteObject (statement Grant); account ${PARTNER} may s3:DeleteObjectVersion (statement Grant)`,
    );
  });

  it('fails when everyone may rewrite the lifecycle or the policy', () => {
    const result = resultWith({ policy: ok(policyWith(grant('*', ['s3:PutLifecycleConfiguration', 's3:PutBucketPolicy']))) });
    expect(result.status).toBe('FAIL');
    expect(result.reason).toContain(
      'any principal of another account may s3:PutLifecycleConfiguration (statement Grant); any principal of another account may s3:PutBucketPolicy',
    );
  });

  it('fails a service that may delete on behalf of anyone, and passes it pinned to the owner with aws:SourceAccount', () => {
    const service = (condition?: Record<string, unknown>) =>
      grant({ Service: 'backup.amazonaws.com' }, 's3:DeleteObject', condition ? { Condition: condition } : {});
    expect(resultWith({ policy: ok(policyWith(service())) }).reason).toContain('backup.amazonaws.com on behalf of another account may s3:DeleteObject');
    expect(resultWith({ policy: ok(policyWith(service({ StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } }))) }).status).toBe('PASS');
  });

  it('passes an account-wide deny that leaves only the owner', () => {
    const deny = {
      Sid: 'OnlyOwnerDeletes',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:DeleteObject',
      Resource: `${BUCKET_ARN}/*`,
      Condition: { StringNotEquals: { 'aws:PrincipalAccount': ACCOUNT_ID } },
    };
    expect(resultWith({ policy: ok(policyWith(grant({ AWS: PARTNER }, 's3:DeleteObject'), deny)) }).status).toBe('PASS');
  });

  it('reports ERROR when a grant depends on a condition trailwarden cannot decide', () => {
    const orgWide = grant('*', 's3:DeleteObject', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorgid' } } });
    const result = resultWith({ policy: ok(policyWith(orgWide)) });
    expect(result.status).toBe('ERROR');
    expect(result.reason).toContain('whether any principal of another account may s3:DeleteObject: Allow Grant: condition StringEquals aws:PrincipalOrgID');
  });

  it('fails an ACL that lets another canonical user write', () => {
    const acl = ok({
      ownerId: OWNER_CANONICAL_ID,
      grants: [
        { granteeType: 'CanonicalUser', granteeId: OWNER_CANONICAL_ID, permission: 'FULL_CONTROL' },
        { granteeType: 'CanonicalUser', granteeId: 'partner-canonical-id', permission: 'WRITE' },
      ],
    });
    expect(resultWith({ acl }).reason).toContain('the ACL grants WRITE to partner-canonical-id');
  });

  it('reports ERROR when the policy or the ACL could not be read', () => {
    expect(resultWith({ policy: failed('s3:GetBucketPolicy') }).reason).toMatch(/^could not read the bucket policy of/);
    expect(resultWith({ acl: failed('s3:GetBucketAcl') }).reason).toMatch(/^could not read the ACL of/);
  });

  it("judges an organization trail's bucket as its owner, the log-archive account, reads it", () => {
    const LOG_ARCHIVE = '444444444444';
    const archiveRole = grant({ AWS: `arn:aws:iam::${LOG_ARCHIVE}:role/Archiver` }, 's3:DeleteObject', { Resource: 'arn:aws:s3:::org-trail-logs/*' });
    const held = bucket('org-trail-logs', { policy: ok(JSON.stringify({ Statement: [archiveRole] })) });
    const refused = failed('s3:GetBucketLocation', 'us-east-1', 'AccessDenied', 'org-trail-logs');
    const member = snapshotWith({ trails: [orgTrail()], buckets: [bucket('org-trail-logs', { region: refused, policy: refused, acl: refused })] });
    const archive = snapshotWith({ account: { id: LOG_ARCHIVE, partition: 'aws' }, trails: [orgTrail()], buckets: [held] });
    const organization = new OrganizationView([member, archive]);
    const [result] = evaluateControls(member, [bucketNoForeignDelete], { config: DEFAULT_CONFIG, organization });
    // The archive's own role is the owner's; seen from the member, it would be another account's.
    expect(result).toMatchObject({ status: 'PASS', reason: expect.stringContaining(`outside the owner account ${LOG_ARCHIVE}`) });
  });
});
