import { OPERATIONS, type PolicyCommand } from './operations.js';

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string }[];
}

/**
 * The least-privilege identity policy for a command: the actions of the operations it calls, one
 * statement per resource scope (most actions apply to resources trailwarden only learns at run
 * time; the IAM role actions are limited to trailwarden's own roles).
 */
export function policyFor(command: PolicyCommand): IamPolicy {
  const operations = OPERATIONS.filter((operation) => operation.access === 'read' || command === 'fix');
  const byResource = new Map<string, Set<string>>();
  for (const operation of operations) {
    const resource = operation.resource ?? '*';
    const actions = byResource.get(resource) ?? new Set<string>();
    for (const action of operation.actions) actions.add(action);
    byResource.set(resource, actions);
  }
  const statements = [...byResource]
    .filter(([, actions]) => actions.size > 0)
    .map(([resource, actions], index) => ({
      Sid: `Trailwarden${command === 'fix' ? 'Fix' : 'Scan'}${index === 0 ? '' : index + 1}`,
      Effect: 'Allow' as const,
      Action: [...actions].sort(),
      Resource: resource,
    }));
  return { Version: '2012-10-17', Statement: statements };
}
