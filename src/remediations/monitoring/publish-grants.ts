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
import { SNS_MANAGED_KEY_ALIAS, type AccountSnapshot, type SnsTopic, type TopicAccess, type TopicKey } from '../../snapshot/types.js';
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
import { JsonEncode, block, ref, type TfBlock } from '../terraform/hcl.js';
import { MANAGED_TAGS, address, dependsOn, importBlock, jsonValue, tfLabel } from '../terraform/resources.js';
import type { Action, FixOptions } from '../types.js';

/**
 * The permissions of an existing topic that its publishers lack, repaired without weakening
 * anything: a statement merged into the topic policy, a grant merged into the policy of the
 * customer managed key the topic is encrypted with (every existing statement is kept); a topic on
 * the AWS managed key alias/aws/sns, which no grant can open, is given the key of `--kms-key`. Each
 * change is planned only when the chain's own evaluation says it then holds; otherwise, and for what
 * fix does not change (the AWS managed key without --kms-key, a disabled key, a Deny), a note says why.
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
  for (const planned of [keyGrant(draft, topic, access, publishers, options), policyGrant(draft, topic, access, publishers)].flat()) {
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

function keyGrant(draft: AccountSnapshot, topic: SnsTopic, access: TopicAccess, allPublishers: readonly Publisher[], options: FixOptions): Planned | Action[] {
  // A target role uses the key with its own IAM permissions, which fix does not write: the key policy grants only the services.
  const publishers = allPublishers.filter((publisher) => publisher.roleArn === undefined);
  const lacking = servicesLacking(publishers, (publisher) => keyAllows(draft, topic, access, publisher));
  if (lacking.length === 0) return undefined;
  const keyId = access.kmsMasterKeyId!;
  const details = access.key?.details.ok ? access.key.details.value : undefined;
  if (keyId === SNS_MANAGED_KEY_ALIAS || details?.keyManager === 'AWS') {
    if (options.kmsKey && 'create' in options.kmsKey) return reencrypt(draft, topic, keyId);
    if (options.kmsKey) return encryptWithGivenKey(draft, topic, access, publishers, options.kmsKey.arn);
    return {
      note: `SNS topic ${topic.arn} is encrypted with the AWS managed key ${keyId}, which ${servicesText(lacking)} cannot use and whose policy cannot be changed: fix leaves the topic's encryption alone. Pass --kms-key create to give the topic a customer managed key instead, or --kms-key with the ARN of a customer managed key in ${topic.region} to encrypt it with that key, or encrypt it with one whose policy grants ${principalsText(lacking)} kms:Decrypt and kms:GenerateDataKey* (aws sns set-topic-attributes --attribute-name KmsMasterKeyId), or alert through another topic with --sns-topic-arn`,
    };
  }
  if (!details || access.key?.policy?.ok !== true) return undefined;
  return keyPolicyGrant(draft, topic, access, publishers, lacking, details.arn);
}

/**
 * The grants `lacking` merged into the policy of key `arn`, the customer managed key of `access`
 * (its policy read), when the chain's evaluation says every publisher may then use the key.
 */
function keyPolicyGrant(
  draft: AccountSnapshot,
  topic: SnsTopic,
  access: TopicAccess,
  publishers: readonly Publisher[],
  lacking: readonly PublishingService[],
  arn: string,
): Action | { note: string } {
  const current = access.key?.policy?.ok ? access.key.policy.value : undefined;
  const { policy, after } = withKeyGrants(access, lacking);
  const still = publishers.map((publisher) => keyAllows(draft, topic, after, publisher)).find(notHolding);
  if (still) return { note: `SNS topic ${topic.arn}: fix does not change key ${arn}, because a grant would not be enough (${reasonOf(still)})` };
  const keyUuid = keyUuidOf(arn);
  const label = tfLabel(`topic-key-${keyUuid}`);
  return {
    id: `key-policy:${arn}`,
    controls: [],
    summary: `Grant ${principalsText(lacking)} kms:Decrypt and kms:GenerateDataKey* in the key policy of ${arn}, which encrypts SNS topic ${topicName(topic.arn)} (other statements are kept)`,
    change: {
      kind: 'update',
      resourceType: 'AWS::KMS::Key',
      name: keyUuid,
      region: topic.region,
      before: { policy: parsedOrNull(current) },
      after: { policy },
    },
    dependsOn: [],
    calls: [call('kms', topic.region, PutKeyPolicyCommand, { KeyId: arn, PolicyName: 'default', Policy: JSON.stringify(policy) })],
    terraform: [
      importBlock(`aws_kms_key_policy.${label}`, keyUuid),
      block('resource', ['aws_kms_key_policy', label], { key_id: arn, policy: new JsonEncode(jsonValue(policy)) }),
    ],
    simulate(target) {
      const found = target.topics.find((candidate) => candidate.arn === topic.arn);
      const topicKey = found?.access?.ok ? found.access.value?.key : undefined;
      if (topicKey) topicKey.policy = { ok: true, value: JSON.stringify(policy) };
    },
  };
}

