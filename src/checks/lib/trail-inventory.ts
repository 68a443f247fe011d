import type { AccountSnapshot, CollectionError, Trail } from '../../snapshot/types.js';
import type { Finding } from '../types.js';
import { accountResource, errorFinding } from './findings.js';

/**
 * How results name a trail. Another account's trail can only be an organization trail seen from a
 * member account: it is the member's audit trail too (it counts for every control), but the member
 * cannot change it, so the reason says who can.
 */
export function trailLabel(trail: Trail, snapshot: AccountSnapshot): string {
  if (trail.ownerAccountId === snapshot.account.id) return `trail ${trail.name}`;
  return `trail ${trail.name} (organization trail owned by ${trail.ownerAccountId})`;
}

/**
 * The scanned regions whose trails could not be listed. `snapshot.trails` may lack trails of those
 * regions, so a control that found nothing there cannot call it a failure.
 */
export function trailListingErrors(snapshot: AccountSnapshot): CollectionError[] {
  return snapshot.regionData.flatMap((data) => (data.trailArns.ok ? [] : [data.trailArns.error]));
}

/**
 * For controls with one result per trail (or per thing a trail uses): one ERROR per Region whose
 * trails could not be listed, since a trail there would have had a result too.
 */
export function unlistedRegionFindings(snapshot: AccountSnapshot): Finding[] {
  return trailListingErrors(snapshot).map((error) =>
    errorFinding({ ...accountResource(snapshot), region: error.region }, error, `the trails of ${error.region}`),
  );
}
