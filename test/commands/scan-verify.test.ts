import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureOutput } from '@oclif/test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventMonitoringControls } from '../../src/checks/monitoring/index.js';
import Scan from '../../src/commands/scan.js';
import { recordOfAccount } from '../../src/corpus/index.js';
import type { ReportDocument } from '../../src/results/document.js';
import { blindDigits } from '../../src/snapshot/question-digest.js';
import type { AccountSnapshot } from '../../src/snapshot/types.js';
import { asAccount, loadExample, serve, useStaticCredentials, WireAccount } from '../collect/wire-account.js';
import { reportValidator, sarifValidator } from '../report/validators.js';

/**
 * `trailwarden scan --verify-patterns-with-aws` from the sources, against the wire fake on
 * 127.0.0.1 (`--endpoint-url`), which plays AWS's pattern evaluators with trailwarden's engines
 * except on the messages a test makes AWS answer otherwise.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SAVED = loadExample('compliant-account');
const CLOUDWATCH_4 = eventMonitoringControls.find((control) => control.id === 'CloudWatch.4')!;
const MISSED = recordOfAccount(CLOUDWATCH_4.spec.positives[0]!, SAVED.account.id);
const MEMBER = '222222222222';

let endpoint: { url: string; close: () => Promise<void> } | undefined;
let dir: string;

beforeEach(() => {
  useStaticCredentials();
  dir = mkdtempSync(join(tmpdir(), 'tw-verify-'));
});

afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function scan(args: string[]) {
  const { stdout, error } = await captureOutput(() => Scan.run([...args, '--quiet', '--fail-on', 'none'], ROOT));
  return { stdout, exitCode: error?.oclif?.exit ?? 0, message: error?.message };
}

async function awsThatMisses(): Promise<string> {
  const aws = new WireAccount(SAVED);
  aws.contrary.add(MISSED.message);
  endpoint = await serve(aws);
  return endpoint.url;
}

const cloudWatch4 = (report: ReportDocument) => report.results.find((result) => result.controlId === 'CloudWatch.4')!;

describe('scan --verify-patterns-with-aws', () => {
  it("AWS's answer decides, the JSON report carries every disagreement, and a saved snapshot rescans to the same offline", async () => {
    const url = await awsThatMisses();
    const saved = join(dir, 'account.json');

    const live = JSON.parse(
      (await scan(['--endpoint-url', url, '--verify-patterns-with-aws', '--format', 'json', '--save-snapshot', saved])).stdout,
    ) as ReportDocument;

    const validate = reportValidator();
    expect(validate(live), JSON.stringify(validate.errors)).toBe(true);
    expect(cloudWatch4(live)).toMatchObject({ status: 'FAIL', reason: expect.stringContaining(`misses ${MISSED.summary}`) as string });
    expect(live.patternVerification?.failed).toEqual([]);
    expect(live.patternVerification?.disagreements).toContainEqual(
      expect.objectContaining({ pattern: CLOUDWATCH_4.spec.filterPattern, recordId: MISSED.id, aws: 'no-match', engine: 'match' }),
    );
    const snapshot = JSON.parse(readFileSync(saved, 'utf8')) as AccountSnapshot;
    expect(snapshot.callCounts['logs:TestMetricFilter']).toBeGreaterThan(0);

    const offline = JSON.parse((await scan(['--snapshot', saved, '--format', 'json'])).stdout) as ReportDocument;
    expect(offline.results).toEqual(live.results);
    expect(offline.patternVerification).toEqual(live.patternVerification);
  });

  it('the table says how many verdicts AWS decided and prints each disagreement on a line that can be reported', async () => {
    const url = await awsThatMisses();

    const { stdout } = await scan(['--endpoint-url', url, '--verify-patterns-with-aws']);

    expect(stdout).toMatch(/AWS decided \d+ verdict\(s\) on (\d+) of \1 pattern\(s\) \(--verify-patterns-with-aws\): \d+ disagree with trailwarden's engines/);
    expect(stdout).toContain(
      `metric filter pattern ${JSON.stringify(CLOUDWATCH_4.spec.filterPattern)} on record ${MISSED.id} (${MISSED.summary}), account ${SAVED.account.id}, us-east-1: AWS no-match, trailwarden match`,
    );
  });

  it('--org: each account asks about its own log groups and rules, and all the answers are in the one report', async () => {
    const member = asAccount(SAVED, MEMBER);
    const aws = new WireAccount(SAVED).addMember(member, 'workloads');
    // AWS is consistent across accounts: the record misses in the member too.
    aws.contrary.add(blindDigits(MISSED.message));
    endpoint = await serve(aws);

    const report = JSON.parse(
      (await scan(['--org', '--role-name', 'OrganizationAccountAccessRole', '--endpoint-url', endpoint.url, '--verify-patterns-with-aws', '--format', 'json']))
        .stdout,
    ) as ReportDocument;

    expect(report.results.filter((result) => result.controlId === 'CloudWatch.4').map(({ accountId, status }) => [accountId, status])).toEqual([
      [SAVED.account.id, 'FAIL'],
      [MEMBER, 'FAIL'],
    ]);
    expect(new Set(report.patternVerification?.disagreements.map(({ accountId }) => accountId))).toEqual(new Set([SAVED.account.id, MEMBER]));
    expect(report.patternVerification?.patterns).toBeGreaterThan(0);
  });

  it('SARIF carries the summary and each disagreement as tool execution notifications, and stays valid SARIF 2.1.0', async () => {
    const url = await awsThatMisses();

    const sarif = JSON.parse((await scan(['--endpoint-url', url, '--verify-patterns-with-aws', '--format', 'sarif'])).stdout) as {
      runs: { invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[];
    };

    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const notes = sarif.runs[0]!.invocations[0]!.toolExecutionNotifications.map(({ message }) => message.text);
    expect(notes.some((text) => text.startsWith('AWS decided '))).toBe(true);
    expect(notes.some((text) => text.includes(`on record ${MISSED.id} (${MISSED.summary})`))).toBe(true);
  });

  it('HTML: a section with the summary and a row per disagreement', async () => {
    const url = await awsThatMisses();

    const page = (await scan(['--endpoint-url', url, '--verify-patterns-with-aws', '--format', 'html'])).stdout;

    expect(page).toContain('<h2 id="verification-h">AWS\'s verdicts</h2>');
    expect(page).toContain(`<td>${MISSED.id} (${MISSED.summary})</td><td>${SAVED.account.id}</td><td>us-east-1</td><td>no-match</td><td>match</td>`);
  });

  it('without the flag nothing is asked and nothing is added to the report', async () => {
    const aws = new WireAccount(SAVED);
    endpoint = await serve(aws);

    const report = JSON.parse((await scan(['--endpoint-url', endpoint.url, '--format', 'json'])).stdout) as ReportDocument;

    expect(report).not.toHaveProperty('patternVerification');
    expect(aws.callsOf('TestMetricFilter') + aws.callsOf('TestEventPattern')).toBe(0);
  });

  it('refuses it with --snapshot (a saved snapshot cannot ask AWS): exit 2', async () => {
    const result = await scan(['--snapshot', 'examples/compliant-account.json', '--verify-patterns-with-aws']);
    expect(result.exitCode).toBe(2);
    expect(result.message).toMatch(/--snapshot/);
  });
});
