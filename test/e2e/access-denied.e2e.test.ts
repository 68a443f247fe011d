import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { beforeAll, expect, it } from 'vitest';
import type { Result } from '../../src/checks/types.js';
import type { CollectionError } from '../../src/snapshot/types.js';
import { ACCOUNT_ID, aws, buildCompliantTrail, buildMetricMonitor, CIS_IAM_POLICY_PATTERN, createAlarmTopic, type BuiltTrail } from './accounts.js';
import { brief, onlyResult, reportOf, runCli, scanArgs, STACK_FRAME, type CliRun, type Report } from './cli.js';
import { describeWithMoto, useMoto } from './moto.js';

/**
 * A call the scanning identity may not make: the controls that need what it would have read report
 * ERROR naming the call and AccessDenied, every other control keeps its verdict, and the scan still
 * ends with a report. moto enforces IAM here: its server runs with INITIAL_NO_AUTH_ACTION_COUNT=0,
 * so every request is authorised against the policies of the IAM user whose key signed it. The
 * account is built with enforcement switched off (`resetAuth(Infinity)`, the builders sign with the
 * 'testing' keys, which are no IAM user), then switched on again (`resetAuth(0)`) for each scan.
 */

const REGIONS = ['us-east-1', 'eu-west-1'];
/** The CloudTrail controls: about the account (.1, .3) and about the trail or its bucket. */
const CLOUDTRAIL_CONTROLS = ['CloudTrail.1', 'CloudTrail.2', 'CloudTrail.3', 'CloudTrail.4', 'CloudTrail.5', 'CloudTrail.6', 'CloudTrail.7'];
const ALLOW_EVERYTHING = { Effect: 'Allow', Action: '*', Resource: '*' };

