// `npm run build`: src/ → dist/ with esbuild, in two passes.
// 1. Every module of src/ is transpiled on its own into dist/ (the benchmarks and scripts import them).
//    Type checking is not the build's job: `npm run typecheck` (in `npm run lint` and `npm test`) checks
//    src/, test/ and bench/ once, so the build does not repeat tsc's work (about 15 s of CPU). Modules
//    transpile one by one safely because every type-only import says so (`import type`, enforced by
//    @typescript-eslint/consistent-type-imports).
// 2. Each command is bundled with what it imports, over its transpiled file. Why: the AWS SDK's clients
//    are CommonJS files (EC2's is 2 MB); imported one by one from ES modules, Node compiles each whole
//    and lexes it for its exports, and a scan spent about 2 s of CPU starting up. Bundled from the SDK's
//    ES builds, only the operations trailwarden sends are kept, and a scan starts in about a quarter of
//    that. The entry points that are not commands (bin/run.js's flush-on-exit) stay as transpiled.
import { readdirSync } from 'node:fs';
import { build } from 'esbuild';

const src = new URL('../src/', import.meta.url).pathname;
const dist = new URL('../dist/', import.meta.url).pathname;
const common = { outdir: dist, platform: 'node', format: 'esm', target: 'node20', sourcemap: true, logLevel: 'warning' };

const modules = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.ts'))
  .map((name) => src + name);
await build({ ...common, entryPoints: modules, outbase: src });

const commands = readdirSync(`${src}commands`)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => `${src}commands/${name}`);
await build({
  ...common,
  entryPoints: commands,
  outbase: src,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  // The SDK's packages name their ES build in "module".
  mainFields: ['module', 'main'],
  // Shared code goes to dist/chunks/: two levels below the root, like every module of dist/, so
  // version.ts's `new URL('../../package.json', import.meta.url)` still finds the package.
  chunkNames: 'chunks/[name]-[hash]',
  // oclif loads the commands itself and must be the same instance as bin/run.js's.
  external: ['@oclif/core'],
  // CommonJS code inside the bundle still calls require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
