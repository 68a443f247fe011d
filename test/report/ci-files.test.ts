import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OUTPUT_FILES } from '../../src/report/index.js';

/**
 * The CI files are checked for structure here and by `npx @action-validator/cli FILE` (run by hand:
 * it is not a dependency). A schema check cannot tell whether an action has the inputs a step
 * passes, so the inputs of every action used are listed below, from each action's action.yml at
 * the major version referenced.
 */
const KNOWN_INPUTS: Record<string, string[]> = {
  'actions/checkout@v4': [
    'repository',
    'ref',
    'token',
    'ssh-key',
    'ssh-known-hosts',
    'ssh-strict',
    'ssh-user',
    'persist-credentials',
    'path',
    'clean',
    'filter',
    'sparse-checkout',
    'sparse-checkout-cone-mode',
    'fetch-depth',
    'fetch-tags',
    'show-progress',
    'lfs',
    'submodules',
    'set-safe-directory',
    'github-server-url',
  ],
  'actions/setup-node@v4': [
    'node-version',
    'node-version-file',
    'architecture',
    'check-latest',
    'registry-url',
    'scope',
    'token',
    'cache',
    'cache-dependency-path',
    'always-auth',
    'mirror',
    'mirror-token',
  ],
  'aws-actions/configure-aws-credentials@v4': [
    'audience',
    'aws-access-key-id',
    'aws-secret-access-key',
    'aws-session-token',
    'aws-region',
    'mask-aws-account-id',
    'role-to-assume',
    'web-identity-token-file',
    'role-duration-seconds',
    'role-session-name',
    'role-external-id',
    'role-skip-session-tagging',
    'inline-session-policy',
    'managed-session-policies',
    'output-credentials',
    'unset-current-credentials',
    'disable-retry',
    'retry-max-attempts',
    'special-characters-workaround',
    'use-existing-credentials',
    'role-chaining',
    'http-proxy',
  ],
  'github/codeql-action/upload-sarif@v3': ['sarif_file', 'checkout_path', 'ref', 'sha', 'token', 'matrix', 'category', 'wait-for-processing'],
  'actions/upload-artifact@v4': ['name', 'path', 'if-no-files-found', 'retention-days', 'compression-level', 'overwrite', 'include-hidden-files'],
};

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  shell?: string;
}

const root = new URL('../../', import.meta.url);
const read = (path: string) => parse(readFileSync(new URL(path, root), 'utf8')) as Record<string, unknown>;

