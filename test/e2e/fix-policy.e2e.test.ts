import { CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { beforeEach, expect, it } from 'vitest';
import { ACCOUNT_ID, aws, buildInsecureAccount } from './accounts.js';
import { runCli, STACK_FRAME } from './cli.js';
import { describeWithMoto, useMoto } from './moto.js';

/**
 * The policy `trailwarden iam-policy fix FLAGS` prints is enough for `fix FLAGS`: an IAM user holding
 * it repairs an insecure account with moto enforcing IAM. moto checks actions, not what the
 * policy's Resource and Condition elements say about the request (it matches Resource against `*`
 * and knows no `iam:PermissionsBoundary` or `aws:RequestTag` of a request), so the user gets the
 * printed actions on `*` without conditions: this test is about the actions; resources and
 * conditions are the unit tests' (test/commands/iam-policy.test.ts).
 */

const REGIONS = ['us-east-1'];
const ACCESS_LOG_BUCKET = `access-logs-${ACCOUNT_ID}`;
const FIX_FLAGS = ['--notify', 'email:sec@example.com', '--kms-key', 'create', '--access-log-bucket', ACCESS_LOG_BUCKET];

/**
 * Actions moto 5.2.1 authorises some calls under, instead of the ones IAM documents (each found by
 * leaving it out): CloudWatch PutMetricAlarm under the endpoint prefix, `monitoring:`; S3
 * GetPublicAccessBlock of a bucket as `s3:ListBucket` (its action table spells the query key
 * otherwise, so the call falls to the GET default; PutPublicAccessBlock falls to the PUT default,
 * `s3:CreateBucket`, which the policy has anyway); S3 Control's as `s3:GetPublicAccessBlock`.
 */
const MOTO_ACTION_NAMES = ['monitoring:PutMetricAlarm', 's3:ListBucket', 's3:GetPublicAccessBlock'];

describeWithMoto('fix as an IAM user holding exactly the iam-policy fix policy (moto enforcing IAM)', () => {
  const moto = useMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: '0' } });
  let users = 0;

  beforeEach(async () => {
    await moto.resetAuth(Infinity);
    await buildInsecureAccount(moto);
    const s3 = aws.s3(moto);
    await s3.send(new CreateBucketCommand({ Bucket: ACCESS_LOG_BUCKET }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: ACCESS_LOG_BUCKET,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'S3ServerAccessLogs',
              Effect: 'Allow',
              Principal: { Service: 'logging.s3.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: `arn:aws:s3:::${ACCESS_LOG_BUCKET}/*`,
            },
          ],
        }),
      }),
    );
  });

  /** The boundary an administrator creates once, as the README says. */
  async function createBoundary(): Promise<void> {
    const printed = await runCli(['iam-policy', 'boundary']);
    await aws.iam(moto).send(new CreatePolicyCommand({ PolicyName: 'trailwarden-cloudtrail-logs-boundary', PolicyDocument: printed.stdout }));
  }

  /** A user with the actions of `iam-policy fix FLAGS` (and moto's names); its key as the CLI's environment. Enforcement is on afterwards. */
  async function userWithFixPolicy(extra: string[] = []): Promise<Record<string, string>> {
    const printed = await runCli(['iam-policy', 'fix', ...FIX_FLAGS, ...extra]);
    expect(printed.code, printed.stderr).toBe(0);
    const policy = printed.json as { Statement: { Action: string[] }[] };
    const statements = [
      ...policy.Statement.map((statement) => ({ Effect: 'Allow', Action: statement.Action, Resource: '*' })),
      { Effect: 'Allow', Action: MOTO_ACTION_NAMES, Resource: '*' },
    ];
    const iam = aws.iam(moto);
    const userName = `fixer-${++users}`;
    await iam.send(new CreateUserCommand({ UserName: userName }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: userName,
        PolicyName: 'trailwarden-fix',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      }),
    );
    const { AccessKey: key } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    await moto.resetAuth(0);
    return { AWS_ACCESS_KEY_ID: key!.AccessKeyId!, AWS_SECRET_ACCESS_KEY: key!.SecretAccessKey! };
  }

  const fixArgs = ['fix', '--endpoint-url', '', ...REGIONS.flatMap((region) => ['--region', region]), '--yes', '--quiet', ...FIX_FLAGS];
  const withEndpoint = (extra: string[] = []): string[] => [...fixArgs.map((arg) => (arg === '' ? moto.endpoint : arg)), ...extra];

  it('with the boundary in place: every planned call is allowed', async () => {
    await createBoundary();
    const run = await runCli(withEndpoint(), await userWithFixPolicy());
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).not.toMatch(/FAILED/);
    expect(run.code, `${run.stdout.slice(-3_000)}\n${run.stderr}`).toBe(0);
    // Neither a read of the scan fix runs first (it would leave controls undecided) nor a write was refused.
    expect(run.stdout).not.toMatch(/could not decide|failed with AccessDenied|HTTP403/);
    expect(run.stdout).toMatch(/All \d+ action\(s\) applied\./);
  }, 120_000);

  it('with --cloudwatch-logs-role-arn (a role an administrator made): no boundary needed, no IAM role created', async () => {
    const { Role: role } = await aws.iam(moto).send(
      new CreateRoleCommand({
        RoleName: 'CloudTrailToLogs',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    const withRole = ['--cloudwatch-logs-role-arn', role!.Arn!];
    const run = await runCli(withEndpoint(withRole), await userWithFixPolicy(withRole));
    expect(run.stdout).not.toMatch(/could not decide|failed with AccessDenied|HTTP403|iam:CreateRole/);
    expect(run.code, `${run.stdout.slice(-3_000)}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/All \d+ action\(s\) applied\./);
  }, 120_000);

  it('without the boundary: fix stops at iam:CreatePolicy, which only an administrator may do', async () => {
    const run = await runCli(withEndpoint(), await userWithFixPolicy());
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAILED: iam:CreatePolicy failed with AccessDenied/);
  }, 120_000);
});
