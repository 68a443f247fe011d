import { Args } from '@oclif/core';
import { TrailwardenCommand } from '../cli/base-command.js';
import type { PolicyCommand } from '../iam/operations.js';
import { policyFor } from '../iam/policy.js';

export default class IamPolicy extends TrailwardenCommand {
  static override summary = 'Print the least-privilege IAM policy a trailwarden command needs.';
  static override description = 'The identity policy (JSON) to attach to the role or user that runs `trailwarden scan` (read-only) or `trailwarden fix` (scan plus the writes of the repairs). It is derived from the list of every AWS operation trailwarden calls.';
  static override examples = ['<%= config.bin %> iam-policy scan', '<%= config.bin %> iam-policy fix > trailwarden-fix-policy.json'];
  static override args = {
    command: Args.string({ options: ['scan', 'fix'], required: true, description: 'The command the policy is for.' }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(IamPolicy);
    process.stdout.write(`${JSON.stringify(policyFor(args.command as PolicyCommand), null, 2)}\n`);
  }
}
