import { beforeEach, describe, expect, it } from 'vitest';
import { evaluateControls } from '../../src/checks/engine.js';
import { patternQuestions, verificationReport } from '../../src/checks/monitoring/chain/verification.js';
import { eventMonitoringControls } from '../../src/checks/monitoring/index.js';
import { controlsFor } from '../../src/checks/registry.js';
import type { Result } from '../../src/checks/types.js';
import { Clients } from '../../src/aws/clients.js';
import { Collection } from '../../src/collect/collection.js';
import { collectSnapshot, type CollectOptions, type ProgressEvent } from '../../src/collect/index.js';
import { verifyPatterns } from '../../src/collect/pattern-verification.js';
import { METRIC_FILTER_BATCH } from '../../src/collect/pattern-oracle.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { CORPUS, recordOfAccount } from '../../src/corpus/index.js';
import type { AccountSnapshot, EventRule } from '../../src/snapshot/types.js';
import { adaptiveWithoutBackoff, loadExample, useStaticCredentials, WireAccount, wireError } from './wire-account.js';

/**
 * `scan --verify-patterns-with-aws` end to end in the library: the real SDK clients collect an
 * example account through the wire fake, which plays CloudWatch Logs TestMetricFilter and
 * EventBridge TestEventPattern with trailwarden's own engines except where a test makes AWS answer
 * otherwise (`contrary`); the snapshot's answers then decide the evaluation.
 */

const MAX_ATTEMPTS = 3;
const CONTROLS = controlsFor(DEFAULT_CONFIG);
const EVALUATION = { config: DEFAULT_CONFIG };
const CLOUDWATCH_4 = eventMonitoringControls.find((control) => control.id === 'CloudWatch.4')!;
const MISSED_MESSAGE = recordOfAccount(CLOUDWATCH_4.spec.positives[0]!, loadExample('compliant-account').account.id).message;

beforeEach(() => useStaticCredentials());

function collect(account: WireAccount, onProgress?: CollectOptions['onProgress']): Promise<AccountSnapshot> {
  return collectSnapshot({
    onProgress,
    toolVersion: '0.0.0-test',
    requestHandler: account,
    retryStrategy: adaptiveWithoutBackoff(MAX_ATTEMPTS),
    verifyPatterns: patternQuestions(CONTROLS, EVALUATION),
    verifyThrottleWaitMs: 0,
  });
}

/** Results by control, as of the example's own collection time (its delivery times are relative to it). */
function byControl(snapshot: AccountSnapshot, asOf: string): Map<string, Result> {
  const results = evaluateControls({ ...snapshot, collectedAt: asOf }, CONTROLS, EVALUATION);
  return new Map(results.filter((result) => result.controlId.startsWith('CloudWatch.')).map((result) => [result.controlId, result]));
}

const statuses = (results: Map<string, Result>) => Object.fromEntries([...results].map(([id, result]) => [id, result.status]));

const distinctFilterPatterns = (snapshot: AccountSnapshot) =>
  new Set(
    snapshot.logGroups
      .flatMap((group) => (group.details.ok && group.details.value?.metricFilters.ok ? group.details.value.metricFilters.value : []))
      .map((f) => f.pattern),
  );

