import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AccountSnapshot, CollectionError } from '../snapshot/types.js';
import { collectAccount, type AccountCollectOptions } from './account.js';
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
  /** Every active account of the organization, by account id. */
  accounts: AccountOutcome[];
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
    const accounts = await listActiveAccounts(clients);
    const report = progressReporter(options.onProgress);
    report({ type: 'accounts-listed', accounts: accounts.length, calls: clients.calls });
    const memberOptions: AccountCollectOptions = { regions: options.regions, dataEventBuckets: options.dataEventBuckets, toolVersion: options.toolVersion };
    let accountsDone = 0;
    let memberCalls = 0;
    const outcomes = await mapConcurrent(accounts, options.accountConcurrency ?? DEFAULTS.accountConcurrency, async (account) => {
      const outcome = await collectMember(clients, caller, account, options.roleName, memberOptions);
      if ('snapshot' in outcome) memberCalls += Object.values(outcome.snapshot.callCounts).reduce((sum, n) => sum + n, 0);
      report({ type: 'account-done', accountId: account.id, scanned: 'snapshot' in outcome, accountsDone: ++accountsDone, accounts: accounts.length, calls: clients.calls + memberCalls });
      return outcome;
    });
    return { caller, accounts: outcomes };
  } finally {
    clients.destroy();
  }
}

async function listActiveAccounts(clients: Clients): Promise<MemberAccount[]> {
  const client = clients.get('organizations', clients.homeRegion);
  const accounts: MemberAccount[] = [];
  try {
    for await (const page of paginateListAccounts({ client }, { MaxResults: ACCOUNTS_PER_PAGE })) {
      for (const account of page.Accounts ?? []) {
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
    throw new OrganizationError('organizations:ListAccounts listed no active account: scan --org runs from the management account of an organization, or from a delegated administrator');
  }
  return accounts.sort((a, b) => a.id.localeCompare(b.id));
}

async function collectMember(caller: Clients, identity: CallerIdentity, account: MemberAccount, roleName: string, options: AccountCollectOptions): Promise<AccountOutcome> {
  const roleArn = `arn:${identity.partition}:iam::${account.id}:role/${roleName}`;
  let session: { credentials?: CredentialsProvider; identity: CallerIdentity };
  try {
    session = account.id === identity.accountId ? { identity } : await assumeRole(caller, roleArn);
  } catch (error) {
    return { account, error: toCollectionError(error, { operation: 'sts:AssumeRole', region: caller.homeRegion, resource: roleArn }) };
  }
  const clients = caller.withCredentials(session.credentials);
  try {
    return { account, snapshot: await collectAccount(clients, session.identity, options) };
  } finally {
    clients.destroy();
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
