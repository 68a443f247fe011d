import { describe, expect, it } from 'vitest';
import { eventMonitoringControls, regionsReceiving, type MonitoringControl } from '../../../src/checks/monitoring/index.js';
import type { EventRule } from '../../../src/snapshot/types.js';
import { ACCOUNT_ID, evaluate, eventRule, failed, logGroup, ok, snapshotWith, topic, trail, trailStatus, type SnapshotParts } from '../fixtures.js';

const control = (id: string): MonitoringControl => eventMonitoringControls.find((candidate) => candidate.id === id)!;
const topicIn = (region: string) => `arn:aws:sns:${region}:${ACCOUNT_ID}:security-alerts`;

/** A rule in `region` with `pattern`, targeting that region's alert topic. */
function rule(region: string, pattern: object, overrides: Partial<EventRule> = {}): EventRule {
  return eventRule({
    name: `rule-${region}`,
    region,
    eventPattern: JSON.stringify(pattern),
    targets: ok([{ id: 'alerts', arn: topicIn(region) }]),
    ...overrides,
  });
}

/** No metric filter at all, so only EventBridge can meet the control; topics in both regions. */
function rulesOnly(eventRules: EventRule[], parts: SnapshotParts = {}) {
  return snapshotWith({ logGroups: [logGroup()], eventRules, topics: [topic({ arn: topicIn('us-east-1') }), topic({ arn: topicIn('eu-west-1') })], ...parts });
}

const IAM_POLICY_RULE = {
  source: ['aws.iam'],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: { eventName: control('CloudWatch.4').spec.requiredEvents![0]!.eventNames },
};
const KMS_RULE = { source: ['aws.kms'], detail: { eventName: ['DisableKey', 'ScheduleKeyDeletion'] } };
const DENIED_RULE = { detail: { errorCode: [{ suffix: 'UnauthorizedOperation' }, { prefix: 'AccessDenied' }] } };

describe('EventBridge coverage of a global-service control (CloudWatch.4, IAM)', () => {
  it('is not given by a rule in eu-west-1, which never sees IAM events, and says so', () => {
    const [finding] = evaluate(control('CloudWatch.4'), rulesOnly([rule('eu-west-1', IAM_POLICY_RULE)]));
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toMatch(/no EventBridge rule delivers the required events to a confirmed SNS subscription \(needed in us-east-1\)/);
    expect(finding?.reason).toMatch(
      /rule rule-eu-west-1 in eu-west-1 matches DeleteGroupPolicy, .* but iam\.amazonaws\.com events arrive only in us-east-1: the rule never fires/,
    );
  });

  it('is given by the same rule in us-east-1, and the result says which path meets the control', () => {
    const [finding] = evaluate(control('CloudWatch.4'), rulesOnly([rule('us-east-1', IAM_POLICY_RULE)]));
    expect(finding?.status).toBe('PASS');
    expect(finding?.reason).toMatch(
      /^met by EventBridge: EventBridge rules deliver every required event in every region it arrives in \(us-east-1: rule-us-east-1\)/,
    );
    expect(finding?.reason).toMatch(/; metric-filter chain broken at the metric filter: log group aws-cloudtrail-logs \(trail main\) has no metric filters$/);
    expect(finding?.evidence).toMatchObject({ path: 'eventbridge', eventBridge: { 'us-east-1': { coveredBy: ['rule-us-east-1'], missing: [] } } });
  });

  it('reports ERROR when us-east-1 was not scanned', () => {
    const [finding] = evaluate(control('CloudWatch.4'), rulesOnly([rule('eu-west-1', IAM_POLICY_RULE)], { regions: ['eu-west-1'] }));
    expect(finding?.status).toBe('ERROR');
    expect(finding?.reason).toMatch(/^us-east-1 was not scanned, so its EventBridge rules are unknown/);
  });
});