interface AccessKey {
  userName: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** The CLI's environment for this user: its key instead of the 'testing' one. */
function signedAs(key: AccessKey): Record<string, string> {
  return { AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey };
}

/** Each result of a control as `status region arn`, in a stable order: two scans agree on a control when these do. */
function verdicts(report: Report): Map<string, string[]> {
  const byControl = new Map<string, string[]>();
  for (const result of report.results) {
    byControl.set(result.controlId, [...(byControl.get(result.controlId) ?? []), `${result.status} ${result.resource.region} ${result.resource.arn}`]);
  }
  for (const list of byControl.values()) list.sort();
  return byControl;
}

/**
 * The controls whose results in `restricted` differ from `baseline`'s, with their results. Both
 * report the same controls; a control that changed reports nothing but ERROR (it may be about
 * another resource: without the log group, the alarm controls cannot say which alarms matter and
 * report on the log group instead).
 */
function flipped(baseline: Report, restricted: Report): Record<string, Result[]> {
  const before = verdicts(baseline);
  const after = verdicts(restricted);
  expect([...after.keys()].sort(), 'the same controls').toEqual([...before.keys()].sort());
  const changed: Record<string, Result[]> = {};
  for (const [controlId, results] of after) {
    if (JSON.stringify(results) === JSON.stringify(before.get(controlId))) continue;
    const now = restricted.results.filter((result) => result.controlId === controlId);
    for (const result of now) expect(result.status, `${brief(result)} (was ${before.get(controlId)!.join('; ')})`).toBe('ERROR');
    changed[controlId] = now;
  }
  return changed;
}

/** A scan that must end with a report, never a crash or a usage error. */
function completedScan(run: CliRun): Report {
  expect(run.stderr).not.toMatch(STACK_FRAME);
  const report = reportOf(run);
  expect([0, 1], `exit code ${run.code}\n${run.stderr}`).toContain(run.code);
  return report;
}

describeWithMoto('a call the scanner may not make (end to end against moto enforcing IAM)', () => {
  const moto = useMoto({ env: { INITIAL_NO_AUTH_ACTION_COUNT: '0' }, resetBeforeEach: false });
  let trail: BuiltTrail;
  let admin: AccessKey;
  /** The scan of an identity allowed everything: what each restricted scan is compared with. */
  let baseline: Report;
  let users = 0;

  /** An IAM user allowed everything but `denied` (explicit Deny statements), with an access key. */
  async function createUser(name: string, denied: string[]): Promise<AccessKey> {
    const iam = aws.iam(moto);
    await iam.send(new CreateUserCommand({ UserName: name }));
    const statements = [ALLOW_EVERYTHING, ...(denied.length > 0 ? [{ Effect: 'Deny', Action: denied, Resource: '*' }] : [])];
    await iam.send(
      new PutUserPolicyCommand({ UserName: name, PolicyName: 'scan', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }),
    );
    const { AccessKey: key } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error('IAM CreateAccessKey returned no key');
    return { userName: name, accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
  }

  /** Scans as a new user denied `denied`: enforcement is off while the user is created, on for the scan. */
  async function scanDenied(denied: string[]): Promise<{ run: CliRun; report: Report; user: AccessKey }> {
    await moto.resetAuth(Infinity);
    const user = await createUser(`auditor-${++users}`, denied);
    await moto.resetAuth(0);
    const run = await runCli(scanArgs(moto.endpoint, REGIONS), signedAs(user));
    return { run, report: completedScan(run), user };
  }

  /** Each result is an ERROR naming the denied call, AccessDenied, and the refusal of this user. */
  function expectDenied(results: Result[], operation: string, user: AccessKey): void {
    expect(results.length, operation).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.status, brief(result)).toBe('ERROR');
      expect(result.reason, brief(result)).toContain(`${operation} in `);
      expect(result.reason, brief(result)).toMatch(/failed with AccessDenied/);
      expect(result.reason, brief(result)).toContain(`arn:aws:iam::${ACCOUNT_ID}:user/${user.userName} is not authorized to perform: ${operation}`);
    }
  }

  /** The report's failed calls: exactly `operations`, each AccessDenied. */
  function expectCollectionErrors(report: Report, operations: string[]): CollectionError[] {
    expect([...new Set(report.collectionErrors.map((error) => error.operation))].sort()).toEqual([...operations].sort());
    for (const error of report.collectionErrors) expect(error.code, JSON.stringify(error)).toBe('AccessDenied');
    return report.collectionErrors;
  }

  beforeAll(async () => {
    await moto.resetAuth(Infinity);
    // A compliant multi-Region trail delivering to a us-east-1 log group, and one complete CIS chain
    // (CloudWatch.4: filter → alarm → topic with a subscriber), so that some monitoring control passes.
    trail = await buildCompliantTrail(moto);
    const topicArn = await createAlarmTopic(moto, 'us-east-1');
    await buildMetricMonitor(moto, trail, { name: 'IAMPolicyChanges', pattern: CIS_IAM_POLICY_PATTERN, topicArn });
    admin = await createUser('admin', []);
    await moto.resetAuth(0);
    baseline = completedScan(await runCli(scanArgs(moto.endpoint, REGIONS), signedAs(admin)));
  });

  it("enforcement is on: the 'testing' keys are refused (exit 2), the unrestricted user scans without a failed call", async () => {
    const refused = await runCli(scanArgs(moto.endpoint, REGIONS));
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/AWS does not recognise the access key/);
    expect(refused.stderr).not.toMatch(STACK_FRAME);

    expect(baseline.collectionErrors).toEqual([]);
    for (const id of [...CLOUDTRAIL_CONTROLS, 'CloudWatch.4', 'CloudWatch.15', 'CloudWatch.16', 'CloudWatch.17']) {
      const result = onlyResult(baseline, id);
      expect(result.status, brief(result)).toBe('PASS');
    }
    // The other CIS chains are missing: FAIL, which is what the denials below must not turn into PASS.
    expect(onlyResult(baseline, 'CloudWatch.1').status).toBe('FAIL');
  });

