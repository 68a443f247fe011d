import { automated, manual } from '../../benchmark.js';
import { S3_BUCKET_POLICY_EVENTS, s3BucketPolicyChanges, s3BucketPolicyChangesNearMisses } from '../../../corpus/index.js';
import { defineMonitoringControl } from '../define.js';
import { DETAIL_TYPE } from '../spec.js';

export const cloudWatch8 = defineMonitoringControl(
  {
    id: 'CloudWatch.8',
    title: 'A log metric filter and alarm should exist for S3 bucket policy changes',
    cis: {
      '1.2.0': automated('3.8'),
      '1.4.0': automated('4.8'),
      '3.0.0': automated('4.8'),
      '4.0.1': manual('4.8'),
      '5.0.0': manual('4.8'),
      '6.0.0': manual('5.8'),
      '7.0.0': manual('5.8'),
    },
    rationale:
      'Bucket policies, ACLs, CORS, lifecycle and replication rules decide who reads a bucket, where its data goes and when it is ' +
      'deleted. Alerting on their changes shortens the time a bucket stays exposed.',
    decides: 'Required events: the nine bucket-level S3 calls CIS lists, in any Region.',
  },
  {
    requiredEvents: [S3_BUCKET_POLICY_EVENTS],
    positives: s3BucketPolicyChanges,
    negatives: s3BucketPolicyChangesNearMisses,
    filterPattern:
      '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
    metricName: 'S3BucketPolicyChanges',
    firing: { events: 1 },
    eventBridge: { sources: ['aws.s3'], detailTypes: [DETAIL_TYPE.apiCall], regions: 'every-region', needsReadOnlyEvents: false },
  },
);
