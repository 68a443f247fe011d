import { AddTagsCommand, CreateEventDataStoreCommand, GetEventDataStoreCommand, ListTagsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ACCOUNT_ID, aws, buildInsecureAccount } from './accounts.js';
import { brief, emptyDir, onlyResult, reportOf, runCli, scanArgs, statuses, type CliRun, type Report } from './cli.js';
import { describeWithMoto, useMoto } from './moto.js';

/**
 * CloudTrail.9 (trails tagged, with Security Hub's requiredTagKeys) and CloudTrail.10 (CloudTrail
 * Lake event data stores on a customer managed key) end to end: each fails on an account built in
 * moto, `fix --yes` with the flags it needs repairs it, the scan then passes, and a second fix plans
 * nothing.
 *
 * moto 5.2.1 implements ListTags and AddTags (per Region, as AWS keeps a trail's tags in its home
 * Region), but not CloudTrail Lake at all: the event data stores here are those of the STUB in
 * cloudtrail-lake-stub.ts, which useMoto puts in front of moto, written from the API reference.
 * What these tests show about CloudTrail.10 is therefore the CLI's side (the calls it makes and
 * what it does with the answers AWS documents), not AWS's behaviour.
 */

const REGION = 'us-east-1';
const REGIONS = [REGION];
const SLOW = 90_000;

