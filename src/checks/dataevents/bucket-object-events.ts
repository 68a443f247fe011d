import type { AccountSnapshot } from '../../snapshot/types.js';
import { accountResource, bucketResource } from '../lib/findings.js';
import type { Finding } from '../types.js';
import { dataEventCoverage } from './data-event-coverage.js';

/** Sample object-level events per access kind; each must be recorded (see data-event-coverage.ts). */
const SAMPLE_EVENTS = {
  write: { readOnly: false, eventNames: ['PutObject', 'DeleteObject'] },
  read: { readOnly: true, eventNames: ['GetObject', 'HeadObject'] },
} as const;

/** S3.22 and S3.23: one result per bucket named in `dataEventBuckets`. */
export function evaluateBucketObjectEvents(snapshot: AccountSnapshot, buckets: readonly string[], access: keyof typeof SAMPLE_EVENTS): Finding[] {
  if (buckets.length === 0) {
    return [{ status: 'NOT_APPLICABLE', resource: accountResource(snapshot), reason: 'no bucket is listed in dataEventBuckets in the config' }];
  }
  const { readOnly, eventNames } = SAMPLE_EVENTS[access];
  return buckets.map((name) => {
    const region = snapshot.buckets.find((bucket) => bucket.name === name)?.region;
    const objectArn = `arn:${snapshot.account.partition}:s3:::${name}/example-object`;
    return dataEventCoverage(snapshot, {
      resource: bucketResource(snapshot, name, region?.ok ? region.value : 'global'),
      name: `bucket ${name}`,
      events: `object-level ${access} events`,
      region,
      samples: eventNames.map((eventName) => ({
        eventCategory: 'Data',
        readOnly,
        eventSource: 's3.amazonaws.com',
        eventName,
        resourceType: 'AWS::S3::Object',
        resourceArn: objectArn,
      })),
    });
  });
}
