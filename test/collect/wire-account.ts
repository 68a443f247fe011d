import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import type { HttpHandlerOptions } from '@smithy/types';
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';
import { vi } from 'vitest';
import type { RequestHandler } from '../../src/collect/index.js';
import type { AccountSnapshot, Collected, EventDataStore, EventRule, TopicKey, Trail } from '../../src/snapshot/types.js';
import { blindDigits, digitBlind } from '../../src/snapshot/question-digest.js';
import { compilePattern } from '../../src/workbench/test-pattern.js';

/**
 * A fake AWS that serves saved snapshots through each service's wire protocol, so that the real
 * SDK clients (serialisers, error parsing, adaptive retry) and the collector's middleware all run:
 * collecting from it gives back the snapshot. It answers for the caller's account and, through
 * STS AssumeRole, for member accounts of an organization; faults can be injected per operation.
 *
 * The account of a request is told by the access key that signed it (`ASIA<account id>` for an
 * assumed role), its region by the signature's credential scope.
 */

export interface Answer {
  status: number;
  body: string;
  contentType: string;
}

/** What a fault makes of a request: an answer, a network error (thrown), or an answer that comes late. */
export type Fault = Answer | Error | { delayMs: number };

export interface WireRequest {
  account: string;
  region: string;
  operation: string;
  /** Every request of one logical call has the same id; retries share it with the first attempt. */
  invocation: string;
}

const JSON_1_1 = 'application/x-amz-json-1.1';
const json = (body: object, status = 200, contentType = JSON_1_1): Answer => ({ status, body: JSON.stringify(body), contentType });
const xml = (body: string, status = 200): Answer => ({ status, body, contentType: 'text/xml' });

