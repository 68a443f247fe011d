import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailStatusCommand,
  type AdvancedEventSelector as SdkAdvancedEventSelector,
  type EventSelector as SdkEventSelector,
  type GetEventSelectorsCommandOutput,
  type GetTrailStatusCommandOutput,
  type Trail as TrailDescription,
} from '@aws-sdk/client-cloudtrail';
import type { AdvancedEventSelector, BasicEventSelector, Collected, Trail, TrailSelectors, TrailStatus } from '../snapshot/types.js';
import { parseArn } from './arn.js';
import type { Collection } from './collection.js';
import { nullWhen } from '../aws/errors.js';

export type { TrailDescription };

/** DescribeTrails in one region, shadow trails included: every trail that logs this region. */
export async function describeTrails(collection: Collection, region: string): Promise<Collected<TrailDescription[]>> {
  return collection.read({ operation: 'cloudtrail:DescribeTrails', region }, async () => {
    const answer = await collection.client('cloudtrail', region).send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    return answer.trailList ?? [];
  });
}

/** A trail as DescribeTrails lists it: everything but its status and selectors, which `describeTrail` reads. */
export type TrailSettings = Omit<Trail, 'status' | 'selectors' | 'insightSelectors'>;

export function trailSettings(collection: Collection, description: TrailDescription & { TrailARN: string }): TrailSettings {
  const arn = description.TrailARN;
  const parsed = parseArn(arn);
  return {
    arn,
    name: description.Name ?? arn.replace(/^.*:trail\//, ''),
    homeRegion: description.HomeRegion ?? parsed?.region ?? collection.homeRegion,
    ownerAccountId: parsed?.accountId ?? collection.identity.accountId,
    isMultiRegionTrail: description.IsMultiRegionTrail ?? false,
    isOrganizationTrail: description.IsOrganizationTrail ?? false,
    includeGlobalServiceEvents: description.IncludeGlobalServiceEvents ?? false,
    logFileValidationEnabled: description.LogFileValidationEnabled ?? false,
    s3BucketName: description.S3BucketName,
    s3KeyPrefix: description.S3KeyPrefix,
    snsTopicArn: description.SnsTopicARN,
    kmsKeyId: description.KmsKeyId,
    cloudWatchLogsLogGroupArn: description.CloudWatchLogsLogGroupArn,
    cloudWatchLogsRoleArn: description.CloudWatchLogsRoleArn,
  };
}

/**
 * A trail's status and selectors, read in its home region: moto answers GetEventSelectors
 * nowhere else, and AWS needs the ARN (not the name) anywhere but there. Organization trails seen
 * from a member account may refuse these calls; the refusals are recorded like any other.
 */
export async function describeTrail(collection: Collection, settings: TrailSettings): Promise<Trail> {
  const { arn, homeRegion } = settings;
  const client = collection.client('cloudtrail', homeRegion);
  const call = (operation: string) => ({ operation: `cloudtrail:${operation}`, region: homeRegion, resource: arn });

  const [status, selectors, insightSelectors] = await Promise.all([
    collection.read(call('GetTrailStatus'), async () => toStatus(await client.send(new GetTrailStatusCommand({ Name: arn })))),
    collection.read(call('GetEventSelectors'), async () => toSelectors(await client.send(new GetEventSelectorsCommand({ TrailName: arn })))),
    collection.read(call('GetInsightSelectors'), async () => {
      // AWS says InsightNotEnabledException for a trail without insights; that is an answer, not a failure.
      const answer = await nullWhen(['InsightNotEnabledException'], () => client.send(new GetInsightSelectorsCommand({ TrailName: arn })));
      return (answer?.InsightSelectors ?? []).flatMap((selector) => (selector.InsightType ? [selector.InsightType] : []));
    }),
  ]);
  return { ...settings, status, selectors, insightSelectors };
}

function toStatus(answer: GetTrailStatusCommandOutput): TrailStatus {
  return {
    isLogging: answer.IsLogging ?? false,
    latestDeliveryTime: isoTime(answer.LatestDeliveryTime),
    latestDeliveryError: nonEmpty(answer.LatestDeliveryError),
    latestCloudWatchLogsDeliveryTime: isoTime(answer.LatestCloudWatchLogsDeliveryTime),
    latestCloudWatchLogsDeliveryError: nonEmpty(answer.LatestCloudWatchLogsDeliveryError),
    latestDigestDeliveryTime: isoTime(answer.LatestDigestDeliveryTime),
    latestDigestDeliveryError: nonEmpty(answer.LatestDigestDeliveryError),
    startLoggingTime: isoTime(answer.StartLoggingTime),
    stopLoggingTime: isoTime(answer.StopLoggingTime),
  };
}

/** `unknown` on purpose: moto answers `""` for "never", which reaches us as a string despite the SDK's `Date` type. */
function isoTime(value: unknown): string | undefined {
  if (!(value instanceof Date) && typeof value !== 'string' && typeof value !== 'number') return undefined;
  if (value === '') return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

function nonEmpty(text: string | undefined): string | undefined {
  return text ? text : undefined;
}

/** A trail has basic or advanced selectors; once advanced ones are set, AWS answers `EventSelectors: []`. */
function toSelectors(answer: GetEventSelectorsCommandOutput): TrailSelectors {
  const advanced = answer.AdvancedEventSelectors ?? [];
  if (advanced.length > 0) return { advanced: advanced.map(toAdvancedSelector) };
  return { basic: (answer.EventSelectors ?? []).map(toBasicSelector) };
}

/** Absent fields take the values AWS documents as defaults. */
function toBasicSelector(selector: SdkEventSelector): BasicEventSelector {
  return {
    readWriteType: selector.ReadWriteType ?? 'All',
    includeManagementEvents: selector.IncludeManagementEvents ?? true,
    excludeManagementEventSources: selector.ExcludeManagementEventSources ?? [],
    dataResources: (selector.DataResources ?? []).map((resource) => ({ type: resource.Type ?? '', values: resource.Values ?? [] })),
  };
}

function toAdvancedSelector(selector: SdkAdvancedEventSelector): AdvancedEventSelector {
  return {
    name: selector.Name,
    fieldSelectors: (selector.FieldSelectors ?? []).map((field) => ({
      field: field.Field ?? '',
      equals: field.Equals,
      startsWith: field.StartsWith,
      endsWith: field.EndsWith,
      notEquals: field.NotEquals,
      notStartsWith: field.NotStartsWith,
      notEndsWith: field.NotEndsWith,
    })),
  };
}
