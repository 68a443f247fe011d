import type { CollectionError, Trail } from '../../snapshot/types.js';
import type { TrailVerdict } from './trails.js';

/**
 * Account-level questions of the form "does some trail ...?" (CloudTrail.1, CloudTrail.3, the
 * data-event controls). A trail qualifies when every requirement says yes.
 *
 * An unread piece of data is never taken for a "no", and never hides one: a trail with a definite
 * "no" fails whatever else could not be read, while a trail whose only doubts are unread data makes
 * the answer unknown, unless another trail qualifies.
 */
export type TrailSearch =
  | { kind: 'found'; trail: Trail }
  | { kind: 'unknown'; trail: Trail; error: CollectionError; what: string }
  /** Every trail fails; closest first (fewest unmet requirements), then in snapshot order. */
  | { kind: 'none'; failures: TrailFailure[] };

export interface TrailFailure {
  trail: Trail;
  /** The reasons of the unmet requirements. */
  missing: string[];
}

export function searchTrails(trails: readonly Trail[], requirements: (trail: Trail) => TrailVerdict[]): TrailSearch {
  const failures: TrailFailure[] = [];
  let unknown: Extract<TrailSearch, { kind: 'unknown' }> | undefined;
  for (const trail of trails) {
    const verdicts = requirements(trail);
    const missing = verdicts.flatMap((verdict) => (verdict.kind === 'no' ? [verdict.reason] : []));
    const unread = verdicts.find((verdict) => verdict.kind === 'error');
    if (missing.length > 0) failures.push({ trail, missing });
    else if (unread) unknown ??= { kind: 'unknown', trail, error: unread.error, what: unread.what };
    else return { kind: 'found', trail };
  }
  if (unknown) return unknown;
  // Array.prototype.sort is stable, so equally close trails keep the snapshot's order.
  return { kind: 'none', failures: failures.sort((a, b) => a.missing.length - b.missing.length) };
}
