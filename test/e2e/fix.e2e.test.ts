import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeLogGroupsCommand, DescribeMetricFiltersCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { CreateBucketCommand, GetBucketPolicyCommand, ListBucketsCommand, PutBucketPolicyCommand, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { ListTopicsCommand } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CONTROLS } from '../../src/checks/registry.js';
import { REMEDIATIONS, repairedControls } from '../../src/remediations/plan.js';
import {
  ACCOUNT_ID,
  aws,
  buildCompliantTrail,
  buildMetricMonitor,
  buildTrail,
  CIS_FILTER_PATTERNS,
  createAlarmTopic,
  PUBLIC_READ_STATEMENT_SID,
  WRITE_ONLY_MANAGEMENT_EVENTS,
  type AwsContext,
  type BuiltMetricMonitor,
  type BuiltTrail,
} from './accounts.js';
import { brief, onlyResult, reportOf, resultsFor, runCli, scanArgs, type CliRun, type Report } from './cli.js';
import { describeWithMoto, useMoto } from './moto.js';

/**
 * `trailwarden fix` end to end: broken accounts built in moto through the SDK, repaired by the
 * compiled CLI, judged afterwards by `scan` and read back with the SDK. Done means: every control
 * fix repairs passes, and a second fix finds nothing to change.
 *
 * What moto does not emulate, and how these tests live with it (docs/reference/moto.md):
 * - CloudTrail never delivers to CloudWatch Logs: GetTrailStatus shows neither a delivery nor a
 *   delivery error, which CloudTrail.5 accepts as a trail that has not delivered yet;
 * - every SNS subscription is confirmed at once, so the email subscription fix makes counts as
 *   confirmed; on AWS the monitoring controls pass only once its recipient confirms it;
 * - EventBridge stores rules and SNS targets but never delivers to SNS, so the EventBridge case
 *   checks the rules, not an alert.
 */

const REGIONS = ['us-east-1', 'eu-west-1'];
const NOTIFY = ['--notify', 'email:sec@example.com'];
/**
 * CloudTrail.9 passes a trail with at least one tag (Security Hub's default); the builders' trails
 * have none, and fix adds a tag only with a value the user gives it, so every fix here gives one.
 */
const TRAIL_TAG = ['--trail-tag', 'owner=security'];
/** Each fix runs the scan, the plan and a few dozen calls against moto: allow for two busy cores. */
const SLOW = 90_000;

/**
 * Controls `fix` has no repair for; "every control passes" leaves them out (the first test checks
 * this list against fix's own list of repairs):
 * - CloudWatch.15 / CloudWatch.17: fix never edits a user's alarm; next to one without actions it
 *   adds its own, and the user's alarm keeps failing these two;
 * - S3.22 / S3.23 / TW.3: data events are billed per event, so which buckets and functions to
 *   record is the user's choice (NOT_APPLICABLE here: the default config lists none);
 * - TW.5 / TW.7: Object Lock, MFA delete and who else may delete from the trail bucket are the
 *   owner's decisions (test/e2e/trail-bucket-integrity.e2e.test.ts).
 */
const NOT_REPAIRED = ['TW.5', 'TW.7', 'CloudWatch.15', 'CloudWatch.17', 'S3.22', 'S3.23', 'TW.3'];

/** Controls with one result about the account that fix must leave passing: a trail, and every CIS monitor. */
const ACCOUNT_CONTROLS = ['CloudTrail.1', 'CloudTrail.3', ...Object.keys(CIS_FILTER_PATTERNS)];

it('the controls fix does not repair are the ones these tests leave out', () => {
  const repaired = new Set(REMEDIATIONS.flatMap((remediation) => repairedControls(remediation, BUILTIN_CONTROLS)));
  expect(BUILTIN_CONTROLS.map((control) => control.id).filter((id) => !repaired.has(id))).toEqual(NOT_REPAIRED);
});

