import type { AccountSnapshot, Bucket, Trail } from '../../snapshot/types.js';
import { accountResource, bucketResource } from '../lib/findings.js';
import { trailLabel, unlistedRegionFindings } from '../lib/trail-inventory.js';
import type { Finding, ResourceRef } from '../types.js';

/**
 * The two shapes of the per-trail controls. Both report NOT_APPLICABLE when the account has no trail
 * (CloudTrail.1 and CloudTrail.3 fail for that), plus an ERROR per Region whose trails could not be
 * listed.
 */

/** One finding per trail (CloudTrail.2, .4, .5, TW.2). */
export function eachTrail(snapshot: AccountSnapshot, evaluate: (trail: Trail) => Finding): Finding[] {
  return withCoverage(snapshot, snapshot.trails.map(evaluate));
}

export interface TrailBucket {
  resource: ResourceRef;
  /** The trails that deliver to the bucket, for the reason: "trail main, trail backup". */
  trails: string;
}

/**
 * One finding per trail bucket (CloudTrail.6, .7): those controls are about the bucket, and trails
 * that share a bucket would otherwise repeat the same result. The reason names the trails.
 */
export function eachTrailBucket(snapshot: AccountSnapshot, evaluate: (bucket: Bucket, about: TrailBucket) => Finding): Finding[] {
  const trailsByBucket = new Map<string, Trail[]>();
  for (const trail of snapshot.trails) {
    // CloudTrail requires a bucket; a trail without one only comes from a hand-written snapshot.
    const name = trail.s3BucketName ?? '';
    trailsByBucket.set(name, [...(trailsByBucket.get(name) ?? []), trail]);
  }
  const findings = [...trailsByBucket].map(([name, trails]) => {
    const labels = trails.map((trail) => trailLabel(trail, snapshot)).join(', ');
    const bucket = snapshot.buckets.find((candidate) => candidate.name === name);
    // Where the bucket lives; where its first trail lives when that could not be read.
    const region = bucket?.region.ok ? bucket.region.value : trails[0]!.homeRegion;
    const resource = bucketResource(snapshot, name, region);
    if (bucket) return evaluate(bucket, { resource, trails: labels });
    const reason = name === '' ? `${labels}: no S3 bucket is named in the snapshot` : `bucket ${name} (${labels}) is missing from the snapshot`;
    return { status: 'ERROR' as const, resource, reason };
  });
  return withCoverage(snapshot, findings);
}

function withCoverage(snapshot: AccountSnapshot, findings: Finding[]): Finding[] {
  const unlisted = unlistedRegionFindings(snapshot);
  if (findings.length === 0 && unlisted.length === 0) {
    return [{ status: 'NOT_APPLICABLE', resource: accountResource(snapshot), reason: 'the account has no trail' }];
  }
  return [...findings, ...unlisted];
}
