import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from '@aws-sdk/client-iam';
import type { IamRole } from '../snapshot/types.js';
import { parseArn } from './arn.js';
import type { Collection } from './collection.js';
import { nullWhen } from '../aws/errors.js';

/**
 * A role an EventBridge target names, with its inline policies and the default version of each
 * attached managed policy: what the role may publish. IAM is global; its calls go to the home Region.
 * Policy documents come URL-encoded, as AWS sends them.
 */
export async function describeRole(collection: Collection, arn: string): Promise<IamRole> {
  const region = collection.homeRegion;
  const client = collection.client('iam', region);
  const RoleName = parseArn(arn)?.resource.split('/').pop() ?? arn;
  const policies = await collection.read({ operation: 'iam:ListRolePolicies', region, resource: arn }, () =>
    nullWhen(['NoSuchEntity', 'NoSuchEntityException'], async () => {
      const documents: { name: string; document: string }[] = [];
      for await (const page of paginateListRolePolicies({ client }, { RoleName })) {
        for (const PolicyName of page.PolicyNames ?? []) {
          const { PolicyDocument } = await client.send(new GetRolePolicyCommand({ RoleName, PolicyName }));
          documents.push({ name: PolicyName, document: decodeURIComponent(PolicyDocument ?? '') });
        }
      }
      for await (const page of paginateListAttachedRolePolicies({ client }, { RoleName })) {
        for (const attached of page.AttachedPolicies ?? []) {
          const { Policy } = await client.send(new GetPolicyCommand({ PolicyArn: attached.PolicyArn }));
          const { PolicyVersion } = await client.send(new GetPolicyVersionCommand({ PolicyArn: attached.PolicyArn, VersionId: Policy?.DefaultVersionId }));
          documents.push({ name: attached.PolicyArn ?? '', document: decodeURIComponent(PolicyVersion?.Document ?? '') });
        }
      }
      return documents;
    }),
  );
  return { arn, policies };
}
