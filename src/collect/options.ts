import type { STSClientConfig } from '@aws-sdk/client-sts';
import type { HttpHandler } from '@smithy/protocol-http';

/** What the SDK needs of an HTTP handler: tests pass a stub that answers without a network. */
export type RequestHandler = Pick<HttpHandler, 'handle'>;

export type RetryStrategy = NonNullable<STSClientConfig['retryStrategy']>;

export interface CollectOptions {
  /** Regions to scan (default: every region enabled for the account). Requested but disabled regions are skipped, not called. */
  regions?: string[];
  /** Named profile of the shared config files; default: the SDK's default credential chain. */
  profile?: string;
  /** A role to assume (via STS) with the base credentials before reading anything. */
  roleArn?: string;
  /** Endpoint for every client (an emulator); the SDK also honours AWS_ENDPOINT_URL by itself. */
  endpointUrl?: string;
  /** Attempts per call, first one included; the SDK retries throttling and transient errors adaptively. */
  maxAttempts?: number;
  /** Time allowed for one HTTP attempt to be answered (the call timeout); a slower attempt fails with `TimeoutError` and is retried. */
  requestTimeoutMs?: number;
  /** Time allowed to open a connection. */
  connectionTimeoutMs?: number;
  /** Time allowed for the whole collection; what is not read by then is recorded with the error code `Timeout`. Default: no limit. */
  timeoutMs?: number;
  /** Buckets named for data-event controls; described like trail buckets. */
  dataEventBuckets?: string[];
  /** Replaces the HTTP layer of every client (tests). */
  requestHandler?: RequestHandler;
  /** Replaces the SDK's adaptive retry strategy of every client (tests use one without backoff). */
  retryStrategy?: RetryStrategy;
  onProgress?: (event: ProgressEvent) => void;
  /** Version of trailwarden, recorded in the snapshot. */
  toolVersion: string;
}

/** `scan --org`: every active account of the organization, each through a role of that name. */
export interface OrganizationOptions extends CollectOptions {
  /** The role assumed in each member account (`arn:<partition>:iam::<account>:role/<roleName>`). */
  roleName: string;
  /** Accounts collected at the same time. */
  accountConcurrency?: number;
  /** Collect only this part of the active accounts (`--shard K/N`). */
  shard?: { index: number; count: number };
}

/** Counts are totals so far: `calls` are logical API calls, `retries` the extra HTTP attempts the SDK made. */
export type ProgressFacts =
  | { type: 'region-done'; region: string; regionsDone: number; regions: number; calls: number; errors: number }
  | { type: 'resources-started'; trails: number; logGroups: number; buckets: number; kmsKeys: number; calls: number }
  | { type: 'done'; calls: number; retries: number; errors: number }
  | { type: 'accounts-listed'; accounts: number; calls: number }
  | { type: 'account-done'; accountId: string; scanned: boolean; accountsDone: number; accounts: number; calls: number };

/** What `onProgress` receives: the facts, and one line saying them for a terminal. */
export type ProgressEvent = ProgressFacts & { message: string };

export const DEFAULTS = {
  maxAttempts: 5,
  requestTimeoutMs: 10_000,
  connectionTimeoutMs: 5_000,
  accountConcurrency: 4,
} as const;
