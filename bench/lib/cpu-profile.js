/**
 * Where a collection's CPU goes, from a `node --cpu-prof` profile: self time grouped by what the
 * code is (the SDK's config and credential lookups, serialisation, signing, middleware, endpoint
 * rules, HTTP, GC, trailwarden's own code), and the heaviest functions. bench/README.md says how
 * to take the profile; the figures there come from this.
 *
 *     node bench/lib/cpu-profile.js PROFILE.cpuprofile [--functions 25] [--window START,END]
 *
 * --window: only the samples in that span of the monotonic clock, in µs (bench/org-scale.js prints
 * each collection's when run with --cpu-prof), so that start-up and the evaluation are left out.
 */
import { readFileSync } from 'node:fs';

/** First match wins: a call site's package (or Node's own module) decides its group. */
const GROUPS = [
  ['GC', (url, name) => name === '(garbage collector)'],
  ['idle / program', (url, name) => name === '(idle)' || name === '(program)' || name === '(root)'],
  [
    'SDK config and credential lookups',
    (url) => /submodules\/config\/|credential-provider|shared-ini-file-loader|node-config-provider|runtimeConfig/.test(url),
  ],
  [
    'signing',
    (url, name) =>
      /signature-v4|httpAuthSchemes|@aws-crypto|hash-node|util-hex-encoding|node:internal\/crypto/.test(url) || /^(Hmac|Hash|digest|update)$/.test(name),
  ],
  [
    'serialisation and parsing',
    (url, name) => /submodules\/(schema|protocols|serde|cbor)|xml-builder|fast-xml-parser|util-utf8|util-base64|util-stream/.test(url) || name === 'parse',
  ],
  ['endpoint rules', (url) => /submodules\/endpoints|util-endpoints|endpoint\//.test(url)],
  ['SDK middleware stack, clients, retries', (url) => /@smithy\/core|@aws-sdk\/core|@aws-sdk\/client-|@aws-sdk\/middleware-|@smithy\/middleware-/.test(url)],
  [
    'HTTP (Node and the SDK handler)',
    (url, name) =>
      /node-http-handler|node:(_http|http|net|stream|internal\/(http|net|stream|streams|url|dns|buffer))/.test(url) ||
      /^(writev|writeUtf8String|writeBuffer|onStreamRead)$/.test(name),
  ],
  [
    'promises and timers (Node)',
    (url, name) => /node:internal\/(timers|process\/task_queues|event_target|abort_controller)|node:events/.test(url) || name === 'runMicrotasks',
  ],
  ['module loading (start-up)', (url) => /node:internal\/modules|cjs-module-lexer/.test(url)],
  ['trailwarden: collection (dist/aws, dist/collect)', (url) => /\/dist\/(aws|collect)\//.test(url) && !url.includes('node_modules')],
  ['trailwarden: evaluation and the rest', (url) => /\/(dist|src)\//.test(url) && !url.includes('node_modules')],
  ['bench (the fake AWS, the RSS sampler)', (url, name) => /\/bench\//.test(url) || name === 'rss'],
  ['other packages', (url) => url.includes('node_modules')],
  ['other Node internals and natives', () => true],
];

const [path, ...rest] = process.argv.slice(2);
const option = (name) => (rest.includes(name) ? rest[rest.indexOf(name) + 1] : undefined);
const functionCount = Number(option('--functions') ?? 25);
const [from, to] = (option('--window') ?? `0,${Number.MAX_SAFE_INTEGER}`).split(',').map(Number);
const profile = JSON.parse(readFileSync(path, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map();
let at = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  at += profile.timeDeltas[i] ?? 0;
  if (at >= from && at <= to) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

const groups = new Map();
const functions = new Map();
let busy = 0;
for (const [id, us] of selfUs) {
  const { callFrame } = byId.get(id);
  const url = callFrame.url ?? '';
  const name = callFrame.functionName || '(anonymous)';
  const [group] = GROUPS.find(([, test]) => test(url, name));
  groups.set(group, (groups.get(group) ?? 0) + us);
  if (group !== 'idle / program') busy += us;
  const where = `${name} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|src)\//, '$1/')}:${callFrame.lineNumber + 1}`;
  functions.set(where, (functions.get(where) ?? 0) + us);
}
const ms = (us) => (us / 1000).toFixed(0).padStart(7);
const share = (us) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
console.log(`${path}: ${ms(busy)} ms busy (idle and (program) excluded from the shares)`);
for (const [group, us] of [...groups].sort((a, b) => b[1] - a[1]))
  console.log(`  ${group.padEnd(36)} ${ms(us)} ms ${group === 'idle / program' ? '' : share(us)}`);
console.log('  heaviest functions (self time):');
for (const [where, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, functionCount)) console.log(`    ${ms(us)} ms ${share(us)}  ${where}`);
