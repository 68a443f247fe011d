import { GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import { GetTopicAttributesCommand } from '@aws-sdk/client-sns';
import { SNS_MANAGED_KEY_ALIAS, type Collected, type FixKey, type TopicAccess, type TopicKey } from '../snapshot/types.js';
import type { Collection } from './collection.js';
import { nullWhen } from '../aws/errors.js';
import { describeKmsKey, kmsKeyRegion } from './kms.js';

/**
 * The last permissions of a chain, read only for the topics relied-on alarms and rules notify: the
 * topic policy and key (GetTopicAttributes), and for a key other than `alias/aws/sns` (which
 * DescribeKey would only confirm AWS manages) who manages it
 * (DescribeKey) and, when the customer does, its key policy (GetKeyPolicy). A deleted topic is `null`.
 */
export async function describeTopicAccess(collection: Collection, arn: string, region: string): Promise<Collected<TopicAccess | null>> {
  const client = collection.client('sns', region);
  const attributes = await collection.read({ operation: 'sns:GetTopicAttributes', region, resource: arn }, () =>
    nullWhen(['NotFoundException', 'NotFound'], async () => (await client.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes ?? {}),
  );
  if (!attributes.ok || attributes.value === null) return attributes;
  const { Policy: policy, KmsMasterKeyId: kmsMasterKeyId } = attributes.value;
  const access: TopicAccess = { ...(policy && { policy }), ...(kmsMasterKeyId && { kmsMasterKeyId }) };
  if (kmsMasterKeyId && kmsMasterKeyId !== SNS_MANAGED_KEY_ALIAS) access.key = await describeTopicKey(collection, kmsMasterKeyId, region);
  return { ok: true, value: access };
}

/**
 * `fix --kms-key ARN`: the key fix may encrypt topics on the AWS managed key with, read as a
 * topic's key is, so that fix knows whether it may grant the services in its policy.
 */
export async function describeFixKey(collection: Collection, ref: string): Promise<FixKey> {
  const region = kmsKeyRegion(ref, collection.homeRegion);
  return { ref, region, ...(await describeTopicKey(collection, ref, region)) };
}

/** A topic's key is in the topic's Region; its policy matters only when the customer manages it (AWS managed keys cannot be granted to services). */
async function describeTopicKey(collection: Collection, ref: string, region: string): Promise<TopicKey> {
  const { details } = await describeKmsKey(collection, ref, region);
  if (!details.ok || details.value?.keyManager !== 'CUSTOMER') return { details };
  const client = collection.client('kms', region);
  const keyArn = details.value.arn;
  // `default` is the only key policy name there is; moto, unlike AWS, requires it.
  // Topics that share a key share its one GetKeyPolicy.
  const policy = await collection.once(`kms:GetKeyPolicy ${keyArn}`, () =>
    collection.read(
      { operation: 'kms:GetKeyPolicy', region, resource: keyArn },
      async () => (await client.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }))).Policy ?? '',
    ),
  );
  return { details, policy };
}
