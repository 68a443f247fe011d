import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpRequest } from '@smithy/protocol-http';
import type { MiddlewareStack } from '@smithy/types';
import { Semaphore } from './concurrency.js';
import { Deadline } from './deadline.js';
import { ACCESS_DEFAULTS as DEFAULTS, type AwsAccessOptions, type RequestHandler, type RetryStrategy } from './options.js';
import { guardedHandler } from './transport.js';

/**
 * One client class per service, keyed by the service prefix used in operation names (`logs:DescribeLogGroups`).
 * The collector only reads; `organizations` lists the accounts of `scan --org`, `iam` serves `fix` and
 * `securityhub` serves `scan --to-security-hub`, which share the same credentials, endpoint and retry policy.
 */
const CLIENT_CLASSES = {
  sts: STSClient,
  ec2: EC2Client,
  cloudtrail: CloudTrailClient,
  events: EventBridgeClient,
  logs: CloudWatchLogsClient,
  cloudwatch: CloudWatchClient,
  sns: SNSClient,
  s3: S3Client,
  s3control: S3ControlClient,
  kms: KMSClient,
  iam: IAMClient,
  securityhub: SecurityHubClient,
  organizations: OrganizationsClient,
} as const;

export type Service = keyof typeof CLIENT_CLASSES;
export type ClientOf<S extends Service> = InstanceType<(typeof CLIENT_CLASSES)[S]>;

export type CredentialsProvider = ReturnType<typeof fromNodeProviderChain>;
type Credentials = Awaited<ReturnType<CredentialsProvider>>;

/**
 * HTTP requests in flight per service and region, shared by the clients of one account. AWS limits
 * request rates per account, region and operation; these bounds keep a large account from tripping
 * them in the first place (the SDK's adaptive retry absorbs the throttling that still happens).
 * CloudTrail's Get* calls allow about 10 requests a second; tuned with `bench/collect-scale.js`.
 */
const SERVICE_CONCURRENCY: Partial<Record<Service, number>> = { cloudtrail: 4 };
const DEFAULT_SERVICE_CONCURRENCY = 8;

export function serviceConcurrency(service: Service): number {
  return SERVICE_CONCURRENCY[service] ?? DEFAULT_SERVICE_CONCURRENCY;
}

/** What every client of a scan shares, whatever its account, service and region. */
interface Transport {
  /** The region of the user's configuration: STS, EC2 DescribeRegions and S3 Control are called there. */
  homeRegion: string;
  handler: RequestHandler;
  /** Closes the connections of the handler trailwarden created; absent for a handler the caller passed. */
  closeHandler?: () => void;
  callTimeoutMs: number;
  deadline: Deadline;
  profile?: string;
  endpoint?: string;
  /** The endpoint that replaces AWS (an emulator), from the option or the SDK's standard AWS_ENDPOINT_URL. */
  endpointOverride?: string;
  maxAttempts: number;
  retryStrategy?: RetryStrategy;
  /** The SDK settings of the user's environment, looked up once for every client (see `sdkSettings`). */
  settings: SdkSettings;
}

/** The configuration of one client. */
interface ClientConfig {
  region: string;
  profile?: string;
  credentials: CredentialsProvider;
  endpoint?: string;
  maxAttempts: number;
  retryMode: 'adaptive';
  retryStrategy: RetryStrategy;
  requestHandler: RequestHandler;
}

/** Attempts of the first call (STS GetCallerIdentity); see `identityClient`. */
const IDENTITY_ATTEMPTS = 2;

/** Where STS and the account-wide calls go when the user's environment names no region. */
const FALLBACK_HOME_REGION = 'us-east-1';

/**
 * Creates each (service, region) client of one account once, all with the same credentials,
 * endpoint, retry policy and guarded HTTP handler, and counts the calls they make.
 */
export class Clients {
  /** Logical calls per `service:Operation`, one per `send` however many attempts it took. */
  readonly callCounts: Record<string, number> = {};
  /** HTTP attempts beyond the first of each call: the SDK's retries of throttled or transient failures. */
  retries = 0;
  private readonly cache = new Map<string, ClientOf<Service>>();
  private readonly permits = new Map<string, Semaphore>();

