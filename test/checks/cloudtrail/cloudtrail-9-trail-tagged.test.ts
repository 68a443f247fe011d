import { describe, expect, it } from 'vitest';
import { trailTagged } from '../../../src/checks/cloudtrail/cloudtrail-9-trail-tagged.js';
import { evaluateControls } from '../../../src/checks/engine.js';
import { OrganizationView } from '../../../src/checks/organization.js';
import { DEFAULT_CONFIG } from '../../../src/config/types.js';
import type { Trail, TrailTag } from '../../../src/snapshot/types.js';
import { ACCOUNT_ID, collectionError, evaluate, failed, ok, ORG_MANAGEMENT_ACCOUNT_ID, orgTrail, snapshotWith, trail } from '../fixtures.js';

function resultFor(tags: Trail['tags'], requiredTagKeys: string[] = []) {
  const findings = evaluate(trailTagged, snapshotWith({ trails: [trail({ tags })] }), { requiredTagKeys });
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

const tags = (...pairs: [string, string?][]): Trail['tags'] => ok(pairs.map(([key, value]): TrailTag => ({ key, ...(value !== undefined && { value }) })));

describe('CloudTrail.9 trails tagged', () => {
  describe('without requiredTagKeys: any tag', () => {
    it('passes a trail with a tag, reported on the trail', () => {
      expect(resultFor(tags(['owner', 'security']))).toMatchObject({
        status: 'PASS',
        resource: { arn: trail().arn, type: 'AwsCloudTrailTrail', region: 'us-east-1' },
        reason: 'trail main: tagged (owner)',
      });
    });

    it('passes a key with an empty or no value: values are not judged', () => {
      expect(resultFor(tags(['owner', '']))).toMatchObject({ status: 'PASS' });
      expect(resultFor(tags(['owner']))).toMatchObject({ status: 'PASS' });
    });

    it('fails a trail without tags', () => {
      expect(resultFor(tags())).toMatchObject({ status: 'FAIL', reason: 'trail main: has no tags' });
    });

    it('ignores system tags (aws:), as Security Hub does', () => {
      expect(resultFor(tags(['aws:cloudformation:stack-name', 'audit']))).toMatchObject({
        status: 'FAIL',
        reason: 'trail main: has no tags other than system tags (aws:)',
      });
    });
  });

  describe('with requiredTagKeys', () => {
    it('passes when every required key is there, whatever else is', () => {
      expect(resultFor(tags(['owner', 'a'], ['env', 'prod'], ['extra', 'x']), ['owner', 'env'])).toMatchObject({
        status: 'PASS',
        reason: 'trail main: has every required tag key (owner, env)',
      });
    });

    it('fails naming the missing keys', () => {
      expect(resultFor(tags(['owner', 'a']), ['owner', 'env', 'cost-centre'])).toMatchObject({
        status: 'FAIL',
        reason: 'trail main: lacks the required tag keys env, cost-centre',
        evidence: { missing: ['env', 'cost-centre'] },
      });
    });

    it('compares keys case-sensitively', () => {
      expect(resultFor(tags(['Owner', 'a']), ['owner'])).toMatchObject({ status: 'FAIL', reason: 'trail main: lacks the required tag key owner' });
    });

    it('fails a trail without any tag', () => {
      expect(resultFor(tags(), ['owner'])).toMatchObject({ status: 'FAIL' });
    });
  });

  it('reports ERROR when the tags could not be read, or were never read', () => {
    expect(resultFor(failed('cloudtrail:ListTags'))).toMatchObject({
      status: 'ERROR',
      reason: expect.stringMatching(/^could not read the tags of trail main/),
    });
    expect(resultFor(undefined)).toMatchObject({ status: 'ERROR', reason: expect.stringContaining('taken before trailwarden read them') });
  });

  it('judges an organization trail on the tags its owner read, and says ERROR when the owner is not in the run', () => {
    const crossAccount = { ok: false as const, error: { ...collectionError('cloudtrail:ListTags'), code: 'CrossAccount' } };
    const member = snapshotWith({ trails: [orgTrail({ tags: crossAccount })] });
    const owner = snapshotWith({
      account: { id: ORG_MANAGEMENT_ACCOUNT_ID, partition: 'aws' },
      trails: [orgTrail({ tags: tags(['owner', 'security']) })],
    });
    const alone = evaluateControls(member, [trailTagged], { config: DEFAULT_CONFIG });
    expect(alone.map((result) => result.status)).toEqual(['ERROR']);
    const together = evaluateControls(member, [trailTagged], { config: DEFAULT_CONFIG, organization: new OrganizationView([member, owner]) });
    expect(together).toMatchObject([{ status: 'PASS', accountId: ACCOUNT_ID, reason: expect.stringContaining('organization trail owned by 111111111111') }]);
  });

  it('is NOT_APPLICABLE without trails', () => {
    expect(evaluate(trailTagged, snapshotWith({ trails: [] })).map((finding) => finding.status)).toEqual(['NOT_APPLICABLE']);
  });
});
