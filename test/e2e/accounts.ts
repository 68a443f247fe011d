import { CloudTrailClient, CreateTrailCommand, PutEventSelectorsCommand, StartLoggingCommand, type EventSelector } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, CreateLogGroupCommand, PutMetricFilterCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  S3Client,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { CreateTopicCommand, GetTopicAttributesCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';

/**
 * Account builders for the end-to-end tests: each one creates, through the AWS SDK against moto,
 * what a real account would have, so that the CLI reads it exactly as it would read AWS.
 *
 * moto's quirks that shape these builders (docs/reference/moto.md §5):
 * - a new trail has no event selectors at all (AWS gives one "All + management" selector), so every
 *   trail here gets PutEventSelectors explicitly;
 * - StartLogging only accepts the trail's name (an ARN is an HTTP 500);
 * - CreateTrail does not validate the bucket policy, the KMS key, or the CloudWatch Logs group and
 *   role; the builders still create them correctly so that the account would also be valid on AWS.
 */

/** moto's only account unless told otherwise. */
export const ACCOUNT_ID = '123456789012';
export const PARTITION = 'aws';

export interface AwsContext {
  endpoint: string;
}

function clientConfig(ctx: AwsContext, region: string) {
  return {
    region,
    endpoint: ctx.endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    // moto answers "not implemented" with HTTP 500; retrying it only slows a failing test down.
    maxAttempts: 1,
  };
}

export const aws = {
  cloudtrail: (ctx: AwsContext, region: string) => new CloudTrailClient(clientConfig(ctx, region)),
  cloudwatch: (ctx: AwsContext, region: string) => new CloudWatchClient(clientConfig(ctx, region)),
  logs: (ctx: AwsContext, region: string) => new CloudWatchLogsClient(clientConfig(ctx, region)),
  events: (ctx: AwsContext, region: string) => new EventBridgeClient(clientConfig(ctx, region)),
  sns: (ctx: AwsContext, region: string) => new SNSClient(clientConfig(ctx, region)),
  kms: (ctx: AwsContext, region: string) => new KMSClient(clientConfig(ctx, region)),
  iam: (ctx: AwsContext) => new IAMClient(clientConfig(ctx, 'us-east-1')),
  s3: (ctx: AwsContext, region = 'us-east-1') => new S3Client({ ...clientConfig(ctx, region), forcePathStyle: true }),
};

// ---------------------------------------------------------------------------------------------
// Buckets

export interface BucketSpec {
  name: string;
  region?: string;
  /** Adds a statement granting s3:GetObject to everyone: a public trail bucket (CloudTrail.6). */
  publicRead?: boolean;
  /** All four Block Public Access flags on the bucket. */
  blockPublicAccess?: boolean;
  /** Server access logging into `<name>-access-logs` (CloudTrail.7). */
  accessLogging?: boolean;
  /** Expire log objects after a year. */
  lifecycle?: boolean;
  /**
   * The trail bucket's integrity (TW.4-TW.6): versioned, its log files locked for a year (Object Lock
   * in COMPLIANCE mode), and CloudTrail's statements pinned with aws:SourceArn to these trails.
   */
  integrity?: { trailArns: string[] };
}

/** The bucket policy CloudTrail needs to write to a bucket, scoped to the trails of this account (or to `trailArns`, with aws:SourceArn). */
function cloudTrailBucketStatements(bucket: string, trailArns?: string[]): object[] {
  const source = trailArns ? { 'aws:SourceArn': trailArns } : { 'aws:SourceAccount': ACCOUNT_ID };
  return [
    {
      Sid: 'AWSCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: `arn:aws:s3:::${bucket}`,
      ...(trailArns && { Condition: { StringEquals: source } }),
    },
    {
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${bucket}/AWSLogs/${ACCOUNT_ID}/*`,
      Condition: {
        StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...source },
      },
    },
  ];
}

export const PUBLIC_READ_STATEMENT_SID = 'PublicRead';

export async function createTrailBucket(ctx: AwsContext, spec: BucketSpec): Promise<string> {
  const region = spec.region ?? 'us-east-1';
  const s3 = aws.s3(ctx, region);
  await createBucket(s3, spec.name, region, spec.integrity !== undefined);
  const statements = cloudTrailBucketStatements(spec.name, spec.integrity?.trailArns);
  if (spec.publicRead) {
    statements.push({ Sid: PUBLIC_READ_STATEMENT_SID, Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${spec.name}/*` });
  }
  await s3.send(new PutBucketPolicyCommand({ Bucket: spec.name, Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  if (spec.blockPublicAccess) {
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: spec.name,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      }),
    );
  }
  if (spec.accessLogging) {
    const target = `${spec.name}-access-logs`;
    const prefix = `${spec.name}/`;
    await createBucket(s3, target, region);
    // moto, like S3, refuses a logging target that the logging service may not write to.
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: target,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'S3ServerAccessLogs',
              Effect: 'Allow',
              Principal: { Service: 'logging.s3.amazonaws.com' },
              Action: ['s3:PutObject'],
              Resource: `arn:aws:s3:::${target}/${prefix}*`,
              Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } },
            },
          ],
        }),
      }),
    );
    await s3.send(
      new PutBucketLoggingCommand({
        Bucket: spec.name,
        BucketLoggingStatus: { LoggingEnabled: { TargetBucket: target, TargetPrefix: prefix } },
      }),
    );
  }
  if (spec.integrity) {
    // Object Lock at creation turns versioning on; the default retention locks each log file CloudTrail writes.
    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: spec.name,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } },
      }),
    );
  }
  if (spec.lifecycle) {
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: spec.name,
        LifecycleConfiguration: {
          Rules: [{ ID: 'expire-logs', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 365 } }],
        },
      }),
    );
  }
  return spec.name;
}

async function createBucket(s3: S3Client, name: string, region: string, objectLock = false): Promise<void> {
  await s3.send(
    new CreateBucketCommand({
      Bucket: name,
      ...(objectLock && { ObjectLockEnabledForBucket: true }),
      // us-east-1 is the one Region that must not be named as a location constraint.
      ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Trails

/** Read and write management events of every source: what CloudTrail.1 requires. */
export const ALL_MANAGEMENT_EVENTS: EventSelector[] = [
  { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] },
];
export const WRITE_ONLY_MANAGEMENT_EVENTS: EventSelector[] = [
  { ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] },
];

export interface TrailSpec {
  name: string;
  /** The trail's home Region. */
  region: string;
  multiRegion: boolean;
  /** StartLogging after creation. */
  logging: boolean;
  logFileValidation: boolean;
  /** Encrypt with a new customer managed KMS key in the home Region. */
  kms: boolean;
  /** Deliver to a new log group in the home Region with this retention (undefined: no CloudWatch Logs). */
  cloudWatchLogs?: { retentionDays?: number };
  /** A bucket to create, or the name of one that already exists. */
  bucket: BucketSpec | string;
  selectors: EventSelector[];
  /** Tags given at creation (CloudTrail.9); none when absent. */
  tags?: Record<string, string>;
}

export interface BuiltTrail {
  name: string;
  arn: string;
  region: string;
  bucketName: string;
  kmsKeyArn?: string;
  logGroupName?: string;
  /** As a trail names it: with the trailing `:*`. */
  logGroupArn?: string;
  roleArn?: string;
}

export function trailArn(region: string, name: string): string {
  return `arn:${PARTITION}:cloudtrail:${region}:${ACCOUNT_ID}:trail/${name}`;
}

export async function buildTrail(ctx: AwsContext, spec: TrailSpec): Promise<BuiltTrail> {
  const bucketName = typeof spec.bucket === 'string' ? spec.bucket : await createTrailBucket(ctx, spec.bucket);
  const kmsKeyArn = spec.kms ? await createTrailKey(ctx, spec.region, spec.name) : undefined;
  const delivery = spec.cloudWatchLogs ? await createLogDelivery(ctx, spec.region, spec.name, spec.cloudWatchLogs.retentionDays) : undefined;

  const cloudtrail = aws.cloudtrail(ctx, spec.region);
  const created = await cloudtrail.send(
    new CreateTrailCommand({
      Name: spec.name,
      S3BucketName: bucketName,
      IsMultiRegionTrail: spec.multiRegion,
      IncludeGlobalServiceEvents: spec.multiRegion,
      EnableLogFileValidation: spec.logFileValidation,
      KmsKeyId: kmsKeyArn,
      CloudWatchLogsLogGroupArn: delivery?.logGroupArn,
      CloudWatchLogsRoleArn: delivery?.roleArn,
      ...(spec.tags && { TagsList: Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })) }),
    }),
  );
  await cloudtrail.send(new PutEventSelectorsCommand({ TrailName: spec.name, EventSelectors: spec.selectors }));
  // By name: moto's StartLogging fails on an ARN.
  if (spec.logging) await cloudtrail.send(new StartLoggingCommand({ Name: spec.name }));
  return {
    name: spec.name,
    arn: created.TrailARN ?? trailArn(spec.region, spec.name),
    region: spec.region,
    bucketName,
    ...(kmsKeyArn ? { kmsKeyArn } : {}),
    ...(delivery ?? {}),
  };
}