  private constructor(
    private readonly transport: Transport,
    private readonly credentials: CredentialsProvider,
    /** Whether these are the clients `create` made, which close the HTTP layer every account shares. */
    private readonly ownsTransport: boolean,
  ) {}

  static async create(options: AwsAccessOptions): Promise<Clients> {
    const { homeRegion, settings } = await sdkSettings(options.profile);
    const callTimeoutMs = options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
    const http = httpLayer(options, callTimeoutMs);
    const endpoint = options.endpointUrl || undefined;
    const endpointOverride = endpoint ?? (process.env.AWS_ENDPOINT_URL || undefined);
    const transport: Transport = {
      homeRegion,
      ...http,
      callTimeoutMs,
      deadline: new Deadline(options.timeoutMs),
      ...(options.profile !== undefined && { profile: options.profile }),
      ...(endpoint && { endpoint }),
      ...(endpointOverride && { endpointOverride }),
      maxAttempts: options.maxAttempts ?? DEFAULTS.maxAttempts,
      ...(options.retryStrategy && { retryStrategy: options.retryStrategy }),
      settings,
    };
    const credentials = shareCredentials(credentialsFor(options, { region: homeRegion, requestHandler: http.handler, ...(endpoint && { endpoint }) }));
    return new Clients(transport, credentials, true);
  }

  /**
   * Fresh clients for another account of the scan (an organization member, through a role; by
   * default the same credentials, for the caller's own account): the same HTTP layer, deadline and
   * retry policy, with their own call counts and in-flight bounds, since AWS's rate limits are per account.
   */
  withCredentials(credentials: CredentialsProvider = this.credentials): Clients {
    return new Clients(this.transport, credentials, false);
  }

  /** The region of the user's configuration: STS, EC2 DescribeRegions and S3 Control are called there. */
  get homeRegion(): string {
    return this.transport.homeRegion;
  }

  get deadline(): Deadline {
    return this.transport.deadline;
  }

  /**
   * The STS client of the first call, which only checks that AWS answers to these credentials: it
   * tries twice instead of `maxAttempts` times, so that an endpoint that does not answer ends the
   * scan after two call timeouts rather than five.
   */
  identityClient(): ClientOf<'sts'> {
    return this.get('sts', this.homeRegion, IDENTITY_ATTEMPTS);
  }

  get<S extends Service>(service: S, region: string, maxAttempts = this.transport.maxAttempts): ClientOf<S> {
    const key = `${service}@${region}/${maxAttempts}`;
    let client = this.cache.get(key);
    if (!client) {
      client = this.build(service, region, maxAttempts);
      this.cache.set(key, client);
    }
    return client as ClientOf<S>;
  }

  /** Total logical calls so far. */
  get calls(): number {
    return Object.values(this.callCounts).reduce((sum, n) => sum + n, 0);
  }

  /** Closes this account's clients; the clients `create` made also close the connections, so destroy them last. */
  destroy(): void {
    for (const client of this.cache.values()) client.destroy();
    this.cache.clear();
    if (this.ownsTransport) this.transport.closeHandler?.();
  }