/** Errors as each protocol spells them, so that the SDK classifies them as it would AWS's. */
export const wireError = {
  json: (code: string, message: string, status = 400): Answer => json({ __type: code, message }, status),
  query: (code: string, message: string, status = 400): Answer =>
    xml(
      `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${escape(message)}</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
      status,
    ),
  s3: (code: string, message: string, status = 400): Answer => xml(`<Error><Code>${code}</Code><Message>${escape(message)}</Message></Error>`, status),
  ec2: (code: string, message: string, status = 400): Answer =>
    xml(`<Response><Errors><Error><Code>${code}</Code><Message>${escape(message)}</Message></Error></Errors><RequestID>1</RequestID></Response>`, status),
};

export function loadExample(name: 'compliant-account' | 'insecure-account'): AccountSnapshot {
  return JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8')) as AccountSnapshot;
}

/** The example with its account id replaced everywhere: a member account of an organization. */
export function asAccount(snapshot: AccountSnapshot, accountId: string): AccountSnapshot {
  return JSON.parse(JSON.stringify(snapshot).replaceAll(snapshot.account.id, accountId)) as AccountSnapshot;
}

/**
 * Static credentials and the region for the real SDK clients of a test: the default chain must not
 * look for real ones, and no endpoint of the environment may replace the stub.
 */
export function useStaticCredentials(region = 'us-east-1'): void {
  vi.stubEnv('AWS_REGION', region);
  vi.stubEnv('AWS_ENDPOINT_URL', '');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_PROFILE', '');
}

/** The SDK's adaptive strategy with the waiting taken out, so that retries cost no test time. */
export function adaptiveWithoutBackoff(maxAttempts: number): AdaptiveRetryStrategy {
  return new AdaptiveRetryStrategy(maxAttempts, {
    backoff: { computeNextBackoffDelay: () => 0, setDelayBase: () => {} },
    rateLimiter: new DefaultRateLimiter({ minFillRate: 1_000_000, minCapacity: 1_000_000 }),
  });
}

export class WireAccount implements RequestHandler {
  /** Every HTTP request, retries included, in the order they arrived. */
  readonly requests: WireRequest[] = [];
  /** The most requests in flight at once, per service (`events`) and per service in a region (`events@us-east-1`). */
  readonly peakInFlight = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  private readonly members = new Map<string, { snapshot: AccountSnapshot; name: string; assumable: boolean }>();
  private readonly faults: { operation: string; account?: string; remaining: number; fault: Fault }[] = [];
  /** Added to every answer: lets requests overlap, as they do against AWS. */
  latencyMs = 0;
  /** Log event messages and event names on which AWS's evaluators answer against trailwarden's engine (see `evaluatorAnswer`). */
  readonly contrary = new Set<string>();

  constructor(private readonly caller: AccountSnapshot) {}

  /** A member account of the organization; its role can be assumed unless `assumable` is false. */
  addMember(snapshot: AccountSnapshot, name: string, assumable = true): this {
    this.members.set(snapshot.account.id, { snapshot, name, assumable });
    return this;
  }

  /** The next `times` requests of `operation` (in `account`, if given) meet `fault`; `Infinity` for all of them. */
  failNext(operation: string, times: number, fault: Fault, account?: string): this {
    this.faults.push({ operation, remaining: times, fault, ...(account !== undefined && { account }) });
    return this;
  }

  async handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    const signal = options?.abortSignal as AbortSignal | undefined;
    const scope = /Credential=([^/]+)\/\d+\/([^/]+)\/([^/]+)\//.exec(request.headers['authorization'] ?? '');
    const [, accessKey = '', region = 'us-east-1', service = 'unknown'] = scope ?? [];
    const account = /^ASIA(\d{12})$/.exec(accessKey)?.[1] ?? this.caller.account.id;
    const operation = operationOf(request);
    this.requests.push({ account, region, operation, invocation: request.headers['amz-sdk-invocation-id'] ?? '' });

    const counted = [service, `${service}@${region}`];
    for (const key of counted) {
      const inFlight = (this.inFlight.get(key) ?? 0) + 1;
      this.inFlight.set(key, inFlight);
      this.peakInFlight.set(key, Math.max(this.peakInFlight.get(key) ?? 0, inFlight));
    }
    try {
      if (this.latencyMs > 0) await sleep(this.latencyMs, signal);
      const fault = this.takeFault(operation, account);
      if (fault instanceof Error) throw fault;
      if (fault && 'delayMs' in fault) await sleep(fault.delayMs, signal);
      const answer = fault && !('delayMs' in fault) ? fault : this.answer(account, region, operation, request);
      return {
        response: new HttpResponse({ statusCode: answer.status, headers: { 'content-type': answer.contentType }, body: new TextEncoder().encode(answer.body) }),
      };
    } finally {
      for (const key of counted) this.inFlight.set(key, this.inFlight.get(key)! - 1);
    }
  }

  /** Logical calls per operation (an operation's requests grouped by the SDK's invocation id). */
  callsOf(operation: string): number {
    return new Set(this.requests.filter((r) => r.operation === operation).map((r) => r.invocation)).size;
  }

  private takeFault(operation: string, account: string): Fault | undefined {
    const entry = this.faults.find((f) => f.operation === operation && (f.account === undefined || f.account === account) && f.remaining > 0);
    if (!entry) return undefined;
    entry.remaining -= 1;
    return entry.fault;
  }

  private answer(accountId: string, region: string, operation: string, request: HttpRequest): Answer {
    const params = paramsOf(request);
    if (operation === 'ListAccounts') return this.listAccounts(params);
    if (operation === 'AssumeRole') return this.assumeRole(String(params['RoleArn']));
    const evaluated = evaluatorAnswer(operation, params, this.contrary);
    if (evaluated) return evaluated;
    const snapshot = accountId === this.caller.account.id ? this.caller : this.members.get(accountId)?.snapshot;
    if (!snapshot) return wireError.json('UnrecognizedClientException', `no account ${accountId}`);
    const serve = ANSWERS[operation];
    if (!serve) return wireError.json('StubMissing', `no answer for ${operation}`, 501);
    return serve(snapshot, region, params, request);
  }

  /** Every account (the caller's first), two a page, and one suspended account that must not be scanned. */
  private listAccounts(params: Record<string, unknown>): Answer {
    const accounts = [
      { Id: this.caller.account.id, Name: 'management', State: 'ACTIVE', Status: 'ACTIVE' },
      ...[...this.members].map(([Id, { name }]) => ({ Id, Name: name, State: 'ACTIVE', Status: 'ACTIVE' })),
      { Id: '999999999999', Name: 'closed', State: 'SUSPENDED', Status: 'SUSPENDED' },
    ];
    const page = Number(String(params['NextToken'] ?? 'page-0').slice('page-'.length));
    const next = page * 2 + 2 < accounts.length ? { NextToken: `page-${page + 1}` } : {};
    return json({ Accounts: accounts.slice(page * 2, page * 2 + 2), ...next });
  }

  private assumeRole(roleArn: string): Answer {
    const accountId = roleArn.split(':')[4] ?? '';
    const member = this.members.get(accountId);
    if (!member?.assumable) {
      return wireError.query(
        'AccessDenied',
        `User: ${this.caller.account.callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        403,
      );
    }
    const roleName = roleArn.split('/').at(-1);
    return xml(
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIA${accountId}</AccessKeyId>` +
        `<SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>` +
        `<AssumedRoleUser><Arn>arn:aws:sts::${accountId}:assumed-role/${roleName}/trailwarden</Arn><AssumedRoleId>AROAEXAMPLE:trailwarden</AssumedRoleId></AssumedRoleUser>` +
        `</AssumeRoleResult></AssumeRoleResponse>`,
    );
  }
}

/**
 * `aws` as an HTTP endpoint on 127.0.0.1 (for `--endpoint-url`): what the CLI sends through its
 * own HTTP handler reaches the same answers.
 */
export async function serve(aws: WireAccount): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const request = new HttpRequest({
        method: incoming.method ?? 'GET',
        hostname: '127.0.0.1',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: Object.fromEntries(Object.entries(incoming.headers).map(([name, value]) => [name, String(value)])),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      aws.handle(request).then(
        ({ response }) => outgoing.writeHead(response.statusCode, response.headers).end(response.body),
        (error: unknown) => outgoing.destroy(error instanceof Error ? error : undefined),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

type Serve = (snapshot: AccountSnapshot, region: string, params: Record<string, unknown>, request: HttpRequest) => Answer;

/** Serves a `Collected` value, or the error it records as this protocol spells it. */
function collected<T>(value: Collected<T>, spell: (code: string, message: string) => Answer, serve: (value: T) => Answer): Answer {
  return value.ok ? serve(value.value) : spell(value.error.code, value.error.message);
}

const ANSWERS: Record<string, Serve> = {
  GetCallerIdentity: (s) =>
    xml(
      `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>${s.account.callerArn}</Arn><UserId>AIDAEXAMPLE</UserId><Account>${s.account.id}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
    ),
  DescribeRegions: (s) =>
    xml(
      `<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>1</requestId><regionInfo>${[
        ...s.regions.map((region) => [region, 'opt-in-not-required']),
        ...s.skippedRegions.map(({ region }) => [region, 'not-opted-in']),
      ]
        .map(([region, status]) => `<item><regionName>${region}</regionName><optInStatus>${status}</optInStatus></item>`)
        .join('')}</regionInfo></DescribeRegionsResponse>`,
    ),
  DescribeTrails: (s, region) => {
    const listed = s.regionData.find((data) => data.region === region)?.trailArns ?? { ok: true, value: [] };
    return collected(listed, wireError.json, (arns) => json({ trailList: s.trails.filter((trail) => arns.includes(trail.arn)).map(trailDescription) }));
  },
  GetTrailStatus: (s, _, p) =>
    collected(trailOf(s, p['Name']).status, wireError.json, (status) =>
      json({
        IsLogging: status.isLogging,
        LatestDeliveryTime: epoch(status.latestDeliveryTime),
        LatestDeliveryError: status.latestDeliveryError,
        LatestCloudWatchLogsDeliveryTime: epoch(status.latestCloudWatchLogsDeliveryTime),
        LatestCloudWatchLogsDeliveryError: status.latestCloudWatchLogsDeliveryError,
        LatestDigestDeliveryTime: epoch(status.latestDigestDeliveryTime),
        LatestDigestDeliveryError: status.latestDigestDeliveryError,
        StartLoggingTime: epoch(status.startLoggingTime),
        StopLoggingTime: epoch(status.stopLoggingTime),
      }),
    ),
  GetEventSelectors: (s, _, p) =>
    collected(trailOf(s, p['TrailName']).selectors, wireError.json, (selectors) =>
      json({
        TrailARN: p['TrailName'],
        EventSelectors: (selectors.basic ?? []).map((b) => ({
          ReadWriteType: b.readWriteType,
          IncludeManagementEvents: b.includeManagementEvents,
          ExcludeManagementEventSources: b.excludeManagementEventSources,
          DataResources: b.dataResources.map((d) => ({ Type: d.type, Values: d.values })),
        })),
        AdvancedEventSelectors: (selectors.advanced ?? []).map((a) => ({
          Name: a.name,
          FieldSelectors: a.fieldSelectors.map((f) => ({
            Field: f.field,
            Equals: f.equals,
            StartsWith: f.startsWith,
            EndsWith: f.endsWith,
            NotEquals: f.notEquals,
            NotStartsWith: f.notStartsWith,
            NotEndsWith: f.notEndsWith,
          })),
        })),
      }),
    ),
  GetInsightSelectors: (s, _, p) =>
    collected(trailOf(s, p['TrailName']).insightSelectors, wireError.json, (types) =>
      types.length === 0
        ? wireError.json('InsightNotEnabledException', 'Trail does not have Insights enabled.')
        : json({ InsightSelectors: types.map((InsightType) => ({ InsightType })) }),
    ),
  // A snapshot taken before trailwarden read tags stands for untagged trails.
  ListTags: (s, _, p) => {
    const arns = p['ResourceIdList'] as string[];
    const failure = arns.map((arn) => trailOf(s, arn).tags).find((tags) => tags?.ok === false);
    if (failure && !failure.ok) return wireError.json(failure.error.code, failure.error.message);
    return json({
      ResourceTagList: arns.map((arn) => {
        const tags = trailOf(s, arn).tags;
        return { ResourceId: arn, TagsList: (tags?.ok ? tags.value : []).map((tag) => ({ Key: tag.key, Value: tag.value })) };
      }),
    });
  },
  // Likewise a snapshot taken before trailwarden read event data stores, for a Region without any.
  ListEventDataStores: (s, region) =>
    collected(storesOf(s, region), wireError.json, (stores) =>
      json({ EventDataStores: stores.map((store) => ({ EventDataStoreArn: store.arn, Name: store.name })) }),
    ),
  GetEventDataStore: (s, region, p) => {
    const store = storesOf(s, region).ok
      ? (storesOf(s, region) as { ok: true; value: EventDataStore[] }).value.find((candidate) => candidate.arn === p['EventDataStore'])
      : undefined;
    if (!store) throw new Error(`no event data store ${String(p['EventDataStore'])}`);
    return collected(store.details, wireError.json, (details) =>
      json({
        EventDataStoreArn: store.arn,
        Name: store.name,
        Status: details.status,
        MultiRegionEnabled: details.multiRegionEnabled,
        OrganizationEnabled: details.organizationEnabled,
        KmsKeyId: details.kmsKeyId,
      }),
    );
  },
  ListRules: (s, region) =>
    collected(rulesOf(s, region), wireError.json, (rules) =>
      json({
        Rules: rules.map((r) => ({
          Name: r.name,
          Arn: r.arn,
          EventBusName: r.eventBusName,
          State: r.state,
          EventPattern: r.eventPattern,
          ScheduleExpression: r.scheduleExpression,
          ManagedBy: r.managedBy,
        })),
      }),
    ),
  ListTargetsByRule: (s, region, p) =>
    collected(rulesOf(s, region), wireError.json, (rules) => {
      const rule = rules.find((r) => r.name === p['Rule']);
      if (!rule) return wireError.json('ResourceNotFoundException', `Rule ${String(p['Rule'])} does not exist.`);
      return collected(rule.targets, wireError.json, (targets) => json({ Targets: targets.map((t) => ({ Id: t.id, Arn: t.arn })) }));
    }),
  // As AWS documents it: the groups whose names start with the prefix, ASCII-sorted by name, at most `limit` (50 by default).
  DescribeLogGroups: (s, region, p) => {
    const prefix = String(p['logGroupNamePrefix'] ?? '');
    const groups = s.logGroups
      .filter((group) => group.region === region && group.name.startsWith(prefix))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .slice(0, Number(p['limit'] ?? 50));
    const failed = groups.find((group) => !group.details.ok);
    if (failed && !failed.details.ok) return wireError.json(failed.details.error.code, failed.details.error.message);
    return json({
      logGroups: groups.flatMap((g) =>
        g.details.ok && g.details.value
          ? [{ logGroupName: g.name, arn: `${g.arn}:*`, retentionInDays: g.details.value.retentionInDays, kmsKeyId: g.details.value.kmsKeyId }]
          : [],
      ),
    });
  },
  DescribeMetricFilters: (s, region, p) => {
    const group = s.logGroups.find((g) => g.region === region && g.name === p['logGroupName']);
    const details = group?.details.ok ? group.details.value : null;
    if (!details) return json({ metricFilters: [] });
    return collected(details.metricFilters, wireError.json, (filters) =>
      json({
        metricFilters: filters.map((f) => ({
          filterName: f.name,
          filterPattern: f.pattern,
          logGroupName: group!.name,
          metricTransformations: f.transformations.map((t) => ({
            metricName: t.metricName,
            metricNamespace: t.metricNamespace,
            metricValue: t.metricValue,
            defaultValue: t.defaultValue,
            dimensions: t.dimensions,
            unit: t.unit,
          })),
        })),
      }),
    );
  },
  DescribeAlarms: (s, region) => {
    const alarms = s.regionData.find((data) => data.region === region)?.alarms ?? { ok: true, value: [] };
    return collected(alarms, wireError.json, (list) =>
      json(
        {
          MetricAlarms: list.map((a) => ({
            AlarmName: a.name,
            AlarmArn: a.arn,
            MetricName: a.metricName,
            Namespace: a.namespace,
            ...(a.usesMetricMath && { Metrics: [{ Id: 'm1', Expression: 'SUM(METRICS())' }] }),
            Dimensions: a.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
            Statistic: a.statistic,
            ExtendedStatistic: a.extendedStatistic,
            Period: a.period,
            EvaluationPeriods: a.evaluationPeriods,
            DatapointsToAlarm: a.datapointsToAlarm,
            Threshold: a.threshold,
            ComparisonOperator: a.comparisonOperator,
            TreatMissingData: a.treatMissingData,
            ActionsEnabled: a.actionsEnabled,
            AlarmActions: a.alarmActions,
            OKActions: a.okActions,
            InsufficientDataActions: a.insufficientDataActions,
            StateValue: a.stateValue,
          })),
        },
        200,
        'application/x-amz-json-1.0',
      ),
    );
  },
  GetMetricData: (s, region, p) => {
    const failures = s.regionData.find((data) => data.region === region)?.deliveryFailures ?? { ok: true, value: { windowHours: 24, rules: {}, topics: {} } };
    return collected(failures, wireError.json, ({ rules, topics }) => {
      const queries = (p['MetricDataQueries'] ?? []) as { Id: string; MetricStat: { Metric: { MetricName: string; Dimensions: { Value: string }[] } } }[];
      const results = queries.map(({ Id, MetricStat: { Metric } }) => {
        const value =
          Metric.MetricName === 'FailedInvocations'
            ? rules[Metric.Dimensions[0]!.Value]
            : Object.entries(topics).find(([arn]) => arn.split(':')[5] === Metric.Dimensions[0]!.Value)?.[1];
        return {
          Id,
          StatusCode: 'Complete',
          Timestamps: value === undefined ? [] : [Date.parse(s.collectedAt) / 1000],
          Values: value === undefined ? [] : [value],
        };
      });
      return json({ MetricDataResults: results }, 200, 'application/x-amz-json-1.0');
    });
  },
  ListSubscriptionsByTopic: (s, _, p) => {
    const topic = s.topics.find((t) => t.arn === p['TopicArn']);
    if (!topic) return wireError.query('NotFound', 'Topic does not exist', 404);
    return collected(topic.subscriptions, wireError.query, (subscriptions) => {
      if (subscriptions === null) return wireError.query('NotFound', 'Topic does not exist', 404);
      const members = subscriptions.map(
        (sub) =>
          `<member><TopicArn>${topic.arn}</TopicArn><Protocol>${sub.protocol}</Protocol><SubscriptionArn>${sub.subscriptionArn}</SubscriptionArn><Endpoint>${escape(sub.endpoint)}</Endpoint></member>`,
      );
      return xml(
        `<ListSubscriptionsByTopicResponse><ListSubscriptionsByTopicResult><Subscriptions>${members.join('')}</Subscriptions></ListSubscriptionsByTopicResult></ListSubscriptionsByTopicResponse>`,
      );
    });
  },
  GetTopicAttributes: (s, _, p) => {
    const topic = s.topics.find((t) => t.arn === p['TopicArn']);
    if (!topic) return wireError.query('NotFound', 'Topic does not exist', 404);
    return collected(topic.access ?? { ok: true, value: {} }, wireError.query, (access) => {
      if (access === null) return wireError.query('NotFound', 'Topic does not exist', 404);
      const entries = Object.entries({ TopicArn: topic.arn, Policy: access.policy, KmsMasterKeyId: access.kmsMasterKeyId })
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => `<entry><key>${key}</key><value>${escape(value!)}</value></entry>`);
      return xml(
        `<GetTopicAttributesResponse><GetTopicAttributesResult><Attributes>${entries.join('')}</Attributes></GetTopicAttributesResult></GetTopicAttributesResponse>`,
      );
    });
  },
  GetKeyPolicy: (s, _, p) => {
    const key = topicKeys(s).find(({ key: k }) => k.details.ok && k.details.value?.arn === p['KeyId'])?.key;
    if (!key?.policy) return wireError.json('NotFoundException', 'Key not found');
    return collected(key.policy, wireError.json, (policy) => json({ Policy: policy, PolicyName: 'default' }));
  },
  DescribeKey: (s, _, p) => {
    const key = s.kmsKeys.find((k) => k.ref === p['KeyId']) ?? topicKeys(s).find(({ ref }) => ref === p['KeyId'])?.key;
    if (!key) return wireError.json('NotFoundException', 'Key not found');
    return collected(key.details, wireError.json, (details) =>
      details === null
        ? wireError.json('NotFoundException', 'Key not found')
        : json({
            KeyMetadata: {
              KeyId: details.arn.split('/').at(-1),
              Arn: details.arn,
              KeyState: details.keyState,
              KeyManager: details.keyManager,
              Enabled: details.enabled,
            },
          }),
    );
  },
  'S3Control:GetPublicAccessBlock': (s) =>
    collected(s.accountPublicAccessBlock, wireError.s3, (block) =>
      block === null ? wireError.s3('NoSuchPublicAccessBlockConfiguration', 'none', 404) : xml(publicAccessBlockXml(block)),
    ),
  GetBucketLocation: (s, _, __, request) =>
    collected(bucketOf(s, request).region, wireError.s3, (region) =>
      xml(`<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${region === 'us-east-1' ? '' : region}</LocationConstraint>`),
    ),
  GetBucketPolicy: (s, _, __, request) =>
    collected(bucketOf(s, request).policy, wireError.s3, (policy) =>
      policy === null
        ? wireError.s3('NoSuchBucketPolicy', 'The bucket policy does not exist', 404)
        : { status: 200, body: policy, contentType: 'application/json' },
    ),
  GetPublicAccessBlock: (s, _, __, request) =>
    collected(bucketOf(s, request).publicAccessBlock, wireError.s3, (block) =>
      block === null ? wireError.s3('NoSuchPublicAccessBlockConfiguration', 'none', 404) : xml(publicAccessBlockXml(block)),
    ),
  GetBucketAcl: (s, _, __, request) =>
    collected(bucketOf(s, request).acl, wireError.s3, (acl) => {
      const grants = acl.grants.map(
        (g) =>
          `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="${g.granteeType}">${g.granteeId ? `<ID>${g.granteeId}</ID>` : ''}${g.granteeUri ? `<URI>${g.granteeUri}</URI>` : ''}</Grantee><Permission>${g.permission}</Permission></Grant>`,
      );
      return xml(
        `<AccessControlPolicy>${acl.ownerId ? `<Owner><ID>${acl.ownerId}</ID></Owner>` : ''}<AccessControlList>${grants.join('')}</AccessControlList></AccessControlPolicy>`,
      );
    }),
  GetBucketLogging: (s, _, __, request) =>
    collected(bucketOf(s, request).logging, wireError.s3, (logging) =>
      xml(
        `<BucketLoggingStatus>${logging ? `<LoggingEnabled><TargetBucket>${logging.targetBucket}</TargetBucket><TargetPrefix>${logging.targetPrefix}</TargetPrefix></LoggingEnabled>` : ''}</BucketLoggingStatus>`,
      ),
    ),
  GetBucketLifecycleConfiguration: (s, _, __, request) =>
    collected(bucketOf(s, request).lifecycle, wireError.s3, (rules) => {
      if (rules === null) return wireError.s3('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404);
      const tag = (name: string, value: unknown) => (value === undefined ? '' : `<${name}>${String(value)}</${name}>`);
      const body = rules.map(
        (r) =>
          `<Rule>${tag('ID', r.id)}<Status>${r.status}</Status><Filter>${tag('Prefix', r.prefix ?? '')}</Filter>` +
          (r.expirationDays === undefined ? '' : `<Expiration><Days>${r.expirationDays}</Days></Expiration>`) +
          (r.noncurrentExpirationDays === undefined
            ? ''
            : `<NoncurrentVersionExpiration><NoncurrentDays>${r.noncurrentExpirationDays}</NoncurrentDays></NoncurrentVersionExpiration>`) +
          r.transitions.map((t) => `<Transition>${tag('Days', t.days)}${tag('StorageClass', t.storageClass)}</Transition>`).join('') +
          r.noncurrentTransitions
            .map((t) => `<NoncurrentVersionTransition>${tag('NoncurrentDays', t.days)}${tag('StorageClass', t.storageClass)}</NoncurrentVersionTransition>`)
            .join('') +
          '</Rule>',
      );
      return xml(`<LifecycleConfiguration>${body.join('')}</LifecycleConfiguration>`);
    }),
  GetBucketVersioning: (s, _, __, request) =>
    collected(bucketOf(s, request).versioning, wireError.s3, (v) =>
      xml(
        `<VersioningConfiguration>${v.status ? `<Status>${v.status}</Status>` : ''}${v.mfaDelete ? `<MfaDelete>${v.mfaDelete}</MfaDelete>` : ''}</VersioningConfiguration>`,
      ),
    ),
  // A snapshot taken before trailwarden read Object Lock stands for a bucket without it.
  GetObjectLockConfiguration: (s, _, __, request) =>
    collected(bucketOf(s, request).objectLock ?? { ok: true, value: null }, wireError.s3, (lock) => {
      if (lock === null) return wireError.s3('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', 404);
      const retention = lock.defaultRetention;
      const period = retention ? (retention.days !== undefined ? `<Days>${retention.days}</Days>` : `<Years>${retention.years}</Years>`) : '';
      const rule = retention ? `<Rule><DefaultRetention><Mode>${retention.mode}</Mode>${period}</DefaultRetention></Rule>` : '';
      return xml(`<ObjectLockConfiguration>${lock.enabled ? '<ObjectLockEnabled>Enabled</ObjectLockEnabled>' : ''}${rule}</ObjectLockConfiguration>`);
    }),
};

