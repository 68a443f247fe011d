import { TestEventPatternCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Clients } from '../aws/clients.js';
import { errorCode } from '../aws/errors.js';

export interface PatternProbe {
  region: string;
  rule: string;
  pattern: string;
  /** The event as EventBridge would receive it (a CloudTrail record in its envelope). */
  event: Record<string, unknown>;
}

/** EventBridge's own answer; `no-answer` when the endpoint gave none (moto's TestEventPattern is a stub). */
export type ProbeAnswer = { kind: 'match' | 'no-match' | 'no-answer' } | { kind: 'failed'; code: string };

/**
 * `test-alert`'s check of a rule it cannot fire: EventBridge's TestEventPattern on the rule's
 * pattern and a real-shaped record of a required event, as a second opinion to trailwarden's engine.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html
 */
export async function testEventPatterns(clients: Clients, probes: readonly Omit<PatternProbe, 'rule'>[]): Promise<ProbeAnswer[]> {
  return Promise.all(
    probes.map(async ({ region, pattern, event }): Promise<ProbeAnswer> => {
      try {
        const Result = await testEventPattern(clients.get('events', region), pattern, JSON.stringify(event));
        return { kind: Result === undefined ? 'no-answer' : Result ? 'match' : 'no-match' };
      } catch (error) {
        return { kind: 'failed', code: errorCode(error) };
      }
    }),
  );
}

/** One TestEventPattern call on an event as sent; `undefined` when the endpoint answered without a Result (moto's is a stub). */
export async function testEventPattern(events: EventBridgeClient, pattern: string, event: string): Promise<boolean | undefined> {
  const { Result } = await events.send(new TestEventPatternCommand({ EventPattern: pattern, Event: event }));
  return Result;
}
