/**
 * Every AWS operation trailwarden calls, and the IAM actions each needs: the single list that
 * `trailwarden iam-policy` turns into least-privilege policies. A test reads every SDK command the
 * collector and the remediations use and fails when one is missing here.
 */

/** `scan` reads the account; `fix` scans and then writes. */
export type PolicyCommand = 'scan' | 'fix';

export interface Operation {
  /** SDK client and operation: `cloudtrail:DescribeTrails`, `s3control:GetPublicAccessBlock`. */
  operation: string;
  /** The IAM actions it needs; most are `service:Operation`, some are named differently. */
  actions: string[];
  /** `read` operations are part of every command (fix scans first); `write` only of fix. */
  access: 'read' | 'write';
  /** Resources the actions may be limited to; `*` when the resource is not known in advance. */
  resource?: string;
  /** A permission checked during another operation rather than an API call of its own. */
  impliedBy?: string;
}

/** IAM roles fix creates (and passes to CloudTrail) all start with this name. */
export const FIX_ROLE_RESOURCE = 'arn:aws:iam::*:role/trailwarden-*';

/** scan reads the policies of roles (any role a rule target names) and of managed policies (AWS managed ones included). */
const READ_ROLE_RESOURCE = 'arn:aws:iam::*:role/*';
const READ_POLICY_RESOURCE = 'arn:aws:iam::*:policy/*';

