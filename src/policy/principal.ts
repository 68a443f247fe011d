import type { PrincipalElement, RequestPrincipal, Truth } from './types.js';

/**
 * Whether a Principal (or NotPrincipal) element names the caller.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 *
 * - `"*"` and `{"AWS": "*"}` are equivalent and name everyone, AWS services included;
 * - an account id or `arn:…:iam::ACCOUNT:root` names the account's IAM principals (a role of it
 *   too: the account delegates to its identity policies), not a service;
 * - a role or user ARN names exactly that principal (wildcards are not allowed in a principal ARN,
 *   so they are compared as text);
 * - `{"Service": "events.amazonaws.com"}` names that service.
 */
export function principalMatches(element: PrincipalElement, principal: RequestPrincipal): Truth {
  const named = element.everyone || Object.entries(element.byType).some(([type, ids]) => ids.some((id) => namesPrincipal(type, id, principal)));
  return { kind: named !== element.negated ? 'yes' : 'no' };
}

function namesPrincipal(type: string, id: string, principal: RequestPrincipal): boolean {
  if (type === 'AWS') {
    if (id === '*') return true;
    if (principal.kind !== 'aws') return false;
    if (!principal.exactly && (id === principal.accountId || id === rootOf(principal))) return true;
    return id === principal.arn;
  }
  if (type === 'Service') return principal.kind === 'service' && id.toLowerCase() === principal.service.toLowerCase();
  // Federated and CanonicalUser principals are never the callers trailwarden asks about.
  return false;
}

function rootOf(principal: { arn: string; accountId: string }): string {
  const partition = principal.arn.split(':')[1] ?? 'aws';
  return `arn:${partition}:iam::${principal.accountId}:root`;
}
