import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { benchmarkNamed } from '../../src/checks/benchmark.js';
import { cloudWatch10 } from '../../src/checks/monitoring/controls/cloudwatch-10-security-group-changes.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { block, JsonEncode, ref, renderHcl } from '../../src/remediations/terraform/hcl.js';
import { terraformFiles } from '../../src/remediations/terraform/export.js';
import { snapshotWith } from '../checks/fixtures.js';
import { loadExample, plan, TERRAFORM_EXAMPLE } from './helpers.js';
import { terraformStyleProblems } from './terraform-style.js';

const EXAMPLE_OPTIONS = {
  notify: { protocol: 'email', endpoint: 'security@example.com' },
  kmsKey: { create: true as const },
  accessLogBucket: 'example-access-logs',
};

type Parsed = Record<string, Record<string, Record<string, { depends_on?: string[]; provider?: string }[]>>>;

async function parsed(text: string): Promise<Parsed> {
  return (await parse('main.tf', text)) as Parsed;
}

describe('HCL writer', () => {
  it('aligns runs of one-line attributes and breaks the run at multi-line values and blocks', () => {
    const text = renderHcl([
      block(
        'resource',
        ['aws_x', 'y'],
        {
          name: 'a',
          description: 'b',
          policy: new JsonEncode({ Version: '2012-10-17', 'aws:SourceArn': 'arn' }),
          id: ref('aws_y.z.id'),
          retention_in_days: 7,
        },
        [block('nested', [], { k: true })],
      ),
    ]);
    expect(text).toBe(
      [
        'resource "aws_x" "y" {',
        '  name        = "a"',
        '  description = "b"',
        '  policy = jsonencode({',
        '    Version         = "2012-10-17"',
        '    "aws:SourceArn" = "arn"',
        '  })',
        '  id                = aws_y.z.id',
        '  retention_in_days = 7',
        '  nested {',
        '    k = true',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    expect(terraformStyleProblems(text)).toEqual([]);
  });

  it('escapes what HCL would read as a template', async () => {
    const text = renderHcl([block('locals', [], { pattern: '{ $.a = "${x}" } %{y} \\ end' })]);
    expect(text).toContain('pattern = "{ $.a = \\"$${x}\\" } %%{y} \\\\ end"');
    const json = (await parse('main.tf', text)) as { locals: { pattern: string }[] };
    expect(json.locals[0]!.pattern).toBe('{ $.a = "$${x}" } %%{y} \\ end');
  });

  it('is caught by the style check when it is not aligned', () => {
    expect(terraformStyleProblems('resource "a" "b" {\n  x = 1\n  long_name = 2\n}\n')).toEqual([
      'line 2: "=" at column 4, expected 12 (aligned with its neighbours)',
    ]);
  });
});

describe('Terraform export of a plan', () => {
  it('puts the bucket policy before the trail with depends_on, and keeps only dependencies it declares', async () => {
    const fix = plan(snapshotWith({ trails: [], buckets: [], logGroups: [], kmsKeys: [] }), {}, ['CloudTrail.1', 'CloudTrail.5']);
    const text = terraformFiles(fix, 'us-east-1', 'file').get('main.tf')!;
    expect(terraformStyleProblems(text)).toEqual([]);
    const json = await parsed(text);
    const trail = json.resource!.aws_cloudtrail!.trailwarden![0]!;
    expect(trail.depends_on).toEqual([
      '${aws_s3_bucket_policy.trailwarden-123456789012-us-east-1}',
      '${aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden}',
      '${aws_iam_role_policy.trailwarden-cloudtrail-logs-trailwarden}',
    ]);
  });

  it('refers to what the same file creates instead of naming it (Terraform orders by references only)', async () => {
    const fix = plan(snapshotWith({ trails: [], buckets: [], logGroups: [], kmsKeys: [] }), { ...EXAMPLE_OPTIONS, trailBucket: 'audit-trail-logs' });
    const json = (await parsed(terraformFiles(fix, 'us-east-1', 'file').get('main.tf')!)) as unknown as {
      resource: Record<string, Record<string, Record<string, unknown>[]>>;
    };
    const created = Object.values(json.resource.aws_s3_bucket!).map((blocks) => blocks[0]!.bucket as string);
    expect(created).toEqual(['audit-trail-logs']);
    const literals = Object.entries(json.resource).flatMap(([type, byLabel]) =>
      Object.entries(byLabel).flatMap(([label, [body]]) =>
        Object.entries(body!)
          .filter(([, value]) => type !== 'aws_s3_bucket' && [value].flat().some((v) => v === 'audit-trail-logs' || v === 'arn:aws:s3:::audit-trail-logs'))
          .map(([name]) => `${type}.${label}.${name}`),
      ),
    );
    expect(literals).toEqual([]);
    const resource = (type: string, label: string): Record<string, unknown> => json.resource[type]![label]![0]!;
    expect(resource('aws_s3_bucket_versioning', 'audit-trail-logs').bucket).toBe('${aws_s3_bucket.audit-trail-logs.id}');
    expect(resource('aws_s3_bucket_lifecycle_configuration', 'audit-trail-logs').bucket).toBe('${aws_s3_bucket.audit-trail-logs.id}');
    expect(resource('aws_cloudtrail', 'trailwarden').cloud_watch_logs_group_arn).toBe('${aws_cloudwatch_log_group.trailwarden_cloudtrail_trailwarden.arn}:*');
    expect(resource('aws_cloudtrail', 'trailwarden').kms_key_id).toBe('${aws_kms_alias.trailwarden-cloudtrail-trailwarden.arn}');
  });

  it('imports an existing trail and keeps every setting it has', async () => {
    const fix = plan(loadExample(), EXAMPLE_OPTIONS, ['CloudTrail.4']);
    const text = terraformFiles(fix, 'us-east-1', 'file').get('main.tf')!;
    expect(text).toContain('import {\n  to = aws_cloudtrail.default\n');
    expect(text).toContain('exclude_management_event_sources = ["kms.amazonaws.com"]');
    expect(text).toContain('enable_log_file_validation    = true');
  });

  it('--benchmark cis-5.0.0: the filter and alarm of the CIS 5.0.0 requirement, as the plan creates them', async () => {
    const fix = plan(snapshotWith(), EXAMPLE_OPTIONS, ['CloudWatch.10'], DEFAULT_CONFIG, benchmarkNamed('cis-5.0.0'));
    const text = terraformFiles(fix, 'us-east-1', 'file').get('main.tf')!;
    expect(terraformStyleProblems(text)).toEqual([]);
    const json = (await parsed(text)) as unknown as { resource: Record<string, Record<string, Record<string, unknown>[]>> };
    const filter = json.resource.aws_cloudwatch_log_metric_filter!['trailwarden-CloudWatch_10-cis-5_0_0']![0]!;
    expect(filter).toMatchObject({ name: 'trailwarden-CloudWatch.10-cis-5.0.0', pattern: cloudWatch10.specFor('5.0.0').filterPattern });
    expect(filter.metric_transformation).toEqual([{ name: 'SecurityGroupChangesCIS5', namespace: 'CISBenchmark', value: '1' }]);
    const alarm = json.resource.aws_cloudwatch_metric_alarm!['trailwarden-CloudWatch_10-cis-5_0_0']![0]!;
    expect(alarm).toMatchObject({ alarm_name: 'trailwarden-CloudWatch.10-cis-5.0.0', metric_name: 'SecurityGroupChangesCIS5' });
    expect(alarm.depends_on).toContain('${aws_cloudwatch_log_metric_filter.trailwarden-CloudWatch_10-cis-5_0_0}');
  });

  it("gives resources outside the home Region their Region's provider", async () => {
    const fix = plan(snapshotWith(), { ...EXAMPLE_OPTIONS, via: 'eventbridge' }, ['CloudWatch.10']);
    const files = terraformFiles(fix, 'us-east-1', 'folder');
    expect([...files.keys()].sort()).toEqual(['providers.tf', 'rule.tf', 'subscription.tf', 'topic.tf']);
    for (const text of files.values()) expect(terraformStyleProblems(text)).toEqual([]);
    const rules = (await parsed(files.get('rule.tf')!)).resource!.aws_cloudwatch_event_rule!;
    expect(rules['trailwarden-CloudWatch_10-eu-west-1']![0]!.provider).toBe('${aws.eu_west_1}');
    expect(rules['trailwarden-CloudWatch_10-us-east-1']![0]!.provider).toBeUndefined();
    expect(files.get('providers.tf')).toContain('provider "aws" {\n  alias  = "eu_west_1"\n  region = "eu-west-1"\n}');
  });

  it(`matches ${TERRAFORM_EXAMPLE} for the bundled insecure account (UPDATE_EXAMPLES=1 rewrites it)`, async () => {
    const text = terraformFiles(plan(loadExample(), EXAMPLE_OPTIONS), 'us-east-1', 'file').get('main.tf')!;
    expect(terraformStyleProblems(text)).toEqual([]);
    await parsed(text);
    if (process.env.UPDATE_EXAMPLES) writeFileSync(TERRAFORM_EXAMPLE, text);
    expect(existsSync(TERRAFORM_EXAMPLE), `${TERRAFORM_EXAMPLE} is missing: run UPDATE_EXAMPLES=1 npx vitest run test/remediations/terraform.test.ts`).toBe(
      true,
    );
    expect(
      readFileSync(TERRAFORM_EXAMPLE, 'utf8'),
      `${TERRAFORM_EXAMPLE} is stale: run UPDATE_EXAMPLES=1 npx vitest run test/remediations/terraform.test.ts`,
    ).toBe(text);
  });
});
