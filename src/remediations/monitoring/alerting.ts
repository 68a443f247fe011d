import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import type { Publisher } from '../../checks/monitoring/chain/publish-access.js';
import type { AccountSnapshot } from '../../snapshot/types.js';
import { call } from '../calls.js';
import { ALERT_TOPIC_NAME, MANAGED_TAG } from '../names.js';
import { alertTopicPolicy } from '../policies.js';
import { JsonEncode, block } from '../terraform/hcl.js';
import { MANAGED_TAGS, address, dependsOn as dependsOnAddresses, jsonValue, tfLabel } from '../terraform/resources.js';
import type { Action, FixOptions } from '../types.js';
import { publishGrants } from './publish-grants.js';

/**
 * The last links of every monitoring chain: an SNS topic in the alarm's or rule's Region and a
 * subscription someone confirms. Several controls share one topic and one subscription, so the
 * actions are created once per plan and later controls only refer to them.
 */
export class Alerting {
  private readonly planned = new Map<string, Action>();
  /** Per topic, the alarms and rules that must be able to publish to it. */
  private readonly publishers = new Map<string, Publisher[]>();
  readonly notes = new Set<string>();

  constructor(
    private readonly draft: AccountSnapshot,
    private readonly options: FixOptions,
  ) {}

  /** Actions created so far, in the order first needed. */
  get actions(): Action[] {
    return [...this.planned.values()];
  }

  /**
   * The topic that alerts in `region` go to: `--sns-topic-arn` when it is in that Region (alarms
   * and rules can only notify a topic of their own Region), else `trailwarden-alerts`, created when
   * the snapshot does not show it. Returns the topic and the action ids that must come first.
   */
  topicIn(region: string, controlId: string): { arn: string; dependsOn: string[] } | undefined {
    const chosen = this.options.snsTopicArn;
    if (chosen) {
      if (chosen.split(':')[3] === region) return { arn: chosen, dependsOn: [] };
      this.notes.add(`--sns-topic-arn ${chosen} is not in ${region}, where alerts are needed; leave it out to use a trailwarden-alerts topic there`);
      return undefined;
    }
    const arn = `arn:${this.draft.account.partition}:sns:${region}:${this.draft.account.id}:${ALERT_TOPIC_NAME}`;
    const known = this.draft.topics.find((topic) => topic.arn === arn);
    if (known && !(known.subscriptions.ok && known.subscriptions.value === null)) return { arn, dependsOn: [] };
    const action = this.once(`topic:${arn}`, () => this.createTopic(arn, region), controlId);
    return { arn, dependsOn: [action.id] };
  }

  /**
   * Makes sure someone will hear from the topic: nothing when it has a confirmed subscription, a
   * subscription to `--notify` unless one is already waiting for confirmation, else a note.
   */
  subscribe(topicArn: string, region: string, topicDependsOn: string[], controlId: string): void {
    const topic = this.draft.topics.find((candidate) => candidate.arn === topicArn);
    const subscriptions = topic?.subscriptions.ok ? (topic.subscriptions.value ?? []) : [];
    if (subscriptions.some((s) => s.subscriptionArn.startsWith('arn:'))) return;
    const notify = this.options.notify;
    if (!notify) {
      this.notes.add(
        `SNS topic ${topicArn} has no confirmed subscription: pass --notify PROTOCOL:ENDPOINT (e.g. email:secops@example.com) so that alerts reach someone`,
      );
      return;
    }
    if (subscriptions.some((s) => s.protocol === notify.protocol && s.endpoint === notify.endpoint)) {
      this.notes.add(
        `the ${notify.protocol} subscription of ${notify.endpoint} to ${topicArn} is waiting for confirmation: confirm it from the message AWS sent`,
      );
      return;
    }
    this.once(`subscription:${topicArn}:${notify.protocol}:${notify.endpoint}`, () => this.createSubscription(topicArn, region, topicDependsOn), controlId);
  }

