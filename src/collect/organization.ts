import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AccountSnapshot, CollectionError } from '../snapshot/types.js';
import { collectAccount, type AccountCollectOptions, type LinkedAccount } from './account.js';
import { parseArn } from './arn.js';
import { Clients, ROLE_SESSION_NAME, shareCredentials, type CredentialsProvider } from '../aws/clients.js';
import { mapConcurrent } from '../aws/concurrency.js';
import { toCollectionError } from '../aws/errors.js';
import { callerIdentity, type CallerIdentity } from './identity.js';
import { DEFAULTS, type OrganizationOptions } from './options.js';
import { progressReporter } from './progress.js';

/** The organization scan cannot start: its accounts cannot be listed. The CLI exits with 2 and prints the message. */
export class OrganizationError extends Error {
  override name = 'OrganizationError';
}

export interface MemberAccount {
  id: string;
  name: string;
}

/** One account of an organization scan: its snapshot, or the failure that kept it from being scanned. */
export type AccountOutcome = { account: MemberAccount; snapshot: AccountSnapshot } | { account: MemberAccount; error: CollectionError };

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
  const clients = await Clients.create(options);
  try {
    const caller = await callerIdentity(clients.identityClient());
    const { accounts: listed, organizationId } = await listActiveAccounts(clients);
    const accounts = shardOf(listed, options.shard);
    const report = progressReporter(options.onProgress);
    report({ type: 'accounts-listed', accounts: accounts.length, calls: clients.calls });
    const sessions = new Sessions(clients, caller, options.roleName, new Set(listed.map((account) => account.id)));
    const memberOptions: AccountCollectOptions = {
      regions: options.regions,
      dataEventBuckets: options.dataEventBuckets,
      toolVersion: options.toolVersion,
      verifyPatterns: options.verifyPatterns,
      verifyThrottleWaitMs: options.verifyThrottleWaitMs,
      linkedAccount: (accountId) => sessions.linked(accountId),
    };
    let accountsDone = 0;
    let memberCalls = 0;
    const outcomes = await mapConcurrent(accounts, options.accountConcurrency ?? DEFAULTS.accountConcurrency, async (account) => {
      const outcome = await collectMember(clients, sessions, account, memberOptions);
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
    return { caller, ...(organizationId && { organizationId }), accounts: outcomes, ...(options.shard && { shard: options.shard }) };
  } finally {
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

async function collectMember(caller: Clients, sessions: Sessions, account: MemberAccount, options: AccountCollectOptions): Promise<AccountOutcome> {
  const session = await sessions.session(account.id);
  if ('error' in session) return { account, error: session.error };
  const clients = caller.withCredentials(session.credentials);
  try {
    return { account, snapshot: await collectAccount(clients, session.identity, options) };
  } finally {
    clients.destroy();
  }
}

type Session = { credentials?: CredentialsProvider; identity: CallerIdentity } | { error: CollectionError };

/**
 * The role session of each account of the organization, assumed once whether the account is
 * collected (it may be in another shard) or only holds a link of one that is.
 */
class Sessions {
  private readonly sessions = new Map<string, Promise<Session>>();

  constructor(
    private readonly caller: Clients,
    private readonly identity: CallerIdentity,
    private readonly roleName: string,
    private readonly organization: ReadonlySet<string>,
  ) {}

  session(accountId: string): Promise<Session> {
    let session = this.sessions.get(accountId);
    if (!session) this.sessions.set(accountId, (session = this.start(accountId)));
    return session;
  }

  /** Fresh clients of an account of the organization; `undefined` outside it, or when its role cannot be assumed. */
  async linked(accountId: string): Promise<LinkedAccount | undefined> {
    if (!this.organization.has(accountId)) return undefined;
    const session = await this.session(accountId);
    return 'error' in session ? undefined : { clients: this.caller.withCredentials(session.credentials), identity: session.identity };
  }

  private async start(accountId: string): Promise<Session> {
    if (accountId === this.identity.accountId) return { identity: this.identity };
    const roleArn = `arn:${this.identity.partition}:iam::${accountId}:role/${this.roleName}`;
    try {
      return await assumeRole(this.caller, roleArn);
    } catch (error) {
      return { error: toCollectionError(error, { operation: 'sts:AssumeRole', region: this.caller.homeRegion, resource: roleArn }) };
    }
  }
}

/**
 * The credentials of `roleArn`, assumed with the caller's clients (so that the call is counted,
 * bounded and timed like any other) and assumed again before they expire. The first AssumeRole is
 * made here, so that a role that cannot be assumed fails here, with AWS's reason.
 */
async function assumeRole(caller: Clients, roleArn: string): Promise<{ credentials: CredentialsProvider; identity: CallerIdentity }> {
  const sts = caller.get('sts', caller.homeRegion);
  let sessionArn = '';
  const credentials = shareCredentials(async () => {
    const { Credentials: issued, AssumedRoleUser: user } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: ROLE_SESSION_NAME }));
    if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw new Error(`sts:AssumeRole answered without credentials for ${roleArn}`);
    sessionArn = user?.Arn ?? sessionArn;
    return { accessKeyId: issued.AccessKeyId, secretAccessKey: issued.SecretAccessKey, sessionToken: issued.SessionToken, expiration: issued.Expiration };
  });
  await credentials();
  const role = parseArn(roleArn)!;
  return { credentials, identity: { accountId: role.accountId, partition: role.partition, callerArn: sessionArn } };
}
