import type { MonitoringControl } from '../../../src/checks/monitoring/index.js';
import type { AccountSnapshot, MetricAlarm, MetricFilter } from '../../../src/snapshot/types.js';
import { alarm, logGroup, metricFilter, ok, snapshotWith, topic, type SnapshotParts } from '../fixtures.js';

/**
 * Monitoring additions to ../fixtures.ts: the metric filter and alarm a control's chain needs. The
 * filter carries the control's CIS pattern and publishes CISBenchmark/<metricName>; the alarm
 * watches that metric with Sum >= 1 over one period and notifies the fixtures' ALERT_TOPIC_ARN.
 */

export function filterFor(control: MonitoringControl, overrides: Partial<MetricFilter> = {}): MetricFilter {
  return metricFilter({
    name: `${control.id}-filter`,
    pattern: control.spec.filterPattern,
    transformations: [{ metricName: control.spec.metricName, metricNamespace: 'CISBenchmark', metricValue: '1' }],
    ...overrides,
  });
}

export function alarmFor(control: MonitoringControl, overrides: Partial<MetricAlarm> = {}): MetricAlarm {
  return alarm({ name: `${control.id}-alarm`, metricName: control.spec.metricName, namespace: 'CISBenchmark', ...overrides });
}

/** The fixtures' account with `control`'s whole chain in place; `parts` replace any piece. */
export function chainSnapshot(control: MonitoringControl, parts: SnapshotParts & { filters?: MetricFilter[] } = {}): AccountSnapshot {
  const { filters = [filterFor(control)], ...rest } = parts;
  return snapshotWith({
    logGroups: [logGroup({}, { metricFilters: ok(filters) })],
    alarms: [alarmFor(control)],
    topics: [topic()],
    ...rest,
  });
}
