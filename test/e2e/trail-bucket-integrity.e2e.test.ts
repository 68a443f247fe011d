import {
  CreateBucketCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
} from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ACCOUNT_ID, ALL_MANAGEMENT_EVENTS, aws, buildInsecureAccount, buildTrail, type BuiltTrail, type TrailSpec } from './accounts.js';
import { brief, emptyDir, onlyResult, reportOf, runCli, scanArgs, statuses, type CliRun, type Report } from './cli.js';
import { describeWithMoto, useMoto } from './moto.js';

/**
 * The trail bucket's integrity end to end: TW.4 (versioning), TW.5 (Object Lock retention or MFA
 * delete), TW.6 (CloudTrail writes only for the trail, under its prefix) and TW.7 (no one outside
 * the owner account deletes), each failing on a bucket built in moto, then repaired by `fix --yes`
 * where fix repairs it, and a second fix planning nothing.
 *
 * moto 5.2.1 (checked in its s3 backend): GetObjectLockConfiguration and PutObjectLockConfiguration
 * work, the latter only on a versioned bucket without objects (moto's BucketNeedsToBeNew; AWS
 * enables it on any versioned bucket), so the owner's Object Lock step runs here once fix has
 * enabled versioning; PutBucketVersioning keeps only the status, never MFADelete, so MFA delete is
 * covered by the unit tests (test/checks/cloudtrail/tw-5-bucket-object-lock.test.ts) only.
 */

const REGIONS = ['us-east-1'];
const CONTROLS = ['TW.4', 'TW.5', 'TW.6', 'TW.7'];
const PARTNER = '999988887777';
const SLOW = 90_000;

