import type { PolicyDocument, PrincipalElement, Statement } from './types.js';

export type ParsedPolicy = { ok: true; policy: PolicyDocument } | { ok: false; why: string };

/**
 * Reads a policy's JSON text. Single values and lists are both accepted wherever IAM accepts both
 * (Statement, Action, Resource, principal identifiers, condition values); anything the grammar does
 * not allow makes the whole policy unreadable rather than silently skipped, because a skipped Deny
 * could turn into a wrong PASS.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
export function parsePolicy(text: string): ParsedPolicy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, why: `the policy is not JSON (${(error as Error).message})` };
  }
  if (!isObject(json)) return { ok: false, why: 'the policy is not a JSON object' };
  const raw = json['Statement'];
  if (raw === undefined) return { ok: false, why: 'the policy has no Statement' };
  const statements: Statement[] = [];
  for (const [index, entry] of listOf(raw).entries()) {
    const statement = parseStatement(entry, index);
    if (typeof statement === 'string') return { ok: false, why: statement };
    statements.push(statement);
  }
  return { ok: true, policy: { statements } };
}

function parseStatement(entry: unknown, index: number): Statement | string {
  const position = `statement ${index + 1}`;
  if (!isObject(entry)) return `${position} is not an object`;
  const label = typeof entry['Sid'] === 'string' && entry['Sid'] !== '' ? entry['Sid'] : position;
  const effect = entry['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') return `${label} has Effect ${JSON.stringify(effect)}, neither Allow nor Deny`;

  const action = negatable(entry, 'Action', 'NotAction');
  if (typeof action === 'string') return `${label}: ${action}`;
  if (!action) return `${label} has neither Action nor NotAction`;
  const resource = negatable(entry, 'Resource', 'NotResource');
  if (typeof resource === 'string') return `${label}: ${resource}`;
  const principal = principalOf(entry);
  if (typeof principal === 'string') return `${label}: ${principal}`;
  const condition = conditionOf(entry['Condition']);
  if (typeof condition === 'string') return `${label}: ${condition}`;
  return { label, effect, ...(principal && { principal }), action, ...(resource && { resource }), condition };
}

/** `Action` or `NotAction` (one of them, never both): a string or a list of strings. */
function negatable(entry: Record<string, unknown>, plain: string, negated: string): { negated: boolean; patterns: string[] } | string | undefined {
  if (plain in entry && negated in entry) return `it has both ${plain} and ${negated}`;
  const key = plain in entry ? plain : negated in entry ? negated : undefined;
  if (!key) return undefined;
  const patterns = strings(entry[key]);
  if (!patterns) return `${key} is not a string or a list of strings`;
  return { negated: key === negated, patterns };
}

function principalOf(entry: Record<string, unknown>): PrincipalElement | string | undefined {
  if ('Principal' in entry && 'NotPrincipal' in entry) return 'it has both Principal and NotPrincipal';
  const key = 'Principal' in entry ? 'Principal' : 'NotPrincipal' in entry ? 'NotPrincipal' : undefined;
  if (!key) return undefined;
  const value = entry[key];
  const negated = key === 'NotPrincipal';
  if (value === '*') return { negated, everyone: true, byType: {} };
  if (!isObject(value)) return `${key} is neither "*" nor an object`;
  const byType: Record<string, string[]> = {};
  for (const [type, ids] of Object.entries(value)) {
    const list = strings(ids);
    if (!list) return `${key}.${type} is not a string or a list of strings`;
    byType[type] = list;
  }
  return { negated, everyone: false, byType };
}

function conditionOf(value: unknown): Record<string, Record<string, string[]>> | string {
  if (value === undefined) return {};
  if (!isObject(value)) return 'Condition is not an object';
  const condition: Record<string, Record<string, string[]>> = {};
  for (const [operator, block] of Object.entries(value)) {
    if (!isObject(block)) return `Condition ${operator} is not an object`;
    condition[operator] = {};
    for (const [key, values] of Object.entries(block)) {
      // Condition values may be written as JSON numbers or booleans; IAM compares their text.
      const list = listOf(values).map((item) => (typeof item === 'number' || typeof item === 'boolean' ? String(item) : item));
      if (!list.every((item): item is string => typeof item === 'string')) return `Condition ${operator} ${key} has a value that is not a string`;
      condition[operator][key] = list;
    }
  }
  return condition;
}

function strings(value: unknown): string[] | undefined {
  const list = listOf(value);
  return list.every((item): item is string => typeof item === 'string') ? list : undefined;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
