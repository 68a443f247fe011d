import { readFileSync } from 'node:fs';
import { CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, expect, it } from 'vitest';
import { TERRAFORM_EXAMPLE } from '../remediations/helpers.js';
import { describeWithTerraform, workspace, type Workspace } from '../remediations/terraform-cli.js';
import { aws } from './accounts.js';
import { describeWithMoto, useMoto } from './moto.js';

/**
 * `terraform plan` of the shipped example (examples/terraform/insecure-account.tf) against moto
 * holding the resources the example imports: the provider refreshes each imported resource and
 * plans every other one, so the configuration is not only valid but plannable as written.
 * Providers are pointed at moto by an override file, which Terraform merges into the example's
 * own provider blocks.
 */

/** Every provider block of the example, home and aliased, sent to moto with its test keys. */
function motoOverride(example: string, endpoint: string): string {
  const services = ['cloudtrail', 'cloudwatch', 'cloudwatchlogs', 'events', 'iam', 'kms', 's3', 'sns', 'sts'];
  const aliases = [undefined, ...[...example.matchAll(/^\s+alias\s+=\s+"([\w-]+)"$/gm)].map((match) => match[1]!)];
  return (
    aliases
      .map((alias) =>
        [
          'provider "aws" {',
          ...(alias ? [`  alias = "${alias}"`] : []),
          '  access_key                  = "testing"',
          '  secret_key                  = "testing"',
          '  skip_credentials_validation = true',
          '  skip_metadata_api_check     = true',
          '  skip_requesting_account_id  = true',
          '  s3_use_path_style           = true',
          '  endpoints {',
          ...services.map((service) => `    ${service} = "${endpoint}"`),
          '  }',
          '}',
        ].join('\n'),
      )
      .join('\n\n') + '\n'
  );
}

describeWithMoto('terraform plan of the shipped example against moto', () => {
  describeWithTerraform('with the Terraform CLI', () => {
    const moto = useMoto();
    let space: Workspace | undefined;
    afterAll(() => space?.remove());

    it('refreshes what it imports and plans the rest, without an error', async () => {
      // What the insecure example account has and the export imports: its trail, its log group and its bucket's versioning (TW.4).
      const ctx = { endpoint: moto.endpoint };
      await aws.s3(ctx).send(new CreateBucketCommand({ Bucket: 'company-cloudtrail-logs' }));
      await aws.logs(ctx, 'us-east-1').send(new CreateLogGroupCommand({ logGroupName: 'CloudTrail/DefaultLogGroup' }));
      await aws.cloudtrail(ctx, 'us-east-1').send(new CreateTrailCommand({ Name: 'default', S3BucketName: 'company-cloudtrail-logs' }));

      const example = readFileSync(TERRAFORM_EXAMPLE, 'utf8');
      space = workspace(
        new Map([
          ['main.tf', example],
          ['moto_override.tf', motoOverride(example, moto.endpoint)],
        ]),
      );
      const init = await space.run(['init', '-backend=false', '-input=false', '-no-color']);
      expect(init.code, init.stderr).toBe(0);
      const planned = await space.run(['plan', '-input=false', '-lock=false', '-no-color'], {
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_REGION: 'us-east-1',
      });
      expect(planned.code, `${planned.stdout}\n${planned.stderr}`).toBe(0);
      expect(planned.stdout).toMatch(/Plan: 3 to import, \d+ to add, \d+ to change, 0 to destroy/);
    }, 180_000);
  });
});
