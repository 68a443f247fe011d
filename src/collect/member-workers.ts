import { workerData } from 'node:worker_threads';
import { Clients } from '../aws/clients.js';
import type { AccountCollectOptions } from './account.js';
import type { CallerIdentity } from './identity.js';
import { collectMember, Sessions, type AccountOutcome, type MemberAccount } from './members.js';
import type { MemberWorkers, OrganizationOptions } from './options.js';
import { WorkerPool, WorkerCrash, serveTasks, type WorkerMemory } from './worker-pool.js';

/** What the options of a scan are made of that can cross to a thread: everything but functions. */
type ThreadOptions = Omit<OrganizationOptions, 'onProgress' | 'verifyPatterns' | 'requestHandler' | 'retryStrategy' | 'workers'>;

/** What each worker starts with: how to reach AWS (the same credential source as the main thread, never the keys themselves), who scans, and the organization. */
interface MemberWorkerData {
  options: ThreadOptions;
  caller: CallerIdentity;
  organization: string[];
  setup: unknown;
}

/**
 * The member accounts collected by `workers.count` worker threads, at most `concurrency` at once in
 * all: each worker assumes the roles of the accounts it is given (and of the accounts their links
 * lead to) with credentials from the same source as this thread's (the profile, the role to
 * assume, the environment, which workers inherit), and hands back one outcome per account. A
 * worker that stops makes its accounts' outcomes errors with the reason; the others go on.
 */
export class MemberWorkerPool {
  private readonly pool: WorkerPool<MemberAccount, AccountOutcome>;

  constructor(workers: MemberWorkers, options: OrganizationOptions, caller: CallerIdentity, organization: readonly string[], startedAt: number) {
    if (options.requestHandler || options.retryStrategy)
      throw new Error('a requestHandler or retryStrategy (functions) cannot be handed to worker threads: collect with workers.count 1');
    const { onProgress: _onProgress, verifyPatterns: _verifyPatterns, workers: _workers, ...options_ } = options;
    // The run's deadline is the main thread's: a worker gets what is left of it.
    const timeoutMs = options.timeoutMs === undefined ? undefined : Math.max(1, options.timeoutMs - (Date.now() - startedAt));
    const data: MemberWorkerData = {
      options: { ...options_, ...(timeoutMs !== undefined && { timeoutMs }) },
      caller,
      organization: [...organization],
      setup: workers.setup,
    };
    this.pool = new WorkerPool(workers.entry, workers.count, data);
  }

  async collect(account: MemberAccount, homeRegion: string): Promise<AccountOutcome> {
    try {
      return await this.pool.run(account);
    } catch (error) {
      const code = error instanceof WorkerCrash ? 'WorkerCrash' : 'CollectionFailed';
      return { account, error: { operation: 'trailwarden:CollectAccount', region: homeRegion, code, message: (error as Error).message } };
    }
  }

  memory(): WorkerMemory[] {
    return this.pool.memory();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * A worker's side (called by the worker entry, dist/cli/member-worker.js): collects each account
 * it is handed. `prepare` turns the entry's `setup` into what cannot cross threads (the CLI's
 * `verifyPatterns`). Its clients and role sessions live as long as the worker.
 */
export function serveMembers(prepare: (setup: unknown) => Pick<AccountCollectOptions, 'verifyPatterns'>): void {
  const { options, caller, organization, setup } = workerData as MemberWorkerData;
  const clients = Clients.create(options);
  const ready = clients.then((caller_) => {
    const sessions = new Sessions(caller_, caller, options.roleName, new Set(organization));
    const memberOptions: AccountCollectOptions = {
      regions: options.regions,
      dataEventBuckets: options.dataEventBuckets,
      toolVersion: options.toolVersion,
      verifyThrottleWaitMs: options.verifyThrottleWaitMs,
      ...prepare(setup),
      linkedAccount: (accountId) => sessions.linked(accountId),
    };
    return { caller: caller_, sessions, memberOptions };
  });
  serveTasks(async (account: MemberAccount) => {
    const { caller: callerClients, sessions, memberOptions } = await ready;
    return collectMember(callerClients, sessions, account, memberOptions);
  });
}
