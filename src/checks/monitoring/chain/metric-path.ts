import type { CorpusRecord } from '../../../corpus/index.js';
import type { MetricAlarm, MetricFilter, MetricTransformation } from '../../../snapshot/types.js';
import { trailListingErrors } from '../../lib/trail-inventory.js';
import type { MonitoringSpec } from '../spec.js';
import { firesOnEvents } from './alarm-firing.js';
import type { MonitoringContext } from './context.js';
import { alsoMatches, closestFilter, listOf, matchesEvery, outsideRecords, qualifiedName } from './filter-coverage.js';
import { isSnsTopicArn, topicDelivery } from './notification.js';
import { awsFailureReason } from './pattern-cache.js';
import { ChainSearch, gapFrom, type Break, type Gap } from './progress.js';
import { deliveringTrails, type Delivery } from './trail-link.js';

/** A whole chain that holds, named link by link. */
export interface MetricChain {
  trail: string;
  logGroup: string;
  metricFilter: string;
  alarm: string;
  topic: string;
  confirmedSubscriptions: number;
}

export type MetricPathOutcome =
  /** `filterPattern`: the text of the chain's filter, which Security Hub CSPM compares with CIS's (security-hub-literal.ts). */
  { kind: 'pass'; chain: MetricChain; reason: string; filterPattern: string } | { kind: 'broken'; broken: Break } | { kind: 'gap'; gap: Gap; broken?: Break };

/**
 * The metric-filter path: trail → log group → metric filter → alarm → action → topic →
 * subscription. Every candidate chain is followed; a chain whose filter is exactly as broad as
 * needed is preferred over one that is broader.
 */
export function metricPath(context: MonitoringContext, spec: MonitoringSpec): MetricPathOutcome {
  const search = new ChainSearch();
  let broaderPass: { chain: MetricChain; reason: string; filterPattern: string } | undefined;
  // A multi-region trail is listed (as a shadow) in every region, so one region that listed its
  // trails is enough to know them all; when none could, a trail may exist that was not seen.
  const unlisted = trailListingErrors(context.snapshot);
  if (unlisted[0] && unlisted.length === context.snapshot.regionData.length) search.unknown(gapFrom(unlisted[0], 'the trails'));
  const positives = context.recordsOf(spec.positives);
  for (const delivery of deliveringTrails(context.snapshot.trails, positives, search)) {
    const filtersByText = logGroupFilters(context, delivery, search);
    if (!filtersByText) continue;
    for (const [text, filters] of satisfyingFilters(context, positives, delivery, filtersByText, search)) {
      let extra: CorpusRecord[] | undefined;
      for (const filter of filters) {
        for (const chain of alarmChains(context, spec, positives, delivery, filter, search)) {
          if (delivery.gap) {
            search.unknown(delivery.gap);
            continue;
          }
          extra ??= alsoMatches(context.filterPatterns, text, context.recordsOf(outsideRecords(spec)));
          const reason = describeChain(chain, delivery, context.snapshot.account.id);
          if (extra.length === 0) return { kind: 'pass', chain, reason, filterPattern: text };
          broaderPass ??= {
            chain,
            reason: `${reason}; the filter is broader than needed: it also matches ${listOf(extra, qualifiedName)}`,
            filterPattern: text,
          };
        }
      }
    }
  }
  if (broaderPass) return { kind: 'pass', ...broaderPass };
  const broken = search.deepestBreak;
  if (search.gap) return { kind: 'gap', gap: search.gap, ...(broken ? { broken } : {}) };
  // Every candidate records a break, a gap or a pass, so `broken` is always set here.
  return { kind: 'broken', broken: broken ?? { link: 'trail', step: 0, closeness: 0, reason: 'no trail delivers to a log group' } };
}

/**
 * The chain link by link. When it leaves the scanned account (an organization trail), every link
 * says whose it is: "member 2222… → organization trail org (1111…) → log group … (1111…) → …".
 */
