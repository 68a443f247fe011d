import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '@oclif/test';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeAccount } from '../remediations/fake-account.js';
import { apply, loadExample, plan, TERRAFORM_EXAMPLE, TERRAFORM_EXAMPLE_FLAGS } from '../remediations/helpers.js';
import { terraformStyleProblems } from '../remediations/terraform-style.js';

/**
 * `trailwarden fix` through oclif, on the bundled snapshots: no AWS. (Applying is tested on a fake
 * account in test/remediations, and end to end against moto.)
 */

const INSECURE = 'examples/insecure-account.json';
const scratch = mkdtempSync(join(tmpdir(), 'trailwarden-fix-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('fix --snapshot --dry-run', () => {
  it('prints the plan: actions, controls, changes and API calls, and changes nothing', async () => {
    const { stdout, error } = await runCommand(['fix', '--snapshot', INSECURE, '--dry-run', '--notify', 'email:secops@example.com']);
    expect(error).toBeUndefined();
    expect(stdout).toMatch(/^Plan for account 123456789012: \d+ action\(s\)\./);
    expect(stdout).toContain(
      'Create multi-Region trail trailwarden writing to s3://trailwarden-123456789012-us-east-1, and start logging [CloudTrail.1, CloudTrail.3]',
    );
    expect(stdout).toContain('~ logFileValidationEnabled: false → true');
    expect(stdout).toContain('cloudtrail:StartLogging in us-east-1 {"Name":"trailwarden"}');
    expect(stdout).toContain('CloudTrail.2: trails default, trailwarden are not KMS-encrypted; pass --kms-key');
    expect(stdout).toContain('Dry run: nothing was changed.');
  });

  it('--controls limits the plan to those controls', async () => {
    const { stdout } = await runCommand(['fix', '--snapshot', INSECURE, '--dry-run', '--controls', 'CloudTrail.4']);
    expect(stdout).toMatch(/^Plan for account 123456789012: 1 action\(s\)\./);
    expect(stdout).toContain('1. Turn on log file validation of trail default [CloudTrail.4]');
  });

  it('--exclude-controls leaves those out', async () => {
    const { stdout } = await runCommand(['fix', '--snapshot', INSECURE, '--dry-run', '--exclude-controls', 'CloudTrail.4']);
    expect(stdout).not.toContain('[CloudTrail.4]');
  });

  it('plans nothing for the insecure account once its plan is applied', async () => {
    const options = { notify: { protocol: 'email', endpoint: 'secops@example.com' }, kmsKey: { create: true as const }, accessLogBucket: 'access-logs' };
    const account = new FakeAccount(loadExample(INSECURE));
    try {
      await apply(plan(loadExample(INSECURE), options), account);
      account.confirmSubscriptions();
      writeFileSync(join(scratch, 'fixed.json'), JSON.stringify(account.snapshot()));
    } finally {
      account.restore();
    }
    const { stdout } = await runCommand(['fix', '--snapshot', join(scratch, 'fixed.json'), '--kms-key', 'create', '--access-log-bucket', 'access-logs']);
    expect(stdout).toMatch(/^Nothing to change in account 123456789012\./);
  });

  it('never applies a plan made from a snapshot', async () => {
    const { stdout } = await runCommand(['fix', '--snapshot', INSECURE, '--yes']);
    expect(stdout).toContain('This plan was made from a snapshot; nothing was changed.');
  });

  it('rejects a --notify without a protocol, and an unknown control, with exit code 2', async () => {
    const notify = await runCommand(['fix', '--snapshot', INSECURE, '--notify', 'secops@example.com']);
    expect(notify.error?.oclif?.exit).toBe(2);
    expect(notify.error?.message).toContain('expected PROTOCOL:ENDPOINT');
    const control = await runCommand(['fix', '--snapshot', INSECURE, '--controls', 'CloudTrail.99']);
    expect(control.error?.oclif?.exit).toBe(2);
  });
});

describe('fix --benchmark', () => {
  it("repairs to that benchmark, read from the flag or from the config's benchmark key", async () => {
    const config = join(scratch, 'cis-5.yaml');
    writeFileSync(config, 'benchmark: cis-5.0.0\n');
    for (const flags of [
      ['--benchmark', 'cis-5.0.0'],
      ['--config', config],
    ]) {
      const { stdout, error } = await runCommand(['fix', '--snapshot', INSECURE, '--dry-run', '--via', 'eventbridge', ...flags]);
      expect(error, flags.join(' ')).toBeUndefined();
      expect(stdout).toContain('Create EventBridge rule trailwarden-CloudWatch.10-cis-5.0.0 in us-east-1');
      expect(stdout).toContain(
        '  - CloudTrail.3, CloudTrail.5, CloudTrail.6, CloudTrail.9, CloudTrail.10, TW.2, TW.4, TW.5, TW.6, TW.7, CloudWatch.16, CloudWatch.15, CloudWatch.17, TW.3: not in CIS AWS Foundations',
      );
    }
    // The flag wins over the config, as in scan.
    const { stdout } = await runCommand(['fix', '--snapshot', INSECURE, '--dry-run', '--via', 'eventbridge', '--config', config, '--benchmark', 'cis-4.0.1']);
    expect(stdout).toContain('Create EventBridge rule trailwarden-CloudWatch.10 in us-east-1');
    expect(stdout).not.toContain('cis-5.0.0');
  });

  it('refuses an unknown benchmark with exit code 2, naming the known ones, as scan does', async () => {
    const { error, stdout } = await runCommand(['fix', '--snapshot', INSECURE, '--benchmark', 'nope']);
    expect(error?.oclif?.exit).toBe(2);
    expect(error?.message).toBe(
      '--benchmark nope: unknown benchmark "nope"; known: cis-1.2.0, cis-1.4.0, cis-3.0.0, cis-4.0.1, cis-5.0.0, cis-6.0.0, cis-7.0.0, security-hub',
    );
    expect(stdout).toBe('');
    expect((await runCommand(['scan', '--snapshot', INSECURE, '--benchmark', 'nope'])).error?.message).toBe(error?.message);
  });
});

describe('fix --format terraform', () => {
  it(`writes ${TERRAFORM_EXAMPLE} for the bundled insecure account`, async () => {
    const { stdout, error } = await runCommand(['fix', '--snapshot', INSECURE, '--format', 'terraform', ...TERRAFORM_EXAMPLE_FLAGS]);
    expect(error).toBeUndefined();
    expect(stdout).toBe(readFileSync(TERRAFORM_EXAMPLE, 'utf8'));
  });

  it('writes one file per kind of resource into a folder', async () => {
    const folder = join(scratch, 'tf');
    await runCommand(['fix', '--snapshot', INSECURE, '--format', 'terraform', '--output', folder, ...TERRAFORM_EXAMPLE_FLAGS]);
    const files = readdirSync(folder).sort();
    expect(files).toContain('providers.tf');
    expect(files).toContain('trail.tf');
    for (const file of files) expect(terraformStyleProblems(readFileSync(join(folder, file), 'utf8')), file).toEqual([]);
  });
});
