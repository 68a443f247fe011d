import type { IamPolicy, IamStatement } from './policy.js';

/**
 * Privilege-escalation patterns in an identity policy, as third-party auditors (parliament,
 * cloudsplaining) look for them: a statement that lets its holder create or change a role it can
 * then assume or pass on, or give itself more permissions, also through a resource's own policy. The policies `iam-policy` prints are
 * checked against these rules by the tests.
 */

export interface LintFinding {
  rule: 'wildcard-action' | 'pass-role-to-any-service' | 'role-write-without-boundary' | 'assume-any-role' | 'identity-write' | 'resource-policy-write-on-any';
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

/** Writes of a resource's own policy: on any resource, the holder can grant itself that resource (a key, a topic, a bucket). */
const RESOURCE_POLICY_WRITES = [
  'kms:PutKeyPolicy',
  'kms:CreateGrant',
  'sns:SetTopicAttributes',
  'sns:AddPermission',
  's3:PutBucketPolicy',
  's3:PutBucketAcl',
  'logs:PutResourcePolicy',
  'events:PutPermission',
  'lambda:AddPermission',
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
    if (RESOURCE_POLICY_WRITES.includes(action) && resources.some(anyResource)) {
      found('resource-policy-write-on-any', `${action} on ${resources.join(', ')} lets the holder grant itself any such resource`);
    }
    if (action === 'sts:AssumeRole' && resources.some(unnamedRole)) {
      found('assume-any-role', `sts:AssumeRole on ${resources.join(', ')} names no role: every role that trusts the account can be assumed`);
    }
  }
  return findings;
}

/** `*`, or an ARN whose resource name is only a wildcard (`arn:aws:kms:*:*:key/*`, `arn:aws:s3:::*`); a name prefix (`trailwarden-*`) scopes it. */
function anyResource(resource: string): boolean {
  return resource === '*' || /[:/]\*$/.test(resource);
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