function describeChain(chain: MetricChain, delivery: Delivery, accountId: string): string {
  const subscriptions = `${chain.confirmedSubscriptions} confirmed subscription${chain.confirmedSubscriptions === 1 ? '' : 's'}`;
  const topicAccount = chain.topic.split(':')[4];
  const trail = delivery.trail;
  if (trail.ownerAccountId === accountId && delivery.accountId === accountId && topicAccount === accountId) {
    return `metric filter "${chain.metricFilter}" on log group ${chain.logGroup} (trail ${trail.name}) → alarm ${chain.alarm} → SNS topic ${chain.topic} with ${subscriptions}`;
  }
  const kind = trail.isOrganizationTrail ? 'organization trail' : 'trail';
  return `${trail.ownerAccountId === accountId ? 'account' : 'member'} ${accountId} → ${kind} ${trail.name} (${trail.ownerAccountId}) → log group ${chain.logGroup} (${delivery.accountId}) → metric filter "${chain.metricFilter}" → alarm ${chain.alarm} (${delivery.accountId}) → SNS topic ${chain.topic} (${topicAccount}) with ${subscriptions}`;
}

/** The log group link: it exists, and its filters were read. */
function logGroupFilters(context: MonitoringContext, delivery: Delivery, search: ChainSearch): Map<string, MetricFilter[]> | undefined {
  const { region, accountId, logGroupName, trail } = delivery;
  const logGroup = context.logGroup(region, accountId, logGroupName);
  if (!logGroup) {
    search.unknown({ reason: `log group ${logGroupName} of account ${accountId} in ${region} (trail ${trail.name} delivers to it) was not collected` });
    return undefined;
  }
  if (!logGroup.details.ok) {
    search.unknown(gapFrom(logGroup.details.error, `log group ${logGroupName}`));
    return undefined;
  }
  if (logGroup.details.value === null) {
    search.broke({
      link: 'log-group',
      step: 1,
      closeness: 0,
      reason: `log group ${logGroupName} in ${region}, which trail ${trail.name} delivers to, does not exist`,
      evidence: { logGroup: logGroup.arn },
    });
    return undefined;
  }
  const { metricFilters } = logGroup.details.value;
  if (!metricFilters.ok) {
    search.unknown(gapFrom(metricFilters.error, `the metric filters of log group ${logGroupName}`));
    return undefined;
  }
  if (metricFilters.value.length === 0) {
    search.broke({
      link: 'metric-filter',
      step: 0,
      closeness: 0,
      reason: `log group ${logGroupName} (trail ${trail.name}) has no metric filters`,
      evidence: { logGroup: logGroup.arn },
    });
    return undefined;
  }
  return context.filtersByPattern(metricFilters.value);
}

/** The filter link: patterns that match every required event. */
function satisfyingFilters(
  context: MonitoringContext,
  positives: readonly CorpusRecord[],
  delivery: Delivery,
  filtersByText: Map<string, MetricFilter[]>,
  search: ChainSearch,
): [string, MetricFilter[]][] {
  const satisfying = [...filtersByText].filter(([text, filters]) => {
    // Asked to let AWS decide, and AWS could not: whether this filter holds is unknown.
    const awsFailure = context.filterPatterns.awsFailure(text);
    if (awsFailure)
      search.unknown({
        reason: `metric filter "${filters[0]!.name}" on log group ${delivery.logGroupName}: ${awsFailureReason(awsFailure)}`,
        error: awsFailure,
      });
    return !awsFailure && matchesEvery(context.filterPatterns, text, positives);
  });
  if (satisfying.length === 0) {
    const shortfall = closestFilter(context.filterPatterns, filtersByText, positives, delivery.logGroupName);
    search.broke({
      link: 'metric-filter',
      step: 1,
      closeness: shortfall.closeness,
      reason: `${shortfall.reason}${ownerOnlyNote(context, positives, delivery, filtersByText)}`,
      evidence: { logGroup: delivery.logGroupName, ...(shortfall.filterName ? { metricFilter: shortfall.filterName } : {}) },
    });
  }
  return satisfying;
}

