import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  ListEventDataStoresCommand,
  ListTagsCommand,
  GetTrailStatusCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';

/**
 * aws-sdk-client-mock stubs for every client the collector creates, and helpers to describe an
 * account with them. `mockClient(Class)` replaces `send` on the class, so it also answers the
 * instances the collector builds itself (bypassing their middleware: no call counts here; the
 * real-client tests check those).
 */

export const ACCOUNT = '123456789012';
export const CALLER = `arn:aws:iam::${ACCOUNT}:user/auditor`;

const CLIENT_CLASSES = {
  sts: STSClient,
  ec2: EC2Client,
  cloudtrail: CloudTrailClient,
  events: EventBridgeClient,
  logs: CloudWatchLogsClient,
  cloudwatch: CloudWatchClient,
  sns: SNSClient,
  s3: S3Client,
  s3control: S3ControlClient,
  kms: KMSClient,
  iam: IAMClient,
};

export const aws = {
  sts: mockClient(STSClient),
  ec2: mockClient(EC2Client),
  cloudtrail: mockClient(CloudTrailClient),
  events: mockClient(EventBridgeClient),
  logs: mockClient(CloudWatchLogsClient),
  cloudwatch: mockClient(CloudWatchClient),
  sns: mockClient(SNSClient),
  s3: mockClient(S3Client),
  s3control: mockClient(S3ControlClient),
  kms: mockClient(KMSClient),
  iam: mockClient(IAMClient),
};

export interface RecordedCall {
  service: string;
  command: string;
  region: string;
  input: unknown;
}

/**
 * Every call sent, copied when it is sent: the SDK's paginators reuse one input object for all
 * pages, so the stubs' own records show every page with the last page's token.
 */
const sent: (Omit<RecordedCall, 'region'> & { region: Promise<string> })[] = [];

type Sender = { config: { region: () => Promise<string> } };
type Command = { constructor: { name: string }; input: unknown };

/** Wraps each stubbed `send` (again after every reset, which replaces the stubs) to record calls. */
function recordSends(): void {
  sent.length = 0;
  for (const [service, ClientClass] of Object.entries(CLIENT_CLASSES)) {
    const prototype = ClientClass.prototype as unknown as { send: (this: Sender, command: Command, ...rest: unknown[]) => unknown };
    const stubbedSend = prototype.send;
    prototype.send = function (command, ...rest) {
      sent.push({ service, command: command.constructor.name.replace(/Command$/, ''), region: this.config.region(), input: structuredClone(command.input) });
      return stubbedSend.call(this, command, ...rest);
    };
  }
}

/** Every call any stub received, in order, with the region of the client that sent it. */
export async function recordedCalls(): Promise<RecordedCall[]> {
  return Promise.all(sent.map(async (call) => ({ ...call, region: await call.region })));
}

/** An error as the SDK throws it: the service's error code as `name`, and the HTTP status. */
export function awsError(name: string, message = `${name} (test)`, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

/**
 * An account with nothing in it, in these regions (all enabled): every call the collector always
 * makes has an answer. Tests add what they need on top; a later `on()` overrides an earlier one.
 */
export function emptyAccount(regions: string[] = ['us-east-1']): void {
  for (const stub of Object.values(aws)) stub.reset();
  recordSends();
  aws.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: CALLER, UserId: 'AIDAEXAMPLE' });
  aws.ec2.on(DescribeRegionsCommand).resolves({ Regions: regions.map((RegionName) => ({ RegionName, OptInStatus: 'opt-in-not-required' })) });
  aws.cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
  aws.cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  aws.cloudtrail.on(GetEventSelectorsCommand).resolves({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
  aws.cloudtrail.on(GetInsightSelectorsCommand).rejects(awsError('InsightNotEnabledException'));
  aws.cloudtrail.on(ListTagsCommand).callsFake((input: { ResourceIdList?: string[] }) => ({
    ResourceTagList: (input.ResourceIdList ?? []).map((ResourceId) => ({ ResourceId, TagsList: [] })),
  }));
  aws.cloudtrail.on(ListEventDataStoresCommand).resolves({ EventDataStores: [] });
  aws.events.on(ListRulesCommand).resolves({ Rules: [] });
  aws.cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
  // No delivery metrics: nothing failed, or the account has none.
  aws.cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
  // A topic as CreateTopic leaves it: unencrypted (its default policy is left out here).
  aws.sns.on(GetTopicAttributesCommand).resolves({ Attributes: {} });
  aws.s3control.on(GetAccountPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 'none', 404));
}

export function trailArn(region: string, name: string, account = ACCOUNT): string {
  return `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
}

/** A trail as DescribeTrails lists it (in its home region or as a shadow elsewhere). */
export function trail(name: string, homeRegion: string, fields: Partial<Trail> = {}): Trail {
  return { Name: name, TrailARN: trailArn(homeRegion, name), HomeRegion: homeRegion, IsMultiRegionTrail: false, ...fields };
}

/**
 * A paginated answer: `pages[i]` is served for the request whose `tokenKey` is `page-i` (none for
 * the first), and carries `page-(i+1)` unless it is the last.
 */
export function paged<T extends object>(tokenKey: string, pages: T[]): (input: Record<string, unknown>) => T {
  return (input) => {
    const token = input[tokenKey];
    const index = typeof token === 'string' ? Number(token.replace('page-', '')) : 0;
    const page = pages[index];
    if (!page) throw new Error(`no page ${index} (token ${String(token)})`);
    return index + 1 < pages.length ? { ...page, [tokenKey]: `page-${index + 1}` } : page;
  };
}
