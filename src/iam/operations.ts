import {
  ALERT_TOPIC_NAME,
  MANAGED_TAG,
  TRAIL_LOG_ROLE_BOUNDARY_NAME,
  TRAIL_NAME,
  monitorName,
  trailBucketName,
  trailKeyAlias,
  trailLogRoleName,
} from '../remediations/names.js';
import type { PolicyStatement } from '../remediations/policies.js';
import type { FixOptions } from '../remediations/types.js';

/**
 * Every AWS operation trailwarden calls, and the IAM actions each needs: the single list that
 * `trailwarden iam-policy` turns into least-privilege policies. A test finds every SDK command
 * anywhere in src/ and fails when one is missing here.
 *
 * Each write names the resources it may touch. Without a plan (`iam-policy fix`) those are the
 * names fix gives what it creates (`trailwarden-*`), or `*` for the repairs of the user's own
 * resources, whose names only the scan learns; with a plan (`iam-policy fix --snapshot`) they are
 * the exact ARNs of each planned call.
 */

/** `scan` reads the account; `fix` scans and then writes; `test-pattern --with-aws` asks AWS's pattern evaluators only. */
export type PolicyCommand = 'scan' | 'fix' | 'test-pattern';

/** The invocation a policy is for: the command, and the flags that decide which calls it makes. */
export interface Invocation {
  command: PolicyCommand;
  /** `--role-arn`: the role assumed before anything is read. */
  roleArn?: string;
  /** `scan --org --role-name`: the role assumed in each member account. */
  orgRoleName?: string;
  /** `scan --verify-patterns-with-aws`: AWS's pattern evaluators are asked too. */
  verifyPatterns?: boolean;
  /** `scan --to-security-hub`, with the Region of `--security-hub-region` when given. */
  securityHub?: { region?: string };
  /** The flags of `fix` (`--via`, `--kms-key`, ...). */
  fix?: FixOptions;
}

/** One call of a plan, for the resources it touches. */
export interface PlannedCall {
  region: string;
  input: Record<string, unknown>;
  account: { id: string; partition: string };
}

export type Condition = NonNullable<PolicyStatement['Condition']>;

export interface Operation {
  /** SDK client and operation: `cloudtrail:DescribeTrails`, `s3control:GetPublicAccessBlock`. */
  operation: string;
  /** The IAM actions it needs; most are `service:Operation`, some are named differently. */
  actions: string[];
  /** What the call does; unless `usedWhen` says otherwise, `read` operations are part of scan and fix (fix scans first), `write` ones of fix only. */
  access: 'read' | 'write';
  /** Which invocations make the call, in place of the rule `access` implies. */
  usedWhen?: (invocation: Invocation) => boolean;
  /** Resources the actions are limited to when the plan is not known; `*` when absent. */
  resource?: string | string[] | ((invocation: Invocation) => string[]);
  /** The resources one planned call touches (none: this call does not need it); `resource` when absent. */
  resourcesOf?: (call: PlannedCall) => string[];
  /** A condition every grant of the actions carries. */
  condition?: Condition;
  /** A permission checked during another operation rather than an API call of its own. */
  impliedBy?: string;
  /** Never granted by `iam-policy`, for the reason given: an administrator's step. */
  administratorOnly?: string;
  /**
   * Granted only on the exact resources of a plan (`iam-policy fix --snapshot`), never on `*`, for
   * the reason given: the call writes a resource policy of the user's own resource, and on `*` its
   * holder could grant itself any such resource.
   */
  planOnly?: string;
}

/** `usedWhen` of a fix call that only some of fix's flags lead to. */
const fixWith =
  (test: (options: FixOptions) => boolean) =>
  (invocation: Invocation): boolean =>
    invocation.command === 'fix' && test(invocation.fix ?? { via: 'metric-filter' });

/** fix creates a delivery role per trail, unless it is given one. */
const createsRoles = (options: FixOptions): boolean => options.cloudWatchLogsRoleArn === undefined;

/** The roles the invocation assumes: `--role-arn` as given, the `--org` role in any member account. */
function assumedRoles(invocation: Invocation): string[] {
  return [...(invocation.roleArn ? [invocation.roleArn] : []), ...(invocation.orgRoleName ? [`arn:aws:iam::*:role/${invocation.orgRoleName}`] : [])];
}

