import { evaluateCondition } from './condition.js';
import { principalMatches } from './principal.js';
import type { Decision, PolicyDocument, PolicyRequest, Statement, Truth } from './types.js';
import { matchesGlob } from './wildcard.js';

/**
 * The decision of a set of policies for one request, as IAM evaluates them within one account: an
 * explicit Deny in any policy wins, else an Allow in any policy allows, else the request is denied
 * by default. A statement whose applying is uncertain decides nothing in either direction: an
 * uncertain Deny makes an Allow uncertain too, and an uncertain Allow with no certain one leaves the
 * answer uncertain.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 *
 * `kind` says how a statement without Principal reads: in an identity policy it applies to the
 * identity; in a resource policy it is not valid and applies to no one.
 */
export function evaluatePolicies(policies: readonly { policy: PolicyDocument; kind: 'identity' | 'resource' }[], request: PolicyRequest): Decision {
  let uncertainDeny: Decision | undefined;
  let uncertainAllow: Decision | undefined;
  let allow: Decision | undefined;
  for (const { policy, kind } of policies) {
    for (const statement of policy.statements) {
      const applies = statementApplies(statement, request, kind);
      if (applies.kind === 'no') continue;
      if (statement.effect === 'Deny') {
        if (applies.kind === 'yes') return { kind: 'explicit-deny', statement: statement.label };
        uncertainDeny ??= { kind: 'uncertain', statement: statement.label, why: `Deny ${statement.label}: ${applies.why}` };
      } else if (applies.kind === 'yes') {
        allow ??= { kind: 'allow', statement: statement.label };
      } else {
        uncertainAllow ??= { kind: 'uncertain', statement: statement.label, why: `Allow ${statement.label}: ${applies.why}` };
      }
    }
  }
  // A Deny, certain or not, matters only against an Allow.
  if (!allow && !uncertainAllow) return { kind: 'implicit-deny' };
  return uncertainDeny ?? allow ?? uncertainAllow!;
}

/** One policy alone (a topic policy, a key policy). */
export function evaluatePolicy(policy: PolicyDocument, kind: 'identity' | 'resource', request: PolicyRequest): Decision {
  return evaluatePolicies([{ policy, kind }], request);
}

function statementApplies(statement: Statement, request: PolicyRequest, kind: 'identity' | 'resource'): Truth {
  const principal: Truth = statement.principal ? principalMatches(statement.principal, request.principal) : { kind: kind === 'identity' ? 'yes' : 'no' };
  if (principal.kind === 'no') return principal;
  if (!listMatches(statement.action, (pattern) => matchesGlob(pattern.toLowerCase(), request.action.toLowerCase()))) return { kind: 'no' };
  const resource = statement.resource ? resourceMatches(statement.resource, request.resource) : { kind: 'yes' as const };
  if (resource.kind === 'no') return resource;
  const condition = evaluateCondition(statement.condition, request.context);
  if (condition.kind === 'no') return condition;
  return [principal, resource, condition].find((truth) => truth.kind === 'unknown') ?? { kind: 'yes' };
}

/** Action names are case-insensitive; NotAction applies to every action it does not list. */
function listMatches(element: { negated: boolean; patterns: string[] }, matches: (pattern: string) => boolean): boolean {
  return element.patterns.some(matches) !== element.negated;
}

/** Resource ARNs are case-sensitive; a policy variable (`${aws:username}`) is not resolved, so it leaves the match uncertain. */
function resourceMatches(element: { negated: boolean; patterns: string[] }, resource: string): Truth {
  if (element.patterns.some((pattern) => pattern.includes('${')))
    return { kind: 'unknown', why: `Resource ${element.patterns.join(', ')} uses a policy variable` };
  return { kind: listMatches(element, (pattern) => matchesGlob(pattern, resource)) ? 'yes' : 'no' };
}
