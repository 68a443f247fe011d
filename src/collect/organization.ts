import { paginateListAccounts } from '@aws-sdk/client-organizations';
import type { AccountCollectOptions } from './account.js';
import { Clients } from '../aws/clients.js';
import { mapConcurrent } from '../aws/concurrency.js';
import { toCollectionError } from '../aws/errors.js';
import { callerIdentity, type CallerIdentity } from './identity.js';
import { MemberWorkerPool } from './member-workers.js';
import { collectMember, Sessions, type AccountOutcome, type MemberAccount } from './members.js';
import { DEFAULTS, type OrganizationOptions } from './options.js';
import { progressReporter } from './progress.js';

export type { AccountOutcome, MemberAccount } from './members.js';

/** The organization scan cannot start: its accounts cannot be listed. The CLI exits with 2 and prints the message. */
export class OrganizationError extends Error {
  override name = 'OrganizationError';
}

export interface OrganizationScan {
  /** Who scanned: the organization's management account or a delegated administrator. */
  caller: CallerIdentity;
  /** `o-…`, from the accounts' ARNs; absent when ListAccounts gave no ARN (an emulator). */
  organizationId?: string;
  /** Every active account of the organization (or of the shard), by account id. */
  accounts: AccountOutcome[];
  /** `scan --org --shard K/N`: which part of the active accounts this is. */
  shard?: Shard;
}

/** Shard `index` (1-based) of `count`: the accounts at positions index-1, index-1+count, … of the active accounts sorted by id. */
export interface Shard {
  index: number;
  count: number;
}

/** A stable 1/N of the accounts, whichever machine runs it: the same ids and order give the same split. */
export function shardOf<T extends { id: string }>(sortedAccounts: readonly T[], shard: Shard | undefined): T[] {
  return shard ? sortedAccounts.filter((_, position) => position % shard.count === shard.index - 1) : [...sortedAccounts];
}

/** ListAccounts answers at most 20 accounts a page. */
const ACCOUNTS_PER_PAGE = 20;

/**
 * Lists the organization's active accounts and collects each (a few at a time) through the role
 * `roleName`; the caller's own account is collected with the caller's credentials, since the role
 * usually exists in member accounts only. An account whose role cannot be assumed is an outcome
 * with the reason, not a failed scan. Throws
 * `CredentialsError` when the caller cannot be identified and `OrganizationError` when the
 * accounts cannot be listed. Progress is reported per account.
 */
export async function collectOrganization(options: OrganizationOptions): Promise<OrganizationScan> {
  const startedAt = Date.now();
  const clients = await Clients.create(options);
  const concurrency = options.accountConcurrency ?? DEFAULTS.accountConcurrency;
  // Started now, so that loading the collector in each overlaps the identity and ListAccounts; no
  // more threads than accounts at once, since each costs a start-up and a heap of its own.
  let workers: MemberWorkerPool | undefined;
  try {
    if (options.workers && Math.min(options.workers.count, concurrency) > 1)
      workers = new MemberWorkerPool({ ...options.workers, count: Math.min(options.workers.count, concurrency) }, options, startedAt);
    const caller = await callerIdentity(clients.identityClient());
    const { accounts: listed, organizationId } = await listActiveAccounts(clients);
    const accounts = shardOf(listed, options.shard);
    const report = progressReporter(options.onProgress);
    report({ type: 'accounts-listed', accounts: accounts.length, calls: clients.calls });
    const organization = listed.map((account) => account.id);
    const threads = Math.min(options.workers?.count ?? 1, concurrency, accounts.length);
    if (workers && threads <= 1) {
      await workers.close();
      workers = undefined;
    }
    let collect: (account: MemberAccount) => Promise<AccountOutcome>;
    if (workers) {
      const pool = workers;
      pool.start(threads, caller, organization);
      collect = (account) => pool.collect(account, clients.homeRegion);
    } else {
      const sessions = new Sessions(clients, caller, options.roleName, new Set(organization));
      const memberOptions: AccountCollectOptions = {
        regions: options.regions,
        dataEventBuckets: options.dataEventBuckets,
        toolVersion: options.toolVersion,
        verifyPatterns: options.verifyPatterns,
        verifyThrottleWaitMs: options.verifyThrottleWaitMs,
        linkedAccount: (accountId) => sessions.linked(accountId),
      };
      collect = (account) => collectMember(clients, sessions, account, memberOptions);
    }
    let accountsDone = 0;
    let memberCalls = 0;
    const outcomes = await mapConcurrent(accounts, concurrency, async (account) => {
      const outcome = await collect(account);
      if ('snapshot' in outcome) memberCalls += Object.values(outcome.snapshot.callCounts).reduce((sum, n) => sum + n, 0);
      report({
        type: 'account-done',
        accountId: account.id,
        scanned: 'snapshot' in outcome,
        accountsDone: ++accountsDone,
        accounts: accounts.length,
        calls: clients.calls + memberCalls,
      });
      return outcome;
    });
    if (workers) report({ type: 'workers-done', workers: workers.memory(), calls: clients.calls + memberCalls });
    return { caller, ...(organizationId && { organizationId }), accounts: outcomes, ...(options.shard && { shard: options.shard }) };
  } finally {
    await workers?.close();
    clients.destroy();
  }
}

async function listActiveAccounts(clients: Clients): Promise<{ accounts: MemberAccount[]; organizationId?: string }> {
  const client = clients.get('organizations', clients.homeRegion);
  const accounts: MemberAccount[] = [];
  let organizationId: string | undefined;
  try {
    for await (const page of paginateListAccounts({ client }, { MaxResults: ACCOUNTS_PER_PAGE })) {
      for (const account of page.Accounts ?? []) {
        // arn:aws:organizations::MANAGEMENT:account/o-exampleorgid/ACCOUNT
        organizationId ??= /:account\/(o-[a-z0-9]+)\//.exec(account.Arn ?? '')?.[1];
        // `Status` is being retired in favour of `State`; either says ACTIVE for an account that can be scanned.
        if (account.Id && (account.State ?? account.Status) === 'ACTIVE') accounts.push({ id: account.Id, name: account.Name ?? '' });
      }
    }
  } catch (error) {
    const { code, message } = toCollectionError(error, { operation: 'organizations:ListAccounts', region: clients.homeRegion });
    throw new OrganizationError(
      `cannot list the accounts of the organization (scan --org runs from its management account or a delegated administrator): organizations:ListAccounts failed with ${code}: ${message}`,
    );
  }
  // A scan of no account would report nothing and pass; in an organization, the caller's account at least is listed.
  if (accounts.length === 0) {
    throw new OrganizationError(
      'organizations:ListAccounts listed no active account: scan --org runs from the management account of an organization, or from a delegated administrator',
    );
  }
  return { accounts: accounts.sort((a, b) => a.id.localeCompare(b.id)), ...(organizationId && { organizationId }) };
}
