import { describe, expect, it } from 'vitest';
import { bucketNotPublic } from '../../../src/checks/cloudtrail/cloudtrail-6-bucket-not-public.js';
import { publicStatements } from '../../../src/checks/lib/bucket-exposure.js';
import type { Bucket, BucketAcl } from '../../../src/snapshot/types.js';
import { bucket, evaluate, failed, ok, orgTrail, publicAccessBlock, snapshotWith, trail, TRAIL_BUCKET, type SnapshotParts } from '../fixtures.js';

const NO_BLOCK = ok(null);

function policy(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

const publicRead = { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${TRAIL_BUCKET}/*` };
const allUsersRead: BucketAcl = { grants: [{ granteeType: 'Group', granteeUri: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' }] };

function resultFor(overrides: Partial<Bucket>, parts: SnapshotParts = {}) {
  const findings = evaluate(bucketNotPublic, snapshotWith({ buckets: [bucket(TRAIL_BUCKET, { publicAccessBlock: NO_BLOCK, ...overrides })], ...parts }));
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

describe('CloudTrail.6 trail bucket not public', () => {
  it('passes for a bucket whose policy only lets CloudTrail in', () => {
    const result = resultFor({});
    expect(result).toMatchObject({ status: 'PASS', resource: { arn: `arn:aws:s3:::${TRAIL_BUCKET}`, type: 'AwsS3Bucket' } });
    expect(result.reason).toBe(`bucket ${TRAIL_BUCKET} (trail main) is not public: neither the bucket policy nor the ACL grants public access`);
  });

  it('fails for a policy allowing Principal "*"', () => {
    const result = resultFor({ policy: ok(policy(publicRead)) });
    expect(result.status).toBe('FAIL');
    expect(result.reason).toBe(
      `bucket ${TRAIL_BUCKET} (trail main) is public: bucket policy statement PublicRead (s3:GetObject) allows everyone without a restricting condition`,
    );
    expect(result.evidence).toEqual({ statements: [{ sid: 'PublicRead', actions: ['s3:GetObject'] }], grants: [] });
  });

  it('fails for an ACL grant to AllUsers or AuthenticatedUsers', () => {
    expect(resultFor({ acl: ok(allUsersRead) }).reason).toContain('is public: the ACL grants READ to AllUsers');
    const authenticated: BucketAcl = {
      grants: [{ granteeType: 'Group', granteeUri: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers', permission: 'WRITE' }],
    };
    expect(resultFor({ acl: ok(authenticated) }).reason).toContain('the ACL grants WRITE to AuthenticatedUsers');
  });

  it('passes when RestrictPublicBuckets neutralises the policy, at bucket or account level, and says so', () => {
    const atBucket = resultFor({ policy: ok(policy(publicRead)), publicAccessBlock: ok(publicAccessBlock({ ignorePublicAcls: false })) });
    expect(atBucket.status).toBe('PASS');
    expect(atBucket.reason).toContain(
      'statement PublicRead (s3:GetObject) allows everyone without a restricting condition, but RestrictPublicBuckets (bucket level) neutralises it',
    );
    const atAccount = resultFor({ policy: ok(policy(publicRead)) }, { accountPublicAccessBlock: ok(publicAccessBlock()) });
    expect(atAccount.reason).toContain('RestrictPublicBuckets (account level) neutralises it');
  });

  it('fails when only BlockPublicPolicy is on: it does not touch a policy already in place', () => {
    const result = resultFor({ policy: ok(policy(publicRead)), publicAccessBlock: ok(publicAccessBlock({ restrictPublicBuckets: false })) });
    expect(result.status).toBe('FAIL');
    expect(result.reason).toContain('(BlockPublicPolicy, bucket level, only rejects new public policies; RestrictPublicBuckets would neutralise this one)');
  });

  it('passes when IgnorePublicAcls neutralises the ACL, but not with BlockPublicAcls alone', () => {
    expect(resultFor({ acl: ok(allUsersRead) }, { accountPublicAccessBlock: ok(publicAccessBlock({ restrictPublicBuckets: false })) }).reason).toContain(
      'the ACL grants READ to AllUsers, but IgnorePublicAcls (account level) neutralises it',
    );
    const blockOnly = publicAccessBlock({ ignorePublicAcls: false, blockPublicAcls: true });
    expect(resultFor({ acl: ok(allUsersRead), publicAccessBlock: ok(blockOnly) }).status).toBe('FAIL');
  });

  it('reports ERROR when the policy could not be read and nothing neutralises it', () => {
    const result = resultFor({ policy: failed('s3:GetBucketPolicy') });
    expect(result.status).toBe('ERROR');
    expect(result.reason).toMatch(/^could not read the bucket policy of trail-logs-123456789012: s3:GetBucketPolicy/);
  });

  it('needs no policy when RestrictPublicBuckets is on anyway', () => {
    expect(resultFor({ policy: failed('s3:GetBucketPolicy') }, { accountPublicAccessBlock: ok(publicAccessBlock()) }).status).toBe('PASS');
  });

  it('fails on a public ACL whatever could not be read', () => {
    expect(resultFor({ policy: failed('s3:GetBucketPolicy'), acl: ok(allUsersRead) }).status).toBe('FAIL');
  });

  it('reports ERROR when a public policy meets unreadable Block Public Access settings', () => {
    const result = resultFor({ policy: ok(policy(publicRead)), publicAccessBlock: failed('s3:GetPublicAccessBlock') });
    expect(result.status).toBe('ERROR');
    expect(result.reason).toContain("could not read the bucket's Block Public Access settings");
  });

  it('reports one result per bucket, naming the trails that share it', () => {
    const findings = evaluate(bucketNotPublic, snapshotWith({ trails: [trail(), orgTrail({ s3BucketName: TRAIL_BUCKET })] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.reason).toContain('(trail main, trail org-trail (organization trail owned by 111111111111))');
  });

  it('reports ERROR for an organization trail bucket this account cannot read', () => {
    const denied = failed('s3:GetBucketLocation', 'us-east-1', 'AccessDenied', 'org-trail-logs');
    const unreadable = bucket('org-trail-logs', { region: denied, policy: denied, publicAccessBlock: denied, acl: denied });
    const [result] = evaluate(bucketNotPublic, snapshotWith({ trails: [orgTrail()], buckets: [unreadable] }));
    expect(result).toMatchObject({ status: 'ERROR', resource: { arn: 'arn:aws:s3:::org-trail-logs', region: 'us-east-1' } });
  });
});

describe('public policy statements', () => {
  const allow = (extra: Record<string, unknown>) => publicStatements(policy({ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject'], ...extra }));

  it.each([
    ['Principal "*"', {}],
    ['Principal {"AWS": "*"}', { Principal: { AWS: '*' } }],
    ['"*" among AWS principals', { Principal: { AWS: ['arn:aws:iam::123456789012:root', '*'] } }],
    ['NotPrincipal', { Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' } }],
    ['a negated condition', { Condition: { StringNotEquals: { 'aws:SourceAccount': '123456789012' } } }],
    ['an IfExists condition', { Condition: { StringEqualsIfExists: { 'aws:SourceAccount': '123456789012' } } }],
    ['a wildcard in the condition value', { Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:123456789012:trail/*' } } }],
    ['a condition on a key that restricts nothing', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
    ['a SourceIp range of the whole internet', { Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '0.0.0.0/0'] } } }],
  ])('counts an Allow with %s as public', (_, extra) => {
    expect(allow(extra)).toHaveLength(1);
  });

  it.each([
    ['aws:SourceArn', { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:123456789012:trail/main' } }],
    ['aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': '123456789012' } }],
    ['aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }],
    ['aws:SourceVpce', { StringEquals: { 'aws:sourceVpce': 'vpce-1a2b3c4d' } }],
    ['a narrow aws:SourceIp', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }],
  ])('counts a condition on %s as restricting', (_, Condition) => {
    expect(allow({ Condition })).toEqual([]);
  });

  it('ignores Deny statements and names statements without Sid by position', () => {
    const statements = publicStatements(
      policy({ Effect: 'Deny', Principal: '*', Action: 's3:*' }, { Effect: 'Allow', Principal: '*', Action: 's3:PutObject' }),
    );
    expect(statements).toEqual([{ sid: '#2', actions: ['s3:PutObject'] }]);
  });
});