describe('metric filters: CloudWatch Logs TestMetricFilter decides', () => {
  const saved = loadExample('compliant-account');

  it('agrees with the engine: the same verdicts, every corpus record asked per distinct pattern, 50 a call, counted', async () => {
    const events: ProgressEvent[] = [];
    const collected = await collect(new WireAccount(saved), (event) => events.push(event));
    const patterns = distinctFilterPatterns(saved).size;
    expect(collected.patternVerification).toHaveLength(patterns);
    // The progress line says what is being asked, between reading the account and the end.
    expect(events.map(({ type }) => type).slice(-2)).toEqual(['verifying', 'done']);
    expect(events.at(-2)?.message).toBe(
      `asking AWS's evaluators about ${patterns} patterns (${patterns * CORPUS.length} questions; ${events.at(-2)?.calls} calls so far)`,
    );
    expect(collected.patternVerification!.every(({ kind, answers }) => kind === 'metric-filter' && answers.ok)).toBe(true);
    expect(collected.callCounts['logs:TestMetricFilter']).toBe(patterns * Math.ceil(CORPUS.length / METRIC_FILTER_BATCH));
    expect(collected.errors).toEqual([]);
    expect(statuses(byControl(collected, saved.collectedAt))).toEqual(statuses(byControl(saved, saved.collectedAt)));

    const report = verificationReport([collected], CONTROLS, EVALUATION)!;
    expect(report).toMatchObject({ patterns, failed: [], disagreements: [] });
    expect(report.verdicts).toBe(patterns * CORPUS.length);
  });

  it('a disagreement: AWS says the CIS IAM filter misses a required event, so CloudWatch.4 FAILs, and the disagreement is reported', async () => {
    const account = new WireAccount(saved);
    const missed = recordOfAccount(CLOUDWATCH_4.spec.positives[0]!, saved.account.id);
    account.contrary.add(missed.message);
    const collected = await collect(account);

    const results = byControl(collected, saved.collectedAt);
    expect(byControl(saved, saved.collectedAt).get('CloudWatch.4')!.status).toBe('PASS');
    expect(results.get('CloudWatch.4')).toMatchObject({ status: 'FAIL', reason: expect.stringContaining(`misses ${missed.summary}`) as string });
    // The wire fake answers against the engine on that message for every pattern: one disagreement per distinct pattern, all on that record.
    const { disagreements } = verificationReport([collected], CONTROLS, EVALUATION)!;
    expect(disagreements).toHaveLength(distinctFilterPatterns(saved).size);
    expect(disagreements.every(({ recordId, kind, accountId }) => recordId === missed.id && kind === 'metric-filter' && accountId === saved.account.id)).toBe(
      true,
    );
    expect(disagreements.find(({ pattern }) => pattern === CLOUDWATCH_4.spec.filterPattern)).toMatchObject({ aws: 'no-match', engine: 'match' });
  });

  it("throttling is retried, beyond the SDK's own attempts, and AWS still decides", async () => {
    // More throttled answers than one call's SDK attempts: some calls run out of them and are asked again.
    const account = new WireAccount(saved).failNext('TestMetricFilter', MAX_ATTEMPTS * 3, wireError.json('ThrottlingException', 'Rate exceeded'));
    const collected = await collect(account);
    expect(collected.errors).toEqual([]);
    expect(collected.patternVerification!.every(({ answers }) => answers.ok)).toBe(true);
    expect(statuses(byControl(collected, saved.collectedAt))).toEqual(statuses(byControl(saved, saved.collectedAt)));
  });

  it('a call whose SDK attempts are all throttled is asked again (the wait doubling), and answered', async () => {
    const account = new WireAccount(saved).failNext('TestMetricFilter', MAX_ATTEMPTS + 1, wireError.json('ThrottlingException', 'Rate exceeded'));
    const clients = await Clients.create({ toolVersion: '0.0.0-test', requestHandler: account, retryStrategy: adaptiveWithoutBackoff(MAX_ATTEMPTS) });
    const collection = new Collection(clients, { accountId: saved.account.id, partition: 'aws', callerArn: saved.account.callerArn ?? '' });
    const [verified] = await verifyPatterns(
      collection,
      [{ kind: 'metric-filter', region: 'us-east-1', pattern: CLOUDWATCH_4.spec.filterPattern, questions: [MISSED_MESSAGE] }],
      0,
    );
    clients.destroy();
    expect(verified!.answers).toEqual({ ok: true, value: { asked: [expect.any(String)], matched: [expect.any(String)] } });
    expect(account.requests.filter(({ operation }) => operation === 'TestMetricFilter')).toHaveLength(MAX_ATTEMPTS + 2);
    expect(collection.errors).toEqual([]);
  });

  it.each([
    ['AccessDenied', wireError.json('AccessDeniedException', 'User is not authorized to perform: logs:TestMetricFilter'), 'AccessDeniedException'],
    ['throttling that outlasts the retries', wireError.json('ThrottlingException', 'Rate exceeded'), 'ThrottlingException'],
  ])('%s: every control whose filter AWS could not judge is ERROR naming the call, one error per pattern', async (_, fault, code) => {
    const collected = await collect(new WireAccount(saved).failNext('TestMetricFilter', Infinity, fault));
    const patterns = distinctFilterPatterns(saved).size;
    expect(collected.errors).toHaveLength(patterns);
    expect(collected.errors.every((error) => error.operation === 'logs:TestMetricFilter' && error.code === code)).toBe(true);
    const results = byControl(collected, saved.collectedAt);
    for (const { id } of eventMonitoringControls.filter(({ id }) => id.startsWith('CloudWatch.'))) {
      const result = results.get(id)!;
      expect(result.status, id).toBe('ERROR');
      expect(result.reason, id).toContain(`--verify-patterns-with-aws: logs:TestMetricFilter in us-east-1 failed with ${code}`);
    }
    expect(verificationReport([collected], CONTROLS, EVALUATION)).toMatchObject({ patterns, verdicts: 0, disagreements: [] });
  });
});