  it('logs:DescribeLogGroups denied: the log group controls are ERROR naming the call; CloudTrail.1-4 keep their verdicts', async () => {
    const { run, report, user } = await scanDenied(['logs:DescribeLogGroups']);
    const changed = flipped(baseline, report);

    expectCollectionErrors(report, ['logs:DescribeLogGroups']);
    expect(report.collectionErrors[0]).toMatchObject({ region: 'us-east-1', resource: trail.logGroupArn!.replace(/:\*$/, '') });
    // Retention, the alarms relied on (unknown without the filters), delivery to the group, and every
    // metric-filter chain: each needs the log group.
    expect(Object.keys(changed).sort()).toEqual(
      [
        'CloudTrail.5',
        'CloudWatch.1',
        'CloudWatch.10',
        'CloudWatch.11',
        'CloudWatch.12',
        'CloudWatch.13',
        'CloudWatch.14',
        'CloudWatch.15',
        'CloudWatch.16',
        'CloudWatch.17',
        'CloudWatch.2',
        'CloudWatch.3',
        'CloudWatch.4',
        'CloudWatch.5',
        'CloudWatch.6',
        'CloudWatch.7',
        'CloudWatch.8',
        'CloudWatch.9',
        'TW.1',
      ].sort(),
    );
    expectDenied(Object.values(changed).flat(), 'logs:DescribeLogGroups', user);
    expect(onlyResult(report, 'CloudWatch.16').reason).toMatch(
      new RegExp(`^could not read log group ${trail.logGroupName}: logs:DescribeLogGroups in us-east-1 failed with AccessDenied`),
    );
    for (const id of ['CloudTrail.1', 'CloudTrail.2', 'CloudTrail.3', 'CloudTrail.4']) expect(onlyResult(report, id).status, id).toBe('PASS');

    // Every FAIL became an ERROR, so nothing fails: exit 0, unless ERRORs count.
    expect(run.code).toBe(0);
    const strict = await runCli(scanArgs(moto.endpoint, REGIONS, '--fail-on-error'), signedAs(user));
    expect(strict.code).toBe(1);
    expect(strict.stderr).not.toMatch(STACK_FRAME);
  });

  it("cloudtrail:GetEventSelectors denied: CloudTrail.1 is ERROR, not FAIL, and so is the chain that needs the trail's selectors", async () => {
    const { run, report, user } = await scanDenied(['cloudtrail:GetEventSelectors']);
    const changed = flipped(baseline, report);

    expectCollectionErrors(report, ['cloudtrail:GetEventSelectors']);
    expect(report.collectionErrors[0]).toMatchObject({ region: 'us-east-1', resource: trail.arn });
    // CloudWatch.4 passed through this trail; whether it logs the management events is now unknown.
    expect(Object.keys(changed).sort()).toEqual(['CloudTrail.1', 'CloudWatch.4']);
    expectDenied(Object.values(changed).flat(), 'cloudtrail:GetEventSelectors', user);
    expect(onlyResult(report, 'CloudTrail.1').reason).toMatch(
      /^could not read the event selectors of trail org-audit: cloudtrail:GetEventSelectors in us-east-1 failed with AccessDenied/,
    );
    expect(run.code).toBe(1);
  });

  it('events:ListRules denied: a monitoring control whose metric chain fails is ERROR, not FAIL; one whose chain holds still passes', async () => {
    const { run, report, user } = await scanDenied(['events:ListRules']);
    const changed = flipped(baseline, report);

    // Denied in every scanned Region.
    expectCollectionErrors(report, ['events:ListRules']);
    expect(report.collectionErrors.map((error) => error.region).sort()).toEqual([...REGIONS].sort());
    // An EventBridge rule could have covered what the metric filters miss: unknown, so ERROR.
    const failedInBaseline = baseline.results.filter((result) => result.status === 'FAIL').map((result) => result.controlId);
    expect(failedInBaseline.length).toBeGreaterThan(0);
    expect(Object.keys(changed).sort()).toEqual(failedInBaseline.sort());
    expectDenied(Object.values(changed).flat(), 'events:ListRules', user);
    // The metric-filter chain alone meets CloudWatch.4: the rules do not matter.
    expect(onlyResult(report, 'CloudWatch.4').status).toBe('PASS');
    expect(run.code).toBe(0);
  });

