import type { CollectionError } from '../../../snapshot/types.js';

/** The links of the metric-filter chain, in the order they are checked. */
export const LINKS = ['trail', 'log-group', 'metric-filter', 'alarm', 'alarm-action', 'sns-topic', 'topic-access', 'subscription'] as const;
export type ChainLink = (typeof LINKS)[number];

/**
 * Where one candidate chain (trail → log group → filter → alarm → topic) broke. `step` orders the
 * checks within a link; `closeness` ranks candidates broken at the same step (a filter that
 * matches more of the required events is closer).
 */
export interface Break {
  link: ChainLink;
  step: number;
  closeness: number;
  reason: string;
  evidence?: Record<string, unknown>;
}

/** Data a link needs was not collected, so whether the chain holds is unknown. */
export interface Gap {
  reason: string;
  error?: CollectionError;
}

export function gapFrom(error: CollectionError, what: string): Gap {
  return {
    reason: `could not read ${what}: ${error.operation} in ${error.region} failed with ${error.code}${error.message ? ` (${error.message})` : ''}`,
    error,
  };
}

/**
 * Collects how far the candidate chains got. The result names the break of the candidate that got
 * furthest: that is the first broken link of the chain the user most likely meant.
 */
export class ChainSearch {
  private furthest: Break | undefined;
  private firstGap: Gap | undefined;

  broke(broken: Break): void {
    if (!this.furthest || isFurther(broken, this.furthest)) this.furthest = broken;
  }

  unknown(gap: Gap): void {
    this.firstGap ??= gap;
  }

  get deepestBreak(): Break | undefined {
    return this.furthest;
  }

  get gap(): Gap | undefined {
    return this.firstGap;
  }
}

function isFurther(a: Break, b: Break): boolean {
  const link = LINKS.indexOf(a.link) - LINKS.indexOf(b.link);
  if (link !== 0) return link > 0;
  return a.step !== b.step ? a.step > b.step : a.closeness > b.closeness;
}
