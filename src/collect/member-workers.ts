import { parentPort, workerData } from 'node:worker_threads';
import { Clients } from '../aws/clients.js';
import type { AccountCollectOptions } from './account.js';
import type { CallerIdentity } from './identity.js';
import { collectMember, memberCollectOptions, Sessions, type AccountOutcome, type MemberAccount } from './members.js';
import type { MemberWorkers, OrganizationOptions } from './options.js';
import { WorkerPool, WorkerCrash, serveTasks, type WorkerMemory } from './worker-pool.js';

/** What the options of a scan are made of that can cross to a thread: everything but functions. */
type ThreadOptions = Omit<OrganizationOptions, 'onProgress' | 'verifyPatterns' | 'requestHandler' | 'retryStrategy' | 'workers' | 'timeoutMs'>;

/**
 * What each worker starts with: how to reach AWS (the same credential source as the main thread,
 * never the keys themselves), when the run's time limit passes, and the entry's setup.
 */
interface MemberWorkerData {
  options: ThreadOptions;
  /** `Date.now()` when the run's deadline passes (the main thread's `timeoutMs` from its start). */
  deadlineAt?: number;
  setup: unknown;
}

/** What the workers learn from the main thread: who scans, before their first account; then the organization's account ids, once listed. */
type OrganizationContext = { caller: CallerIdentity } | { organization: string[] };

/**
 * The member accounts collected by worker threads, at most `--account-concurrency` at once in all:
 * each worker assumes the roles of the accounts it is given (and of the accounts their links lead
 * to) with credentials from the same source as this thread's (the profile, the role to assume, the
 * environment, which workers inherit), and hands back one outcome per account. A worker that stops
 * makes its accounts' outcomes errors with the reason; the others go on.
 *
 * The workers start with the scan, so that loading the collector and the SDK in each of them
 * overlaps the caller's identity and the ListAccounts pages; `start` tells them the organization.
 */
export class MemberWorkerPool {
  private readonly pool: WorkerPool<MemberAccount, AccountOutcome>;

  constructor(workers: MemberWorkers, options: OrganizationOptions, startedAt: number) {
    if (options.requestHandler || options.retryStrategy)
      throw new Error('a requestHandler or retryStrategy (functions) cannot be handed to worker threads: collect with workers.count 1');
    const { onProgress: _onProgress, verifyPatterns: _verifyPatterns, workers: _workers, timeoutMs, ...threadOptions } = options;
    const data: MemberWorkerData = {
      options: threadOptions,
      ...(timeoutMs !== undefined && { deadlineAt: startedAt + timeoutMs }),
      setup: workers.setup,
    };
    this.pool = new WorkerPool(workers.entry, workers.count, data);
  }

  /** Keeps `threads` of the workers (no more than accounts at once) and tells them who scans, then, once listed, which organization. */
  start(threads: number, caller: CallerIdentity, organization: Promise<ReadonlySet<string>>): void {
    this.pool.retain(threads);
    const share = (context: OrganizationContext) => this.pool.share(context);
    share({ caller });
    void organization.then((ids) => share({ organization: [...ids] }));
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
  const { options, deadlineAt, setup } = workerData as MemberWorkerData;
  const clients = Clients.create({ ...options, ...(deadlineAt !== undefined && { timeoutMs: Math.max(1, deadlineAt - Date.now()) }) });
  let learnCaller!: (caller: CallerIdentity) => void;
  let learnOrganization!: (ids: ReadonlySet<string>) => void;
  const caller = new Promise<CallerIdentity>((resolve) => (learnCaller = resolve));
  const organization = new Promise<ReadonlySet<string>>((resolve) => (learnOrganization = resolve));
  parentPort?.on('message', (message: { context?: OrganizationContext }) => {
    if (message.context && 'caller' in message.context) learnCaller(message.context.caller);
    if (message.context && 'organization' in message.context) learnOrganization(new Set(message.context.organization));
  });
  const ready = Promise.all([clients, caller]).then(([callerClients, identity]) => {
    const sessions = new Sessions(callerClients, identity, options.roleName, organization);
    const memberOptions = memberCollectOptions({ ...options, ...prepare(setup) }, sessions);
    return { callerClients, sessions, memberOptions };
  });
  serveTasks(async (account: MemberAccount) => {
    const { callerClients, sessions, memberOptions } = await ready;
    return collectMember(callerClients, sessions, account, memberOptions);
  });
}
