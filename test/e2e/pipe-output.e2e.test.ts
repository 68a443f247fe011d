import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountSnapshot } from '../../src/snapshot/types.js';
import { assertBuilt, cliEnv, emptyDir, removeTempDirs, ROOT } from './cli.js';

/**
 * Node writes to a pipe asynchronously, and a command that printed a large report and then exited
 * lost what the pipe had not taken yet: a reader got 64 KiB of a broken document exactly when the scan
 * found something. These runs read the built CLI's output slowly, in small chunks with pauses, so the
 * writer is always ahead of the reader; before the fix every one of them lost data.
 */
describe('output into a slow pipe is never cut (end to end)', () => {
  const dir = emptyDir();
  const REPEATS = 3;
  let bigSnapshot: string;

  beforeAll(() => {
    assertBuilt();
    bigSnapshot = join(dir, 'many-trails.json');
    writeFileSync(bigSnapshot, JSON.stringify(withManyTrails(1_000)));
  });
  afterAll(removeTempDirs);

  it.each([
    ['1 (findings)', [], 1],
    ['0 (--fail-on none)', ['--fail-on', 'none'], 0],
  ])('scan --format json of several MiB, exit %s: every byte arrives and the JSON parses', async (_label, extra, code) => {
    for (let i = 0; i < REPEATS; i++) {
      const run = await runSlowly(['scan', '--snapshot', bigSnapshot, '--format', 'json', ...extra]);
      expect(run.code, run.stderr).toBe(code);
      expect(run.stdout.length).toBeGreaterThan(3 * 1024 * 1024);
      const report = JSON.parse(run.stdout) as { results: unknown[] };
      expect(report.results.length).toBeGreaterThan(4_000);
    }
  });

  it('scan --format table of several MiB: the last line arrives', async () => {
    const run = await runSlowly(['scan', '--snapshot', bigSnapshot, '--format', 'table']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout.length).toBeGreaterThan(512 * 1024);
    expect(run.stdout).toMatch(/trail-0999/);
    expect(run.stdout.endsWith('\n')).toBe(true);
  });

  it('an error message of about 1 MiB on stderr, exit 2: every byte arrives', async () => {
    // Several --controls values (one argument may hold 128 KiB at most), so the message is larger
    // than what the kernel buffers for a pipe or socket pair.
    const unknown = Array.from({ length: 8 }, (_, flag) => Array.from({ length: 15_000 }, (_, i) => `X${flag}${String(i).padStart(5, '0')}`).join(','));
    for (let i = 0; i < REPEATS; i++) {
      const run = await runSlowly(['scan', '--snapshot', bigSnapshot, ...unknown.flatMap((ids) => ['--controls', ids])]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      // oclif folds a message at OCLIF_COLUMNS (1,000 here), so compare it unfolded.
      expect(run.stderr.replace(/\n › {3}/g, '')).toContain(unknown.join(','));
      expect(run.stderr).toContain('`trailwarden controls` lists them');
    }
  });

  it('stdout of several MiB and exit 2 (the mechanism bin/run.js installs, exercised directly)', async () => {
    // No command prints a large report and then exits 2 on a snapshot (the Security Hub import can, but
    // needs AWS); the exit path is the same process.exit, so drive it directly.
    const payload = 'x'.repeat(4 * 1024 * 1024);
    const script = `const { exitAfterOutput } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/cli/flush-on-exit.js')).href)});
exitAfterOutput(); process.stdout.write('x'.repeat(${payload.length}) + 'END'); process.exit(2);`;
    for (let i = 0; i < REPEATS; i++) {
      const run = await readSlowly(spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] }));
      expect(run.code).toBe(2);
      expect(run.stdout).toBe(`${payload}END`);
    }
  });

  function runSlowly(args: string[]): Promise<SlowRun> {
    return readSlowly(spawn(process.execPath, [join(ROOT, 'bin/run.js'), ...args], { cwd: dir, env: cliEnv(dir), stdio: ['ignore', 'pipe', 'pipe'] }));
  }
});

interface SlowRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Reads both streams a chunk at a time with a pause after each, as a slow consumer (`| jq` on a busy runner) does. */
async function readSlowly(child: ReturnType<typeof spawn>): Promise<SlowRun> {
  const read = (stream: NodeJS.ReadableStream): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        stream.pause();
        setTimeout(() => stream.resume(), 3);
      });
      stream.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      stream.once('error', reject);
    });
  const [stdout, stderr, code] = await Promise.all([
    read(child.stdout!),
    read(child.stderr!),
    new Promise<number | null>((resolve) => child.once('close', (exitCode) => resolve(exitCode))),
  ]);
  return { code, stdout, stderr };
}

/** The insecure example with `count` more copies of its trail: every copy fails the per-trail controls. */
function withManyTrails(count: number): AccountSnapshot {
  const snapshot = JSON.parse(readFileSync(join(ROOT, 'examples/insecure-account.json'), 'utf8')) as AccountSnapshot;
  const template = snapshot.trails[0]!;
  const copies = Array.from({ length: count }, (_, i) => {
    const name = `trail-${String(i).padStart(4, '0')}`;
    return { ...template, name, arn: template.arn.replace(/trail\/.*$/, `trail/${name}`) };
  });
  snapshot.trails.push(...copies);
  const home = snapshot.regionData.find((region) => region.region === template.homeRegion)!;
  if (home.trailArns.ok) home.trailArns.value.push(...copies.map((copy) => copy.arn));
  return snapshot;
}
