/**
 * How an organization scan grows with the organization, and what worker threads give: 200 and
 * 1,000 accounts at --account-concurrency 4, 16 and 32, collected in this thread (workers 1) and
 * in worker threads, against the fake AWS of bench/lib/fake-organization.js (every request
 * answered after 50 ms, each operation throttled with a token bucket per account and Region, as
 * AWS's limits are), served over HTTP on loopback by a child process (bench/lib/fake-server.js),
 * so that its CPU is not counted as the collector's. The real SDK clients, HTTP layer and
 * `collectOrganization` run: ListAccounts, AssumeRole into every member, each member collected,
 * the organization evaluated as one system.
 *
 * Printed per run: wall time against its lower bound (ListAccounts pages, then
 * ceil(accounts / concurrency) rounds of a member's chain of dependent calls), the CPU time of
 * this process (user + system, worker threads included) and per account, the fake's CPU, peak RSS
 * (sampled every 20 ms, and the process's maximum), calls per account (management, member),
 * calls made twice, throttled requests, and the verdicts (every member must pass CloudWatch.1
 * through the owner's chain); with workers, each worker's accounts and peak heap.
 *
 *     node bench/org-scale.js                                  (after npm run build)
 *     BENCH_RUNS=200x16x1,200x16x2 node bench/org-scale.js     accounts x concurrency x workers
 *     BENCH_WORKERS=3 node bench/org-scale.js                  the worker count of the default runs (default 2)
 *     BENCH_RUNS=200x16x1 node --cpu-prof --cpu-prof-dir=prof bench/org-scale.js    then bench/lib/cpu-profile.js (see bench/README.md)
 */
import { performance } from 'node:perf_hooks';
import { collectOrganization } from '../dist/collect/index.js';
import { evaluateControls } from '../dist/checks/engine.js';
import { OrganizationView } from '../dist/checks/organization.js';
import { BUILTIN_CONTROLS } from '../dist/checks/registry.js';
import { DEFAULT_CONFIG } from '../dist/config/types.js';
import { startFakeAws } from './lib/fake-process.js';
import { LATENCY_MS, LOG_ARCHIVE, MANAGEMENT, REGIONS, SECURITY } from './lib/fake-organization.js';

/** The CLI's worker entry (bundled like the commands); `BENCH_WORKER_ENTRY=unbundled` for profiles that name the SDK's packages. */
const WORKER_ENTRY =
  process.env.BENCH_WORKER_ENTRY === 'unbundled'
    ? new URL('./lib/unbundled-worker.js', import.meta.url)
    : new URL('../dist/cli/member-worker.js', import.meta.url);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);

/**
 * A member's chain of calls that wait for one another: AssumeRole, DescribeRegions, DescribeTrails,
 * then the longest of the trail's reads, the bucket (location, then its settings) and the rules
 * (ListRules, ListTargetsByRule, ListSubscriptionsByTopic).
 */
const MEMBER_CHAIN = 3 + 3;

/**
 * The accounts another account's links lead to (the security account, whose topic the management
 * account's alarms notify). Each worker thread keeps its own role sessions, so the worker that
 * follows the link assumes that role again when another worker collected the account: at most
 * W - 1 more AssumeRole per such account, the only calls made twice.
 */
const LINKED_ACCOUNTS = 1;

const { url: endpointUrl, ask, stop: stopFake } = await startFakeAws();

async function run(accounts, concurrency, workers) {
  const ids = [MANAGEMENT, SECURITY, LOG_ARCHIVE, ...Array.from({ length: accounts - 3 }, (_, i) => String(200000000000 + i))];
  await ask({ type: 'reset', accountIds: ids });
  const fakeBefore = (await ask({ type: 'stats' })).cpu;
  globalThis.gc?.();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  let workerMemory = [];
  const cpuBefore = process.cpuUsage();
  const windowStart = process.hrtime.bigint() / 1000n;
  const start = performance.now();
  const scan = await collectOrganization({
    toolVersion: 'bench',
    endpointUrl,
    roleName: 'Audit',
    accountConcurrency: concurrency,
    workers: { count: workers, entry: WORKER_ENTRY },
    onProgress: (event) => {
      if (event.type === 'workers-done') workerMemory = event.workers;
    },
  });
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  /** The collection's span on the monotonic clock in µs, which --cpu-prof's timestamps use: bench/lib/cpu-profile.js --window. */
  const window = `${windowStart},${process.hrtime.bigint() / 1000n}`;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const stats = await ask({ type: 'stats' });
  const evaluationStart = performance.now();
  const snapshots = scan.accounts.flatMap((outcome) => ('snapshot' in outcome ? [outcome.snapshot] : []));
  const organization = new OrganizationView(snapshots);
  const results = snapshots.flatMap((snapshot) => evaluateControls(snapshot, BUILTIN_CONTROLS, { config: DEFAULT_CONFIG, organization }));
  const evaluationMs = performance.now() - evaluationStart;
  const listPages = Math.ceil(ids.length / 20);
  const boundMs = (2 + listPages + Math.ceil(ids.length / concurrency) * MEMBER_CHAIN) * LATENCY_MS;
  const callsByAccount = new Map(stats.callsByAccount);
  const memberCalls = [...callsByAccount].filter(([id]) => ![MANAGEMENT, SECURITY, LOG_ARCHIVE].includes(id)).map(([, n]) => n);
  const passing = results.filter((result) => result.controlId === 'CloudWatch.1' && result.status === 'PASS').length;
  // Every account judges the organization trail's tags and the organization's event data store on the management account's reads.
  const lakeAndTags = ['CloudTrail.9', 'CloudTrail.10'].map((id) => results.filter((result) => result.controlId === id && result.status === 'PASS').length);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    accounts: ids.length,
    concurrency,
    workers,
    wallMs,
    boundMs,
    cpuMs,
    fakeCpuMs: (stats.cpu.user + stats.cpu.system - fakeBefore.user - fakeBefore.system) / 1000,
    peakRss,
    maxRss: process.resourceUsage().maxRSS * 1024,
    evaluationMs,
    managementCalls: callsByAccount.get(MANAGEMENT) ?? 0,
    memberCalls: memberCalls.length > 0 ? Math.max(...memberCalls) : 0,
    memberCallsMin: memberCalls.length > 0 ? Math.min(...memberCalls) : 0,
    duplicates: stats.invocations - stats.distinctInvocations,
    throttled: stats.throttled,
    errors: snapshots.reduce((sum, snapshot) => sum + snapshot.errors.filter((error) => error.code !== 'CrossAccount').length, 0),
    notScanned: scan.accounts.length - snapshots.length,
    passing,
    lakeAndTags,
    scanned: snapshots.length,
    workerMemory,
    window,
  };
}

