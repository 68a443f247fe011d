import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveOnLoopback, type LoopbackServer } from './loopback-server.js';

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
export function memberViewProxy(motoEndpoint: string, owner: string): Promise<LoopbackServer> {
  return serveOnLoopback('member-view proxy', (request, response) => forward(motoEndpoint, owner, request, response));
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
