import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateTopicCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { afterEach, expect, it } from 'vitest';
import { ACCOUNT_ID, aws, buildCisMonitoring, buildCompliantTrail, buildMetricMonitor, CIS_FILTER_PATTERNS, type BuiltTrail } from './accounts.js';
import { brief, emptyDir, reportOf, runCli, scanArgs, type Report } from './cli.js';
import { reportValidator } from '../report/validators.js';
import { memberViewProxy } from './member-view.js';
import { describeWithMoto, type Moto, useMoto } from './moto.js';

/**
 * One organization evaluated as one system, end to end: the management account (moto's default
 * account) owns an organization trail delivering to its log group, with every CIS metric filter
 * and alarm; the alarms notify a topic of a third account (security). The member has nothing of
 * its own. moto keeps one backend per account and does not show organization trails to members,
 * so the CLI talks to moto through memberViewProxy (see member-view.ts), which answers a member's
 * CloudTrail DescribeTrails / GetTrailStatus / GetEventSelectors with the owner's organization
 * trail, as AWS does.
 */

const ROLE = 'OrganizationAccountAccessRole';
const OWNER = ACCOUNT_ID;
const CHAIN_CONTROLS = [...Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`), 'TW.1'];

interface Organization {
  member: string;
  security: string;
  trail: BuiltTrail;
  topicArn: string;
}

let proxy: { url: string; close: () => Promise<void> } | undefined;

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

async function createAccounts(moto: Moto): Promise<[string, string]> {
  const organizations = new OrganizationsClient({
    region: 'us-east-1',
    endpoint: moto.endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  });
  try {
    await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const ids: string[] = [];
    for (const name of ['workloads', 'security']) {
      const { CreateAccountStatus: status } = await organizations.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
      if (!status?.AccountId) throw new Error(`moto created no account: ${JSON.stringify(status)}`);
      ids.push(status.AccountId);
    }
    return [ids[0]!, ids[1]!];
  } finally {
    organizations.destroy();
  }
}

/**
 * A topic with a (on moto at once confirmed) subscription in another account: moto's
 * x-moto-account-id selects its backend. Its default policy admits that account's own principals
 * only, so the owner's alarms publish through a statement for CloudWatch limited to the owner's
 * account, as a security account's topic must have.
 */
async function topicIn(moto: Moto, accountId: string, alarmAccountId: string): Promise<string> {
  const sns = new SNSClient({
    region: 'us-east-1',
    endpoint: moto.endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  });
  sns.middlewareStack.add(
    (next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = accountId;
      return next(args);
    },
    { step: 'build' },
  );
  try {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'org-alerts' }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'security@example.com' }));
    const alarms = {
      Sid: 'OrgAlarms',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: TopicArn,
      Condition: { StringEquals: { 'aws:SourceAccount': alarmAccountId } },
    };
    await sns.send(
      new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: JSON.stringify({ Version: '2008-10-17', Statement: [alarms] }) }),
    );
    return TopicArn!;
  } finally {
    sns.destroy();
  }
}

/** The organization; `monitoring` false leaves the owner's log group without filters (the test adds its own). */
async function buildOrganization(moto: Moto, monitoring = true): Promise<Organization> {
  const [member, security] = await createAccounts(moto);
  const trail = await buildCompliantTrail(moto);
  await aws.cloudtrail(moto, 'us-east-1').send(new UpdateTrailCommand({ Name: trail.name, IsOrganizationTrail: true }));
  const topicArn = await topicIn(moto, security, OWNER);
  if (monitoring) await buildCisMonitoring(moto, trail, topicArn);
  proxy = await memberViewProxy(moto.endpoint, OWNER);
  return { member, security, trail, topicArn };
}

async function scanOrg(...extra: string[]): Promise<Report> {
  const run = await runCli([...scanArgs(proxy!.url, ['us-east-1']), '--org', '--role-name', ROLE, '--fail-on', 'none', ...extra]);
  expect(run.code, run.stderr).toBe(0);
  return reportOf(run);
}

function resultOf(report: Report, controlId: string, accountId: string) {
  const found = report.results.filter((result) => result.controlId === controlId && result.accountId === accountId);
  expect(found.map(brief)).toHaveLength(1);
  return found[0]!;
}

describeWithMoto('an organization evaluated as one system (end to end against moto, members seen through a proxy)', () => {
  const moto = useMoto();

  it("passes the member through the owner's chain to the topic of a third account, naming every link with its account", async () => {
    const org = await buildOrganization(moto);

    const report = await scanOrg();

    // The members' organization trail log group is read by the owner, in the same run: nothing failed.
    expect(report.collectionErrors).toEqual([]);
    for (const accountId of [OWNER, org.member, org.security]) {
      // CloudTrail.9: the organization trail's tags, listed by its owner only.
      for (const controlId of ['CloudTrail.1', 'CloudTrail.3', 'CloudTrail.5', 'CloudTrail.9', 'CloudWatch.16', ...CHAIN_CONTROLS]) {
        const result = resultOf(report, controlId, accountId);
        expect(result.status, brief(result)).toBe('PASS');
      }
    }
    const member = resultOf(report, 'CloudWatch.1', org.member);
    expect(member.reason).toContain(
      `member ${org.member} → organization trail ${org.trail.name} (${OWNER}) → log group ${org.trail.logGroupName} (${OWNER}) → metric filter "CIS-CloudWatch-1" → alarm CIS-CloudWatch-1 (${OWNER}) → SNS topic ${org.topicArn} (${org.security}) with 1 confirmed subscription`,
    );
  });

  it("fails the owner and every member with the same reason when a link of the owner's chain breaks", async () => {
    const org = await buildOrganization(moto, false);
    await buildMetricMonitor(moto, org.trail, {
      name: 'CIS-CloudWatch-1',
      pattern: CIS_FILTER_PATTERNS['CloudWatch.1']!,
      topicArn: org.topicArn,
      actionsEnabled: false,
    });

    const report = await scanOrg('--controls', 'CloudWatch.1');

    const results = [OWNER, org.member, org.security].map((accountId) => resultOf(report, 'CloudWatch.1', accountId));
    expect(results.map((result) => result.status)).toEqual(['FAIL', 'FAIL', 'FAIL']);
    expect(new Set(results.map((result) => result.reason)).size, results.map(brief).join('\n')).toBe(1);
    expect(results[0]!.reason).toContain('alarm CIS-CloudWatch-1 has its actions disabled');
  });

  it("fails only the members when the owner's filter pins the owner's account id", async () => {
    const org = await buildOrganization(moto, false);
    const pattern = `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" && $.recipientAccountId = "${OWNER}" }`;
    await buildMetricMonitor(moto, org.trail, { name: 'CIS-CloudWatch-1', pattern, topicArn: org.topicArn });

    const report = await scanOrg('--controls', 'CloudWatch.1');

    expect(resultOf(report, 'CloudWatch.1', OWNER).status).toBe('PASS');
    for (const accountId of [org.member, org.security]) {
      const result = resultOf(report, 'CloudWatch.1', accountId);
      expect(result.status).toBe('FAIL');
      expect(result.reason).toContain(`matches them only when account ${OWNER} makes them`);
    }
  });

  it('is ERROR for a member scanned alone, naming the owner account and how to include it', async () => {
    const org = await buildOrganization(moto);

    const run = await runCli([...scanArgs(proxy!.url, ['us-east-1']), '--role-arn', `arn:aws:iam::${org.member}:role/${ROLE}`, '--fail-on', 'none']);
    const report = reportOf(run);

    expect(report.account.id).toBe(org.member);
    for (const controlId of ['CloudTrail.5', 'CloudWatch.16', ...CHAIN_CONTROLS]) {
      const result = resultOf(report, controlId, org.member);
      expect(result.status, brief(result)).toBe('ERROR');
      expect(result.reason).toContain(`belongs to account ${OWNER}; account ${OWNER} is not part of this run: include it with scan --org`);
    }
    // A member does not list the tags of a trail it does not own: they are its owner's to read.
    const tags = resultOf(report, 'CloudTrail.9', org.member);
    expect(tags.status, brief(tags)).toBe('ERROR');
    expect(tags.reason).toContain(
      `tags of the trail (organization trail) of account ${OWNER}: not read with the credentials of account ${org.member}, but followed in account ${OWNER} when that account is scanned in the same run (scan --org`,
    );
  });

  it('gives the same results live, from the saved organization, and from shards collected apart and evaluated together', async () => {
    await buildOrganization(moto);
    const dir = emptyDir();
    const saved = join(dir, 'org.json');

    const live = await scanOrg('--save-snapshot', saved);
    const shards = [];
    for (const shard of ['1/2', '2/2']) {
      const path = join(dir, `shard-${shard.replace('/', '-of-')}.json`);
      const run = await runCli([
        ...scanArgs(proxy!.url, ['us-east-1']),
        '--org',
        '--role-name',
        ROLE,
        '--shard',
        shard,
        '--save-snapshot',
        path,
        '--fail-on',
        'none',
      ]);
      expect(run.code, run.stderr).toBe(0);
      shards.push(path);
    }
    const rescanned = reportOf(await runCli(['scan', '--snapshot', saved, '--format', 'json', '--fail-on', 'none']));
    const reassembled = reportOf(await runCli(['scan', '--snapshot', join(dir, 'shard-*.json'), '--format', 'json', '--fail-on', 'none']));

    const file = JSON.parse(readFileSync(saved, 'utf8')) as {
      kind: string;
      caller: { accountId: string };
      accounts: { account: { id: string }; snapshot: { callCounts: Record<string, number> } }[];
    };
    expect(file).toMatchObject({ kind: 'organization', caller: { accountId: OWNER } });
    // API economy: the owner reads its log group once, by name; the members, whose trail delivers there, never.
    const calls = Object.fromEntries(file.accounts.map(({ account, snapshot }) => [account.id, snapshot.callCounts]));
    expect(calls[OWNER]?.['logs:DescribeLogGroups']).toBe(1);
    expect(calls[OWNER]?.['logs:DescribeMetricFilters']).toBe(1);
    for (const [accountId, counts] of Object.entries(calls)) if (accountId !== OWNER) expect(counts['logs:DescribeLogGroups'], accountId).toBeUndefined();
    expect(live.results.length).toBeGreaterThan(0);
    expect(rescanned.results).toEqual(live.results);
    expect(reassembled.results).toEqual(live.results);
    const validate = reportValidator();
    expect(validate(reassembled), JSON.stringify(validate.errors)).toBe(true);
  });

  it('reports byte for byte the same with --workers 2 (members collected in worker threads) as with --workers 1, but for the times of the run', async () => {
    await buildOrganization(moto);

    const runs = [];
    for (const workers of ['1', '2']) {
      const run = await runCli([...scanArgs(proxy!.url, ['us-east-1']), '--org', '--role-name', ROLE, '--fail-on', 'none', '--workers', workers]);
      expect(run.code, run.stderr).toBe(0);
      runs.push(run.stdout);
    }
    // When the report was made and when each snapshot was read are the only fields that may differ.
    const timeless = (text: string) => text.replace(/"(generatedAt|snapshotCollectedAt)": "[^"]+"/g, '"$1": "…"');
    expect(runs[0]).toMatch(/"snapshotCollectedAt"/);
    expect(timeless(runs[1]!)).toBe(timeless(runs[0]!));
  });
});
