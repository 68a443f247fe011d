import { afterEach, describe, expect, it } from 'vitest';
import { eventMonitoringControls } from '../../src/checks/monitoring/index.js';
import { renderHcl } from '../../src/remediations/terraform/hcl.js';
import type { AccountSnapshot, SnsTopic } from '../../src/snapshot/types.js';
import {
  ACCOUNT_ID,
  ALERT_TOPIC_ARN,
  defaultTopicStatement,
  evaluate,
  eventBridgeTopicStatement,
  logGroup,
  ok,
  snapshotWith,
  topic,
} from '../checks/fixtures.js';
import { chainSnapshot } from '../checks/monitoring/chain-fixtures.js';
import { FakeAccount } from './fake-account.js';
import { apply, callsOf, inputOf, plan } from './helpers.js';

/** fix on the last hop: the topic policy and the topic's key, merged, never weakened; then the chain holds and a second plan is empty. */
const ROOT = eventMonitoringControls.find((control) => control.id === 'CloudWatch.1')!;
const IAM = eventMonitoringControls.find((control) => control.id === 'CloudWatch.4')!;
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROOT_STATEMENT = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
  Action: 'kms:*',
  Resource: '*',
};
const policyOf = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

const withAccess = (access: SnsTopic['access']) => [topic({ access })];
const encryptedWith = (policy: string, keyManager = 'CUSTOMER'): SnsTopic['access'] =>
  ok({
    policy,
    kmsMasterKeyId: KEY_ARN,
    key: {
      details: ok({ arn: KEY_ARN, keyManager, keyState: 'Enabled', enabled: true }),
      ...(keyManager === 'CUSTOMER' && { policy: ok(policyOf(ROOT_STATEMENT)) }),
    },
  });

let account: FakeAccount | undefined;
afterEach(() => account?.restore());

/** Applies the plan to a fake account, then checks the control passes there and nothing is left to plan. */
async function appliedAndSettled(snapshot: AccountSnapshot, control: typeof ROOT, options: Parameters<typeof plan>[1]) {
  const first = plan(snapshot, options, [control.id]);
  account = new FakeAccount(snapshot);
  const report = await apply(first, account);
  expect(report.failure).toBeUndefined();
  const after = account.snapshot();
  expect(evaluate(control, after)[0]?.status).toBe('PASS');
  expect(plan(after, options, [control.id]).actions.map((action) => action.summary)).toEqual([]);
  return { first, after };
}

describe('the topic policy', () => {
  it('a replaced policy that lets only EventBridge publish gets a CloudWatch statement merged in; the old statement stays', async () => {
    const snapshot = chainSnapshot(ROOT, { topics: withAccess(ok({ policy: policyOf(eventBridgeTopicStatement(ALERT_TOPIC_ARN)) })) });
    const { first, after } = await appliedAndSettled(snapshot, ROOT, {});
    expect(callsOf(first)).toEqual(['sns:SetTopicAttributes']);
    const input = inputOf(first, 'sns:SetTopicAttributes') as { TopicArn: string; AttributeName: string; AttributeValue: string };
    expect(input).toMatchObject({ TopicArn: ALERT_TOPIC_ARN, AttributeName: 'Policy' });
    expect((JSON.parse(input.AttributeValue) as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid)).toEqual([
      'AWSEvents_alerts',
      'CloudWatchAlarmsPublish',
    ]);
    expect(first.actions[0]?.controls).toEqual(['CloudWatch.1']);
    const hcl = renderHcl(first.actions.flatMap((action) => action.terraform));
    expect(hcl).toContain('resource "aws_sns_topic_policy"');
    expect(hcl).toMatch(/import \{\s+to = aws_sns_topic_policy\.\S+\s+id = "arn:aws:sns:us-east-1:123456789012:security-alerts"/);
    expect(after.topics[0]?.access).toEqual(ok({ policy: input.AttributeValue }));
  });

  it('EventBridge rules fix creates for an existing topic with the default policy get an events.amazonaws.com statement', async () => {
    const snapshot = snapshotWith({ logGroups: [logGroup()], topics: withAccess(ok({ policy: policyOf(defaultTopicStatement(ALERT_TOPIC_ARN)) })) });
    expect(evaluate(IAM, snapshot)[0]?.status).toBe('FAIL');
    const { first } = await appliedAndSettled(snapshot, IAM, { via: 'eventbridge', snsTopicArn: ALERT_TOPIC_ARN });
    expect(callsOf(first)).toEqual(['sns:SetTopicAttributes', 'events:PutRule', 'events:PutTargets']);
    const policy = JSON.parse((inputOf(first, 'sns:SetTopicAttributes') as { AttributeValue: string }).AttributeValue) as {
      Statement: { Sid: string; Principal: unknown; Condition?: unknown }[];
    };
    expect(policy.Statement.map((s) => s.Sid)).toEqual(['__default_statement_ID', 'EventBridgeRulesPublish']);
    expect(policy.Statement[1]).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } },
    });
  });

  it('leaves a Deny alone and says so: it never removes statements', () => {
    const deny = { Sid: 'NoCloudWatch', Effect: 'Deny', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: '*' };
    const fix = plan(chainSnapshot(ROOT, { topics: withAccess(ok({ policy: policyOf(defaultTopicStatement(ALERT_TOPIC_ARN), deny) })) }), {}, ['CloudWatch.1']);
    expect(fix.actions).toEqual([]);
    expect(fix.notes).toEqual([
      expect.stringMatching(
        /fix does not change its policy, because adding a statement would not be enough \(statement NoCloudWatch .* denies CloudWatch sns:Publish.*\); it never removes statements/,
      ),
    ]);
  });
});