/** `access` with the grants of `lacking` merged into the policy of its key (every existing statement is kept). */
function withKeyGrants(access: TopicAccess, lacking: readonly PublishingService[]): { policy: PolicyDocument; after: TopicAccess } {
  const key = access.key!;
  const policy = mergeStatements(key.policy?.ok ? key.policy.value : undefined, lacking.map(topicKeyStatement));
  return { policy, after: { ...access, key: { ...key, policy: { ok: true, value: JSON.stringify(policy) } } } };
}

/**
 * `--kms-key ARN` for a topic on the AWS managed key: the grants the services lack merged into
 * that key's policy (only when some are missing), then the topic encrypted with the key. Planned
 * only when the chain's evaluation says the publishers may then use it; otherwise a note says why.
 */
function encryptWithGivenKey(
  draft: AccountSnapshot,
  topic: SnsTopic,
  access: TopicAccess,
  publishers: readonly Publisher[],
  keyArn: string,
): { note: string } | Action[] {
  const key = givenKey(draft, topic, keyArn);
  if ('unusable' in key)
    return {
      note: `SNS topic ${topic.arn} is encrypted with the AWS managed key ${access.kmsMasterKeyId}, which neither CloudWatch alarms nor EventBridge rules can use: fix does not encrypt it with --kms-key ${keyArn}, because ${key.unusable}`,
    };
  const rekeyed: TopicAccess = { ...access, kmsMasterKeyId: key.arn, key: key.topicKey };
  const lacking = servicesLacking(publishers, (publisher) => keyAllows(draft, topic, rekeyed, publisher));
  const grant = lacking.length > 0 ? keyPolicyGrant(draft, topic, rekeyed, publishers, lacking, key.arn) : undefined;
  if (grant && 'note' in grant) return grant;
  const after = grant ? withKeyGrants(rekeyed, lacking).after : rekeyed;
  // With nothing to grant, what is not broken may still be unknown or uncertain: then the topic is left as it is.
  const still = publishers.map((publisher) => keyAllows(draft, topic, after, publisher)).find(notHolding);
  if (still) return { note: `SNS topic ${topic.arn}: fix does not encrypt it with --kms-key ${key.arn}, because ${reasonOf(still)}` };
  const encrypt = encryptWith(topic, access.kmsMasterKeyId!, after.key!, key.arn, grant);
  return grant ? [grant, encrypt] : [encrypt];
}

/** The key of `--kms-key ARN` as the snapshot read it, when a topic in `topic`'s Region may be encrypted with it; else why not. */
function givenKey(draft: AccountSnapshot, topic: SnsTopic, keyArn: string): { arn: string; topicKey: TopicKey } | { unusable: string } {
  const key = draft.fixKey;
  if (key?.ref !== keyArn)
    return { unusable: `that key was not read (a snapshot saved without fix --kms-key ${keyArn}): run fix --kms-key ${keyArn} on the account` };
  // KMS keys are regional, and SNS encrypts with a key of the topic's own Region.
  if (key.region !== topic.region) return { unusable: `key ${keyArn} is in region ${key.region}, the topic in ${topic.region}` };
  if (!key.details.ok) return { unusable: `DescribeKey of it failed (${key.details.error.code})` };
  const details = key.details.value;
  if (details === null) return { unusable: 'the key does not exist' };
  if (details.keyManager !== 'CUSTOMER') return { unusable: `${details.arn} is an AWS managed key, whose policy cannot be changed` };
  if (details.keyState !== 'Enabled') return { unusable: `key ${details.arn} is ${details.keyState}` };
  if (!key.policy?.ok) return { unusable: `its key policy was not read${key.policy ? ` (${key.policy.error.code})` : ''}` };
  return { arn: details.arn, topicKey: { details: key.details, policy: key.policy } };
}

