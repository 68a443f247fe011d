import type { AccountSnapshot, Bucket, Trail } from '../snapshot/types.js';
import type { PlanContext } from './types.js';

/**
 * Questions about the (projected) account that several remediations ask: which trails this
 * account may change, where new resources go, and which resources a control failed on.
 */

/** Trails this account owns; an organization trail of the management account is not ours to change. */
export function ownTrails(snapshot: AccountSnapshot): Trail[] {
  return snapshot.trails.filter((trail) => trail.ownerAccountId === snapshot.account.id);
}

/**
 * Where trailwarden puts the account-wide resources it creates (trail, alert topic): us-east-1,
 * where global-service events are delivered, when it was scanned; else the first scanned Region.
 */
export function homeRegion(snapshot: AccountSnapshot): string {
  return snapshot.regions.includes('us-east-1') ? 'us-east-1' : (snapshot.regions[0] ?? 'us-east-1');
}

export function trailArn(snapshot: AccountSnapshot, region: string, name: string): string {
  return `arn:${snapshot.account.partition}:cloudtrail:${region}:${snapshot.account.id}:trail/${name}`;
}

export function logGroupArn(snapshot: AccountSnapshot, region: string, name: string): string {
  return `arn:${snapshot.account.partition}:logs:${region}:${snapshot.account.id}:log-group:${name}`;
}

export function findBucket(snapshot: AccountSnapshot, name: string | undefined): Bucket | undefined {
  return name === undefined ? undefined : snapshot.buckets.find((bucket) => bucket.name === name);
}

/** The resources a control failed on, by ARN (a trail, a bucket, a log group, or the account). */
export function failingArns(context: PlanContext, controlId: string): Set<string> {
  return new Set(context.failing.filter((result) => result.controlId === controlId).map((result) => result.resource.arn));
}

export function bucketArn(snapshot: AccountSnapshot, name: string): string {
  return `arn:${snapshot.account.partition}:s3:::${name}`;
}

/** Did the trail exist before this plan? Then Terraform must import it rather than create it. */
export function existedBefore(context: PlanContext, trail: Trail): boolean {
  return context.collected.trails.some((t) => t.arn === trail.arn);
}

/** Where a bucket lives, when the collector could read it; else `fallback` (its trail's Region). */
export function bucketRegion(bucket: Bucket | undefined, fallback: string): string {
  return bucket?.region.ok ? bucket.region.value : fallback;
}
