import { afterAll, expect, it } from 'vitest';
import { terraformFiles } from '../../src/remediations/terraform/export.js';
import type { FixOptions } from '../../src/remediations/types.js';
import { snapshotWith } from '../checks/fixtures.js';
import { loadExample, plan } from './helpers.js';
import { describeWithTerraform, initValidateFormat, workspace, type Workspace } from './terraform-cli.js';

/**
 * Every export variant through the real Terraform CLI and AWS provider: `init`, `validate` (the
 * provider's schema: attribute names, types, required blocks) and `fmt -check` (our HCL writer
 * formats as Terraform does).
 */

const NOTIFY = { protocol: 'email', endpoint: 'security@example.com' };

/** Snapshot, flags and layout of each variant: what a user can ask `fix --format terraform` for. */
const VARIANTS: { name: string; files: () => Map<string, string> }[] = [
  {
    name: 'insecure example, one file (the shipped example)',
    files: () => terraformFiles(plan(loadExample(), { notify: NOTIFY, kmsKey: { create: true }, accessLogBucket: 'example-access-logs' }), 'us-east-1', 'file'),
  },
  {
    name: 'insecure example, folder, --via eventbridge, an existing key, topic and delivery role',
    files: () =>
      terraformFiles(
        plan(loadExample(), {
          via: 'eventbridge',
          kmsKey: { arn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
          snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:security-alerts',
          notify: NOTIFY,
          cloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/CloudTrailToLogs',
        } satisfies Partial<FixOptions>),
        'us-east-1',
        'folder',
      ),
  },
  {
    name: 'account without a trail, --trail-bucket, --kms-key create',
    files: () =>
      terraformFiles(
        plan(snapshotWith({ trails: [], buckets: [], logGroups: [], kmsKeys: [] }), {
          trailBucket: 'audit-trail-logs',
          kmsKey: { create: true },
          notify: NOTIFY,
        }),
        'us-east-1',
        'file',
      ),
  },
  {
    name: 'rules in two Regions (aliased providers), folder',
    files: () => terraformFiles(plan(snapshotWith(), { via: 'eventbridge', notify: NOTIFY }, ['CloudWatch.10', 'CloudWatch.4']), 'us-east-1', 'folder'),
  },
];

describeWithTerraform('Terraform export through the Terraform CLI', () => {
  const spaces: Workspace[] = [];
  afterAll(() => {
    for (const space of spaces) space.remove();
  });

  it.each(VARIANTS)(
    '$name: init, validate and fmt -check pass',
    async ({ files }) => {
      const space = workspace(files());
      spaces.push(space);
      expect(await initValidateFormat(space)).toEqual([]);
    },
    120_000,
  );

  it('the graph orders everything that configures the new trail bucket, log group and topic after it', async () => {
    const space = workspace(VARIANTS[0]!.files());
    spaces.push(space);
    expect(await initValidateFormat(space)).toEqual([]);
    const graph = await space.run(['graph']);
    expect(graph.code, graph.stderr).toBe(0);
    const reaches = dependencies(graph.stdout);
    const bucket = 'aws_s3_bucket.trailwarden-123456789012-us-east-1';
    for (const type of [
      'aws_s3_bucket_versioning',
      'aws_s3_bucket_lifecycle_configuration',
      'aws_s3_bucket_policy',
      'aws_s3_bucket_logging',
      'aws_s3_bucket_public_access_block',
    ]) {
      expect(reaches(`${type}.trailwarden-123456789012-us-east-1`, bucket), type).toBe(true);
    }
    expect(reaches('aws_cloudtrail.trailwarden', bucket)).toBe(true);
    expect(reaches('aws_cloudtrail.trailwarden', 'aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden')).toBe(true);
    expect(reaches('aws_cloudwatch_log_metric_filter.trailwarden-CloudWatch_1', 'aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden')).toBe(true);
    expect(reaches('aws_sns_topic_subscription.trailwarden-alerts-us-east-1-email-security_example_com', 'aws_sns_topic.trailwarden-alerts-us-east-1')).toBe(
      true,
    );
  }, 120_000);
});

/** Whether one resource depends on another, directly or not, in `terraform graph` output (DOT, reduced). */
function dependencies(dot: string): (from: string, to: string) => boolean {
  const edges = new Map<string, string[]>();
  const node = (text: string): string => text.replace(/^\[root\] /, '').replace(/ \(expand\)$/, '');
  for (const [, from, to] of dot.matchAll(/"([^"]+)" -> "([^"]+)"/g)) {
    edges.set(node(from!), [...(edges.get(node(from!)) ?? []), node(to!)]);
  }
  return (from, to) => {
    const seen = new Set<string>();
    const pending = [from];
    while (pending.length > 0) {
      const current = pending.pop()!;
      if (current === to) return true;
      if (seen.has(current)) continue;
      seen.add(current);
      pending.push(...(edges.get(current) ?? []));
    }
    return false;
  };
}
