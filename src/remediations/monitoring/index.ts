import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutRuleCommand, PutTargetsCommand, type RuleState } from '@aws-sdk/client-eventbridge';
import { firesOnEvents } from '../../checks/monitoring/chain/alarm-firing.js';
import { MonitoringContext } from '../../checks/monitoring/chain/context.js';
import { matchesEvery } from '../../checks/monitoring/chain/filter-coverage.js';
import { isSnsTopicArn } from '../../checks/monitoring/chain/notification.js';
import { ChainSearch } from '../../checks/monitoring/chain/progress.js';
import { deliveringTrails } from '../../checks/monitoring/chain/trail-link.js';
import type { CisVersion } from '../../checks/benchmark.js';
import { CIS_METRIC_NAMESPACE, type MonitoringControl, type MonitoringSpec } from '../../checks/monitoring/spec.js';
import { controlsFor } from '../../checks/registry.js';
import type { Control } from '../../checks/types.js';
import type { AccountSnapshot, LogGroup, MetricAlarm, MetricFilter, MetricTransformation } from '../../snapshot/types.js';
import { call } from '../calls.js';
import { MANAGED_TAG, monitorName } from '../names.js';
import { JsonEncode, block } from '../terraform/hcl.js';
import { MANAGED_TAGS, address, dependsOn, jsonValue, tfLabel } from '../terraform/resources.js';
import type { Action, Remediation } from '../types.js';
import { Alerting, alertTopicAddress } from './alerting.js';
import { eventPatternFor } from './event-pattern.js';

/**
 * CloudWatch.1-14, TW.1 and the user's monitors: for each failing control, only the broken links
 * of its chain are repaired. A metric filter that already matches every required event is reused
 * (whatever its name), an alarm that already fires on it is reused, and only what is missing after
 * that is created: the filter, the alarm, the topic, the subscription. With `--via eventbridge`,
 * rules take the place of filter and alarm, one per Region the events arrive in.
 */
export const monitoringRemediation: Remediation = {
  name: 'monitoring',
  needs: ['--notify', '--sns-topic-arn', '--via'],
  plan(draft, context) {
    const controls = new Map(monitoringControls(controlsFor(context.config)).map((control) => [control.id, control]));
    const failing = [...new Set(context.failing.map((result) => result.controlId))].flatMap((id) => controls.get(id) ?? []);
    const alerting = new Alerting(draft, context.options);
    const monitoring = new MonitoringContext(draft);
    const actions: Action[] = [];
    const skipped: string[] = [];
    for (const control of failing) {
      const monitor = monitorOf(control, context.cisVersion);
      const planned =
        context.options.via === 'eventbridge' ? eventBridgeActions(draft, monitor, alerting) : metricFilterActions(draft, monitoring, monitor, alerting);
      if ('problem' in planned) skipped.push(`${control.id}: ${planned.problem}`);
      else actions.push(...planned.actions);
    }
    // Topics and subscriptions go first: alarms and rules name them.
    return { actions: [...alerting.actions, ...actions], skipped: [...skipped, ...alerting.notes] };
  },
};

function monitoringControls(controls: readonly Control[]): MonitoringControl[] {
  return controls.filter((control): control is MonitoringControl => 'spec' in control);
}

type Planned = { actions: Action[] } | { problem: string };

/** A failing control with the requirements it is repaired to, and the name of what is created for them. */
interface Monitor {
  control: MonitoringControl;
  spec: MonitoringSpec;
  /** Filter, alarm and rule name. */
  name: string;
  /** How summaries and descriptions name the requirement: `CloudWatch.10`, `CloudWatch.10 (CIS 5.0.0)`. */
  label: string;
}

function monitorOf(control: MonitoringControl, cisVersion: CisVersion | undefined): Monitor {
  const spec = control.specFor(cisVersion);
  return { control, spec, name: monitorName(control.id, spec.since), label: spec.since ? `${control.id} (CIS ${spec.since})` : control.id };
}

/** The log group of a multi-Region trail of this account that records the control's events. */
function monitoredLogGroup(draft: AccountSnapshot, spec: MonitoringSpec): LogGroup | undefined {
  const own = draft.trails.filter((trail) => trail.ownerAccountId === draft.account.id);
  for (const delivery of deliveringTrails(own, spec.positives, new ChainSearch())) {
    const group = draft.logGroups.find((g) => g.region === delivery.region && g.name === delivery.logGroupName);
    if (group?.details.ok && group.details.value?.metricFilters.ok) return group;
  }
  return undefined;
}

