import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { beforeAll, expect, it } from 'vitest';
import {
  aws,
  buildCompliantTrail,
  buildEventRule,
  buildMetricMonitor,
  CIS_IAM_POLICY_PATTERN,
  createAlarmTopic,
  iamEventRulePattern,
  IAM_POLICY_EVENTS,
} from './accounts.js';
import { reportOf, runCli, scanArgs, STACK_FRAME } from './cli.js';
import { describeWithMoto, useMoto } from './moto.js';

/**
 * The policy `trailwarden iam-policy scan` prints is enough for `scan`: an IAM user holding exactly
 * that policy scans an account that has something of every kind (a KMS-encrypted trail delivering
 * to a log group, a metric filter with an alarm and a topic, an EventBridge rule) with moto
 * enforcing IAM, and no call is denied; with `--to-security-hub`, the import succeeds too.
 */

const REGIONS = ['us-east-1', 'eu-west-1'];

/**
 * moto 5.2.1 authorises a few calls under another action than the one IAM documents. The user also
 * gets these, in a statement of their own, so that the test checks trailwarden's policy and not
 * moto's naming; AWS never asks for them:
 * - CloudWatch DescribeAlarms and GetMetricData as `monitoring:DescribeAlarms` and
 *   `monitoring:GetMetricData` (the service's endpoint prefix; IAM's is `cloudwatch:`);
 * - S3 GetPublicAccessBlock of a bucket as `s3:ListBucket` (moto's action table spells the query
 *   key `public_access_block`, the request says `publicAccessBlock`, so it falls to the default);
 * - S3 Control GetPublicAccessBlock of the account as `s3:GetPublicAccessBlock` (IAM:
 *   `s3:GetAccountPublicAccessBlock`).
 */
const MOTO_ACTION_NAMES = ['monitoring:DescribeAlarms', 'monitoring:GetMetricData', 's3:ListBucket', 's3:GetPublicAccessBlock'];

/**
 * moto matches a statement's Resource against `*` for most calls (it does not work out the ARN a
 * request touches, a Security Hub product for instance), so a scoped statement never matches there.
 * The user gets the policy's statements with their actions as printed and Resource `*`: this test
 * is about the actions; the resources are the unit tests' (test/commands/iam-policy.test.ts).
 */
function asMotoMatchesIt(statement: { Resource?: unknown }): object {
  return { ...statement, Resource: '*' };
}

describeWithMoto('scan as an IAM user holding exactly the iam-policy scan policy (moto enforcing IAM)', () => {
  const moto = useMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: '0' }, resetBeforeEach: false });
  let users = 0;

  /** A user with the policy `iam-policy ARGS` prints (and moto's names), and its key as the CLI's environment. */
  async function userWithPolicyOf(args: string[]): Promise<Record<string, string>> {
    const printed = await runCli(['iam-policy', ...args]);
    expect(printed.code, printed.stderr).toBe(0);
    const policy = printed.json as { Statement: object[] };
    await moto.resetAuth(Infinity);
    const iam = aws.iam(moto);
    const userName = `scanner-${++users}`;
    await iam.send(new CreateUserCommand({ UserName: userName }));
    const document = {
      ...policy,
      Statement: [...policy.Statement.map(asMotoMatchesIt), { Sid: 'MotoActionNames', Effect: 'Allow', Action: MOTO_ACTION_NAMES, Resource: '*' }],
    };
    await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'trailwarden-scan', PolicyDocument: JSON.stringify(document) }));
    const { AccessKey: key } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    await moto.resetAuth(0);
    return { AWS_ACCESS_KEY_ID: key!.AccessKeyId!, AWS_SECRET_ACCESS_KEY: key!.SecretAccessKey! };
  }

  beforeAll(async () => {
    await moto.resetAuth(Infinity);
    const trail = await buildCompliantTrail(moto);
    const topicArn = await createAlarmTopic(moto, 'us-east-1');
    await buildMetricMonitor(moto, trail, { name: 'IAMPolicyChanges', pattern: CIS_IAM_POLICY_PATTERN, topicArn });
    await buildEventRule(moto, { region: 'us-east-1', name: 'iam-policy-changes', pattern: iamEventRulePattern(IAM_POLICY_EVENTS), topicArn });
    await moto.resetAuth(0);
  });

  it('scan: no call is denied', async () => {
    const run = await runCli(scanArgs(moto.endpoint, REGIONS), await userWithPolicyOf(['scan']));
    expect(run.stderr).not.toMatch(STACK_FRAME);
    const report = reportOf(run);
    expect(report.collectionErrors).toEqual([]);
    expect(report.results.filter((result) => result.status === 'ERROR')).toEqual([]);
  });

  it('scan --to-security-hub: no call is denied, and the findings are imported', async () => {
    const run = await runCli(scanArgs(moto.endpoint, REGIONS, '--to-security-hub'), await userWithPolicyOf(['scan', '--to-security-hub']));
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(reportOf(run).collectionErrors).toEqual([]);
    expect(run.stderr).toMatch(/Security Hub \(us-east-1\): imported \d+ finding/);
    expect(run.code, run.stderr).not.toBe(2);
  });

  it('scan --to-security-hub with the plain scan policy is refused the import (the flag needs its own permission)', async () => {
    const run = await runCli(scanArgs(moto.endpoint, REGIONS, '--to-security-hub'), await userWithPolicyOf(['scan']));
    expect(reportOf(run).collectionErrors).toEqual([]);
    expect(run.code).toBe(2);
    // moto refuses with HTTP 403 and an XML body, which the JSON client cannot read: the name of
    // the error is lost, not the refusal.
    expect(run.stderr).toMatch(/Security Hub import failed in us-east-1: /);
    expect(run.stderr).not.toMatch(/imported \d+ finding/);
  });
});
