import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, EnableKeyRotationCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { SetTopicAttributesCommand } from '@aws-sdk/client-sns';
import {
  keyAllows,
  SERVICES,
  topicAccess,
  topicPolicyAllows,
  type LinkVerdict,
  type Publisher,
  type PublishingService,
} from '../../checks/monitoring/chain/publish-access.js';
import { SNS_MANAGED_KEY_ALIAS, type AccountSnapshot, type SnsTopic, type TopicAccess } from '../../snapshot/types.js';
import { bound, call } from '../calls.js';
import { MANAGED_TAG, topicKeyAlias } from '../names.js';
import {
  KEY_CREATION,
  mergeStatements,
  TERRAFORM_KEY_CREATION,
  topicKeyPolicy,
  topicKeyStatement,
  topicPublishStatement,
  type PolicyDocument,
} from '../policies.js';
import { JsonEncode, block, ref } from '../terraform/hcl.js';
import { MANAGED_TAGS, address, dependsOn, importBlock, jsonValue, tfLabel } from '../terraform/resources.js';
import type { Action, FixOptions } from '../types.js';

/**
 * The permissions of an existing topic that its publishers lack, repaired without weakening
 * anything: a statement merged into the topic policy, a grant merged into the policy of the
 * customer managed key the topic is encrypted with (every existing statement is kept). Each change
 * is planned only when the chain's own evaluation says it then holds; otherwise, and for what fix
 * does not change (the AWS managed key alias/aws/sns, a disabled key, a Deny), a note says why.
 */
export function publishGrants(
  draft: AccountSnapshot,
  topicArn: string,
  publishers: readonly Publisher[],
  options: FixOptions,
): { actions: Action[]; notes: string[] } {
  const topic = draft.topics.find((candidate) => candidate.arn === topicArn);
  // A topic this plan creates gets a policy that lets both services publish; an unread one stays ERROR.
  if (!topic) return { actions: [], notes: [] };
  const access = topicAccess(topic);
  if ('kind' in access) return { actions: [], notes: [] };
  const actions: Action[] = [];
  const notes: string[] = [];
  for (const planned of [keyGrant(draft, topic, access, publishers, options), policyGrant(draft, topic, access, publishers)]) {
    if (!planned) continue;
    if ('note' in planned) notes.push(planned.note);
    else actions.push(planned);
  }
  return { actions, notes };
}

type Planned = Action | { note: string } | undefined;

function policyGrant(draft: AccountSnapshot, topic: SnsTopic, access: TopicAccess, publishers: readonly Publisher[]): Planned {
  const lacking = servicesLacking(publishers, (publisher) => topicPolicyAllows(draft, topic, access, publisher));
  if (lacking.length === 0) return undefined;
  const policy = mergeStatements(
    access.policy,
    lacking.map((service) => topicPublishStatement(service, topic.arn, draft.account.id)),
  );
  const after = { ...access, policy: JSON.stringify(policy) };
  const still = publishers.map((publisher) => topicPolicyAllows(draft, topic, after, publisher)).find(notHolding);
  if (still)
    return {
      note: `SNS topic ${topic.arn}: fix does not change its policy, because adding a statement would not be enough (${reasonOf(still)}); it never removes statements`,
    };
  const name = topicName(topic.arn);
  const label = tfLabel(`${name}-${topic.region}`);
  return {
    id: `topic-policy:${topic.arn}`,
    controls: [],
    summary: `Add statements to the policy of SNS topic ${name} in ${topic.region} that let ${servicesText(lacking)} of this account publish to it (other statements are kept)`,
    change: { kind: 'update', resourceType: 'AWS::SNS::Topic', name, region: topic.region, before: { policy: parsedOrNull(access.policy) }, after: { policy } },
    dependsOn: [],
    calls: [call('sns', topic.region, SetTopicAttributesCommand, { TopicArn: topic.arn, AttributeName: 'Policy', AttributeValue: JSON.stringify(policy) })],
    terraform: [
      importBlock(`aws_sns_topic_policy.${label}`, topic.arn),
      block('resource', ['aws_sns_topic_policy', label], { arn: topic.arn, policy: new JsonEncode(jsonValue(policy)) }),
    ],
    simulate(target) {
      const found = target.topics.find((candidate) => candidate.arn === topic.arn);
      if (found?.access?.ok && found.access.value) found.access.value.policy = JSON.stringify(policy);
    },
  };
}