process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = `AK${MANAGEMENT}`;
process.env.AWS_SECRET_ACCESS_KEY = 'secret';
delete process.env.AWS_PROFILE;
delete process.env.AWS_ENDPOINT_URL;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const plan = process.env.BENCH_RUNS
  ? process.env.BENCH_RUNS.split(',').map((run) => run.split('x').map(Number))
  : [200, 1000].flatMap((accounts) => [4, 16, 32].flatMap((concurrency) => [1, WORKERS].map((workers) => [accounts, concurrency, workers])));

const number = (value) => Math.round(value).toLocaleString('en-US');
const mib = (bytes) => number(bytes / 2 ** 20);
console.log(
  [
    'org-scale: collectOrganization and the evaluation of the organization as one system, against a fake AWS over HTTP',
    `  fake AWS     ${LATENCY_MS} ms per request; a token bucket per operation, account and Region; ${REGIONS.length} Regions per account; in its own process`,
    '  accounts  concurrency  workers  wall ms  bound ms  ratio  cpu ms  cpu/account  fake cpu ms  peak RSS MiB  eval ms  calls: management  member  made twice  throttled  refused  CloudWatch.1 PASS',
  ].join('\n'),
);
const runs = [];
for (const [accounts, concurrency, workers] of plan) {
  const r = await run(accounts, concurrency, workers);
  runs.push(r);
  console.log(
    `  ${String(r.accounts).padStart(8)}  ${String(r.concurrency).padStart(11)}  ${String(r.workers).padStart(7)}  ${number(r.wallMs).padStart(7)}  ${number(r.boundMs).padStart(8)}  ${(r.wallMs / r.boundMs).toFixed(2).padStart(5)}  ${number(r.cpuMs).padStart(6)}  ${(r.cpuMs / r.accounts).toFixed(1).padStart(11)}  ${number(r.fakeCpuMs).padStart(11)}  ${mib(r.peakRss).padStart(12)}  ${number(r.evaluationMs).padStart(7)}  ${String(r.managementCalls).padStart(17)}  ${(r.memberCallsMin === r.memberCalls ? String(r.memberCalls) : `${r.memberCallsMin}-${r.memberCalls}`).padStart(6)}  ${String(r.duplicates).padStart(10)}  ${String(r.throttled).padStart(9)}  ${String(r.errors).padStart(7)}  ${r.passing}/${r.scanned}${r.notScanned ? ` (${r.notScanned} not scanned)` : ''}`,
  );
  if (process.execArgv.includes('--cpu-prof')) console.log(`            collection window (for bench/lib/cpu-profile.js): --window ${r.window}`);
  if (r.workerMemory.length > 0)
    console.log(
      `            workers: ${r.workerMemory.map((w, i) => `#${i + 1} ${w.tasks} accounts, heap peak ${mib(w.peakHeapTotal)} MiB (used ${mib(w.peakHeapUsed)})${w.crashed ? ` ${w.crashed}` : ''}`).join('; ')}`,
    );
}
console.log(
  [
    "  bound        ListAccounts pages, then ceil(accounts / concurrency) rounds of a member's chain of dependent calls",
    '  cpu          user + system time of this process (worker threads included) during the collection; fake cpu: the fake AWS process',
    `  peak RSS     this process, sampled every 20 ms (worker threads included); the process's maximum over all runs: ${mib(Math.max(...runs.map((r) => r.maxRss)))} MiB`,
    `  made twice   with W workers, the AssumeRole into each of the ${LINKED_ACCOUNTS} accounts that links lead to, again by a worker that follows a link into it`,
    "  refused      reads a member may not make of another account's resources (the trail bucket, the KMS key), judged from their owner's snapshot instead",
  ].join('\n'),
);
console.log(
  `  linked       CloudTrail.9 / CloudTrail.10 PASS: ${runs.map((r) => `${r.lakeAndTags.join(' / ')} of ${r.scanned}`).join('; ')} (a member's organization trail tags and organization event data store, read once by the management account)`,
);
stopFake();

if (
  runs.some(
    (r) => r.duplicates > (r.workers - 1) * LINKED_ACCOUNTS || r.passing !== r.scanned || r.notScanned > 0 || r.lakeAndTags.some((n) => n !== r.scanned),
  )
) {
  console.error(
    "org-scale: no call may be made twice, every account must be scanned and pass CloudWatch.1, CloudTrail.9 and CloudTrail.10 through the owner's reads",
  );
  process.exitCode = 1;
}
