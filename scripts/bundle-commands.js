// Bundles each compiled command (dist/commands/*.js) with what it imports, in place, after `tsc`.
// Why: the AWS SDK's clients are CommonJS files (EC2's is 2 MB); imported one by one from ES modules,
// Node compiles each whole and lexes it for its exports, and a scan spent about 2 s of CPU starting
// up. Bundled from the SDK's ES builds, only the operations trailwarden sends are kept, and a scan
// starts in about a quarter of that. The rest of dist/ stays as tsc wrote it (the benchmarks and
// scripts import it), and so do the entry points that are not commands (bin/run.js's flush-on-exit).
import { readdirSync } from 'node:fs';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url);
const commands = new URL('commands/', dist);
const entryPoints = [
  ...readdirSync(commands)
    .filter((name) => name.endsWith('.js'))
    .map((name) => new URL(name, commands).pathname),
  // The entry of scan --org's worker threads, which a command starts by its path (dist/cli/member-worker.js):
  // bundled too, so that a worker does not load the SDK's CommonJS files one by one either.
  new URL('cli/member-worker.js', dist).pathname,
];

await build({
  entryPoints,
  outdir: dist.pathname,
  outbase: dist.pathname,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The SDK's packages name their ES build in "module".
  mainFields: ['module', 'main'],
  // Shared code goes to dist/chunks/: two levels below the root, like every module of dist/, so
  // version.ts's `new URL('../../package.json', import.meta.url)` still finds the package.
  chunkNames: 'chunks/[name]-[hash]',
  // oclif loads the commands itself and must be the same instance as bin/run.js's.
  external: ['@oclif/core'],
  sourcemap: true,
  // CommonJS code inside the bundle still calls require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
