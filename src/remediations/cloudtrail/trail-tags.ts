import { AddTagsCommand } from '@aws-sdk/client-cloudtrail';
import { missingTagKeys } from '../../checks/cloudtrail/cloudtrail-9-trail-tagged.js';
import type { Trail, TrailTag } from '../../snapshot/types.js';
import { existedBefore } from '../account.js';
import { call } from '../calls.js';
import { trailBlocks } from '../terraform/resources.js';
import type { Action, PlanContext, Remediation } from '../types.js';
import { failingOwnTrails } from './trail-settings.js';

/**
 * CloudTrail.9: AddTags with the tag keys a trail lacks, each with the value `--trail-tag KEY=VALUE`
 * gives it. Only missing keys are added: AddTags overwrites the value of a key it is given
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AddTags.html), so a key the
 * trail has is never sent and no tag is changed or removed. A missing key without a value is left
 * missing: what a tag says (owner, cost centre) is the user's to decide, never trailwarden's.
 */
export const trailTagsRemediation: Remediation = {
  name: 'trail-tags',
  needs: ['--trail-tag', '--required-tag-keys'],
  plan(draft, context) {
    const { trails, skipped } = failingOwnTrails(draft, context, 'CloudTrail.9');
    const given = context.options.trailTags ?? {};
    const required = context.config.requiredTagKeys;
    const actions: Action[] = [];
    for (const trail of trails) {
      if (!trail.tags?.ok) continue;
      // Without required keys the control wants one tag: every --trail-tag pair the trail lacks.
      const wanted = required.length > 0 ? missingTagKeys(trail, required) : missingTagKeys(trail, Object.keys(given));
      const adding = wanted.filter((key) => key in given);
      const unvalued = wanted.filter((key) => !(key in given));
      if (required.length === 0 && adding.length === 0) {
        skipped.push(
          `CloudTrail.9: trail ${trail.name} has no tags, and fix does not invent one: pass --trail-tag KEY=VALUE (repeatable) to add it, or set requiredTagKeys; the control stays failing`,
        );
        continue;
      }
      if (unvalued.length > 0)
        skipped.push(
          `CloudTrail.9: trail ${trail.name} lacks the required tag key${unvalued.length > 1 ? 's' : ''} ${unvalued.join(', ')}, and fix does not choose tag values: pass --trail-tag ${unvalued[0]}=VALUE${unvalued.length > 1 ? ' for each' : ''}; until then the control stays failing`,
        );
      if (adding.length > 0)
        actions.push(
          addTagsAction(
            trail,
            adding.map((key) => ({ key, value: given[key]! })),
            context,
          ),
        );
    }
    return { actions, skipped };
  },
};

function addTagsAction(trail: Trail, adding: { key: string; value: string }[], context: PlanContext): Action {
  const existing = trail.tags?.ok ? trail.tags.value : [];
  const after = [...existing, ...adding];
  const tagged: Trail = { ...trail, tags: { ok: true, value: after } };
  const imported = existedBefore(context, trail);
  return {
    id: `trail-tags:${trail.arn}`,
    controls: ['CloudTrail.9'],
    summary: `Tag trail ${trail.name} with ${adding.map((tag) => `${tag.key}=${tag.value}`).join(', ')} (its other tags are kept)`,
    change: {
      kind: 'update',
      resourceType: 'AWS::CloudTrail::Trail',
      name: trail.name,
      region: trail.homeRegion,
      before: { tags: tagMap(existing) },
      after: { tags: tagMap(after) },
    },
    // A trail this plan creates is tagged once it exists.
    dependsOn: imported ? [] : [`trail:${trail.arn}`],
    calls: [
      call('cloudtrail', trail.homeRegion, AddTagsCommand, {
        ResourceId: trail.arn,
        TagsList: adding.map((tag) => ({ Key: tag.key, Value: tag.value })),
      }),
    ],
    terraform: trailBlocks(tagged, { imported }),
    simulate(target) {
      const found = target.trails.find((t) => t.arn === trail.arn);
      if (found) found.tags = { ok: true, value: structuredClone(after) };
    },
  };
}

function tagMap(tags: readonly TrailTag[]): Record<string, string | null> {
  return Object.fromEntries(tags.map((tag) => [tag.key, tag.value ?? null]));
}