  /**
   * Makes sure `publisher` may publish to the topic and use its key. Publishers of several controls
   * share one topic, so the topic's (and key's) policy change is planned again with every publisher
   * so far, and replaces the one planned before: one merged update per policy.
   */
  allowPublish(topicArn: string, publisher: Publisher, controlId: string): void {
    const publishers = this.publishers.get(topicArn) ?? [];
    if (!publishers.some((known) => known.service === publisher.service && known.sourceArn === publisher.sourceArn)) publishers.push(publisher);
    this.publishers.set(topicArn, publishers);
    const grants = publishGrants(this.draft, topicArn, publishers, this.options);
    for (const note of grants.notes) this.notes.add(note);
    for (const action of grants.actions) {
      action.controls = [...new Set([...(this.planned.get(action.id)?.controls ?? []), controlId])];
      this.planned.set(action.id, action);
    }
  }

  /** The shared action, created on first use; it lists every control that needs it. */
  private once(id: string, make: () => Action, controlId: string): Action {
    let action = this.planned.get(id);
    if (!action) {
      action = make();
      this.planned.set(id, action);
    }
    if (!action.controls.includes(controlId)) action.controls.push(controlId);
    return action;
  }

  private createTopic(arn: string, region: string): Action {
    const policy = alertTopicPolicy(arn, this.draft.account.id);
    return {
      id: `topic:${arn}`,
      controls: [],
      summary: `Create SNS topic ${ALERT_TOPIC_NAME} in ${region}; only CloudWatch alarms and EventBridge rules of this account may publish to it`,
      change: { kind: 'create', resourceType: 'AWS::SNS::Topic', name: ALERT_TOPIC_NAME, region, properties: { arn, policy } },
      dependsOn: [],
      calls: [
        call('sns', region, CreateTopicCommand, {
          Name: ALERT_TOPIC_NAME,
          Attributes: { Policy: JSON.stringify(policy) },
          Tags: [{ Key: MANAGED_TAG.key, Value: MANAGED_TAG.value }],
        }),
      ],
      terraform: [
        block('resource', ['aws_sns_topic', tfLabel(`${ALERT_TOPIC_NAME}-${region}`)], {
          name: ALERT_TOPIC_NAME,
          policy: new JsonEncode(jsonValue(policy)),
          tags: MANAGED_TAGS,
        }),
      ],
      simulate(target) {
        target.topics = [
          ...target.topics.filter((topic) => topic.arn !== arn),
          { arn, region, subscriptions: { ok: true, value: [] }, access: { ok: true, value: { policy: JSON.stringify(policy) } } },
        ];
      },
    };
  }

  private createSubscription(topicArn: string, region: string, dependsOn: string[]): Action {
    const { protocol, endpoint } = this.options.notify!;
    const topicName = topicArn.split(':')[5] ?? topicArn;
    return {
      id: `subscription:${topicArn}:${protocol}:${endpoint}`,
      controls: [],
      summary: `Subscribe ${protocol} ${endpoint} to SNS topic ${topicName} in ${region} (the endpoint must confirm the subscription)`,
      change: { kind: 'create', resourceType: 'AWS::SNS::Subscription', name: `${protocol}:${endpoint}`, region, properties: { topicArn, protocol, endpoint } },
      dependsOn,
      calls: [call('sns', region, SubscribeCommand, { TopicArn: topicArn, Protocol: protocol, Endpoint: endpoint })],
      terraform: [
        block('resource', ['aws_sns_topic_subscription', tfLabel(`${topicName}-${region}-${protocol}-${endpoint}`)], {
          topic_arn: topicArn,
          protocol,
          endpoint,
          depends_on: dependsOnAddresses([alertTopicAddress(region)]),
        }),
      ],
      simulate(target) {
        const topic = target.topics.find((candidate) => candidate.arn === topicArn);
        if (topic?.subscriptions.ok)
          topic.subscriptions = { ok: true, value: [...(topic.subscriptions.value ?? []), { subscriptionArn: 'PendingConfirmation', protocol, endpoint }] };
      },
    };
  }
}

/** The Terraform address of the alert topic trailwarden creates in a Region (dropped from `depends_on` when not created). */
export function alertTopicAddress(region: string): string {
  return address('aws_sns_topic', `${ALERT_TOPIC_NAME}-${region}`);
}