/**
 * An organization trail delivers the member's events to the owner's log group: a filter there
 * that matches the owner's events but not the member's tests the account (its id pinned in the
 * pattern). Said, since the same filter passes for the owner.
 */
function ownerOnlyNote(context: MonitoringContext, positives: readonly CorpusRecord[], delivery: Delivery, filtersByText: Map<string, MetricFilter[]>): string {
  const member = context.snapshot.account.id;
  if (delivery.accountId === member) return '';
  const ownerRecords = context.recordsOf(positives, delivery.accountId);
  const ownerOnly = [...filtersByText].find(([text]) => matchesEvery(context.filterPatterns, text, ownerRecords));
  if (!ownerOnly) return '';
  return ` as account ${member} makes them: filter "${ownerOnly[1][0]!.name}" matches them only when account ${delivery.accountId} makes them, and the organization trail delivers account ${member}'s events to that log group too`;
}

/** The alarm, action, topic and subscription links for one satisfying filter; yields the chains that hold. */
function* alarmChains(
  context: MonitoringContext,
  spec: MonitoringSpec,
  positives: readonly CorpusRecord[],
  delivery: Delivery,
  filter: MetricFilter,
  search: ChainSearch,
): Generator<MetricChain> {
  const { region, logGroupName, accountId } = delivery;
  // The log group's metrics are its account's: only that account's alarms there see them.
  const where = accountId === context.snapshot.account.id ? region : `${region} of account ${accountId}`;
  const collected = context.alarmsCollected(accountId, region);
  if (!collected) {
    search.unknown({ reason: `the alarms of ${where} were not collected` });
    return;
  }
  if (!collected.ok) {
    search.unknown(gapFrom(collected.error, `the alarms of ${where}`));
    return;
  }
  for (const transformation of filter.transformations) {
    const metric = `${transformation.metricNamespace}/${transformation.metricName}`;
    const evidence = { logGroup: logGroupName, metricFilter: filter.name, metric };
    const alarms = context.alarmsOn(accountId, region, transformation.metricNamespace, transformation.metricName).filter((alarm) => !alarm.usesMetricMath);
    if (alarms.length === 0) {
      search.broke({
        link: 'alarm',
        step: 0,
        closeness: 0,
        reason: `no alarm in ${where} watches metric ${metric} of metric filter "${filter.name}" (log group ${logGroupName})`,
        evidence,
      });
      continue;
    }
    for (const alarm of alarms) {
      const alarmEvidence = { ...evidence, alarm: alarm.arn };
      const dimensions =
        dimensionMismatch(alarm, transformation) ?? dimensionValueMismatch(alarm, transformation, positives) ?? unitMismatch(alarm, transformation);
      if (dimensions) {
        search.broke({ link: 'alarm', step: 1, closeness: 0, reason: `alarm ${alarm.name} on ${metric} ${dimensions}`, evidence: alarmEvidence });
        continue;
      }
      const firing = firesOnEvents(alarm, transformation, spec.firing);
      if (!firing.fires) {
        search.broke({ link: 'alarm', step: 2, closeness: 0, reason: firing.why, evidence: alarmEvidence });
        continue;
      }
      yield* notifiedTopics(context, alarm, search, alarmEvidence).map(({ topic, confirmed }) => ({
        trail: delivery.trail.arn,
        logGroup: logGroupName,
        metricFilter: filter.name,
        alarm: alarm.name,
        topic,
        confirmedSubscriptions: confirmed,
      }));
    }
  }
}

/**
 * A filter with dimensions publishes only dimensioned datapoints, and an alarm watches exactly the
 * dimensions it names: the names must agree.
 */