describe('EventBridge coverage of a regional control (CloudWatch.7, KMS)', () => {
  it('needs a rule in every scanned region', () => {
    const [finding] = evaluate(control('CloudWatch.7'), rulesOnly([rule('us-east-1', KMS_RULE)]));
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toMatch(/EventBridge covers only part of it \(complete in us-east-1\): it misses DisableKey, ScheduleKeyDeletion in eu-west-1/);
    expect(finding?.evidence).toMatchObject({ eventBridge: { 'eu-west-1': { coveredBy: [], missing: ['K1:DisableKey', 'K1:ScheduleKeyDeletion'] } } });
  });

  it('is met with one rule per region', () => {
    const [finding] = evaluate(control('CloudWatch.7'), rulesOnly([rule('us-east-1', KMS_RULE), rule('eu-west-1', KMS_RULE)]));
    expect(finding?.status).toBe('PASS');
  });

  it('names a region where only part of the events is caught', () => {
    const [finding] = evaluate(
      control('CloudWatch.7'),
      rulesOnly([rule('us-east-1', KMS_RULE), rule('eu-west-1', { source: ['aws.kms'], detail: { eventName: ['DisableKey'] } })]),
    );
    expect(finding?.reason).toMatch(/it misses ScheduleKeyDeletion in eu-west-1$/);
  });

  it.each([
    ['a DISABLED rule', { state: 'DISABLED' }, /rule rule-eu-west-1 in eu-west-1 matches DisableKey but is DISABLED/],
    [
      'a rule without an SNS target',
      { targets: ok([{ id: 'fn', arn: `arn:aws:lambda:eu-west-1:${ACCOUNT_ID}:function:f` }]) },
      /matches DisableKey but has no SNS topic target/,
    ],
    [
      'a rule whose topic has no confirmed subscription',
      { targets: ok([{ id: 'alerts', arn: `arn:aws:sns:eu-west-1:${ACCOUNT_ID}:pending` }]) },
      /targets arn:aws:sns:eu-west-1:123456789012:pending, but the topic has no confirmed subscription \(1 pending confirmation\)/,
    ],
    ['a rule whose pattern does not parse', { eventPattern: '{"source": []}' }, /rule rule-eu-west-1 in eu-west-1 has a pattern that does not parse/],
  ] as [string, Partial<EventRule>, RegExp][])('does not count %s, and says why', (_case, overrides, note) => {
    const pending = topic({
      arn: `arn:aws:sns:eu-west-1:${ACCOUNT_ID}:pending`,
      subscriptions: ok([{ subscriptionArn: 'PendingConfirmation', protocol: 'email', endpoint: 'a@example.com' }]),
    });
    const snapshot = rulesOnly([rule('us-east-1', KMS_RULE), rule('eu-west-1', KMS_RULE, overrides)]);
    snapshot.topics.push(pending);
    const [finding] = evaluate(control('CloudWatch.7'), snapshot);
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toMatch(note);
  });

  it('reports ERROR when the rules of a needed region could not be read', () => {
    const snapshot = rulesOnly([rule('us-east-1', KMS_RULE)]);
    snapshot.regionData[1]!.eventRules = failed('events:ListRules', 'eu-west-1');
    const [finding] = evaluate(control('CloudWatch.7'), snapshot);
    expect(finding).toMatchObject({ status: 'ERROR', error: { operation: 'events:ListRules', region: 'eu-west-1' } });
    expect(finding?.reason).toMatch(/^could not read the EventBridge rules of eu-west-1: events:ListRules in eu-west-1 failed with AccessDeniedException/);
    // What was read is judged; the unread region is said to be unread, not to lack a rule.
    expect(finding?.reason).toContain('EventBridge rules deliver every required event in us-east-1; the EventBridge rules of eu-west-1 could not be read');
  });

  it('does not say a region lacks a rule when its rules could not be read', () => {
    const snapshot = rulesOnly([]);
    snapshot.regionData[1]!.eventRules = failed('events:ListRules', 'eu-west-1');
    const [finding] = evaluate(control('CloudWatch.7'), snapshot);
    expect(finding?.reason).toContain(
      'no EventBridge rule delivers the required events to a confirmed SNS subscription (needed in us-east-1); the EventBridge rules of eu-west-1 could not be read',
    );
  });
});

