import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { Clients } from '../aws/clients.js';
import { Semaphore } from '../aws/concurrency.js';
import { toCollectionError } from '../aws/errors.js';
import { callerIdentity, type CallerIdentity } from './identity.js';
import { MemberWorkerPool } from './member-workers.js';
import { collectMember, memberCollectOptions, Sessions, type AccountOutcome, type MemberAccount } from './members.js';
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
 *
 * Without a shard, each account is collected as soon as its ListAccounts page arrives: ListAccounts
 * answers 20 accounts a page and is throttled at a few pages a second, so listing 200 accounts first
 * took longer than collecting them (bench/README.md). A link into an account of the organization
 * waits for the whole list (`Sessions`). A shard needs the whole sorted list before it can choose.
 * The outcomes are in account-id order either way.
 */
export async function collectOrganization(options: OrganizationOptions): Promise<OrganizationScan> {
  const startedAt = Date.now();
  const clients = await Clients.create(options);
  const concurrency = options.accountConcurrency ?? DEFAULTS.accountConcurrency;
  // Started now, so that loading the collector in each overlaps the identity and ListAccounts.
  let workers: MemberWorkerPool | undefined;
  const collecting: Promise<AccountOutcome>[] = [];
  try {
    if (options.workers && Math.min(options.workers.count, concurrency) > 1)
      workers = new MemberWorkerPool({ ...options.workers, count: Math.min(options.workers.count, concurrency) }, options, startedAt);
    const caller = await callerIdentity(clients.identityClient());
    const report = progressReporter(options.onProgress);
    let listOrganization!: (ids: ReadonlySet<string>) => void;
    const organization = new Promise<ReadonlySet<string>>((resolve) => (listOrganization = resolve));

    let collect: ((account: MemberAccount) => Promise<AccountOutcome>) | undefined;
    /** How each account is collected, chosen on the first page: no more threads than accounts at once, each costs a start-up and a heap. */
    const collector = (atMost: number): ((account: MemberAccount) => Promise<AccountOutcome>) => {
      const threads = Math.min(options.workers?.count ?? 1, concurrency, atMost);
      if (workers && threads > 1) {
        const pool = workers;
        pool.start(threads, caller, organization);
        return (account) => pool.collect(account, clients.homeRegion);
      }
      void workers?.close();
      workers = undefined;
      const sessions = new Sessions(clients, caller, options.roleName, organization);
      const memberOptions = memberCollectOptions(options, sessions);
      return (account) => collectMember(clients, sessions, account, memberOptions);
    };

    const slots = new Semaphore(concurrency);
    let accountsKnown = 0;
    let accountsDone = 0;
    let memberCalls = 0;
    const begin = (account: MemberAccount, collectOne: (account: MemberAccount) => Promise<AccountOutcome>): void => {
      accountsKnown += 1;
      collecting.push(
        slots.use(async () => {
          const outcome = await collectOne(account);
          if ('snapshot' in outcome) memberCalls += Object.values(outcome.snapshot.callCounts).reduce((sum, n) => sum + n, 0);
          report({
            type: 'account-done',
            accountId: account.id,
            scanned: 'snapshot' in outcome,
            accountsDone: ++accountsDone,
            accounts: accountsKnown,
            calls: clients.calls + memberCalls,
          });
          return outcome;
        }),
      );
    };

    const listedSoFar = new Set<string>();
    const { accounts: listed, organizationId } = await listActiveAccounts(clients, (page, last) => {
      for (const account of page) listedSoFar.add(account.id);
      collect ??= collector(last ? page.length : Infinity);
      if (!options.shard) for (const account of page) begin(account, collect);
    }).catch((error: unknown) => {
      // The accounts in flight may be waiting on the list for a link: they end with what was listed,
      // so that the run can end with the OrganizationError.
      listOrganization(listedSoFar);
      throw error;
    });
    listOrganization(new Set(listed.map((account) => account.id)));
    const accounts = shardOf(listed, options.shard);
    if (options.shard) for (const account of accounts) begin(account, (collect ??= collector(accounts.length)));
    report({ type: 'accounts-listed', accounts: accounts.length, calls: clients.calls });
    const outcomes = await Promise.all(collecting);
    const position = new Map(accounts.map((account, index) => [account.id, index]));
    outcomes.sort((a, b) => position.get(a.account.id)! - position.get(b.account.id)!);
    if (workers) report({ type: 'workers-done', workers: workers.memory(), calls: clients.calls + memberCalls });
    return { caller, ...(organizationId && { organizationId }), accounts: outcomes, ...(options.shard && { shard: options.shard }) };
  } finally {
    // A listing that failed half-way leaves accounts in flight: let them end before their clients close.
    await Promise.allSettled(collecting);
    await workers?.close();
    clients.destroy();
  }
}

/** Every active account, sorted by id; `onPage` hears each page's active accounts as it arrives, and whether it is the last. */
async function listActiveAccounts(
  clients: Clients,
  onPage: (accounts: MemberAccount[], last: boolean) => void,
): Promise<{ accounts: MemberAccount[]; organizationId?: string }> {
  const client = clients.get('organizations', clients.homeRegion);
  const accounts: MemberAccount[] = [];
  let organizationId: string | undefined;
  try {
    for await (const page of paginateListAccounts({ client }, { MaxResults: ACCOUNTS_PER_PAGE })) {
      const active: MemberAccount[] = [];
      for (const account of page.Accounts ?? []) {
        // arn:aws:organizations::MANAGEMENT:account/o-exampleorgid/ACCOUNT
        organizationId ??= /:account\/(o-[a-z0-9]+)\//.exec(account.Arn ?? '')?.[1];
        // `Status` is being retired in favour of `State`; either says ACTIVE for an account that can be scanned.
        if (account.Id && (account.State ?? account.Status) === 'ACTIVE') active.push({ id: account.Id, name: account.Name ?? '' });
      }
      accounts.push(...active);
      if (active.length > 0) onPage(active, !page.NextToken);
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
