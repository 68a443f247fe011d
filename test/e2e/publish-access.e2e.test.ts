import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import { GetTopicAttributesCommand, SetTopicAttributesCommand } from '@aws-sdk/client-sns';
import { beforeEach, expect, it } from 'vitest';
import type { Result } from '../../src/checks/types.js';
import {
  ACCOUNT_ID,
  aws,
  buildCompliantTrail,
  buildEventRule,
  buildMetricMonitor,
  CIS_IAM_POLICY_PATTERN,
  createAlarmTopic,
  iamEventRulePattern,
  IAM_POLICY_EVENTS,
  type AwsContext,
  type BuiltTrail,
} from './accounts.js';
import { brief, onlyResult, reportOf, runCli, scanArgs, type CliRun, type Report } from './cli.js';
import { describeWithMoto, useMoto } from './moto.js';

/**
 * The last hop end to end, on CloudWatch.4 (IAM policy changes): may CloudWatch (an alarm) or
 * EventBridge (a rule) publish to the topic and use its key? moto stores topic policies, KMS keys
 * and key policies verbatim and enforces none of them: every verdict below is trailwarden's policy
 * evaluator on what moto returns. One account per test.
 */

const REGIONS = ['us-east-1'];
const SLOW = 120_000;

describeWithMoto('the permission to publish (end to end against moto)', () => {
  const moto = useMoto();
  let trail: BuiltTrail;
  let topicArn: string;

  beforeEach(async () => {
    trail = await buildCompliantTrail(moto);
    topicArn = await createAlarmTopic(moto, 'us-east-1');
  });

  const scan = async (): Promise<Report> => reportOf(await runCli(scanArgs(moto.endpoint, REGIONS)));
  const fix = (...flags: string[]): Promise<CliRun> =>
    runCli(['fix', '--endpoint-url', moto.endpoint, ...REGIONS.flatMap((region) => ['--region', region]), '--controls', 'CloudWatch.4', ...flags]);

  async function cloudWatch4(status: Result['status']): Promise<Result> {
    const result = onlyResult(await scan(), 'CloudWatch.4');
    expect(result.status, brief(result)).toBe(status);
    return result;
  }

  /** fix applies what it planned, the scan then passes, and a second fix has nothing to do. */
  async function fixedForGood(...flags: string[]): Promise<CliRun> {
    const run = await fix('--yes', ...flags);
    expect(run.code, `${run.stdout.slice(-2_000)}\n${run.stderr.slice(-2_000)}`).toBe(0);
    expect(run.stdout).toMatch(/^All \d+ action\(s\) applied\.$/m);
    await cloudWatch4('PASS');
    const again = await fix('--yes', ...flags);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`^Nothing to change in account ${ACCOUNT_ID}\\.$`, 'm'));
    return run;
  }

  const iamRule = (consoleTopicPolicy: boolean) =>
    buildEventRule(moto, { name: 'iam-policy-changes', region: 'us-east-1', pattern: iamEventRulePattern(IAM_POLICY_EVENTS), topicArn, consoleTopicPolicy });
  const iamAlarm = () => buildMetricMonitor(moto, trail, { name: 'IAMPolicyChanges', pattern: CIS_IAM_POLICY_PATTERN, topicArn });

  it(
    "a rule to a topic with CreateTopic's default policy fails; fix merges a statement for events.amazonaws.com, then it passes",
    async () => {
      await iamRule(false);
      const { reason } = await cloudWatch4('FAIL');
      expect(reason).toMatch(
        /rule iam-policy-changes in us-east-1 targets arn:aws:sns:us-east-1:123456789012:security-alerts, but the topic policy of topic security-alerts does not allow events\.amazonaws\.com to publish/,
      );

      await fixedForGood('--via', 'eventbridge', '--sns-topic-arn', topicArn);
      const policy = JSON.parse((await topicAttributes(moto, topicArn))['Policy']!) as { Statement: { Sid: string }[] };
      // The default statement is still there; the new one is added next to it.
      expect(policy.Statement.map((s) => s.Sid)).toEqual(['__default_statement_ID', 'EventBridgeRulesPublish']);
    },
    SLOW,
  );

  it("a rule to a topic whose policy has the console's statement for EventBridge passes", async () => {
    await iamRule(true);
    expect((await cloudWatch4('PASS')).evidence).toMatchObject({ path: 'eventbridge' });
  });

  it(
    'a topic encrypted with alias/aws/sns fails for the alarm and for the rule; fix leaves the encryption alone and says so',
    async () => {
      await iamAlarm();
      await iamRule(true);
      await setTopicAttribute(moto, topicArn, 'KmsMasterKeyId', 'alias/aws/sns');
      const { reason } = await cloudWatch4('FAIL');
      expect(reason).toMatch(
        /alarm IAMPolicyChanges notifies arn:aws:sns:us-east-1:123456789012:security-alerts, but topic security-alerts is encrypted with alias\/aws\/sns, which CloudWatch cannot use: no notification is ever delivered/,
      );
      expect(reason).toMatch(
        /rule iam-policy-changes in us-east-1 targets .*, but topic security-alerts is encrypted with alias\/aws\/sns, which EventBridge cannot use/,
      );

      const run = await fix('--dry-run');
      expect(run.stdout).toMatch(
        /encrypted with the AWS managed key alias\/aws\/sns, which CloudWatch alarms cannot use and whose policy cannot be changed: fix leaves the topic's encryption alone/,
      );
      expect(run.stdout).not.toMatch(/SetTopicAttributes|PutKeyPolicy/);
      expect((await topicAttributes(moto, topicArn))['KmsMasterKeyId']).toBe('alias/aws/sns');
    },
    SLOW,
  );

  it(
    'with --kms-key create, fix gives a topic on alias/aws/sns a customer managed key both services may use, then it passes',
    async () => {
      await iamAlarm();
      await iamRule(true);
      await setTopicAttribute(moto, topicArn, 'KmsMasterKeyId', 'alias/aws/sns');
      await cloudWatch4('FAIL');
      await fixedForGood('--kms-key', 'create');
      expect((await topicAttributes(moto, topicArn))['KmsMasterKeyId']).toBe('alias/trailwarden-sns-security-alerts');
    },
    SLOW,
  );

  it(
    'with --kms-key ARN (a key of the account), fix grants CloudWatch in its policy, keeping the rest, and encrypts a topic on alias/aws/sns with it, then it passes',
    async () => {
      await iamAlarm();
      const keyArn = await createKey(moto);
      await setTopicAttribute(moto, topicArn, 'KmsMasterKeyId', 'alias/aws/sns');
      await cloudWatch4('FAIL');
      await fixedForGood('--kms-key', keyArn);
      expect((await topicAttributes(moto, topicArn))['KmsMasterKeyId']).toBe(keyArn);
      const { Policy } = await aws.kms(moto, 'us-east-1').send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }));
      expect((JSON.parse(Policy!) as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid)).toEqual([
        'Enable IAM User Permissions',
        'TrailwardenCloudWatchUsesTopicKey',
      ]);
    },
    SLOW,
  );

  it(
    'a customer managed key without the grant fails; fix grants CloudWatch in the key policy, keeping the rest, then it passes',
    async () => {
      await iamAlarm();
      const keyArn = await createKey(moto);
      await setTopicAttribute(moto, topicArn, 'KmsMasterKeyId', keyArn);
      const { reason } = await cloudWatch4('FAIL');
      expect(reason).toContain(
        `topic security-alerts is encrypted with key ${keyArn}, whose key policy does not grant cloudwatch.amazonaws.com kms:GenerateDataKey*: no notification is ever delivered`,
      );

      await fixedForGood();
      const { Policy } = await aws.kms(moto, 'us-east-1').send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }));
      const statements = (JSON.parse(Policy!) as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid);
      expect(statements).toEqual(['Enable IAM User Permissions', 'TrailwardenCloudWatchUsesTopicKey']);
    },
    SLOW,
  );

  it('a customer managed key that grants CloudWatch passes', async () => {
    await iamAlarm();
    const keyArn = await createKey(moto, {
      Sid: 'CloudWatchAlarms',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
    });
    await setTopicAttribute(moto, topicArn, 'KmsMasterKeyId', keyArn);
    expect((await cloudWatch4('PASS')).evidence).toMatchObject({ path: 'metric-filter' });
  });

  it(
    'a replaced topic policy that lets neither CloudWatch nor the account publish fails; fix merges a CloudWatch statement, then it passes',
    async () => {
      await iamAlarm();
      const s3Only = {
        Version: '2012-10-17',
        Statement: [{ Sid: 'S3Events', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sns:Publish', Resource: topicArn }],
      };
      await setTopicAttribute(moto, topicArn, 'Policy', JSON.stringify(s3Only));
      expect((await cloudWatch4('FAIL')).reason).toMatch(
        /broken at the permission to publish: alarm IAMPolicyChanges notifies .*, but the topic policy of topic security-alerts does not allow cloudwatch\.amazonaws\.com to publish/,
      );

      await fixedForGood();
      const policy = JSON.parse((await topicAttributes(moto, topicArn))['Policy']!) as { Statement: { Sid: string }[] };
      expect(policy.Statement.map((s) => s.Sid)).toEqual(['S3Events', 'CloudWatchAlarmsPublish']);
    },
    SLOW,
  );

  it('a rule whose policies all hold but that CloudWatch saw failing to invoke its target fails, with the count as evidence; no data is no failure', async () => {
    await iamRule(true);
    await cloudWatch4('PASS');
    // moto accepts datapoints in AWS/ namespaces, which stand in for what EventBridge publishes itself.
    await aws.cloudwatch(moto, 'us-east-1').send(
      new PutMetricDataCommand({
        Namespace: 'AWS/Events',
        // A minute ago, as CloudWatch stamps a minute's datapoint: the query's end time is sent to the second, so a
        // datapoint stamped within the second the scan starts in could fall just past it.
        MetricData: [
          {
            MetricName: 'FailedInvocations',
            Dimensions: [{ Name: 'RuleName', Value: 'iam-policy-changes' }],
            Value: 14,
            Timestamp: new Date(Date.now() - 60_000),
          },
        ],
      }),
    );
    const { reason } = await cloudWatch4('FAIL');
    expect(reason).toMatch(
      /rule iam-policy-changes in us-east-1 targets .*, but it had 14 failed invocations in the last 24 h \(AWS\/Events FailedInvocations\)/,
    );
  });

  it("a rule target that publishes as a role: the role's attached policy decides", async () => {
    await iamRule(false);
    // Only S3 may publish by the topic policy: EventBridge publishes as the role here, so the role's own policies decide.
    await setTopicAttribute(
      moto,
      topicArn,
      'Policy',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'S3Events', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sns:Publish', Resource: topicArn }],
      }),
    );
    const iam = aws.iam(moto);
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'eventbridge-sns', AssumeRolePolicyDocument: trust }));
    const target = (roleArn: string) =>
      aws.events(moto, 'us-east-1').send(new PutTargetsCommand({ Rule: 'iam-policy-changes', Targets: [{ Id: 'alert', Arn: topicArn, RoleArn: roleArn }] }));
    await target(Role!.Arn!);
    expect((await cloudWatch4('FAIL')).reason).toMatch(
      /its target role arn:aws:iam::123456789012:role\/eventbridge-sns is not allowed sns:Publish on topic security-alerts/,
    );

    const { Policy } = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'publish-alerts',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: topicArn }] }),
      }),
    );
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'eventbridge-sns', PolicyArn: Policy!.Arn! }));
    expect((await cloudWatch4('PASS')).evidence).toMatchObject({ path: 'eventbridge' });
  });

  it('a topic policy whose only grant depends on a condition trailwarden cannot decide is ERROR, naming the statement and the condition', async () => {
    await iamAlarm();
    const orgOnly = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OrgPublishers',
          Effect: 'Allow',
          Principal: '*',
          Action: 'sns:Publish',
          Resource: topicArn,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      ],
    };
    await setTopicAttribute(moto, topicArn, 'Policy', JSON.stringify(orgOnly));
    const { reason } = await cloudWatch4('ERROR');
    expect(reason).toMatch(
      /whether CloudWatch may publish to topic security-alerts is uncertain: Allow OrgPublishers: condition StringEquals aws:PrincipalOrgID/,
    );
  });
});

async function topicAttributes(ctx: AwsContext, topicArn: string): Promise<Record<string, string>> {
  return (await aws.sns(ctx, 'us-east-1').send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes ?? {};
}

async function setTopicAttribute(ctx: AwsContext, topicArn: string, name: string, value: string): Promise<void> {
  await aws.sns(ctx, 'us-east-1').send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: name, AttributeValue: value }));
}

/** A customer managed key whose policy lets the account administer it, plus `grants`. */
async function createKey(ctx: AwsContext, ...grants: object[]): Promise<string> {
  const Policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: 'kms:*', Resource: '*' },
      ...grants,
    ],
  });
  const { KeyMetadata } = await aws.kms(ctx, 'us-east-1').send(new CreateKeyCommand({ Policy, Description: 'alerts' }));
  return KeyMetadata!.Arn!;
}