/** The keys topics are encrypted with, by the reference the topic gives. */
function topicKeys(s: AccountSnapshot): { ref: string; key: TopicKey }[] {
  return s.topics.flatMap((t) =>
    t.access?.ok && t.access.value?.key && t.access.value.kmsMasterKeyId ? [{ ref: t.access.value.kmsMasterKeyId, key: t.access.value.key }] : [],
  );
}

function trailDescription(trail: Trail): Record<string, unknown> {
  return {
    Name: trail.name,
    TrailARN: trail.arn,
    HomeRegion: trail.homeRegion,
    IsMultiRegionTrail: trail.isMultiRegionTrail,
    IsOrganizationTrail: trail.isOrganizationTrail,
    IncludeGlobalServiceEvents: trail.includeGlobalServiceEvents,
    LogFileValidationEnabled: trail.logFileValidationEnabled,
    S3BucketName: trail.s3BucketName,
    S3KeyPrefix: trail.s3KeyPrefix,
    SnsTopicARN: trail.snsTopicArn,
    KmsKeyId: trail.kmsKeyId,
    CloudWatchLogsLogGroupArn: trail.cloudWatchLogsLogGroupArn,
    CloudWatchLogsRoleArn: trail.cloudWatchLogsRoleArn,
  };
}

function trailOf(snapshot: AccountSnapshot, arn: unknown): Trail {
  const trail = snapshot.trails.find((t) => t.arn === arn);
  if (!trail) throw new Error(`no trail ${String(arn)}`);
  return trail;
}