// Resource ARNs of one planned call, in the call's Region and account.
const inRegion = (call: PlannedCall, service: string, resource: string): string =>
  `arn:${call.account.partition}:${service}:${call.region}:${call.account.id}:${resource}`;
const text = (call: PlannedCall, field: string): string => String(call.input[field]);
const bucket = (call: PlannedCall): string[] => [`arn:${call.account.partition}:s3:::${text(call, 'Bucket')}`];
const trail =
  (field: string) =>
  (call: PlannedCall): string[] => {
    const name = text(call, field);
    return [name.startsWith('arn:') ? name : inRegion(call, 'cloudtrail', `trail/${name}`)];
  };
// IAM documents log-group ARNs both with and without the trailing `:*` of the Logs API.
const logGroup = (call: PlannedCall): string[] => {
  const arn = inRegion(call, 'logs', `log-group:${text(call, 'logGroupName')}`);
  return [arn, `${arn}:*`];
};
const role = (call: PlannedCall): string[] => [`arn:${call.account.partition}:iam::${call.account.id}:role/${text(call, 'RoleName')}`];
const anyKeyIn = (call: PlannedCall): string => inRegion(call, 'kms', 'key/*');

/** The bucket a new trail writes to: `--trail-bucket`, or the name fix gives it. */
function trailBucket(invocation: Invocation): string[] {
  return [`arn:aws:s3:::${invocation.fix?.trailBucket ?? trailBucketName('*', '*')}`];
}

const FIX_ROLES = `arn:aws:iam::*:role/${trailLogRoleName('*')}`;
const BOUNDARY = `arn:aws:iam::*:policy/${TRAIL_LOG_ROLE_BOUNDARY_NAME}`;
const ALERT_TOPICS = `arn:aws:sns:*:*:${ALERT_TOPIC_NAME}`;
const MANAGED_TAG_ONLY: Condition = { 'ForAllValues:StringEquals': { 'aws:TagKeys': [MANAGED_TAG.key] } };

/**
 * Delegated role creation without escalation: a role may be created, and given an inline policy,
 * only with trailwarden's permissions boundary, which allows only CloudTrail's log delivery
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html, "Delegating
 * responsibility to others using permissions boundaries"; the `iam:PermissionsBoundary` key in
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html).
 */
const WITH_BOUNDARY: Condition = { ArnLike: { 'iam:PermissionsBoundary': BOUNDARY } };

/**
 * A delivery role may be handed to CloudTrail and to no other service
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html, `iam:PassedToService`).
 */
const TO_CLOUDTRAIL: Condition = { StringEquals: { 'iam:PassedToService': 'cloudtrail.amazonaws.com' } };

/** scan reads the policies of roles (any role a rule target names) and of managed policies (AWS managed ones included). */
const READ_ROLE_RESOURCE = 'arn:aws:iam::*:role/*';
const READ_POLICY_RESOURCE = 'arn:aws:iam::*:policy/*';

