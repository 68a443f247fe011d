import { describe, expect, it } from 'vitest';
import { eventMonitoringControls, type MonitoringControl } from '../../../src/checks/monitoring/index.js';
import type { AccountSnapshot, EventRule, SnsTopic, TopicAccess } from '../../../src/snapshot/types.js';
import {
  ACCOUNT_ID,
  ALERT_TOPIC_ARN,
  defaultTopicStatement,
  evaluate,
  eventBridgeTopicStatement,
  eventRule,
  failed,
  logGroup,
  ok,
  snapshotWith,
  topic,
} from '../fixtures.js';
import { chainSnapshot } from './chain-fixtures.js';

/** The last hop: whether CloudWatch (alarms) and EventBridge (rules) may publish to the topic and use its key. */
const control = (id: string): MonitoringControl => eventMonitoringControls.find((candidate) => candidate.id === id)!;
const ROOT = control('CloudWatch.1');
const IAM = control('CloudWatch.4');
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const policyOf = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const DEFAULT_POLICY = policyOf(defaultTopicStatement(ALERT_TOPIC_ARN));
const keyPolicy = (...statements: Record<string, unknown>[]) =>
  policyOf(
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'kms:*', Resource: '*' },
    ...statements,
  );
const serviceGrant = (service: string, extra: Record<string, unknown> = {}) => ({
  Sid: `Allow ${service}`,
  Effect: 'Allow',
  Principal: { Service: service },
  Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
  Resource: '*',
  ...extra,
});

function encrypted(policy: string, key: { keyManager?: string; keyState?: string; policy?: string } = {}): TopicAccess {
  return {
    policy,
    kmsMasterKeyId: KEY_ARN,
    key: {
      details: ok({
        arn: KEY_ARN,
        keyManager: key.keyManager ?? 'CUSTOMER',
        keyState: key.keyState ?? 'Enabled',
        enabled: (key.keyState ?? 'Enabled') === 'Enabled',
      }),
      ...(key.keyManager === 'AWS' ? {} : { policy: ok(key.policy ?? keyPolicy()) }),
    },
  };
}

function alertTopic(access: SnsTopic['access']): SnsTopic {
  const made = topic({ access });
  if (access === undefined) delete made.access;
  return made;
}

/** The metric-filter chain of CloudWatch.1, whose topic has `access`. */
const alarmChain = (access: SnsTopic['access']): AccountSnapshot => chainSnapshot(ROOT, { topics: [alertTopic(access)] });

/** CloudWatch.4 met by an EventBridge rule in us-east-1 only (no filter), whose topic has `access`. */
function ruleChain(access: SnsTopic['access'], overrides: Partial<EventRule> = {}): AccountSnapshot {
  const rule = eventRule({
    name: 'iam-changes',
    eventPattern: JSON.stringify({ source: ['aws.iam'], detail: { eventName: IAM.spec.requiredEvents![0]!.eventNames } }),
    ...overrides,
  });
  return snapshotWith({ logGroups: [logGroup()], eventRules: [rule], topics: [alertTopic(access)] });
}

