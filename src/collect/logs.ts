import {
  paginateDescribeLogGroups,
  paginateDescribeMetricFilters,
  type CloudWatchLogsClient,
  type LogGroup as SdkLogGroup,
  type MetricFilter as SdkMetricFilter,
} from '@aws-sdk/client-cloudwatch-logs';
import type { Collected, LogGroup, MetricFilter } from '../snapshot/types.js';
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

/** DescribeLogGroups takes at most this many names in `logGroupIdentifiers`. */
const NAMES_PER_LOOKUP = 50;

type Lookup = Promise<Collected<Map<string, SdkLogGroup>>>;

/**
 * The trails' log groups with their metric filters, read in each log group's region. The groups
 * of a region are looked up by exact name, up to 50 in one DescribeLogGroups call (a prefix search
 * would also page through every group whose name merely starts with a trail's). A log group of
 * another account (an organization trail's) cannot be read with this account's credentials, so it
 * is recorded as a `CrossAccount` error instead of a call that would fail anyway.
 */
export async function describeLogGroups(collection: Collection, refs: readonly LogGroupRef[]): Promise<LogGroup[]> {
  const own = refs.filter((ref) => ref.accountId === collection.identity.accountId);
  const lookups = new Map<LogGroupRef, Lookup>();
  for (const batch of batchesByRegion(own)) {
    const lookup = lookUp(collection, batch);
    for (const ref of batch) lookups.set(ref, lookup);
  }
  return Promise.all(refs.map((ref) => describeLogGroup(collection, ref, lookups.get(ref))));
}

async function describeLogGroup(collection: Collection, ref: LogGroupRef, lookup: Lookup | undefined): Promise<LogGroup> {
  const { region, name, arn } = ref;
  const call = (operation: string) => ({ operation: `logs:${operation}`, region, resource: arn });
  if (!lookup) {
    const scanned = collection.identity.accountId;
    const message = `log group of account ${ref.accountId} (organization trail); not read with the credentials of account ${scanned}: it is followed in account ${ref.accountId} when that account is scanned in the same run (scan --org, or its snapshot)`;
    return { region, name, arn, details: collection.fail({ ...call('DescribeLogGroups'), code: 'CrossAccount', message }) };
  }

  const found = await lookup;
  if (!found.ok) return { region, name, arn, details: found };
  const group = found.value.get(name);
  if (!group) return { region, name, arn, details: { ok: true, value: null } };

  const client = collection.client('logs', region);
  const metricFilters = await collection.read(call('DescribeMetricFilters'), async () => {
    const filters: MetricFilter[] = [];
    for await (const page of paginateDescribeMetricFilters({ client }, { logGroupName: name })) filters.push(...(page.metricFilters ?? []).map(toMetricFilter));
    return filters;
  });
  const { retentionInDays, kmsKeyId } = group;
  return { region, name, arn, details: { ok: true, value: { retentionInDays, kmsKeyId, metricFilters } } };
}

/** The refs of each region, at most NAMES_PER_LOOKUP at a time. */
function batchesByRegion(refs: readonly LogGroupRef[]): LogGroupRef[][] {
  const byRegion = new Map<string, LogGroupRef[]>();
  for (const ref of refs) byRegion.set(ref.region, [...(byRegion.get(ref.region) ?? []), ref]);
  return [...byRegion.values()].flatMap((group) =>
    Array.from({ length: Math.ceil(group.length / NAMES_PER_LOOKUP) }, (_, index) => group.slice(index * NAMES_PER_LOOKUP, (index + 1) * NAMES_PER_LOOKUP)),
  );
}

/** One DescribeLogGroups read for a batch of one region; its failure is the failure of every group in it. */
function lookUp(collection: Collection, batch: readonly LogGroupRef[]): Lookup {
  const region = batch[0]!.region;
  // A batch of one names its log group; a failed batch of several is one failed call about several.
  const resource = batch.length === 1 ? { resource: batch[0]!.arn } : {};
  const names = batch.map((ref) => ref.name);
  return collection.read({ operation: 'logs:DescribeLogGroups', region, ...resource }, () => findLogGroups(collection.client('logs', region), names));
}

/** The named groups that exist, by name. Pages are followed only until every name is found (an emulator may ignore the names and list every group). */
async function findLogGroups(client: CloudWatchLogsClient, names: string[]): Promise<Map<string, SdkLogGroup>> {
  const found = new Map<string, SdkLogGroup>();
  for await (const page of paginateDescribeLogGroups({ client }, { logGroupIdentifiers: names })) {
    for (const group of page.logGroups ?? []) if (group.logGroupName !== undefined && names.includes(group.logGroupName)) found.set(group.logGroupName, group);
    if (found.size === names.length) break;
  }
  return found;
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
