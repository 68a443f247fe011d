import type { CorpusRecord } from '../../../corpus/index.js';
import { cloudTrailEnvelope } from '../../../patterns/eventbridge/index.js';
import type { EventRule } from '../../../snapshot/types.js';
import type { EventBridgeFacts, MonitoringSpec } from '../spec.js';
import type { MonitoringContext } from './context.js';
import { listOf } from './filter-coverage.js';
import { isSnsTopicArn, topicDelivery } from './notification.js';
import { observedRuleFailures } from './observed-delivery.js';
import { awsFailureReason } from './pattern-cache.js';
import { gapFrom, type Gap } from './progress.js';

/**
 * The EventBridge alternative: in every region where a required event arrives, a rule on the
 * default bus matches it as it arrives there, is in a state that receives it, and targets an SNS
 * topic with a confirmed subscription.
 *
 * Global-service events arrive in us-east-1 only; a regional event can happen in any scanned
 * region, so each regional record is re-homed into every one of them.
 */

export interface RegionCoverage {
  region: string;
  /** Rules that deliver at least one required event here. */
  coveredBy: string[];
  missing: CorpusRecord[];
}

export interface EventBridgeOutcome {
  covered: boolean;
  /** A clause for the result's reason. */
  summary: string;
  regions: RegionCoverage[];
  /** Set when a missing event might be delivered by a rule whose data was not collected. */
  gap?: Gap;
}

const GLOBAL_REGION = 'us-east-1';
const ALL_EVENTS_STATE = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
const NOTES_SHOWN = 2;

/** `note` says why a rule that matches the event does not deliver it; `unparseable` why a rule matches nothing. */
type RuleVerdict = { kind: 'delivers' } | { kind: 'misses'; note?: string; unparseable?: string; gap?: Gap };

export function eventBridgePath(context: MonitoringContext, spec: MonitoringSpec): EventBridgeOutcome {
  const notes = new Set<string>();
  const unparseable = new Set<string>();
  let gap: Gap | undefined;
  const regions: RegionCoverage[] = [];
  const unread: string[] = [];
  for (const [region, records] of neededDeliveries(context, spec)) {
    const rules = rulesIn(context, region);
    if ('gap' in rules) {
      gap ??= rules.gap;
      unread.push(region);
      regions.push({ region, coveredBy: [], missing: records });
      continue;
    }
    const coverage: RegionCoverage = { region, coveredBy: [], missing: [] };
    for (const record of records) {
      let recordGap: Gap | undefined;
      const delivering = rules.find((rule) => {
        const verdict = ruleDelivers(context, rule, record, region);
        if (verdict.kind === 'delivers') return true;
        if (verdict.note) notes.add(verdict.note);
        if (verdict.unparseable) unparseable.add(verdict.unparseable);
        recordGap ??= verdict.gap;
        return false;
      });
      if (delivering) {
        if (!coverage.coveredBy.includes(delivering.name)) coverage.coveredBy.push(delivering.name);
      } else {
        coverage.missing.push(record);
        gap ??= recordGap;
      }
    }
    regions.push(coverage);
  }

  const covered = regions.every((region) => region.missing.length === 0);
  if (covered) {
    const by = regions.map(({ region, coveredBy }) => `${region}: ${coveredBy.join(', ')}`).join('; ');
    return { covered, regions, summary: `EventBridge rules deliver every required event in every region it arrives in (${by})` };
  }
  // Most telling first: a rule in the wrong region, then a matching rule that does not deliver.
  const shownNotes = [...wrongRegionNotes(context, regions), ...notes, ...unparseable]
    .slice(0, NOTES_SHOWN)
    .map((note) => `; ${note}`)
    .join('');
  return { covered, regions, summary: `${shortfall(regions, unread)}${shownNotes}`, ...(gap ? { gap } : {}) };
}

/**
 * The regions where a rule must catch `record`: us-east-1 for a global-service event; for a
 * regional one every scanned region, plus us-east-1 when the facts say events also arrive there.
 */
export function regionsReceiving(record: CorpusRecord, facts: EventBridgeFacts, scannedRegions: readonly string[]): string[] {
  if (record.scope === 'global') return [GLOBAL_REGION];
  return facts.regions === 'every-region' ? [...scannedRegions] : [...new Set([...scannedRegions, GLOBAL_REGION])];
}

/** The EventBridge facts that a set of records implies (user monitors state none of their own). */
export function eventBridgeFactsOf(positives: readonly CorpusRecord[]): EventBridgeFacts & { sources: readonly string[] } {
  const envelopes = positives.map((record) => cloudTrailEnvelope(record.record));
  const scopes = new Set(positives.map((record) => record.scope));
  return {
    sources: [...new Set(envelopes.map((envelope) => String(envelope.source)))],
    detailTypes: [...new Set(envelopes.map((envelope) => String(envelope['detail-type'])))],
    regions: !scopes.has('regional') ? 'global-us-east-1' : scopes.has('global') ? 'every-region-and-us-east-1' : 'every-region',
    needsReadOnlyEvents: positives.some((record) => record.readOnly),
  };
}

function neededDeliveries(context: MonitoringContext, spec: MonitoringSpec): Map<string, CorpusRecord[]> {
  const needed = new Map<string, CorpusRecord[]>();
  for (const record of context.recordsOf(spec.positives)) {
    for (const region of regionsReceiving(record, spec.eventBridge, context.snapshot.regions)) {
      const list = needed.get(region);
      if (list) list.push(record);
      else needed.set(region, [record]);
    }
  }
  return needed;
}

