import { paginateListSubscriptionsByTopic } from '@aws-sdk/client-sns';
import type { SnsSubscription, SnsTopic } from '../snapshot/types.js';
import { parseArn } from './arn.js';
import type { Collection } from './collection.js';
import { nullWhen } from '../aws/errors.js';
import { describeTopicAccess } from './topic-access.js';

/** A topic's subscriptions and who may publish to it, read in the topic's region; a deleted topic is `null`, not an error. */
export async function describeTopic(collection: Collection, arn: string): Promise<SnsTopic> {
  const region = parseArn(arn)?.region ?? collection.homeRegion;
  const client = collection.client('sns', region);
  const access = describeTopicAccess(collection, arn, region);
  const subscriptions = await collection.read({ operation: 'sns:ListSubscriptionsByTopic', region, resource: arn }, () =>
    nullWhen(['NotFoundException', 'NotFound'], async () => {
      const list: SnsSubscription[] = [];
      for await (const page of paginateListSubscriptionsByTopic({ client }, { TopicArn: arn })) {
        list.push(
          ...(page.Subscriptions ?? []).map((s) => ({ subscriptionArn: s.SubscriptionArn ?? '', protocol: s.Protocol ?? '', endpoint: s.Endpoint ?? '' })),
        );
      }
      return list;
    }),
  );
  return { arn, region, subscriptions, access: await access };
}