function metricFilterActions(draft: AccountSnapshot, monitoring: MonitoringContext, monitor: Monitor, alerting: Alerting): Planned {
  const { control, spec } = monitor;
  const group = monitoredLogGroup(draft, spec);
  if (!group)
    return {
      problem:
        'no logging multi-Region trail of this account that records its events delivers to a log group; repair CloudTrail.1 and CloudTrail.5 first (fix does when they are among --controls)',
    };
  const filters = group.details.ok && group.details.value?.metricFilters.ok ? group.details.value.metricFilters.value : [];
  // Metrics of filters that match every required event; a dimensioned metric needs a dimensioned alarm, which fix does not write.
  const metrics = filters
    .filter((filter) => matchesEvery(monitoring.filterPatterns, filter.pattern, spec.positives))
    .flatMap((filter) =>
      filter.transformations.filter((t) => Object.keys(t.dimensions ?? {}).length === 0).map((metric) => ({ filterName: filter.name, metric })),
    );

  // An alarm that already fires on one of them leaves only the subscription to check.
  for (const { metric } of metrics) {
    const notifying = firingAlarms(monitoring, group.region, metric, spec).flatMap((alarm) =>
      alarm.alarmActions.filter((arn) => isSnsTopicArn(arn, group.region)).map((topic) => ({ alarm, topic })),
    )[0];
    if (notifying) {
      alerting.subscribe(notifying.topic, group.region, [], control.id);
      alerting.allowPublish(notifying.topic, { service: 'cloudwatch', sourceArn: notifying.alarm.arn }, control.id);
      return { actions: [] };
    }
  }

  const actions: Action[] = [];
  let watched = metrics[0];
  if (!watched) {
    const created = createFilter(monitoring, monitor, group);
    if ('problem' in created) return created;
    actions.push(created.action);
    watched = { filterName: monitor.name, metric: created.metric };
  }
  const topic = alerting.topicIn(group.region, control.id);
  if (!topic) return { problem: 'no SNS topic for its alarm (see the note on --sns-topic-arn)' };
  alerting.subscribe(topic.arn, group.region, topic.dependsOn, control.id);
  const alarm = createAlarm(draft, monitor, group, watched.filterName, watched.metric, topic.arn, [...topic.dependsOn, ...actions.map((a) => a.id)]);
  if ('problem' in alarm) return alarm;
  alerting.allowPublish(topic.arn, { service: 'cloudwatch', sourceArn: alarm.arn }, control.id);
  return { actions: [...actions, alarm.action] };
}

function firingAlarms(monitoring: MonitoringContext, region: string, transformation: MetricTransformation, spec: MonitoringSpec): MetricAlarm[] {
  return monitoring
    .alarmsOn(monitoring.snapshot.account.id, region, transformation.metricNamespace, transformation.metricName)
    .filter(
      (alarm) => !alarm.usesMetricMath && alarm.dimensions.length === 0 && alarm.actionsEnabled && firesOnEvents(alarm, transformation, spec.firing).fires,
    );
}

function createFilter(
  monitoring: MonitoringContext,
  monitor: Monitor,
  group: LogGroup,
): { action: Action; metric: MetricTransformation } | { problem: string } {
  const { control, spec, name } = monitor;
  // Never create a filter that trailwarden's own check would reject: the next run would plan it again.
  if (!matchesEvery(monitoring.filterPatterns, spec.filterPattern, spec.positives)) {
    return { problem: `its canonical filter pattern does not certainly match every required event, so trailwarden does not create it: ${spec.filterPattern}` };
  }
  const metric: MetricTransformation = { metricName: spec.metricName, metricNamespace: CIS_METRIC_NAMESPACE, metricValue: '1' };
  const filter: MetricFilter = { name, pattern: spec.filterPattern, transformations: [metric] };
  return {
    metric,
    action: {
      id: `metric-filter:${group.arn}:${name}`,
      controls: [control.id],
      summary: `Create metric filter ${name} on log group ${group.name}: the ${monitor.label} pattern counts ${CIS_METRIC_NAMESPACE}/${spec.metricName}`,
      change: {
        kind: 'create',
        resourceType: 'AWS::Logs::MetricFilter',
        name,
        region: group.region,
        properties: { logGroupName: group.name, filterPattern: spec.filterPattern, metric: `${CIS_METRIC_NAMESPACE}/${spec.metricName}`, metricValue: '1' },
      },
      dependsOn: [],
      calls: [
        call('logs', group.region, PutMetricFilterCommand, {
          logGroupName: group.name,
          filterName: name,
          filterPattern: spec.filterPattern,
          metricTransformations: [{ metricName: spec.metricName, metricNamespace: CIS_METRIC_NAMESPACE, metricValue: '1' }],
        }),
      ],
      terraform: [
        block(
          'resource',
          ['aws_cloudwatch_log_metric_filter', tfLabel(name)],
          {
            name,
            log_group_name: group.name,
            pattern: spec.filterPattern,
            depends_on: dependsOn([address('aws_cloudwatch_log_group', group.name)]),
          },
          [block('metric_transformation', [], { name: spec.metricName, namespace: CIS_METRIC_NAMESPACE, value: '1' })],
        ),
      ],
      simulate(draft) {
        const target = draft.logGroups.find((g) => g.arn === group.arn);
        if (target?.details.ok && target.details.value?.metricFilters.ok) {
          const others = target.details.value.metricFilters.value.filter((f) => f.name !== name);
          target.details.value.metricFilters = { ok: true, value: [...others, filter] };
        }
      },
    },
  };
}

