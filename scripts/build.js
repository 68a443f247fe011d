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
//    that. So is the entry of scan --org's worker threads; the other modules that are not commands
//    (bin/run.js's flush-on-exit) stay as transpiled.
import { readFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { build } from 'esbuild';

const src = new URL('../src/', import.meta.url).pathname;
const dist = new URL('../dist/', import.meta.url).pathname;
const common = { outdir: dist, platform: 'node', format: 'esm', target: 'node20', sourcemap: true, logLevel: 'warning' };

const modules = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.ts'))
  .map((name) => src + name);
await build({ ...common, entryPoints: modules, outbase: src });

const entryPoints = [
  ...readdirSync(`${src}commands`)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `${src}commands/${name}`),
  // The entry of scan --org's worker threads, which a command starts by its path (dist/cli/member-worker.js):
  // bundled too, so that a worker does not load the SDK's CommonJS files one by one either.
  `${src}cli/member-worker.ts`,
];
/**
 * The SDK's schema modules (`dist-es/schemas/schemas_0.js`, one per client: EC2's is 1.3 MB) key their
 * member traits by a constant, `{ [_xN]: _BDM }` with `const _xN = "xmlName"`. A computed key might call
 * toString, so esbuild keeps every statement that holds one, and with it every schema of the service:
 * EC2's alone added 1 MB to the bundle and about 0.1 s of CPU to each start for one DescribeRegions call.
 * Writing those keys as the strings the constants hold (`{ "xmlName": _BDM }`) changes nothing at run time
 * and lets esbuild drop the schemas no sent operation reaches. Only `{ [` or `, [` followed by a name
 * declared in the same file as `const _name = "…"` is rewritten; anything else is left as it is.
 */
const literalSchemaKeys = {
  name: 'literal-schema-keys',
  setup(build) {
    build.onLoad({ filter: /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      const strings = new Map([...text.matchAll(/^const (_\w+) = ("[^"\\]*");$/gm)].map(([, name, value]) => [name, value]));
      const contents = text.replace(/([{,]\s*)\[(_\w+)\]:/g, (whole, before, name) => (strings.has(name) ? `${before}${strings.get(name)}:` : whole));
      return { contents, loader: 'js' };
    });
  },
};

await build({
  ...common,
  entryPoints,
  plugins: [literalSchemaKeys],
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
