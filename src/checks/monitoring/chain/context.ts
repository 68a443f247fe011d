import { recordOfAccount, type CorpusRecord } from '../../../corpus/index.js';
import { cloudTrailEnvelope } from '../../../patterns/eventbridge/index.js';
import type { AccountSnapshot, Collected, LogGroup, MetricAlarm, MetricFilter, SnsTopic } from '../../../snapshot/types.js';
import { memoized, memoKey } from '../../memo.js';
import { OrganizationView } from '../../organization.js';
import type { EvaluationContext } from '../../types.js';
import { awsVerdicts } from './aws-verdicts.js';
import { EventPatternCache, FilterPatternCache } from './pattern-cache.js';

/**
 * The lookups of the monitoring controls, built once per evaluation and shared by all of them (and
 * the user monitors): alarms by metric, topics by ARN, filters grouped by pattern text, parsed
 * patterns, EventBridge envelopes, the corpus as the account makes it. Alarms and topics are
 * looked up in the account that holds them (a log group's alarms in its account and Region, a
 * topic wherever its ARN says), through the organization of the run.
 */
export class MonitoringContext {
  /** Both decide by AWS's verdicts first where the scan asked for them (aws-verdicts.ts). */
  readonly filterPatterns: FilterPatternCache;
  readonly eventPatterns: EventPatternCache;
  private readonly alarmsByMetric = new Map<string, MetricAlarm[]>();
  private readonly indexedAlarms = new Set<string>();
  private readonly filtersByText = new WeakMap<readonly MetricFilter[], Map<string, MetricFilter[]>>();
  private readonly envelopes = new WeakMap<CorpusRecord, Map<string, Record<string, unknown>>>();
  private readonly accountLists = new Map<string, WeakMap<readonly CorpusRecord[], readonly CorpusRecord[]>>();
  private readonly accountRecords = new Map<string, WeakMap<CorpusRecord, CorpusRecord>>();

  constructor(
    readonly snapshot: AccountSnapshot,
    readonly organization: OrganizationView = new OrganizationView([snapshot]),
  ) {
    const verdicts = awsVerdicts(organization);
    this.filterPatterns = new FilterPatternCache(verdicts.empty ? undefined : verdicts);
    this.eventPatterns = new EventPatternCache(verdicts.empty ? undefined : verdicts);
  }

  /**
   * `undefined`: the alarms of that account and region were not collected (the collector reads
   * them only where a trail log group of the account lives), or the account is not in the run.
   */
  alarmsCollected(accountId: string, region: string): Collected<MetricAlarm[]> | undefined {
    return accountId === this.snapshot.account.id
      ? this.snapshot.regionData.find((data) => data.region === region)?.alarms
      : this.organization.alarms(accountId, region);
  }

  /** A metric belongs to an account and a region: only that account's alarms there see it. */
  alarmsOn(accountId: string, region: string, namespace: string, metricName: string): readonly MetricAlarm[] {
    const where = `${accountId}\u0000${region}`;
    if (!this.indexedAlarms.has(where)) {
      this.indexedAlarms.add(where);
      const alarms = this.alarmsCollected(accountId, region);
      for (const alarm of alarms?.ok ? alarms.value : []) {
        if (alarm.namespace === undefined || alarm.metricName === undefined) continue;
        const key = metricKey(accountId, alarm.region, alarm.namespace, alarm.metricName);
        const list = this.alarmsByMetric.get(key);
        if (list) list.push(alarm);
        else this.alarmsByMetric.set(key, [alarm]);
      }
    }
    return this.alarmsByMetric.get(metricKey(accountId, region, namespace, metricName)) ?? [];
  }

  topic(arn: string): SnsTopic | undefined {
    return this.organization.topic(arn, this.snapshot);
  }

  /** The records as `accountId` (default: the scanned account) makes them; see recordOfAccount. */
  recordsOf(records: readonly CorpusRecord[], accountId = this.snapshot.account.id): readonly CorpusRecord[] {
    let byList = this.accountLists.get(accountId);
    if (!byList) this.accountLists.set(accountId, (byList = new WeakMap()));
    let mapped = byList.get(records);
    if (!mapped) byList.set(records, (mapped = records.map((record) => this.recordOf(record, accountId))));
    return mapped;
  }

  /** Each record is remade once per account, whichever lists it is in (a control's positives, another's outsiders). */
  private recordOf(record: CorpusRecord, accountId: string): CorpusRecord {
    let byRecord = this.accountRecords.get(accountId);
    if (!byRecord) this.accountRecords.set(accountId, (byRecord = new WeakMap()));
    let made = byRecord.get(record);
    if (!made) byRecord.set(record, (made = recordOfAccount(record, accountId)));
    return made;
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

function metricKey(accountId: string, region: string, namespace: string, metricName: string): string {
  return `${accountId}\u0000${region}\u0000${namespace}\u0000${metricName}`;
}

const MONITORING_CONTEXT = memoKey<MonitoringContext>('monitoring context');

/** The evaluation's MonitoringContext of `snapshot`, in the organization of the evaluation, built by the first control that asks. */
export function monitoringContext(snapshot: AccountSnapshot, evaluation: EvaluationContext | undefined): MonitoringContext {
  return memoized(snapshot, evaluation?.memo, MONITORING_CONTEXT, () => new MonitoringContext(snapshot, evaluation?.organization));
}