/** An alarm that fires on the required number of events in one period: Sum >= events, one datapoint, quiet periods not breaching. */
function createAlarm(
  draft: AccountSnapshot,
  monitor: Monitor,
  group: LogGroup,
  filterName: string,
  metric: MetricTransformation,
  topicArn: string,
  after: string[],
): { action: Action; arn: string } | { problem: string } {
  const { control, spec, name } = monitor;
  const region = group.region;
  // CIS asks for one event in any period; five minutes is what AWS's own CIS remediation uses.
  const period = spec.firing.periodSeconds ?? 300;
  const alarm: MetricAlarm = {
    name,
    arn: `arn:${draft.account.partition}:cloudwatch:${region}:${draft.account.id}:alarm:${name}`,
    region,
    metricName: metric.metricName,
    namespace: metric.metricNamespace,
    usesMetricMath: false,
    dimensions: [],
    statistic: 'Sum',
    period,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: spec.firing.events,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    treatMissingData: 'notBreaching',
    actionsEnabled: true,
    alarmActions: [topicArn],
    okActions: [],
    insufficientDataActions: [],
  };
  const firing = firesOnEvents(alarm, metric, spec.firing);
  if (!firing.fires) return { problem: `the alarm trailwarden would create does not pass its own check: ${firing.why}` };
  return {
    arn: alarm.arn,
    action: {
      id: `alarm:${alarm.arn}`,
      controls: [control.id],
      summary: `Create alarm ${name} in ${region}: ${metric.metricNamespace}/${metric.metricName} (metric filter ${filterName}) Sum >= ${alarm.threshold} in ${period} s notifies ${topicArn}`,
      change: {
        kind: 'create',
        resourceType: 'AWS::CloudWatch::Alarm',
        name,
        region,
        properties: {
          metric: `${metric.metricNamespace}/${metric.metricName}`,
          statistic: 'Sum',
          period,
          evaluationPeriods: 1,
          threshold: alarm.threshold,
          comparisonOperator: alarm.comparisonOperator,
          treatMissingData: 'notBreaching',
          alarmActions: [topicArn],
        },
      },
      dependsOn: after,
      calls: [
        call('cloudwatch', region, PutMetricAlarmCommand, {
          AlarmName: name,
          AlarmDescription: `trailwarden ${monitor.label}: ${control.title}`,
          Namespace: metric.metricNamespace,
          MetricName: metric.metricName,
          Statistic: 'Sum',
          Period: period,
          EvaluationPeriods: 1,
          DatapointsToAlarm: 1,
          Threshold: alarm.threshold,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
          ActionsEnabled: true,
          AlarmActions: [topicArn],
          Tags: [{ Key: MANAGED_TAG.key, Value: MANAGED_TAG.value }],
        }),
      ],
      terraform: [
        block('resource', ['aws_cloudwatch_metric_alarm', tfLabel(name)], {
          alarm_name: name,
          alarm_description: `trailwarden ${monitor.label}: ${control.title}`,
          namespace: metric.metricNamespace,
          metric_name: metric.metricName,
          statistic: 'Sum',
          period,
          evaluation_periods: 1,
          datapoints_to_alarm: 1,
          threshold: alarm.threshold!,
          comparison_operator: 'GreaterThanOrEqualToThreshold',
          treat_missing_data: 'notBreaching',
          alarm_actions: [topicArn],
          tags: MANAGED_TAGS,
          depends_on: dependsOn([address('aws_cloudwatch_log_metric_filter', filterName), alertTopicAddress(region)]),
        }),
      ],
      simulate(target) {
        const data = target.regionData.find((d) => d.region === region);
        if (!data) return;
        const others = data.alarms?.ok ? data.alarms.value.filter((a) => a.name !== name) : [];
        data.alarms = { ok: true, value: [...others, alarm] };
      },
    },
  };
}

