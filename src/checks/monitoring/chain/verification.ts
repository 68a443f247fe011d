import { CORPUS, type CorpusRecord } from '../../../corpus/index.js';
import { exactValues } from '../../../patterns/eventbridge/index.js';
import type { Verdict } from '../../../patterns/types.js';
import { questionKey } from '../../../snapshot/question-digest.js';
import type { AccountSnapshot, CollectionError, EventRule, PatternQuestion } from '../../../snapshot/types.js';
import type { Control, EvaluationContext } from '../../types.js';
import type { MonitoringControl, MonitoringSpec } from '../spec.js';
import { MonitoringContext } from './context.js';
import { regionsReceiving } from './eventbridge-path.js';
import { isSnsTopicArn } from './notification.js';
import { EventPatternCache, FilterPatternCache } from './pattern-cache.js';
import { patternKey } from './aws-verdicts.js';

/**
 * `scan --verify-patterns-with-aws`: AWS's own evaluators (CloudWatch Logs TestMetricFilter,
 * EventBridge TestEventPattern) decide the verdicts of the relied-on patterns, and every verdict on
 * which they and trailwarden's engines differ is reported.
 *
 * What is asked: each distinct pattern of the metric filters on the log groups the account's trails
 * deliver to, against every corpus record (and every record of the benchmark's and the user's
 * monitors) as the account makes it, which is what the filter link and "broader than needed" run
 * them against; and each distinct pattern of the enabled rules on the default bus that notify an
 * SNS topic (no other rule can deliver), against the required events that arrive in the rule's
 * Region, as EventBridge receives them there, except those its plain `source` or `detail-type` list
 * excludes by exact equality. Questions are the texts exactly as the evaluation
 * builds them (MonitoringContext), so an answer applies to the very verdict it was asked for.
 *
 * In an organization, a member's events reach the owner's log group with the member's account id in
 * them. For a filter pattern without a digit, AWS's answer about the owner's record holds for the
 * member's too (questionKey); for one with a digit, the members' verdicts are the engine's, since
 * asking would take a call per member and pattern.
 */

/** One question with what the engine needs to answer it too. */
interface Question {
  text: string;
  record: CorpusRecord;
  /** EventBridge: the event as sent. */
  event?: Record<string, unknown>;
}

interface PatternQuestions {
  kind: PatternQuestion['kind'];
  region: string;
  pattern: string;
  questions: Question[];
}

/** The specs of the evaluated monitoring controls, as the evaluation's CIS version has them. */
function specsOf(controls: readonly Control[], evaluation: EvaluationContext): MonitoringSpec[] {
  return controls.filter((control): control is MonitoringControl => 'specFor' in control).map((control) => control.specFor(evaluation.cisVersion));
}

function questionsOf(snapshot: AccountSnapshot, specs: readonly MonitoringSpec[]): PatternQuestions[] {
  const context = new MonitoringContext(snapshot);
  const records = [...new Set([...CORPUS, ...specs.flatMap((spec) => [...spec.positives, ...spec.negatives])])];
  const messages = context.recordsOf(records).map((record): Question => ({ text: record.message, record }));
  const asked: PatternQuestions[] = [];
  const filterPatterns = new Set<string>();
  for (const group of snapshot.logGroups) {
    const filters = group.details.ok && group.details.value?.metricFilters.ok ? group.details.value.metricFilters.value : [];
    for (const { pattern } of filters) {
      if (filterPatterns.has(pattern)) continue;
      filterPatterns.add(pattern);
      asked.push({ kind: 'metric-filter', region: group.region, pattern, questions: messages });
    }
  }
  const required = requiredByRegion(context, specs);
  for (const data of snapshot.regionData) {
    const events = required.get(data.region) ?? [];
    if (!data.eventRules.ok || events.length === 0) continue;
    const patterns = new Set(data.eventRules.value.filter(canDeliver).map((rule) => rule.eventPattern!));
    for (const pattern of patterns) {
      const questions = events.flatMap((record): Question[] => {
        const event = context.envelope(record, data.region);
        return excludedByExactValues(pattern, event) ? [] : [{ text: JSON.stringify(event), record, event }];
      });
      if (questions.length > 0) asked.push({ kind: 'event-pattern', region: data.region, pattern, questions });
    }
  }
  return asked;
}

/** The required events that must be caught in each Region (see eventbridge-path.ts), each once. */
function requiredByRegion(context: MonitoringContext, specs: readonly MonitoringSpec[]): Map<string, CorpusRecord[]> {
  const byRegion = new Map<string, Set<CorpusRecord>>();
  for (const spec of specs) {
    for (const record of context.recordsOf(spec.positives)) {
      for (const region of regionsReceiving(record, spec.eventBridge, context.snapshot.regions)) {
        byRegion.set(region, (byRegion.get(region) ?? new Set()).add(record));
      }
    }
  }
  return new Map([...byRegion].map(([region, records]) => [region, [...records]]));
}

