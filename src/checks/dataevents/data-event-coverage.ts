import type { AccountSnapshot, Collected, Trail } from '../../snapshot/types.js';
import { errorFinding } from '../lib/findings.js';
import { trailLabel, trailListingErrors } from '../lib/trail-inventory.js';
import { searchTrails } from '../lib/trail-search.js';
import { recordsEvent, type SelectorEvent } from '../lib/trail-selectors.js';
import { isLogging, type TrailVerdict } from '../lib/trails.js';
import type { Finding, ResourceRef } from '../types.js';

/**
 * "Does some logging trail record these data events?", shared by S3.22, S3.23 and TW.3. Sample
 * events stand for the whole class (every write to the bucket's objects, every Invoke of the
 * function): a selector that narrows on event name or object key misses some of them and fails.
 */
export interface DataEventTarget {
  resource: ResourceRef;
  /** The resource in words: "bucket payroll", "function arn:aws:lambda:…". */
  name: string;
  /** The events in words: "object-level write events". */
  events: string;
  /**
   * Where the resource lives: single-Region trails count only there. `undefined` when the snapshot
   * does not say (then only multi-Region trails count).
   */
  region: Collected<string> | undefined;
  samples: SelectorEvent[];
}

export function dataEventCoverage(snapshot: AccountSnapshot, target: DataEventTarget): Finding {
  const { resource } = target;
  const wanted = `${target.events} of ${target.name}`;
  const search = searchTrails(snapshot.trails, (trail) => [isLogging(trail), coversRegion(trail, target), recordsSamples(trail, target.samples)]);
  switch (search.kind) {
    case 'found':
      return { status: 'PASS', resource, reason: `${trailLabel(search.trail, snapshot)} records ${wanted}`, evidence: { trail: search.trail.arn } };
    case 'unknown':
      return errorFinding(resource, search.error, search.what);
    case 'none': {
      // A trail that would record them may live in a Region whose trails could not be listed.
      const region = target.region?.ok ? target.region.value : undefined;
      const listingError = trailListingErrors(snapshot).find((error) => region === undefined || error.region === region);
      if (listingError) return errorFinding(resource, listingError, `the trails of ${listingError.region}`);
      const closest = search.failures[0];
      if (!closest) return { status: 'FAIL', resource, reason: `nothing records ${wanted}: the account has no trail` };
      return {
        status: 'FAIL',
        resource,
        reason: `no logging trail records ${wanted}; closest is ${trailLabel(closest.trail, snapshot)}: ${closest.missing.join('; ')}`,
        evidence: { closestTrail: closest.trail.arn, missing: closest.missing },
      };
    }
  }
}

function coversRegion(trail: Trail, target: DataEventTarget): TrailVerdict {
  if (trail.isMultiRegionTrail) return { kind: 'yes' };
  const single = `trail ${trail.name} is single-Region (${trail.homeRegion})`;
  if (target.region === undefined) return { kind: 'no', reason: `${single} and the Region of ${target.name} is unknown` };
  if (!target.region.ok) return { kind: 'error', error: target.region.error, what: `the Region of ${target.name}` };
  if (target.region.value === trail.homeRegion) return { kind: 'yes' };
  return { kind: 'no', reason: `${single}, but ${target.name} is in ${target.region.value}` };
}

function recordsSamples(trail: Trail, samples: SelectorEvent[]): TrailVerdict {
  if (!trail.selectors.ok) return { kind: 'error', error: trail.selectors.error, what: `the event selectors of trail ${trail.name}` };
  for (const sample of samples) {
    const verdict = recordsEvent(trail.selectors.value, sample);
    if (!verdict.recorded) return { kind: 'no', reason: `trail ${trail.name} does not record ${sample.eventName} on ${sample.resourceArn} (${verdict.why})` };
  }
  return { kind: 'yes' };
}
