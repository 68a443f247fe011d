import { LINKS, type ChainLink } from '../checks/monitoring/chain/progress.js';
import type { Result } from '../checks/types.js';

/**
 * The monitoring chain of a result, link by link, as the HTML report draws it and OCSF lists its
 * resources. It is read from
 * the evidence the monitoring controls record (src/checks/monitoring/chain/evaluate.ts):
 *
 * - a metric-filter PASS: `{ path: 'metric-filter', chain: { trail, logGroup, metricFilter, alarm, topic, confirmedSubscriptions } }`;
 * - otherwise: `{ brokenLink, brokenReason, metricFilterPath: { trail?, logGroup?, metricFilter?, metric?, alarm?, topic? }, eventBridge: { REGION: { coveredBy, missing } } }`,
 *   with `path: 'eventbridge'` when the rules satisfy the control and no `brokenLink` when no
 *   candidate chain broke (an ERROR for want of data).
 *
 * Other results have no chain and get `undefined`.
 */

export type LinkState = 'holds' | 'broken' | 'not-reached';

export interface DrawnLink {
  link: ChainLink;
  state: LinkState;
  /** The resource this link is, as the evidence names it (an ARN or a name). */
  resource?: string;
  /** More about the link: the metric a filter publishes, the number of confirmed subscriptions. */
  detail?: string;
  /** On the broken link: why it breaks. */
  reason?: string;
}

export interface RegionRules {
  region: string;
  /** Rules that deliver at least one required event there. */
  coveredBy: string[];
  /** The required events (corpus record IDs) no rule delivers there. */
  missing: string[];
}

export interface MonitoringChain {
  /** The path that satisfies the control, if one does. */
  satisfiedBy?: 'metric-filter' | 'eventbridge';
  /** The metric-filter path; undefined when no candidate got far enough to break (the data was missing). */
  metricFilter?: DrawnLink[];
  /** Per Region that must see the events; empty when the metric filter satisfied the control (EventBridge is then not evaluated). */
  eventBridge: RegionRules[];
}

export const LINK_LABELS: Record<ChainLink, string> = {
  trail: 'Trail',
  'log-group': 'Log group',
  'metric-filter': 'Metric filter',
  alarm: 'Alarm',
  'alarm-action': 'Alarm action',
  'sns-topic': 'SNS topic',
  'topic-access': 'Permission to publish',
  subscription: 'Confirmed subscription',
};

/** Which evidence key names the resource of each link, in the metric-filter path of a break. */
const PATH_KEYS: Partial<Record<ChainLink, string>> = {
  trail: 'trail',
  'log-group': 'logGroup',
  'metric-filter': 'metricFilter',
  alarm: 'alarm',
  'sns-topic': 'topic',
};

export function monitoringChain(result: Pick<Result, 'evidence'>): MonitoringChain | undefined {
  const evidence = result.evidence;
  if (!evidence) return undefined;
  if (evidence.path === 'metric-filter' && isRecord(evidence.chain))
    return { satisfiedBy: 'metric-filter', metricFilter: satisfyingLinks(evidence.chain), eventBridge: [] };
  if (!isRecord(evidence.eventBridge)) return undefined;
  const broken =
    typeof evidence.brokenLink === 'string' && (LINKS as readonly string[]).includes(evidence.brokenLink) ? (evidence.brokenLink as ChainLink) : undefined;
  return {
    ...(evidence.path === 'eventbridge' ? { satisfiedBy: 'eventbridge' as const } : {}),
    ...(broken ? { metricFilter: brokenLinks(broken, text(evidence.brokenReason), isRecord(evidence.metricFilterPath) ? evidence.metricFilterPath : {}) } : {}),
    eventBridge: Object.entries(evidence.eventBridge).map(([region, coverage]) => ({
      region,
      coveredBy: isRecord(coverage) ? texts(coverage.coveredBy) : [],
      missing: isRecord(coverage) ? texts(coverage.missing) : [],
    })),
  };
}

function satisfyingLinks(chain: Record<string, unknown>): DrawnLink[] {
  const confirmed = typeof chain.confirmedSubscriptions === 'number' ? chain.confirmedSubscriptions : undefined;
  const resources: Record<ChainLink, string | undefined> = {
    trail: text(chain.trail),
    'log-group': text(chain.logGroup),
    'metric-filter': text(chain.metricFilter),
    alarm: text(chain.alarm),
    'alarm-action': undefined,
    'sns-topic': text(chain.topic),
    'topic-access': undefined,
    subscription: undefined,
  };
  return LINKS.map((link) => ({
    link,
    state: 'holds',
    ...(resources[link] ? { resource: resources[link] } : {}),
    ...(link === 'alarm-action' ? { detail: 'enabled, notifies the topic' } : {}),
    ...(link === 'topic-access' ? { detail: 'CloudWatch may publish to the topic' } : {}),
    ...(link === 'subscription' && confirmed !== undefined ? { detail: `${confirmed} confirmed` } : {}),
  }));
}

/** The links before the break held for the candidate chain that got furthest; the ones after it were not reached. */
function brokenLinks(broken: ChainLink, reason: string | undefined, path: Record<string, unknown>): DrawnLink[] {
  const at = LINKS.indexOf(broken);
  const metric = text(path.metric);
  return LINKS.map((link, index) => {
    const key = PATH_KEYS[link];
    const resource = key ? text(path[key]) : undefined;
    const state: LinkState = index < at ? 'holds' : index === at ? 'broken' : 'not-reached';
    return {
      link,
      state,
      ...(resource && state !== 'not-reached' ? { resource } : {}),
      ...(link === 'metric-filter' && metric && state !== 'not-reached' ? { detail: `publishes ${metric}` } : {}),
      ...(state === 'broken' && reason ? { reason } : {}),
    };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
