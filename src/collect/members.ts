import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AccountSnapshot, CollectionError } from '../snapshot/types.js';
import { collectAccount, type AccountCollectOptions, type LinkedAccount } from './account.js';
import { parseArn } from './arn.js';
import { ROLE_SESSION_NAME, shareCredentials, type Clients, type CredentialsProvider } from '../aws/clients.js';
import { toCollectionError } from '../aws/errors.js';
import type { CallerIdentity } from './identity.js';
import type { OrganizationOptions } from './options.js';

export interface MemberAccount {
  id: string;
  name: string;
}

/** One account of an organization scan: its snapshot, or the failure that kept it from being scanned. */
export type AccountOutcome = { account: MemberAccount; snapshot: AccountSnapshot } | { account: MemberAccount; error: CollectionError };

/** Collects one account of the organization through its role session (the caller's own account with the caller's clients). */
export async function collectMember(caller: Clients, sessions: Sessions, account: MemberAccount, options: AccountCollectOptions): Promise<AccountOutcome> {
  const session = await sessions.session(account.id);
  if ('error' in session) return { account, error: session.error };
  const clients = caller.withCredentials(session.credentials);
  try {
    return { account, snapshot: await collectAccount(clients, session.identity, options) };
  } finally {
    clients.destroy();
  }
}

/** How each member is collected, in the main thread or a worker: the scan's options, with links followed through `sessions`. */
export function memberCollectOptions(
  options: Pick<OrganizationOptions, 'regions' | 'dataEventBuckets' | 'toolVersion' | 'verifyPatterns' | 'verifyThrottleWaitMs'>,
  sessions: Sessions,
): AccountCollectOptions {
  return {
    regions: options.regions,
    dataEventBuckets: options.dataEventBuckets,
    toolVersion: options.toolVersion,
    verifyPatterns: options.verifyPatterns,
    verifyThrottleWaitMs: options.verifyThrottleWaitMs,
    linkedAccount: (accountId) => sessions.linked(accountId),
  };
}

type Session = { credentials?: CredentialsProvider; identity: CallerIdentity } | { error: CollectionError };

/**
 * The role session of each account of the organization, assumed once whether the account is
 * collected (it may be in another shard) or only holds a link of one that is.
 */
export class Sessions {
  private readonly sessions = new Map<string, Promise<Session>>();

  constructor(
    private readonly caller: Clients,
    private readonly identity: CallerIdentity,
    private readonly roleName: string,
    /** The organization's account ids, once listed: accounts are collected while the later pages are still coming. */
    private readonly organization: Promise<ReadonlySet<string>>,
  ) {}

  session(accountId: string): Promise<Session> {
    let session = this.sessions.get(accountId);
    if (!session) this.sessions.set(accountId, (session = this.start(accountId)));
    return session;
  }

  /** Fresh clients of an account of the organization; `undefined` outside it, or when its role cannot be assumed. */
  async linked(accountId: string): Promise<LinkedAccount | undefined> {
    if (!(await this.organization).has(accountId)) return undefined;
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