export const OPERATIONS: readonly Operation[] = [
  // Who am I, and which Regions: GetCallerIdentity needs no permission at all.
  { operation: 'sts:GetCallerIdentity', actions: [], access: 'read' },
  // `--role-arn` and `scan --org --role-name` assume the role to scan with: that role only, and only then.
  {
    operation: 'sts:AssumeRole',
    actions: ['sts:AssumeRole'],
    access: 'read',
    usedWhen: (invocation) => assumedRoles(invocation).length > 0,
    resource: assumedRoles,
  },
  // `scan --org` lists the organization's accounts from the management (or delegated admin) account.
  {
    operation: 'organizations:ListAccounts',
    actions: ['organizations:ListAccounts'],
    access: 'read',
    usedWhen: (invocation) => invocation.orgRoleName !== undefined,
  },
  { operation: 'ec2:DescribeRegions', actions: ['ec2:DescribeRegions'], access: 'read' },
  { operation: 'cloudtrail:DescribeTrails', actions: ['cloudtrail:DescribeTrails'], access: 'read' },
  { operation: 'cloudtrail:GetTrailStatus', actions: ['cloudtrail:GetTrailStatus'], access: 'read' },
  { operation: 'cloudtrail:GetEventSelectors', actions: ['cloudtrail:GetEventSelectors'], access: 'read' },
  { operation: 'cloudtrail:GetInsightSelectors', actions: ['cloudtrail:GetInsightSelectors'], access: 'read' },
  // CloudTrail.9: the tags of the account's own trails, 20 trails a call.
  { operation: 'cloudtrail:ListTags', actions: ['cloudtrail:ListTags'], access: 'read' },
  // CloudTrail.10: the event data stores of each Region, and each one's key (the listing does not carry it).
  { operation: 'cloudtrail:ListEventDataStores', actions: ['cloudtrail:ListEventDataStores'], access: 'read' },
  { operation: 'cloudtrail:GetEventDataStore', actions: ['cloudtrail:GetEventDataStore'], access: 'read' },
  { operation: 'logs:DescribeLogGroups', actions: ['logs:DescribeLogGroups'], access: 'read' },
  { operation: 'logs:DescribeMetricFilters', actions: ['logs:DescribeMetricFilters'], access: 'read' },
  { operation: 'cloudwatch:DescribeAlarms', actions: ['cloudwatch:DescribeAlarms'], access: 'read' },
  // The last 24 hours of delivery metrics of the relied-on rules and topics.
  { operation: 'cloudwatch:GetMetricData', actions: ['cloudwatch:GetMetricData'], access: 'read' },
  { operation: 'events:ListRules', actions: ['events:ListRules'], access: 'read' },
  { operation: 'events:ListTargetsByRule', actions: ['events:ListTargetsByRule'], access: 'read' },
  // `test-alert` (with the scan's policy) asks EventBridge about the patterns of rules it cannot fire; `test-pattern --with-aws` about the pattern it
  // tests; `scan --verify-patterns-with-aws` about the relied-on rules.
  { operation: 'events:TestEventPattern', actions: ['events:TestEventPattern'], access: 'read', usedWhen: () => true },
  // `test-pattern --with-aws` and `scan --verify-patterns-with-aws` ask CloudWatch Logs about metric filter patterns.
  {
    operation: 'logs:TestMetricFilter',
    actions: ['logs:TestMetricFilter'],
    access: 'read',
    usedWhen: (invocation) => invocation.command === 'test-pattern' || (invocation.command === 'scan' && invocation.verifyPatterns === true),
  },
  { operation: 'sns:ListSubscriptionsByTopic', actions: ['sns:ListSubscriptionsByTopic'], access: 'read' },
  // Who may publish to the topics relied-on alarms and rules notify, and with which key.
  { operation: 'sns:GetTopicAttributes', actions: ['sns:GetTopicAttributes'], access: 'read' },
  { operation: 'kms:DescribeKey', actions: ['kms:DescribeKey'], access: 'read' },
  { operation: 'kms:GetKeyPolicy', actions: ['kms:GetKeyPolicy'], access: 'read' },
  // The role an EventBridge target of such a topic names, and the managed policies attached to it.
  { operation: 'iam:ListRolePolicies', actions: ['iam:ListRolePolicies'], access: 'read', resource: READ_ROLE_RESOURCE },
  { operation: 'iam:GetRolePolicy', actions: ['iam:GetRolePolicy'], access: 'read', resource: READ_ROLE_RESOURCE },
  { operation: 'iam:ListAttachedRolePolicies', actions: ['iam:ListAttachedRolePolicies'], access: 'read', resource: READ_ROLE_RESOURCE },
  // Also, before creating a delivery role, fix looks for its permissions boundary (a policy too).
  { operation: 'iam:GetPolicy', actions: ['iam:GetPolicy'], access: 'read', resource: READ_POLICY_RESOURCE, resourcesOf: (call) => [text(call, 'PolicyArn')] },
  { operation: 'iam:GetPolicyVersion', actions: ['iam:GetPolicyVersion'], access: 'read', resource: READ_POLICY_RESOURCE },
  { operation: 's3:GetBucketLocation', actions: ['s3:GetBucketLocation'], access: 'read' },
  { operation: 's3:GetBucketPolicy', actions: ['s3:GetBucketPolicy'], access: 'read' },
  { operation: 's3:GetBucketAcl', actions: ['s3:GetBucketAcl'], access: 'read' },
  { operation: 's3:GetBucketLogging', actions: ['s3:GetBucketLogging'], access: 'read' },
  { operation: 's3:GetBucketVersioning', actions: ['s3:GetBucketVersioning'], access: 'read' },
  { operation: 's3:GetPublicAccessBlock', actions: ['s3:GetBucketPublicAccessBlock'], access: 'read' },
  { operation: 's3:GetBucketLifecycleConfiguration', actions: ['s3:GetLifecycleConfiguration'], access: 'read' },
  // IAM names the action after the bucket: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
  { operation: 's3:GetObjectLockConfiguration', actions: ['s3:GetBucketObjectLockConfiguration'], access: 'read' },
  { operation: 's3control:GetPublicAccessBlock', actions: ['s3:GetAccountPublicAccessBlock'], access: 'read' },
  // `scan --to-security-hub` imports the findings into the account's own product.
  {
    operation: 'securityhub:BatchImportFindings',
    actions: ['securityhub:BatchImportFindings'],
    access: 'write',
    usedWhen: (invocation) => invocation.command === 'scan' && invocation.securityHub !== undefined,
    resource: (invocation) => [`arn:aws:securityhub:${invocation.securityHub?.region ?? '*'}:*:product/*/default`],
  },

  { operation: 's3:CreateBucket', actions: ['s3:CreateBucket'], access: 'write', resource: trailBucket, resourcesOf: bucket },
  { operation: 's3:PutBucketTagging', actions: ['s3:PutBucketTagging'], access: 'write', resource: trailBucket, resourcesOf: bucket },
  // Also every trail bucket that fails TW.4: the user's own, named by the scan (enabling versioning is no escalation).
  { operation: 's3:PutBucketVersioning', actions: ['s3:PutBucketVersioning'], access: 'write', resourcesOf: bucket },
  // A resource-policy write: on the user's bucket that fails TW.6 (aws:SourceArn merged in) only in a plan's policy, never on `*`.
  { operation: 's3:PutBucketPolicy', actions: ['s3:PutBucketPolicy'], access: 'write', resource: trailBucket, resourcesOf: bucket },
  // Also every trail bucket that fails CloudTrail.6 / TW.2 / CloudTrail.7: the user's own, named by the scan.
  { operation: 's3:PutPublicAccessBlock', actions: ['s3:PutBucketPublicAccessBlock'], access: 'write', resourcesOf: bucket },
  {
    operation: 's3:PutBucketLogging',
    actions: ['s3:PutBucketLogging'],
    access: 'write',
    usedWhen: fixWith((options) => options.accessLogBucket !== undefined),
    resourcesOf: bucket,
  },
  { operation: 's3:PutBucketLifecycleConfiguration', actions: ['s3:PutLifecycleConfiguration'], access: 'write', resourcesOf: bucket },
  {
    operation: 'cloudtrail:CreateTrail',
    actions: ['cloudtrail:CreateTrail', 'cloudtrail:AddTags'],
    access: 'write',
    resource: `arn:aws:cloudtrail:*:*:trail/${TRAIL_NAME}`,
    resourcesOf: trail('Name'),
  },
  // The user's existing trails are repaired in place.
  { operation: 'cloudtrail:PutEventSelectors', actions: ['cloudtrail:PutEventSelectors'], access: 'write', resourcesOf: trail('TrailName') },
  { operation: 'cloudtrail:StartLogging', actions: ['cloudtrail:StartLogging'], access: 'write', resourcesOf: trail('Name') },
  { operation: 'cloudtrail:UpdateTrail', actions: ['cloudtrail:UpdateTrail'], access: 'write', resourcesOf: trail('Name') },
  // CloudTrail.9: the tag keys a trail lacks, with the values of --trail-tag.
  {
    operation: 'cloudtrail:AddTags',
    actions: ['cloudtrail:AddTags'],
    access: 'write',
    usedWhen: fixWith((options) => options.trailTags !== undefined),
    resourcesOf: trail('ResourceId'),
  },
  // CloudTrail.10: the key of --kms-key ARN on an event data store on the AWS owned key. Whoever sets
  // the key needs to use it too (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
  {
    operation: 'cloudtrail:UpdateEventDataStore',
    actions: ['cloudtrail:UpdateEventDataStore'],
    access: 'write',
    usedWhen: fixWith((options) => options.kmsKey !== undefined && 'arn' in options.kmsKey),
    resource: 'arn:aws:cloudtrail:*:*:eventdatastore/*',
    resourcesOf: (call) => [text(call, 'EventDataStore')],
  },
  {
    operation: 'kms:GenerateDataKey',
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    access: 'write',
    impliedBy: 'cloudtrail:UpdateEventDataStore',
    usedWhen: fixWith((options) => options.kmsKey !== undefined && 'arn' in options.kmsKey),
    resource: (invocation) => (invocation.fix?.kmsKey && 'arn' in invocation.fix.kmsKey ? [invocation.fix.kmsKey.arn] : []),
    resourcesOf: (call) => (typeof call.input.KmsKeyId === 'string' ? [call.input.KmsKeyId] : []),
  },
  // UpdateTrail hands CloudTrail the delivery role: the one trailwarden created, or --cloudwatch-logs-role-arn.
  {
    operation: 'iam:PassRole',
    actions: ['iam:PassRole'],
    access: 'write',
    impliedBy: 'cloudtrail:UpdateTrail',
    resource: (invocation) => [invocation.fix?.cloudWatchLogsRoleArn ?? FIX_ROLES],
    resourcesOf: (call) => (typeof call.input.CloudWatchLogsRoleArn === 'string' ? [call.input.CloudWatchLogsRoleArn] : []),
    condition: TO_CLOUDTRAIL,
  },
  {
    operation: 'iam:CreateRole',
    actions: ['iam:CreateRole'],
    access: 'write',
    usedWhen: fixWith(createsRoles),
    resource: FIX_ROLES,
    resourcesOf: role,
    condition: WITH_BOUNDARY,
  },
  // CreateRole with Tags also needs TagRole, whose request carries no boundary: limited to our tag instead.
  {
    operation: 'iam:TagRole',
    actions: ['iam:TagRole'],
    access: 'write',
    usedWhen: fixWith(createsRoles),
    impliedBy: 'iam:CreateRole',
    resource: FIX_ROLES,
    resourcesOf: role,
    condition: MANAGED_TAG_ONLY,
  },
  {
    operation: 'iam:PutRolePolicy',
    actions: ['iam:PutRolePolicy'],
    access: 'write',
    usedWhen: fixWith(createsRoles),
    resource: FIX_ROLES,
    resourcesOf: role,
    condition: WITH_BOUNDARY,
  },
  {
    operation: 'iam:CreatePolicy',
    actions: ['iam:CreatePolicy'],
    access: 'write',
    administratorOnly:
      'whoever may create the boundary may write any permission into it and then create roles with it; an administrator creates it once (`trailwarden iam-policy boundary`), and fix skips the call when it exists',
  },
  // Also re-creates a deleted log group that a trail still names, whatever its name.
  {
    operation: 'logs:CreateLogGroup',
    actions: ['logs:CreateLogGroup', 'logs:TagResource'],
    access: 'write',
    resource: 'arn:aws:logs:*:*:log-group:*',
    resourcesOf: logGroup,
  },
  // Any trail log group below the retention the config asks for.
  { operation: 'logs:PutRetentionPolicy', actions: ['logs:PutRetentionPolicy'], access: 'write', resourcesOf: logGroup },
  // On the log group the user's trail delivers to.
  {
    operation: 'logs:PutMetricFilter',
    actions: ['logs:PutMetricFilter'],
    access: 'write',
    usedWhen: fixWith((options) => options.via === 'metric-filter'),
    resourcesOf: logGroup,
  },
  // CreateKey names no resource; the tag it must carry is its scope.
  {
    operation: 'kms:CreateKey',
    actions: ['kms:CreateKey', 'kms:TagResource'],
    access: 'write',
    usedWhen: fixWith((options) => options.kmsKey !== undefined && 'create' in options.kmsKey),
    resourcesOf: () => ['*'],
    condition: { StringEquals: { [`aws:RequestTag/${MANAGED_TAG.key}`]: MANAGED_TAG.value }, ...MANAGED_TAG_ONLY },
  },
  {
    operation: 'kms:EnableKeyRotation',
    actions: ['kms:EnableKeyRotation'],
    access: 'write',
    usedWhen: fixWith((options) => options.kmsKey !== undefined && 'create' in options.kmsKey),
    resource: 'arn:aws:kms:*:*:key/*',
    resourcesOf: (call) => [anyKeyIn(call)],
    condition: { StringEquals: { [`aws:ResourceTag/${MANAGED_TAG.key}`]: MANAGED_TAG.value } },
  },
  {
    operation: 'kms:CreateAlias',
    actions: ['kms:CreateAlias'],
    access: 'write',
    usedWhen: fixWith((options) => options.kmsKey !== undefined && 'create' in options.kmsKey),
    resource: [`arn:aws:kms:*:*:${trailKeyAlias('*')}`, 'arn:aws:kms:*:*:key/*'],
    resourcesOf: (call) => [inRegion(call, 'kms', text(call, 'AliasName')), anyKeyIn(call)],
  },
  {
    operation: 'sns:CreateTopic',
    actions: ['sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:TagResource'],
    access: 'write',
    usedWhen: fixWith((options) => options.snsTopicArn === undefined),
    resource: ALERT_TOPICS,
    resourcesOf: (call) => [inRegion(call, 'sns', text(call, 'Name'))],
  },
  {
    operation: 'sns:Subscribe',
    actions: ['sns:Subscribe'],
    access: 'write',
    usedWhen: fixWith((options) => options.notify !== undefined),
    resource: (invocation) => [invocation.fix?.snsTopicArn ?? ALERT_TOPICS],
    resourcesOf: (call) => [text(call, 'TopicArn')],
  },
  {
    operation: 'cloudwatch:PutMetricAlarm',
    actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:TagResource'],
    access: 'write',
    usedWhen: fixWith((options) => options.via === 'metric-filter'),
    resource: `arn:aws:cloudwatch:*:*:alarm:${monitorName('*')}`,
    resourcesOf: (call) => [inRegion(call, 'cloudwatch', `alarm:${text(call, 'AlarmName')}`)],
  },
  {
    operation: 'events:PutRule',
    actions: ['events:PutRule', 'events:TagResource'],
    access: 'write',
    usedWhen: fixWith((options) => options.via === 'eventbridge'),
    resource: `arn:aws:events:*:*:rule/${monitorName('*')}`,
    resourcesOf: (call) => [inRegion(call, 'events', `rule/${text(call, 'Name')}`)],
  },
  {
    operation: 'events:PutTargets',
    actions: ['events:PutTargets'],
    access: 'write',
    usedWhen: fixWith((options) => options.via === 'eventbridge'),
    resource: `arn:aws:events:*:*:rule/${monitorName('*')}`,
    resourcesOf: (call) => [inRegion(call, 'events', `rule/${text(call, 'Rule')}`)],
  },
  // Merges a publish statement into an existing topic policy (or re-encrypts the topic), a service grant into a topic key's
  // policy: the user's own topics and keys, which only the scan names, so only a plan can scope them.
  {
    operation: 'sns:SetTopicAttributes',
    actions: ['sns:SetTopicAttributes'],
    access: 'write',
    resourcesOf: (call) => [text(call, 'TopicArn')],
    planOnly: 'on * it could open any topic of the account to its holder (a Subscribe grant in the topic policy)',
  },
  {
    operation: 'kms:PutKeyPolicy',
    actions: ['kms:PutKeyPolicy'],
    access: 'write',
    resourcesOf: (call) => [text(call, 'KeyId')],
    planOnly: 'on * it could give its holder every key of the account (kms:Decrypt in any key policy)',
  },
  // `test-alert` sets a relied-on alarm to ALARM once; the fix policy covers it.
  { operation: 'cloudwatch:SetAlarmState', actions: ['cloudwatch:SetAlarmState'], access: 'write', resource: 'arn:aws:cloudwatch:*:*:alarm:*' },
];
