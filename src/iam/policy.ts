import { callName } from '../remediations/calls.js';
import type { FixPlan } from '../remediations/plan.js';
import { OPERATIONS, type Condition, type Invocation, type Operation, type PlannedCall } from './operations.js';

export interface IamStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Condition;
}

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: IamStatement[];
}

/** An operation granted on these resources. */
interface Grant {
  operation: Operation;
  resources: string[];
}

/**
 * The least-privilege identity policy for one invocation whose plan is not known: the actions of
 * the operations it can call, each on the resources its flags allow (the role it assumes, the
 * names fix gives what it creates; `*` where only the scan learns the user's resource).
 */
export function policyFor(invocation: Invocation): IamPolicy {
  // Without a plan, the resource policies of the user's own topics and keys would be on `*`: left out (see `planOnly`).
  const grants = OPERATIONS.filter((operation) => isUsed(operation, invocation) && !operation.planOnly).map((operation) => ({
    operation,
    resources: resourcesFor(operation, invocation),
  }));
  return policyOf(invocation.command, grants);
}

/**
 * The policy for applying one plan: the scan `fix` runs first, then exactly the planned calls, each
 * on the ARNs it touches. The account is the one planned for (its ID and partition name the ARNs).
 */
export function policyForPlan(plan: FixPlan, account: PlannedCall['account'], invocation: Invocation): IamPolicy {
  // fix scans with the same credentials (and role) before it plans; it never imports findings.
  const scanning: Invocation = { ...invocation, command: 'scan', securityHub: undefined };
  const grants: Grant[] = OPERATIONS.filter((operation) => operation.access === 'read' && isUsed(operation, scanning)).map((operation) => ({
    operation,
    resources: resourcesFor(operation, scanning),
  }));
  for (const apiCall of plan.actions.flatMap((action) => action.calls)) {
    const name = callName(apiCall);
    const called = OPERATIONS.find((operation) => operation.operation === name);
    if (!called) throw new Error(`${name} is planned but missing from src/iam/operations.ts`);
    const planned: PlannedCall = { region: apiCall.region, input: apiCall.input as Record<string, unknown>, account };
    for (const operation of [called, ...OPERATIONS.filter((o) => o.impliedBy === name)]) {
      if (operation.administratorOnly) continue;
      const resources = operation.resourcesOf ? operation.resourcesOf(planned) : resourcesFor(operation, invocation);
      if (resources.length > 0) grants.push({ operation, resources });
    }
  }
  return policyOf('fix', grants);
}

function isUsed(operation: Operation, invocation: Invocation): boolean {
  if (operation.administratorOnly) return false;
  if (operation.usedWhen) return operation.usedWhen(invocation);
  return invocation.command === 'fix' || (operation.access === 'read' && invocation.command === 'scan');
}

function resourcesFor(operation: Operation, invocation: Invocation): string[] {
  const { resource } = operation;
  if (typeof resource === 'function') return resource(invocation);
  return [resource ?? '*'].flat();
}

/**
 * One statement per set of resources and condition, in the order first granted. The resources of
 * one operation are joined first (the same write on three log groups), then operations with the
 * same resources and condition share a statement.
 */
function policyOf(command: Invocation['command'], grants: readonly Grant[]): IamPolicy {
  const byOperation = new Map<Operation, Set<string>>();
  for (const grant of grants) {
    if (grant.operation.actions.length === 0) continue;
    const resources = byOperation.get(grant.operation) ?? new Set<string>();
    for (const resource of grant.resources) resources.add(resource);
    byOperation.set(grant.operation, resources);
  }
  const statements = new Map<string, { actions: Set<string>; resources: string[]; condition?: Condition }>();
  for (const [operation, resources] of byOperation) {
    // `*` covers every other resource of the same operation.
    const sorted = resources.has('*') ? ['*'] : [...resources].sort();
    const key = JSON.stringify([sorted, operation.condition ?? null]);
    const statement = statements.get(key) ?? { actions: new Set<string>(), resources: sorted, ...(operation.condition && { condition: operation.condition }) };
    for (const action of operation.actions) statement.actions.add(action);
    statements.set(key, statement);
  }
  const prefix = `Trailwarden${{ scan: 'Scan', fix: 'Fix', 'test-pattern': 'TestPattern' }[command]}`;
  return {
    Version: '2012-10-17',
    Statement: [...statements.values()].map((statement, index) => ({
      Sid: `${prefix}${index === 0 ? '' : index + 1}`,
      Effect: 'Allow' as const,
      Action: [...statement.actions].sort(),
      Resource: statement.resources.length === 1 ? statement.resources[0]! : statement.resources,
      ...(statement.condition && { Condition: statement.condition }),
    })),
  };
}
