import type { CorpusRecord } from '../../../corpus/index.js';
import type { Trail } from '../../../snapshot/types.js';
import { isLogging, recordsManagementEvent, trailLogGroup, type TrailVerdict } from '../../lib/trails.js';
import { gapFrom, type ChainSearch, type Gap } from './progress.js';

/** A trail that passed the trail link, and the log group it delivers to. */
export interface Delivery {
  trail: Trail;
  region: string;
  accountId: string;
  logGroupName: string;
  /** A fact about the trail that could not be read; the chain holds only if it turns out true. */
  gap?: Gap;
}

/**
 * The first links: a multi-region trail that is logging, records every required event, and
 * delivers to CloudWatch Logs. One delivery per log group; a trail whose facts were all read wins
 * over one with a gap.
 */
export function deliveringTrails(trails: readonly Trail[], positives: readonly CorpusRecord[], search: ChainSearch): Delivery[] {
  if (trails.length === 0) search.broke({ link: 'trail', step: 0, closeness: 0, reason: 'the account has no CloudTrail trail' });
  const byLogGroup = new Map<string, Delivery>();
  for (const trail of trails) {
    if (!trail.isMultiRegionTrail) {
      search.broke({
        link: 'trail',
        step: 1,
        closeness: 0,
        reason: `trail ${trail.name} is a single-region trail (${trail.homeRegion}): it does not record the other regions' events`,
        evidence: { trail: trail.arn },
      });
      continue;
    }
    const gaps: Gap[] = [];
    const logging = isLogging(trail);
    if (logging.kind === 'no') {
      search.broke({ link: 'trail', step: 2, closeness: 0, reason: logging.reason, evidence: { trail: trail.arn } });
      continue;
    }
    if (logging.kind === 'error') gaps.push(gapFrom(logging.error, logging.what));
    const recording = recordsEvery(trail, positives);
    if (recording.kind === 'no') {
      search.broke({ link: 'trail', step: 3, closeness: 0, reason: recording.reason, evidence: { trail: trail.arn } });
      continue;
    }
    if (recording.kind === 'error') gaps.push(gapFrom(recording.error, recording.what));
    const logGroup = trailLogGroup(trail);
    if (!logGroup) {
      search.broke({
        link: 'log-group',
        step: 0,
        closeness: 0,
        reason: `trail ${trail.name} does not deliver to CloudWatch Logs`,
        evidence: { trail: trail.arn },
      });
      continue;
    }
    const key = `${logGroup.region}\u0000${logGroup.accountId}\u0000${logGroup.name}`;
    const known = byLogGroup.get(key);
    if (!known || (known.gap && gaps.length === 0)) {
      byLogGroup.set(key, { trail, region: logGroup.region, accountId: logGroup.accountId, logGroupName: logGroup.name, ...(gaps[0] ? { gap: gaps[0] } : {}) });
    }
  }
  return [...byLogGroup.values()];
}

/** A trail records an event when its selectors do and, for global-service events, it includes those. */
function recordsEvery(trail: Trail, positives: readonly CorpusRecord[]): TrailVerdict {
  const missing: { record: CorpusRecord; reason: string }[] = [];
  for (const record of positives) {
    if (record.scope === 'global' && !trail.includeGlobalServiceEvents) {
      missing.push({ record, reason: `trail ${trail.name} does not record ${record.eventName} (IncludeGlobalServiceEvents is false)` });
      continue;
    }
    const verdict = recordsManagementEvent(trail, record);
    if (verdict.kind === 'error') return verdict;
    if (verdict.kind === 'no') missing.push({ record, reason: verdict.reason });
  }
  const [first, ...others] = missing;
  if (!first) return { kind: 'yes' };
  const more = [...new Set(others.map(({ record }) => record.eventName).filter((name) => name !== first.record.eventName))];
  return { kind: 'no', reason: more.length > 0 ? `${first.reason}, nor ${more.join(', ')}` : first.reason };
}
