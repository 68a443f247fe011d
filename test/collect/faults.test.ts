import { beforeEach, describe, expect, it } from 'vitest';
import { evaluateControls } from '../../src/checks/engine.js';
import { controlsFor } from '../../src/checks/registry.js';
import type { Result } from '../../src/checks/types.js';
import { serviceConcurrency, type Service } from '../../src/aws/clients.js';
import { collectSnapshot, type CollectOptions } from '../../src/collect/index.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import type { AccountSnapshot, EventRule } from '../../src/snapshot/types.js';
import { adaptiveWithoutBackoff, loadExample, useStaticCredentials, WireAccount, wireError, type Fault } from './wire-account.js';

/**
 * What a user sees when AWS misbehaves: the example accounts served through the real SDK clients
 * (their retry middleware included) by a fake AWS that throttles, fails, resets connections,
 * answers late or answers garbage. A fault the retries absorb changes nothing; one they do not
 * becomes ERROR results that say why, and never turns a verdict from PASS to FAIL or back.
 */

const MAX_ATTEMPTS = 3;
const CONTROLS = controlsFor(DEFAULT_CONFIG);

beforeEach(() => useStaticCredentials());

function collect(account: WireAccount, options: Partial<CollectOptions> = {}): Promise<AccountSnapshot> {
  return collectSnapshot({ toolVersion: '0.0.0-test', requestHandler: account, retryStrategy: adaptiveWithoutBackoff(MAX_ATTEMPTS), ...options });
}

/** The results by control and resource, evaluated as of the example's own collection time (its delivery times are relative to it). */
function verdicts(snapshot: AccountSnapshot, asOf: string): Map<string, Result> {
  const results = evaluateControls({ ...snapshot, collectedAt: asOf }, CONTROLS, { config: DEFAULT_CONFIG });
  return new Map(results.map((result) => [`${result.controlId} ${result.resource.arn}`, result]));
}

function statuses(results: Map<string, Result>): Record<string, string> {
  return Object.fromEntries([...results].map(([key, result]) => [key, result.status]));
}

describe.each(['compliant-account', 'insecure-account'] as const)('the %s example, served through the wire protocols', (example) => {
  it('collects to the verdicts of the saved snapshot, reading only what the checks need', async () => {
    const saved = loadExample(example);

    const collected = await collect(new WireAccount(saved));

    expect(collected.errors).toEqual([]);
    expect(statuses(verdicts(collected, saved.collectedAt))).toEqual(statuses(verdicts(saved, saved.collectedAt)));
  });
});

/** [what, operation, fault, the error code the user sees once retries run out] */
const RETRIED_FAULTS: [string, string, Fault, string][] = [
  ['JSON throttling', 'GetEventSelectors', wireError.json('ThrottlingException', 'Rate exceeded'), 'ThrottlingException'],
  ['Query throttling', 'ListSubscriptionsByTopic', wireError.query('Throttling', 'Rate exceeded'), 'Throttling'],
  ['S3 SlowDown', 'GetBucketLogging', wireError.s3('SlowDown', 'Please reduce your request rate.', 503), 'SlowDown'],
  ['a server error', 'DescribeAlarms', wireError.json('InternalServiceFault', 'Internal failure', 500), 'InternalServiceFault'],
  ['a connection reset', 'DescribeLogGroups', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'ECONNRESET'],
  ['an endpoint that does not answer within the call timeout', 'GetTrailStatus', { delayMs: 60_000 }, 'TimeoutError'],
];

/** Short enough to keep the slow-answer cases fast, long enough for every other answer. */
const CALL_TIMEOUT_MS = 200;

