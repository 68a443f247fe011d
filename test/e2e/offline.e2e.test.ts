import { once } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, brief, emptyDir, removeTempDirs, reportOf, ROOT, runCli, STACK_FRAME } from './cli.js';

const EXAMPLES = join(ROOT, 'examples');

/** The compiled CLI on inputs that need no AWS at all: bad files and the control registry. */
describe('CLI without AWS (end to end)', () => {
  beforeAll(() => {
    assertBuilt();
  });
  afterAll(removeTempDirs);

  const dir = emptyDir();
  function file(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  it.each([
    ['truncated JSON', 'truncated.json', '{"snapshotVersion": 1, "trails": [', /not valid JSON/i],
    ['another JSON document', 'report.json', JSON.stringify({ schemaVersion: 1, results: [] }), /not a trailwarden snapshot/i],
    ['a newer snapshot version', 'future.json', JSON.stringify({ snapshotVersion: 99 }), /snapshotVersion 99/],
    ['a missing file', 'absent.json', undefined, /cannot read snapshot/i],
  ])('scan --snapshot with %s: exit 2, names the file and the problem, no stack trace', async (_label, name, text, problem) => {
    const path = text === undefined ? join(dir, name) : file(name, text);
    const run = await runCli(['scan', '--snapshot', path, '--format', 'json']);

    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(path);
    expect(run.stderr).toMatch(problem);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).toBe('');
  });

  it('an error message is not wrapped when stderr is no terminal (CI logs), so paths stay whole', async () => {
    const path = join(dir, 'a-directory-name-long-enough-to-pass-eighty-columns', 'and-a-snapshot-file-name-as-long.json');
    const run = await runCli(['scan', '--snapshot', path], { OCLIF_COLUMNS: undefined });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(path);
  });

  it('an endpoint that accepts connections and never answers: exit 2 after two call timeouts, naming the timeout', async () => {
    const hung = createServer(() => {}).listen(0, '127.0.0.1');
    await once(hung, 'listening');
    try {
      const { port } = hung.address() as AddressInfo;
      const started = Date.now();
      const run = await runCli(['scan', '--endpoint-url', `http://127.0.0.1:${port}`, '--call-timeout', '1']);

      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain('sts:GetCallerIdentity failed with TimeoutError: no answer within the call timeout of 1 s');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      hung.close();
    }
  });

  it('a malformed config: exit 2 with the file, the path in it and the problem', async () => {
    const config = file('bad.yaml', 'logRetentionDays: forever\n');
    const run = await runCli(['controls', '--config', config]);

    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(config);
    expect(run.stderr).toContain('logRetentionDays');
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('controls --json lists the CloudTrail and monitoring controls with their metadata', async () => {
    const run = await runCli(['controls', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const controls = run.json as { id: string; family: string; severity: string; title: string }[];
    const ids = controls.map((control) => control.id);
    for (const id of ['CloudTrail.1', 'CloudTrail.2', 'CloudTrail.3', 'CloudTrail.4', 'CloudTrail.5', 'CloudTrail.6', 'CloudTrail.7', 'CloudWatch.4']) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(controls.find((control) => control.id === 'CloudTrail.1')).toMatchObject({ family: 'cloudtrail' });
    expect(controls.find((control) => control.id === 'CloudWatch.4')).toMatchObject({ family: 'monitoring' });
  });

  describe('--benchmark on the compliant example, whose CloudWatch.10 filter lacks ModifySecurityGroupRules', () => {
    const scan = (...flags: string[]) => runCli(['scan', '--snapshot', join(EXAMPLES, 'compliant-account.json'), ...flags]);
    const failing = (run: Awaited<ReturnType<typeof scan>>) => reportOf(run).results.filter((result) => result.status === 'FAIL');

    it('cis-1.4.0 passes it; cis-5.0.0 fails it (exit 1), and says so in the compliance summary', async () => {
      const before = await scan('--benchmark', 'cis-1.4.0', '--format', 'json');
      expect(failing(before).map(brief)).toEqual([]);
      expect(before.code, before.stderr).toBe(0);
      const after = await scan('--benchmark', 'cis-5.0.0', '--format', 'json');
      expect(failing(after).map((result) => result.controlId)).toEqual(['CloudWatch.10']);
      expect(after.code, after.stderr).toBe(1);
      expect((after.json as { benchmark: { summary: { failed: number } } }).benchmark.summary.failed).toBe(1);
    });

    it('cis-6.0.0 reports it as 5.10; cis-3.0.0 reports CloudTrail.5 as not part of that version', async () => {
      const six = await scan('--benchmark', 'cis-6.0.0');
      expect(six.stdout).toContain('5.10 CloudWatch.10  LOW');
      const three = await scan('--benchmark', 'cis-3.0.0');
      expect(three.stdout).toMatch(/Not part of CIS AWS Foundations Benchmark v3\.0\.0 \(not evaluated\): .*CloudTrail\.5/);
      expect(three.stdout).not.toMatch(/^CloudTrail\.5 /m);
    });

    it('the config file can name the benchmark; --benchmark overrides it', async () => {
      const config = file('benchmark.yaml', 'benchmark: cis-5.0.0\n');
      const fromConfig = await scan('--config', config, '--format', 'json');
      expect(fromConfig.code, fromConfig.stderr).toBe(1);
      expect((fromConfig.json as { benchmark: { name: string } }).benchmark.name).toBe('cis-5.0.0');
      const overridden = await scan('--config', config, '--benchmark', 'cis-4.0.1', '--format', 'json');
      expect(overridden.code, overridden.stderr).toBe(0);
    });

    it('an unknown --benchmark writes nothing', async () => {
      const output = join(dir, 'never.json');
      const run = await scan('--benchmark', 'cis-8.0.0', '--output', output);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')[0]).toContain('unknown benchmark "cis-8.0.0"');
      expect(existsSync(output)).toBe(false);
    });
  });

  // The README's first command and its promise, run as a user runs them.
  it('README: scanning examples/insecure-account.json reports failures and exits 1', async () => {
    const run = await runCli(['scan', '--snapshot', join(EXAMPLES, 'insecure-account.json'), '--format', 'json']);
    expect(run.code, run.stderr).toBe(1);
    expect(reportOf(run).summary.byStatus.FAIL).toBeGreaterThan(0);
  });

  it('README: scanning examples/compliant-account.json reports no failures and exits 0', async () => {
    const run = await runCli(['scan', '--snapshot', join(EXAMPLES, 'compliant-account.json'), '--format', 'json']);
    const failing = reportOf(run).results.filter((result) => result.status === 'FAIL');
    expect(failing.map(brief)).toEqual([]);
    expect(run.code, run.stderr).toBe(0);
  });
});
