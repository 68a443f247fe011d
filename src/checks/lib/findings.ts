import type { AccountSnapshot, CollectionError, Trail } from '../../snapshot/types.js';
import type { Finding, ResourceRef } from '../types.js';

/** Account-level controls report on the account itself, named the way Security Hub names it. */
export function accountResource(snapshot: AccountSnapshot): ResourceRef {
  return { arn: `AWS::::Account:${snapshot.account.id}`, type: 'AwsAccount', region: 'global' };
}

/** The ERROR finding for data the collector could not read. */
export function errorFinding(resource: ResourceRef, error: CollectionError, what: string): Finding {
  return {
    status: 'ERROR',
    resource,
    reason: `could not read ${what}: ${error.operation} in ${error.region} failed with ${error.code}${error.message ? ` (${error.message})` : ''}`,
    error,
  };
}

/** A trail is reported where it is managed: its home region. */
export function trailResource(trail: Trail): ResourceRef {
  return { arn: trail.arn, type: 'AwsCloudTrailTrail', region: trail.homeRegion };
}

export function bucketResource(snapshot: AccountSnapshot, name: string, region: string): ResourceRef {
  return { arn: `arn:${snapshot.account.partition}:s3:::${name}`, type: 'AwsS3Bucket', region };
}
