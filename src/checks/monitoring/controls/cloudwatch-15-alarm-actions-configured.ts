import type { Control } from '../../types.js';
import { judgeReliedOnAlarms } from '../chain/relied-on-alarms.js';

export const cloudWatch15: Control = {
  id: 'CloudWatch.15',
  securityHubId: 'CloudWatch.15',
  title: 'CloudWatch alarms should have specified actions configured',
  severity: 'HIGH',
  cis: {},
  family: 'monitoring',
  rationale: 'An alarm without an action changes state and tells no one. The monitoring controls are only as good as the notification at the end of the chain.',
  remediation: 'Add an alarm action (an SNS topic with a confirmed subscription) to the alarm: `aws cloudwatch put-metric-alarm` with `--alarm-actions`.',
  decides:
    'For each alarm on a metric published by a metric filter of a trail log group (the alarms CloudWatch.1-14 and TW.1 rely on): PASS when ' +
    'it has at least one alarm action, FAIL otherwise. OK and INSUFFICIENT_DATA actions are not required. ERROR for a Region whose trails, a log group whose ' +
    "filters or a Region's alarms were not read; NOT_APPLICABLE when no such alarm exists.",
  resourceType: 'AWS::CloudWatch::Alarm',
  repair: {
    notRepaired: 'the alarms fix creates have their actions configured and activated; existing alarms belong to their owners and fix does not change them',
  },
  evaluate: (snapshot, context) =>
    judgeReliedOnAlarms(snapshot, context, (alarm) =>
      alarm.alarmActions.length > 0
        ? { status: 'PASS', reason: `alarm ${alarm.name} has alarm actions: ${alarm.alarmActions.join(', ')}` }
        : { status: 'FAIL', reason: `alarm ${alarm.name} has no alarm action: it changes state and notifies no one` },
    ),
};
