import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';

/**
 * What AWS shows a member account of an organization, in front of moto. In AWS, "member accounts
 * can see the organization trail" (DescribeTrails lists it, with the management account's ARN),
 * and its status and selectors come from the trail the management account owns. moto keeps one
 * backend per account and shows a trail only to its owner, so this proxy, on 127.0.0.1, forwards
 * every request to moto unchanged except CloudTrail's:
 *
 * - DescribeTrails: the caller's own trails, plus the owner's organization trails (read with
 *   moto's `x-moto-account-id` header, which selects the account whose backend answers);
 * - GetTrailStatus, GetEventSelectors, GetInsightSelectors of a trail ARN of the owner's account:
 *   answered by the owner's backend.
 */
export async function memberViewProxy(motoEndpoint: string, owner: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    forward(motoEndpoint, owner, request, response).catch((error: unknown) => {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the member-view proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

const TRAIL_READS = new Set(['GetTrailStatus', 'GetEventSelectors', 'GetInsightSelectors']);

async function forward(motoEndpoint: string, owner: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string' && !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) headers[name] = value;
  }
  const send = (extra: Record<string, string> = {}) =>
    fetch(`${motoEndpoint}${request.url ?? '/'}`, { method: request.method, headers: { ...headers, ...extra }, ...(body.length > 0 && { body }) });

  const operation = /^CloudTrail_\d+\.(\w+)$/.exec(headers['x-amz-target'] ?? '')?.[1];
  let answer: Response;
  let text: string | undefined;
  if (operation === 'DescribeTrails') {
    answer = await send();
    const own = (await answer.json()) as { trailList?: { TrailARN?: string; IsOrganizationTrail?: boolean }[] };
    const owners = (await (await send({ 'x-moto-account-id': owner })).json()) as typeof own;
    const seen = new Set((own.trailList ?? []).map((trail) => trail.TrailARN));
    const organizationTrails = (owners.trailList ?? []).filter((trail) => trail.IsOrganizationTrail && !seen.has(trail.TrailARN));
    text = JSON.stringify({ ...own, trailList: [...(own.trailList ?? []), ...organizationTrails] });
  } else if (operation && TRAIL_READS.has(operation)) {
    const { Name, TrailName } = JSON.parse(body.toString('utf8') || '{}') as { Name?: string; TrailName?: string };
    const ownedBy = (Name ?? TrailName ?? '').split(':')[4];
    answer = await send(ownedBy === owner ? { 'x-moto-account-id': owner } : {});
  } else {
    answer = await send();
  }
  const payload = text === undefined ? Buffer.from(await answer.arrayBuffer()) : Buffer.from(text);
  const out: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) out[name] = value;
  });
  response.writeHead(answer.status, { ...out, 'content-length': String(payload.length) });
  response.end(payload);
}
