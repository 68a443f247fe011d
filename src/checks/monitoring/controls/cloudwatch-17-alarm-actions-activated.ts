import type { Control } from '../../types.js';
import { judgeReliedOnAlarms } from '../chain/relied-on-alarms.js';

export const cloudWatch17: Control = {
  id: 'CloudWatch.17',
  securityHubId: 'CloudWatch.17',
  title: 'CloudWatch alarm actions should be activated',
  severity: 'HIGH',
  cis: {},
  family: 'monitoring',
  rationale: 'With its actions deactivated an alarm still changes state but runs none of its actions, so a configured notification never goes out.',
  remediation: "Activate the alarm's actions: `aws cloudwatch enable-alarm-actions --alarm-names NAME`.",
  decides:
    'For each alarm on a metric published by a metric filter of a trail log group (the alarms CloudWatch.1-14 and TW.1 rely on): PASS when ' +
    "ActionsEnabled is true, FAIL otherwise. ERROR for a Region whose trails, a log group whose filters or a Region's alarms were not read; NOT_APPLICABLE when no " +
    'such alarm exists.',
  resourceType: 'AWS::CloudWatch::Alarm',
  repair: {
    notRepaired: 'the alarms fix creates have their actions configured and activated; existing alarms belong to their owners and fix does not change them',
  },
  evaluate: (snapshot, context) =>
    judgeReliedOnAlarms(snapshot, context, (alarm) =>
      alarm.actionsEnabled
        ? { status: 'PASS', reason: `alarm ${alarm.name} has its actions activated` }
        : { status: 'FAIL', reason: `alarm ${alarm.name} has its actions deactivated (ActionsEnabled is false)` },
    ),
};