describe.each(RETRIED_FAULTS)('%s (%s)', (_, operation, fault, code) => {
  const saved = loadExample('compliant-account');
  const expected = () => verdicts(saved, saved.collectedAt);

  it('changes nothing when the retries absorb it', async () => {
    const account = new WireAccount(saved).failNext(operation, MAX_ATTEMPTS - 1, fault);

    const snapshot = await collect(account, { requestTimeoutMs: CALL_TIMEOUT_MS });

    expect(snapshot.errors).toEqual([]);
    expect(statuses(verdicts(snapshot, saved.collectedAt))).toEqual(statuses(expected()));
    expect(account.requests.filter((request) => request.operation === operation)).toHaveLength(MAX_ATTEMPTS);
    expect(account.callsOf(operation)).toBe(1);
  });

  it('becomes ERROR results that name the call and the error when it outlasts the retries, and flips no verdict', async () => {
    const account = new WireAccount(saved).failNext(operation, Infinity, fault);

    const snapshot = await collect(account, { requestTimeoutMs: CALL_TIMEOUT_MS });

    expect(snapshot.errors.map((error) => [error.operation.split(':')[1], error.code])).toEqual([[operation, code]]);
    const results = verdicts(snapshot, saved.collectedAt);
    const errors = [...results.values()].filter((result) => result.status === 'ERROR');
    expect(errors.length).toBeGreaterThan(0);
    for (const result of errors) expect(result.reason).toContain(`${snapshot.errors[0]!.operation} in us-east-1 failed with ${code}`);
    expectNoFlips(results, expected());
    expect(account.requests.filter((request) => request.operation === operation)).toHaveLength(MAX_ATTEMPTS);
  });
});

/**
 * A verdict that survives a fault is the fault-free one; a verdict the fault prevented is ERROR,
 * never missing: each fault-free result is still there, or its control reports an ERROR.
 */
function expectNoFlips(faulty: Map<string, Result>, calm: Map<string, Result>): void {
  for (const [key, result] of faulty) if (result.status !== 'ERROR') expect(`${key}: ${result.status}`).toBe(`${key}: ${calm.get(key)?.status}`);
  const erroredControls = new Set([...faulty.values()].filter((result) => result.status === 'ERROR').map((result) => result.controlId));
  for (const [key, result] of calm) if (!faulty.has(key)) expect(erroredControls, `${key} vanished`).toContain(result.controlId);
}

describe('a malformed answer', () => {
  it.each([
    ['JSON', 'GetEventSelectors', 'application/x-amz-json-1.1'],
    ['Query XML', 'ListSubscriptionsByTopic', 'text/xml'],
    ['S3 XML', 'GetBucketLogging', 'application/xml'],
  ])("(%s, %s) is a MalformedResponse ERROR with the parser's reason, and flips no verdict", async (_, operation, contentType) => {
    const saved = loadExample('compliant-account');
    const account = new WireAccount(saved).failNext(operation, Infinity, { status: 200, body: 'garbage', contentType });

    const snapshot = await collect(account);

    expect(snapshot.errors.length).toBeGreaterThan(0);
    for (const error of snapshot.errors)
      expect(error).toMatchObject({
        operation: expect.stringContaining(operation),
        code: 'MalformedResponse',
        message: expect.stringMatching(/JSON|XML parse error/),
      });
    const results = verdicts(snapshot, saved.collectedAt);
    expect([...results.values()].some((result) => result.status === 'ERROR' && result.reason.includes('failed with MalformedResponse'))).toBe(true);
    expectNoFlips(results, verdicts(saved, saved.collectedAt));
  });
});

describe('an access-denied answer', () => {
  const denied = 'User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: logs:DescribeMetricFilters';
  it.each([
    ['in the JSON the service sends', wireError.json('AccessDeniedException', denied, 400), 'AccessDeniedException', denied],
    // Emulators that enforce IAM (moto) and some proxies answer JSON-protocol calls in XML.
    ['in XML to a JSON-protocol call', wireError.ec2('AccessDenied', denied, 403), 'AccessDenied', denied],
    [
      'as an HTML page',
      { status: 403, body: '<html><body><h1>403 Forbidden</h1></body></html>', contentType: 'text/html' },
      'HTTP403',
      'the answer (HTTP 403) is not an error the service sends; a proxy or an emulator may have answered instead',
    ],
  ])('%s is an ERROR with its code and message, not retried, and flips no verdict', async (_, fault, code, message) => {
    const saved = loadExample('compliant-account');
    const account = new WireAccount(saved).failNext('DescribeMetricFilters', Infinity, fault);

    const snapshot = await collect(account);

    expect(snapshot.errors).toEqual([expect.objectContaining({ operation: 'logs:DescribeMetricFilters', code, message })]);
    expect(account.requests.filter((request) => request.operation === 'DescribeMetricFilters')).toHaveLength(1);
    const results = verdicts(snapshot, saved.collectedAt);
    expect([...results.values()].some((result) => result.status === 'ERROR' && result.reason.includes(`failed with ${code}`))).toBe(true);
    expectNoFlips(results, verdicts(saved, saved.collectedAt));
  });
});