  private build(service: Service, region: string, maxAttempts: number): ClientOf<Service> {
    const { transport } = this;
    const override = transport.endpointOverride;
    const config = {
      ...transport.settings.common,
      ...((service === 's3' || service === 's3control') && transport.settings.s3),
      region,
      ...(transport.profile !== undefined && { profile: transport.profile }),
      credentials: this.credentials,
      ...(transport.endpoint && { endpoint: transport.endpoint }),
      maxAttempts,
      retryMode: 'adaptive' as const,
      retryStrategy: transport.retryStrategy ?? adaptiveRetry(maxAttempts),
      // The middleware stack is resolved once per command class instead of at every call: nothing
      // changes a stack after the client is built (callCounter is added below, before any send).
      // https://aws-amplify.github.io/amplify-js/api/interfaces/_aws_amplify_predictions._Reference_Types_.SmithyConfiguration.html
      // (@smithy/smithy-client's SmithyConfiguration.cacheMiddleware, which the AWS SDK's clients take.)
      cacheMiddleware: true,
      requestHandler: guardedHandler(transport.handler, this.permitsOf(service, region), transport.callTimeoutMs, transport.deadline),
      // Behind a custom endpoint, S3 must not put the bucket in the host name (`bucket.127.0.0.1` does not
      // resolve), and S3 Control must not put the account id there either.
      ...(service === 's3' && override && { forcePathStyle: true }),
      ...(service === 's3control' && override && { endpointProvider: () => ({ url: new URL(override) }) }),
    };
    // Every client class accepts this common configuration; TypeScript cannot see that through the union of classes.
    const ClientClass = CLIENT_CLASSES[service] as new (config: ClientConfig) => ClientOf<Service>;
    const client = new ClientClass(config);
    client.middlewareStack.use(this.callCounter(service));
    return client;
  }

  private permitsOf(service: Service, region: string): Semaphore {
    const key = `${service}@${region}`;
    let permits = this.permits.get(key);
    if (!permits) {
      permits = new Semaphore(serviceConcurrency(service));
      this.permits.set(key, permits);
    }
    return permits;
  }

