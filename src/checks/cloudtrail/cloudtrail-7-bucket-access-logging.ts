import { automated, manual } from '../benchmark.js';
import { errorFinding } from '../lib/findings.js';
import type { Control } from '../types.js';
import { eachTrailBucket } from './each-trail.js';

export const bucketAccessLogging: Control = {
  id: 'CloudTrail.7',
  securityHubId: 'CloudTrail.7',
  title: 'Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket',
  severity: 'LOW',
  cis: {
    '1.2.0': automated('2.6'),
    '1.4.0': automated('3.6'),
    '3.0.0': automated('3.4'),
    '4.0.1': automated('3.4'),
    '5.0.0': manual('3.4'),
    '6.0.0': manual('4.4'),
    '7.0.0': manual('4.4'),
  },
  family: 'cloudtrail',
  resourceType: 'AWS::S3::Bucket',
  repair: { by: 'bucket-access-logging' },
  rationale:
    'Server access logs of the trail bucket show who read, overwrote or deleted log files, which CloudTrail itself does not record unless S3 data events are on for that bucket.',
  remediation: 'Enable server access logging on the trail bucket, delivering to a separate bucket (aws s3api put-bucket-logging).',
  decides: 'Per trail bucket (one result for all the trails that share it): PASS when server access logging is enabled, FAIL otherwise.',
  evaluate(snapshot) {
    return eachTrailBucket(snapshot, (bucket, { resource, trails }) => {
      const about = `bucket ${bucket.name} (${trails})`;
      if (!bucket.logging.ok) return errorFinding(resource, bucket.logging.error, `the access logging of bucket ${bucket.name}`);
      const target = bucket.logging.value;
      if (target === null) return { status: 'FAIL', resource, reason: `${about}: server access logging is disabled` };
      return {
        status: 'PASS',
        resource,
        reason: `${about}: server access logs go to s3://${target.targetBucket}/${target.targetPrefix}`,
        evidence: { ...target },
      };
    });
  },
};
