import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result, Status } from '../../src/checks/types.js';
import type { CollectionError } from '../../src/snapshot/types.js';

/**
 * Runs the real CLI (`node bin/run.js`, i.e. the compiled `dist/`) as a user would, in an
 * environment that cannot see the developer's own AWS setup.
 */

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin', 'run.js');
const BUILT_COMMAND = join(ROOT, 'dist', 'commands', 'scan.js');
const TIMEOUT_MS = 60_000;

/** The JSON report of `scan --format json`, as far as these tests read it. */
export interface Report {
  schemaVersion: unknown;
  tool: unknown;
  account: { id: string; partition: string };
  regions: string[];
  results: (Result & { suppressed?: { reason: string } })[];
  summary: { total: number; byStatus: Record<string, number> };
  /** Calls that failed during collection: against moto, usually an operation moto lacks. */
  collectionErrors: CollectionError[];
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** Fails with the remedy when the CLI has not been compiled: `npm test` builds before it runs vitest. */
export function assertBuilt(): void {
  if (!existsSync(BUILT_COMMAND)) {
    throw new Error(`${BUILT_COMMAND} does not exist: the end-to-end tests run the compiled CLI. Run \`npm run build\` first (\`npm test\` does).`);
  }
}

/**
 * A fresh empty directory used as HOME and working directory: no ~/.aws/credentials or config, no
 * trailwarden.config.yaml that the developer happens to have.
 */
export function emptyDir(prefix = 'tw-e2e-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  createdDirs.push(dir);
  return dir;
}

const createdDirs: string[] = [];

/** Removes the directories emptyDir made; call it in each test file's afterAll. */
export function removeTempDirs(): void {
  for (const dir of createdDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Environment of the CLI: built from nothing rather than from `process.env`, so that no AWS_* of the
 * developer or the runner (profile, keys, region, endpoint) reaches it. `overrides` adds variables;
 * `undefined` removes one of the defaults (e.g. the access key, to test missing credentials).
 */
export function cliEnv(home: string, overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    // Without it the SDK's default chain would wait on the EC2 instance metadata service.
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NO_COLOR: '1',
    // oclif hard-wraps error messages at the terminal width, breaking paths and phrases that the
    // tests look for; a child process has no terminal, so give it a width no message reaches.
    OCLIF_COLUMNS: '1000',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export async function runCli(args: string[], overrides: Record<string, string | undefined> = {}, cwd = emptyDir()): Promise<CliRun> {
  assertBuilt();
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: cliEnv(cwd, overrides), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
  const code = await new Promise<number | null>((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolvePromise(exitCode));
  }).finally(() => clearTimeout(timer));
  return { code, stdout, stderr, json: parseJson(stdout) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `scan` against moto with the flags every scenario shares. */
export function scanArgs(endpoint: string, regions: string[], ...extra: string[]): string[] {
  return ['scan', '--endpoint-url', endpoint, ...regions.flatMap((region) => ['--region', region]), '--format', 'json', ...extra];
}

/** The report of a run, or a failure that shows what the CLI printed instead. */
export function reportOf(run: CliRun): Report {
  const report = run.json as Report | undefined;
  if (!report || !Array.isArray(report.results)) {
    throw new Error(
      `expected a JSON report on stdout (exit ${run.code})\n--- stdout ---\n${run.stdout.slice(0, 2_000)}\n--- stderr ---\n${run.stderr.slice(0, 4_000)}`,
    );
  }
  return report;
}

export function resultsFor(report: Report, controlId: string): Result[] {
  return report.results.filter((result) => result.controlId === controlId);
}

/** The one result of a control; fails listing what there was when there is not exactly one. */
export function onlyResult(report: Report, controlId: string): Result {
  const results = resultsFor(report, controlId);
  if (results.length !== 1) {
    throw new Error(`expected exactly one ${controlId} result, got ${results.length}: ${JSON.stringify(results.map(brief))}`);
  }
  return results[0]!;
}

/** `controlId → status` per resource, compact enough to read in a failed assertion. */
export function statuses(report: Report, controlIds: string[]): Record<string, Status[]> {
  return Object.fromEntries(controlIds.map((id) => [id, resultsFor(report, id).map((result) => result.status)]));
}

export function brief(result: Result): string {
  return `${result.controlId} ${result.status} ${result.resource.arn}: ${result.reason}`;
}

/** A Node stack frame (`    at fn (file:line:col)`): what a user must never see for their own mistake. */
export const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;
