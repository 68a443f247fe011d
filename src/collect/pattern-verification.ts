import { questionKey } from '../snapshot/question-digest.js';
import type { Collected, CollectionError, PatternQuestion, VerifiedPattern } from '../snapshot/types.js';
import { isThrottling } from '../aws/errors.js';
import type { Collection } from './collection.js';
import { testEventPattern } from './event-pattern-test.js';
import { metricFilterBatches, testMetricFilter } from './pattern-oracle.js';

/**
 * `scan --verify-patterns-with-aws`: asks AWS's own evaluators about each relied-on pattern (the
 * evaluation side chooses the questions: collect/options.ts `verifyPatterns`). A pattern is decided
 * by AWS only when every one of its calls was answered: a refusal, a throttle that neither the SDK's
 * retries nor `patiently` outlast, or an answer without a result leaves the whole pattern undecided,
 * with one error recorded for it however many of its calls failed.
 */
export function verifyPatterns(collection: Collection, questions: readonly PatternQuestion[], throttleWaitMs = THROTTLE_WAIT_MS): Promise<VerifiedPattern[]> {
  const patient: Patient = (send) => patiently(send, throttleWaitMs);
  return Promise.all(
    questions.map(async ({ kind, region, pattern, questions: texts }): Promise<VerifiedPattern> => {
      const verdicts =
        kind === 'metric-filter'
          ? await metricFilterVerdicts(collection, region, pattern, texts, patient)
          : await eventVerdicts(collection, region, pattern, texts, patient);
      if (!verdicts.ok) return { kind, region, pattern, answers: collection.fail(verdicts.error) };
      const asked = texts.map((text) => questionKey(kind, pattern, text));
      return { kind, region, pattern, answers: { ok: true, value: { asked, matched: asked.filter((_, index) => verdicts.value[index]) } } };
    }),
  );
}

type Patient = <T>(send: () => Promise<T>) => Promise<T>;

const THROTTLE_WAIT_MS = 1_000;
const PATIENT_ROUNDS = 3;

/**
 * A call a throttle kept from being answered, after the SDK's own retries, is sent again up to three
 * times, after `waitMs`, twice that, and four times that: thousands of questions about a large
 * account outrun any rate limit's bucket, and each is worth the wait (the deadline still applies).
 */
async function patiently<T>(send: () => Promise<T>, waitMs: number): Promise<T> {
  for (let round = 0; ; round++) {
    try {
      return await send();
    } catch (error) {
      if (round >= PATIENT_ROUNDS || !isThrottling(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, waitMs * 2 ** round));
    }
  }
}

async function metricFilterVerdicts(
  collection: Collection,
  region: string,
  pattern: string,
  messages: readonly string[],
  patient: Patient,
): Promise<Collected<boolean[]>> {
  const call = { operation: 'logs:TestMetricFilter', region, resource: pattern };
  const logs = collection.client('logs', region);
  return allAnswered(
    await Promise.all(metricFilterBatches(messages).map((batch) => collection.attempt(call, () => patient(() => testMetricFilter(logs, pattern, batch))))),
  );
}

async function eventVerdicts(
  collection: Collection,
  region: string,
  pattern: string,
  events: readonly string[],
  patient: Patient,
): Promise<Collected<boolean[]>> {
  const call = { operation: 'events:TestEventPattern', region, resource: pattern };
  const client = collection.client('events', region);
  const noAnswer: CollectionError = { ...call, code: 'NoAnswer', message: 'TestEventPattern answered without a Result (an emulator may not implement it)' };
  const answers = await Promise.all(
    events.map(async (event): Promise<Collected<boolean[]>> => {
      const answer = await collection.attempt(call, () => patient(() => testEventPattern(client, pattern, event)));
      if (!answer.ok) return answer;
      return answer.value === undefined ? { ok: false, error: noAnswer } : { ok: true, value: [answer.value] };
    }),
  );
  return allAnswered(answers);
}

/** The verdicts of every call, in order; the first failure when a call failed. */
function allAnswered(calls: readonly Collected<boolean[]>[]): Collected<boolean[]> {
  const failed = calls.find((call) => !call.ok);
  return failed ?? { ok: true, value: calls.flatMap((call) => (call.ok ? call.value : [])) };
}
