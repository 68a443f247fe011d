import type { AccountSnapshot } from '../snapshot/types.js';
import { collectAccount } from './account.js';
import { Clients } from '../aws/clients.js';
import { callerIdentity } from './identity.js';
import type { CollectOptions } from './options.js';

export { CredentialsError } from './identity.js';
export { RegionError } from './regions.js';
export { collectOrganization, OrganizationError, shardOf, type AccountOutcome, type MemberAccount, type OrganizationScan, type Shard } from './organization.js';
export type { CollectOptions, OrganizationOptions, ProgressEvent, ProgressFacts, RequestHandler, RetryStrategy } from './options.js';

/**
 * Reads the account once into a snapshot. Throws `CredentialsError` when the caller cannot be
 * identified and `RegionError` when none of the requested Regions can be scanned; every other
 * failure is recorded in the snapshot (`errors` and the `Collected` field it affects) and
 * collection goes on. See `collectAccount` for the order of the reads.
 */
export async function collectSnapshot(options: CollectOptions): Promise<AccountSnapshot> {
  const clients = await Clients.create(options);
  try {
    const identity = await callerIdentity(clients.identityClient());
    return await collectAccount(clients, identity, options);
  } finally {
    clients.destroy();
  }
}
