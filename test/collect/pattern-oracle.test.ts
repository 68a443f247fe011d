import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { beforeEach, describe, expect, it } from 'vitest';
import { Clients } from '../../src/aws/clients.js';
import { eventMonitoringControls } from '../../src/checks/monitoring/index.js';
import { eventPatternMatches, METRIC_FILTER_BATCH, metricFilterMatches, OracleFailure } from '../../src/collect/pattern-oracle.js';
import { CORPUS } from '../../src/corpus/index.js';
import { compilePattern, decideByAws, disagreements, testRecords, type InputRecord } from '../../src/workbench/test-pattern.js';
import { adaptiveWithoutBackoff, evaluatorAnswer, operationOf, useStaticCredentials, wireError, type Answer } from './wire-account.js';

/**
 * `test-pattern --with-aws` asks CloudWatch Logs TestMetricFilter and EventBridge TestEventPattern
 * through the real SDK clients, over a stub HTTP handler that answers as AWS would: here AWS is
 * played by trailwarden's own engine, except where a test makes it disagree.
 */

const REGION = 'us-east-1';
const MAX_ATTEMPTS = 3;
const CIS_IAM_FILTER = eventMonitoringControls.find((control) => control.id === 'CloudWatch.4')!.spec.filterPattern;
const IAM_RULE = JSON.stringify({ source: ['aws.iam'], detail: { eventName: [{ prefix: 'Put' }] } });

interface LogsCall {
  filterPattern: string;
  logEventMessages: string[];
}

class StubAws {
  readonly requests: string[] = [];
  readonly metricFilterCalls: LogsCall[] = [];
  private readonly failures: Answer[] = [];
  /** Messages (or events' eventName) AWS judges against trailwarden's engine: the opposite verdict. */
  readonly contrary = new Set<string>();

  failNext(times: number, failure: Answer): void {
    this.failures.push(...Array.from({ length: times }, () => failure));
  }

  async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const operation = operationOf(request);
    this.requests.push(operation);
    const answer = this.failures.shift() ?? this.answer(operation, JSON.parse(String(request.body)) as Record<string, unknown>);
    return {
      response: new HttpResponse({ statusCode: answer.status, headers: { 'content-type': answer.contentType }, body: new TextEncoder().encode(answer.body) }),
    };
  }

  private answer(operation: string, body: Record<string, unknown>): Answer {
    if (operation === 'TestMetricFilter') this.metricFilterCalls.push(body as unknown as LogsCall);
    return evaluatorAnswer(operation, body, this.contrary) ?? wireError.json('StubMissing', operation, 501);
  }
}

async function clientsOver(stub: StubAws): Promise<Clients> {
  return Clients.create({ toolVersion: '0.0.0-test', requestHandler: stub, retryStrategy: adaptiveWithoutBackoff(MAX_ATTEMPTS) });
}

const inputOf = (record: (typeof CORPUS)[number], index: number): InputRecord => ({
  position: index + 1,
  message: record.message,
  record: record.record,
  label: record.summary,
});

beforeEach(() => useStaticCredentials(REGION));