export const OPERATIONS: readonly Operation[] = [
  // Who am I, and which Regions: GetCallerIdentity needs no permission at all.
  { operation: 'sts:GetCallerIdentity', actions: [], access: 'read' },
  // `--role-arn` and `scan --org --role-name` assume the role to scan with; limit it to that role in practice.
  { operation: 'sts:AssumeRole', actions: ['sts:AssumeRole'], access: 'read' },
  // `scan --org` lists the organization's accounts from the management (or delegated admin) account.
  { operation: 'organizations:ListAccounts', actions: ['organizations:ListAccounts'], access: 'read' },
  { operation: 'ec2:DescribeRegions', actions: ['ec2:DescribeRegions'], access: 'read' },
  { operation: 'cloudtrail:DescribeTrails', actions: ['cloudtrail:DescribeTrails'], access: 'read' },
  { operation: 'cloudtrail:GetTrailStatus', actions: ['cloudtrail:GetTrailStatus'], access: 'read' },
  { operation: 'cloudtrail:GetEventSelectors', actions: ['cloudtrail:GetEventSelectors'], access: 'read' },
  { operation: 'cloudtrail:GetInsightSelectors', actions: ['cloudtrail:GetInsightSelectors'], access: 'read' },
  { operation: 'logs:DescribeLogGroups', actions: ['logs:DescribeLogGroups'], access: 'read' },
  { operation: 'logs:DescribeMetricFilters', actions: ['logs:DescribeMetricFilters'], access: 'read' },
  { operation: 'cloudwatch:DescribeAlarms', actions: ['cloudwatch:DescribeAlarms'], access: 'read' },
  // The last 24 hours of delivery metrics of the relied-on rules and topics.
  { operation: 'cloudwatch:GetMetricData', actions: ['cloudwatch:GetMetricData'], access: 'read' },
  { operation: 'events:ListRules', actions: ['events:ListRules'], access: 'read' },
  { operation: 'events:ListTargetsByRule', actions: ['events:ListTargetsByRule'], access: 'read' },
  // `test-alert` asks EventBridge about the patterns of rules it cannot fire.
  { operation: 'events:TestEventPattern', actions: ['events:TestEventPattern'], access: 'read' },
  { operation: 'sns:ListSubscriptionsByTopic', actions: ['sns:ListSubscriptionsByTopic'], access: 'read' },
  // Who may publish to the topics relied-on alarms and rules notify, and with which key.
  { operation: 'sns:GetTopicAttributes', actions: ['sns:GetTopicAttributes'], access: 'read' },
  { operation: 'kms:DescribeKey', actions: ['kms:DescribeKey'], access: 'read' },
  { operation: 'kms:GetKeyPolicy', actions: ['kms:GetKeyPolicy'], access: 'read' },
  // The role an EventBridge target of such a topic names, and the managed policies attached to it.
  { operation: 'iam:ListRolePolicies', actions: ['iam:ListRolePolicies'], access: 'read', resource: READ_ROLE_RESOURCE },
  { operation: 'iam:GetRolePolicy', actions: ['iam:GetRolePolicy'], access: 'read', resource: READ_ROLE_RESOURCE },
  { operation: 'iam:ListAttachedRolePolicies', actions: ['iam:ListAttachedRolePolicies'], access: 'read', resource: READ_ROLE_RESOURCE },
  { operation: 'iam:GetPolicy', actions: ['iam:GetPolicy'], access: 'read', resource: READ_POLICY_RESOURCE },
  { operation: 'iam:GetPolicyVersion', actions: ['iam:GetPolicyVersion'], access: 'read', resource: READ_POLICY_RESOURCE },
  { operation: 's3:GetBucketLocation', actions: ['s3:GetBucketLocation'], access: 'read' },
  { operation: 's3:GetBucketPolicy', actions: ['s3:GetBucketPolicy'], access: 'read' },
  { operation: 's3:GetBucketAcl', actions: ['s3:GetBucketAcl'], access: 'read' },
  { operation: 's3:GetBucketLogging', actions: ['s3:GetBucketLogging'], access: 'read' },
  { operation: 's3:GetBucketVersioning', actions: ['s3:GetBucketVersioning'], access: 'read' },
  { operation: 's3:GetPublicAccessBlock', actions: ['s3:GetBucketPublicAccessBlock'], access: 'read' },
  { operation: 's3:GetBucketLifecycleConfiguration', actions: ['s3:GetLifecycleConfiguration'], access: 'read' },
  { operation: 's3control:GetPublicAccessBlock', actions: ['s3:GetAccountPublicAccessBlock'], access: 'read' },

  { operation: 's3:CreateBucket', actions: ['s3:CreateBucket'], access: 'write' },
  { operation: 's3:PutBucketTagging', actions: ['s3:PutBucketTagging'], access: 'write' },
  { operation: 's3:PutBucketPolicy', actions: ['s3:PutBucketPolicy'], access: 'write' },
  { operation: 's3:PutPublicAccessBlock', actions: ['s3:PutBucketPublicAccessBlock'], access: 'write' },
  { operation: 's3:PutBucketLogging', actions: ['s3:PutBucketLogging'], access: 'write' },
  { operation: 's3:PutBucketLifecycleConfiguration', actions: ['s3:PutLifecycleConfiguration'], access: 'write' },
  { operation: 'cloudtrail:CreateTrail', actions: ['cloudtrail:CreateTrail', 'cloudtrail:AddTags'], access: 'write' },
  { operation: 'cloudtrail:PutEventSelectors', actions: ['cloudtrail:PutEventSelectors'], access: 'write' },
  { operation: 'cloudtrail:StartLogging', actions: ['cloudtrail:StartLogging'], access: 'write' },
  { operation: 'cloudtrail:UpdateTrail', actions: ['cloudtrail:UpdateTrail'], access: 'write' },
  // UpdateTrail hands CloudTrail the delivery role trailwarden created.
  { operation: 'iam:PassRole', actions: ['iam:PassRole'], access: 'write', resource: FIX_ROLE_RESOURCE, impliedBy: 'cloudtrail:UpdateTrail' },
  { operation: 'iam:CreateRole', actions: ['iam:CreateRole', 'iam:TagRole'], access: 'write', resource: FIX_ROLE_RESOURCE },
  { operation: 'iam:PutRolePolicy', actions: ['iam:PutRolePolicy'], access: 'write', resource: FIX_ROLE_RESOURCE },
  { operation: 'logs:CreateLogGroup', actions: ['logs:CreateLogGroup', 'logs:TagResource'], access: 'write' },
  { operation: 'logs:PutRetentionPolicy', actions: ['logs:PutRetentionPolicy'], access: 'write' },
  { operation: 'logs:PutMetricFilter', actions: ['logs:PutMetricFilter'], access: 'write' },
  { operation: 'kms:CreateKey', actions: ['kms:CreateKey', 'kms:TagResource'], access: 'write' },
  { operation: 'kms:EnableKeyRotation', actions: ['kms:EnableKeyRotation'], access: 'write' },
  { operation: 'kms:CreateAlias', actions: ['kms:CreateAlias'], access: 'write' },
  { operation: 'sns:CreateTopic', actions: ['sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:TagResource'], access: 'write' },
  { operation: 'sns:Subscribe', actions: ['sns:Subscribe'], access: 'write' },
  // Merges a publish statement into an existing topic policy, a service grant into a topic key's policy.
  { operation: 'sns:SetTopicAttributes', actions: ['sns:SetTopicAttributes'], access: 'write' },
  { operation: 'kms:PutKeyPolicy', actions: ['kms:PutKeyPolicy'], access: 'write' },
  { operation: 'cloudwatch:PutMetricAlarm', actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:TagResource'], access: 'write' },
  // `test-alert` sets a relied-on alarm to ALARM once; the fix policy covers it.
  { operation: 'cloudwatch:SetAlarmState', actions: ['cloudwatch:SetAlarmState'], access: 'write' },
  { operation: 'events:PutRule', actions: ['events:PutRule', 'events:TagResource'], access: 'write' },
  { operation: 'events:PutTargets', actions: ['events:PutTargets'], access: 'write' },
];
