import { describe, expect, it } from 'vitest';
import { eventMonitoringControls } from '../../src/checks/monitoring/index.js';
import { callName } from '../../src/remediations/calls.js';
import { planAlertTests } from '../../src/remediations/test-alert.js';
import { ALERT_TOPIC_ARN, eventRule, logGroup, snapshotWith, topic } from '../checks/fixtures.js';
import { chainSnapshot } from '../checks/monitoring/chain-fixtures.js';

const control = (id: string) => eventMonitoringControls.find((candidate) => candidate.id === id)!;

describe('test-alert plan', () => {
  it('sets the alarm of a holding metric chain to ALARM with a test reason, once per alarm', () => {
    const root = control('CloudWatch.1');
    const plan = planAlertTests(chainSnapshot(root), [root]);
    expect(plan.withoutAlarm).toEqual([]);
    expect(plan.actions).toHaveLength(1);
    const [action] = plan.actions;
    expect(action).toMatchObject({
      controls: ['CloudWatch.1'],
      change: { kind: 'update', resourceType: 'AWS::CloudWatch::Alarm', name: 'CloudWatch.1-alarm', after: { state: 'ALARM' } },
      terraform: [],
    });
    expect(action!.summary).toContain(`it notifies ${ALERT_TOPIC_ARN} (1 confirmed subscription)`);
    expect(action!.calls.map(callName)).toEqual(['cloudwatch:SetAlarmState']);
    expect(action!.calls[0]!.input).toEqual({
      AlarmName: 'CloudWatch.1-alarm',
      StateValue: 'ALARM',
      StateReason: expect.stringMatching(/^trailwarden test-alert: a test/),
    });
  });

  it('says which controls have no alarm to set, and why', () => {
    const iam = control('CloudWatch.4');
    const onlyRules = snapshotWith({
      logGroups: [logGroup()],
      eventRules: [
        eventRule({ name: 'iam', eventPattern: JSON.stringify({ source: ['aws.iam'], detail: { eventName: iam.spec.requiredEvents![0]!.eventNames } }) }),
      ],
      topics: [topic()],
    });
    const plan = planAlertTests(onlyRules, [iam, control('CloudWatch.1')]);
    expect(plan.actions).toEqual([]);
    expect(plan.withoutAlarm).toEqual([
      { controlId: 'CloudWatch.4', why: 'it is met by EventBridge rules only, which cannot be fired with AWS events' },
      { controlId: 'CloudWatch.1', why: expect.stringContaining('no metric-filter chain of it holds') },
    ]);
    expect(plan.notes[0]).toMatch(/^CloudWatch\.4: met by EventBridge rules, which AWS events cannot be sent to on demand/);
    // One probe per Region the rule covers, with a required event it matches, for EventBridge to confirm.
    expect(plan.probes).toEqual([
      expect.objectContaining({
        controlId: 'CloudWatch.4',
        region: 'us-east-1',
        rule: 'iam',
        event: expect.objectContaining({ source: 'aws.iam', region: 'us-east-1' }),
      }),
    ]);
  });
});
