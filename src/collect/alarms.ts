import { paginateDescribeAlarms, type MetricAlarm as SdkMetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { Collected, MetricAlarm } from '../snapshot/types.js';
import type { Collection } from './collection.js';

/** DescribeAlarms answers at most 100 alarms a page (50 unless asked). */
const ALARMS_PER_PAGE = 100;

/**
 * Every metric alarm of a region (composite alarms cannot watch a metric filter's metric), so its
 * pages grow with alarms the chain does not rely on. DescribeAlarmsForMetric cannot take its place:
 * it answers only the alarms on the exact dimensions asked ("If the metric has any associated
 * dimensions, you must specify them",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarmsForMetric.html;
 * without them it answers none of the dimensioned ones, https://github.com/aws/aws-sdk-ruby/issues/1008),
 * while the chain judges every alarm on a filter's metric, whatever its dimensions (an alarm on
 * dimensions the filter does not publish is a broken link, and CloudWatch.15/17 judge it), and a
 * filter's dimension values come from the events. The listing also costs fewer calls than one
 * DescribeAlarmsForMetric per metric of the trails' filters until a Region holds more than 100
 * alarms for each such metric (bench/collect-scale.js prints both counts).
 */
export async function describeMetricAlarms(collection: Collection, region: string): Promise<Collected<MetricAlarm[]>> {
  const client = collection.client('cloudwatch', region);
  return collection.read({ operation: 'cloudwatch:DescribeAlarms', region }, async () => {
    const alarms: MetricAlarm[] = [];
    for await (const page of paginateDescribeAlarms({ client }, { AlarmTypes: ['MetricAlarm'], MaxRecords: ALARMS_PER_PAGE })) {
      alarms.push(...(page.MetricAlarms ?? []).map((alarm) => toMetricAlarm(alarm, region)));
    }
    return alarms;
  });
}

function toMetricAlarm(alarm: SdkMetricAlarm, region: string): MetricAlarm {
  return {
    name: alarm.AlarmName ?? '',
    arn: alarm.AlarmArn ?? '',
    region,
    metricName: alarm.MetricName,
    namespace: alarm.Namespace,
    usesMetricMath: (alarm.Metrics ?? []).length > 0,
    dimensions: (alarm.Dimensions ?? []).map((d) => ({ name: d.Name ?? '', value: d.Value ?? '' })),
    ...(alarm.Unit && { unit: alarm.Unit }),
    statistic: alarm.Statistic,
    extendedStatistic: alarm.ExtendedStatistic,
    period: alarm.Period,
    evaluationPeriods: alarm.EvaluationPeriods,
    datapointsToAlarm: alarm.DatapointsToAlarm,
    threshold: alarm.Threshold,
    comparisonOperator: alarm.ComparisonOperator,
    treatMissingData: alarm.TreatMissingData,
    // AWS's default when an alarm is created without the flag.
    actionsEnabled: alarm.ActionsEnabled ?? true,
    alarmActions: alarm.AlarmActions ?? [],
    okActions: alarm.OKActions ?? [],
    insufficientDataActions: alarm.InsufficientDataActions ?? [],
    stateValue: alarm.StateValue,
  };
}
