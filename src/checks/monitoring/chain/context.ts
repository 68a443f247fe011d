import type { CorpusRecord } from '../../../corpus/index.js';
import { cloudTrailEnvelope } from '../../../patterns/eventbridge/index.js';
import type { AccountSnapshot, Collected, LogGroup, MetricAlarm, MetricFilter, SnsTopic } from '../../../snapshot/types.js';
import { memoized, memoKey, type EvaluationMemo } from '../../memo.js';
import { EventPatternCache, FilterPatternCache } from './pattern-cache.js';

/**
 * The lookups of the monitoring controls, built once per evaluation and shared by all of them (and
 * the user monitors): alarms by metric, topics by ARN, filters grouped by pattern text, parsed
 * patterns, EventBridge envelopes.
 */
export class MonitoringContext {
  readonly filterPatterns = new FilterPatternCache();
  readonly eventPatterns = new EventPatternCache();
  private readonly alarmsByMetric = new Map<string, MetricAlarm[]>();
  private readonly topicsByArn: Map<string, SnsTopic>;
  private readonly filtersByText = new WeakMap<readonly MetricFilter[], Map<string, MetricFilter[]>>();
  private readonly envelopes = new WeakMap<CorpusRecord, Map<string, Record<string, unknown>>>();

  constructor(readonly snapshot: AccountSnapshot) {
    for (const { alarms } of snapshot.regionData) {
      if (!alarms?.ok) continue;
      for (const alarm of alarms.value) {
        if (alarm.namespace === undefined || alarm.metricName === undefined) continue;
        const key = metricKey(alarm.region, alarm.namespace, alarm.metricName);
        const list = this.alarmsByMetric.get(key);
        if (list) list.push(alarm);
        else this.alarmsByMetric.set(key, [alarm]);
      }
    }
    this.topicsByArn = new Map(snapshot.topics.map((topic) => [topic.arn, topic]));
  }

  /** `undefined`: the collector did not read alarms in this region (it does only where a trail log group lives). */
  alarmsCollected(region: string): Collected<MetricAlarm[]> | undefined {
    return this.snapshot.regionData.find((data) => data.region === region)?.alarms;
  }

  alarmsOn(region: string, namespace: string, metricName: string): readonly MetricAlarm[] {
    return this.alarmsByMetric.get(metricKey(region, namespace, metricName)) ?? [];
  }

  topic(arn: string): SnsTopic | undefined {
    return this.topicsByArn.get(arn);
  }

  /** An organization trail may deliver to a log group of another account: the account must match too. */
  logGroup(region: string, accountId: string, name: string): LogGroup | undefined {
    return this.snapshot.logGroups.find((group) => group.region === region && group.name === name && group.arn.split(':')[4] === accountId);
  }

  /** A log group's filters keyed by pattern text, in first-seen order. */
  filtersByPattern(filters: readonly MetricFilter[]): Map<string, MetricFilter[]> {
    let grouped = this.filtersByText.get(filters);
    if (!grouped) {
      grouped = new Map();
      for (const filter of filters) {
        const same = grouped.get(filter.pattern);
        if (same) same.push(filter);
        else grouped.set(filter.pattern, [filter]);
      }
      this.filtersByText.set(filters, grouped);
    }
    return grouped;
  }

  /** The record as EventBridge would receive it in `region`, built once per record and region. */
  envelope(record: CorpusRecord, region: string): Record<string, unknown> {
    let byRegion = this.envelopes.get(record);
    if (!byRegion) {
      byRegion = new Map();
      this.envelopes.set(record, byRegion);
    }
    let envelope = byRegion.get(region);
    if (!envelope) {
      envelope = cloudTrailEnvelope({ ...record.record, awsRegion: region }, this.snapshot.account.id);
      byRegion.set(region, envelope);
    }
    return envelope;
  }
}

function metricKey(region: string, namespace: string, metricName: string): string {
  return `${region}\u0000${namespace}\u0000${metricName}`;
}

const MONITORING_CONTEXT = memoKey<MonitoringContext>('monitoring context');

/** The evaluation's MonitoringContext of `snapshot`, built by the first control that asks. */
export function monitoringContext(snapshot: AccountSnapshot, memo: EvaluationMemo | undefined): MonitoringContext {
  return memoized(snapshot, memo, MONITORING_CONTEXT, () => new MonitoringContext(snapshot));
}