describe('alarm → topic (CloudWatch publishes)', () => {
  const cases: [string, SnsTopic['access'], 'PASS' | 'FAIL' | 'ERROR', RegExp][] = [
    ['the default policy: alarms of the account pass AWS:SourceOwner', ok({ policy: DEFAULT_POLICY }), 'PASS', /^met by a metric filter/],
    [
      'a statement for cloudwatch.amazonaws.com pinned to the account',
      ok({
        policy: policyOf({
          Sid: 'CW',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: ALERT_TOPIC_ARN,
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } },
        }),
      }),
      'PASS',
      /^met by/,
    ],
    [
      'a replaced policy that allows only EventBridge',
      ok({ policy: policyOf(eventBridgeTopicStatement(ALERT_TOPIC_ARN)) }),
      'FAIL',
      /broken at the permission to publish: alarm CloudWatch\.1-alarm notifies arn:aws:sns:us-east-1:123456789012:security-alerts, but the topic policy of topic security-alerts does not allow cloudwatch\.amazonaws\.com to publish: no notification is ever delivered/,
    ],
    [
      'an explicit Deny',
      ok({
        policy: policyOf(defaultTopicStatement(ALERT_TOPIC_ARN), {
          Sid: 'NoServices',
          Effect: 'Deny',
          Principal: { Service: ['cloudwatch.amazonaws.com'] },
          Action: 'sns:*',
          Resource: '*',
        }),
      }),
      'FAIL',
      /statement NoServices of the topic policy of topic security-alerts denies CloudWatch sns:Publish/,
    ],
    [
      'alias/aws/sns',
      ok({ policy: DEFAULT_POLICY, kmsMasterKeyId: 'alias/aws/sns' }),
      'FAIL',
      /alarm CloudWatch\.1-alarm notifies arn:aws:sns:us-east-1:123456789012:security-alerts, but topic security-alerts is encrypted with alias\/aws\/sns, which CloudWatch cannot use: no notification is ever delivered/,
    ],
    [
      'the AWS managed key by its ARN',
      ok(encrypted(DEFAULT_POLICY, { keyManager: 'AWS' })),
      'FAIL',
      /encrypted with the AWS managed key arn:aws:kms:.*, which CloudWatch cannot use/,
    ],
    [
      'a customer managed key without a grant to CloudWatch',
      ok(encrypted(DEFAULT_POLICY)),
      'FAIL',
      /whose key policy does not grant cloudwatch\.amazonaws\.com kms:GenerateDataKey\*: no notification is ever delivered/,
    ],
    [
      'a customer managed key granting only Decrypt',
      ok(
        encrypted(DEFAULT_POLICY, {
          policy: keyPolicy(serviceGrant('cloudwatch.amazonaws.com', { Action: ['kms:Decrypt', 'kms:GenerateDataKey'] }), {
            Sid: 'x',
            Effect: 'Deny',
            Principal: '*',
            Action: 'kms:GenerateDataKey',
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': '000000000000' } },
          }),
        }),
      ),
      'ERROR',
      /whether CloudWatch may use key .* is uncertain: Deny x: condition StringEquals aws:SourceAccount: the value of aws:SourceAccount in the request is not known/,
    ],
    [
      'a customer managed key granting CloudWatch',
      ok(encrypted(DEFAULT_POLICY, { policy: keyPolicy(serviceGrant('cloudwatch.amazonaws.com')) })),
      'PASS',
      /^met by/,
    ],
    [
      'a disabled key',
      ok(encrypted(DEFAULT_POLICY, { keyState: 'Disabled', policy: keyPolicy(serviceGrant('cloudwatch.amazonaws.com')) })),
      'FAIL',
      /which is Disabled, which CloudWatch cannot use/,
    ],
    [
      'a key that does not exist',
      ok({ policy: DEFAULT_POLICY, kmsMasterKeyId: KEY_ARN, key: { details: ok(null) } }),
      'FAIL',
      /which does not exist, which CloudWatch cannot use/,
    ],
    [
      'a condition trailwarden cannot decide',
      ok({
        policy: policyOf({
          Sid: 'OrgOnly',
          Effect: 'Allow',
          Principal: '*',
          Action: 'sns:Publish',
          Resource: ALERT_TOPIC_ARN,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-123' } },
        }),
      }),
      'ERROR',
      /whether CloudWatch may publish to topic security-alerts is uncertain: Allow OrgOnly: condition StringEquals aws:PrincipalOrgID: the value of aws:PrincipalOrgID in the request is not known/,
    ],
    [
      'a topic policy that does not parse',
      ok({ policy: '{"Statement": [{"Effect": "Allow"}]}' }),
      'ERROR',
      /the topic policy of topic security-alerts cannot be read: statement 1 has neither Action nor NotAction/,
    ],
    [
      'attributes that could not be read',
      failed('sns:GetTopicAttributes'),
      'ERROR',
      /could not read the attributes of SNS topic .*: sns:GetTopicAttributes in us-east-1 failed with AccessDeniedException/,
    ],
    [
      'a snapshot from before the attributes were read',
      undefined,
      'ERROR',
      /the policy and encryption of SNS topic .* were not collected \(the snapshot predates them\)/,
    ],
  ];
  it.each(cases)('%s', (_name, access, status, reason) => {
    const [finding] = evaluate(ROOT, alarmChain(access));
    expect(finding?.status).toBe(status);
    expect(finding?.reason).toMatch(reason);
    if (status === 'FAIL') expect(finding?.evidence?.brokenLink).toBe('topic-access');
  });

  it('an unread topic policy leaves nothing open when no subscription is confirmed: FAIL at the subscription', () => {
    const snapshot = chainSnapshot(ROOT, {
      topics: [
        {
          ...alertTopic(failed('sns:GetTopicAttributes')),
          subscriptions: ok([{ subscriptionArn: 'PendingConfirmation', protocol: 'email', endpoint: 'a@example.com' }]),
        },
      ],
    });
    const [finding] = evaluate(ROOT, snapshot);
    expect(finding?.status).toBe('FAIL');
    expect(finding?.evidence?.brokenLink).toBe('subscription');
    expect(finding?.reason).toMatch(/no confirmed subscription \(1 pending confirmation\)/);
  });

  it('a key policy read failure is ERROR naming the call', () => {
    const access = encrypted(DEFAULT_POLICY);
    access.key!.policy = failed('kms:GetKeyPolicy');
    const [finding] = evaluate(ROOT, alarmChain(ok(access)));
    expect(finding).toMatchObject({
      status: 'ERROR',
      reason: expect.stringMatching(/could not read the key policy of arn:aws:kms:.*: kms:GetKeyPolicy in us-east-1 failed with AccessDeniedException/),
    });
  });
});

