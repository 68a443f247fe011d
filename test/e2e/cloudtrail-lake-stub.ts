import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { serveOnLoopback, type LoopbackServer } from './loopback-server.js';

/**
 * A STUB of CloudTrail Lake's event data stores, in front of moto. moto 5.2.1 does not implement
 * CloudTrail Lake at all (`python3 -m moto.server`, then ListEventDataStores: HTTP 500
 * "NotImplementedError: The list_event_data_stores action has not been implemented"), and every
 * scan lists the event data stores of every Region (CloudTrail.10). So this server, on 127.0.0.1,
 * answers these five operations itself, and forwards every other request to moto unchanged:
 *
 * - CreateEventDataStore (Name, MultiRegionEnabled, OrganizationEnabled, KmsKeyId),
 * - ListEventDataStores (ARN and Name only, as AWS now answers; MaxResults and NextToken),
 * - GetEventDataStore (by ARN or ID),
 * - UpdateEventDataStore (KmsKeyId: set once, never removed or changed, as AWS documents),
 * - DeleteEventDataStore.
 *
 * It is only as faithful as the API reference it was written from
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/): it checks no permissions, no key
 * (a KmsKeyId is stored as given) and no termination protection. Its stores belong to the account of
 * moto's `x-moto-account-id` header, else to moto's default account, and live per Region; moto's
 * reset (`POST /moto-api/reset`) clears them too.
 */

const DEFAULT_ACCOUNT = '123456789012';
const LAKE = new Set(['CreateEventDataStore', 'ListEventDataStores', 'GetEventDataStore', 'UpdateEventDataStore', 'DeleteEventDataStore']);

interface Store {
  arn: string;
  name: string;
  multiRegionEnabled: boolean;
  organizationEnabled: boolean;
  kmsKeyId?: string;
  created: number;
  updated: number;
}

interface Answer {
  status: number;
  body: object;
}

export async function cloudTrailLakeStub(motoEndpoint: string): Promise<LoopbackServer> {
  const stores = new Map<string, Store[]>();
  return serveOnLoopback('CloudTrail Lake stub', (request, response) => handle(motoEndpoint, stores, request, response));
}

async function handle(motoEndpoint: string, stores: Map<string, Store[]>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const operation = /^CloudTrail_\d+\.(\w+)$/.exec(String(request.headers['x-amz-target'] ?? ''))?.[1];
  if (operation && LAKE.has(operation)) {
    const account = String(request.headers['x-moto-account-id'] ?? DEFAULT_ACCOUNT);
    const region = /Credential=[^/]+\/\d+\/([a-z0-9-]+)\//.exec(String(request.headers.authorization ?? ''))?.[1] ?? 'us-east-1';
    const answer = lake(stores, account, region, operation, JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>);
    const text = JSON.stringify(answer.body);
    response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': String(Buffer.byteLength(text)) });
    response.end(text);
    return;
  }
  if (request.method === 'POST' && request.url === '/moto-api/reset') stores.clear();
  await forward(motoEndpoint, request, body, response);
}

/**
 * The request as it came, Host header included: SigV4 signs the host, and moto checks signatures
 * when it enforces IAM (access-denied.e2e.test.ts), so the forwarded request must keep it (fetch
 * would replace it with moto's).
 */
async function forward(motoEndpoint: string, request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> {
  const target = new URL(motoEndpoint);
  const upstream = httpRequest({ host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers });
  upstream.end(body);
  const [answer] = (await once(upstream, 'response')) as [IncomingMessage];
  response.writeHead(answer.statusCode ?? 502, answer.headers);
  answer.pipe(response);
  await once(answer, 'end');
}

function lake(all: Map<string, Store[]>, account: string, region: string, operation: string, input: Record<string, unknown>): Answer {
  const key = `${account} ${region}`;
  const stores = all.get(key) ?? [];
  all.set(key, stores);
  const now = Math.floor(Date.now() / 1000);
  const find = (): Store | undefined => {
    const given = String(input['EventDataStore'] ?? '');
    return stores.find((store) => store.arn === given || store.arn.endsWith(`/${given}`));
  };
  const notFound = (): Answer => error('EventDataStoreNotFoundException', `The specified event data store ${String(input['EventDataStore'])} was not found.`);
  switch (operation) {
    case 'CreateEventDataStore': {
      const name = String(input['Name'] ?? '');
      if (!/^[a-zA-Z0-9._-]{3,128}$/.test(name)) return error('InvalidParameterException', `Event data store name ${name} is not valid.`);
      if (stores.some((store) => store.name === name))
        return error('EventDataStoreAlreadyExistsException', `An event data store named ${name} already exists.`);
      const store: Store = {
        arn: `arn:aws:cloudtrail:${region}:${account}:eventdatastore/${randomUUID()}`,
        name,
        multiRegionEnabled: input['MultiRegionEnabled'] !== false,
        organizationEnabled: input['OrganizationEnabled'] === true,
        ...(typeof input['KmsKeyId'] === 'string' && { kmsKeyId: input['KmsKeyId'] }),
        created: now,
        updated: now,
      };
      stores.push(store);
      return { status: 200, body: describe(store) };
    }
    case 'ListEventDataStores': {
      const max = typeof input['MaxResults'] === 'number' ? input['MaxResults'] : 1000;
      const start = typeof input['NextToken'] === 'string' ? Number(input['NextToken']) : 0;
      const page = stores.slice(start, start + max);
      return {
        status: 200,
        body: {
          EventDataStores: page.map((store) => ({ EventDataStoreArn: store.arn, Name: store.name })),
          ...(start + max < stores.length && { NextToken: String(start + max) }),
        },
      };
    }
    case 'GetEventDataStore': {
      const store = find();
      return store ? { status: 200, body: describe(store) } : notFound();
    }
    case 'UpdateEventDataStore': {
      const store = find();
      if (!store) return notFound();
      const keyId = input['KmsKeyId'];
      if (typeof keyId === 'string' && store.kmsKeyId !== undefined && keyId !== store.kmsKeyId)
        return error('InvalidParameterException', 'The KMS key of an event data store cannot be removed or changed.');
      if (typeof keyId === 'string') store.kmsKeyId = keyId;
      store.updated = now;
      return { status: 200, body: describe(store) };
    }
    default: {
      const store = find();
      if (!store) return notFound();
      stores.splice(stores.indexOf(store), 1);
      return { status: 200, body: {} };
    }
  }
}

function describe(store: Store): object {
  return {
    EventDataStoreArn: store.arn,
    Name: store.name,
    Status: 'ENABLED',
    MultiRegionEnabled: store.multiRegionEnabled,
    OrganizationEnabled: store.organizationEnabled,
    RetentionPeriod: 2557,
    TerminationProtectionEnabled: true,
    BillingMode: 'EXTENDABLE_RETENTION_PRICING',
    CreatedTimestamp: store.created,
    UpdatedTimestamp: store.updated,
    ...(store.kmsKeyId !== undefined && { KmsKeyId: store.kmsKeyId }),
  };
}

function error(type: string, message: string): Answer {
  return { status: 400, body: { __type: type, message } };
}
