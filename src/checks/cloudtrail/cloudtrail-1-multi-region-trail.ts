import { automated, manual } from '../benchmark.js';
import type { Trail } from '../../snapshot/types.js';
import { accountResource, errorFinding } from '../lib/findings.js';
import { trailLabel, trailListingErrors } from '../lib/trail-inventory.js';
import { searchTrails } from '../lib/trail-search.js';
import { isLogging, recordsAllManagementEvents, type TrailVerdict } from '../lib/trails.js';
import type { Control } from '../types.js';

export const multiRegionTrail: Control = {
  id: 'CloudTrail.1',
  securityHubId: 'CloudTrail.1',
  title: 'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
  severity: 'HIGH',
  cis: {
    '1.2.0': automated('2.1'),
    '1.4.0': automated('3.1'),
    '3.0.0': automated('3.1'),
    '4.0.1': automated('3.1'),
    '5.0.0': manual('3.1'),
    '6.0.0': manual('4.1'),
    '7.0.0': manual('4.1'),
  },
  family: 'cloudtrail',
  resourceType: 'AWS::::Account',
  repair: { by: 'trail' },
  rationale:
    "A multi-Region trail that records every read and write management event is the account's audit record: without it, activity in an unused Region or a read-only reconnaissance call leaves no trace.",
  remediation:
    'Create a multi-Region trail (or make an existing one multi-Region), start logging on it, and set its event selectors to record management events with ReadWriteType All and no excluded event sources (or an advanced selector on eventCategory = Management with no readOnly or eventSource condition).',
  decides:
    'PASS when some trail, organization trails included, is multi-Region, is logging, and its basic or advanced event selectors record read and write management events of every event source (a trail with no selector at all records what CloudTrail records by default: every management event). Otherwise FAIL, naming the trail that comes closest and what it lacks; ERROR when the status or selectors that would decide could not be read.',
  evaluate(snapshot) {
    const resource = accountResource(snapshot);
    const search = searchTrails(snapshot.trails, (trail) => [isMultiRegion(trail), isLogging(trail), recordsAllManagementEvents(trail)]);
    switch (search.kind) {
      case 'found':
        return [
          {
            status: 'PASS',
            resource,
            reason: `${trailLabel(search.trail, snapshot)} is multi-Region, logging, and records all read and write management events`,
            evidence: { trail: search.trail.arn },
          },
        ];
      case 'unknown':
        return [errorFinding(resource, search.error, search.what)];
      case 'none': {
        // A multi-Region trail is listed in every Region, so only when no Region could be listed
        // may one have gone unseen.
        const listingErrors = trailListingErrors(snapshot);
        const firstListingError = listingErrors[0];
        if (firstListingError && listingErrors.length === snapshot.regionData.length) {
          return [errorFinding(resource, firstListingError, 'the trails of any Region')];
        }
        const closest = search.failures[0];
        if (!closest) return [{ status: 'FAIL', resource, reason: 'the account has no trail' }];
        return [
          {
            status: 'FAIL',
            resource,
            reason: `no trail is multi-Region, logging and recording all read and write management events; closest is ${trailLabel(closest.trail, snapshot)}: ${closest.missing.join('; ')}`,
            evidence: { closestTrail: closest.trail.arn, missing: closest.missing },
          },
        ];
      }
    }
  },
};

function isMultiRegion(trail: Trail): TrailVerdict {
  return trail.isMultiRegionTrail ? { kind: 'yes' } : { kind: 'no', reason: `trail ${trail.name} is single-Region (${trail.homeRegion} only)` };
}