describe('rule → topic (EventBridge publishes)', () => {
  const cases: [string, SnsTopic['access'], 'PASS' | 'FAIL' | 'ERROR', RegExp][] = [
    [
      "the default policy: EventBridge is not among the account's principals",
      ok({ policy: DEFAULT_POLICY }),
      'FAIL',
      /rule iam-changes in us-east-1 targets arn:aws:sns:us-east-1:123456789012:security-alerts, but the topic policy of topic security-alerts does not allow events\.amazonaws\.com to publish \(the default policy admits only the account's own principals, which EventBridge is not\)/,
    ],
    [
      'a statement for events.amazonaws.com',
      ok({ policy: policyOf(defaultTopicStatement(ALERT_TOPIC_ARN), eventBridgeTopicStatement(ALERT_TOPIC_ARN)) }),
      'PASS',
      /^met by EventBridge/,
    ],
    [
      'a statement pinned to the rule by aws:SourceArn',
      ok({
        policy: policyOf({
          Sid: 'EB',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: ALERT_TOPIC_ARN,
          Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:events:us-east-1:${ACCOUNT_ID}:rule/iam-changes` } },
        }),
      }),
      'PASS',
      /^met by EventBridge/,
    ],
    [
      'a statement pinned to another rule',
      ok({
        policy: policyOf({
          Sid: 'EB',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: ALERT_TOPIC_ARN,
          Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:events:us-east-1:${ACCOUNT_ID}:rule/other` } },
        }),
      }),
      'FAIL',
      /does not allow events\.amazonaws\.com to publish/,
    ],
    [
      'alias/aws/sns',
      ok({ policy: policyOf(eventBridgeTopicStatement(ALERT_TOPIC_ARN)), kmsMasterKeyId: 'alias/aws/sns' }),
      'FAIL',
      /topic security-alerts is encrypted with alias\/aws\/sns, which EventBridge cannot use: no notification is ever delivered/,
    ],
    [
      'a customer managed key granting only CloudWatch',
      ok(encrypted(policyOf(eventBridgeTopicStatement(ALERT_TOPIC_ARN)), { policy: keyPolicy(serviceGrant('cloudwatch.amazonaws.com')) })),
      'FAIL',
      /whose key policy does not grant events\.amazonaws\.com kms:GenerateDataKey\*/,
    ],
    [
      'a customer managed key granting EventBridge',
      ok(encrypted(policyOf(eventBridgeTopicStatement(ALERT_TOPIC_ARN)), { policy: keyPolicy(serviceGrant('events.amazonaws.com')) })),
      'PASS',
      /^met by EventBridge/,
    ],
  ];
  it.each(cases)('%s', (_name, access, status, reason) => {
    const [finding] = evaluate(IAM, ruleChain(access));
    expect(finding?.status).toBe(status);
    expect(finding?.reason).toMatch(reason);
  });

  describe('a target that names a RoleArn publishes as the role', () => {
    const roleArn = `arn:aws:iam::${ACCOUNT_ID}:role/eventbridge-sns`;
    // A topic policy that grants only EventBridge itself: the role must be allowed by its own policies.
    const withRole = (policies: AccountSnapshot['roles'], topicPolicy = policyOf(eventBridgeTopicStatement(ALERT_TOPIC_ARN))) => {
      const snapshot = ruleChain(ok({ policy: topicPolicy }), { targets: ok([{ id: 'alerts', arn: ALERT_TOPIC_ARN, roleArn }]) });
      return { ...snapshot, ...(policies && { roles: policies }) };
    };
    const publish = (resource: string) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: resource }] });
    it.each([
      [
        'a role allowed sns:Publish on the topic',
        [{ arn: roleArn, policies: ok([{ name: 'publish', document: publish(ALERT_TOPIC_ARN) }]) }],
        'PASS',
        /^met by EventBridge/,
      ],
      [
        'a role allowed to publish elsewhere only',
        [{ arn: roleArn, policies: ok([{ name: 'publish', document: publish(`${ALERT_TOPIC_ARN}-other`) }]) }],
        'FAIL',
        /its target role arn:aws:iam::123456789012:role\/eventbridge-sns is not allowed sns:Publish on topic security-alerts/,
      ],
      ['a role that does not exist', [{ arn: roleArn, policies: ok(null) }], 'FAIL', /its target role .* does not exist/],
      ['a role whose policies were not read', undefined, 'ERROR', /the policies of role .*, which EventBridge assumes to publish to .*, were not collected/],
    ] as [string, AccountSnapshot['roles'], string, RegExp][])('%s', (_name, roles, status, reason) => {
      const [finding] = evaluate(IAM, withRole(roles));
      expect(finding?.status).toBe(status);
      expect(finding?.reason).toMatch(reason);
    });

    describe('an encrypted topic: the role needs kms:GenerateDataKey and kms:Decrypt on the key, by the key policy or, where that names the account, by its own policies', () => {
      const publishAndUse = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'sns:Publish', Resource: ALERT_TOPIC_ARN },
          { Effect: 'Allow', Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Resource: KEY_ARN },
        ],
      });
      const publishOnly = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: ALERT_TOPIC_ARN }] });
      const roleGrant = { Sid: 'Role', Effect: 'Allow', Principal: { AWS: roleArn }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' };
      const onlyRoot = policyOf({ Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'kms:*', Resource: '*' });
      const withKey = (identity: string, key: string) => {
        const snapshot = ruleChain(ok(encrypted(policyOf(eventBridgeTopicStatement(ALERT_TOPIC_ARN)), { policy: key })), {
          targets: ok([{ id: 'alerts', arn: ALERT_TOPIC_ARN, roleArn }]),
        });
        return { ...snapshot, roles: [{ arn: roleArn, policies: ok([{ name: 'delivery', document: identity }]) }] };
      };
      it.each([
        ['the key policy names the account and the role is allowed the key', publishAndUse, keyPolicy(), 'PASS', /^met by EventBridge/],
        ['the key policy names the role itself (its own policies need not)', publishOnly, policyOf(roleGrant), 'PASS', /^met by EventBridge/],
        [
          'the key policy names the account, and the role is not allowed the key',
          publishOnly,
          keyPolicy(),
          'FAIL',
          /key policy leaves kms:GenerateDataKey\* to the IAM policies of account 123456789012, and those of its target role .* do not allow it/,
        ],
        [
          'a Deny in the key policy',
          publishAndUse,
          keyPolicy({ Sid: 'NoRole', Effect: 'Deny', Principal: { AWS: roleArn }, Action: 'kms:Decrypt', Resource: '*' }),
          'FAIL',
          /key policy statement NoRole denies role .* kms:Decrypt/,
        ],
        [
          'a key policy that allows neither the role nor the account: only a grant could, which is not read',
          publishAndUse,
          policyOf(serviceGrant('events.amazonaws.com')),
          'ERROR',
          /allows neither role .* nor its account's IAM policies kms:GenerateDataKey\*; only a KMS grant could/,
        ],
      ])('%s: %s', (_name, identity, key, status, reason) => {
        const [finding] = evaluate(IAM, withKey(identity, key));
        expect(finding?.status, finding?.reason).toBe(status);
        expect(finding?.reason).toMatch(reason);
      });
      it('the role account root alone in the key policy, without the usual kms:* statement, is the same delegation', () => {
        expect(evaluate(IAM, withKey(publishAndUse, onlyRoot))[0]?.status).toBe('PASS');
      });
    });

    it("with the default topic policy, a role not allowed by its own policies is uncertain: what AWS:SourceOwner a role's call carries is not documented", () => {
      const [finding] = evaluate(IAM, withRole([{ arn: roleArn, policies: ok([]) }], DEFAULT_POLICY));
      expect(finding?.status).toBe('ERROR');
      expect(finding?.reason).toMatch(
        /whether role .* may publish to topic security-alerts is uncertain: Allow __default_statement_ID: condition StringEquals AWS:SourceOwner/,
      );
    });
  });
});

