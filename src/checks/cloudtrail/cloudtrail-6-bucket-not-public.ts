import { automated } from '../benchmark.js';
import { bucketExposure } from '../lib/bucket-exposure.js';
import { errorFinding } from '../lib/findings.js';
import type { Control } from '../types.js';
import { eachTrailBucket } from './each-trail.js';

export const bucketNotPublic: Control = {
  id: 'CloudTrail.6',
  securityHubId: 'CloudTrail.6',
  title: 'Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible',
  severity: 'CRITICAL',
  cis: { '1.2.0': automated('2.3'), '1.4.0': automated('3.3') },
  family: 'cloudtrail',
  resourceType: 'AWS::S3::Bucket',
  repair: { by: 'bucket-public-access' },
  rationale:
    'CloudTrail logs map the account: identities, resources, source addresses and failed calls. A public trail bucket hands that map to anyone, and a publicly writable one lets them forge or bury it.',
  remediation:
    'Turn on all four S3 Block Public Access settings for the bucket (or the account), and remove bucket policy statements that allow Principal "*" without an aws:SourceArn / aws:SourceAccount condition, and ACL grants to AllUsers or AuthenticatedUsers.',
  decides:
    'Per trail bucket (one result for all the trails that share it): FAIL when the bucket policy has an Allow statement for Principal "*" (or {"AWS": "*"}, or a NotPrincipal) without a condition that compares a restricting key (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, aws:SourceVpce, a narrow aws:SourceIp, ...) with fixed values, and RestrictPublicBuckets is off at both bucket and account level; or when the ACL grants AllUsers or AuthenticatedUsers anything and IgnorePublicAcls is off at both levels. BlockPublicPolicy and BlockPublicAcls alone do not count: they only refuse new public policies and ACLs. PASS otherwise, saying which setting neutralises what.',
  evaluate(snapshot, { organization }) {
    return eachTrailBucket(snapshot, (bucket, { resource, trails }) => {
      // The account-level setting that counts is the bucket owner's (a log-archive account's, often).
      const accountBlock = organization?.accountPublicAccessBlock(bucket.name, snapshot) ?? snapshot.accountPublicAccessBlock;
      const exposure = bucketExposure(bucket, accountBlock);
      const about = `bucket ${bucket.name} (${trails})`;
      switch (exposure.kind) {
        case 'public':
          return {
            status: 'FAIL',
            resource,
            reason: `${about} is public: ${exposure.reason}`,
            evidence: { statements: exposure.statements, grants: exposure.grants },
          };
        case 'private':
          return { status: 'PASS', resource, reason: `${about} is not public: ${exposure.reason}` };
        case 'error':
          return errorFinding(resource, exposure.error, exposure.what);
      }
    });
  },
};