describe('the key the topic is encrypted with', () => {
  it('a customer managed key without the grant gets one merged into its key policy', async () => {
    const snapshot = chainSnapshot(ROOT, { topics: withAccess(encryptedWith(policyOf(defaultTopicStatement(ALERT_TOPIC_ARN)))) });
    const { first } = await appliedAndSettled(snapshot, ROOT, {});
    expect(callsOf(first)).toEqual(['kms:PutKeyPolicy']);
    const input = inputOf(first, 'kms:PutKeyPolicy') as { KeyId: string; PolicyName: string; Policy: string };
    expect(input).toMatchObject({ KeyId: KEY_ARN, PolicyName: 'default' });
    expect((JSON.parse(input.Policy) as { Statement: object[] }).Statement).toEqual([
      ROOT_STATEMENT,
      {
        Sid: 'TrailwardenCloudWatchUsesTopicKey',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
      },
    ]);
    expect(renderHcl(first.actions.flatMap((action) => action.terraform))).toContain('resource "aws_kms_key_policy"');
  });

  it('with --kms-key create, a topic on alias/aws/sns gets a customer managed key of its own that both services may use', async () => {
    const snapshot = chainSnapshot(ROOT, {
      topics: withAccess(ok({ policy: policyOf(defaultTopicStatement(ALERT_TOPIC_ARN)), kmsMasterKeyId: 'alias/aws/sns' })),
    });
    const fix = plan(snapshot, { kmsKey: { create: true } }, ['CloudWatch.1']);
    expect(callsOf(fix)).toEqual(['kms:DescribeKey', 'kms:CreateKey', 'kms:EnableKeyRotation', 'kms:CreateAlias', 'sns:SetTopicAttributes']);
    expect(inputOf(fix, 'sns:SetTopicAttributes')).toEqual({
      TopicArn: ALERT_TOPIC_ARN,
      AttributeName: 'KmsMasterKeyId',
      AttributeValue: 'alias/trailwarden-sns-security-alerts',
    });
    const policy = JSON.parse((inputOf(fix, 'kms:CreateKey') as { Policy: string }).Policy) as { Statement: { Sid: string }[] };
    expect(policy.Statement.map((s) => s.Sid)).toEqual(['AccountAdministersKey', 'TrailwardenCloudWatchUsesTopicKey', 'TrailwardenEventBridgeUsesTopicKey']);
    expect(fix.notes).toEqual([]);
    const hcl = renderHcl(fix.actions.flatMap((action) => action.terraform));
    expect(hcl).toContain('resource "aws_kms_key"');
    expect(hcl).toMatch(/resource "aws_sns_topic" "\S+" \{[^}]*kms_master_key_id\s+= "alias\/trailwarden-sns-security-alerts"/);
  });

  it.each([
    ['alias/aws/sns', ok({ policy: policyOf(defaultTopicStatement(ALERT_TOPIC_ARN)), kmsMasterKeyId: 'alias/aws/sns' })],
    ['the AWS managed key by ARN', encryptedWith(policyOf(defaultTopicStatement(ALERT_TOPIC_ARN)), 'AWS')],
  ] as [string, SnsTopic['access']][])('leaves %s alone and says what to do', (_name, access) => {
    const fix = plan(chainSnapshot(ROOT, { topics: withAccess(access) }), {}, ['CloudWatch.1']);
    expect(fix.actions).toEqual([]);
    expect(fix.notes).toEqual([
      expect.stringMatching(
        /is encrypted with the AWS managed key .*, which CloudWatch alarms cannot use and whose policy cannot be changed: fix leaves the topic's encryption alone\. Pass --kms-key create to give the topic a customer managed key instead, or encrypt it with one whose policy grants cloudwatch\.amazonaws\.com kms:Decrypt and kms:GenerateDataKey\*/,
      ),
    ]);
  });
});