/** The topic encrypted with `keyArn` (after `grant`, the key policy change it needs): SetTopicAttributes KmsMasterKeyId. */
function encryptWith(topic: SnsTopic, previousKey: string, key: TopicKey, keyArn: string, grant: Action | undefined): Action {
  const name = topicName(topic.arn);
  const region = topic.region;
  return {
    id: `topic-key:${topic.arn}`,
    controls: [],
    summary: `Encrypt SNS topic ${name} in ${region} with KMS key ${keyArn} (--kms-key), which CloudWatch alarms and EventBridge rules may use, instead of the AWS managed key ${previousKey}`,
    change: { kind: 'update', resourceType: 'AWS::SNS::Topic', name, region, before: { kmsMasterKeyId: previousKey }, after: { kmsMasterKeyId: keyArn } },
    dependsOn: grant ? [grant.id] : [],
    calls: [call('sns', region, SetTopicAttributesCommand, { TopicArn: topic.arn, AttributeName: 'KmsMasterKeyId', AttributeValue: keyArn })],
    terraform: topicKeyBlocks(topic, keyArn, grant ? [address('aws_kms_key_policy', `topic-key-${keyUuidOf(keyArn)}`)] : []),
    simulate: (target) => rekeyInDraft(target, topic.arn, keyArn, key),
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
  const keyArn = `arn:${draft.account.partition}:kms:${region}:${draft.account.id}:${alias}`;
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
      ...topicKeyBlocks(topic, alias, [address('aws_kms_alias', `${name}-${region}`)]),
    ],
    simulate: (target) =>
      rekeyInDraft(target, topic.arn, alias, {
        details: { ok: true, value: { arn: keyArn, keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true } },
        policy: { ok: true, value: JSON.stringify(policy) },
      }),
  };
}

/** The existing topic, imported, with the key it is encrypted with (after the resources `after` names). */
function topicKeyBlocks(topic: SnsTopic, kmsMasterKeyId: string, after: string[]): TfBlock[] {
  const name = topicName(topic.arn);
  const label = tfLabel(`${name}-${topic.region}`);
  return [
    importBlock(`aws_sns_topic.${label}`, topic.arn),
    block('resource', ['aws_sns_topic', label], { name, kms_master_key_id: kmsMasterKeyId, depends_on: dependsOn(after) }),
  ];
}

/** The draft's topic encrypted with `key` (named `kmsMasterKeyId`), so that later evaluations see it usable. */
function rekeyInDraft(draft: AccountSnapshot, topicArn: string, kmsMasterKeyId: string, key: TopicKey): void {
  const found = draft.topics.find((candidate) => candidate.arn === topicArn);
  if (!found?.access?.ok || !found.access.value) return;
  found.access.value.kmsMasterKeyId = kmsMasterKeyId;
  found.access.value.key = key;
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

function principalsText(services: readonly PublishingService[]): string {
  return services.map((service) => SERVICES[service].principal).join(' and ');
}

/** The key id at the end of a key ARN, which Terraform imports a key policy by. */
function keyUuidOf(keyArn: string): string {
  return keyArn.split('/').at(-1) ?? keyArn;
}

function parsedOrNull(policy: string | undefined): PolicyDocument | null {
  return policy ? (JSON.parse(policy) as PolicyDocument) : null;
}

function topicName(arn: string): string {
  return arn.split(':')[5] ?? arn;
}
