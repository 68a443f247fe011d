import { requiredTagKeysProblem } from '../config/load.js';
import type { FixOptions } from './types.js';

/** The protocols SNS Subscribe accepts. */
const PROTOCOLS = ['email', 'email-json', 'sms', 'sqs', 'lambda', 'http', 'https', 'application', 'firehose'];

/** A flag value `fix` cannot use; the message names the flag. */
export class FixOptionError extends Error {
  override name = 'FixOptionError';
}

export interface FixFlagValues {
  notify?: string | undefined;
  'sns-topic-arn'?: string | undefined;
  via: 'metric-filter' | 'eventbridge';
  'kms-key'?: string | undefined;
  'access-log-bucket'?: string | undefined;
  'trail-bucket'?: string | undefined;
  'cloudwatch-logs-role-arn'?: string | undefined;
  'trail-tag'?: string[] | undefined;
}

export function parseFixOptions(flags: FixFlagValues): FixOptions {
  const options: FixOptions = { via: flags.via };
  if (flags.notify !== undefined) {
    const separator = flags.notify.indexOf(':');
    const protocol = flags.notify.slice(0, separator);
    const endpoint = flags.notify.slice(separator + 1);
    if (separator <= 0 || endpoint === '' || !PROTOCOLS.includes(protocol)) {
      throw new FixOptionError(
        `--notify ${flags.notify}: expected PROTOCOL:ENDPOINT with PROTOCOL one of ${PROTOCOLS.join(', ')} (e.g. email:secops@example.com)`,
      );
    }
    options.notify = { protocol, endpoint };
  }
  const topic = flags['sns-topic-arn'];
  if (topic !== undefined) {
    if (!/^arn:[^:]+:sns:[a-z0-9-]+:\d{12}:[\w-]+$/.test(topic)) throw new FixOptionError(`--sns-topic-arn ${topic}: not an SNS topic ARN`);
    options.snsTopicArn = topic;
  }
  const key = flags['kms-key'];
  if (key !== undefined) {
    if (key === 'create') options.kmsKey = { create: true };
    else if (/^arn:[^:]+:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/.test(key)) options.kmsKey = { arn: key };
    else throw new FixOptionError(`--kms-key ${key}: give a KMS key ARN, or "create"`);
  }
  const role = flags['cloudwatch-logs-role-arn'];
  if (role !== undefined) {
    if (!/^arn:[^:]+:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(role)) throw new FixOptionError(`--cloudwatch-logs-role-arn ${role}: not an IAM role ARN`);
    options.cloudWatchLogsRoleArn = role;
  }
  const tags = flags['trail-tag'];
  if (tags !== undefined) options.trailTags = parseTrailTags(tags);
  for (const [flag, field] of [
    ['access-log-bucket', 'accessLogBucket'],
    ['trail-bucket', 'trailBucket'],
  ] as const) {
    const name = flags[flag];
    if (name === undefined) continue;
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) throw new FixOptionError(`--${flag} ${name}: not a valid S3 bucket name (give the name, not an ARN)`);
    options[field] = name;
  }
  return options;
}

/**
 * `--trail-tag KEY=VALUE`, repeatable: a key as CloudTrail.9's requiredTagKeys takes it, a value
 * of at most 256 characters (it may be empty; the first `=` separates them)
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Tag.html).
 */
function parseTrailTags(given: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of given) {
    const separator = pair.indexOf('=');
    if (separator <= 0) throw new FixOptionError(`--trail-tag ${pair}: expected KEY=VALUE (e.g. owner=security)`);
    const key = pair.slice(0, separator);
    const value = pair.slice(separator + 1);
    const problem = requiredTagKeysProblem([key]);
    if (problem) throw new FixOptionError(`--trail-tag ${pair}: ${problem}`);
    if (value.length > 256) throw new FixOptionError(`--trail-tag ${pair}: a tag value has at most 256 characters`);
    if (key in tags) throw new FixOptionError(`--trail-tag ${pair}: tag key ${key} is given twice`);
    tags[key] = value;
  }
  return tags;
}
