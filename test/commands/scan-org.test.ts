import { fileURLToPath } from 'node:url';
import { captureOutput } from '@oclif/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { controlsFor } from '../../src/checks/registry.js';
import Scan from '../../src/commands/scan.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import type { ReportDocument } from '../../src/results/document.js';
import { asAccount, loadExample, serve, useStaticCredentials, WireAccount } from '../collect/wire-account.js';
import { reportValidator } from '../report/validators.js';

/**
 * `trailwarden scan --org` and the time limits, run from the sources against a fake AWS on
 * 127.0.0.1 (`--endpoint-url`) that serves one example snapshot per account.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MANAGEMENT = '123456789012';
const WORKLOADS = '222222222222';
const SANDBOX = '333333333333';
const ROLE = 'OrganizationAccountAccessRole';

let endpoint: { url: string; close: () => Promise<void> } | undefined;

beforeEach(() => useStaticCredentials());

afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

/** The compliant example is the management account; the sandbox's role cannot be assumed. */
async function organization(): Promise<string> {
  const aws = new WireAccount(loadExample('compliant-account'))
    .addMember(asAccount(loadExample('insecure-account'), WORKLOADS), 'workloads')
    .addMember(asAccount(loadExample('compliant-account'), SANDBOX), 'sandbox', false);
  endpoint = await serve(aws);
  return endpoint.url;
}

async function scan(args: string[]) {
  const { stdout, error } = await captureOutput(() => Scan.run(args, ROOT));
  return { stdout, exitCode: error?.oclif?.exit ?? 0, message: error?.message };
}

describe('scan --org', () => {
  it('reports every account in one JSON document; the account whose role cannot be assumed is ERROR on every control', async () => {
    const url = await organization();

    const { stdout, exitCode } = await scan(['--org', '--role-name', ROLE, '--endpoint-url', url, '--format', 'json', '--quiet']);

    const report = JSON.parse(stdout) as ReportDocument;
    const validate = reportValidator();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.account).toEqual({ id: MANAGEMENT, partition: 'aws' });
    expect(report.accounts?.map(({ id, name, status }) => [id, name, status])).toEqual([
      [MANAGEMENT, 'management', 'SCANNED'],
      [WORKLOADS, 'workloads', 'SCANNED'],
      [SANDBOX, 'sandbox', 'ERROR'],
    ]);
    expect(report.accounts?.[2]?.error).toMatchObject({ operation: 'sts:AssumeRole', code: 'AccessDenied', resource: `arn:aws:iam::${SANDBOX}:role/${ROLE}` });

    const sandbox = report.results.filter((result) => result.accountId === SANDBOX);
    expect(sandbox.map((result) => result.controlId).sort()).toEqual(
      controlsFor(DEFAULT_CONFIG)
        .map((control) => control.id)
        .sort(),
    );
    for (const result of sandbox) {
      expect(result).toMatchObject({ status: 'ERROR', resource: { arn: `AWS::::Account:${SANDBOX}` }, error: { operation: 'sts:AssumeRole' } });
      expect(result.reason).toMatch(
        new RegExp(
          `^account ${SANDBOX} could not be scanned: sts:AssumeRole failed with AccessDenied \\(User: .* is not authorized to perform: sts:AssumeRole`,
        ),
      );
    }
    // The insecure member fails where the compliant management account passes.
    const cloudTrail4 = report.results.filter((result) => result.controlId === 'CloudTrail.4');
    expect(cloudTrail4.map((result) => [result.accountId, result.status]).sort()).toEqual([
      [MANAGEMENT, 'PASS'],
      [WORKLOADS, 'FAIL'],
      [SANDBOX, 'ERROR'],
    ]);
    expect(report.collectionErrors).toEqual([expect.objectContaining({ accountId: SANDBOX, operation: 'sts:AssumeRole' })]);
    expect(exitCode).toBe(1);
  });

  it('exits as a single-account scan would: 0 with --fail-on none, 1 with --fail-on-error for the unscanned account', async () => {
    const url = await organization();
    const args = ['--org', '--role-name', ROLE, '--endpoint-url', url, '--format', 'json', '--quiet', '--fail-on', 'none'];

    expect((await scan(args)).exitCode).toBe(0);
    expect((await scan([...args, '--fail-on-error'])).exitCode).toBe(1);
  });

  it.each([
    [['--org'], /--role-name/],
    [['--role-name', ROLE], /--org/],
    [['--org', '--role-name', ROLE, '--snapshot', 'examples/compliant-account.json'], /--snapshot/],
    [['--org', '--role-name', ROLE, '--account-concurrency', '0'], /--account-concurrency/],
  ])('refuses %j with exit 2', async (args, message) => {
    const result = await scan(args);

    expect(result.exitCode).toBe(2);
    expect(result.message).toMatch(message);
  });
});

describe('scan without --org', () => {
  it('writes the single-account document, without accounts', async () => {
    const { stdout } = await scan(['--snapshot', 'examples/compliant-account.json', '--format', 'json', '--fail-on', 'none']);

    const report = JSON.parse(stdout) as ReportDocument;
    expect(report).not.toHaveProperty('accounts');
    expect(report.collectionErrors).toEqual([]);
  });
});

describe('scan --timeout', () => {
  it('still reports when an endpoint hangs: what was not read by the limit is ERROR with code Timeout', async () => {
    const aws = new WireAccount(loadExample('compliant-account')).failNext('GetTrailStatus', Infinity, { delayMs: 60_000 });
    endpoint = await serve(aws);
    const started = Date.now();

    const { stdout, exitCode } = await scan(['--endpoint-url', endpoint.url, '--timeout', '2', '--format', 'json', '--quiet', '--fail-on', 'none']);

    expect(Date.now() - started).toBeLessThan(10_000);
    const report = JSON.parse(stdout) as ReportDocument;
    expect(report.collectionErrors).toEqual([expect.objectContaining({ operation: 'cloudtrail:GetTrailStatus', code: 'Timeout' })]);
    expect(
      report.results.some((result) => result.status === 'ERROR' && result.reason.includes('cloudtrail:GetTrailStatus in us-east-1 failed with Timeout')),
    ).toBe(true);
    expect(exitCode).toBe(0);
  });
});
