import { evaluatePolicies, parsePolicy, type Decision, type PolicyDocument, type PolicyRequest } from '../../../policy/index.js';
import { SNS_MANAGED_KEY_ALIAS, type AccountSnapshot, type SnsTopic, type TopicAccess } from '../../../snapshot/types.js';
import { gapFrom, type Gap } from './progress.js';

/**
 * The permissions of the last hop: may the service that notifies (CloudWatch for an alarm,
 * EventBridge for a rule) publish to the topic, and use the key the topic is encrypted with?
 *
 * - Topic policy: the service publishes as its service principal. CloudWatch alarms of the account
 *   also pass CreateTopic's default statement (`AWS: *` with `AWS:SourceOwner` = the account);
 *   EventBridge needs a statement for events.amazonaws.com, which only the console adds.
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
 *   https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger
 * - A target with a RoleArn publishes as that role: its policies must allow sns:Publish.
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html
 * - Key: the service needs kms:Decrypt and kms:GenerateDataKey* in the key policy of a customer
 *   managed key; the AWS managed key alias/aws/sns cannot grant them, so neither service can use it.
 *   https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */

export type PublishingService = 'cloudwatch' | 'events';

export interface Publisher {
  service: PublishingService;
  /** The alarm or rule: `aws:SourceArn` of the publish call, and its account `aws:SourceAccount`. */
  sourceArn: string;
  /** The role an EventBridge target names, which then publishes instead of the service. */
  roleArn?: string;
}

export const SERVICES: Record<PublishingService, { principal: string; name: string }> = {
  cloudwatch: { principal: 'cloudwatch.amazonaws.com', name: 'CloudWatch' },
  events: { principal: 'events.amazonaws.com', name: 'EventBridge' },
};

/** The actions SNS calls on the publisher's behalf; `kms:GenerateDataKey*` in a policy covers the first. */
const TOPIC_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/** `problem` completes "…notifies TOPIC, but …". */
export type LinkVerdict = { kind: 'holds' } | { kind: 'broken'; problem: string } | { kind: 'gap'; gap: Gap };

/** Both permissions; the key first, because a key the service cannot use blocks whatever the policy says. */
export function publishAccess(snapshot: AccountSnapshot, topic: SnsTopic, publisher: Publisher): LinkVerdict {
  const access = topicAccess(topic);
  if ('kind' in access) return access;
  const key = keyAllows(snapshot, topic, access, publisher);
  if (key.kind !== 'holds') return key;
  return topicPolicyAllows(snapshot, topic, access, publisher);
}

/** The topic's attributes, or why they are not known. */
export function topicAccess(topic: SnsTopic): TopicAccess | LinkVerdict {
  if (!topic.access)
    return {
      kind: 'gap',
      gap: { reason: `the policy and encryption of SNS topic ${topic.arn} were not collected (the snapshot predates them): scan the account again` },
    };
  if (!topic.access.ok) return { kind: 'gap', gap: gapFrom(topic.access.error, `the attributes of SNS topic ${topic.arn}`) };
  if (topic.access.value === null) return { kind: 'broken', problem: 'the topic does not exist' };
  return topic.access.value;
}

/** The topic policy (and a target role's policies) allow the publisher sns:Publish on the topic. */
export function topicPolicyAllows(snapshot: AccountSnapshot, topic: SnsTopic, access: TopicAccess, publisher: Publisher): LinkVerdict {
  const name = topicName(topic.arn);
  const service = SERVICES[publisher.service].name;
  const topicPolicy = access.policy === undefined ? undefined : parsePolicy(access.policy);
  if (topicPolicy && !topicPolicy.ok) return uncertain(`the topic policy of ${name} cannot be read: ${topicPolicy.why}`);
  const resource = topicPolicy ? [{ policy: topicPolicy.policy, kind: 'resource' as const }] : [];

  if (publisher.roleArn) return rolePublishes(snapshot, topic, resource, publisher.roleArn);
  const request: PolicyRequest = {
    principal: { kind: 'service', service: SERVICES[publisher.service].principal },
    action: 'sns:Publish',
    resource: topic.arn,
    context: publishContext(publisher),
  };
  return verdictOf(evaluatePolicies(resource, request), {
    denied: `the topic policy of ${name} does not allow ${SERVICES[publisher.service].principal} to publish${publisher.service === 'events' ? " (the default policy admits only the account's own principals, which EventBridge is not)" : ''}: no notification is ever delivered`,
    explicit: (statement) => `statement ${statement} of the topic policy of ${name} denies ${service} sns:Publish: no notification is ever delivered`,
    uncertain: (why) => `whether ${service} may publish to ${name} is uncertain: ${why}`,
  });
}

/**
 * What the publish call carries: the alarm or rule and its account. CloudWatch alarms also carry
 * `AWS:SourceOwner` (that is how the default statement admits them); EventBridge does not.
 */
