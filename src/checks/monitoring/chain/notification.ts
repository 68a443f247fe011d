import type { SnsSubscription } from '../../../snapshot/types.js';
import type { MonitoringContext } from './context.js';
import { observedTopicFailures } from './observed-delivery.js';
import { gapFrom, type Gap } from './progress.js';
import { publishAccess, type Publisher } from './publish-access.js';

/**
 * The last links, shared by alarms and EventBridge rules: the topic exists, the publisher may
 * publish to it (and use its key), someone confirmed a subscription, and SNS was not seen failing
 * to deliver.
 */
export type TopicDelivery =
  | { kind: 'confirmed'; confirmed: number }
  /** `problem` completes "…notifies TOPIC, but …". */
  | { kind: 'broken'; link: 'sns-topic' | 'topic-access' | 'subscription'; problem: string }
  | { kind: 'gap'; gap: Gap };

export function topicDelivery(context: MonitoringContext, topicArn: string, publisher: Publisher): TopicDelivery {
  const topic = context.topic(topicArn);
  if (!topic) return { kind: 'gap', gap: { reason: `SNS topic ${topicArn} was not collected` } };
  if (!topic.subscriptions.ok) return { kind: 'gap', gap: gapFrom(topic.subscriptions.error, `the subscriptions of SNS topic ${topicArn}`) };
  const subscriptions = topic.subscriptions.value;
  if (subscriptions === null) return { kind: 'broken', link: 'sns-topic', problem: 'the topic does not exist' };
  const confirmed = subscriptions.filter(isConfirmed).length;
  const access = publishAccess(context.snapshot, topic, publisher);
  // An unread policy leaves the verdict open only when the rest of the hop could hold: without a
  // confirmed subscription nothing is delivered whatever the policy says.
  if (access.kind === 'gap' && confirmed > 0) return access;
  if (access.kind === 'broken') return { kind: 'broken', link: 'topic-access', problem: access.problem };
  if (confirmed > 0) {
    const failing = observedTopicFailures(context.snapshot, topicArn);
    return failing ? { kind: 'broken', link: 'subscription', problem: failing } : { kind: 'confirmed', confirmed };
  }
  const pending = subscriptions.length;
  return {
    kind: 'broken',
    link: 'subscription',
    problem: `the topic has no confirmed subscription${pending > 0 ? ` (${pending} pending confirmation)` : ' (none at all)'}`,
  };
}

/** Until the endpoint confirms, SNS reports the subscription ARN as `PendingConfirmation` (or `Deleted`). */
function isConfirmed(subscription: SnsSubscription): boolean {
  return subscription.subscriptionArn.startsWith('arn:');
}

export function isSnsTopicArn(arn: string, region?: string): boolean {
  const parts = arn.split(':');
  return parts[0] === 'arn' && parts[2] === 'sns' && (region === undefined || parts[3] === region) && parts.length === 6;
}
