import { paginateGetMetricData, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { Collected, DeliveryFailures } from '../snapshot/types.js';
import type { Collection } from './collection.js';

const WINDOW_HOURS = 24;
/** GetMetricData takes at most 500 queries a call; more are asked in further calls. */
const QUERIES_PER_CALL = 500;

/**
 * What CloudWatch saw of the last hops in one Region over the last 24 hours: EventBridge's
 * FailedInvocations per rule and SNS's NumberOfNotificationsFailed per topic, in one GetMetricData
 * (one daily Sum per metric). Only the relied-on rules and topics are asked about.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
 * https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html
 */
export async function readDeliveryFailures(
  collection: Collection,
  region: string,
  ruleNames: readonly string[],
  topicArns: readonly string[],
): Promise<Collected<DeliveryFailures>> {
  const client = collection.client('cloudwatch', region);
  const queries: (MetricDataQuery & { Id: string })[] = [
    ...ruleNames.map((name, index) => sumOf(`r${index}`, 'AWS/Events', 'FailedInvocations', 'RuleName', name)),
    ...topicArns.map((arn, index) => sumOf(`t${index}`, 'AWS/SNS', 'NumberOfNotificationsFailed', 'TopicName', arn.split(':')[5] ?? arn)),
  ];
  const EndTime = new Date();
  const StartTime = new Date(EndTime.getTime() - WINDOW_HOURS * 3_600_000);
  return collection.read({ operation: 'cloudwatch:GetMetricData', region }, async () => {
    const sums = new Map<string, number>();
    for (let start = 0; start < queries.length; start += QUERIES_PER_CALL) {
      const MetricDataQueries = queries.slice(start, start + QUERIES_PER_CALL);
      for await (const page of paginateGetMetricData({ client }, { MetricDataQueries, StartTime, EndTime })) {
        for (const result of page.MetricDataResults ?? []) {
          if (!result.Id || !result.Values?.length) continue;
          sums.set(result.Id, (sums.get(result.Id) ?? 0) + result.Values.reduce((sum, value) => sum + value, 0));
        }
      }
    }
    const seen = <T extends string>(keys: readonly T[], prefix: string) =>
      Object.fromEntries(keys.flatMap((key, index) => (sums.has(`${prefix}${index}`) ? [[key, sums.get(`${prefix}${index}`)!]] : [])));
    return { windowHours: WINDOW_HOURS, rules: seen(ruleNames, 'r'), topics: seen(topicArns, 't') };
  });
}

function sumOf(Id: string, Namespace: string, MetricName: string, dimension: string, value: string): MetricDataQuery & { Id: string } {
  return {
    Id,
    MetricStat: { Metric: { Namespace, MetricName, Dimensions: [{ Name: dimension, Value: value }] }, Period: WINDOW_HOURS * 3600, Stat: 'Sum' },
    ReturnData: true,
  };
}