function publishContext(publisher: Publisher): Record<string, string | null> {
  const account = publisher.sourceArn.split(':')[4] ?? '';
  return {
    'aws:sourcearn': publisher.sourceArn,
    'aws:sourceaccount': account,
    'aws:sourceowner': publisher.service === 'cloudwatch' ? account : null,
  };
}

/** A target role publishes with its identity policies; within the topic's account either policy may allow, and a Deny in either wins. */
function rolePublishes(snapshot: AccountSnapshot, topic: SnsTopic, topicPolicy: { policy: PolicyDocument; kind: 'resource' }[], roleArn: string): LinkVerdict {
  const role = roleIdentityPolicies(snapshot, topic, roleArn);
  if ('kind' in role) return role;
  const { identity } = role;
  const roleAccount = roleArn.split(':')[4] ?? '';
  const request: PolicyRequest = { principal: { kind: 'aws', arn: roleArn, accountId: roleAccount }, action: 'sns:Publish', resource: topic.arn, context: {} };
  const texts = {
    denied: `its target role ${roleArn} is not allowed sns:Publish on ${topicName(topic.arn)}: no notification is ever delivered`,
    explicit: (statement: string) => `statement ${statement} denies role ${roleArn} sns:Publish on ${topicName(topic.arn)}: no notification is ever delivered`,
    uncertain: (why: string) => `whether role ${roleArn} may publish to ${topicName(topic.arn)} is uncertain: ${why}`,
  };
  // Across accounts both the role's policies and the topic policy must allow.
  if (roleAccount !== topic.arn.split(':')[4]) {
    const own = evaluatePolicies(identity, request);
    if (own.kind !== 'allow') return verdictOf(own, texts);
    return verdictOf(evaluatePolicies(topicPolicy, request), texts);
  }
  return verdictOf(evaluatePolicies([...identity, ...topicPolicy], request), texts);
}

/** The identity policies of the role an EventBridge target names, parsed; or why they are not known. */
function roleIdentityPolicies(
  snapshot: AccountSnapshot,
  topic: SnsTopic,
  roleArn: string,
): { identity: { policy: PolicyDocument; kind: 'identity' }[] } | LinkVerdict {
  const role = snapshot.roles?.find((candidate) => candidate.arn === roleArn);
  if (!role)
    return { kind: 'gap', gap: { reason: `the policies of role ${roleArn}, which EventBridge assumes to publish to ${topic.arn}, were not collected` } };
  if (!role.policies.ok) return { kind: 'gap', gap: gapFrom(role.policies.error, `the policies of role ${roleArn}`) };
  if (role.policies.value === null) return { kind: 'broken', problem: `its target role ${roleArn} does not exist: no notification is ever delivered` };
  const identity: { policy: PolicyDocument; kind: 'identity' }[] = [];
  for (const { name, document } of role.policies.value) {
    const parsed = parsePolicy(document);
    if (!parsed.ok) return uncertain(`policy ${name} of role ${roleArn} cannot be read: ${parsed.why}`);
    identity.push({ policy: parsed.policy, kind: 'identity' });
  }
  return { identity };
}

/** The key the topic is encrypted with lets the publisher's service encrypt (GenerateDataKey) and decrypt. */
export function keyAllows(snapshot: AccountSnapshot, topic: SnsTopic, access: TopicAccess, publisher: Publisher): LinkVerdict {
  const keyId = access.kmsMasterKeyId;
  if (!keyId) return { kind: 'holds' };
  const name = topicName(topic.arn);
  const service = SERVICES[publisher.service];
  const unusable = (what: string): LinkVerdict => ({
    kind: 'broken',
    problem: `${name} is encrypted with ${what}, which ${service.name} cannot use: no notification is ever delivered`,
  });
  if (keyId === SNS_MANAGED_KEY_ALIAS) return unusable(SNS_MANAGED_KEY_ALIAS);
  const key = access.key;
  if (!key) return { kind: 'gap', gap: { reason: `key ${keyId} of SNS topic ${topic.arn} was not collected` } };
  if (!key.details.ok) return { kind: 'gap', gap: gapFrom(key.details.error, `key ${keyId} of SNS topic ${topic.arn}`) };
  if (key.details.value === null) return unusable(`key ${keyId}, which does not exist`);
  const { arn, keyManager, keyState } = key.details.value;
  if (keyManager === 'AWS') return unusable(`the AWS managed key ${arn}`);
  if (keyState !== 'Enabled') return unusable(`key ${arn}, which is ${keyState}`);
  if (!key.policy) return { kind: 'gap', gap: { reason: `the key policy of ${arn} (SNS topic ${topic.arn}) was not collected` } };
  if (!key.policy.ok) return { kind: 'gap', gap: gapFrom(key.policy.error, `the key policy of ${arn}`) };
  const parsed = parsePolicy(key.policy.value);
  if (!parsed.ok) return uncertain(`the key policy of ${arn} cannot be read: ${parsed.why}`);
  if (publisher.roleArn) return roleUsesKey(snapshot, topic, arn, parsed.policy, publisher.roleArn);
  for (const action of TOPIC_KEY_ACTIONS) {
    // Which request context SNS's KMS calls carry for the service is not documented: a condition on it stays uncertain.
    const request: PolicyRequest = { principal: { kind: 'service', service: service.principal }, action, resource: arn, context: {} };
    const verdict = verdictOf(evaluatePolicies([{ policy: parsed.policy, kind: 'resource' }], request), {
      denied: `${name} is encrypted with key ${arn}, whose key policy does not grant ${service.principal} ${action === 'kms:GenerateDataKey' ? 'kms:GenerateDataKey*' : action}: no notification is ever delivered`,
      explicit: (statement) =>
        `${name} is encrypted with key ${arn}, whose key policy statement ${statement} denies ${service.principal} ${action}: no notification is ever delivered`,
      uncertain: (why) => `whether ${service.name} may use key ${arn} of ${name} is uncertain: ${why}`,
    });
    if (verdict.kind !== 'holds') return verdict;
  }
  return { kind: 'holds' };
}