describe('CloudWatch Logs TestMetricFilter as the oracle', () => {
  it('agrees with the engine over the whole corpus, asked 50 messages at a time, one counted call per batch', async () => {
    const stub = new StubAws();
    const clients = await clientsOver(stub);
    const messages = CORPUS.map((record) => record.message);
    const answers = await metricFilterMatches(clients, REGION, CIS_IAM_FILTER, messages);
    const tester = compilePattern(CIS_IAM_FILTER, 'filter');
    expect(answers).toEqual(CORPUS.map((record) => tester.corpus(record).verdict === 'match'));
    expect(answers.filter(Boolean).length).toBeGreaterThanOrEqual(16);
    const batches = Math.ceil(messages.length / METRIC_FILTER_BATCH);
    expect(batches).toBeGreaterThan(1);
    expect(stub.metricFilterCalls.map((call) => call.logEventMessages.length).every((length) => length <= METRIC_FILTER_BATCH)).toBe(true);
    expect(stub.metricFilterCalls.flatMap((call) => call.logEventMessages)).toEqual(messages);
    expect(clients.callCounts).toEqual({ 'logs:TestMetricFilter': batches });
    clients.destroy();
  });

  it("reports a disagreement, and AWS's answer decides", async () => {
    const stub = new StubAws();
    const records = CORPUS.filter((record) => record.eventSource === 'iam.amazonaws.com')
      .slice(0, 5)
      .map(inputOf);
    stub.contrary.add(records[1]!.message);
    const clients = await clientsOver(stub);
    const tester = compilePattern(CIS_IAM_FILTER, 'filter');
    const ours = testRecords(tester, records);
    const decided = decideByAws(
      ours,
      await metricFilterMatches(
        clients,
        REGION,
        CIS_IAM_FILTER,
        records.map((record) => record.message),
      ),
    );
    expect(disagreements(decided)).toEqual([{ ...ours[1]!, verdict: ours[1]!.verdict === 'match' ? 'no-match' : 'match', engine: ours[1]!.verdict }]);
    clients.destroy();
  });

  it('retries throttling, and names the operation AWS refuses', async () => {
    const stub = new StubAws();
    stub.failNext(MAX_ATTEMPTS - 1, wireError.json('ThrottlingException', 'Rate exceeded'));
    const clients = await clientsOver(stub);
    expect(await metricFilterMatches(clients, REGION, CIS_IAM_FILTER, [CORPUS[0]!.message])).toEqual([false]);
    expect(clients.retries).toBe(MAX_ATTEMPTS - 1);
    expect(clients.callCounts).toEqual({ 'logs:TestMetricFilter': 1 });

    stub.failNext(1, wireError.json('AccessDeniedException', 'not authorized to perform: logs:TestMetricFilter'));
    await expect(metricFilterMatches(clients, REGION, CIS_IAM_FILTER, [CORPUS[0]!.message])).rejects.toEqual(
      new OracleFailure('logs:TestMetricFilter', 'AccessDeniedException'),
    );
    clients.destroy();
  });
});

describe('EventBridge TestEventPattern as the oracle', () => {
  const iam = CORPUS.filter((record) => record.eventSource === 'iam.amazonaws.com').slice(0, 6);
  const events = iam.map((record) => compilePattern(IAM_RULE, 'eventbridge').question(record) as Record<string, unknown>);

  it('one call per event; agreement, then a disagreement AWS decides', async () => {
    const stub = new StubAws();
    const clients = await clientsOver(stub);
    const tester = compilePattern(IAM_RULE, 'eventbridge');
    const ours = testRecords(tester, iam.map(inputOf));
    expect(decideByAws(ours, await eventPatternMatches(clients, REGION, IAM_RULE, events))).toEqual(ours);
    expect(clients.callCounts).toEqual({ 'events:TestEventPattern': iam.length });

    stub.contrary.add(iam[0]!.eventName);
    const decided = decideByAws(ours, await eventPatternMatches(clients, REGION, IAM_RULE, events));
    expect(disagreements(decided).map(({ event, engine }) => [event, engine])).toEqual([[iam[0]!.summary, ours[0]!.verdict]]);
    clients.destroy();
  });

  it('retries throttling, and names the operation AWS refuses', async () => {
    const stub = new StubAws();
    stub.failNext(MAX_ATTEMPTS - 1, wireError.json('ThrottlingException', 'Rate exceeded'));
    const clients = await clientsOver(stub);
    await eventPatternMatches(clients, REGION, IAM_RULE, events.slice(0, 1));
    expect(clients.retries).toBe(MAX_ATTEMPTS - 1);
    stub.failNext(1, wireError.json('AccessDeniedException', 'not authorized'));
    await expect(eventPatternMatches(clients, REGION, IAM_RULE, events.slice(0, 1))).rejects.toEqual(
      new OracleFailure('events:TestEventPattern', 'AccessDeniedException'),
    );
    clients.destroy();
  });
});
