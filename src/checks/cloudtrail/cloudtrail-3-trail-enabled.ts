import { accountResource, errorFinding } from '../lib/findings.js';
import { trailLabel, trailListingErrors } from '../lib/trail-inventory.js';
import { searchTrails } from '../lib/trail-search.js';
import { isLogging } from '../lib/trails.js';
import type { Control } from '../types.js';

export const trailEnabled: Control = {
  id: 'CloudTrail.3',
  securityHubId: 'CloudTrail.3',
  title: 'At least one CloudTrail trail should be enabled',
  severity: 'HIGH',
  cis: {},
  family: 'cloudtrail',
  resourceType: 'AWS::::Account',
  repair: { by: 'trail' },
  rationale: 'A trail that exists but is not logging records nothing: StopLogging is a classic first step of an intruder covering their tracks.',
  remediation: 'Create a trail, or start logging on an existing one (aws cloudtrail start-logging --name TRAIL).',
  decides:
    'PASS when some trail, organization trails included, is logging. FAIL when there is no trail or none is logging. ERROR when no trail is known to log and the status of a trail, or the trails of a Region, could not be read.',
  evaluate(snapshot) {
    const resource = accountResource(snapshot);
    const search = searchTrails(snapshot.trails, (trail) => [isLogging(trail)]);
    switch (search.kind) {
      case 'found':
        return [{ status: 'PASS', resource, reason: `${trailLabel(search.trail, snapshot)} is logging`, evidence: { trail: search.trail.arn } }];
      case 'unknown':
        return [errorFinding(resource, search.error, search.what)];
      case 'none': {
        // A single-Region trail in a Region that could not be listed may be the one that logs.
        const listingError = trailListingErrors(snapshot)[0];
        if (listingError) return [errorFinding(resource, listingError, `the trails of ${listingError.region}`)];
        if (search.failures.length === 0) return [{ status: 'FAIL', resource, reason: 'the account has no trail' }];
        return [
          {
            status: 'FAIL',
            resource,
            reason: `no trail is logging: ${search.failures.flatMap((failure) => failure.missing).join('; ')}`,
            evidence: { trails: search.failures.map((failure) => failure.trail.arn) },
          },
        ];
      }
    }
  },
};
