import type { IamPolicy, IamStatement } from './policy.js';

/**
 * Privilege-escalation patterns in an identity policy, as third-party auditors (parliament,
 * cloudsplaining) look for them: a statement that lets its holder create or change a role it can
 * then assume or pass on, or give itself more permissions. The policies `iam-policy` prints are
 * checked against these rules by the tests.
 */

export interface LintFinding {
  rule: 'wildcard-action' | 'pass-role-to-any-service' | 'role-write-without-boundary' | 'assume-any-role' | 'identity-write';
  sid: string;
  detail: string;
}

/** Role writes whose result the holder could assume or pass on: safe only under a permissions boundary. */
const ROLE_WRITES = ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy'];

/** IAM writes that raise someone's permissions or hand out credentials, whatever the condition. */
const IDENTITY_WRITES = [
  'iam:CreatePolicy',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:UpdateAssumeRolePolicy',
  'iam:AttachUserPolicy',
  'iam:PutUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:PutGroupPolicy',
  'iam:AddUserToGroup',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:CreateUser',
];

export function escalationFindings(policy: IamPolicy): LintFinding[] {
  return policy.Statement.flatMap((statement) => statementFindings(statement));
}

function statementFindings(statement: IamStatement): LintFinding[] {
  const findings: LintFinding[] = [];
  const found = (rule: LintFinding['rule'], detail: string): void => {
    findings.push({ rule, sid: statement.Sid, detail });
  };
  const resources = [statement.Resource].flat();
  for (const action of statement.Action) {
    if (action.includes('*')) found('wildcard-action', `${action} grants every matching action, including ones trailwarden never calls`);
    if (IDENTITY_WRITES.includes(action)) found('identity-write', `${action} lets the holder raise permissions or issue credentials`);
    if (action === 'iam:PassRole' && conditionValues(statement, 'iam:PassedToService').length === 0) {
      found('pass-role-to-any-service', 'iam:PassRole without an iam:PassedToService condition passes the role to any service');
    }
    if (ROLE_WRITES.includes(action) && conditionValues(statement, 'iam:PermissionsBoundary').length === 0) {
      found('role-write-without-boundary', `${action} without an iam:PermissionsBoundary condition can create a role with any permission`);
    }
    if (action === 'sts:AssumeRole' && resources.some(unnamedRole)) {
      found('assume-any-role', `sts:AssumeRole on ${resources.join(', ')} names no role: every role that trusts the account can be assumed`);
    }
  }
  return findings;
}

/** `*`, or a role ARN whose name is a wildcard. */
function unnamedRole(resource: string): boolean {
  if (resource === '*') return true;
  const name = /^arn:[^:]*:iam::[^:]*:role\/(.*)$/.exec(resource)?.[1];
  return name === undefined || name === '' || name.includes('*');
}

/** Every value a condition operator gives the key in this statement. */
function conditionValues(statement: IamStatement, key: string): string[] {
  return Object.values(statement.Condition ?? {}).flatMap((entries) => [entries[key] ?? []].flat());
}
