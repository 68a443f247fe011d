import type { CollectionError, Trail } from '../../snapshot/types.js';
import { recordsEvent } from './trail-selectors.js';

/**
 * Trail-level questions that several control families ask. Each answer is a `TrailVerdict` so
 * that a failed read (ERROR) is never confused with a negative answer (FAIL).
 */
export type TrailVerdict = { kind: 'yes' } | { kind: 'no'; reason: string } | { kind: 'error'; error: CollectionError; what: string };

export function isLogging(trail: Trail): TrailVerdict {
  if (!trail.status.ok) return { kind: 'error', error: trail.status.error, what: `the status of trail ${trail.name}` };
  if (trail.status.value.isLogging) return { kind: 'yes' };
  const since = trail.status.value.stopLoggingTime ? ` since ${trail.status.value.stopLoggingTime}` : '';
  return { kind: 'no', reason: `trail ${trail.name} is not logging${since}` };
}

/**
 * Management event sources CloudTrail lets a trail exclude; probing them with read and write
 * events tells whether the trail records every management event.
 */
const EXCLUDABLE_SOURCES = ['kms.amazonaws.com', 'rdsdata.amazonaws.com'];
const PROBE_SOURCE = 'ec2.amazonaws.com';

/** Read and write management events of every event source (CloudTrail.1). */
export function recordsAllManagementEvents(trail: Trail): TrailVerdict {
  if (!trail.selectors.ok) return { kind: 'error', error: trail.selectors.error, what: `the event selectors of trail ${trail.name}` };
  const selectors = trail.selectors.value;
  const missing: string[] = [];
  for (const readOnly of [true, false]) {
    for (const eventSource of [PROBE_SOURCE, ...EXCLUDABLE_SOURCES]) {
      const verdict = recordsEvent(selectors, { eventCategory: 'Management', readOnly, eventSource, eventName: 'Probe' });
      if (!verdict.recorded) {
        const kind = readOnly ? 'read' : 'write';
        missing.push(eventSource === PROBE_SOURCE ? `${kind} management events (${verdict.why})` : `${kind} management events from ${eventSource}`);
      }
    }
  }
  return missing.length === 0 ? { kind: 'yes' } : { kind: 'no', reason: `trail ${trail.name} does not record ${missing.join(', ')}` };
}

/** Does the trail record this particular management event (source, name, read-only)? */
export function recordsManagementEvent(trail: Trail, event: { eventSource: string; eventName: string; readOnly: boolean }): TrailVerdict {
  if (!trail.selectors.ok) return { kind: 'error', error: trail.selectors.error, what: `the event selectors of trail ${trail.name}` };
  const verdict = recordsEvent(trail.selectors.value, { eventCategory: 'Management', ...event });
  return verdict.recorded ? { kind: 'yes' } : { kind: 'no', reason: `trail ${trail.name} does not record ${event.eventName} (${verdict.why})` };
}

/** Region and name of the log group a trail delivers to, parsed from its ARN (`...:log-group:NAME:*`). */
export function trailLogGroup(trail: Trail): { region: string; accountId: string; name: string } | undefined {
  const match = /^arn:[^:]+:logs:([^:]+):(\d*):log-group:(.+?)(?::\*)?$/.exec(trail.cloudWatchLogsLogGroupArn ?? '');
  if (!match) return undefined;
  return { region: match[1]!, accountId: match[2]!, name: match[3]! };
}
