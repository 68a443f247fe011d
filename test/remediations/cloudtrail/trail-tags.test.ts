import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/config/types.js';
import { terraformFiles } from '../../../src/remediations/terraform/export.js';
import type { Trail } from '../../../src/snapshot/types.js';
import { failed, ok, orgTrail, snapshotWith, trail } from '../../checks/fixtures.js';
import { FakeAccount } from '../fake-account.js';
import { apply, callsOf, inputOf, plan } from '../helpers.js';

let account: FakeAccount | undefined;
afterEach(() => account?.restore());

const MAIN = trail().arn;
const required = (...keys: string[]) => ({ ...DEFAULT_CONFIG, requiredTagKeys: keys });
const tagged = (...pairs: [string, string][]): Trail['tags'] => ok(pairs.map(([key, value]) => ({ key, value })));

describe('tags of the trail (CloudTrail.9)', () => {
  it('adds only the required keys the trail lacks, with the values of --trail-tag, as a call and as Terraform, and then plans nothing', async () => {
    const snapshot = snapshotWith({ trails: [trail({ tags: tagged(['team', 'blue']) })] });
    const config = required('owner', 'team');
    const fix = plan(snapshot, { trailTags: { owner: 'security', team: 'red' } }, ['CloudTrail.9'], config);
    expect(callsOf(fix)).toEqual(['cloudtrail:AddTags']);
    // team is there already: AddTags would overwrite its value, so it is not sent.
    expect(inputOf(fix, 'cloudtrail:AddTags')).toEqual({ ResourceId: MAIN, TagsList: [{ Key: 'owner', Value: 'security' }] });
    expect(fix.actions[0]!.change).toMatchObject({ before: { tags: { team: 'blue' } }, after: { tags: { team: 'blue', owner: 'security' } } });
    const tf = [...terraformFiles(fix, 'us-east-1', 'file').values()].join('\n');
    expect(tf).toContain(`import {\n  to = aws_cloudtrail.main\n  id = "${MAIN}"\n}`);
    expect(tf).toMatch(/tags = \{\n\s+team\s+= "blue"\n\s+owner\s+= "security"\n\s+\}/);

    account = new FakeAccount(snapshot);
    const report = await apply(fix, account);
    expect(report.failure).toBeUndefined();
    expect(account.snapshot().trails[0]!.tags).toEqual(tagged(['team', 'blue'], ['owner', 'security']));
    expect(plan(account.snapshot(), { trailTags: { owner: 'security' } }, ['CloudTrail.9'], config).actions).toEqual([]);
  });

  it('without a value for a missing key, adds the others and says the control stays failing', () => {
    const fix = plan(
      snapshotWith({ trails: [trail({ tags: tagged() })] }),
      { trailTags: { owner: 'security' } },
      ['CloudTrail.9'],
      required('owner', 'env', 'cost'),
    );
    expect(inputOf(fix, 'cloudtrail:AddTags')).toMatchObject({ TagsList: [{ Key: 'owner', Value: 'security' }] });
    expect(fix.notes).toContain(
      'CloudTrail.9: trail main lacks the required tag keys env, cost, and fix does not choose tag values: pass --trail-tag env=VALUE for each; until then the control stays failing',
    );
  });

  it('without required keys, tags an untagged trail with what --trail-tag gives, and without it plans nothing and says why', () => {
    const untagged = snapshotWith({ trails: [trail({ tags: tagged() })] });
    expect(inputOf(plan(untagged, { trailTags: { owner: 'security' } }, ['CloudTrail.9']), 'cloudtrail:AddTags')).toEqual({
      ResourceId: MAIN,
      TagsList: [{ Key: 'owner', Value: 'security' }],
    });
    const bare = plan(untagged, {}, ['CloudTrail.9']);
    expect(bare.actions).toEqual([]);
    expect(bare.notes).toEqual([expect.stringContaining('CloudTrail.9: trail main has no tags, and fix does not invent one: pass --trail-tag KEY=VALUE')]);
  });

  it('leaves an organization trail to its owner and a trail whose tags could not be read alone', () => {
    const fix = plan(
      snapshotWith({ trails: [orgTrail({ tags: tagged() }), trail({ tags: failed('cloudtrail:ListTags') })] }),
      { trailTags: { owner: 'security' } },
      ['CloudTrail.9'],
    );
    expect(fix.actions).toEqual([]);
    expect(fix.notes).toEqual(['CloudTrail.9: trail org-trail belongs to account 111111111111; fix it there']);
    expect(fix.undecided.map((result) => result.resource.arn)).toEqual([MAIN]);
  });

  it("tags a trail the same plan creates once it exists, and its Terraform keeps trailwarden's own tag", () => {
    const fix = plan(snapshotWith({ trails: [], buckets: [] }), { trailTags: { owner: 'security' } }, ['CloudTrail.1', 'CloudTrail.9'], required('owner'));
    const tags = fix.actions.find((action) => action.id.startsWith('trail-tags:'))!;
    expect(tags.dependsOn).toEqual([`trail:${tags.id.slice('trail-tags:'.length)}`]);
    const tf = [...terraformFiles(fix, 'us-east-1', 'file').values()].join('\n');
    expect(tf).toMatch(/"trailwarden:managed" = "true"\n\s+owner\s+= "security"/);
  });
});
