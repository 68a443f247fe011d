/**
 * Where a collection's CPU goes, from a `node --cpu-prof` profile: self time grouped by what the
 * code is (the SDK's config and credential lookups, serialisation, signing, middleware, endpoint
 * rules, HTTP, GC, trailwarden's own code), and the heaviest functions. bench/README.md says how
 * to take the profile; the figures there come from this.
 *
 *     node bench/lib/cpu-profile.js PROFILE.cpuprofile [--functions 25]
 */
import { readFileSync } from 'node:fs';

/** First match wins: a call site's package (or Node's own module) decides its group. */
const GROUPS = [
  ['GC', (url, name) => name === '(garbage collector)'],
  ['idle / program', (url, name) => name === '(idle)' || name === '(program)' || name === '(root)'],
  [
    'SDK config and credential lookups',
    (url) =>
      /@smithy\/(node-config-provider|shared-ini-file-loader|config-resolver|util-defaults-mode-node|property-provider)|@aws-sdk\/(credential-provider|region-config|util-user-agent-node|middleware-user-agent\/dist-cjs\/.*config)|runtimeConfig|runtimeExtensions|extensionConfiguration/.test(
        url,
      ),
  ],
  ['signing', (url) => /signature-v4|@aws-crypto|@smithy\/(hash-node|util-hex-encoding)|node:internal\/crypto/.test(url)],
  [
    'serialisation and parsing',
    (url) =>
      /protocols|fast-xml-parser|xml-builder|@aws-sdk\/core\/dist-cjs\/submodules\/protocols|@smithy\/(smithy-client|core\/dist-cjs\/submodules\/(cbor|serde|protocols|schema)|util-utf8|util-base64|util-body-length|util-stream|querystring-builder)|Aws_(query|json|restXml|ec2)|schemas/.test(
        url,
      ),
  ],
  ['endpoint rules', (url) => /util-endpoints|endpointResolver|ruleset|middleware-endpoint/.test(url)],
  [
    'middleware stack and clients',
    (url) => /@smithy\/(middleware-|core|types|protocol-http|util-middleware|url-parser)|@aws-sdk\/(middleware-|core)|@aws-sdk\/client-/.test(url),
  ],
  [
    'HTTP (Node and the SDK handler)',
    (url) => /node-http-handler|node:(_http|http|net|stream|internal\/(http|net|stream|streams|url|dns|tls|buffer|timers))/.test(url),
  ],
  ['trailwarden', (url) => /\/(dist|src)\//.test(url) && !url.includes('node_modules')],
  ['other packages', (url) => url.includes('node_modules')],
  ['Node internals', (url) => url.startsWith('node:')],
  ['other', () => true],
];

const [path, ...rest] = process.argv.slice(2);
const functionCount = Number(rest[rest.indexOf('--functions') + 1] ?? 25) || 25;
const profile = JSON.parse(readFileSync(path, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));

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
