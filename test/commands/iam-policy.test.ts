import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '@oclif/test';
import { describe, expect, it } from 'vitest';
import { FIX_ROLE_RESOURCE, OPERATIONS } from '../../src/iam/operations.js';
import { policyFor, type IamPolicy } from '../../src/iam/policy.js';

/** The service prefix of each SDK client package, as in OPERATIONS. */
const SERVICE_OF_PACKAGE: Record<string, string> = {
  cloudtrail: 'cloudtrail',
  cloudwatch: 'cloudwatch',
  'cloudwatch-logs': 'logs',
  eventbridge: 'events',
  sns: 'sns',
  s3: 's3',
  's3-control': 's3control',
  kms: 'kms',
  ec2: 'ec2',
  iam: 'iam',
  sts: 'sts',
  organizations: 'organizations',
  securityhub: 'securityhub',
};

/** Every `XxxCommand` and `paginateXxx` imported from an SDK client under `dir`, as `service:Xxx`. */
function sdkOperationsUnder(dir: string): Set<string> {
  const operations = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts')) continue;
    const source = readFileSync(join(dir, entry), 'utf8');
    for (const [, names, client] of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g)) {
      const service = SERVICE_OF_PACKAGE[client!];
      expect(service, `${join(dir, entry)} imports @aws-sdk/client-${client}, unknown to this test`).toBeDefined();
      for (const name of names!.split(',').map((n) => n.trim().split(/\s+as\s+/)[0]!)) {
        const operation = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
        if (operation && !name.startsWith('type ')) operations.add(`${service}:${operation}`);
      }
    }
  }
  return operations;
}

function actionsOf(policy: IamPolicy): Set<string> {
  return new Set(policy.Statement.flatMap((statement) => statement.Action));
}

describe('the IAM policies cover every call', () => {
  const collected = sdkOperationsUnder('src/collect');
  const remediated = sdkOperationsUnder('src/remediations');

  it('finds the calls (the scan of the sources works)', () => {
    expect(collected).toContain('cloudtrail:DescribeTrails');
    expect(collected).toContain('s3control:GetPublicAccessBlock');
    expect(remediated).toContain('cloudtrail:CreateTrail');
  });

  it('scan and fix allow every call of the collector, which only reads', () => {
    for (const operation of collected) {
      const listed = OPERATIONS.find((o) => o.operation === operation);
      expect(listed, `${operation} (src/collect) is missing from src/iam/operations.ts`).toBeDefined();
      expect(listed!.access, operation).toBe('read');
      for (const action of listed!.actions) {
        expect(actionsOf(policyFor('scan')), `${operation} needs ${action}`).toContain(action);
        expect(actionsOf(policyFor('fix')), `${operation} needs ${action}`).toContain(action);
      }
    }
  });

  it('fix allows every call of the remediations', () => {
    for (const operation of remediated) {
      const listed = OPERATIONS.find((o) => o.operation === operation);
      expect(listed, `${operation} (src/remediations) is missing from src/iam/operations.ts`).toBeDefined();
      for (const action of listed!.actions) expect(actionsOf(policyFor('fix')), `${operation} needs ${action}`).toContain(action);
    }
  });

  it('lists no operation that nothing calls', () => {
    const called = new Set([...collected, ...remediated]);
    const stale = OPERATIONS.filter((o) => (o.impliedBy ? !called.has(o.impliedBy) : !called.has(o.operation))).map((o) => o.operation);
    expect(stale).toEqual([]);
  });
});

describe('trailwarden iam-policy', () => {
  it('scan: read-only actions on any resource; IAM reads only of roles and policies', async () => {
    const { stdout, error } = await runCommand(['iam-policy', 'scan']);
    expect(error).toBeUndefined();
    const policy = JSON.parse(stdout) as IamPolicy;
    expect(policy).toEqual(policyFor('scan'));
    expect(policy.Statement.map((s) => s.Resource)).toEqual(['*', 'arn:aws:iam::*:role/*', 'arn:aws:iam::*:policy/*']);
    expect(policy.Statement[1]!.Action).toEqual(['iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies']);
    expect(policy.Statement[0]!.Action).toContain('cloudtrail:GetEventSelectors');
    expect(policy.Statement[0]!.Action.filter((action) => /:(Create|Put|Update|Start|Subscribe|Enable)/.test(action))).toEqual([]);
  });

  it('fix: the writes too, with IAM role actions limited to trailwarden\'s roles', async () => {
    const { stdout } = await runCommand(['iam-policy', 'fix']);
    const policy = JSON.parse(stdout) as IamPolicy;
    const roles = policy.Statement.find((s) => s.Resource === FIX_ROLE_RESOURCE);
    expect(roles?.Action).toEqual(['iam:CreateRole', 'iam:PassRole', 'iam:PutRolePolicy', 'iam:TagRole']);
    const anywhere = policy.Statement.find((s) => s.Resource === '*')!;
    expect(anywhere.Action).toContain('cloudtrail:CreateTrail');
    expect(anywhere.Action.some((action) => action.startsWith('iam:'))).toBe(false);
  });

  it('refuses an unknown command', async () => {
    const { error } = await runCommand(['iam-policy', 'deploy']);
    expect(error?.oclif?.exit).toBe(2);
  });
});
