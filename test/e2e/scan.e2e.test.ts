import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { AccountSnapshot } from '../../src/snapshot/types.js';
import { ACCOUNT_ID, buildCompliantTrail, buildInsecureAccount, buildTrail, ALL_MANAGEMENT_EVENTS } from './accounts.js';
import { brief, emptyDir, onlyResult, reportOf, resultsFor, runCli, scanArgs, STACK_FRAME, statuses } from './cli.js';
import { describeWithMoto, useMoto } from './moto.js';

/**
 * `trailwarden scan` end to end: accounts built in moto through the SDK, scanned by the compiled CLI
 * in a child process, verdicts read from its JSON report.
 */

/** Account-level controls: one result about the account. */
const ACCOUNT_CONTROLS = ['CloudTrail.1', 'CloudTrail.3'];
/** Controls with one result per trail (or per trail bucket); TW.2 is the trail bucket's lifecycle rule. */
const PER_TRAIL_CONTROLS = ['CloudTrail.2', 'CloudTrail.4', 'CloudTrail.5', 'CloudTrail.6', 'CloudTrail.7', 'TW.2'];
const TWO_REGIONS = ['us-east-1', 'eu-west-1'];

describeWithMoto('scan (end to end against moto)', () => {
  const moto = useMoto();

  it('empty account: no trail fails CloudTrail.1 and .3; per-trail controls do not apply', async () => {
    const run = await runCli(scanArgs(moto.endpoint, TWO_REGIONS));
    const report = reportOf(run);

    expect(run.code).toBe(1);
    expect(report.account).toEqual({ id: ACCOUNT_ID, partition: 'aws' });
    expect([...report.regions].sort()).toEqual([...TWO_REGIONS].sort());
    for (const id of ACCOUNT_CONTROLS) expect(onlyResult(report, id).status, id).toBe('FAIL');
    for (const id of PER_TRAIL_CONTROLS) {
      const results = resultsFor(report, id);
      expect(results.length, `${id} should say it does not apply rather than say nothing`).toBeGreaterThan(0);
      expect(
        results.map((r) => r.status),
        id,
      ).toEqual(results.map(() => 'NOT_APPLICABLE'));
    }
  });

  it('compliant trail: CloudTrail.1 to .7 pass; CloudTrail.5 judges the delivery GetTrailStatus reports', async () => {
    const trail = await buildCompliantTrail(moto);
    const snapshotFile = join(emptyDir(), 'account.json');
    const run = await runCli(scanArgs(moto.endpoint, TWO_REGIONS, '--save-snapshot', snapshotFile));
    const report = reportOf(run);

    // Every call the collector makes is one moto implements: nothing turns into ERROR.
    expect(report.collectionErrors).toEqual([]);
    // The builder sets the event selectors explicitly: a new moto trail has none (moto.md §5).
    for (const id of ACCOUNT_CONTROLS.concat(PER_TRAIL_CONTROLS)) {
      const result = onlyResult(report, id);
      expect(result.status, brief(result)).toBe('PASS');
    }
    for (const id of ['CloudTrail.2', 'CloudTrail.4', 'CloudTrail.5']) {
      expect(onlyResult(report, id).resource, id).toMatchObject({ arn: trail.arn, region: 'us-east-1' });
    }
    // The monitoring controls still fail (no metric filters), so the scan as a whole does.
    expect(run.code).toBe(1);

    // moto never delivers to CloudWatch Logs: GetTrailStatus shows neither a delivery nor an error,
    // as for a new trail on AWS, which passes.
    expect(onlyResult(report, 'CloudTrail.5').reason).toMatch(/no delivery yet and no delivery error$/);
    // A delivery that stopped days ago, or one that failed, as a real account could show: the same snapshot fails.
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as AccountSnapshot;
    for (const saved of snapshot.trails) {
      if (saved.status.ok) saved.status.value.latestCloudWatchLogsDeliveryTime = new Date(Date.parse(snapshot.collectedAt) - 72 * 3_600_000).toISOString();
    }
    writeFileSync(snapshotFile, JSON.stringify(snapshot));
    const stale = onlyResult(reportOf(await runCli(['scan', '--snapshot', snapshotFile, '--format', 'json'])), 'CloudTrail.5');
    expect(stale.status, brief(stale)).toBe('FAIL');
    expect(stale.reason).toMatch(/72\.0 h before the snapshot/);
  });

  it('insecure trail: single-Region, not logging, no validation, no KMS, public bucket without lifecycle', async () => {
    const trail = await buildInsecureAccount(moto);
    const run = await runCli(scanArgs(moto.endpoint, TWO_REGIONS));
    const report = reportOf(run);

    expect(run.code).toBe(1);
    expect(statuses(report, [...ACCOUNT_CONTROLS, ...PER_TRAIL_CONTROLS])).toEqual({
      'CloudTrail.1': ['FAIL'],
      'CloudTrail.2': ['FAIL'],
      'CloudTrail.3': ['FAIL'],
      'CloudTrail.4': ['FAIL'],
      'CloudTrail.5': ['FAIL'],
      'CloudTrail.6': ['FAIL'],
      'CloudTrail.7': ['FAIL'],
      'TW.2': ['FAIL'],
    });
    // No log group, so nothing to keep: retention does not apply.
    expect(onlyResult(report, 'CloudWatch.16').status).toBe('NOT_APPLICABLE');
    // Reasons carry the evidence: the trail, and what is wrong with it.
    expect(onlyResult(report, 'CloudTrail.1').reason).toContain(trail.name);
    expect(onlyResult(report, 'CloudTrail.3').reason).toMatch(/not logging/i);
    expect(onlyResult(report, 'CloudTrail.4').resource.arn).toBe(trail.arn);
    const publicBucket = onlyResult(report, 'CloudTrail.6');
    expect(`${publicBucket.resource.arn} ${publicBucket.reason}`).toContain(trail.bucketName);
    expect(publicBucket.reason).toMatch(/public/i);
  });

  it('a multi-Region trail seen in three Regions is one trail: one result per per-trail control', async () => {
    const multi = await buildCompliantTrail(moto);
    // A second, single-Region trail in another Region, so the count is not trivially one.
    const regional = await buildTrail(moto, {
      name: 'eu-only',
      region: 'eu-west-1',
      multiRegion: false,
      logging: true,
      logFileValidation: false,
      kms: false,
      bucket: multi.bucketName,
      selectors: ALL_MANAGEMENT_EVENTS,
    });
    const run = await runCli(scanArgs(moto.endpoint, ['us-east-1', 'eu-west-1', 'ap-northeast-1']));
    const report = reportOf(run);

    for (const id of ['CloudTrail.2', 'CloudTrail.4', 'CloudTrail.5']) {
      const results = resultsFor(report, id);
      expect(results.map((r) => r.resource.arn).sort(), id).toEqual([regional.arn, multi.arn].sort());
      // Each trail is reported in its home Region, not in the Regions where it is a shadow.
      expect(results.find((r) => r.resource.arn === multi.arn)?.resource.region).toBe('us-east-1');
    }
    expect(resultsFor(report, 'CloudTrail.4').find((r) => r.resource.arn === regional.arn)?.status).toBe('FAIL');
    // Both trails write to one bucket: its controls report it once.
    for (const id of ['CloudTrail.6', 'CloudTrail.7']) expect(resultsFor(report, id), id).toHaveLength(1);
    for (const id of ACCOUNT_CONTROLS) expect(onlyResult(report, id).status, id).toBe('PASS');
  });

  it('--save-snapshot then --snapshot (offline, no credentials) gives the same results', async () => {
    await buildInsecureAccount(moto);
    await buildCompliantTrail(moto);
    const dir = emptyDir();
    const snapshotFile = join(dir, 'account.json');
    const reportFile = join(dir, 'report.json');

    const online = await runCli(scanArgs(moto.endpoint, TWO_REGIONS, '--save-snapshot', snapshotFile, '--output', reportFile));
    expect(online.stderr).not.toMatch(STACK_FRAME);
    const saved = JSON.parse(readFileSync(snapshotFile, 'utf8')) as { snapshotVersion: number; trails: unknown[] };
    expect(saved.snapshotVersion).toBe(1);
    expect(saved.trails).toHaveLength(2);
    const onlineReport = reportOf({ ...online, json: JSON.parse(readFileSync(reportFile, 'utf8')) });

    // Neither keys nor an endpoint: the offline scan must not need AWS at all.
    const offline = await runCli(['scan', '--snapshot', snapshotFile, '--format', 'json'], { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    const offlineReport = reportOf(offline);

    expect(offline.code).toBe(online.code);
    expect(offlineReport.results).toEqual(onlineReport.results);
    expect(offlineReport.summary).toEqual(onlineReport.summary);
    expect(offlineReport.account).toEqual(onlineReport.account);
    expect(offlineReport.regions).toEqual(onlineReport.regions);
  });

  it('no credentials anywhere: exit 2 with a clear message, no stack trace', async () => {
    const run = await runCli(scanArgs(moto.endpoint, TWO_REGIONS), {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_EC2_METADATA_DISABLED: 'true',
    });

    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/no AWS credentials/i);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.json).toBeUndefined();
  });

  it('--config is read: a stricter log retention fails the 365-day trail log group', async () => {
    await buildCompliantTrail(moto);
    const dir = emptyDir();
    const config = join(dir, 'strict.yaml');
    writeFileSync(config, 'logRetentionDays: 400\n');

    const defaults = reportOf(await runCli(scanArgs(moto.endpoint, ['us-east-1'])));
    const strict = reportOf(await runCli(scanArgs(moto.endpoint, ['us-east-1'], '--config', config)));

    expect(onlyResult(defaults, 'CloudWatch.16').status).toBe('PASS');
    const result = onlyResult(strict, 'CloudWatch.16');
    expect(result.status).toBe('FAIL');
    expect(result.reason).toMatch(/365/);
  });
});