function keyGrant(draft: AccountSnapshot, topic: SnsTopic, access: TopicAccess, allPublishers: readonly Publisher[], options: FixOptions): Planned {
  // A target role uses the key with its own IAM permissions, which fix does not write: the key policy grants only the services.
  const publishers = allPublishers.filter((publisher) => publisher.roleArn === undefined);
  const lacking = servicesLacking(publishers, (publisher) => keyAllows(draft, topic, access, publisher));
  if (lacking.length === 0) return undefined;
  const keyId = access.kmsMasterKeyId!;
  const details = access.key?.details.ok ? access.key.details.value : undefined;
  if (keyId === SNS_MANAGED_KEY_ALIAS || details?.keyManager === 'AWS') {
    if (options.kmsKey && 'create' in options.kmsKey) return reencrypt(draft, topic, keyId);
    return {
      note: `SNS topic ${topic.arn} is encrypted with the AWS managed key ${keyId}, which ${servicesText(lacking)} cannot use and whose policy cannot be changed: fix leaves the topic's encryption alone. Pass --kms-key create to give the topic a customer managed key instead, or encrypt it with one whose policy grants ${lacking.map((service) => SERVICES[service].principal).join(' and ')} kms:Decrypt and kms:GenerateDataKey* (aws sns set-topic-attributes --attribute-name KmsMasterKeyId), or alert through another topic with --sns-topic-arn`,
    };
  }
  const current = access.key?.policy?.ok ? access.key.policy.value : undefined;
  if (!details || current === undefined) return undefined;
  const policy = mergeStatements(current, lacking.map(topicKeyStatement));
  const after: TopicAccess = { ...access, key: { ...access.key!, policy: { ok: true, value: JSON.stringify(policy) } } };
  const still = publishers.map((publisher) => keyAllows(draft, topic, after, publisher)).find(notHolding);
  if (still) return { note: `SNS topic ${topic.arn}: fix does not change key ${details.arn}, because a grant would not be enough (${reasonOf(still)})` };
  const keyUuid = details.arn.split('/').at(-1) ?? details.arn;
  const label = tfLabel(`topic-key-${keyUuid}`);
  return {
    id: `key-policy:${details.arn}`,
    controls: [],
    summary: `Grant ${lacking.map((service) => SERVICES[service].principal).join(' and ')} kms:Decrypt and kms:GenerateDataKey* in the key policy of ${details.arn}, which encrypts SNS topic ${topicName(topic.arn)} (other statements are kept)`,
    change: {
      kind: 'update',
      resourceType: 'AWS::KMS::Key',
      name: keyUuid,
      region: topic.region,
      before: { policy: parsedOrNull(current) },
      after: { policy },
    },
    dependsOn: [],
    calls: [call('kms', topic.region, PutKeyPolicyCommand, { KeyId: details.arn, PolicyName: 'default', Policy: JSON.stringify(policy) })],
    terraform: [
      importBlock(`aws_kms_key_policy.${label}`, keyUuid),
      block('resource', ['aws_kms_key_policy', label], { key_id: details.arn, policy: new JsonEncode(jsonValue(policy)) }),
    ],
    simulate(target) {
      const found = target.topics.find((candidate) => candidate.arn === topic.arn);
      const key = found?.access?.ok ? found.access.value?.key : undefined;
      if (key) key.policy = { ok: true, value: JSON.stringify(policy) };
    },
  };
}

/**
 * `--kms-key create` for a topic on the AWS managed key: a customer managed key of its own that the
 * account administers and CloudWatch and EventBridge may use, then the topic encrypted with it. The
 * topic stays encrypted throughout; only the key changes.
 */