function dimensionMismatch(alarm: MetricAlarm, transformation: MetricTransformation): string | undefined {
  const published = Object.keys(transformation.dimensions ?? {}).sort();
  const watched = alarm.dimensions.map((dimension) => dimension.name).sort();
  if (published.join('\u0000') === watched.join('\u0000')) return undefined;
  const names = (list: string[]) => (list.length === 0 ? 'none' : list.join(', '));
  return `watches dimensions ${names(watched)}, but the filter publishes dimensions ${names(published)}, so the alarm never sees the datapoints`;
}

/**
 * Each value of a filter's dimension is a metric of its own (`EventName=$.eventName` publishes one
 * per event name), and an alarm watches the one whose values it names: every required event must
 * publish exactly those values, or the alarm misses the others.
 */
function dimensionValueMismatch(alarm: MetricAlarm, transformation: MetricTransformation, positives: readonly CorpusRecord[]): string | undefined {
  for (const { name, value: watched } of alarm.dimensions) {
    const source = transformation.dimensions?.[name];
    if (source === undefined) continue;
    const missed = positives.filter((positive) => publishedValue(source, positive) !== watched);
    if (missed.length > 0) {
      return `watches only ${name}=${watched}, but the filter publishes ${name}=${source}, a metric per value: the alarm misses ${listOf(missed, qualifiedName)}`;
    }
  }
  return undefined;
}

/**
 * An alarm that names a unit sees only datapoints published with it; a filter without a unit
 * publishes `None`, so such an alarm "is stuck in the INSUFFICIENT DATA state" (PutMetricAlarm).
 */
function unitMismatch(alarm: MetricAlarm, transformation: MetricTransformation): string | undefined {
  if (alarm.unit === undefined) return undefined;
  const published = transformation.unit ?? 'None';
  if (alarm.unit === published) return undefined;
  return `asks for unit ${alarm.unit}, but the filter publishes the metric with unit ${published}, so the alarm never sees a datapoint`;
}

/** A dimension value as the filter publishes it for `positive`: a `$.field` of the event, or the text itself. */
function publishedValue(source: string, positive: CorpusRecord): string | undefined {
  if (!source.startsWith('$.')) return source;
  let value: unknown = positive.record;
  for (const key of source.slice(2).split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** The action links: actions enabled, an SNS action in the alarm's region, the topic exists with a confirmed subscription. */
function notifiedTopics(
  context: MonitoringContext,
  alarm: MetricAlarm,
  search: ChainSearch,
  evidence: Record<string, unknown>,
): { topic: string; confirmed: number }[] {
  if (!alarm.actionsEnabled) {
    search.broke({ link: 'alarm-action', step: 0, closeness: 0, reason: `alarm ${alarm.name} has its actions disabled (ActionsEnabled is false)`, evidence });
    return [];
  }
  const topics = alarm.alarmActions.filter((arn) => isSnsTopicArn(arn, alarm.region));
  if (topics.length === 0) {
    const actions = alarm.alarmActions.length === 0 ? 'it has no alarm action' : `its alarm actions are ${alarm.alarmActions.join(', ')}`;
    search.broke({ link: 'alarm-action', step: 1, closeness: 0, reason: `alarm ${alarm.name} notifies no SNS topic in ${alarm.region}: ${actions}`, evidence });
    return [];
  }
  const notified: { topic: string; confirmed: number }[] = [];
  for (const topic of topics) {
    const delivery = topicDelivery(context, topic, { service: 'cloudwatch', sourceArn: alarm.arn });
    if (delivery.kind === 'confirmed') notified.push({ topic, confirmed: delivery.confirmed });
    else if (delivery.kind === 'gap') search.unknown(delivery.gap);
    else
      search.broke({
        link: delivery.link,
        step: 0,
        closeness: 0,
        reason: `alarm ${alarm.name} notifies ${topic}, but ${delivery.problem}`,
        evidence: { ...evidence, topic },
      });
  }
  return notified;
}
