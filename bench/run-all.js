/**
 * Runs every bench/*.js (`npm run bench` builds first), one after another, each in its own process
 * so that one benchmark's caches and JIT state do not flatter the next. Exits 1 if any fails.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
const benches = readdirSync(here)
  .filter((name) => name.endsWith('.js') && name !== self)
  .sort();

let failed = 0;
for (const name of benches) {
  const { status } = spawnSync(process.execPath, [join(here, name)], { stdio: 'inherit' });
  if (status !== 0) {
    console.error(`${name} exited with ${status}`);
    failed++;
  }
  console.log();
}
process.exitCode = failed > 0 ? 1 : 0;