describe('.github/workflows/trailwarden.yml', () => {
  const workflow = read('.github/workflows/trailwarden.yml') as {
    on: { schedule: { cron: string }[]; workflow_dispatch: { inputs: Record<string, { options?: string[] }> } };
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const using = (action: string) => steps.find((step) => step.uses === action)!;

  it('runs on a schedule and on demand', () => {
    expect(workflow.on.schedule[0]!.cron.split(' ')).toHaveLength(5);
    expect(workflow.on.workflow_dispatch.inputs['fail-on']?.options).toEqual(['critical', 'high', 'medium', 'low', 'informational', 'none']);
  });

  it('asks for the OIDC token and the code scanning permission, and only reads contents', () => {
    expect(workflow.permissions).toMatchObject({ 'id-token': 'write', contents: 'read', 'security-events': 'write' });
  });

  it('uses only known actions, with inputs they declare', () => {
    for (const step of steps.filter((s) => s.uses)) {
      const inputs = KNOWN_INPUTS[step.uses!];
      expect(inputs, `unknown action ${step.uses}`).toBeDefined();
      for (const input of Object.keys(step.with ?? {})) expect(inputs, `${step.uses} has no input ${input}`).toContain(input);
    }
  });

  it('assumes a role with OIDC', () => {
    expect(Object.keys(using('aws-actions/configure-aws-credentials@v4').with ?? {})).toEqual(expect.arrayContaining(['role-to-assume', 'aws-region']));
  });

  it('scans to SARIF in an output directory and fails on findings at a severity', () => {
    const scan = steps.find((step) => step.run?.includes(' scan'))!;
    expect(scan.run).toMatch(/npx --yes "trailwarden@\$\{TRAILWARDEN_VERSION\}" scan/);
    expect(scan.run).toMatch(/--format \S*sarif/);
    expect(scan.run).toContain('--output-dir trailwarden-results');
    expect(scan.run).toContain('--fail-on "$FAIL_ON"');
  });

  it('uploads the SARIF file even when the scan failed', () => {
    const upload = using('github/codeql-action/upload-sarif@v3');
    expect(upload.with).toMatchObject({ sarif_file: `trailwarden-results/${OUTPUT_FILES.sarif}`, category: expect.any(String) });
    expect(upload.if).toMatch(/^always\(\) && hashFiles\('trailwarden-results\/trailwarden\.sarif'\)/);
  });

  it('appends the markdown report to the step summary', () => {
    const summary = steps.find((step) => step.run?.includes('GITHUB_STEP_SUMMARY'))!;
    expect(summary.run).toContain(`trailwarden-results/${OUTPUT_FILES.markdown} >> "$GITHUB_STEP_SUMMARY"`);
    expect(summary.if).toMatch(/^always\(\)/);
  });
});

describe('action.yml', () => {
  const action = read('action.yml') as {
    inputs: Record<string, { description: string; default: string }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: Step[] };
  };
  const step = (id: string) => action.runs.steps.find((candidate) => candidate.id === id);
  const scan = step('scan');
  const upload = action.runs.steps.find((candidate) => candidate.uses === 'actions/upload-artifact@v4');

  it('is a composite action with the documented inputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(['regions', 'config', 'fail-on', 'formats', 'output-dir', 'args', 'artifact-name']);
    for (const input of Object.values(action.inputs)) expect(input.description).not.toBe('');
    expect(action.inputs.formats?.default.split(',')).toContain('html');
  });

  it('outputs the SARIF and HTML paths and the exit code from the scan step', () => {
    expect(scan?.id).toBe('scan');
    expect(action.outputs['sarif-file']?.value).toBe('${{ steps.scan.outputs.sarif-file }}');
    expect(action.outputs['html-file']?.value).toBe('${{ steps.scan.outputs.html-file }}');
    expect(action.outputs['exit-code']?.value).toBe('${{ steps.scan.outputs.exit-code }}');
  });

  it('passes inputs through the environment only, and references no undeclared input', () => {
    for (const { run, env } of [step('install')!, scan!]) {
      expect(run).not.toContain('${{');
      for (const value of Object.values(env ?? {})) {
        const [, name] = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(value) ?? [];
        expect(Object.keys(action.inputs)).toContain(name);
      }
    }
  });

  it('keeps the output directory, HTML report included, as an artifact even when the scan failed', () => {
    expect(upload?.if).toMatch(/^always\(\) && inputs\.artifact-name != ''/);
    expect(upload?.with).toMatchObject({ name: '${{ inputs.artifact-name }}', path: '${{ inputs.output-dir }}' });
    for (const input of Object.keys(upload?.with ?? {})) expect(KNOWN_INPUTS['actions/upload-artifact@v4']).toContain(input);
  });

  /** A step's script run as the runner runs it (bash -e), with a fake GITHUB_OUTPUT and the given GITHUB_ACTION_PATH. */
  function runStep(script: string, env: Record<string, string>, options: { path?: string; cwd?: string } = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'trailwarden-action-'));
    writeFileSync(join(dir, 'step.sh'), script);
    writeFileSync(join(dir, 'output'), '');
    const defaults = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [`TW_${name.toUpperCase().replace(/-/g, '_')}`, input.default]));
    const child = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', join(dir, 'step.sh')], {
      cwd: options.cwd ?? dir,
      env: { PATH: `${options.path ? `${options.path}:` : ''}${process.env.PATH}`, GITHUB_OUTPUT: join(dir, 'output'), ...defaults, ...env },
      encoding: 'utf8',
    });
    return { status: child.status, stderr: child.stderr, outputs: readFileSync(join(dir, 'output'), 'utf8') };
  }

  /** A checkout of the action whose bin/run.js records its arguments and exits with `exitCode`. */
  function fakeCheckout(exitCode: number): string {
    const dir = mkdtempSync(join(tmpdir(), 'trailwarden-checkout-'));
    mkdirSync(join(dir, 'bin'));
    writeFileSync(
      join(dir, 'bin', 'run.js'),
      `require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'args'))}, process.argv.slice(2).join('\\n')); process.exit(${exitCode});\n`,
    );
    return dir;
  }

  describe('its install step', () => {
    it("installs and builds in the action's checkout, once per job", () => {
      const checkout = fakeCheckout(0);
      const bin = mkdtempSync(join(tmpdir(), 'trailwarden-npm-'));
      writeFileSync(join(bin, 'npm'), `#!/bin/sh\nprintf '%s ' "$PWD" "$@" >> "${bin}/npm-calls"\n`);
      chmodSync(join(bin, 'npm'), 0o755);
      expect(runStep(step('install')!.run!, { GITHUB_ACTION_PATH: checkout }, { path: bin }).status).toBe(0);
      expect(readFileSync(join(bin, 'npm-calls'), 'utf8')).toBe(`${checkout} ci --no-audit --no-fund `);

      mkdirSync(join(checkout, 'dist', 'commands'), { recursive: true });
      writeFileSync(join(checkout, 'dist', 'commands', 'scan.js'), '');
      expect(runStep(step('install')!.run!, { GITHUB_ACTION_PATH: checkout }, { path: bin }).status).toBe(0);
      expect(readFileSync(join(bin, 'npm-calls'), 'utf8')).toBe(`${checkout} ci --no-audit --no-fund `);
    });
  });

  describe('its scan step', () => {
    it("runs the checkout's CLI with the inputs as flags", () => {
      const checkout = fakeCheckout(0);
      const { status, outputs } = runStep(scan!.run!, {
        GITHUB_ACTION_PATH: checkout,
        TW_REGIONS: 'us-east-1,eu-west-1',
        TW_CONFIG: 'ci/tw.yaml',
        TW_ARGS: '--include-errors --baseline old.json',
      });
      expect(status).toBe(0);
      expect(readFileSync(join(checkout, 'args'), 'utf8').split('\n')).toEqual([
        'scan',
        '--format',
        'sarif,json,markdown,html',
        '--output-dir',
        'trailwarden-results',
        '--fail-on',
        'high',
        '--region',
        'us-east-1,eu-west-1',
        '--config',
        'ci/tw.yaml',
        '--include-errors',
        '--baseline',
        'old.json',
      ]);
      expect(outputs).toBe(`exit-code=0\nsarif-file=trailwarden-results/${OUTPUT_FILES.sarif}\nhtml-file=trailwarden-results/${OUTPUT_FILES.html}\n`);
    });

    it("sets its outputs and then fails with the scan's exit code", () => {
      const { status, outputs } = runStep(scan!.run!, { GITHUB_ACTION_PATH: fakeCheckout(1) });
      expect(status).toBe(1);
      expect(outputs).toBe(`exit-code=1\nsarif-file=trailwarden-results/${OUTPUT_FILES.sarif}\nhtml-file=trailwarden-results/${OUTPUT_FILES.html}\n`);
    });

    it('outputs no SARIF or HTML path when they were not asked for', () => {
      const checkout = fakeCheckout(0);
      const { outputs } = runStep(scan!.run!, { GITHUB_ACTION_PATH: checkout, TW_FORMATS: 'json' });
      expect(readFileSync(join(checkout, 'args'), 'utf8')).not.toContain('--region');
      expect(outputs).toBe('exit-code=0\nsarif-file=\nhtml-file=\n');
    });

    it('scans a snapshot with this checkout as GITHUB_ACTION_PATH, and writes every default report', () => {
      const repository = fileURLToPath(root);
      const workspace = mkdtempSync(join(tmpdir(), 'trailwarden-workspace-'));
      const { status, stderr, outputs } = runStep(
        scan!.run!,
        {
          GITHUB_ACTION_PATH: repository,
          TW_ARGS: `--snapshot ${join(repository, 'examples', 'insecure-account.json')} --quiet`,
        },
        { cwd: workspace },
      );
      // The insecure example fails HIGH controls, so fail-on high fails the step, after the outputs.
      expect(status, stderr).toBe(1);
      expect(outputs).toBe(`exit-code=1\nsarif-file=trailwarden-results/${OUTPUT_FILES.sarif}\nhtml-file=trailwarden-results/${OUTPUT_FILES.html}\n`);
      expect(readdirSync(join(workspace, 'trailwarden-results')).sort()).toEqual([
        OUTPUT_FILES.html,
        OUTPUT_FILES.json,
        OUTPUT_FILES.markdown,
        OUTPUT_FILES.sarif,
      ]);
      expect(readFileSync(join(workspace, 'trailwarden-results', OUTPUT_FILES.html), 'utf8')).toMatch(/^<!doctype html>[\s\S]*Repaired by <code>fix<\/code>/);
    });
  });
});