function reencrypt(draft: AccountSnapshot, topic: SnsTopic, previousKey: string): Action {
  const name = topicName(topic.arn);
  const alias = topicKeyAlias(name);
  const region = topic.region;
  const policy = topicKeyPolicy(draft.account.partition, draft.account.id);
  const label = tfLabel(`${name}-${region}`);
  const description = `trailwarden: encrypts the messages of SNS topic ${name}, usable by CloudWatch alarms and EventBridge rules`;
  return {
    id: `topic-key:${topic.arn}`,
    controls: [],
    summary: `Create KMS key ${alias} in ${region} that CloudWatch alarms and EventBridge rules may use, and encrypt SNS topic ${name} with it instead of the AWS managed key ${previousKey}`,
    change: {
      kind: 'update',
      resourceType: 'AWS::SNS::Topic',
      name,
      region,
      before: { kmsMasterKeyId: previousKey },
      after: { kmsMasterKeyId: alias, keyPolicy: policy },
    },
    dependsOn: [],
    calls: [
      // Finds the key of an earlier, interrupted run; CreateKey runs only when there is none.
      call('kms', region, DescribeKeyCommand, { KeyId: alias }, { alreadyDone: ['NotFoundException'], binds: { keyArn: 'KeyMetadata.Arn' } }),
      call(
        'kms',
        region,
        CreateKeyCommand,
        { Description: description, Policy: JSON.stringify(policy), Tags: [{ TagKey: MANAGED_TAG.key, TagValue: MANAGED_TAG.value }], ...KEY_CREATION },
        { unlessBound: 'keyArn', binds: { keyArn: 'KeyMetadata.Arn' } },
      ),
      call('kms', region, EnableKeyRotationCommand, { KeyId: bound('keyArn') }),
      call('kms', region, CreateAliasCommand, { AliasName: alias, TargetKeyId: bound('keyArn') }, { alreadyDone: ['AlreadyExistsException'] }),
      call('sns', region, SetTopicAttributesCommand, { TopicArn: topic.arn, AttributeName: 'KmsMasterKeyId', AttributeValue: alias }),
    ],
    terraform: [
      block('resource', ['aws_kms_key', label], {
        description,
        enable_key_rotation: true,
        policy: new JsonEncode(jsonValue(policy)),
        ...TERRAFORM_KEY_CREATION,
        tags: MANAGED_TAGS,
      }),
      block('resource', ['aws_kms_alias', label], { name: alias, target_key_id: ref(`aws_kms_key.${label}.key_id`) }),
      importBlock(`aws_sns_topic.${label}`, topic.arn),
      block('resource', ['aws_sns_topic', label], { name, kms_master_key_id: alias, depends_on: dependsOn([address('aws_kms_alias', `${name}-${region}`)]) }),
    ],
    simulate(target) {
      const found = target.topics.find((candidate) => candidate.arn === topic.arn);
      if (!found?.access?.ok || !found.access.value) return;
      const keyArn = `arn:${draft.account.partition}:kms:${region}:${draft.account.id}:${alias}`;
      found.access.value.kmsMasterKeyId = alias;
      found.access.value.key = {
        details: { ok: true, value: { arn: keyArn, keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true } },
        policy: { ok: true, value: JSON.stringify(policy) },
      };
    },
  };
}

/** The services of the publishers for which `verdict` is broken (not a gap: what is unknown is not repaired blindly). */
function servicesLacking(publishers: readonly Publisher[], verdict: (publisher: Publisher) => LinkVerdict): PublishingService[] {
  return [...new Set(publishers.filter((publisher) => verdict(publisher).kind === 'broken').map((publisher) => publisher.service))];
}

function reasonOf(verdict: Exclude<LinkVerdict, { kind: 'holds' }>): string {
  return verdict.kind === 'broken' ? verdict.problem : verdict.gap.reason;
}

function notHolding(verdict: LinkVerdict): verdict is Exclude<LinkVerdict, { kind: 'holds' }> {
  return verdict.kind !== 'holds';
}

function servicesText(services: readonly PublishingService[]): string {
  return services.map((service) => (service === 'cloudwatch' ? 'CloudWatch alarms' : 'EventBridge rules')).join(' and ');
}

function parsedOrNull(policy: string | undefined): PolicyDocument | null {
  return policy ? (JSON.parse(policy) as PolicyDocument) : null;
}

function topicName(arn: string): string {
  return arn.split(':')[5] ?? arn;
}
