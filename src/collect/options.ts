import { ACCESS_DEFAULTS, type AwsAccessOptions } from '../aws/options.js';
import type { AccountSnapshot, PatternQuestion } from '../snapshot/types.js';
import type { WorkerMemory } from './worker-pool.js';

export type { RequestHandler, RetryStrategy } from '../aws/options.js';

/** The collector's options; how to reach AWS (profile, role, endpoint, timeouts, retries) is AwsAccessOptions. */
export interface CollectOptions extends AwsAccessOptions {
  /** Regions to scan (default: every region enabled for the account). Requested but disabled regions are skipped, not called. */
  regions?: string[];
  /** Time allowed for the whole collection; what is not read by then is recorded with the error code `Timeout`. Default: no limit. */
  timeoutMs?: number;
  /** Buckets named for data-event controls; described like trail buckets. */
  dataEventBuckets?: string[];
  /** `fix --kms-key ARN`: the key fix may encrypt topics with, read into the snapshot's `fixKey` (account scans only: fix has no --org). */
  fixKey?: string;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * `--verify-patterns-with-aws`: what to ask AWS's own evaluators about the collected account (the
   * relied-on patterns and the corpus records they decide on, which only the evaluation side knows).
   * The answers are the snapshot's `patternVerification`.
   */
  verifyPatterns?: (snapshot: AccountSnapshot) => PatternQuestion[];
  /**
   * The first wait (then doubled, three rounds) before asking AWS's evaluators again after a throttle
   * the SDK's retries did not outlast: a large account asks thousands of questions, more than a rate
   * limit's bucket holds. Default 1,000 ms; tests set 0.
   */
  verifyThrottleWaitMs?: number;
}

/** `scan --org`: every active account of the organization, each through a role of that name. */
export interface OrganizationOptions extends CollectOptions {
  /** The role assumed in each member account (`arn:<partition>:iam::<account>:role/<roleName>`). */
  roleName: string;
  /** Accounts collected at the same time. */
  accountConcurrency?: number;
  /** Collect only this part of the active accounts (`--shard K/N`). */
  shard?: { index: number; count: number };
  /** `--workers N`: collect the members in worker threads; absent or a count of 1, in this thread. */
  workers?: MemberWorkers;
}

/**
 * Worker threads for the members of an organization scan: one thread's JavaScript (the SDK's
 * signing, serialisation and middleware, per call) bounds how fast it collects, not AWS.
 */
export interface MemberWorkers {
  /** Worker threads; 1 collects in this thread. */
  count: number;
  /** The module each worker runs; it calls `serveMembers` (the CLI's is dist/cli/member-worker.js). */
  entry: URL;
  /** Data for the entry that survives a structured clone (the CLI's: whose patterns to verify with AWS). */
  setup?: unknown;
}

/** Counts are totals so far: `calls` are logical API calls, `retries` the extra HTTP attempts the SDK made. */
export type ProgressFacts =
  | { type: 'region-done'; region: string; regionsDone: number; regions: number; calls: number; errors: number }
  | { type: 'resources-started'; trails: number; logGroups: number; buckets: number; kmsKeys: number; calls: number }
  | { type: 'verifying'; patterns: number; questions: number; calls: number }
  | { type: 'done'; calls: number; retries: number; errors: number }
  | { type: 'accounts-listed'; accounts: number; calls: number }
  | { type: 'account-done'; accountId: string; scanned: boolean; accountsDone: number; accounts: number; calls: number }
  | { type: 'workers-done'; workers: WorkerMemory[]; calls: number };

/** What `onProgress` receives: the facts, and one line saying them for a terminal. */
export type ProgressEvent = ProgressFacts & { message: string };

export const DEFAULTS = {
  ...ACCESS_DEFAULTS,
  accountConcurrency: 4,
} as const;
