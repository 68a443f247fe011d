import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { collectSnapshot, type CollectOptions, type ProgressEvent, type RequestHandler } from '../../src/collect/index.js';
import { adaptiveWithoutBackoff, operationOf, useStaticCredentials } from './wire-account.js';

/**
 * The real SDK clients, driven through a stub HTTP handler that speaks each service's wire
 * protocol: the SDK's own serialisers, error parsing and adaptive retry run as they would against
 * AWS, and the collector's call-counting middleware sees every call.
 */

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/audit`;
const BUCKET = 'audit-logs';
const MAX_ATTEMPTS = 3;
/**
 * Calls the account below costs: 6 for identity, regions, account access block and one region
 * (its rules and its event data stores); 4 for the trail (its tags too); 8 for its bucket.
 */
const CALLS = 18;

interface Answer {
  status: number;
  body: string;
  contentType: string;
}

const json = (body: object, status = 200): Answer => ({ status, body: JSON.stringify(body), contentType: 'application/x-amz-json-1.1' });
const xml = (body: string, status = 200): Answer => ({ status, body, contentType: 'text/xml' });
const THROTTLED = json({ __type: 'ThrottlingException', message: 'Rate exceeded' }, 400);

/** What a one-region account with one logging trail answers, per operation. */
const ACCOUNT_ANSWERS: Record<string, Answer> = {
  GetCallerIdentity: xml(
    `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:user/auditor</Arn><UserId>AIDAEXAMPLE</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
  ),
  DescribeRegions: xml(
    `<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>1</requestId><regionInfo><item><regionName>${REGION}</regionName><optInStatus>opt-in-not-required</optInStatus></item><item><regionName>me-south-1</regionName><optInStatus>not-opted-in</optInStatus></item></regionInfo></DescribeRegionsResponse>`,
  ),
  DescribeTrails: json({ trailList: [{ Name: 'audit', TrailARN: TRAIL_ARN, HomeRegion: REGION, IsMultiRegionTrail: true, S3BucketName: BUCKET }] }),
  GetTrailStatus: json({ IsLogging: true, LatestDeliveryTime: 1_795_000_000 }),
  GetEventSelectors: json({ TrailARN: TRAIL_ARN, EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }] }),
  GetInsightSelectors: json({ __type: 'InsightNotEnabledException', message: 'Trail audit does not have Insights enabled.' }, 400),
  ListTags: json({ ResourceTagList: [{ ResourceId: TRAIL_ARN, TagsList: [{ Key: 'owner', Value: 'security' }] }] }),
  ListEventDataStores: json({ EventDataStores: [] }),
  ListRules: json({ Rules: [] }),
  'S3Control:GetPublicAccessBlock': xml('<Error><Code>NoSuchPublicAccessBlockConfiguration</Code><Message>none</Message></Error>', 404),
  GetBucketLocation: xml('<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">EU</LocationConstraint>'),
  GetBucketPolicy: { status: 200, body: '{"Version":"2012-10-17","Statement":[]}', contentType: 'application/json' },
  GetPublicAccessBlock: xml(
    '<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>',
  ),
  GetBucketAcl: xml(
    '<AccessControlPolicy><Owner><ID>owner</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>owner</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>',
  ),
  GetBucketLogging: xml('<BucketLoggingStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>'),
  GetBucketLifecycleConfiguration: xml(
    '<Error><Code>NoSuchLifecycleConfiguration</Code><Message>The lifecycle configuration does not exist</Message></Error>',
    404,
  ),
  GetBucketVersioning: xml('<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>'),
  GetObjectLockConfiguration: xml(
    '<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Years>1</Years></DefaultRetention></Rule></ObjectLockConfiguration>',
  ),
};

/** A fake AWS endpoint: answers by operation, and can be told to fail the next few requests of one. */
class StubAws implements RequestHandler {
  /** Operations in the order their HTTP requests arrived, retries included. */
  readonly requests: string[] = [];
  /** Where each request went: `host/path`. */
  readonly urls: string[] = [];
  private readonly failures = new Map<string, (Answer | Error)[]>();

