/**
 * Serves bench/lib/fake-organization.js over HTTP on 127.0.0.1, in a process of its own (started by
 * bench/lib/fake-process.js, for bench/org-scale.js and bench/org-report.js), so that the collector
 * reaches it through its real HTTP layer (the endpoint config the end-to-end tests point at moto),
 * from worker threads too, and the fake's CPU is not counted as the collector's. The parent
 * drives it over the IPC channel:
 *
 *   { type: 'reset', accountIds }  a fresh organization (counts and token buckets) → { type: 'reset' }
 *   { type: 'stats' }              the counts of the run and this process's CPU  → { type: 'stats', ... }
 *
 * and is told { type: 'listening', url } once the server is up.
 */
import { createServer } from 'node:http';
import { once } from 'node:events';
import { FakeOrganization } from './fake-organization.js';

let fake = new FakeOrganization([]);
let requests = 0;

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    requests++;
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const asked = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), path: url.pathname, query: Object.fromEntries(url.searchParams) };
    fake.handle(asked).then(
      ({ status, body, contentType }) => {
        response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
        response.end(body);
      },
      (error) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      },
    );
  });
});
// The SDK keeps its connections open between calls, as it does with AWS.
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1');
await once(server, 'listening');
process.send({ type: 'listening', url: `http://127.0.0.1:${server.address().port}` });

process.on('message', (message) => {
  if (message.type === 'reset') {
    fake = new FakeOrganization(message.accountIds);
    requests = 0;
    process.send({ type: 'reset' });
  } else if (message.type === 'stats') {
    process.send({
      type: 'stats',
      callsByAccount: [...fake.callsByAccount],
      invocations: fake.invocations.size,
      distinctInvocations: new Set(fake.invocations.values()).size,
      throttled: fake.throttled,
      requests,
      cpu: process.cpuUsage(),
    });
  }
});
process.on('disconnect', () => process.exit(0));
