import type { STSClientConfig } from '@aws-sdk/client-sts';
import type { HttpHandler } from '@smithy/protocol-http';

/** What the SDK needs of an HTTP handler: tests pass a stub that answers without a network. */
export type RequestHandler = Pick<HttpHandler, 'handle'>;

export type RetryStrategy = NonNullable<STSClientConfig['retryStrategy']>;

/** How to reach AWS: what every client of a run (collector, fix, Security Hub import) shares. */
export interface AwsAccessOptions {
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
  /** Time allowed for all calls; a call not answered by then fails with the error code `Timeout`. Default: no limit. */
  timeoutMs?: number;
  /** Replaces the HTTP layer of every client (tests). */
  requestHandler?: RequestHandler;
  /** Replaces the SDK's adaptive retry strategy of every client (tests use one without backoff). */
  retryStrategy?: RetryStrategy;
  /** Version of trailwarden. */
  toolVersion: string;
}

export const ACCESS_DEFAULTS = {
  maxAttempts: 5,
  requestTimeoutMs: 10_000,
  connectionTimeoutMs: 5_000,
} as const;
