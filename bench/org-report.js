/**
 * The CLI's report of an organization collected in worker threads is the single-thread one:
 * `bin/run.js scan --org --format json` (the installed package's bundled commands and worker
 * entry) against bench/lib/fake-server.js, with --workers 1 and with --workers N, compared byte
 * for byte once the two fields that say when the run happened (`generatedAt`, and each
 * `snapshotCollectedAt`) are blanked. Printed: wall, CPU (user + system of the CLI's process, from
 * /usr/bin/time when present) and peak RSS of each run, and whether the reports are identical.
 *
 *     node bench/org-report.js            (after npm run build; 200 accounts at --account-concurrency 16)
 *     BENCH_ACCOUNTS=1000 BENCH_CONCURRENCY=32 BENCH_WORKERS=3 node bench/org-report.js
 *     BENCH_SAVE_REPORT=before.json node bench/org-report.js    also writes the blanked single-thread report, to compare two builds
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startFakeAws } from './lib/fake-process.js';
import { LOG_ARCHIVE, MANAGEMENT, SECURITY } from './lib/fake-organization.js';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const RUN = new URL('../bin/run.js', import.meta.url).pathname;
const TIME = '/usr/bin/time';

const { url: endpointUrl, ask, stop: stopFake } = await startFakeAws();
const ids = [MANAGEMENT, SECURITY, LOG_ARCHIVE, ...Array.from({ length: ACCOUNTS - 3 }, (_, i) => String(200000000000 + i))];

const dir = mkdtempSync(join(tmpdir(), 'tw-org-report-'));
async function scan(workers) {
  await ask({ type: 'reset', accountIds: ids });
  const output = join(dir, `report-${workers}.json`);
  const timing = join(dir, `time-${workers}.txt`);
  const args = [
    RUN,
    'scan',
    '--org',
    '--role-name',
    'Audit',
    '--endpoint-url',
    endpointUrl,
    '--format',
    'json',
    '--output',
    output,
    '--fail-on',
    'none',
    '--quiet',
  ];
  args.push('--account-concurrency', String(CONCURRENCY), '--workers', String(workers));
  const timed = existsSync(TIME);
  const env = {
    ...process.env,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: `AK${MANAGEMENT}`,
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  delete env.AWS_PROFILE;
  delete env.AWS_ENDPOINT_URL;
  const start = performance.now();
  const child = timed
    ? spawn(TIME, ['-f', '%U %S %M', '-o', timing, process.execPath, ...args], { env, stdio: 'inherit' })
    : spawn(process.execPath, args, { env, stdio: 'inherit' });
  const [code] = await once(child, 'exit');
  const wallMs = performance.now() - start;
  if (code !== 0) throw new Error(`scan --workers ${workers} exited with ${code}`);
  const [user, system, maxRssKiB] = timed ? readFileSync(timing, 'utf8').trim().split('\n').at(-1).split(' ').map(Number) : [NaN, NaN, NaN];
  return { workers, wallMs, cpuMs: (user + system) * 1000, peakRssMiB: maxRssKiB / 1024, report: readFileSync(output, 'utf8') };
}

const timeless = (text) => text.replace(/"(generatedAt|snapshotCollectedAt)": "[^"]+"/g, '"$1": "…"');
const single = await scan(1);
const threaded = await scan(WORKERS);
stopFake();
if (process.env.BENCH_SAVE_REPORT) writeFileSync(process.env.BENCH_SAVE_REPORT, timeless(single.report));
rmSync(dir, { recursive: true, force: true });

const number = (value) => Math.round(value).toLocaleString('en-US');
const identical = timeless(single.report) === timeless(threaded.report);
const blanked = (single.report.match(/"(generatedAt|snapshotCollectedAt)": /g) ?? []).length;
console.log(
  [
    `org-report: bin/run.js scan --org --format json, ${ACCOUNTS} accounts at --account-concurrency ${CONCURRENCY}, against the fake AWS over HTTP`,
    '  workers  wall ms  cpu ms  peak RSS MiB  report bytes',
    ...[single, threaded].map(
      (r) =>
        `  ${String(r.workers).padStart(7)}  ${number(r.wallMs).padStart(7)}  ${number(r.cpuMs).padStart(6)}  ${number(r.peakRssMiB).padStart(12)}  ${number(r.report.length).padStart(12)}`,
    ),
    `  reports      ${identical ? 'identical' : 'DIFFERENT'} byte for byte once the ${blanked} time fields (generatedAt, snapshotCollectedAt) are blanked`,
  ].join('\n'),
);
if (!identical) process.exitCode = 1;
