import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpRequest } from '@smithy/protocol-http';
import type { MiddlewareStack } from '@smithy/types';
import { DEFAULTS, type CollectOptions, type RequestHandler, type RetryStrategy } from './options.js';

/**
 * One client class per service, keyed by the service prefix used in operation names (`logs:DescribeLogGroups`).
 * The collector only reads; `iam` serves `fix` and `securityhub` serves `scan --to-security-hub`, which share
 * the same credentials, endpoint and retry policy.
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
} as const;

export type Service = keyof typeof CLIENT_CLASSES;
export type ClientOf<S extends Service> = InstanceType<(typeof CLIENT_CLASSES)[S]>;

type CredentialsProvider = ReturnType<typeof fromNodeProviderChain>;
type Credentials = Awaited<ReturnType<CredentialsProvider>>;

/** The configuration every client shares, whatever its service and region. */
interface SharedConfig {
  profile?: string;
  credentials: CredentialsProvider;
  endpoint?: string;
  maxAttempts: number;
  retryMode: 'adaptive';
  retryStrategy?: RetryStrategy;
  requestHandler: RequestHandler;
}

/** Where STS and the account-wide calls go when the user's environment names no region. */
const FALLBACK_HOME_REGION = 'us-east-1';

/**
 * Creates each (service, region) client once, all with the same credentials, endpoint, retry
 * policy and HTTP handler, and counts the calls they make.
 */
export class Clients {
  /** Logical calls per `service:Operation`, one per `send` however many attempts it took. */
  readonly callCounts: Record<string, number> = {};
  /** HTTP attempts beyond the first of each call: the SDK's retries of throttled or transient failures. */
  retries = 0;
  private readonly cache = new Map<string, ClientOf<Service>>();

  private constructor(
    /** The region of the user's configuration: STS, EC2 DescribeRegions and S3 Control are called there. */
    readonly homeRegion: string,
    private readonly shared: SharedConfig,
    /** The endpoint that replaces AWS (an emulator), from the option or the SDK's standard AWS_ENDPOINT_URL. */
    private readonly endpointOverride: string | undefined,
  ) {}

  static async create(options: CollectOptions): Promise<Clients> {
    const homeRegion = await configuredRegion(options.profile);
    const requestHandler =
      options.requestHandler ??
      new NodeHttpHandler({
        requestTimeout: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
        connectionTimeout: options.connectionTimeoutMs ?? DEFAULTS.connectionTimeoutMs,
      });
    const endpoint = options.endpointUrl ? { endpoint: options.endpointUrl } : {};
    const credentials = shareCredentials(credentialsFor(options, { region: homeRegion, requestHandler, ...endpoint }));
    const shared: SharedConfig = {
      ...(options.profile !== undefined && { profile: options.profile }),
      credentials,
      ...endpoint,
      maxAttempts: options.maxAttempts ?? DEFAULTS.maxAttempts,
      retryMode: 'adaptive',
      ...(options.retryStrategy && { retryStrategy: options.retryStrategy }),
      requestHandler,
    };
    return new Clients(homeRegion, shared, options.endpointUrl || process.env.AWS_ENDPOINT_URL || undefined);
  }

  get<S extends Service>(service: S, region: string): ClientOf<S> {
    const key = `${service}@${region}`;
    let client = this.cache.get(key);
    if (!client) {
      client = this.build(service, region);
      this.cache.set(key, client);
    }
    return client as ClientOf<S>;
  }

  /** Total logical calls so far. */
  get calls(): number {
    return Object.values(this.callCounts).reduce((sum, n) => sum + n, 0);
  }

  destroy(): void {
    for (const client of this.cache.values()) client.destroy();
    this.cache.clear();
  }

  private build(service: Service, region: string): ClientOf<Service> {
    const override = this.endpointOverride;
    const config = {
      ...this.shared,
      region,
      // Behind a custom endpoint, S3 must not put the bucket in the host name (`bucket.127.0.0.1` does not
      // resolve), and S3 Control must not put the account id there either.
      ...(service === 's3' && override && { forcePathStyle: true }),
      ...(service === 's3control' && override && { endpointProvider: () => ({ url: new URL(override) }) }),
    };
    // Every client class accepts this common configuration; TypeScript cannot see that through the union of classes.
    const ClientClass = CLIENT_CLASSES[service] as new (config: SharedConfig & { region: string }) => ClientOf<Service>;
    const client = new ClientClass(config);
    client.middlewareStack.use(this.callCounter(service));
    return client;
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

/** The SDK's own region lookup (AWS_REGION, then the profile's `region`), without making a call. */
async function configuredRegion(profile: string | undefined): Promise<string> {
  const probe = new STSClient(profile === undefined ? {} : { profile });
  try {
    return await probe.config.region();
  } catch {
    return FALLBACK_HOME_REGION;
  } finally {
    probe.destroy();
  }
}

function credentialsFor(options: CollectOptions, stsConfig: { region: string; requestHandler: RequestHandler; endpoint?: string }): CredentialsProvider {
  const base = options.profile !== undefined ? fromIni({ profile: options.profile, clientConfig: stsConfig }) : fromNodeProviderChain({ clientConfig: stsConfig });
  if (options.roleArn === undefined) return base;
  return fromTemporaryCredentials({
    masterCredentials: base,
    // A fixed session name makes trailwarden's own reads easy to recognise in CloudTrail.
    params: { RoleArn: options.roleArn, RoleSessionName: 'trailwarden' },
    clientConfig: stsConfig,
  });
}

/** Credentials are refreshed this long before they expire, so that no call is signed with an expiring key. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Each SDK client caches credentials on its own; sharing one cache across the dozens of clients
 * of a scan means one AssumeRole (or one SSO lookup) instead of one per client.
 */
function shareCredentials(provider: CredentialsProvider): CredentialsProvider {
  let current: Promise<Credentials> | undefined;
  return async () => {
    const credentials = await (current ??= provider());
    const expiresAt = credentials.expiration?.getTime();
    if (expiresAt === undefined || expiresAt - Date.now() > REFRESH_MARGIN_MS) return credentials;
    current = provider();
    return current;
  };
}
