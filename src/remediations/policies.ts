import { trailLogGroupName } from './names.js';

/**
 * The resource and IAM policies `fix` writes, as objects: the API calls send them as JSON and the
 * Terraform export writes them with `jsonencode`. Each grants a service exactly what it needs for
 * one trail or one topic, pinned with `aws:SourceArn` / `aws:SourceAccount`.
 */

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  /** Absent in identity policies. */
  Principal?: { Service: string } | { AWS: string } | '*';
  Action: string | string[];
  /** Absent in trust policies. */
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

function document(statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

const CLOUDTRAIL = { Service: 'cloudtrail.amazonaws.com' };

/** Lets one trail write its logs under the account's own key prefix, and nothing else. */
export function trailBucketStatements(partition: string, bucket: string, accountId: string, trailArn: string): PolicyStatement[] {
  const bucketArn = `arn:${partition}:s3:::${bucket}`;
  return [
    {
      Sid: 'TrailwardenCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: CLOUDTRAIL,
      Action: 's3:GetBucketAcl',
      Resource: bucketArn,
      Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
    },
    {
      Sid: 'TrailwardenCloudTrailWrite',
      Effect: 'Allow',
      Principal: CLOUDTRAIL,
      Action: 's3:PutObject',
      Resource: `${bucketArn}/AWSLogs/${accountId}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
    },
    {
      Sid: 'TrailwardenDenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ];
}

/**
 * Adds statements to a bucket's existing policy. The bucket may already serve other trails or
 * readers: their statements are kept, and only statements with our own Sids are replaced.
 */
export function mergeStatements(existingPolicy: string | null | undefined, statements: PolicyStatement[]): PolicyDocument {
  const ours = new Set(statements.map((s) => s.Sid));
  const existing = existingPolicy ? (JSON.parse(existingPolicy) as { Statement?: PolicyStatement[] | PolicyStatement }) : {};
  const kept = [existing.Statement ?? []].flat().filter((s) => !ours.has(s.Sid));
  return document([...kept, ...statements]);
}

/** The role CloudTrail assumes to deliver one trail's events to CloudWatch Logs. */
export function trailLogRoleTrustPolicy(trailArn: string): PolicyDocument {
  return document([
    {
      Sid: 'CloudTrailAssumeRole',
      Effect: 'Allow',
      Principal: CLOUDTRAIL,
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
    },
  ]);
}

/** Only the two calls CloudTrail makes, on the streams of one log group. */
export function trailLogRolePolicy(logGroupArn: string): PolicyDocument {
  return document([
    {
      Sid: 'CloudTrailDeliverToLogGroup',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `${logGroupArn}:log-stream:*`,
    },
  ]);
}

/**
 * The permissions boundary of the delivery roles: the most any of them may do, whatever inline
 * policy it gets. It names trailwarden's log groups by pattern, so that one boundary serves the
 * role of every trail.
 */
export function trailLogRoleBoundary(partition: string): PolicyDocument {
  return document([
    {
      Sid: 'CloudTrailDeliverToTrailwardenLogGroups',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `arn:${partition}:logs:*:*:log-group:${trailLogGroupName('*')}:log-stream:*`,
    },
  ]);
}

/**
 * A key for one trail: the account keeps full control (so the key can never lock its owner out),
 * CloudTrail may encrypt only for this trail and only with its own encryption context.
 */
/**
 * How fix creates a key. Its policy leaves the key to the account's IAM policies (the
 * AccountAdministersKey statement), and the fix policy rightly lacks kms:PutKeyPolicy; KMS's lockout
 * safety check would then refuse CreateKey, since the creator could not change the policy later.
 * Skipping the check is what KMS documents the flag for ("when you intend to prevent the principal
 * that is making the request from making a subsequent PutKeyPolicy request"); the account's
 * administrators keep the key through the root statement, so it never becomes unmanageable.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-BypassPolicyLockoutSafetyCheck
 */
export const KEY_CREATION = { BypassPolicyLockoutSafetyCheck: true } as const;
/** The same for the Terraform export's aws_kms_key. */
export const TERRAFORM_KEY_CREATION = { bypass_policy_lockout_safety_check: true } as const;

export function trailKeyPolicy(partition: string, accountId: string, trailArn: string): PolicyDocument {
  return document([
    {
      Sid: 'AccountAdministersKey',
      Effect: 'Allow',
      Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
    {
      Sid: 'CloudTrailEncryptsLogs',
      Effect: 'Allow',
      Principal: CLOUDTRAIL,
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceArn': trailArn },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:*:${accountId}:trail/*` },
      },
    },
    {
      Sid: 'CloudTrailDescribesKey',
      Effect: 'Allow',
      Principal: CLOUDTRAIL,
      Action: 'kms:DescribeKey',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
    },
  ]);
}

/** Only CloudWatch alarms and EventBridge rules of this account may publish to the alert topic. */
export function alertTopicPolicy(topicArn: string, accountId: string): PolicyDocument {
  return document([topicPublishStatement('cloudwatch', topicArn, accountId), topicPublishStatement('events', topicArn, accountId)]);
}

const PUBLISHERS = {
  cloudwatch: { sid: 'CloudWatchAlarmsPublish', principal: 'cloudwatch.amazonaws.com', keySid: 'TrailwardenCloudWatchUsesTopicKey' },
  events: { sid: 'EventBridgeRulesPublish', principal: 'events.amazonaws.com', keySid: 'TrailwardenEventBridgeUsesTopicKey' },
} as const;

/**
 * The alarms (or rules) of one account may publish to one topic: the statement `fix` merges into a
 * topic policy, pinned with `aws:SourceAccount`.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
 */
export function topicPublishStatement(service: keyof typeof PUBLISHERS, topicArn: string, accountId: string): PolicyStatement {
  return {
    Sid: PUBLISHERS[service].sid,
    Effect: 'Allow',
    Principal: { Service: PUBLISHERS[service].principal },
    Action: 'sns:Publish',
    Resource: topicArn,
    Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
  };
}

/** A key for one alert topic: the account keeps full control, CloudWatch and EventBridge may use it for the topic's messages. */
export function topicKeyPolicy(partition: string, accountId: string): PolicyDocument {
  return document([
    { Sid: 'AccountAdministersKey', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' },
    topicKeyStatement('cloudwatch'),
    topicKeyStatement('events'),
  ]);
}

/**
 * The service may encrypt and decrypt messages of topics this key protects: the grant SNS
 * documents for AWS services publishing to encrypted topics. No source condition: which context
 * SNS's KMS calls carry for the service is not documented (and EventBridge documents that
 * aws:SourceArn / aws:SourceAccount are not supported there).
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
export function topicKeyStatement(service: keyof typeof PUBLISHERS): PolicyStatement {
  return {
    Sid: PUBLISHERS[service].keySid,
    Effect: 'Allow',
    Principal: { Service: PUBLISHERS[service].principal },
    Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    Resource: '*',
  };
}