  it('cloudtrail:GetTrailStatus denied: logging, delivery and the chain through the trail are ERROR naming it', async () => {
    const { run, report, user } = await scanDenied(['cloudtrail:GetTrailStatus']);
    const changed = flipped(baseline, report);

    expectCollectionErrors(report, ['cloudtrail:GetTrailStatus']);
    expect(Object.keys(changed).sort()).toEqual(['CloudTrail.1', 'CloudTrail.3', 'CloudTrail.5', 'CloudWatch.4']);
    expectDenied(Object.values(changed).flat(), 'cloudtrail:GetTrailStatus', user);
    expect(onlyResult(report, 'CloudTrail.3').reason).toMatch(
      /^could not read the status of trail org-audit: cloudtrail:GetTrailStatus in us-east-1 failed with AccessDenied/,
    );
    expect(run.code).toBe(1);
  });

  it('s3 reads denied: CloudTrail.6 passes while Block Public Access settles it, and is ERROR once that is unreadable too', async () => {
    // The bucket's own Block Public Access neutralises any policy or ACL: not reading them changes
    // nothing for CloudTrail.6; only the controls about the policy itself (who CloudTrail writes for, TW.6; who else deletes, TW.7) cannot tell.
    const policyAndAcl = await scanDenied(['s3:GetBucketPolicy', 's3:GetBucketAcl']);
    expectCollectionErrors(policyAndAcl.report, ['s3:GetBucketPolicy', 's3:GetBucketAcl']);
    expect(Object.keys(flipped(baseline, policyAndAcl.report)).sort()).toEqual(['TW.6', 'TW.7']);
    expect(onlyResult(policyAndAcl.report, 'CloudTrail.6').reason).toMatch(
      /RestrictPublicBuckets \(bucket level\) neutralises any public bucket policy; IgnorePublicAcls \(bucket level\) neutralises any public ACL grant/,
    );

    // IAM names the bucket's GetPublicAccessBlock s3:GetBucketPublicAccessBlock; moto 5.2.1 authorises it as s3:ListBucket.
    const blind = await scanDenied(['s3:GetBucketPolicy', 's3:GetBucketAcl', 's3:GetBucketPublicAccessBlock', 's3:ListBucket']);
    // moto authorises GetObjectLockConfiguration as s3:ListBucket too (IAM: s3:GetBucketObjectLockConfiguration), so it is refused here as well.
    expectCollectionErrors(blind.report, ['s3:GetBucketPolicy', 's3:GetBucketAcl', 's3:GetPublicAccessBlock', 's3:GetObjectLockConfiguration']);
    const changed = flipped(baseline, blind.report);
    // Lifecycle (TW.2), access logging (CloudTrail.7) and versioning (TW.4) are other reads of the same bucket: unchanged.
    expect(Object.keys(changed).sort()).toEqual(['CloudTrail.6', 'TW.5', 'TW.6', 'TW.7']);
    // S3 says only "Access Denied", without the user.
    expect(changed['CloudTrail.6']![0]!.reason).toBe(
      `could not read the bucket policy of ${trail.bucketName}: s3:GetBucketPolicy in us-east-1 failed with AccessDenied (Access Denied)`,
    );
    expect(blind.run.code).toBe(1);
  });

  it('ec2:DescribeRegions denied: without --region the scan refuses (exit 2, asks for --region); with it, it goes on', async () => {
    await moto.resetAuth(Infinity);
    const user = await createUser(`auditor-${++users}`, ['ec2:DescribeRegions']);
    await moto.resetAuth(0);

    // Judging "in every Region" on the home Region alone could pass what the account fails.
    const refused = await runCli(scanArgs(moto.endpoint, []), signedAs(user));
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('cannot list the Regions enabled for this account: ec2:DescribeRegions in us-east-1 failed with AccessDenied');
    expect(refused.stderr).toContain('--region');
    expect(refused.stderr).not.toMatch(STACK_FRAME);
    expect(refused.stdout).toBe('');

    const named = completedScan(await runCli(scanArgs(moto.endpoint, REGIONS), signedAs(user)));
    expect(named.regions.sort()).toEqual([...REGIONS].sort());
    const [failed] = expectCollectionErrors(named, ['ec2:DescribeRegions']);
    expect(failed).toMatchObject({ region: 'us-east-1', code: 'AccessDenied' });
    expect(flipped(baseline, named)).toEqual({});
  });
});