  /** The next `times` requests of `operation` get `failure`: an answer, or an error thrown as the network layer would. */
  failNext(operation: string, times: number, failure: Answer | Error): void {
    this.failures.set(
      operation,
      Array.from({ length: times }, () => failure),
    );
  }

  async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const operation = operationOf(request);
    this.requests.push(operation);
    this.urls.push(`${request.hostname}${request.path}`);
    const answer =
      this.failures.get(operation)?.shift() ?? ACCOUNT_ANSWERS[operation] ?? json({ __type: 'StubMissing', message: `no answer for ${operation}` }, 501);
    if (answer instanceof Error) throw answer;
    const response = new HttpResponse({
      statusCode: answer.status,
      headers: { 'content-type': answer.contentType },
      body: new TextEncoder().encode(answer.body),
    });
    return { response };
  }
}

async function scan(stub: StubAws, options: Partial<CollectOptions> = {}) {
  const events: ProgressEvent[] = [];
  const snapshot = await collectSnapshot({
    toolVersion: '0.0.0-test',
    requestHandler: stub,
    retryStrategy: adaptiveWithoutBackoff(MAX_ATTEMPTS),
    onProgress: (event) => events.push(event),
    ...options,
  });
  return { snapshot, done: events.at(-1) };
}

beforeEach(() => useStaticCredentials(REGION));

