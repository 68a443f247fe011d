import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { MonitoringContext } from '../checks/monitoring/chain/context.js';
import { eventBridgePath } from '../checks/monitoring/chain/eventbridge-path.js';
import { metricPath } from '../checks/monitoring/chain/metric-path.js';
import type { MonitoringControl } from '../checks/monitoring/spec.js';
import type { PatternProbe } from '../collect/event-pattern-test.js';
import type { AccountSnapshot } from '../snapshot/types.js';
import { call } from './calls.js';
import type { FixPlan } from './plan.js';
import type { Action } from './types.js';

/**
 * `trailwarden test-alert`: a live check of the last hops. For each chosen control whose metric
 * chain holds, its alarm is set to ALARM with a reason that says it is a test, so the topic's
 * subscribers receive a real notification; CloudWatch sets the real state again at the alarm's next
 * evaluation ("SetAlarmState … the alarm state returns to its actual state"), and nothing else in
 * the account changes.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_SetAlarmState.html
 *
 * EventBridge rules cannot be fired with AWS events (events from aws.* sources cannot be put), so for
 * a control met by rules only the plan names a probe per Region instead: the covering rule's pattern
 * and a required event it matches, for EventBridge's TestEventPattern to confirm.
 */
export interface AlertTestPlan extends FixPlan {
  /** Chosen controls that have no alarm to set, with why: `test-alert --controls` refuses them. */
  withoutAlarm: { controlId: string; why: string }[];
  /** For controls met by EventBridge rules: one covering rule per Region, with a required event it matches, to ask EventBridge about. */
  probes: (PatternProbe & { controlId: string; summary: string })[];
}

export function planAlertTests(snapshot: AccountSnapshot, controls: readonly MonitoringControl[]): AlertTestPlan {
  const context = new MonitoringContext(snapshot);
  const byAlarm = new Map<string, Action>();
  const notes: string[] = [];
  const withoutAlarm: AlertTestPlan['withoutAlarm'] = [];
  const probes: AlertTestPlan['probes'] = [];
  for (const control of controls) {
    const metric = metricPath(context, control.spec);
    if (metric.kind === 'pass') {
      // An alarm notifies topics of its own Region, and its name is unique there; test-alert sets
      // alarms of the account it runs in.
      const region = metric.chain.topic.split(':')[3] ?? '';
      const regionAlarms = context.alarmsCollected(snapshot.account.id, region);
      const alarm = regionAlarms?.ok ? regionAlarms.value.find((candidate) => candidate.name === metric.chain.alarm) : undefined;
      if (alarm) {
        const planned =
          byAlarm.get(alarm.arn) ?? testAction(alarm.name, alarm.arn, alarm.region, alarm.stateValue, metric.chain.topic, metric.chain.confirmedSubscriptions);
        if (!planned.controls.includes(control.id)) planned.controls.push(control.id);
        byAlarm.set(alarm.arn, planned);
        continue;
      }
    }
    const rules = eventBridgePath(context, control.spec);
    if (rules.covered) {
      probes.push(...rules.regions.flatMap(({ region, coveredBy }) => probeFor(context, control, region, coveredBy[0])));
      notes.push(
        `${control.id}: met by EventBridge rules, which AWS events cannot be sent to on demand (a source starting with "aws." cannot be put); trailwarden checked their patterns against real-shaped records of every required event instead`,
      );
      withoutAlarm.push({ controlId: control.id, why: 'it is met by EventBridge rules only, which cannot be fired with AWS events' });
    } else {
      withoutAlarm.push({
        controlId: control.id,
        why: 'no metric-filter chain of it holds, so there is no alarm whose notification would reach anyone; `trailwarden scan` says which link breaks',
      });
    }
  }
  for (const missing of withoutAlarm) if (!notes.some((note) => note.startsWith(`${missing.controlId}:`))) notes.push(`${missing.controlId}: ${missing.why}`);
  // Sorted for a stable plan: by Region, then alarm name.
  const actions = [...byAlarm.values()].sort((a, b) => a.change.region.localeCompare(b.change.region) || a.change.name.localeCompare(b.change.name));
  return { accountId: snapshot.account.id, actions, notes, unrepaired: [], undecided: [], withoutAlarm, probes };
}

/** The rule that covers `region`, with the first required event it matches there. */
function probeFor(context: MonitoringContext, control: MonitoringControl, region: string, ruleName: string | undefined): AlertTestPlan['probes'] {
  const rules = context.snapshot.regionData.find((data) => data.region === region)?.eventRules;
  const rule = rules?.ok ? rules.value.find((candidate) => candidate.name === ruleName) : undefined;
  if (!rule?.eventPattern) return [];
  const pattern = rule.eventPattern;
  const record = control.spec.positives.find((positive) => context.eventPatterns.verdict(pattern, context.envelope(positive, region)).verdict === 'match');
  return record ? [{ controlId: control.id, region, rule: rule.name, pattern, event: context.envelope(record, region), summary: record.summary }] : [];
}

function testAction(name: string, arn: string, region: string, state: string | undefined, topic: string, confirmed: number): Action {
  const reason = "trailwarden test-alert: a test of this alarm's notifications, not a real alarm. CloudWatch sets the real state again at the next evaluation.";
  return {
    id: `test-alert:${arn}`,
    controls: [],
    summary: `Set alarm ${name} in ${region} to ALARM as a test: it notifies ${topic} (${confirmed} confirmed subscription${confirmed === 1 ? '' : 's'}); CloudWatch restores the real state at its next evaluation`,
    change: { kind: 'update', resourceType: 'AWS::CloudWatch::Alarm', name, region, before: { state: state ?? null }, after: { state: 'ALARM' } },
    dependsOn: [],
    calls: [call('cloudwatch', region, SetAlarmStateCommand, { AlarmName: name, StateValue: 'ALARM', StateReason: reason })],
    terraform: [],
    simulate() {
      // A state change is not configuration: nothing for later plans to build on.
    },
  };
}