/**
 * A target role publishes to an encrypted topic with the key's permissions of its own: EventBridge
 * documents that the role needs kms:GenerateDataKey and kms:Decrypt on the key.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-custom-bus-target-sns.html
 * KMS allows a principal what the key policy allows it itself; where the key policy names the
 * principal's account instead, only the account's IAM policies can allow, so the role's must; across
 * accounts both must. A grant could also allow, and grants are not read: a role that no policy
 * allows is undecided rather than failing.
 * https://docs.aws.amazon.com/kms/latest/developerguide/determining-access.html
 */
function roleUsesKey(snapshot: AccountSnapshot, topic: SnsTopic, keyArn: string, keyPolicy: PolicyDocument, roleArn: string): LinkVerdict {
  const role = roleIdentityPolicies(snapshot, topic, roleArn);
  if ('kind' in role) return role;
  const roleAccount = roleArn.split(':')[4] ?? '';
  const name = topicName(topic.arn);
  for (const action of TOPIC_KEY_ACTIONS) {
    const shown = action === 'kms:GenerateDataKey' ? 'kms:GenerateDataKey*' : action;
    const request: PolicyRequest = { principal: { kind: 'aws', arn: roleArn, accountId: roleAccount }, action, resource: keyArn, context: {} };
    const keyPolicies = [{ policy: keyPolicy, kind: 'resource' as const }];
    const byKeyPolicy = evaluatePolicies(keyPolicies, request);
    const texts = {
      explicit: (statement: string) =>
        `${name} is encrypted with key ${keyArn}, whose key policy statement ${statement} denies role ${roleArn} ${action}: no notification is ever delivered`,
      uncertain: (why: string) => `whether role ${roleArn} may use key ${keyArn} of ${name} is uncertain: ${why}`,
    };
    if (byKeyPolicy.kind === 'implicit-deny') {
      return uncertain(
        `${name} is encrypted with key ${keyArn}, whose key policy allows neither role ${roleArn} nor its account's IAM policies ${shown}; only a KMS grant could, and trailwarden does not read grants`,
      );
    }
    if (byKeyPolicy.kind !== 'allow') return verdictOf(byKeyPolicy, { ...texts, denied: '' });
    const named = evaluatePolicies(keyPolicies, { ...request, principal: { kind: 'aws', arn: roleArn, accountId: roleAccount, exactly: true } });
    if (named.kind === 'allow' && roleAccount === keyArn.split(':')[4]) continue;
    const verdict = verdictOf(evaluatePolicies(role.identity, request), {
      ...texts,
      denied: `${name} is encrypted with key ${keyArn}, whose key policy leaves ${shown} to the IAM policies of account ${roleAccount}, and those of its target role ${roleArn} do not allow it: no notification is ever delivered`,
    });
    if (verdict.kind !== 'holds') return verdict;
  }
  return { kind: 'holds' };
}

function verdictOf(decision: Decision, texts: { denied: string; explicit: (statement: string) => string; uncertain: (why: string) => string }): LinkVerdict {
  switch (decision.kind) {
    case 'allow':
      return { kind: 'holds' };
    case 'implicit-deny':
      return { kind: 'broken', problem: texts.denied };
    case 'explicit-deny':
      return { kind: 'broken', problem: texts.explicit(decision.statement) };
    case 'uncertain':
      return uncertain(texts.uncertain(decision.why));
  }
}

/** Undecidable is not a pass: the result is ERROR, saying why. */
function uncertain(reason: string): LinkVerdict {
  return { kind: 'gap', gap: { reason } };
}

function topicName(arn: string): string {
  return `topic ${arn.split(':')[5] ?? arn}`;
}