/**
 * An event whose `source` or `detail-type` is not in the pattern's plain list of exact values for
 * that field cannot match (exact equality, as the collector already reads rule patterns): asking
 * AWS about it would cost a call a rule and event (an IAM rule against every EC2 event) to learn
 * nothing, so the engine's no-match stands for it.
 */
function excludedByExactValues(pattern: string, event: Record<string, unknown>): boolean {
  return (['source', 'detail-type'] as const).some((field) => {
    const values = exactValues(pattern, field);
    return values !== undefined && !values.includes(String(event[field]));
  });
}

/** A rule whose verdict can decide a chain: on the default bus, with a pattern, not disabled, notifying an SNS topic. */
function canDeliver(rule: EventRule): boolean {
  return (
    rule.eventBusName === 'default' &&
    rule.eventPattern !== undefined &&
    rule.state !== 'DISABLED' &&
    rule.targets.ok &&
    rule.targets.value.some((target) => isSnsTopicArn(target.arn))
  );
}

/** What the collector asks AWS about an account it has read (collect/options.ts `verifyPatterns`). */
export function patternQuestions(controls: readonly Control[], evaluation: EvaluationContext): (snapshot: AccountSnapshot) => PatternQuestion[] {
  const specs = specsOf(controls, evaluation);
  return (snapshot) => questionsOf(snapshot, specs).map(({ questions, ...pattern }) => ({ ...pattern, questions: questions.map(({ text }) => text) }));
}

/** One verdict on which AWS and trailwarden's engine differ. */
export interface PatternDisagreement {
  accountId: string;
  kind: PatternQuestion['kind'];
  region: string;
  pattern: string;
  /** The corpus record's id and how results name it. */
  recordId: string;
  record: string;
  aws: 'match' | 'no-match';
  /** `unparseable`: the engine rejects the pattern that AWS evaluated. */
  engine: Verdict | 'unparseable';
}

export interface VerificationReport {
  /** Patterns asked about, and those AWS could not decide (their results are ERROR where they matter). */
  patterns: number;
  failed: (CollectionError & { accountId: string; kind: PatternQuestion['kind'] })[];
  /** Verdicts AWS gave. */
  verdicts: number;
  disagreements: PatternDisagreement[];
}

/**
 * Every verdict AWS gave, compared with the engine's: what `scan` prints so that a disagreement can
 * be reported. `undefined` when no snapshot of the run carries AWS's verdicts.
 */
export function verificationReport(
  snapshots: readonly AccountSnapshot[],
  controls: readonly Control[],
  evaluation: EvaluationContext,
): VerificationReport | undefined {
  const verifiedSnapshots = snapshots.filter((snapshot) => snapshot.patternVerification !== undefined);
  if (verifiedSnapshots.length === 0) return undefined;
  const specs = specsOf(controls, evaluation);
  const report: VerificationReport = { patterns: 0, failed: [], verdicts: 0, disagreements: [] };
  const engines = { 'metric-filter': new FilterPatternCache(), 'event-pattern': new EventPatternCache() };
  for (const snapshot of verifiedSnapshots) {
    const accountId = snapshot.account.id;
    const rebuilt = new Map(questionsOf(snapshot, specs).map((asked) => [patternKey(asked.kind, asked.pattern), asked]));
    for (const { kind, region, pattern, answers } of snapshot.patternVerification ?? []) {
      report.patterns++;
      if (!answers.ok) {
        report.failed.push({ ...answers.error, accountId, kind });
        continue;
      }
      const asked = new Set(answers.value.asked);
      const matched = new Set(answers.value.matched);
      for (const question of rebuilt.get(patternKey(kind, pattern))?.questions ?? []) {
        const digest = questionKey(kind, pattern, question.text);
        if (!asked.has(digest)) continue;
        report.verdicts++;
        const aws = matched.has(digest) ? 'match' : 'no-match';
        const engine = engineVerdict(engines, kind, pattern, question);
        if (engine !== aws)
          report.disagreements.push({ accountId, kind, region, pattern, recordId: question.record.id, record: question.record.summary, aws, engine });
      }
    }
  }
  return report;
}

function engineVerdict(
  engines: { 'metric-filter': FilterPatternCache; 'event-pattern': EventPatternCache },
  kind: PatternQuestion['kind'],
  pattern: string,
  question: Question,
): Verdict | 'unparseable' {
  const engine = engines[kind];
  if (!engine.parse(pattern).ok) return 'unparseable';
  return kind === 'metric-filter'
    ? engines[kind].engineVerdict(pattern, question.record).verdict
    : engines[kind].engineVerdict(pattern, question.event!).verdict;
}
