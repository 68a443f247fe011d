import { paginateDescribeLogGroups, paginateDescribeMetricFilters, type CloudWatchLogsClient, type LogGroup as SdkLogGroup, type MetricFilter as SdkMetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import type { LogGroup, MetricFilter } from '../snapshot/types.js';
import type { Collection } from './collection.js';

/** A log group a trail delivers to, as its `CloudWatchLogsLogGroupArn` names it. */
export interface LogGroupRef {
  region: string;
  accountId: string;
  name: string;
  /** Without the trailing `:*`. */
  arn: string;
}

/**
 * A trail's log group and its metric filters, read in the log group's region. A log group of
 * another account (an organization trail's) cannot be read with this account's credentials, so
 * it is recorded as a `CrossAccount` error instead of a call that would fail anyway.
 */
export async function describeLogGroup(collection: Collection, ref: LogGroupRef): Promise<LogGroup> {
  const { region, name, arn } = ref;
  const call = (operation: string) => ({ operation: `logs:${operation}`, region, resource: arn });
  const scanned = collection.identity.accountId;
  if (ref.accountId !== scanned) {
    const message = `log group of account ${ref.accountId} (organization trail); trailwarden reads account ${scanned} only: scan ${ref.accountId} to check it`;
    return { region, name, arn, details: collection.fail({ ...call('DescribeLogGroups'), code: 'CrossAccount', message }) };
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

/** DescribeLogGroups matches by prefix; the trail's group is the one whose name is exactly `name`. */
async function findLogGroup(client: CloudWatchLogsClient, name: string): Promise<SdkLogGroup | null> {
  for await (const page of paginateDescribeLogGroups({ client }, { logGroupNamePrefix: name })) {
    const match = page.logGroups?.find((group) => group.logGroupName === name);
    if (match) return match;
  }
  return null;
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
