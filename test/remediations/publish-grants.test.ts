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
        /is encrypted with the AWS managed key .*, which CloudWatch alarms cannot use and whose policy cannot be changed: fix leaves the topic's encryption alone\. Pass --kms-key create to give the topic a customer managed key instead, or --kms-key with the ARN of a customer managed key in us-east-1 to encrypt it with that key, or encrypt it with one whose policy grants cloudwatch\.amazonaws\.com kms:Decrypt and kms:GenerateDataKey\*/,
      ),
    ]);
  });
});

describe('--kms-key ARN for a topic on the AWS managed key', () => {
  const GIVEN_KEY = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/5678abcd-12ab-34cd-56ef-1234567890ab`;
  const CLOUDWATCH_GRANT = {
    Sid: 'TrailwardenCloudWatchUsesTopicKey',
    Effect: 'Allow',
    Principal: { Service: 'cloudwatch.amazonaws.com' },
    Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    Resource: '*',
  };
  const onManagedKey = () => withAccess(ok({ policy: policyOf(defaultTopicStatement(ALERT_TOPIC_ARN)), kmsMasterKeyId: 'alias/aws/sns' }));
  /** The key as `fix --kms-key ARN` reads it. */
  const fixKey = (changes: { region?: string; keyManager?: string; keyState?: string; policy?: string | null } = {}): AccountSnapshot['fixKey'] => ({
    ref: GIVEN_KEY,
    region: changes.region ?? 'us-east-1',
    details: ok({
      arn: GIVEN_KEY,
      keyManager: changes.keyManager ?? 'CUSTOMER',
      keyState: changes.keyState ?? 'Enabled',
      enabled: (changes.keyState ?? 'Enabled') === 'Enabled',
    }),
    ...(changes.policy !== null && { policy: ok(changes.policy ?? policyOf(ROOT_STATEMENT)) }),
  });
  const withFixKey = (key: AccountSnapshot['fixKey']) => ({ ...chainSnapshot(ROOT, { topics: onManagedKey() }), ...(key && { fixKey: key }) });
  const options = { kmsKey: { arn: GIVEN_KEY } };

  it('merges the missing grant into the key policy, then encrypts the topic with the key; a second plan is empty', async () => {
    const { first, after } = await appliedAndSettled(withFixKey(fixKey()), ROOT, options);
    expect(callsOf(first)).toEqual(['kms:PutKeyPolicy', 'sns:SetTopicAttributes']);
    const input = inputOf(first, 'kms:PutKeyPolicy') as { KeyId: string; Policy: string };
    expect(input.KeyId).toBe(GIVEN_KEY);
    expect((JSON.parse(input.Policy) as { Statement: object[] }).Statement).toEqual([ROOT_STATEMENT, CLOUDWATCH_GRANT]);
    expect(inputOf(first, 'sns:SetTopicAttributes')).toEqual({ TopicArn: ALERT_TOPIC_ARN, AttributeName: 'KmsMasterKeyId', AttributeValue: GIVEN_KEY });
    expect(first.actions.map((action) => action.dependsOn)).toEqual([[], [`key-policy:${GIVEN_KEY}`]]);
    expect(first.notes).toEqual([]);
    expect(after.topics[0]?.access).toMatchObject(ok({ kmsMasterKeyId: GIVEN_KEY }));
  });

  it('sees the topic usable in the plan it makes (the change is simulated), and exports both changes to Terraform', () => {
    const fix = plan(withFixKey(fixKey()), options, ['CloudWatch.1']);
    expect(fix.unrepaired).toEqual([]);
    const hcl = renderHcl(fix.actions.flatMap((action) => action.terraform));
    expect(hcl).toMatch(/import \{\s+to = aws_kms_key_policy\.\S+\s+id = "5678abcd-12ab-34cd-56ef-1234567890ab"/);
    expect(hcl).toMatch(/import \{\s+to = aws_sns_topic\.\S+\s+id = "arn:aws:sns:us-east-1:123456789012:security-alerts"/);
    expect(hcl).toMatch(
      /resource "aws_sns_topic" "\S+" \{[^}]*kms_master_key_id\s+= "arn:aws:kms:us-east-1:123456789012:key\/5678abcd[^"]*"[^}]*depends_on\s+= \[aws_kms_key_policy\./,
    );
  });

  it('a key whose policy already grants the service: only the topic is encrypted with it', async () => {
    const { first } = await appliedAndSettled(withFixKey(fixKey({ policy: policyOf(ROOT_STATEMENT, CLOUDWATCH_GRANT) })), ROOT, options);
    expect(callsOf(first)).toEqual(['sns:SetTopicAttributes']);
    expect(first.actions[0]?.dependsOn).toEqual([]);
  });

  it.each([
    ['the key is in another Region', fixKey({ region: 'eu-west-1' }), `key ${GIVEN_KEY} is in region eu-west-1, the topic in us-east-1`],
    ['the key is AWS managed', fixKey({ keyManager: 'AWS', policy: null }), `${GIVEN_KEY} is an AWS managed key, whose policy cannot be changed`],
    ['the key is disabled', fixKey({ keyState: 'Disabled' }), `key ${GIVEN_KEY} is Disabled`],
    ['its policy was not read', fixKey({ policy: null }), 'its key policy was not read'],
    [
      'the snapshot has no key (fix --snapshot of an older one)',
      undefined,
      `that key was not read (a snapshot saved without fix --kms-key ${GIVEN_KEY}): run fix --kms-key ${GIVEN_KEY} on the account`,
    ],
  ] as [string, AccountSnapshot['fixKey'], string][])('leaves the topic alone when %s, and says why', (_name, key, why) => {
    const fix = plan(withFixKey(key), options, ['CloudWatch.1']);
    expect(fix.actions).toEqual([]);
    expect(fix.notes).toEqual([
      `SNS topic ${ALERT_TOPIC_ARN} is encrypted with the AWS managed key alias/aws/sns, which neither CloudWatch alarms nor EventBridge rules can use: fix does not encrypt it with --kms-key ${GIVEN_KEY}, because ${why}`,
    ]);
  });

  it('leaves the topic alone when a grant would not be enough (a Deny in the key policy)', () => {
    const deny = { Sid: 'NoCloudWatch', Effect: 'Deny', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'kms:*', Resource: '*' };
    const fix = plan(withFixKey(fixKey({ policy: policyOf(ROOT_STATEMENT, deny) })), options, ['CloudWatch.1']);
    expect(fix.actions).toEqual([]);
    expect(fix.notes).toEqual([
      expect.stringMatching(new RegExp(`fix does not change key ${GIVEN_KEY}, because a grant would not be enough \\(.*NoCloudWatch`)),
    ]);
  });
});