/** A partner account that may delete log files: what TW.7 is about. */
function partnerDeletes(bucket: string) {
  return {
    Sid: 'PartnerDeletes',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${PARTNER}:root` },
    Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
    Resource: `arn:aws:s3:::${bucket}/*`,
  };
}

/** A second trail, into a bucket created with Object Lock. */
const LOCKED_TRAIL: Omit<TrailSpec, 'bucket'> = {
  name: 'locked',
  region: 'us-east-1',
  multiRegion: false,
  logging: true,
  logFileValidation: true,
  kms: false,
  selectors: ALL_MANAGEMENT_EVENTS,
};

type Statement = { Sid?: string; Condition?: Record<string, Record<string, unknown>> };

describeWithMoto('trail bucket integrity: TW.4-TW.7 (end to end against moto)', () => {
  const moto = useMoto();

  function fix(...flags: string[]): Promise<CliRun> {
    return runCli(['fix', '--endpoint-url', moto.endpoint, ...REGIONS.flatMap((region) => ['--region', region]), '--controls', CONTROLS.join(','), ...flags]);
  }
  async function scan(): Promise<Report> {
    return reportOf(await runCli(scanArgs(moto.endpoint, REGIONS, '--controls', CONTROLS.join(','))));
  }
  async function statementsOf(bucket: string): Promise<Statement[]> {
    const { Policy } = await aws.s3(moto).send(new GetBucketPolicyCommand({ Bucket: bucket }));
    return (JSON.parse(Policy ?? '{}') as { Statement: Statement[] }).Statement;
  }
  /** The insecure account's trail (its bucket: not versioned, CloudTrail pinned by aws:SourceAccount only), and a partner who may delete. */
  async function build(): Promise<BuiltTrail> {
    const trail = await buildInsecureAccount(moto);
    const statements = await statementsOf(trail.bucketName);
    const Policy = JSON.stringify({ Version: '2012-10-17', Statement: [...statements, partnerDeletes(trail.bucketName)] });
    await aws.s3(moto).send(new PutBucketPolicyCommand({ Bucket: trail.bucketName, Policy }));
    return trail;
  }

  it(
    'each control fails; fix repairs versioning and aws:SourceArn, says why it leaves Object Lock and the partner alone, and then plans nothing',
    async () => {
      const trail = await build();
      const before = await scan();
      expect(statuses(before, CONTROLS)).toEqual({ 'TW.4': ['FAIL'], 'TW.5': ['FAIL'], 'TW.6': ['FAIL'], 'TW.7': ['FAIL'] });
      expect(onlyResult(before, 'TW.6').reason).toContain(`for any trail of account ${ACCOUNT_ID}, not only this one`);
      expect(onlyResult(before, 'TW.7').reason).toContain(`account ${PARTNER} may s3:DeleteObject (statement PartnerDeletes)`);

      const plan = await fix('--dry-run');
      expect(plan.stdout).toContain(`Enable versioning on trail bucket ${trail.bucketName}`);
      expect(plan.stdout).toContain('Add an aws:SourceArn condition (legacy) to statement(s) AWSCloudTrailAclCheck, AWSCloudTrailWrite');
      // What fix will not change, and why, is the controls' own reason.
      expect(plan.stdout).toContain('Object Lock can be enabled on an existing versioned bucket (PutObjectLockConfiguration), but never disabled again');
      expect(plan.stdout).toContain('is the owner’s decision: fix never removes or narrows a statement');

      const applied = await fix('--yes');
      expect(applied.code, `${applied.stdout.slice(-2_000)}\n${applied.stderr.slice(-2_000)}`).toBe(0);
      expect(applied.stdout).toMatch(/^All 2 action\(s\) applied\.$/m);

      const after = await scan();
      expect(statuses(after, CONTROLS), after.results.map(brief).join('\n')).toEqual({
        'TW.4': ['PASS'],
        'TW.5': ['FAIL'],
        'TW.6': ['PASS'],
        'TW.7': ['FAIL'],
      });
      expect((await aws.s3(moto).send(new GetBucketVersioningCommand({ Bucket: trail.bucketName }))).Status).toBe('Enabled');
      // Every statement is kept, the partner's too; CloudTrail's now name the trail.
      const statements = await statementsOf(trail.bucketName);
      expect(statements.map((statement) => statement.Sid)).toEqual(['AWSCloudTrailAclCheck', 'AWSCloudTrailWrite', 'PublicRead', 'PartnerDeletes']);
      expect(statements[1]?.Condition).toEqual({
        StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': ACCOUNT_ID, 'aws:SourceArn': trail.arn },
      });

      const again = await fix('--yes');
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(new RegExp(`^Nothing to change in account ${ACCOUNT_ID}\\.$`, 'm'));
      expect(again.stdout).not.toMatch(/^Plan for account|^All \d+ action/m);

      // The owner's decisions, taken by hand, pass the other two.
      await aws.s3(moto).send(
        new PutObjectLockConfigurationCommand({
          Bucket: trail.bucketName,
          ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } },
        }),
      );
      const kept = statements.filter((statement) => statement.Sid !== 'PartnerDeletes');
      await aws.s3(moto).send(new PutBucketPolicyCommand({ Bucket: trail.bucketName, Policy: JSON.stringify({ Version: '2012-10-17', Statement: kept }) }));
      const decided = await scan();
      expect(statuses(decided, CONTROLS)).toEqual({ 'TW.4': ['PASS'], 'TW.5': ['PASS'], 'TW.6': ['PASS'], 'TW.7': ['PASS'] });
      expect(onlyResult(decided, 'TW.5').reason).toContain('Object Lock keeps every new log file for 365 days in COMPLIANCE mode');
    },
    SLOW,
  );

  it(
    'fix leaves a CloudTrail statement over the whole bucket to the owner, saying why, and changes nothing in that policy',
    async () => {
      const trail = await buildInsecureAccount(moto);
      const statements = await statementsOf(trail.bucketName);
      const wide = statements.map((statement) =>
        statement.Sid === 'AWSCloudTrailWrite' ? { ...statement, Resource: `arn:aws:s3:::${trail.bucketName}/*` } : statement,
      );
      await aws.s3(moto).send(new PutBucketPolicyCommand({ Bucket: trail.bucketName, Policy: JSON.stringify({ Version: '2012-10-17', Statement: wide }) }));
      await aws.s3(moto).send(new PutBucketVersioningCommand({ Bucket: trail.bucketName, VersioningConfiguration: { Status: 'Enabled' } }));

      expect(onlyResult(await scan(), 'TW.6').reason).toContain(`for this trail outside AWSLogs/${ACCOUNT_ID}/`);
      const plan = await fix('--dry-run');
      expect(plan.stdout).toContain(
        `TW.6: bucket ${trail.bucketName}: statement AWSCloudTrailWrite lets CloudTrail write to arn:aws:s3:::${trail.bucketName}/*, where trails of accounts trailwarden does not see may deliver`,
      );
      expect(plan.stdout).not.toContain('s3:PutBucketPolicy');
    },
    SLOW,
  );

  it(
    'a trail bucket created with Object Lock passes TW.5; the verdicts are in the HTML, SARIF, ASFF and OCSF reports and in `controls`',
    async () => {
      const trail = await build();
      const locked = `locked-cloudtrail-${ACCOUNT_ID}`;
      await aws.s3(moto).send(new CreateBucketCommand({ Bucket: locked, ObjectLockEnabledForBucket: true }));
      await aws.s3(moto).send(
        new PutObjectLockConfigurationCommand({
          Bucket: locked,
          ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Years: 1 } } },
        }),
      );
      await buildTrail(moto, { ...LOCKED_TRAIL, bucket: locked });
      const lockedResult = (await scan()).results.find((result) => result.controlId === 'TW.5' && result.resource.arn === `arn:aws:s3:::${locked}`);
      expect(lockedResult).toMatchObject({ status: 'PASS', reason: expect.stringContaining('for 1 years in GOVERNANCE mode') });

      const dir = emptyDir();
      const reports = ['html', 'sarif', 'asff', 'ocsf'];
      const run = await runCli([
        'scan',
        '--endpoint-url',
        moto.endpoint,
        ...REGIONS.flatMap((region) => ['--region', region]),
        ...['--format', reports.join(','), '--output-dir', dir],
      ]);
      expect(run.code, run.stderr).toBe(1);
      for (const name of ['trailwarden.html', 'trailwarden.sarif', 'trailwarden.asff.json', 'trailwarden.ocsf.json']) {
        const text = readFileSync(join(dir, name), 'utf8');
        for (const id of CONTROLS) expect(text, `${id} in ${name}`).toContain(id);
        expect(text, name).toContain(trail.bucketName);
      }

      const listed = await runCli(['controls']);
      for (const id of CONTROLS) expect(listed.stdout).toMatch(new RegExp(`^${id.replace('.', '\\.')}\\s`, 'm'));
    },
    SLOW,
  );
});
