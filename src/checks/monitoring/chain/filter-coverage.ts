import { CORPUS, type CorpusRecord } from '../../../corpus/index.js';
import type { MetricFilter } from '../../../snapshot/types.js';
import type { MonitoringSpec } from '../spec.js';
import { FilterPatternCache } from './pattern-cache.js';

/**
 * How a metric filter's pattern relates to a control's events: it satisfies the control when it
 * matches every positive record (an `uncertain` verdict does not count), and it is broader than
 * needed when it also matches records outside the control.
 */

export function matchesEvery(cache: FilterPatternCache, text: string, positives: readonly CorpusRecord[]): boolean {
  return positives.every((record) => cache.verdict(text, record).verdict === 'match');
}

export interface Shortfall {
  /** Ranks shortfalls: more matched events is closer. */
  closeness: number;
  reason: string;
  filterName?: string;
}

/** The filter that comes closest to satisfying the control, and what it lacks. Only called when none satisfies it. */
export function closestFilter(
  cache: FilterPatternCache,
  filtersByText: ReadonlyMap<string, readonly MetricFilter[]>,
  positives: readonly CorpusRecord[],
  logGroupName: string,
): Shortfall {
  let best: { filter: MetricFilter; matched: number; missed: CorpusRecord[]; uncertain: Map<CorpusRecord, string[]> } | undefined;
  let unparseable: { filter: MetricFilter; message: string } | undefined;
  for (const [text, filters] of filtersByText) {
    const filter = filters[0]!;
    const parsed = cache.parse(text);
    if (!parsed.ok && !cache.decidedByAws(text)) {
      unparseable ??= { filter, message: `${parsed.error.message} (at position ${parsed.error.position})` };
      continue;
    }
    const missed: CorpusRecord[] = [];
    const uncertain = new Map<CorpusRecord, string[]>();
    for (const record of positives) {
      const result = cache.verdict(text, record);
      if (result.verdict === 'no-match') missed.push(record);
      else if (result.verdict === 'uncertain') uncertain.set(record, result.reasons);
    }
    const matched = positives.length - missed.length - uncertain.size;
    if (!best || matched > best.matched || (matched === best.matched && uncertain.size > best.uncertain.size)) {
      best = { filter, matched, missed, uncertain };
    }
  }

  const where = `on log group ${logGroupName}`;
  if (!best || best.matched + best.uncertain.size === 0) {
    if (unparseable && filtersByText.size === 1) {
      return {
        closeness: 0,
        reason: `metric filter "${unparseable.filter.name}" ${where} does not parse: ${unparseable.message}`,
        filterName: unparseable.filter.name,
      };
    }
    const count = [...filtersByText.values()].reduce((sum, filters) => sum + filters.length, 0);
    const parseNote = unparseable ? `; filter "${unparseable.filter.name}" does not parse: ${unparseable.message}` : '';
    return { closeness: 0, reason: `none of the ${count} metric filters ${where} matches any of the required events${parseNote}` };
  }

  const parts: string[] = [];
  if (best.missed.length > 0) parts.push(`misses ${listOf(best.missed)}`);
  if (best.uncertain.size > 0) {
    // The reasons name the record's values; the first record's are enough to see the doubt.
    const [firstReasons = []] = best.uncertain.values();
    parts.push(`is uncertain for ${listOf([...best.uncertain.keys()])} (${firstReasons.join('; ')}), and an uncertain match does not count`);
  }
  return {
    closeness: best.matched + best.uncertain.size / (positives.length + 1),
    reason: `metric filter "${best.filter.name}" ${where} ${parts.join(', and ')}`,
    filterName: best.filter.name,
  };
}

/** Records outside the control: its near-misses, then every corpus record its own pattern leaves out. */
const outsiders = new WeakMap<MonitoringSpec, readonly CorpusRecord[]>();
const canonicalVerdicts = new FilterPatternCache();

export function outsideRecords(spec: MonitoringSpec): readonly CorpusRecord[] {
  let records = outsiders.get(spec);
  if (!records) {
    const positives = new Set(spec.positives);
    const unrelated = CORPUS.filter(
      (record) => !positives.has(record) && !spec.negatives.includes(record) && canonicalVerdicts.verdict(spec.filterPattern, record).verdict !== 'match',
    );
    records = [...spec.negatives, ...unrelated];
    outsiders.set(spec, records);
  }
  return records;
}

/** The records outside the control (`outsideRecords`) that the pattern matches too; empty when it is exactly as broad as needed. */
export function alsoMatches(cache: FilterPatternCache, text: string, outsiders: readonly CorpusRecord[]): CorpusRecord[] {
  return outsiders.filter((record) => cache.verdict(text, record).verdict === 'match');
}

const LISTED = 6;

/** A required-event record is summarised by its bare event name; outside its control it needs the service too. */
export function qualifiedName(record: CorpusRecord): string {
  return record.summary === record.eventName ? `${record.eventSource.split('.')[0]} ${record.eventName}` : record.summary;
}

/** "A, B and 3 more", by each record's summary (or another name). */
export function listOf(records: readonly CorpusRecord[], name: (record: CorpusRecord) => string = (record) => record.summary): string {
  const names = [...new Set(records.map(name))];
  if (names.length <= LISTED) return names.join(', ');
  return `${names.slice(0, LISTED).join(', ')} and ${names.length - LISTED} more`;
}
