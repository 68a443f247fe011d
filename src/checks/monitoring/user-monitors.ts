import type { MonitorEvent, UserMonitor } from '../../config/types.js';
import { sampleRecord, syntheticCall, type CorpusRecord, type RequiredEvents } from '../../corpus/index.js';
import { eventBridgeFactsOf } from './chain/eventbridge-path.js';
import { defineMonitoringControl } from './define.js';
import type { MonitoringControl } from './spec.js';

/**
 * Monitors declared in trailwarden.config.yaml, evaluated by the same chain as CloudWatch.1-14. A
 * monitor names events (eventSource + eventNames, from which records are synthesised) or gives
 * sample records; its alarm must fire at `threshold` events per `periodSeconds`.
 */
export function userMonitorControls(monitors: readonly UserMonitor[]): MonitoringControl[] {
  return monitors.map(monitorControl);
}

function monitorControl(monitor: UserMonitor): MonitoringControl {
  const positives = monitor.events.flatMap((event, index) => recordsOf(monitor.id, event, index));
  const requiredEvents = bySource(positives);
  const periods = monitor.threshold === 1 ? 'one event' : `${monitor.threshold} events within ${monitor.periodSeconds} seconds`;
  return defineMonitoringControl(
    {
      id: monitor.id,
      title: monitor.title,
      severity: monitor.severity,
      cis: {},
      rationale: 'A monitor defined in trailwarden.config.yaml.',
      decides: `Required: an alert on ${periods} of the events below.`,
    },
    {
      requiredEvents,
      positives,
      negatives: [],
      filterPattern: patternFor(requiredEvents),
      metricName: monitor.id,
      firing: { events: monitor.threshold, periodSeconds: monitor.periodSeconds },
      eventBridge: eventBridgeFactsOf(positives),
    },
  );
}

function recordsOf(monitorId: string, event: MonitorEvent, index: number): CorpusRecord[] {
  if ('record' in event) {
    return [sampleRecord(`${monitorId}#${index + 1}`, `sample ${index + 1} (${String(event.record.eventName)})`, event.record)];
  }
  return event.eventNames.map((eventName) => syntheticCall(`${monitorId}#${index + 1}:${eventName}`, event.eventSource, eventName));
}

function bySource(records: readonly CorpusRecord[]): RequiredEvents[] {
  const names = new Map<string, Set<string>>();
  for (const { eventSource, eventName } of records) names.set(eventSource, (names.get(eventSource) ?? new Set()).add(eventName));
  return [...names].map(([eventSource, eventNames]) => ({ eventSource, eventNames: [...eventNames] }));
}

/** The filter `fix` would create: the monitor's event names, each under its event source. */
function patternFor(requiredEvents: readonly RequiredEvents[]): string {
  const clauses = requiredEvents.map(({ eventSource, eventNames }) => {
    const names = eventNames.map((name) => `($.eventName = "${name}")`).join(' || ');
    return `($.eventSource = "${eventSource}") && (${names})`;
  });
  return clauses.length === 1 ? `{ ${clauses[0]} }` : `{ ${clauses.map((clause) => `(${clause})`).join(' || ')} }`;
}