/** The bucket `--access-log-bucket` names: moto, like S3, refuses a target the logging service may not write to. */
async function createAccessLogBucket(ctx: AwsContext, region: string): Promise<string> {
  const name = `access-logs-${ACCOUNT_ID}-${region}`;
  const s3 = aws.s3(ctx, region);
  await s3.send(
    new CreateBucketCommand({
      Bucket: name,
      ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
    }),
  );
  await s3.send(
    new PutBucketPolicyCommand({
      Bucket: name,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'S3ServerAccessLogs',
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: ['s3:PutObject'],
            Resource: `arn:aws:s3:::${name}/*`,
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } },
          },
        ],
      }),
    }),
  );
  return name;
}

/** The user's own monitor of a CIS control, named as buildCisMonitoring names it: `CIS-CloudWatch-4`. */
function cisName(controlId: string): string {
  return `CIS-${controlId.replace('.', '-')}`;
}

/** Every CIS metric filter on the trail's log group, without alarms; metric `<filter name>Count`, as buildMetricMonitor does. */
async function putCisFilters(ctx: AwsContext, trail: BuiltTrail): Promise<void> {
  for (const [controlId, pattern] of Object.entries(CIS_FILTER_PATTERNS)) {
    const name = cisName(controlId);
    await aws.logs(ctx, trail.region).send(
      new PutMetricFilterCommand({
        logGroupName: trail.logGroupName,
        filterName: name,
        filterPattern: pattern,
        metricTransformations: [{ metricName: `${name}Count`, metricNamespace: 'CISBenchmark', metricValue: '1' }],
      }),
    );
  }
}

/** The monitor's alarm again, its actions enabled but with none to run: buildMetricMonitor always gives one. */
async function dropAlarmActions(ctx: AwsContext, region: string, monitor: BuiltMetricMonitor): Promise<void> {
  await aws.cloudwatch(ctx, region).send(
    new PutMetricAlarmCommand({
      AlarmName: monitor.alarmName,
      MetricName: monitor.metricName,
      Namespace: monitor.namespace,
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      ActionsEnabled: true,
    }),
  );
}

/** The "done": after fix, every control it repairs passes (or does not apply). */
function expectRepaired(report: Report): void {
  expect(report.collectionErrors).toEqual([]);
  for (const id of ACCOUNT_CONTROLS) {
    const result = onlyResult(report, id);
    expect(result.status, brief(result)).toBe('PASS');
  }
  const unexpected = report.results.filter((result) => (result.status === 'FAIL' || result.status === 'ERROR') && !NOT_REPAIRED.includes(result.controlId));
  expect(unexpected.map(brief)).toEqual([]);
  const delivery = resultsFor(report, 'CloudTrail.5');
  expect(delivery.length).toBeGreaterThan(0);
  for (const result of delivery) {
    // Configured, the log group exists, the trail logs, no delivery error: moto never delivers, so none yet.
    expect(result.reason, brief(result)).toMatch(/: delivers to log group \S+, no delivery yet and no delivery error$/);
  }
}

/** `fix --yes` finished and applied everything it planned. */
function expectApplied(run: CliRun): void {
  expect(run.code, `${run.stdout.slice(-2_000)}\n${run.stderr.slice(-2_000)}`).toBe(0);
  expect(run.stdout).toMatch(/^All \d+ action\(s\) applied\.$/m);
  expect(run.stdout).not.toMatch(/^FAILED:/m);
}

/** What `fix` prints when the plan is empty: no plan, no prompt, and exit 0. */
function expectNothingToChange(run: CliRun): void {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(new RegExp(`^Nothing to change in account ${ACCOUNT_ID}\\.$`, 'm'));
  expect(run.stdout).not.toMatch(/^Plan for account|^All \d+ action|Dry run/m);
}

/** The API calls fix made, as `service:Operation`, from its progress lines on stderr. */
function callsMade(run: CliRun): string[] {
  return [...run.stderr.matchAll(/^ {2}(\w+:\w+) in /gm)].map((match) => match[1]!);
}