it('DescribeTrails failing in every region flips no verdict: what needs the trails is ERROR', async () => {
  const saved = loadExample('compliant-account');
  const account = new WireAccount(saved).failNext('DescribeTrails', Infinity, wireError.json('AccessDeniedException', 'not authorized'));

  const snapshot = await collect(account);

  expectNoFlips(verdicts(snapshot, saved.collectedAt), verdicts(saved, saved.collectedAt));
});

describe("the scan's time limit", () => {
  it('ends the reads still in flight with Timeout ERRORs, keeps everything read before, and flips no verdict', async () => {
    const saved = loadExample('compliant-account');
    const hung = { delayMs: 60_000 };
    const account = new WireAccount(saved).failNext('GetTrailStatus', Infinity, hung).failNext('DescribeLogGroups', Infinity, hung);
    const started = Date.now();

    const snapshot = await collect(account, { timeoutMs: 1_500 });

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(snapshot.errors.map((error) => [error.operation, error.code])).toEqual([
      ['cloudtrail:GetTrailStatus', 'Timeout'],
      ['logs:DescribeLogGroups', 'Timeout'],
    ]);
    expect(snapshot.errors[0]?.message).toBe("the scan's time limit of 1.5 s ran out before this read completed");
    // Read before the limit: the trail's selectors, its bucket, the alarms.
    expect(snapshot.trails[0]?.selectors.ok).toBe(true);
    expect(snapshot.buckets[0]?.acl.ok).toBe(true);
    expect(snapshot.regionData.find((data) => data.region === 'us-east-1')?.alarms?.ok).toBe(true);
    const results = verdicts(snapshot, saved.collectedAt);
    expect([...results.values()].filter((result) => result.status === 'ERROR').every((result) => result.reason.includes('failed with Timeout'))).toBe(true);
    expectNoFlips(results, verdicts(saved, saved.collectedAt));
  });
});

describe('requests in flight', () => {
  it("stay within each service's bound in each region, while the regions proceed side by side", async () => {
    const saved = loadExample('compliant-account');
    const regions = [
      'ap-northeast-1',
      'ap-southeast-2',
      'ca-central-1',
      'eu-central-1',
      'eu-north-1',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'sa-east-1',
      'us-east-1',
      'us-east-2',
      'us-west-2',
    ];
    // Thirty CloudTrail rules in us-east-1: thirty ListTargetsByRule calls that could all go at once.
    const rules: EventRule[] = Array.from({ length: 30 }, (_, n) => ({
      name: `watch-${n}`,
      arn: `arn:aws:events:us-east-1:${saved.account.id}:rule/watch-${n}`,
      region: 'us-east-1',
      eventBusName: 'default',
      state: 'ENABLED',
      eventPattern: JSON.stringify({ 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: [`Change${n}`] } }),
      targets: { ok: true, value: [{ id: 'lambda', arn: `arn:aws:lambda:us-east-1:${saved.account.id}:function:responder` }] },
    }));
    const regionData = saved.regionData.map((data) => (data.region === 'us-east-1' ? { ...data, eventRules: { ok: true as const, value: rules } } : data));
    const account = new WireAccount({ ...saved, regions, regionData });
    account.latencyMs = 20;

    const snapshot = await collect(account);

    expect(snapshot.errors).toEqual([]);
    expect(account.callsOf('ListTargetsByRule')).toBe(rules.length);
    expect(account.peakInFlight.get('events@us-east-1')).toBe(serviceConcurrency('events'));
    for (const [key, peak] of account.peakInFlight) {
      const [service, region] = key.split('@') as [Service, string | undefined];
      if (region) expect(peak, key).toBeLessThanOrEqual(serviceConcurrency(service));
    }
    // One DescribeTrails per region, all at once: one region's bound does not hold up another.
    expect(account.callsOf('DescribeTrails')).toBe(regions.length);
    expect(account.peakInFlight.get('cloudtrail')).toBeGreaterThan(serviceConcurrency('cloudtrail'));
  });
});
