import { TestMetricFilterCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { Clients } from '../aws/clients.js';
import { errorCode } from '../aws/errors.js';
import { testEventPatterns } from './event-pattern-test.js';

/**
 * AWS's own evaluators as the oracle of `test-pattern --with-aws` and `scan
 * --verify-patterns-with-aws`: CloudWatch Logs TestMetricFilter for a metric filter pattern,
 * EventBridge TestEventPattern for an event pattern. Both only read.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TestMetricFilter.html
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html
 */

/** TestMetricFilter takes at most 50 log event messages per call. */
export const METRIC_FILTER_BATCH = 50;

/** A call AWS refused or did not answer: the operation and its error code, for an ERROR that names them. */
export class OracleFailure extends Error {
  constructor(
    readonly operation: string,
    readonly code: string,
  ) {
    super(`${operation} failed: ${code}`);
  }
}

/** The messages in TestMetricFilter's batches, in order. */
export function metricFilterBatches<T>(messages: readonly T[]): T[][] {
  return Array.from({ length: Math.ceil(messages.length / METRIC_FILTER_BATCH) }, (_, index) =>
    messages.slice(index * METRIC_FILTER_BATCH, (index + 1) * METRIC_FILTER_BATCH),
  );
}

/** One TestMetricFilter call: whether the filter matches each message of one batch. */
export async function testMetricFilter(logs: CloudWatchLogsClient, pattern: string, batch: readonly string[]): Promise<boolean[]> {
  const { matches = [] } = await logs.send(new TestMetricFilterCommand({ filterPattern: pattern, logEventMessages: [...batch] }));
  // eventNumber is the 1-based position of the message in the call's logEventMessages.
  const matched = new Set(matches.map((match) => match.eventNumber));
  return batch.map((_, index) => matched.has(index + 1));
}

/** Whether CloudWatch Logs' filter matches each message, in order. */
export async function metricFilterMatches(clients: Clients, region: string, pattern: string, messages: readonly string[]): Promise<boolean[]> {
  const answers = await Promise.all(
    metricFilterBatches(messages).map(async (batch) => {
      try {
        return await testMetricFilter(clients.get('logs', region), pattern, batch);
      } catch (error) {
        throw new OracleFailure('logs:TestMetricFilter', errorCode(error));
      }
    }),
  );
  return answers.flat();
}

/** Whether EventBridge's pattern matches each event (one call per event: the API takes one). */
export async function eventPatternMatches(clients: Clients, region: string, pattern: string, events: readonly Record<string, unknown>[]): Promise<boolean[]> {
  const answers = await testEventPatterns(
    clients,
    events.map((event) => ({ region, pattern, event })),
  );
  return answers.map((answer) => {
    if (answer.kind === 'match' || answer.kind === 'no-match') return answer.kind === 'match';
    throw new OracleFailure('events:TestEventPattern', answer.kind === 'failed' ? answer.code : 'NoAnswer');
  });
}