describe('observed delivery (the 24 hours of metrics before collection)', () => {
  const observed = (snapshot: AccountSnapshot, rules: Record<string, number>, topics: Record<string, number>): AccountSnapshot => ({
    ...snapshot,
    regionData: snapshot.regionData.map((data) => (data.region === 'us-east-1' ? { ...data, deliveryFailures: ok({ windowHours: 24, rules, topics }) } : data)),
  });
  const consolePolicy = ok({ policy: policyOf(defaultTopicStatement(ALERT_TOPIC_ARN), eventBridgeTopicStatement(ALERT_TOPIC_ARN)) });

  it('a rule seen failing to invoke its target does not deliver, with the count as evidence', () => {
    const [finding] = evaluate(IAM, observed(ruleChain(consolePolicy), { 'iam-changes': 14 }, {}));
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toMatch(
      /rule iam-changes in us-east-1 targets .*security-alerts, but it had 14 failed invocations in the last 24 h \(AWS\/Events FailedInvocations\)/,
    );
  });

  it('a topic seen failing to deliver breaks the alarm chain at the subscription', () => {
    const [finding] = evaluate(ROOT, observed(alarmChain(ok({ policy: DEFAULT_POLICY })), {}, { [ALERT_TOPIC_ARN]: 3 }));
    expect(finding?.status).toBe('FAIL');
    expect(finding?.evidence?.brokenLink).toBe('subscription');
    expect(finding?.reason).toMatch(/but SNS failed to deliver 3 notifications in the last 24 h \(AWS\/SNS NumberOfNotificationsFailed\)/);
  });

  it('no data, or metrics that could not be read, is not a failure', () => {
    expect(evaluate(IAM, observed(ruleChain(consolePolicy), {}, {}))[0]?.status).toBe('PASS');
    const unread = ruleChain(consolePolicy);
    unread.regionData[0]!.deliveryFailures = failed('cloudwatch:GetMetricData');
    expect(evaluate(IAM, unread)[0]?.status).toBe('PASS');
  });
});