function rulesIn(context: MonitoringContext, region: string): EventRule[] | { gap: Gap } {
  const data = context.snapshot.regionData.find((candidate) => candidate.region === region);
  if (!data) return { gap: { reason: `${region} was not scanned, so its EventBridge rules are unknown` } };
  if (!data.eventRules.ok) return { gap: gapFrom(data.eventRules.error, `the EventBridge rules of ${region}`) };
  // CloudTrail events reach the default bus only.
  return data.eventRules.value.filter((rule) => rule.eventBusName === 'default' && rule.eventPattern !== undefined);
}

function ruleDelivers(context: MonitoringContext, rule: EventRule, record: CorpusRecord, region: string): RuleVerdict {
  const name = `rule ${rule.name} in ${region}`;
  const text = rule.eventPattern ?? '';
  const awsFailure = context.eventPatterns.awsFailure(text);
  if (awsFailure) return { kind: 'misses', gap: { reason: `${name}: ${awsFailureReason(awsFailure)}`, error: awsFailure } };
  const parsed = context.eventPatterns.parse(text);
  if (!parsed.ok && !context.eventPatterns.decidedByAws(text))
    return { kind: 'misses', unparseable: `${name} has a pattern that does not parse: ${parsed.error.message} (at position ${parsed.error.position})` };
  const match = context.eventPatterns.verdict(text, context.envelope(record, region));
  if (match.verdict === 'no-match') return { kind: 'misses' };
  if (match.verdict === 'uncertain')
    return { kind: 'misses', note: `${name} may or may not match ${record.summary} (${match.reasons.join('; ')}), which does not count` };
  if (rule.state === 'DISABLED') return { kind: 'misses', note: `${name} matches ${record.summary} but is DISABLED` };
  if (record.readOnly && rule.state !== ALL_EVENTS_STATE) {
    return {
      kind: 'misses',
      note: `${name} matches ${record.summary}, but with State ${rule.state} it does not receive read-only events; ${ALL_EVENTS_STATE} does`,
    };
  }
  if (!rule.targets.ok) return { kind: 'misses', gap: gapFrom(rule.targets.error, `the targets of ${name}`) };
  const targets = rule.targets.value.filter((target) => isSnsTopicArn(target.arn));
  if (targets.length === 0) return { kind: 'misses', note: `${name} matches ${record.summary} but has no SNS topic target` };
  let miss: RuleVerdict = { kind: 'misses' };
  for (const { arn: topic, roleArn } of targets) {
    const delivery = topicDelivery(context, topic, { service: 'events', sourceArn: rule.arn, ...(roleArn && { roleArn }) });
    if (delivery.kind === 'confirmed') {
      const failing = observedRuleFailures(context.snapshot, region, rule.name);
      return failing ? { kind: 'misses', note: `${name} targets ${topic}, but it had ${failing}` } : { kind: 'delivers' };
    }
    miss = delivery.kind === 'gap' ? { kind: 'misses', gap: delivery.gap } : { kind: 'misses', note: `${name} targets ${topic}, but ${delivery.problem}` };
  }
  return miss;
}

/** A rule for global-service events outside us-east-1 never fires; say so when one would have matched. */
function wrongRegionNotes(context: MonitoringContext, regions: RegionCoverage[]): string[] {
  const missingGlobal = regions.find(({ region }) => region === GLOBAL_REGION)?.missing.filter((record) => record.scope === 'global') ?? [];
  const notes: string[] = [];
  if (missingGlobal.length === 0) return notes;
  for (const region of context.snapshot.regions.filter((candidate) => candidate !== GLOBAL_REGION)) {
    const rules = rulesIn(context, region);
    if ('gap' in rules) continue;
    for (const rule of rules) {
      const matched = missingGlobal.filter(
        (record) => context.eventPatterns.verdict(rule.eventPattern ?? '', context.envelope(record, region)).verdict === 'match',
      );
      if (matched.length > 0) {
        notes.push(
          `rule ${rule.name} in ${region} matches ${listOf(matched)}, but ${matched[0]!.eventSource} events arrive only in ${GLOBAL_REGION}: the rule never fires`,
        );
      }
    }
  }
  return notes;
}

/**
 * "EventBridge misses A, B in eu-west-1, ap-south-1; C in us-east-1": regions grouped by what they
 * miss. A region whose rules could not be read (`unread`) is said to be so, not to lack a rule.
 */
function shortfall(regions: RegionCoverage[], unread: readonly string[]): string {
  const unreadNote = unread.length > 0 ? `the EventBridge rules of ${unread.join(', ')} could not be read` : '';
  const read = regions.filter(({ region }) => !unread.includes(region));
  if (read.length === 0) return unreadNote;
  if (read.every((region) => region.coveredBy.length === 0)) {
    const none = `no EventBridge rule delivers the required events to a confirmed SNS subscription (needed in ${read.map(({ region }) => region).join(', ')})`;
    return unreadNote ? `${none}; ${unreadNote}` : none;
  }
  const byMissing = new Map<string, string[]>();
  for (const { region, missing } of read) {
    if (missing.length === 0) continue;
    const key = listOf(missing);
    byMissing.set(key, [...(byMissing.get(key) ?? []), region]);
  }
  const gaps = [...byMissing].map(([events, where]) => `${events} in ${where.join(', ')}`).join('; ');
  const complete = read.filter(({ missing }) => missing.length === 0).map(({ region }) => region);
  if (!gaps) return `EventBridge rules deliver every required event in ${complete.join(', ')}; ${unreadNote}`;
  return `EventBridge covers only part of it${complete.length > 0 ? ` (complete in ${complete.join(', ')})` : ''}: it misses ${gaps}${unreadNote ? `; ${unreadNote}` : ''}`;
}