const GLOBAL_REGION = 'us-east-1';
const ALL_EVENTS_STATE: RuleState = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/** One rule per Region the control's events arrive in (us-east-1 for global-service events), each targeting that Region's topic. */
function eventBridgeActions(draft: AccountSnapshot, monitor: Monitor, alerting: Alerting): Planned {
  const { control, spec, name } = monitor;
  const everyRegion = [...new Set([...draft.regions, ...(spec.eventBridge.regions === 'every-region' ? [] : [GLOBAL_REGION])])];
  const regionsOf = (scope: 'global' | 'regional'): string[] => (scope === 'global' ? [GLOBAL_REGION] : everyRegion);
  const translated = eventPatternFor(spec, draft.account.id, (record) => regionsOf(record.scope));
  if ('problem' in translated) return { problem: `no EventBridge rule can be derived: ${translated.problem}` };
  const regions = [...new Set(spec.positives.flatMap((record) => regionsOf(record.scope)))];
  const state: RuleState = spec.eventBridge.needsReadOnlyEvents ? ALL_EVENTS_STATE : 'ENABLED';
  const patternText = JSON.stringify(translated.pattern);
  const actions: Action[] = [];
  for (const region of regions) {
    const topic = alerting.topicIn(region, control.id);
    if (!topic) continue;
    const existing = draft.regionData.find((d) => d.region === region)?.eventRules;
    const rule = existing?.ok ? existing.value.find((r) => r.name === name) : undefined;
    const ours = rule && rule.eventPattern === patternText && rule.state === state && rule.targets.ok && rule.targets.value.some((t) => t.arn === topic.arn);
    alerting.subscribe(topic.arn, region, topic.dependsOn, control.id);
    alerting.allowPublish(topic.arn, { service: 'events', sourceArn: ruleArn(draft, region, name) }, control.id);
    if (!ours) actions.push(ruleAction(draft, monitor, region, translated.pattern, state, topic.arn, topic.dependsOn));
  }
  return { actions };
}

function ruleArn(draft: AccountSnapshot, region: string, name: string): string {
  return `arn:${draft.account.partition}:events:${region}:${draft.account.id}:rule/${name}`;
}

function ruleAction(
  draft: AccountSnapshot,
  monitor: Monitor,
  region: string,
  pattern: Record<string, unknown>,
  state: RuleState,
  topicArn: string,
  after: string[],
): Action {
  const { control, name } = monitor;
  const arn = ruleArn(draft, region, name);
  const label = tfLabel(`${name}-${region}`);
  const patternText = JSON.stringify(pattern);
  return {
    id: `rule:${arn}`,
    controls: [control.id],
    summary: `Create EventBridge rule ${name} in ${region} (state ${state}) that sends the ${monitor.label} events to ${topicArn}`,
    change: { kind: 'create', resourceType: 'AWS::Events::Rule', name, region, properties: { arn, eventPattern: pattern, state, target: topicArn } },
    dependsOn: after,
    calls: [
      call('events', region, PutRuleCommand, {
        Name: name,
        Description: `trailwarden ${monitor.label}: ${control.title}`,
        EventPattern: patternText,
        State: state,
        Tags: [{ Key: MANAGED_TAG.key, Value: MANAGED_TAG.value }],
      }),
      call('events', region, PutTargetsCommand, { Rule: name, Targets: [{ Id: 'trailwarden-alerts', Arn: topicArn }] }),
    ],
    terraform: [
      block('resource', ['aws_cloudwatch_event_rule', label], {
        name,
        description: `trailwarden ${monitor.label}: ${control.title}`,
        event_pattern: new JsonEncode(jsonValue(pattern)),
        state,
        tags: MANAGED_TAGS,
      }),
      block('resource', ['aws_cloudwatch_event_target', label], {
        rule: name,
        target_id: 'trailwarden-alerts',
        arn: topicArn,
        depends_on: dependsOn([address('aws_cloudwatch_event_rule', `${name}-${region}`), alertTopicAddress(region)]),
      }),
    ],
    simulate(target) {
      const data = target.regionData.find((d) => d.region === region);
      if (!data?.eventRules.ok) return;
      const others = data.eventRules.value.filter((r) => r.name !== name);
      data.eventRules = {
        ok: true,
        value: [
          ...others,
          {
            name,
            arn,
            region,
            eventBusName: 'default',
            state,
            eventPattern: patternText,
            targets: { ok: true, value: [{ id: 'trailwarden-alerts', arn: topicArn }] },
          },
        ],
      };
    },
  };
}
