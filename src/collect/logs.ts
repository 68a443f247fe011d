import {
  DescribeLogGroupsCommand,
  paginateDescribeMetricFilters,
  type CloudWatchLogsClient,
  type LogGroup as SdkLogGroup,
  type MetricFilter as SdkMetricFilter,
} from '@aws-sdk/client-cloudwatch-logs';
import type { LogGroup, MetricFilter } from '../snapshot/types.js';
import { parseArn } from './arn.js';
import type { Collection } from './collection.js';

/** A log group a trail delivers to, as its `CloudWatchLogsLogGroupArn` names it. */
export interface LogGroupRef {
  region: string;
  accountId: string;
  name: string;
  /** Without the trailing `:*`. */
  arn: string;
}

/** The log group of a trail's `CloudWatchLogsLogGroupArn` (`arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME:*`). */
export function logGroupRef(trailLogGroupArn: string | undefined): LogGroupRef | undefined {
  const arn = trailLogGroupArn?.replace(/:\*$/, '') ?? '';
  const parsed = parseArn(arn);
  if (parsed?.service !== 'logs' || !parsed.resource.startsWith('log-group:')) return undefined;
  return { region: parsed.region, accountId: parsed.accountId, name: parsed.resource.slice('log-group:'.length), arn };
}

/**
 * The trails' log groups with their metric filters, read in each log group's region, each looked
 * up by its name (see `findLogGroup`). A log group of another account (an organization trail's)
 * cannot be read with this account's credentials, so it is recorded as a `CrossAccount` error
 * instead of a call that would fail anyway.
 */
export async function describeLogGroups(collection: Collection, refs: readonly LogGroupRef[]): Promise<LogGroup[]> {
  return Promise.all(refs.map((ref) => describeLogGroup(collection, ref)));
}

async function describeLogGroup(collection: Collection, ref: LogGroupRef): Promise<LogGroup> {
  const { region, name, arn } = ref;
  const call = (operation: string) => ({ operation: `logs:${operation}`, region, resource: arn });
  if (ref.accountId !== collection.identity.accountId) {
    return { region, name, arn, details: collection.crossAccount(call('DescribeLogGroups'), ref.accountId, 'log group (organization trail)') };
  }

  const client = collection.client('logs', region);
  const found = await collection.read(call('DescribeLogGroups'), () => findLogGroup(client, name));
  if (!found.ok) return { region, name, arn, details: found };
  if (!found.value) return { region, name, arn, details: { ok: true, value: null } };

  const metricFilters = await collection.read(call('DescribeMetricFilters'), async () => {
    const filters: MetricFilter[] = [];
    for await (const page of paginateDescribeMetricFilters({ client }, { logGroupName: name })) filters.push(...(page.metricFilters ?? []).map(toMetricFilter));
    return filters;
  });
  const { retentionInDays, kmsKeyId } = found.value;
  return { region, name, arn, details: { ok: true, value: { retentionInDays, kmsKeyId, metricFilters } } };
}

/** DescribeLogGroups answers at most 50 log groups a call. */
const MAX_LIMIT = 50;

/**
 * The log group of exactly this name, or `undefined`: one DescribeLogGroups call, never paged, so
 * that it costs the same however many other log groups the Region has. The results are sorted by
 * log group name, so the exact name, if it exists, comes first among the names it prefixes
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html:
 * "The results are ASCII-sorted by log group name"); the fullest page costs no more calls.
 * `logGroupNamePrefix` rather than `logGroupIdentifiers` (names, 50 a call): moto ignores the
 * identifiers and lists every group of the Region, page after page.
 */
async function findLogGroup(client: CloudWatchLogsClient, name: string): Promise<SdkLogGroup | undefined> {
  const page = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: MAX_LIMIT }));
  return page.logGroups?.find((group) => group.logGroupName === name);
}

function toMetricFilter(filter: SdkMetricFilter): MetricFilter {
  return {
    name: filter.filterName ?? '',
    pattern: filter.filterPattern ?? '',
    transformations: (filter.metricTransformations ?? []).map((t) => ({
      metricName: t.metricName ?? '',
      metricNamespace: t.metricNamespace ?? '',
      metricValue: t.metricValue ?? '',
      defaultValue: t.defaultValue,
      dimensions: t.dimensions,
      unit: t.unit,
    })),
  };
}
