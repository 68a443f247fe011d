import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWith, TERRAFORM, TERRAFORM_PROVIDER_MIRROR } from '../support/prerequisites.js';

/**
 * The real Terraform CLI for the export tests. The AWS provider comes from a local filesystem
 * mirror (the folder that holds `registry.terraform.io`), so nothing is downloaded: every workspace
 * gets a CLI config that installs providers from there only.
 */

/** `describe` for a suite that needs the Terraform CLI and the provider mirror: skipped, and named at the end of the run, where they are missing. */
export function describeWithTerraform(name: string, body: () => void): void {
  describeWith(TERRAFORM, name, body);
}

export interface TerraformRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Workspace {
  dir: string;
  run(args: string[], env?: Record<string, string>): Promise<TerraformRun>;
  remove(): void;
}

/** A temporary folder with these files (name → text) and a CLI config that uses only the mirror. */
export function workspace(files: ReadonlyMap<string, string>): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'trailwarden-tf-'));
  const config = join(dir, 'cli.tfrc');
  writeFileSync(config, `provider_installation {\n  filesystem_mirror {\n    path = "${TERRAFORM_PROVIDER_MIRROR}"\n  }\n}\n`);
  const module = join(dir, 'module');
  mkdirSync(module);
  for (const [name, text] of files) writeFileSync(join(module, name), text);
  return {
    dir: module,
    run: (args, env = {}) =>
      new Promise((resolve, reject) => {
        const child = spawn('terraform', args, {
          cwd: module,
          env: { ...process.env, TF_CLI_CONFIG_FILE: config, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0', ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.once('error', reject);
        child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `terraform init -backend=false`, `validate` and `fmt -check`: what each must print when it fails. */
export async function initValidateFormat(space: Workspace): Promise<string[]> {
  const problems: string[] = [];
  for (const args of [
    ['init', '-backend=false', '-input=false', '-no-color'],
    ['validate', '-no-color'],
    ['fmt', '-check', '-diff', '-no-color'],
  ]) {
    const result = await space.run(args);
    if (result.code !== 0) {
      problems.push(`terraform ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
      break;
    }
  }
  return problems;
}
