import type { AccountSnapshot, MetricAlarm } from '../../../snapshot/types.js';
import { accountResource, errorFinding } from '../../lib/findings.js';
import { unlistedRegionFindings } from '../../lib/trail-inventory.js';
import { memoized, memoKey } from '../../memo.js';
import type { EvaluationContext, Finding, ResourceRef } from '../../types.js';
import { monitoringContext, type MonitoringContext } from './context.js';

/** The alarms the monitoring chains can rely on: those on a metric that a filter of a trail log group publishes. */
interface ReliedOnAlarms {
  alarms: MetricAlarm[];
  /** ERROR findings for regions whose trails, log groups whose filters, or regions whose alarms were not read. */
  errors: Finding[];
}

const RELIED_ON_ALARMS = memoKey<ReliedOnAlarms>('relied-on alarms');

function reliedOnAlarms(snapshot: AccountSnapshot, evaluation: EvaluationContext): ReliedOnAlarms {
  return memoized(snapshot, evaluation.memo, RELIED_ON_ALARMS, () => findReliedOnAlarms(snapshot, monitoringContext(snapshot, evaluation)));
}

function findReliedOnAlarms(snapshot: AccountSnapshot, context: MonitoringContext): ReliedOnAlarms {
  const alarms = new Map<string, MetricAlarm>();
  // A trail of a region whose trails were not listed may deliver to a log group whose alarms are not known.
  const errors: Finding[] = unlistedRegionFindings(snapshot);
  for (const logGroup of snapshot.logGroups) {
    const resource: ResourceRef = { arn: logGroup.arn, type: 'AWS::Logs::LogGroup', region: logGroup.region };
    if (!logGroup.details.ok) {
      errors.push(errorFinding(resource, logGroup.details.error, `log group ${logGroup.name}`));
      continue;
    }
    if (logGroup.details.value === null) continue;
    const { metricFilters } = logGroup.details.value;
    if (!metricFilters.ok) {
      errors.push(errorFinding(resource, metricFilters.error, `the metric filters of log group ${logGroup.name}`));
      continue;
    }
    if (metricFilters.value.length === 0) continue;
    // A log group's metrics are its account's (an organization trail's group is the owner's).
    const accountId = logGroup.arn.split(':')[4] ?? snapshot.account.id;
    const collected = context.alarmsCollected(accountId, logGroup.region);
    if (!collected?.ok) {
      errors.push(
        collected
          ? errorFinding(resource, collected.error, `the alarms of ${logGroup.region}`)
          : { status: 'ERROR', resource, reason: `the alarms of ${logGroup.region}, where log group ${logGroup.name} lives, were not collected` },
      );
      continue;
    }
    for (const filter of metricFilters.value) {
      for (const { metricNamespace, metricName } of filter.transformations) {
        for (const alarm of context.alarmsOn(accountId, logGroup.region, metricNamespace, metricName)) alarms.set(alarm.arn, alarm);
      }
    }
  }
  return { alarms: [...alarms.values()], errors };
}

/** One finding per relied-on alarm (CloudWatch.15 and .17), the read errors, or NOT_APPLICABLE when there is none. */
export function judgeReliedOnAlarms(
  snapshot: AccountSnapshot,
  evaluation: EvaluationContext,
  judge: (alarm: MetricAlarm) => Pick<Finding, 'status' | 'reason'>,
): Finding[] {
  const { alarms, errors } = reliedOnAlarms(snapshot, evaluation);
  if (alarms.length === 0 && errors.length === 0) {
    return [{ status: 'NOT_APPLICABLE', resource: accountResource(snapshot), reason: 'no alarm watches a metric of a metric filter on a trail log group' }];
  }
  const resource = (alarm: MetricAlarm): ResourceRef => ({ arn: alarm.arn, type: 'AWS::CloudWatch::Alarm', region: alarm.region });
  return [...errors, ...alarms.map((alarm) => ({ ...judge(alarm), resource: resource(alarm) }))];
}
