import { paginateListTags } from '@aws-sdk/client-cloudtrail';
import type { Collected, TrailTag } from '../snapshot/types.js';
import type { TrailSettings } from './cloudtrail.js';
import type { Collection } from './collection.js';

/**
 * ListTags takes at most 20 ARNs a call, and a trail is tagged (and its tags read) in its home
 * Region only
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListTags.html,
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AddTags.html).
 */
const ARNS_PER_CALL = 20;

/**
 * The tags of every trail, by ARN: the account's own trails in batches of 20 per home Region (a
 * shadow trail is the same trail, read once, where it was created). A trail of another account
 * (an organization trail seen from a member) is not asked about: it is recorded as a `CrossAccount`
 * error and followed in its owner's snapshot when that account is in the run.
 */
export async function readTrailTags(collection: Collection, trails: readonly TrailSettings[]): Promise<Map<string, Collected<TrailTag[]>>> {
  const tags = new Map<string, Collected<TrailTag[]>>();
  const own = new Map<string, string[]>();
  for (const trail of trails) {
    if (trail.ownerAccountId !== collection.identity.accountId) {
      const call = { operation: 'cloudtrail:ListTags', region: trail.homeRegion, resource: trail.arn };
      tags.set(trail.arn, collection.crossAccount(call, trail.ownerAccountId, 'tags of the trail (organization trail)'));
      continue;
    }
    own.set(trail.homeRegion, [...(own.get(trail.homeRegion) ?? []), trail.arn]);
  }
  const batches = [...own].flatMap(([region, arns]) =>
    Array.from({ length: Math.ceil(arns.length / ARNS_PER_CALL) }, (_, i) => ({ region, arns: arns.slice(i * ARNS_PER_CALL, (i + 1) * ARNS_PER_CALL) })),
  );
  await Promise.all(
    batches.map(async ({ region, arns }) => {
      const read = await collection.read({ operation: 'cloudtrail:ListTags', region, resource: arns.join(',') }, async () => {
        const found = new Map<string, TrailTag[]>();
        for await (const page of paginateListTags({ client: collection.client('cloudtrail', region) }, { ResourceIdList: arns })) {
          for (const resource of page.ResourceTagList ?? []) {
            if (!resource.ResourceId) continue;
            const listed = (resource.TagsList ?? []).map((tag) => ({ key: tag.Key ?? '', ...(tag.Value != null && { value: tag.Value }) }));
            found.set(resource.ResourceId, [...(found.get(resource.ResourceId) ?? []), ...listed]);
          }
        }
        return found;
      });
      for (const arn of arns) tags.set(arn, read.ok ? { ok: true, value: read.value.get(arn) ?? [] } : read);
    }),
  );
  return tags;
}