describeWithMoto('CloudTrail.9 and CloudTrail.10 (end to end against moto and the CloudTrail Lake stub)', () => {
  const moto = useMoto();

  function fix(controls: string[], ...flags: string[]): Promise<CliRun> {
    return runCli(['fix', '--endpoint-url', moto.endpoint, ...REGIONS.flatMap((region) => ['--region', region]), '--controls', controls.join(','), ...flags]);
  }
  async function scan(...extra: string[]): Promise<Report> {
    return reportOf(await runCli(scanArgs(moto.endpoint, REGIONS, '--controls', 'CloudTrail.9,CloudTrail.10', ...extra)));
  }
  async function tagsOf(arn: string): Promise<Record<string, string | undefined>> {
    const { ResourceTagList } = await aws.cloudtrail(moto, REGION).send(new ListTagsCommand({ ResourceIdList: [arn] }));
    return Object.fromEntries((ResourceTagList?.[0]?.TagsList ?? []).map((tag): [string, string | undefined] => [tag.Key ?? '', tag.Value]));
  }

  it(
    'CloudTrail.9: an untagged trail fails; fix adds only the missing required keys, with the values given, keeps every tag, and then plans nothing',
    async () => {
      const trail = await buildInsecureAccount(moto);
      // Security Hub's default: without requiredTagKeys, any tag will do, and this trail has none.
      expect(onlyResult(await scan(), 'CloudTrail.9')).toMatchObject({ status: 'FAIL', reason: `trail ${trail.name}: has no tags` });
      const invent = await fix(['CloudTrail.9'], '--dry-run');
      expect(invent.stdout).toContain(`CloudTrail.9: trail ${trail.name} has no tags, and fix does not invent one: pass --trail-tag KEY=VALUE`);
      expect(invent.stdout).not.toContain('AddTags');

      await aws.cloudtrail(moto, REGION).send(new AddTagsCommand({ ResourceId: trail.arn, TagsList: [{ Key: 'team', Value: 'blue' }] }));
      expect(onlyResult(await scan(), 'CloudTrail.9').status).toBe('PASS');
      const required = ['--required-tag-keys', 'owner,env,team'];
      const before = onlyResult(await scan(...required), 'CloudTrail.9');
      expect(before).toMatchObject({ status: 'FAIL', reason: `trail ${trail.name}: lacks the required tag keys owner, env` });

      // A value for one missing key only: that key is added, the plan says the other is left.
      const partial = await fix(['CloudTrail.9'], ...required, '--trail-tag', 'owner=security', '--dry-run');
      expect(partial.stdout).toContain(`Tag trail ${trail.name} with owner=security (its other tags are kept)`);
      expect(partial.stdout).toContain(
        `CloudTrail.9: trail ${trail.name} lacks the required tag key env, and fix does not choose tag values: pass --trail-tag env=VALUE`,
      );

      // team=red names a key the trail has: fix never changes a tag, so it is not sent.
      const applied = await fix(['CloudTrail.9'], ...required, '--trail-tag', 'owner=security', '--trail-tag', 'env=prod', '--trail-tag', 'team=red', '--yes');
      expect(applied.code, `${applied.stdout.slice(-2_000)}\n${applied.stderr.slice(-2_000)}`).toBe(0);
      expect(applied.stdout).toMatch(/^All 1 action\(s\) applied\.$/m);
      expect(applied.stderr).toContain('cloudtrail:AddTags');
      expect(await tagsOf(trail.arn)).toEqual({ team: 'blue', owner: 'security', env: 'prod' });

      const after = await scan(...required);
      expect(statuses(after, ['CloudTrail.9']), after.results.map(brief).join('\n')).toEqual({ 'CloudTrail.9': ['PASS'] });
      const again = await fix(['CloudTrail.9'], ...required, '--trail-tag', 'owner=security', '--trail-tag', 'env=prod', '--yes');
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(new RegExp(`^Nothing to change in account ${ACCOUNT_ID}\\.$`, 'm'));
    },
    SLOW,
  );

  it(
    'CloudTrail.10: a store on the AWS owned key fails; fix explains why it needs --kms-key, warns the key is for good, sets it, and then plans nothing',
    async () => {
      await buildInsecureAccount(moto);
      const created = await aws.cloudtrail(moto, REGION).send(new CreateEventDataStoreCommand({ Name: 'audit-lake', MultiRegionEnabled: true }));
      const storeArn = created.EventDataStoreArn!;
      const { KeyMetadata } = await aws.kms(moto, REGION).send(new CreateKeyCommand({ Description: 'event data store key' }));
      const keyArn = KeyMetadata!.Arn!;

      const before = onlyResult(await scan(), 'CloudTrail.10');
      expect(before).toMatchObject({
        status: 'FAIL',
        resource: { arn: storeArn, region: REGION },
        reason: 'event data store audit-lake: encrypted with a key AWS owns, not a customer managed KMS key',
      });
      const withoutKey = await fix(['CloudTrail.10'], '--dry-run');
      expect(withoutKey.stdout).toContain('CloudTrail.10: event data store audit-lake uses the AWS owned key; fix leaves it unrepaired without --kms-key');
      expect(withoutKey.stdout).not.toContain('UpdateEventDataStore');

      const plan = await fix(['CloudTrail.10'], '--kms-key', keyArn, '--dry-run');
      expect(plan.stdout).toContain(`Encrypt event data store audit-lake with customer managed KMS key ${keyArn}`);
      expect(plan.stdout).toContain('Irreversible: AWS documents that a key, once set on an event data store, cannot be removed or changed');
      const terraform = await fix(['CloudTrail.10'], '--kms-key', keyArn, '--format', 'terraform');
      expect(terraform.stdout).toContain('resource "aws_cloudtrail_event_data_store" "audit-lake"');
      expect(terraform.stdout).toMatch(new RegExp(`kms_key_id\\s+= "${keyArn}"`));
      expect(terraform.stdout).toContain(`id = "${storeArn}"`);

      const applied = await fix(['CloudTrail.10'], '--kms-key', keyArn, '--yes');
      expect(applied.code, `${applied.stdout.slice(-2_000)}\n${applied.stderr.slice(-2_000)}`).toBe(0);
      expect(applied.stdout).toMatch(/^All 1 action\(s\) applied\.$/m);
      expect((await aws.cloudtrail(moto, REGION).send(new GetEventDataStoreCommand({ EventDataStore: storeArn }))).KmsKeyId).toBe(keyArn);

      const after = await scan();
      expect(onlyResult(after, 'CloudTrail.10')).toMatchObject({
        status: 'PASS',
        reason: `event data store audit-lake: encrypted with customer managed KMS key ${keyArn}`,
      });
      const again = await fix(['CloudTrail.10'], '--kms-key', keyArn, '--yes');
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(new RegExp(`^Nothing to change in account ${ACCOUNT_ID}\\.$`, 'm'));
    },
    SLOW,
  );

  it(
    'the verdicts are in the HTML, SARIF, ASFF and OCSF reports and in `controls`',
    async () => {
      const trail = await buildInsecureAccount(moto);
      const created = await aws.cloudtrail(moto, REGION).send(new CreateEventDataStoreCommand({ Name: 'audit-lake' }));
      const dir = emptyDir();
      const run = await runCli([
        'scan',
        '--endpoint-url',
        moto.endpoint,
        ...REGIONS.flatMap((region) => ['--region', region]),
        ...['--format', 'html,sarif,asff,ocsf', '--output-dir', dir],
      ]);
      expect(run.code, run.stderr).toBe(1);
      for (const name of ['trailwarden.html', 'trailwarden.sarif', 'trailwarden.asff.json', 'trailwarden.ocsf.json']) {
        const text = readFileSync(join(dir, name), 'utf8');
        for (const id of ['CloudTrail.9', 'CloudTrail.10']) expect(text, `${id} in ${name}`).toContain(id);
        expect(text, name).toContain(trail.arn);
        expect(text, name).toContain(created.EventDataStoreArn!);
      }
      const listed = await runCli(['controls']);
      for (const id of ['CloudTrail.9', 'CloudTrail.10']) expect(listed.stdout).toMatch(new RegExp(`^${id.replace('.', '\\.')}\\s`, 'm'));
    },
    SLOW,
  );
});
