import {
  AddTagsCommand,
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  UpdateEventDataStoreCommand,
  UpdateTrailCommand,
  type AddTagsCommandInput,
  type CreateTrailCommandInput,
  type UpdateEventDataStoreCommandInput,
  type PutEventSelectorsCommandInput,
  type StartLoggingCommandInput,
  type UpdateTrailCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, PutMetricAlarmCommand, type PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutMetricFilterCommand,
  PutRetentionPolicyCommand,
  type CreateLogGroupCommandInput,
  type PutMetricFilterCommandInput,
  type PutRetentionPolicyCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand, type PutRuleCommandInput, type PutTargetsCommandInput } from '@aws-sdk/client-eventbridge';
import {
  CreatePolicyCommand,
  CreateRoleCommand,
  GetPolicyCommand,
  IAMClient,
  PutRolePolicyCommand,
  type CreatePolicyCommandInput,
  type CreateRoleCommandInput,
  type GetPolicyCommandInput,
  type PutRolePolicyCommandInput,
} from '@aws-sdk/client-iam';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  KMSClient,
  PutKeyPolicyCommand,
  type CreateAliasCommandInput,
  type DescribeKeyCommandInput,
  type PutKeyPolicyCommandInput,
} from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type CreateBucketCommandInput,
  type GetBucketLifecycleConfigurationCommandInput,
  type LifecycleRule as SdkLifecycleRule,
  type PutBucketLifecycleConfigurationCommandInput,
  type PutBucketLoggingCommandInput,
  type PutBucketPolicyCommandInput,
  type PutBucketVersioningCommandInput,
  type PutPublicAccessBlockCommandInput,
} from '@aws-sdk/client-s3';
import {
  CreateTopicCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  type CreateTopicCommandInput,
  type SetTopicAttributesCommandInput,
  type SubscribeCommandInput,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { ClientFor } from '../../src/remediations/apply.js';
import type { Service } from '../../src/remediations/calls.js';
import type {
  AccountSnapshot,
  Bucket,
  EventDataStore,
  EventRule,
  FixKey,
  KmsKey,
  LifecycleRule,
  LogGroup,
  MetricAlarm,
  SnsTopic,
  TopicAccess,
  Trail,
} from '../../src/snapshot/types.js';

/**
 * A fake AWS account behind aws-sdk-client-mock: the write calls `fix` makes change its state the
 * way AWS would (with AWS's own refusals: a trail needs its bucket policy first, delivery needs the
 * log group and role), and `snapshot()` reads it back the way the collector does (log groups that
 * trails deliver to, alarms where those live, topics that alarms and rules notify). So a test can
 * apply a plan, rebuild the snapshot and plan again.
 */

const CLIENT_CLASSES = {
  cloudtrail: CloudTrailClient,
  s3: S3Client,
  logs: CloudWatchLogsClient,
  iam: IAMClient,
  kms: KMSClient,
  sns: SNSClient,
  cloudwatch: CloudWatchClient,
  events: EventBridgeClient,
} as const;

/** The Region of the client a mocked command was sent through. */
async function regionOf(getClient: () => object): Promise<string> {
  // Every SDK client resolves `region` to a provider; the mock's types only know the generic client.
  return (getClient() as { config: { region: () => Promise<string> } }).config.region();
}

export function awsError(code: string, message = `${code} (fake)`): Error {
  return Object.assign(new Error(message), { name: code });
}

export class FakeAccount {
  private readonly base: AccountSnapshot;
  private trails: Trail[];
  private buckets: Bucket[];
  private logGroups: LogGroup[];
  private alarms: MetricAlarm[];
  private rules: EventRule[];
  private topics: SnsTopic[];
  private keys: KmsKey[];
  /** CloudTrail Lake's event data stores, by the Region that lists them; absent where the snapshot did not read them. */
  private readonly stores: Map<string, EventDataStore[]>;
  /** The key of `fix --kms-key ARN`, when the snapshot read it. */
  private fixKey: FixKey | undefined;
  private readonly aliases = new Map<string, string>();
  private readonly roles = new Set<string>();
  /** ARNs of managed policies (the delivery roles' permissions boundary). */
  private readonly policies = new Set<string>();
  private readonly failures = new Map<string, Error>();
  private keyCount = 0;
  /** Every call that reached the account, in order: `service:Operation`. */
  readonly calls: string[] = [];
  /** The aws-sdk-client-mock stubs, for assertions on the commands sent and their inputs. */
  readonly mocks = {
    cloudtrail: mockClient(CloudTrailClient),
    s3: mockClient(S3Client),
    logs: mockClient(CloudWatchLogsClient),
    iam: mockClient(IAMClient),
    kms: mockClient(KMSClient),
    sns: mockClient(SNSClient),
    cloudwatch: mockClient(CloudWatchClient),
    events: mockClient(EventBridgeClient),
  };

  constructor(snapshot: AccountSnapshot) {
    this.base = structuredClone(snapshot);
    this.trails = structuredClone(snapshot.trails);
    this.buckets = structuredClone(snapshot.buckets);
    this.logGroups = structuredClone(snapshot.logGroups);
    this.alarms = snapshot.regionData.flatMap((data) => (data.alarms?.ok ? structuredClone(data.alarms.value) : []));
    this.rules = snapshot.regionData.flatMap((data) => (data.eventRules.ok ? structuredClone(data.eventRules.value) : []));
    this.topics = structuredClone(snapshot.topics);
    this.keys = structuredClone(snapshot.kmsKeys);
    this.stores = new Map(
      snapshot.regionData.flatMap((data) => (data.eventDataStores?.ok ? [[data.region, structuredClone(data.eventDataStores.value)]] : [])),
    );
    this.fixKey = structuredClone(snapshot.fixKey);
    this.install();
  }

  /** Real SDK clients; aws-sdk-client-mock answers their sends. */
  readonly clientFor: ClientFor = (service: Service, region: string) => {
    if (!(service in CLIENT_CLASSES)) throw new Error(`the fake account serves no ${service} client`);
    const Client = CLIENT_CLASSES[service as keyof typeof CLIENT_CLASSES];
    return new Client({ region, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, maxAttempts: 1 });
  };

  /** The next call of `operation` (`cloudtrail:CreateTrail`) fails with this error code. */
  failNext(operation: string, code: string): void {
    this.failures.set(operation, awsError(code));
  }

  /** The subscriber clicked the link. */
  confirmSubscriptions(): void {
    for (const topic of this.topics) {
      if (!topic.subscriptions.ok || !topic.subscriptions.value) continue;
      topic.subscriptions.value = topic.subscriptions.value.map((s, i) => ({ ...s, subscriptionArn: `${topic.arn}:sub-${i}` }));
    }
  }

  restore(): void {
    for (const mock of Object.values(this.mocks)) mock.restore();
  }

  /** The account as the collector would read it now. */
  snapshot(): AccountSnapshot {
    const delivered = this.trails.flatMap((trail) => {
      const match = /:logs:([^:]+):\d+:log-group:(.+?)(?::\*)?$/.exec(trail.cloudWatchLogsLogGroupArn ?? '');
      return match ? [{ region: match[1]!, name: match[2]! }] : [];
    });
    const logGroups = delivered.map(
      ({ region, name }): LogGroup =>
        this.logGroups.find((g) => g.region === region && g.name === name) ?? {
          region,
          name,
          arn: `arn:aws:logs:${region}:${this.base.account.id}:log-group:${name}`,
          details: { ok: true, value: null },
        },
    );
    const alarmRegions = new Set(logGroups.map((g) => g.region));
    const notified = new Set([
      ...this.alarms.flatMap((a) => a.alarmActions),
      ...this.rules.flatMap((r) => (r.targets.ok ? r.targets.value.map((t) => t.arn) : [])),
    ]);
    const trailBuckets = new Set(this.trails.map((t) => t.s3BucketName));
    return {
      ...structuredClone(this.base),
      regionData: this.base.regions.map((region) => ({
        region,
        trailArns: { ok: true, value: this.trails.filter((t) => t.isMultiRegionTrail || t.homeRegion === region).map((t) => t.arn) },
        ...(alarmRegions.has(region) ? { alarms: { ok: true as const, value: structuredClone(this.alarms.filter((a) => a.region === region)) } } : {}),
        eventRules: { ok: true, value: structuredClone(this.rules.filter((r) => r.region === region)) },
        ...(this.stores.has(region) && { eventDataStores: { ok: true as const, value: structuredClone(this.stores.get(region)!) } }),
      })),
      trails: structuredClone(this.trails),
      logGroups: structuredClone(logGroups),
      topics: [...notified]
        .filter((arn) => arn.includes(':sns:'))
        .map((arn) => structuredClone(this.topics.find((t) => t.arn === arn) ?? { arn, region: arn.split(':')[3]!, subscriptions: { ok: true, value: null } })),
      buckets: structuredClone(this.buckets.filter((b) => trailBuckets.has(b.name) || this.base.buckets.some((o) => o.name === b.name))),
      kmsKeys: structuredClone(this.keys.filter((k) => this.trails.some((t) => t.kmsKeyId === k.ref))),
      ...(this.fixKey && { fixKey: structuredClone(this.fixKey) }),
    };
  }

  /** SetTopicAttributes KmsMasterKeyId: only the key of `fix --kms-key ARN` is known by its ARN here. */
  private encrypt(access: TopicAccess, keyId: string): void {
    access.kmsMasterKeyId = keyId;
    const known = this.fixKey?.details.ok && this.fixKey.details.value?.arn === keyId ? this.fixKey : undefined;
    if (known) access.key = { details: structuredClone(known.details), ...(known.policy && { policy: structuredClone(known.policy) }) };
    else delete access.key;
  }

  private install(): void {
    const { cloudtrail, s3, logs, iam, kms, sns, cloudwatch, events } = this.mocks;
    const on =
      <I>(operation: string, handle: (input: I, region: string) => unknown) =>
      async (input: I, getClient: () => object) => {
        const region = await regionOf(getClient);
        this.calls.push(operation);
        const failure = this.failures.get(operation);
        if (failure) {
          this.failures.delete(operation);
          throw failure;
        }
        return handle(input, region);
      };
    s3.on(CreateBucketCommand).callsFake(on('s3:CreateBucket', (input: CreateBucketCommandInput, region) => this.createBucket(input, region)));
    s3.on(PutPublicAccessBlockCommand).callsFake(
      on('s3:PutPublicAccessBlock', (input: PutPublicAccessBlockCommandInput) => {
        const c = input.PublicAccessBlockConfiguration!;
        this.bucket(input.Bucket!).publicAccessBlock = {
          ok: true,
          value: {
            blockPublicAcls: !!c.BlockPublicAcls,
            ignorePublicAcls: !!c.IgnorePublicAcls,
            blockPublicPolicy: !!c.BlockPublicPolicy,
            restrictPublicBuckets: !!c.RestrictPublicBuckets,
          },
        };
        return {};
      }),
    );
    s3.on(PutBucketTaggingCommand).callsFake(on('s3:PutBucketTagging', () => ({})));
    s3.on(PutBucketVersioningCommand).callsFake(
      on('s3:PutBucketVersioning', (input: PutBucketVersioningCommandInput) => {
        this.bucket(input.Bucket!).versioning = { ok: true, value: { status: input.VersioningConfiguration!.Status! } };
        return {};
      }),
    );
    s3.on(PutBucketPolicyCommand).callsFake(
      on('s3:PutBucketPolicy', (input: PutBucketPolicyCommandInput) => {
        this.bucket(input.Bucket!).policy = { ok: true, value: input.Policy! };
        return {};
      }),
    );
    s3.on(PutBucketLoggingCommand).callsFake(
      on('s3:PutBucketLogging', (input: PutBucketLoggingCommandInput) => {
        const target = input.BucketLoggingStatus!.LoggingEnabled!;
        this.bucket(input.Bucket!).logging = { ok: true, value: { targetBucket: target.TargetBucket!, targetPrefix: target.TargetPrefix! } };
        return {};
      }),
    );
    s3.on(GetBucketLifecycleConfigurationCommand).callsFake(
      on('s3:GetBucketLifecycleConfiguration', (input: GetBucketLifecycleConfigurationCommandInput) => {
        const lifecycle = this.bucket(input.Bucket!).lifecycle;
        if (!lifecycle.ok || lifecycle.value === null) throw awsError('NoSuchLifecycleConfiguration');
        return { Rules: lifecycle.value.map(toSdkRule) };
      }),
    );
    s3.on(PutBucketLifecycleConfigurationCommand).callsFake(
      on('s3:PutBucketLifecycleConfiguration', (input: PutBucketLifecycleConfigurationCommandInput) => {
        this.bucket(input.Bucket!).lifecycle = { ok: true, value: input.LifecycleConfiguration!.Rules!.map(fromSdkRule) };
        return {};
      }),
    );
    cloudtrail.on(CreateTrailCommand).callsFake(on('cloudtrail:CreateTrail', (input: CreateTrailCommandInput, region) => this.createTrail(input, region)));
    cloudtrail.on(PutEventSelectorsCommand).callsFake(
      on('cloudtrail:PutEventSelectors', (input: PutEventSelectorsCommandInput) => {
        const trail = this.trailNamed(input.TrailName!);
        trail.selectors = input.AdvancedEventSelectors
          ? {
              ok: true,
              value: {
                advanced: input.AdvancedEventSelectors.map((s) => ({
                  ...(s.Name ? { name: s.Name } : {}),
                  fieldSelectors: s.FieldSelectors!.map((f) => ({ field: f.Field!, ...(f.Equals ? { equals: f.Equals } : {}) })),
                })),
              },
            }
          : {
              ok: true,
              value: {
                basic: input.EventSelectors!.map((s) => ({
                  readWriteType: s.ReadWriteType!,
                  includeManagementEvents: !!s.IncludeManagementEvents,
                  excludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
                  dataResources: (s.DataResources ?? []).map((d) => ({ type: d.Type!, values: d.Values! })),
                })),
              },
            };
        return {};
      }),
    );
    cloudtrail.on(StartLoggingCommand).callsFake(
      on('cloudtrail:StartLogging', (input: StartLoggingCommandInput) => {
        // moto finds trails by name only; real AWS takes either.
        const trail = this.trailNamed(input.Name!);
        if (trail.status.ok) trail.status.value.isLogging = true;
        return {};
      }),
    );
    cloudtrail.on(UpdateTrailCommand).callsFake(on('cloudtrail:UpdateTrail', (input: UpdateTrailCommandInput) => this.updateTrail(input)));
    cloudtrail.on(AddTagsCommand).callsFake(
      on('cloudtrail:AddTags', (input: AddTagsCommandInput) => {
        // AddTags overwrites the value of a key it is given, as AWS documents.
        const trail = this.trails.find((t) => t.arn === input.ResourceId);
        if (!trail) throw awsError('CloudTrailARNInvalidException', `unknown trail ARN: ${input.ResourceId}`);
        const tags = new Map((trail.tags?.ok ? trail.tags.value : []).map((tag) => [tag.key, tag]));
        for (const tag of input.TagsList ?? []) tags.set(tag.Key!, { key: tag.Key!, ...(tag.Value !== undefined && { value: tag.Value }) });
        trail.tags = { ok: true, value: [...tags.values()] };
        return {};
      }),
    );
    cloudtrail.on(UpdateEventDataStoreCommand).callsFake(
      on('cloudtrail:UpdateEventDataStore', (input: UpdateEventDataStoreCommandInput) => {
        const store = [...this.stores.values()].flat().find((candidate) => candidate.arn === input.EventDataStore);
        if (!store?.details.ok) throw awsError('EventDataStoreNotFoundException');
        // "After you associate an event data store with a KMS key, the KMS key cannot be removed or changed."
        if (store.details.value.kmsKeyId && input.KmsKeyId !== store.details.value.kmsKeyId) throw awsError('InvalidParameterException');
        if (input.KmsKeyId) store.details.value.kmsKeyId = input.KmsKeyId;
        return { EventDataStoreArn: store.arn, KmsKeyId: store.details.value.kmsKeyId };
      }),
    );
    logs.on(CreateLogGroupCommand).callsFake(
      on('logs:CreateLogGroup', (input: CreateLogGroupCommandInput, region) => {
        if (this.logGroups.some((g) => g.region === region && g.name === input.logGroupName && g.details.ok && g.details.value))
          throw awsError('ResourceAlreadyExistsException');
        this.logGroups = this.logGroups.filter((g) => !(g.region === region && g.name === input.logGroupName));
        this.logGroups.push({
          region,
          name: input.logGroupName!,
          arn: `arn:aws:logs:${region}:${this.base.account.id}:log-group:${input.logGroupName}`,
          details: { ok: true, value: { metricFilters: { ok: true, value: [] } } },
        });
        return {};
      }),
    );
    logs.on(PutRetentionPolicyCommand).callsFake(
      on('logs:PutRetentionPolicy', (input: PutRetentionPolicyCommandInput, region) => {
        this.logGroupDetails(region, input.logGroupName!).retentionInDays = input.retentionInDays!;
        return {};
      }),
    );
    logs.on(PutMetricFilterCommand).callsFake(
      on('logs:PutMetricFilter', (input: PutMetricFilterCommandInput, region) => {
        const details = this.logGroupDetails(region, input.logGroupName!);
        const filters = details.metricFilters.ok ? details.metricFilters.value.filter((f) => f.name !== input.filterName) : [];
        const transformations = input.metricTransformations!.map((t) => ({
          metricName: t.metricName!,
          metricNamespace: t.metricNamespace!,
          metricValue: t.metricValue!,
        }));
        details.metricFilters = { ok: true, value: [...filters, { name: input.filterName!, pattern: input.filterPattern!, transformations }] };
        return {};
      }),
    );
    iam.on(GetPolicyCommand).callsFake(
      on('iam:GetPolicy', (input: GetPolicyCommandInput) => {
        if (!this.policies.has(input.PolicyArn!)) throw awsError('NoSuchEntityException');
        return { Policy: { Arn: input.PolicyArn } };
      }),
    );
    iam.on(CreatePolicyCommand).callsFake(
      on('iam:CreatePolicy', (input: CreatePolicyCommandInput) => {
        const arn = `arn:aws:iam::${this.base.account.id}:policy/${input.PolicyName}`;
        if (this.policies.has(arn)) throw awsError('EntityAlreadyExistsException');
        this.policies.add(arn);
        return { Policy: { Arn: arn } };
      }),
    );
    iam.on(CreateRoleCommand).callsFake(
      on('iam:CreateRole', (input: CreateRoleCommandInput) => {
        if (this.roles.has(input.RoleName!)) throw awsError('EntityAlreadyExistsException');
        // IAM refuses a boundary that does not exist.
        if (input.PermissionsBoundary && !this.policies.has(input.PermissionsBoundary)) throw awsError('NoSuchEntityException');
        this.roles.add(input.RoleName!);
        return { Role: { RoleName: input.RoleName, Arn: `arn:aws:iam::${this.base.account.id}:role/${input.RoleName}` } };
      }),
    );
    iam.on(PutRolePolicyCommand).callsFake(
      on('iam:PutRolePolicy', (input: PutRolePolicyCommandInput) => {
        if (!this.roles.has(input.RoleName!)) throw awsError('NoSuchEntityException');
        return {};
      }),
    );
    kms.on(DescribeKeyCommand).callsFake(
      on('kms:DescribeKey', (input: DescribeKeyCommandInput) => {
        const arn = this.aliases.get(input.KeyId!) ?? this.keys.find((k) => k.ref === input.KeyId)?.ref;
        if (!arn) throw awsError('NotFoundException');
        return { KeyMetadata: { Arn: arn, KeyId: arn.split('/')[1] } };
      }),
    );
    kms.on(CreateKeyCommand).callsFake(
      on('kms:CreateKey', (_input: unknown, region) => {
        this.keyCount += 1;
        const arn = `arn:aws:kms:${region}:${this.base.account.id}:key/fake-key-${this.keyCount}`;
        this.keys.push({ ref: arn, region, details: { ok: true, value: { arn, keyState: 'Enabled', keyManager: 'CUSTOMER', enabled: true } } });
        return { KeyMetadata: { Arn: arn, KeyId: `fake-key-${this.keyCount}` } };
      }),
    );
    kms.on(EnableKeyRotationCommand).callsFake(on('kms:EnableKeyRotation', () => ({})));
    kms.on(CreateAliasCommand).callsFake(
      on('kms:CreateAlias', (input: CreateAliasCommandInput) => {
        if (this.aliases.has(input.AliasName!)) throw awsError('AlreadyExistsException');
        this.aliases.set(input.AliasName!, input.TargetKeyId!);
        return {};
      }),
    );
    sns.on(CreateTopicCommand).callsFake(
      on('sns:CreateTopic', (input: CreateTopicCommandInput, region) => {
        const arn = `arn:aws:sns:${region}:${this.base.account.id}:${input.Name}`;
        if (!this.topics.some((t) => t.arn === arn && t.subscriptions.ok && t.subscriptions.value)) {
          // AWS gives a topic created without a policy the default one: the account's own principals.
          const policy =
            input.Attributes?.['Policy'] ??
            JSON.stringify({
              Statement: [
                {
                  Sid: '__default_statement_ID',
                  Effect: 'Allow',
                  Principal: { AWS: '*' },
                  Action: 'SNS:Publish',
                  Resource: arn,
                  Condition: { StringEquals: { 'AWS:SourceOwner': this.base.account.id } },
                },
              ],
            });
          this.topics = [
            ...this.topics.filter((t) => t.arn !== arn),
            { arn, region, subscriptions: { ok: true, value: [] }, access: { ok: true, value: { policy } } },
          ];
        }
        return { TopicArn: arn };
      }),
    );
    sns.on(SetTopicAttributesCommand).callsFake(
      on('sns:SetTopicAttributes', (input: SetTopicAttributesCommandInput) => {
        const topic = this.topics.find((t) => t.arn === input.TopicArn);
        if (!topic?.access?.ok || !topic.access.value) throw awsError('NotFoundException');
        if (input.AttributeName === 'Policy') topic.access.value.policy = input.AttributeValue!;
        if (input.AttributeName === 'KmsMasterKeyId') this.encrypt(topic.access.value, input.AttributeValue!);
        return {};
      }),
    );
    kms.on(PutKeyPolicyCommand).callsFake(
      on('kms:PutKeyPolicy', (input: PutKeyPolicyCommandInput) => {
        const key = [
          ...this.topics.flatMap((t) => (t.access?.ok && t.access.value?.key ? [t.access.value.key] : [])),
          ...(this.fixKey ? [this.fixKey] : []),
        ].filter((k) => k.details.ok && k.details.value?.arn === input.KeyId);
        if (key.length === 0) throw awsError('NotFoundException');
        for (const each of key) each.policy = { ok: true, value: input.Policy! };
        return {};
      }),
    );
    sns.on(SubscribeCommand).callsFake(
      on('sns:Subscribe', (input: SubscribeCommandInput) => {
        const topic = this.topics.find((t) => t.arn === input.TopicArn);
        if (!topic?.subscriptions.ok || !topic.subscriptions.value) throw awsError('NotFoundException');
        topic.subscriptions.value.push({ subscriptionArn: 'PendingConfirmation', protocol: input.Protocol!, endpoint: input.Endpoint! });
        return { SubscriptionArn: 'pending confirmation' };
      }),
    );
    cloudwatch.on(PutMetricAlarmCommand).callsFake(
      on('cloudwatch:PutMetricAlarm', (input: PutMetricAlarmCommandInput, region) => {
        const alarm: MetricAlarm = {
          name: input.AlarmName!,
          arn: `arn:aws:cloudwatch:${region}:${this.base.account.id}:alarm:${input.AlarmName}`,
          region,
          metricName: input.MetricName!,
          namespace: input.Namespace!,
          usesMetricMath: false,
          dimensions: [],
          statistic: input.Statistic!,
          period: input.Period!,
          evaluationPeriods: input.EvaluationPeriods!,
          datapointsToAlarm: input.DatapointsToAlarm!,
          threshold: input.Threshold!,
          comparisonOperator: input.ComparisonOperator!,
          treatMissingData: input.TreatMissingData!,
          actionsEnabled: input.ActionsEnabled ?? true,
          alarmActions: input.AlarmActions ?? [],
          okActions: [],
          insufficientDataActions: [],
          stateValue: 'INSUFFICIENT_DATA',
        };
        this.alarms = [...this.alarms.filter((a) => !(a.region === region && a.name === alarm.name)), alarm];
        return {};
      }),
    );
    events.on(PutRuleCommand).callsFake(
      on('events:PutRule', (input: PutRuleCommandInput, region) => {
        const existing = this.rules.find((r) => r.region === region && r.name === input.Name);
        const rule: EventRule = {
          name: input.Name!,
          arn: `arn:aws:events:${region}:${this.base.account.id}:rule/${input.Name}`,
          region,
          eventBusName: 'default',
          state: input.State ?? 'ENABLED',
          eventPattern: input.EventPattern!,
          targets: existing?.targets ?? { ok: true, value: [] },
        };
        this.rules = [...this.rules.filter((r) => r !== existing), rule];
        return { RuleArn: rule.arn };
      }),
    );
    events.on(PutTargetsCommand).callsFake(
      on('events:PutTargets', (input: PutTargetsCommandInput, region) => {
        const rule = this.rules.find((r) => r.region === region && r.name === input.Rule);
        if (!rule) throw awsError('ResourceNotFoundException');
        rule.targets = { ok: true, value: input.Targets!.map((t) => ({ id: t.Id!, arn: t.Arn! })) };
        return { FailedEntryCount: 0 };
      }),
    );
  }

  private createBucket(input: CreateBucketCommandInput, region: string): object {
    if (this.buckets.some((b) => b.name === input.Bucket)) throw awsError('BucketAlreadyOwnedByYou');
    this.buckets.push({
      name: input.Bucket!,
      region: { ok: true, value: input.CreateBucketConfiguration?.LocationConstraint ?? region },
      policy: { ok: true, value: null },
      publicAccessBlock: { ok: true, value: null },
      acl: { ok: true, value: { grants: [] } },
      logging: { ok: true, value: null },
      lifecycle: { ok: true, value: null },
      versioning: { ok: true, value: {} },
    });
    return {};
  }

  /** AWS checks the bucket policy when the trail is created: the policy must come first. */
  private createTrail(input: CreateTrailCommandInput, region: string): object {
    const arn = `arn:aws:cloudtrail:${region}:${this.base.account.id}:trail/${input.Name}`;
    if (this.trails.some((t) => t.arn === arn)) throw awsError('TrailAlreadyExistsException');
    const bucket = this.buckets.find((b) => b.name === input.S3BucketName);
    if (!bucket) throw awsError('S3BucketDoesNotExistException');
    const policy = bucket.policy.ok ? (bucket.policy.value ?? '') : '';
    if (!policy.includes('cloudtrail.amazonaws.com') || !policy.includes(arn)) throw awsError('InsufficientS3BucketPolicyException');
    this.trails.push({
      arn,
      name: input.Name!,
      homeRegion: region,
      ownerAccountId: this.base.account.id,
      isMultiRegionTrail: !!input.IsMultiRegionTrail,
      isOrganizationTrail: false,
      includeGlobalServiceEvents: input.IncludeGlobalServiceEvents ?? true,
      logFileValidationEnabled: !!input.EnableLogFileValidation,
      s3BucketName: input.S3BucketName!,
      status: { ok: true, value: { isLogging: false } },
      // As moto: a new trail has no selectors until PutEventSelectors.
      selectors: { ok: true, value: { basic: [] } },
      insightSelectors: { ok: true, value: [] },
      tags: { ok: true, value: (input.TagsList ?? []).map((tag) => ({ key: tag.Key!, ...(tag.Value !== undefined && { value: tag.Value }) })) },
    });
    return { TrailARN: arn };
  }

  /** AWS checks that the log group and the role exist when delivery is configured. */
  private updateTrail(input: UpdateTrailCommandInput): object {
    const trail = this.trailNamed(input.Name!);
    if (input.CloudWatchLogsLogGroupArn) {
      const match = /:logs:([^:]+):\d+:log-group:(.+):\*$/.exec(input.CloudWatchLogsLogGroupArn);
      const exists = match && this.logGroups.some((g) => g.region === match[1] && g.name === match[2] && g.details.ok && g.details.value);
      if (!exists) throw awsError('InvalidCloudWatchLogsLogGroupArnException');
      if (!this.roles.has(input.CloudWatchLogsRoleArn?.split('/').pop() ?? '')) throw awsError('InvalidCloudWatchLogsRoleArnException');
      trail.cloudWatchLogsLogGroupArn = input.CloudWatchLogsLogGroupArn;
      trail.cloudWatchLogsRoleArn = input.CloudWatchLogsRoleArn!;
    }
    if (input.IncludeGlobalServiceEvents !== undefined) trail.includeGlobalServiceEvents = input.IncludeGlobalServiceEvents;
    if (input.EnableLogFileValidation !== undefined) trail.logFileValidationEnabled = input.EnableLogFileValidation;
    if (input.KmsKeyId !== undefined) {
      if (!this.keys.some((k) => k.ref === input.KmsKeyId) && !input.KmsKeyId.startsWith('arn:aws:kms:')) throw awsError('KmsKeyNotFoundException');
      trail.kmsKeyId = input.KmsKeyId;
    }
    return {};
  }

  private trailNamed(name: string): Trail {
    const trail = this.trails.find((t) => t.name === name);
    if (!trail) throw awsError('TrailNotFoundException', `unknown trail: ${name} (the fake, like moto, takes names only)`);
    return trail;
  }

  private bucket(name: string): Bucket {
    const bucket = this.buckets.find((b) => b.name === name);
    if (!bucket) throw awsError('NoSuchBucket');
    return bucket;
  }

  private logGroupDetails(region: string, name: string) {
    const group = this.logGroups.find((g) => g.region === region && g.name === name);
    if (!group?.details.ok || !group.details.value) throw awsError('ResourceNotFoundException');
    return group.details.value;
  }
}

function toSdkRule(rule: LifecycleRule): SdkLifecycleRule {
  return {
    ...(rule.id ? { ID: rule.id } : {}),
    Status: rule.status as 'Enabled',
    Filter: { Prefix: rule.prefix ?? '' },
    ...(rule.expirationDays !== undefined ? { Expiration: { Days: rule.expirationDays } } : {}),
    Transitions: rule.transitions.map((t) => ({ Days: t.days, StorageClass: t.storageClass as 'GLACIER' })),
    NoncurrentVersionTransitions: rule.noncurrentTransitions.map((t) => ({ NoncurrentDays: t.days, StorageClass: t.storageClass as 'GLACIER' })),
    ...(rule.abortIncompleteUploadDays !== undefined ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: rule.abortIncompleteUploadDays } } : {}),
  };
}

function fromSdkRule(rule: SdkLifecycleRule): LifecycleRule {
  return {
    ...(rule.ID ? { id: rule.ID } : {}),
    status: rule.Status!,
    prefix: rule.Filter?.Prefix ?? '',
    ...(rule.Expiration?.Days !== undefined ? { expirationDays: rule.Expiration.Days } : {}),
    transitions: (rule.Transitions ?? []).map((t) => ({ days: t.Days!, storageClass: t.StorageClass! })),
    noncurrentTransitions: (rule.NoncurrentVersionTransitions ?? []).map((t) => ({ days: t.NoncurrentDays!, storageClass: t.StorageClass! })),
    ...(rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined
      ? { abortIncompleteUploadDays: rule.AbortIncompleteMultipartUpload.DaysAfterInitiation }
      : {}),
  };
}