describe('with real SDK clients', () => {
  it('collects the account through the wire protocols and counts one call per operation', async () => {
    const stub = new StubAws();

    const { snapshot, done } = await scan(stub);

    expect(snapshot.errors).toEqual([]);
    expect(snapshot.account).toEqual({ id: ACCOUNT, partition: 'aws', callerArn: `arn:aws:iam::${ACCOUNT}:user/auditor` });
    expect(snapshot.regions).toEqual([REGION]);
    expect(snapshot.skippedRegions).toEqual([{ region: 'me-south-1', reason: expect.stringContaining('not-opted-in') }]);
    expect(snapshot.trails).toMatchObject([
      {
        arn: TRAIL_ARN,
        status: { ok: true, value: { isLogging: true, latestDeliveryTime: '2026-11-18T11:06:40.000Z' } },
        selectors: { ok: true, value: { basic: [{ readWriteType: 'All', includeManagementEvents: true }] } },
        insightSelectors: { ok: true, value: [] },
        tags: { ok: true, value: [{ key: 'owner', value: 'security' }] },
      },
    ]);
    expect(snapshot.regionData[0]?.eventDataStores).toEqual({ ok: true, value: [] });
    expect(snapshot.buckets).toEqual([
      {
        name: BUCKET,
        region: { ok: true, value: 'eu-west-1' },
        policy: { ok: true, value: '{"Version":"2012-10-17","Statement":[]}' },
        publicAccessBlock: { ok: true, value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } },
        acl: { ok: true, value: { ownerId: 'owner', grants: [{ granteeType: 'CanonicalUser', granteeId: 'owner', permission: 'FULL_CONTROL' }] } },
        logging: { ok: true, value: null },
        lifecycle: { ok: true, value: null },
        versioning: { ok: true, value: { status: 'Enabled' } },
        objectLock: { ok: true, value: { enabled: true, defaultRetention: { mode: 'GOVERNANCE', years: 1 } } },
      },
    ]);
    expect(snapshot.accountPublicAccessBlock).toEqual({ ok: true, value: null });
    // N regions cost 3 + 3N calls before any trail; each trail 3 more and its tags one per 20 trails of a home Region, each bucket 8.
    expect(snapshot.callCounts).toEqual({
      'cloudtrail:DescribeTrails': 1,
      'cloudtrail:GetEventSelectors': 1,
      'cloudtrail:GetInsightSelectors': 1,
      'cloudtrail:GetTrailStatus': 1,
      'cloudtrail:ListEventDataStores': 1,
      'cloudtrail:ListTags': 1,
      'ec2:DescribeRegions': 1,
      'events:ListRules': 1,
      's3:GetBucketAcl': 1,
      's3:GetBucketLifecycleConfiguration': 1,
      's3:GetBucketLocation': 1,
      's3:GetBucketLogging': 1,
      's3:GetBucketPolicy': 1,
      's3:GetBucketVersioning': 1,
      's3:GetObjectLockConfiguration': 1,
      's3:GetPublicAccessBlock': 1,
      's3control:GetPublicAccessBlock': 1,
      'sts:GetCallerIdentity': 1,
    });
    expect(stub.requests).toHaveLength(CALLS);
    expect(done).toMatchObject({ type: 'done', calls: CALLS, retries: 0, errors: 0 });
  });

  it('gives the same snapshot when AWS throttles a call twice before answering', async () => {
    const calm = await scan(new StubAws());
    const stub = new StubAws();
    stub.failNext('GetEventSelectors', 2, THROTTLED);

    const throttled = await scan(stub);

    expect({ ...throttled.snapshot, collectedAt: '' }).toEqual({ ...calm.snapshot, collectedAt: '' });
    expect(stub.requests.filter((operation) => operation === 'GetEventSelectors')).toHaveLength(3);
    // Calls are logical: the retries are counted apart.
    expect(throttled.snapshot.callCounts['cloudtrail:GetEventSelectors']).toBe(1);
    expect(throttled.done).toMatchObject({ calls: CALLS, retries: 2 });
  });

  it('records an ERROR when throttling outlasts maxAttempts, and collects the rest', async () => {
    const stub = new StubAws();
    stub.failNext('GetEventSelectors', MAX_ATTEMPTS, THROTTLED);

    const { snapshot, done } = await scan(stub);

    const error = { operation: 'cloudtrail:GetEventSelectors', region: REGION, code: 'ThrottlingException', message: 'Rate exceeded', resource: TRAIL_ARN };
    expect(snapshot.trails[0]?.selectors).toEqual({ ok: false, error });
    expect(snapshot.errors).toEqual([error]);
    expect(snapshot.trails[0]?.status.ok).toBe(true);
    expect(stub.requests.filter((operation) => operation === 'GetEventSelectors')).toHaveLength(MAX_ATTEMPTS);
    expect(done).toMatchObject({ calls: CALLS, retries: MAX_ATTEMPTS - 1, errors: 1 });
  });

  it.each([
    ['a timeout', Object.assign(new Error('socket timed out after 20000 ms'), { name: 'TimeoutError' }), 'TimeoutError'],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
  ])("records %s that outlasts the retries under the network error's name", async (_, failure, code) => {
    const stub = new StubAws();
    stub.failNext('GetTrailStatus', MAX_ATTEMPTS, failure);

    const { snapshot } = await scan(stub);

    expect(snapshot.trails[0]?.status).toEqual({
      ok: false,
      error: { operation: 'cloudtrail:GetTrailStatus', region: REGION, code, message: failure.message, resource: TRAIL_ARN },
    });
    expect(stub.requests.filter((operation) => operation === 'GetTrailStatus')).toHaveLength(MAX_ATTEMPTS);
  });

  it.each([
    ['the endpointUrl option', { endpointUrl: 'http://127.0.0.1:4566' }, ''],
    ['AWS_ENDPOINT_URL', {}, 'http://127.0.0.1:4566'],
  ])('sends every call to the endpoint set by %s, S3 path-style and S3 Control without the account in the host', async (_, options, environment) => {
    vi.stubEnv('AWS_ENDPOINT_URL', environment);
    const stub = new StubAws();

    const { snapshot } = await scan(stub, options);

    expect(snapshot.errors).toEqual([]);
    expect(stub.urls.filter((url) => !url.startsWith('127.0.0.1/'))).toEqual([]);
    expect(stub.urls).toContain(`127.0.0.1/${BUCKET}/`);
    expect(stub.urls).toContain('127.0.0.1/v20180820/configuration/publicAccessBlock');
  });

  it('retries with the default adaptive strategy up to maxAttempts', async () => {
    const stub = new StubAws();
    // An error the SDK retries at once (no throttling backoff): a transient server error.
    stub.failNext('ListRules', 5, json({ __type: 'InternalException', message: 'try again' }, 500));

    const { snapshot } = await scan(stub, { retryStrategy: undefined, maxAttempts: 2 });

    expect(stub.requests.filter((operation) => operation === 'ListRules')).toHaveLength(2);
    expect(snapshot.regionData[0]?.eventRules).toMatchObject({ ok: false, error: { operation: 'events:ListRules', code: 'InternalException' } });
  });
});