describe('EventBridge and read-only events (CloudWatch.2)', () => {
  it('a plain ENABLED rule misses the read-only denials', () => {
    const rules = ['us-east-1', 'eu-west-1'].map((region) => rule(region, DENIED_RULE));
    const [finding] = evaluate(control('CloudWatch.2'), rulesOnly(rules));
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toMatch(
      /it misses AccessDenied on a read-only IAM call \(ListUsers\), Client\.UnauthorizedOperation on a read-only EC2 call \(DescribeInstances\) in us-east-1; Client\.UnauthorizedOperation on a read-only EC2 call \(DescribeInstances\) in eu-west-1/,
    );
    expect(finding?.reason).toMatch(/with State ENABLED it does not receive read-only events; ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS does/);
  });

  it('a rule that receives all management events covers them', () => {
    const rules = ['us-east-1', 'eu-west-1'].map((region) => rule(region, DENIED_RULE, { state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' }));
    expect(evaluate(control('CloudWatch.2'), rulesOnly(rules))[0]?.status).toBe('PASS');
  });
});

describe('EventBridge and console sign-in (CloudWatch.3)', () => {
  const noMfa = {
    source: ['aws.signin'],
    detail: { eventName: ['ConsoleLogin'], userIdentity: { type: ['IAMUser'] }, additionalEventData: { MFAUsed: [{ 'anything-but': 'Yes' }] } },
  };

  it('needs the real detail-type spelling, in every region', () => {
    const spelled = (detailType: string) => ['us-east-1', 'eu-west-1'].map((region) => rule(region, { ...noMfa, 'detail-type': [detailType] }));
    expect(evaluate(control('CloudWatch.3'), rulesOnly(spelled('AWS Console Sign In via CloudTrail')))[0]?.status).toBe('PASS');
    expect(evaluate(control('CloudWatch.3'), rulesOnly(spelled('AWS Console Signin via CloudTrail')))[0]?.status).toBe('FAIL');
  });
});

describe('EventBridge for root usage (CloudWatch.1)', () => {
  const root = { detail: { userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] }, eventType: [{ 'anything-but': 'AwsServiceEvent' }] } };

  it('is met by root rules in every region that receive read-only calls too', () => {
    const rules = ['us-east-1', 'eu-west-1'].map((region) => rule(region, root, { state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' }));
    expect(evaluate(control('CloudWatch.1'), rulesOnly(rules))[0]?.status).toBe('PASS');
  });

  it('warns, but passes, when no trail is logging', () => {
    const rules = ['us-east-1', 'eu-west-1'].map((region) => rule(region, root, { state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' }));
    const [finding] = evaluate(control('CloudWatch.1'), rulesOnly(rules, { trails: [trail({ status: trailStatus({ isLogging: false }) })] }));
    expect(finding?.status).toBe('PASS');
    expect(finding?.reason).toMatch(/warning: no trail is logging/);
  });
});

describe('the regions a rule must live in', () => {
  const facts = (id: string) => control(id).spec.eventBridge;
  const first = (id: string) => control(id).spec.positives[0]!;

  it('us-east-1 for global-service events, every scanned region for regional ones, plus us-east-1 for sign-in', () => {
    expect(regionsReceiving(first('CloudWatch.4'), facts('CloudWatch.4'), ['eu-west-1', 'ap-south-1'])).toEqual(['us-east-1']);
    expect(regionsReceiving(first('CloudWatch.7'), facts('CloudWatch.7'), ['eu-west-1', 'ap-south-1'])).toEqual(['eu-west-1', 'ap-south-1']);
    expect(regionsReceiving(first('CloudWatch.3'), facts('CloudWatch.3'), ['eu-west-1'])).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('the wrong-region note comes before other notes', () => {
    const disabled = rule('us-east-1', IAM_POLICY_RULE, { name: 'off', state: 'DISABLED' });
    const [finding] = evaluate(control('CloudWatch.4'), rulesOnly([disabled, rule('eu-west-1', IAM_POLICY_RULE)]));
    expect(finding?.reason).toMatch(
      /\(needed in us-east-1\); rule rule-eu-west-1 in eu-west-1 matches .* the rule never fires; rule off in us-east-1 matches DeleteGroupPolicy but is DISABLED$/,
    );
  });
});