function storesOf(snapshot: AccountSnapshot, region: string): Collected<EventDataStore[]> {
  return snapshot.regionData.find((data) => data.region === region)?.eventDataStores ?? { ok: true, value: [] };
}

function rulesOf(snapshot: AccountSnapshot, region: string): Collected<EventRule[]> {
  return snapshot.regionData.find((data) => data.region === region)?.eventRules ?? { ok: true, value: [] };
}

/** The bucket of an S3 request: in the host name (virtual-hosted style) or the first path segment (path style). */
function bucketOf(snapshot: AccountSnapshot, request: HttpRequest) {
  const name = /^(.+)\.s3[.-]/.exec(request.hostname)?.[1] ?? request.path.split('/')[1];
  const bucket = snapshot.buckets.find((b) => b.name === name);
  if (!bucket) throw new Error(`no bucket ${String(name)}`);
  return bucket;
}

function publicAccessBlockXml(block: {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}): string {
  return (
    `<PublicAccessBlockConfiguration><BlockPublicAcls>${block.blockPublicAcls}</BlockPublicAcls><IgnorePublicAcls>${block.ignorePublicAcls}</IgnorePublicAcls>` +
    `<BlockPublicPolicy>${block.blockPublicPolicy}</BlockPublicPolicy><RestrictPublicBuckets>${block.restrictPublicBuckets}</RestrictPublicBuckets></PublicAccessBlockConfiguration>`
  );
}