  /** A plugin for any client's middleware stack; generic because the stacks differ only in their input and output types. */
  private callCounter(service: Service): { applyToStack<Input extends object, Output extends object>(stack: MiddlewareStack<Input, Output>): void } {
    return {
      applyToStack: (stack) => {
        stack.add(
          (next, context) => async (args) => {
            const operation = `${service}:${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
            this.callCounts[operation] = (this.callCounts[operation] ?? 0) + 1;
            return next(args);
          },
          { step: 'initialize', name: 'trailwardenCallCount' },
        );
        // The deserialize step runs inside the SDK's retry loop, so it sees every attempt, which the
        // retry middleware numbers in the standard `amz-sdk-request: attempt=2; max=5` header.
        stack.add(
          (next) => async (args) => {
            const header = HttpRequest.isInstance(args.request) ? args.request.headers['amz-sdk-request'] : undefined;
            if (Number(/attempt=(\d+)/.exec(header ?? '')?.[1] ?? 1) > 1) this.retries += 1;
            return next(args);
          },
          { step: 'deserialize', name: 'trailwardenAttemptCount' },
        );
      },
    };
  }
}

/**
 * The lowest rate, in requests a second, that the adaptive retry of one client slows down to. The
 * SDK's floor is 0.5: a throttle in a client's first half second, before it has measured its own
 * rate, would drop it there and hold every later call of that service and region for two seconds.
 * AWS allows every read trailwarden makes at least 5 a second, and the in-flight bounds above
 * already keep bursts modest.
 */
const MIN_SEND_RATE = 5;

/** The SDK's adaptive retry (client-side rate limiting after throttles, backoff between attempts), one per client. */
function adaptiveRetry(maxAttempts: number): RetryStrategy {
  return new AdaptiveRetryStrategy(maxAttempts, { rateLimiter: new DefaultRateLimiter({ minFillRate: MIN_SEND_RATE }) });
}

function httpLayer(options: AwsAccessOptions, callTimeoutMs: number): Pick<Transport, 'handler' | 'closeHandler'> {
  if (options.requestHandler) return { handler: options.requestHandler };
  // One handler serves every account of an organization scan, and the SDK's agents allow 50 sockets per
  // host: 16 accounts with up to 8 requests in flight per service and Region queued behind them (an
  // organization of 200 accounts took 15 s instead of 11 in bench/org-scale.js). The in-flight bounds
  // above are per account, service and Region already, so the agents add none of their own.
  const sockets = { maxSockets: Infinity };
  const handler = new NodeHttpHandler({
    requestTimeout: callTimeoutMs,
    connectionTimeout: options.connectionTimeoutMs ?? DEFAULTS.connectionTimeoutMs,
    httpAgent: sockets,
    httpsAgent: sockets,
  });
  return { handler, closeHandler: () => handler.destroy() };
}

/**
 * What every client would otherwise look up on its own, from the environment and the shared config
 * files, with the SDK's own lookups (a probe client's resolved config): each client of a scan (a
 * few dozen per account) resolved a dozen settings, each a miss through the environment, the
 * files and the default, and the misses cost more CPU than the account's calls' signing.
 * A setting whose lookup fails is left to each client, as before.
 */
interface SdkSettings {
  common: Record<string, unknown>;
  /** S3's and S3 Control's own settings (checksums, ARN regions, S3 Express). */
  s3: Record<string, unknown>;
}

const COMMON_SETTINGS = ['authSchemePreference', 'useDualstackEndpoint', 'useFipsEndpoint', 'userAgentAppId', 'defaultsMode'] as const;
const S3_SETTINGS = [
  'disableS3ExpressSessionAuth',
  'requestChecksumCalculation',
  'responseChecksumValidation',
  'sigv4aSigningRegionSet',
  'useArnRegion',
] as const;

/** The home Region (the SDK's own lookup: AWS_REGION, then the profile's `region`) and the SDK settings, without making a call. */
async function sdkSettings(profile: string | undefined): Promise<{ homeRegion: string; settings: SdkSettings }> {
  const probe = new STSClient(profile === undefined ? {} : { profile });
  try {
    const homeRegion = await probe.config.region().catch(() => FALLBACK_HOME_REGION);
    const s3Probe = new S3Client({ region: homeRegion, ...(profile !== undefined && { profile }) });
    try {
      const [common, s3] = await Promise.all([
        resolved(probe.config as unknown as Record<string, unknown>, COMMON_SETTINGS),
        resolved(s3Probe.config as unknown as Record<string, unknown>, S3_SETTINGS),
      ]);
      return { homeRegion, settings: { common, s3 } };
    } finally {
      s3Probe.destroy();
    }
  } finally {
    probe.destroy();
  }
}

/** Each setting's value, as a provider that answers it at once (a client takes a value or a provider; `undefined` would be looked up again). */
async function resolved(config: Record<string, unknown>, names: readonly string[]): Promise<Record<string, unknown>> {
  const settled = await Promise.allSettled(names.map(async (name) => [name, await (config[name] as () => Promise<unknown>)()] as const));
  return Object.fromEntries(
    settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [[outcome.value[0], () => Promise.resolve(outcome.value[1])]] : [])),
  );
}

/** The session name of every role trailwarden assumes, which makes its own reads easy to recognise in CloudTrail. */
export const ROLE_SESSION_NAME = 'trailwarden';

function credentialsFor(options: AwsAccessOptions, stsConfig: { region: string; requestHandler: RequestHandler; endpoint?: string }): CredentialsProvider {
  const base =
    options.profile !== undefined ? fromIni({ profile: options.profile, clientConfig: stsConfig }) : fromNodeProviderChain({ clientConfig: stsConfig });
  if (options.roleArn === undefined) return base;
  return fromTemporaryCredentials({
    masterCredentials: base,
    params: { RoleArn: options.roleArn, RoleSessionName: ROLE_SESSION_NAME },
    clientConfig: stsConfig,
  });
}

/** Credentials are refreshed this long before they expire, so that no call is signed with an expiring key. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Each SDK client caches credentials on its own; sharing one cache across the dozens of clients
 * of a scan means one AssumeRole (or one SSO lookup) instead of one per client.
 */
export function shareCredentials(provider: CredentialsProvider): CredentialsProvider {
  let current: Promise<Credentials> | undefined;
  return async () => {
    const credentials = await (current ??= provider());
    const expiresAt = credentials.expiration?.getTime();
    if (expiresAt === undefined || expiresAt - Date.now() > REFRESH_MARGIN_MS) return credentials;
    current = provider();
    return current;
  };
}
