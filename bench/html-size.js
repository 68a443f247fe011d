/**
 * How large the HTML report of an organization gets, and how long it takes to render: 200 accounts
 * (copies of the two example accounts in turn, every tenth one unreachable), every built-in control.
 * The size that counts is the file a person opens or attaches to a ticket; gzip is what a web
 * server or a mail attachment would send. Also checks that rendering twice gives the same bytes.
 *
 *     npm run bench                 (builds, then runs every bench/*.js)
 *     node bench/html-size.js       (after npm run build)
 */
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { renderReport } from '../dist/report/index.js';
import { CONTROLS, exampleOrganizationReport, exampleReport, REPAIRABLE } from '../scripts/example-reports.js';

const ACCOUNTS = 200;
const RUNS = 5;

const organization = exampleOrganizationReport(ACCOUNTS);
const render = (report) => renderReport('html', report, CONTROLS, { repairable: REPAIRABLE });

const times = [];
let html = '';
for (let run = 0; run < RUNS; run++) {
  const start = performance.now();
  const text = render(organization);
  times.push(performance.now() - start);
  if (run > 0 && text !== html) throw new Error('the HTML report differs between two renderings of the same document');
  html = text;
}
times.sort((a, b) => a - b);

const bytes = (text) => Buffer.byteLength(text, 'utf8');
const size = (count) => (count >= 1024 * 1024 ? `${(count / 1024 / 1024).toFixed(2)} MiB` : `${(count / 1024).toFixed(1)} KiB`);
const single = render(exampleReport('insecure'));
const unreachable = organization.accounts.filter((account) => account.status === 'ERROR').length;

console.log(
  [
    `html-size: renderReport('html') of an organization of ${ACCOUNTS} accounts`,
    `  organization ${ACCOUNTS} accounts (${unreachable} unreachable), ${CONTROLS.length} controls → ${organization.results.length.toLocaleString('en-US')} results`,
    `  HTML         ${size(bytes(html))} (${size(gzipSync(html).length)} gzipped), ${(bytes(html) / organization.results.length).toFixed(0)} bytes per result`,
    `  JSON report  ${size(bytes(JSON.stringify(organization, null, 2)))}, for comparison`,
    `  one account  ${size(bytes(single))} (the insecure example)`,
    `  ${RUNS} renders     min ${times[0].toFixed(0)} ms · median ${times[Math.floor(RUNS / 2)].toFixed(0)} ms · max ${times[RUNS - 1].toFixed(0)} ms, the same bytes each time`,
  ].join('\n'),
);