describeWithMoto('fix (end to end against moto)', () => {
  const moto = useMoto();

  function fix(...flags: string[]): Promise<CliRun> {
    return runCli(['fix', '--endpoint-url', moto.endpoint, ...REGIONS.flatMap((region) => ['--region', region]), ...TRAIL_TAG, ...flags]);
  }
  async function scan(): Promise<Report> {
    return reportOf(await runCli(scanArgs(moto.endpoint, REGIONS)));
  }
  async function trails(region = 'us-east-1') {
    return (await aws.cloudtrail(moto, region).send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList ?? [];
  }

  describe('repairs a broken account until scan passes, and then has nothing to do', () => {
    it(
      '(a) no trail at all: creates the whole chain, encrypted, with access logging',
      async () => {
        const accessLogs = await createAccessLogBucket(moto, 'us-east-1');
        const flags = [...NOTIFY, '--kms-key', 'create', '--access-log-bucket', accessLogs];

        expectApplied(await fix('--yes', ...flags));
        expectRepaired(await scan());

        const [trail, ...others] = await trails();
        expect(others).toEqual([]);
        expect(trail).toMatchObject({ Name: 'trailwarden', IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, LogFileValidationEnabled: true });
        expect(trail?.KmsKeyId).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\//);
        // Not only --dry-run: --yes with nothing to do changes nothing either.
        expectNothingToChange(await fix('--yes', ...flags));
      },
      SLOW,
    );

    it(
      '(b) single-Region trail without CloudWatch Logs: adds a multi-Region trail and repairs the old one in place',
      async () => {
        // Logging but otherwise insecure: write events only, no validation, no KMS, a public bucket
        // without Block Public Access, access logging or lifecycle, all in eu-west-1.
        const legacy = await buildTrail(moto, {
          name: 'legacy',
          region: 'eu-west-1',
          multiRegion: false,
          logging: true,
          logFileValidation: false,
          kms: false,
          bucket: { name: `legacy-cloudtrail-${ACCOUNT_ID}`, region: 'eu-west-1', publicRead: true },
          selectors: WRITE_ONLY_MANAGEMENT_EVENTS,
        });
        const accessLogs = await createAccessLogBucket(moto, 'eu-west-1');
        // S3 delivers access logs only within a Region, and a new trail's default bucket would be in
        // us-east-1: one --access-log-bucket cannot serve both, which fix says rather than fail halfway.
        const split = await fix('--dry-run', ...NOTIFY, '--access-log-bucket', accessLogs);
        expect(split.stdout).toContain(`are in 2 Regions, and S3 delivers access logs only to a bucket in the source bucket's Region`);
        expect(split.stdout).not.toContain('s3:PutBucketLogging');
        // So the new trail writes to the old trail's bucket.
        const flags = [...NOTIFY, '--kms-key', 'create', '--access-log-bucket', accessLogs, '--trail-bucket', legacy.bucketName];

        expectApplied(await fix('--yes', ...flags));
        expectRepaired(await scan());

        // The old trail stays single-Region (fix does not change what a trail records from where)
        // and now delivers to a log group of its own Region.
        const [old] = await trails('eu-west-1');
        expect(old).toMatchObject({ Name: legacy.name, IsMultiRegionTrail: false, LogFileValidationEnabled: true });
        expect(old?.CloudWatchLogsLogGroupArn).toBe(`arn:aws:logs:eu-west-1:${ACCOUNT_ID}:log-group:/trailwarden/cloudtrail/legacy:*`);
        expect(await trails('us-east-1')).toMatchObject([{ Name: 'trailwarden', IsMultiRegionTrail: true, S3BucketName: legacy.bucketName }]);
        // The bucket keeps every statement it had (the public one is neutralised by Block Public Access).
        const policy = await aws.s3(moto, 'eu-west-1').send(new GetBucketPolicyCommand({ Bucket: legacy.bucketName }));
        const sids = (JSON.parse(policy.Policy ?? '{}') as { Statement: { Sid: string }[] }).Statement.map((statement) => statement.Sid);
        expect(sids).toEqual(expect.arrayContaining(['AWSCloudTrailAclCheck', 'AWSCloudTrailWrite', PUBLIC_READ_STATEMENT_SID, 'TrailwardenCloudTrailWrite']));
        expectNothingToChange(await fix('--dry-run', ...flags));
      },
      SLOW,
    );

    it(
      '(c) multi-Region trail delivering to a log group, no metric filters: only the monitoring is added',
      async () => {
        const trail = await buildCompliantTrail(moto);

        const run = await fix('--yes', ...NOTIFY);
        expectApplied(run);
        // The trail, its bucket and its log group were right: nothing but monitoring was touched.
        expect([...new Set(callsMade(run))].sort()).toEqual(['cloudwatch:PutMetricAlarm', 'logs:PutMetricFilter', 'sns:CreateTopic', 'sns:Subscribe']);
        expectRepaired(await scan());

        const filters = await aws.logs(moto, 'us-east-1').send(new DescribeMetricFiltersCommand({ logGroupName: trail.logGroupName }));
        expect(filters.metricFilters?.map((filter) => filter.filterName).sort()).toEqual(
          Object.keys(CIS_FILTER_PATTERNS)
            .map((id) => `trailwarden-${id}`)
            .sort(),
        );
        expectNothingToChange(await fix('--dry-run', ...NOTIFY));
      },
      SLOW,
    );

    it(
      '(d) metric filters without alarms: reuses the filters, adds only the alarms',
      async () => {
        const trail = await buildCompliantTrail(moto);
        await putCisFilters(moto, trail);

        const run = await fix('--yes', ...NOTIFY);
        expectApplied(run);
        expect(callsMade(run)).not.toContain('logs:PutMetricFilter');
        expectRepaired(await scan());

        // Each new alarm watches the metric of the user's own filter.
        const alarms = (await aws.cloudwatch(moto, 'us-east-1').send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'trailwarden-' }))).MetricAlarms ?? [];
        expect(alarms.map((alarm) => `${alarm.Namespace}/${alarm.MetricName}`).sort()).toEqual(
          Object.keys(CIS_FILTER_PATTERNS)
            .map((id) => `CISBenchmark/${cisName(id)}Count`)
            .sort(),
        );
        expectNothingToChange(await fix('--dry-run', ...NOTIFY));
      },
      SLOW,
    );

    it(
      "(e) alarms without actions: adds alarms that notify, and leaves the user's alarms as they were",
      async () => {
        const trail = await buildCompliantTrail(moto);
        const topicArn = await createAlarmTopic(moto, 'us-east-1');
        const controlIds = Object.keys(CIS_FILTER_PATTERNS);
        // Every CIS filter has an alarm that tells no one: the first half have their actions
        // deactivated, the others have no action to run.
        const disabled = controlIds.slice(0, 7).map(cisName);
        const silent = controlIds.slice(7).map(cisName);
        for (const controlId of controlIds) {
          const name = cisName(controlId);
          const monitor = await buildMetricMonitor(moto, trail, {
            name,
            pattern: CIS_FILTER_PATTERNS[controlId]!,
            topicArn,
            actionsEnabled: !disabled.includes(name),
          });
          if (silent.includes(name)) await dropAlarmActions(moto, trail.region, monitor);
        }

        const run = await fix('--yes', ...NOTIFY);
        expectApplied(run);
        const report = await scan();
        expectRepaired(report);

        // fix repairs neither of the two alarm controls (see NOT_REPAIRED): the user's own alarms
        // still fail them, exactly as built; trailwarden's pass.
        const failingAlarm = (controlId: string) =>
          resultsFor(report, controlId)
            .filter((r) => r.status === 'FAIL')
            .map((r) => r.resource.arn.split(':alarm:')[1])
            .sort();
        expect(failingAlarm('CloudWatch.15')).toEqual([...silent].sort());
        expect(failingAlarm('CloudWatch.17')).toEqual([...disabled].sort());
        const alarms = (await aws.cloudwatch(moto, 'us-east-1').send(new DescribeAlarmsCommand({}))).MetricAlarms ?? [];
        for (const name of silent)
          expect(
            alarms.find((a) => a.AlarmName === name),
            name,
          ).toMatchObject({ ActionsEnabled: true, AlarmActions: [] });
        for (const name of disabled)
          expect(
            alarms.find((a) => a.AlarmName === name),
            name,
          ).toMatchObject({ ActionsEnabled: false, AlarmActions: [topicArn] });
        expectNothingToChange(await fix('--dry-run', ...NOTIFY));
      },
      SLOW,
    );
  });

  it(
    "--via eventbridge: one rule per control in each Region its events arrive in, each to that Region's topic",
    async () => {
      await buildCompliantTrail(moto);

      expectApplied(await fix('--yes', '--via', 'eventbridge', ...NOTIFY));
      const report = await scan();
      expectRepaired(report);
      for (const id of Object.keys(CIS_FILTER_PATTERNS)) expect(onlyResult(report, id).evidence, id).toMatchObject({ path: 'eventbridge' });

      // moto stores the rules and their SNS targets but never delivers to SNS, so no event is sent:
      // reading them back is as far as moto goes.
      const rulesIn: Record<string, string[]> = {};
      for (const region of REGIONS) {
        const events = aws.events(moto, region);
        const rules = (await events.send(new ListRulesCommand({ NamePrefix: 'trailwarden-' }))).Rules ?? [];
        rulesIn[region] = rules.map((rule) => rule.Name!);
        for (const rule of rules) {
          const targets = (await events.send(new ListTargetsByRuleCommand({ Rule: rule.Name }))).Targets ?? [];
          expect(
            targets.map((target) => target.Arn),
            `${region} ${rule.Name}`,
          ).toEqual([`arn:aws:sns:${region}:${ACCOUNT_ID}:trailwarden-alerts`]);
        }
      }
      // IAM is a global service: its events arrive in us-east-1 only. Security group changes arrive
      // in the Region they are made in.
      expect(rulesIn['us-east-1']).toEqual(expect.arrayContaining(['trailwarden-CloudWatch.4', 'trailwarden-CloudWatch.10']));
      expect(rulesIn['eu-west-1']).toContain('trailwarden-CloudWatch.10');
      expect(rulesIn['eu-west-1']).not.toContain('trailwarden-CloudWatch.4');
      // No metric filter or alarm path was built alongside.
      expect((await aws.cloudwatch(moto, 'us-east-1').send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
      expectNothingToChange(await fix('--dry-run', '--via', 'eventbridge', ...NOTIFY));
    },
    SLOW,
  );

  describe('--benchmark cis-5.0.0: CloudWatch.10 also needs ModifySecurityGroupRules', () => {
    const CIS_5 = ['--benchmark', 'cis-5.0.0'];
    async function scanCis5(): Promise<Report> {
      return reportOf(await runCli(scanArgs(moto.endpoint, REGIONS, ...CIS_5)));
    }

    it(
      "after a plain fix: adds CIS 5.0.0's filter and alarm beside CIS 1.4.0's, which stay as they were; then nothing to do",
      async () => {
        const trail = await buildCompliantTrail(moto);
        expectApplied(await fix('--yes', ...NOTIFY));
        const filtersNow = async () =>
          (
            await aws
              .logs(moto, trail.region)
              .send(new DescribeMetricFiltersCommand({ logGroupName: trail.logGroupName, filterNamePrefix: 'trailwarden-CloudWatch.10' }))
          ).metricFilters ?? [];
        const [plain] = await filtersNow();
        expect(onlyResult(await scanCis5(), 'CloudWatch.10').status).toBe('FAIL');

        const run = await fix('--yes', ...CIS_5, ...NOTIFY);
        expectApplied(run);
        expect(callsMade(run)).toEqual(['logs:PutMetricFilter', 'cloudwatch:PutMetricAlarm']);
        const result = onlyResult(await scanCis5(), 'CloudWatch.10');
        expect(result.status, brief(result)).toBe('PASS');
        expect(onlyResult(await scan(), 'CloudWatch.10').status).toBe('PASS');

        const filters = await filtersNow();
        expect(filters.map((filter) => filter.filterName)).toEqual(['trailwarden-CloudWatch.10', 'trailwarden-CloudWatch.10-cis-5.0.0']);
        expect(filters[0]).toEqual(plain);
        expect(filters[1]?.filterPattern).toContain('($.eventName = ModifySecurityGroupRules)');
        expect(filters[1]?.metricTransformations?.[0]?.metricName).toBe('SecurityGroupChangesCIS5');
        const alarms =
          (await aws.cloudwatch(moto, trail.region).send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'trailwarden-CloudWatch.10' }))).MetricAlarms ?? [];
        expect(alarms.map((alarm) => `${alarm.AlarmName} ${alarm.MetricName}`)).toEqual([
          'trailwarden-CloudWatch.10 SecurityGroupChanges',
          'trailwarden-CloudWatch.10-cis-5.0.0 SecurityGroupChangesCIS5',
        ]);
        expectNothingToChange(await fix('--dry-run', ...CIS_5, ...NOTIFY));
        expectNothingToChange(await fix('--dry-run', ...NOTIFY));
      },
      SLOW,
    );

    it(
      '--via eventbridge on an account without a trail: scan --benchmark cis-5.0.0 passes CloudWatch.10, and a second fix plans nothing',
      async () => {
        const flags = ['--via', 'eventbridge', ...CIS_5, ...NOTIFY];
        expectApplied(await fix('--yes', ...flags));
        const report = await scanCis5();
        for (const id of Object.keys(CIS_FILTER_PATTERNS)) {
          const result = onlyResult(report, id);
          expect(result.status, brief(result)).toBe('PASS');
        }
        const rules = (await aws.events(moto, 'eu-west-1').send(new ListRulesCommand({ NamePrefix: 'trailwarden-CloudWatch.10' }))).Rules ?? [];
        expect(rules.map((rule) => rule.Name)).toEqual(['trailwarden-CloudWatch.10-cis-5.0.0']);
        expectNothingToChange(await fix('--dry-run', ...flags));
      },
      SLOW,
    );
  });

  it(
    'refuses to weaken: an existing trail keeps its data-event selectors and its KMS key',
    async () => {
      // Multi-Region but stopped, write-only management events plus S3 data events, encrypted with
      // its own key, no CloudWatch Logs.
      const dataEvents = { Type: 'AWS::S3::Object', Values: [`arn:aws:s3:::payroll-${ACCOUNT_ID}/`] };
      const trail = await buildTrail(moto, {
        name: 'org-audit',
        region: 'us-east-1',
        multiRegion: true,
        logging: false,
        logFileValidation: true,
        kms: true,
        bucket: { name: `org-audit-cloudtrail-${ACCOUNT_ID}`, blockPublicAccess: true, accessLogging: true, lifecycle: true },
        selectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [dataEvents] }],
      });

      // --kms-key create would make a key for an unencrypted trail: this one must keep its own.
      const run = await fix('--yes', ...NOTIFY, '--kms-key', 'create');
      expectApplied(run);
      expect(callsMade(run)).not.toContain('kms:CreateKey');
      expectRepaired(await scan());

      const cloudtrail = aws.cloudtrail(moto, 'us-east-1');
      const [after, ...others] = await trails();
      expect(others).toEqual([]);
      expect(after).toMatchObject({ Name: trail.name, KmsKeyId: trail.kmsKeyArn, S3BucketName: trail.bucketName, IsMultiRegionTrail: true });
      expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: trail.name }))).IsLogging).toBe(true);
      // The data-event selector is kept as it was; read and write management events are added beside it.
      const { EventSelectors } = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: trail.name }));
      expect(EventSelectors).toEqual([
        expect.objectContaining({ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [dataEvents] }),
        expect.objectContaining({ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }),
      ]);
      expectNothingToChange(await fix('--dry-run', ...NOTIFY, '--kms-key', 'create'));
    },
    SLOW,
  );

  it(
    'without a terminal and without --yes: prints the plan and changes nothing',
    async () => {
      // runCli gives the CLI no stdin: not a TTY, as in CI.
      const run = await fix(...NOTIFY);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Plan for account 123456789012: \d+ action\(s\)\.$/m);
      expect(run.stdout).toMatch(/^No terminal to confirm on and no --yes: nothing was changed\./m);
      expect(callsMade(run)).toEqual([]);

      for (const region of REGIONS) {
        expect(await trails(region), region).toEqual([]);
        expect((await aws.logs(moto, region).send(new DescribeLogGroupsCommand({}))).logGroups, region).toEqual([]);
        expect((await aws.sns(moto, region).send(new ListTopicsCommand({}))).Topics, region).toEqual([]);
      }
      expect((await aws.s3(moto).send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    },
    SLOW,
  );
});