/** S3 names the operation by a query key on the bucket (`GET /bucket?acl`). */
const S3_SUBRESOURCES: Record<string, string> = {
  location: 'GetBucketLocation',
  policy: 'GetBucketPolicy',
  publicAccessBlock: 'GetPublicAccessBlock',
  acl: 'GetBucketAcl',
  logging: 'GetBucketLogging',
  lifecycle: 'GetBucketLifecycleConfiguration',
  versioning: 'GetBucketVersioning',
  'object-lock': 'GetObjectLockConfiguration',
};

/**
 * AWS's pattern evaluators, CloudWatch Logs TestMetricFilter and EventBridge TestEventPattern, played
 * by trailwarden's own engines: they agree with the engine except on the messages and event names in
 * `contrary`, where they answer the opposite. `undefined` for any other operation.
 */
export function evaluatorAnswer(operation: string, params: Record<string, unknown>, contrary: ReadonlySet<string>): Answer | undefined {
  if (operation === 'TestMetricFilter') {
    const tester = compilePattern(String(params['filterPattern']), 'filter');
    const messages = params['logEventMessages'] as string[];
    const matches = messages.flatMap((message, index) => {
      const ours = tester.input({ position: index + 1, message, record: JSON.parse(message) as Record<string, unknown>, label: '' }).verdict === 'match';
      // As AWS would be, the fake is consistent across accounts for a digit-free pattern (see questionKey): a contrary message counts in any account.
      const against = contrary.has(message) || (digitBlind('metric-filter', String(params['filterPattern'])) && contrary.has(blindDigits(message)));
      return ours !== against ? [{ eventNumber: index + 1, eventMessage: message, extractedValues: {} }] : [];
    });
    return json({ matches });
  }
  if (operation === 'TestEventPattern') {
    const event = JSON.parse(String(params['Event'])) as Record<string, unknown>;
    const ours =
      compilePattern(String(params['EventPattern']), 'eventbridge').input({ position: 1, message: '', record: event, label: '' }).verdict === 'match';
    const name = String((event['detail'] as Record<string, unknown>)['eventName']);
    return json({ Result: ours !== contrary.has(name) });
  }
  return undefined;
}

/** JSON protocols name the operation in X-Amz-Target, Query protocols in the body, S3 and S3 Control in the URL. */
export function operationOf(request: HttpRequest): string {
  const target = request.headers['x-amz-target'];
  if (target) return target.slice(target.lastIndexOf('.') + 1);
  if (request.path.includes('/configuration/publicAccessBlock')) return 'S3Control:GetPublicAccessBlock';
  const subresource = Object.keys(request.query).find((key) => key in S3_SUBRESOURCES);
  if (subresource) return S3_SUBRESOURCES[subresource]!;
  return String(paramsOf(request)['Action'] ?? `${request.method} ${request.path}`);
}

/** The request's parameters: the JSON body, or the form-encoded body of the Query protocols. */
export function paramsOf(request: HttpRequest): Record<string, unknown> {
  const body = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : '';
  if (body.startsWith('{')) return JSON.parse(body) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(body));
}

function epoch(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso) / 1000;
}

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Like a socket, a sleeping answer ends when the request is aborted. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
      },
      { once: true },
    );
  });
}