async function createTrailKey(ctx: AwsContext, region: string, trailName: string): Promise<string> {
  const key = await aws.kms(ctx, region).send(new CreateKeyCommand({ Description: `CloudTrail logs of ${trailName}` }));
  const arn = key.KeyMetadata?.Arn;
  if (!arn) throw new Error('KMS CreateKey returned no key ARN');
  return arn;
}

/** A log group with retention and the role CloudTrail assumes to write to it. */
async function createLogDelivery(ctx: AwsContext, region: string, trailName: string, retentionDays: number | undefined) {
  const logGroupName = `CloudTrail/${trailName}`;
  const logs = aws.logs(ctx, region);
  await logs.send(new CreateLogGroupCommand({ logGroupName }));
  if (retentionDays !== undefined) await logs.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays: retentionDays }));
  const logGroupArn = `arn:${PARTITION}:logs:${region}:${ACCOUNT_ID}:log-group:${logGroupName}:*`;

  const iam = aws.iam(ctx);
  const roleName = `${trailName}-cloudwatch-logs`;
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: 'deliver-to-cloudwatch-logs',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logGroupArn.slice(0, -2)}:log-stream:*` }],
      }),
    }),
  );
  const roleArn = role.Role?.Arn;
  if (!roleArn) throw new Error('IAM CreateRole returned no role ARN');
  return { logGroupName, logGroupArn, roleArn };
}

/**
 * The account CIS and Security Hub want: one multi-Region trail in us-east-1, logging read and write
 * management events, encrypted with KMS, with log file validation, delivering to a log group kept
 * 365 days, into a bucket that is not public, has access logging and a lifecycle rule, is versioned,
 * locks its log files and lets CloudTrail write only for this trail; the trail is tagged with its
 * owner (CloudTrail.9).
 */
export function buildCompliantTrail(ctx: AwsContext, name = 'org-audit'): Promise<BuiltTrail> {
  return buildTrail(ctx, {
    name,
    region: 'us-east-1',
    multiRegion: true,
    logging: true,
    logFileValidation: true,
    kms: true,
    cloudWatchLogs: { retentionDays: 365 },
    bucket: {
      name: `${name}-cloudtrail-${ACCOUNT_ID}`,
      blockPublicAccess: true,
      accessLogging: true,
      lifecycle: true,
      integrity: { trailArns: [trailArn('us-east-1', name)] },
    },
    selectors: ALL_MANAGEMENT_EVENTS,
    tags: { owner: 'security' },
  });
}

/**
 * Everything wrong that can be wrong with a single trail: single-Region, not logging, write events
 * only, no validation, no KMS, no CloudWatch Logs, and a bucket that anyone can read, without Block
 * Public Access, access logging or lifecycle.
 */
export function buildInsecureAccount(ctx: AwsContext, name = 'legacy'): Promise<BuiltTrail> {
  return buildTrail(ctx, {
    name,
    region: 'us-east-1',
    multiRegion: false,
    logging: false,
    logFileValidation: false,
    kms: false,
    bucket: { name: `${name}-cloudtrail-${ACCOUNT_ID}`, publicRead: true },
    selectors: WRITE_ONLY_MANAGEMENT_EVENTS,
  });
}

/**
 * One logging single-Region trail per Region (each otherwise well configured, sharing one bucket):
 * a common setup that still fails CloudTrail.1, which wants a multi-Region trail.
 */
export async function buildRegionalTrails(ctx: AwsContext, regions: string[]): Promise<BuiltTrail[]> {
  const bucketName = await createTrailBucket(ctx, { name: `regional-cloudtrail-${ACCOUNT_ID}`, blockPublicAccess: true, accessLogging: true, lifecycle: true });
  const trails: BuiltTrail[] = [];
  for (const region of regions) {
    trails.push(
      await buildTrail(ctx, {
        name: `regional-${region}`,
        region,
        multiRegion: false,
        logging: true,
        logFileValidation: true,
        kms: true,
        cloudWatchLogs: { retentionDays: 365 },
        bucket: bucketName,
        selectors: ALL_MANAGEMENT_EVENTS,
      }),
    );
  }
  return trails;
}

// ---------------------------------------------------------------------------------------------
// Monitoring: metric filters, alarms, topics, EventBridge rules

/** CIS 4.4 / CloudWatch.4: the 16 IAM policy changes an account must be alerted on. */
export const IAM_POLICY_EVENTS = [
  'DeleteGroupPolicy',
  'DeleteRolePolicy',
  'DeleteUserPolicy',
  'PutGroupPolicy',
  'PutRolePolicy',
  'PutUserPolicy',
  'CreatePolicy',
  'DeletePolicy',
  'CreatePolicyVersion',
  'DeletePolicyVersion',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'AttachGroupPolicy',
  'DetachGroupPolicy',
] as const;

/** A filter pattern in the CIS form `{($.eventName=A)||($.eventName=B)||…}`. */
export function eventNamePattern(eventNames: readonly string[]): string {
  return `{${eventNames.map((name) => `($.eventName=${name})`).join('||')}}`;
}

/** The CIS benchmark's exact IAM policy change pattern. */
export const CIS_IAM_POLICY_PATTERN = eventNamePattern(IAM_POLICY_EVENTS);

/**
 * The metric filter patterns as AWS publishes them for Security Hub / CIS (and CIS 4.15 for
 * Organizations), copied from the benchmark text (docs/reference/cloudtrail-events.md), not
 * from trailwarden's own specs, so that a test built on them checks trailwarden against the standard.
 */
export const CIS_FILTER_PATTERNS: Record<string, string> = {
  'CloudWatch.1': '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  'CloudWatch.2': '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  'CloudWatch.3':
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  'CloudWatch.4': CIS_IAM_POLICY_PATTERN,
  'CloudWatch.5':
    '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
  'CloudWatch.6': '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  'CloudWatch.7': '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
  'CloudWatch.8':
    '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
  'CloudWatch.9':
    '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
  'CloudWatch.10': eventNamePattern([
    'AuthorizeSecurityGroupIngress',
    'AuthorizeSecurityGroupEgress',
    'RevokeSecurityGroupIngress',
    'RevokeSecurityGroupEgress',
    'CreateSecurityGroup',
    'DeleteSecurityGroup',
  ]),
  'CloudWatch.11': eventNamePattern([
    'CreateNetworkAcl',
    'CreateNetworkAclEntry',
    'DeleteNetworkAcl',
    'DeleteNetworkAclEntry',
    'ReplaceNetworkAclEntry',
    'ReplaceNetworkAclAssociation',
  ]),
  'CloudWatch.12': eventNamePattern([
    'CreateCustomerGateway',
    'DeleteCustomerGateway',
    'AttachInternetGateway',
    'CreateInternetGateway',
    'DeleteInternetGateway',
    'DetachInternetGateway',
  ]),
  'CloudWatch.13': eventNamePattern([
    'CreateRoute',
    'CreateRouteTable',
    'ReplaceRoute',
    'ReplaceRouteTableAssociation',
    'DeleteRouteTable',
    'DeleteRoute',
    'DisassociateRouteTable',
  ]),
  'CloudWatch.14': eventNamePattern([
    'CreateVpc',
    'DeleteVpc',
    'ModifyVpcAttribute',
    'AcceptVpcPeeringConnection',
    'CreateVpcPeeringConnection',
    'DeleteVpcPeeringConnection',
    'RejectVpcPeeringConnection',
    'AttachClassicLinkVpc',
    'DetachClassicLinkVpc',
    'DisableVpcClassicLink',
    'EnableVpcClassicLink',
  ]),
  'TW.1':
    '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
};

/** An EventBridge pattern for CloudTrail-delivered IAM API calls with these names. */
export function iamEventRulePattern(eventNames: readonly string[]): string {
  return JSON.stringify({
    source: ['aws.iam'],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: { eventSource: ['iam.amazonaws.com'], eventName: [...eventNames] },
  });
}

/** An SNS topic with one (on moto: at once confirmed) email subscription. */
export async function createAlarmTopic(ctx: AwsContext, region: string, name = 'security-alerts'): Promise<string> {
  const sns = aws.sns(ctx, region);
  const topic = await sns.send(new CreateTopicCommand({ Name: name }));
  if (!topic.TopicArn) throw new Error('SNS CreateTopic returned no topic ARN');
  await sns.send(new SubscribeCommand({ TopicArn: topic.TopicArn, Protocol: 'email', Endpoint: 'security@example.com' }));
  return topic.TopicArn;
}

export interface MetricMonitorSpec {
  /** Used for the filter, the metric and the alarm. */
  name: string;
  pattern: string;
  /** The topic the alarm notifies (create one with createAlarmTopic). */
  topicArn: string;
  /** Default true. */
  actionsEnabled?: boolean;
  namespace?: string;
}

export interface BuiltMetricMonitor {
  filterName: string;
  metricName: string;
  namespace: string;
  alarmName: string;
}

/**
 * The CIS chain on a trail's log group: metric filter → metric → alarm that fires on one event
 * (Sum ≥ 1 over 5 minutes) → SNS topic. The alarm lives in the log group's Region, as it must.
 */
export async function buildMetricMonitor(ctx: AwsContext, trail: BuiltTrail, spec: MetricMonitorSpec): Promise<BuiltMetricMonitor> {
  if (!trail.logGroupName) throw new Error(`trail ${trail.name} has no CloudWatch Logs group to put a metric filter on`);
  const namespace = spec.namespace ?? 'CISBenchmark';
  const metricName = `${spec.name}Count`;
  await aws.logs(ctx, trail.region).send(
    new PutMetricFilterCommand({
      logGroupName: trail.logGroupName,
      filterName: spec.name,
      filterPattern: spec.pattern,
      metricTransformations: [{ metricName, metricNamespace: namespace, metricValue: '1' }],
    }),
  );
  await aws.cloudwatch(ctx, trail.region).send(
    new PutMetricAlarmCommand({
      AlarmName: spec.name,
      MetricName: metricName,
      Namespace: namespace,
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      ActionsEnabled: spec.actionsEnabled ?? true,
      AlarmActions: [spec.topicArn],
    }),
  );
  return { filterName: spec.name, metricName, namespace, alarmName: spec.name };
}

/** Every CIS metric filter on the trail's log group, each with its alarm to `topicArn`. */
export async function buildCisMonitoring(ctx: AwsContext, trail: BuiltTrail, topicArn: string): Promise<void> {
  for (const [controlId, pattern] of Object.entries(CIS_FILTER_PATTERNS)) {
    await buildMetricMonitor(ctx, trail, { name: `CIS-${controlId.replace('.', '-')}`, pattern, topicArn });
  }
}

export interface EventRuleSpec {
  name: string;
  region: string;
  pattern: string;
  topicArn: string;
  state?: 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
  /**
   * Default true: add to the topic policy the statement the EventBridge console adds for a rule's
   * SNS target. false builds the rule as the CLI, the SDKs, CloudFormation and Terraform do: the
   * topic keeps CreateTopic's default policy, which does not let EventBridge publish.
   */
  consoleTopicPolicy?: boolean;
}

/**
 * An EventBridge rule on the default bus with an SNS target. Never PutEvents through it: moto's
 * PutEvents fails with HTTP 500 when a matching rule targets SNS (moto.md §5.9).
 */
export async function buildEventRule(ctx: AwsContext, spec: EventRuleSpec): Promise<string> {
  const events = aws.events(ctx, spec.region);
  const rule = await events.send(new PutRuleCommand({ Name: spec.name, EventPattern: spec.pattern, State: spec.state ?? 'ENABLED' }));
  await events.send(new PutTargetsCommand({ Rule: spec.name, Targets: [{ Id: 'alert', Arn: spec.topicArn }] }));
  if (!rule.RuleArn) throw new Error('EventBridge PutRule returned no rule ARN');
  if (spec.consoleTopicPolicy ?? true) {
    await addTopicStatement(ctx, spec.topicArn, {
      Sid: `AWSEvents_${spec.name}`,
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: spec.topicArn,
    });
  }
  return rule.RuleArn;
}

/** Adds a statement to a topic's policy (once per Sid), keeping the others. */
async function addTopicStatement(ctx: AwsContext, topicArn: string, statement: { Sid: string } & Record<string, unknown>): Promise<void> {
  const sns = aws.sns(ctx, topicArn.split(':')[3]!);
  const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
  const policy = JSON.parse(Attributes?.['Policy'] ?? '{"Version":"2008-10-17","Statement":[]}') as { Statement: { Sid?: string }[] };
  if (policy.Statement.some((existing) => existing.Sid === statement.Sid)) return;
  policy.Statement.push(statement);
  await sns.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: 'Policy', AttributeValue: JSON.stringify(policy) }));
}
