import { GetEventDataStoreCommand, paginateListEventDataStores } from '@aws-sdk/client-cloudtrail';
import type { Collected, EventDataStore } from '../snapshot/types.js';
import { parseArn } from './arn.js';
import type { Collection } from './collection.js';

/**
 * The CloudTrail Lake event data stores of one Region: ListEventDataStores (every page), then
 * GetEventDataStore for each, since the list's entries carry only the ARN and name (the rest of
 * their fields are deprecated and no longer returned, KmsKeyId was never among them:
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListEventDataStores.html).
 *
 * An organization's event data store is listed to its members as an organization trail is (its
 * ARN names the management account); a member does not read its details: the store carries a
 * `CrossAccount` error and is followed in the owner's snapshot when that account is in the run.
 */
export async function listEventDataStores(collection: Collection, region: string): Promise<Collected<EventDataStore[]>> {
  const client = collection.client('cloudtrail', region);
  const listed = await collection.read({ operation: 'cloudtrail:ListEventDataStores', region }, async () => {
    const entries: { arn: string; name: string }[] = [];
    for await (const page of paginateListEventDataStores({ client }, {})) {
      for (const entry of page.EventDataStores ?? []) {
        if (entry.EventDataStoreArn) entries.push({ arn: entry.EventDataStoreArn, name: entry.Name ?? entry.EventDataStoreArn });
      }
    }
    return entries;
  });
  if (!listed.ok) return listed;
  const stores = await Promise.all(listed.value.map((entry) => describeEventDataStore(collection, entry.arn, entry.name, region)));
  return { ok: true, value: stores };
}

async function describeEventDataStore(collection: Collection, arn: string, name: string, listedIn: string): Promise<EventDataStore> {
  const parsed = parseArn(arn);
  const ownerAccountId = parsed?.accountId ?? collection.identity.accountId;
  const homeRegion = parsed?.region || listedIn;
  const call = { operation: 'cloudtrail:GetEventDataStore', region: homeRegion, resource: arn };
  if (ownerAccountId !== collection.identity.accountId) {
    return {
      arn,
      name,
      ownerAccountId,
      homeRegion,
      details: collection.crossAccount(call, ownerAccountId, 'event data store (organization event data store)'),
    };
  }
  // A multi-Region store may be listed in more than one Region: it is read once, where it lives.
  const details = await collection.once(`cloudtrail:GetEventDataStore ${arn}`, () =>
    collection.read(call, async () => {
      const answer = await collection.client('cloudtrail', homeRegion).send(new GetEventDataStoreCommand({ EventDataStore: arn }));
      return {
        ...(answer.Status && { status: answer.Status }),
        multiRegionEnabled: answer.MultiRegionEnabled ?? false,
        organizationEnabled: answer.OrganizationEnabled ?? false,
        ...(answer.KmsKeyId && { kmsKeyId: answer.KmsKeyId }),
      };
    }),
  );
  return { arn, name, ownerAccountId, homeRegion, details };
}