describe('EventBridge rules: TestEventPattern decides', () => {
  const base = loadExample('compliant-account');
  const topic = base.topics[0]!.arn;
  const pattern = JSON.stringify({ source: ['aws.iam'], 'detail-type': ['AWS API Call via CloudTrail'] });
  const rule = (region: string, name: string, fields: Partial<EventRule> = {}): EventRule => ({
    name,
    arn: `arn:aws:events:${region}:${base.account.id}:rule/${name}`,
    region,
    eventBusName: 'default',
    state: 'ENABLED',
    eventPattern: pattern,
    targets: { ok: true, value: [{ id: '1', arn: topic }] },
    ...fields,
  });
  // A rule that can deliver, one disabled and one without a topic: only the first is asked about.
  const saved: AccountSnapshot = {
    ...base,
    regionData: base.regionData.map((data) =>
      data.region === 'us-east-1'
        ? {
            ...data,
            eventRules: {
              ok: true,
              value: [
                rule('us-east-1', 'iam-changes'),
                rule('us-east-1', 'disabled', { state: 'DISABLED', eventPattern: '{"source":["aws.kms"]}' }),
                rule('us-east-1', 'no-topic', { eventPattern: '{"source":["aws.s3"]}', targets: { ok: true, value: [] } }),
              ],
            },
          }
        : data,
    ),
  };

  it("asks about each required event that arrives in the rule's Region, one call each; AWS's contrary answer is reported", async () => {
    const account = new WireAccount(saved);
    const iamEvent = CLOUDWATCH_4.spec.positives[0]!.eventName;
    account.contrary.add(iamEvent);
    const collected = await collect(account);

    const asked = collected.patternVerification!.filter(({ kind }) => kind === 'event-pattern');
    expect(asked.map(({ region, pattern: text }) => [region, text])).toEqual([['us-east-1', pattern]]);
    expect(asked[0]!.answers.ok && asked[0]!.answers.value.asked.length).toBe(collected.callCounts['events:TestEventPattern']);
    // The rule lists source aws.iam: only IAM events are asked about, the other required events cannot match it.
    const report = verificationReport([collected], CONTROLS, EVALUATION)!;
    expect(report.verdicts - report.disagreements.filter(({ kind }) => kind === 'metric-filter').length).toBeGreaterThan(0);
    const askedEvents = collected.callCounts['events:TestEventPattern']!;
    expect(askedEvents).toBe(
      new Set(
        eventMonitoringControls
          .flatMap((control) => control.spec.positives)
          .filter((r) => r.eventSource === 'iam.amazonaws.com')
          .map((r) => r.id),
      ).size,
    );
    const contrary = report.disagreements.filter(({ kind }) => kind === 'event-pattern');
    expect(contrary.length).toBeGreaterThan(0);
    expect(contrary.every(({ record, aws, engine }) => record === iamEvent && aws === 'no-match' && engine === 'match')).toBe(true);
  });

  it('an emulator that answers without a Result (moto) leaves the pattern undecided: NoAnswer, never a guess', async () => {
    const account = new WireAccount(saved).failNext('TestEventPattern', Infinity, { status: 200, body: '{}', contentType: 'application/x-amz-json-1.1' });
    const collected = await collect(account);
    expect(collected.errors).toEqual([expect.objectContaining({ operation: 'events:TestEventPattern', code: 'NoAnswer', resource: pattern })]);
  });
});
