import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '@oclif/test';
import { describe, expect, it } from 'vitest';
import { escalationFindings } from '../../src/iam/lint.js';
import { OPERATIONS, type Invocation } from '../../src/iam/operations.js';
import { policyFor, policyForPlan, type IamPolicy } from '../../src/iam/policy.js';
import { callName } from '../../src/remediations/calls.js';
import type { FixOptions } from '../../src/remediations/types.js';
import { eventMonitoringControls } from '../../src/checks/monitoring/index.js';
import { ACCOUNT_ID, ALERT_TOPIC_ARN, ok, snapshotWith, topic } from '../checks/fixtures.js';
import { chainSnapshot } from '../checks/monitoring/chain-fixtures.js';
import { loadExample, plan } from '../remediations/helpers.js';

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

/** Credential providers that call AWS themselves. */
const OPERATION_OF_PROVIDER: Record<string, string> = { fromTemporaryCredentials: 'sts:AssumeRole' };

/**
 * Every AWS operation the sources can call, as `service:Operation`: each `XxxCommand` and
 * `paginateXxx` imported from an SDK client, and each credential provider that calls AWS, in any
 * file under `dir`. New files and new clients are found without changing this test.
 */
function sdkOperationsUnder(dir: string): Map<string, string> {
  const operations = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts')) continue;
    const file = join(dir, entry);
    const source = readFileSync(file, 'utf8');
    for (const [, names, client] of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g)) {
      const service = SERVICE_OF_PACKAGE[client!];
      expect(service, `${file} imports @aws-sdk/client-${client}, unknown to this test`).toBeDefined();
      for (const name of names!.split(',').map((n) => n.trim().split(/\s+as\s+/)[0]!)) {
        const operation = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
        if (operation && !name.startsWith('type ')) operations.set(`${service}:${operation}`, file);
      }
    }
    for (const [, names] of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/credential-providers'/g)) {
      for (const name of names!.split(',').map((n) => n.trim())) {
        if (OPERATION_OF_PROVIDER[name]) operations.set(OPERATION_OF_PROVIDER[name], file);
      }
    }
  }
  return operations;
}

function actionsOf(policy: IamPolicy): Set<string> {
  return new Set(policy.Statement.flatMap((statement) => statement.Action));
}

/** The resources of the statements that allow `action`. */
function resourcesOf(policy: IamPolicy, action: string): string[] {
  return policy.Statement.filter((statement) => statement.Action.includes(action)).flatMap((statement) => [statement.Resource].flat());
}

const FIX_DEFAULT: FixOptions = { via: 'metric-filter' };

/** Invocations that between them use every flag that changes the calls. */
const INVOCATIONS: Invocation[] = [
  { command: 'scan' },
  { command: 'test-pattern' },
  { command: 'scan', verifyPatterns: true },
  { command: 'scan', roleArn: 'arn:aws:iam::111122223333:role/Audit', securityHub: {} },
  { command: 'scan', orgRoleName: 'OrganizationAccountAccessRole', securityHub: { region: 'eu-west-1' } },
  { command: 'fix', fix: FIX_DEFAULT },
  {
    command: 'fix',
    fix: {
      via: 'eventbridge',
      kmsKey: { create: true },
      notify: { protocol: 'email', endpoint: 'a@example.com' },
      accessLogBucket: 'logs-bucket',
      trailBucket: 'my-trail-bucket',
    },
  },
  {
    command: 'fix',
    roleArn: 'arn:aws:iam::111122223333:role/Fixer',
    fix: {
      via: 'metric-filter',
      kmsKey: { arn: 'arn:aws:kms:us-east-1:111122223333:key/k' },
      snsTopicArn: 'arn:aws:sns:us-east-1:111122223333:alerts',
      notify: { protocol: 'email', endpoint: 'a@example.com' },
      cloudWatchLogsRoleArn: 'arn:aws:iam::111122223333:role/CloudTrailToLogs',
    },
  },
];

/** Plans of the bundled examples, with and without the optional flags. */
function examplePlans(): { name: string; policy: IamPolicy; fixPlan: ReturnType<typeof plan>; options: FixOptions }[] {
  const variants: Partial<FixOptions>[] = [
    {},
    { notify: { protocol: 'email', endpoint: 'a@example.com' }, kmsKey: { create: true }, accessLogBucket: 'example-access-logs' },
    { via: 'eventbridge', notify: { protocol: 'email', endpoint: 'a@example.com' }, trailBucket: 'audit-trail-logs' },
    {
      snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:security-alerts',
      notify: { protocol: 'email', endpoint: 'a@example.com' },
      cloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/CloudTrailToLogs',
    },
  ];
  const snapshots = [
    ['insecure example', loadExample()],
    ['empty account', snapshotWith({ trails: [], buckets: [], logGroups: [], kmsKeys: [] })],
    ['two Regions', snapshotWith()],
  ] as const;
  return snapshots.flatMap(([name, snapshot]) =>
    variants.map((variant, index) => {
      const options: FixOptions = { via: 'metric-filter', ...variant };
      const fixPlan = plan(snapshot, options);
      return { name: `${name} #${index}`, fixPlan, options, policy: policyForPlan(fixPlan, snapshot.account, { command: 'fix', fix: options }) };
    }),
  );
}

describe('the IAM policies cover every call', () => {
  const called = sdkOperationsUnder('src');

  it('finds the calls of every part of the sources (collector, remediations, Security Hub import, assumed roles)', () => {
    for (const operation of [
      'cloudtrail:DescribeTrails',
      's3control:GetPublicAccessBlock',
      'cloudtrail:CreateTrail',
      'securityhub:BatchImportFindings',
      'sts:AssumeRole',
      'iam:GetPolicy',
    ]) {
      expect([...called.keys()]).toContain(operation);
    }
  });

  it("lists every operation called anywhere in src/, and some invocation's policy allows it", () => {
    const allowed = new Set(INVOCATIONS.flatMap((invocation) => [...actionsOf(policyFor(invocation))]));
    for (const [operation, file] of called) {
      const listed = OPERATIONS.find((o) => o.operation === operation);
      expect(listed, `${operation} (${file}) is missing from src/iam/operations.ts`).toBeDefined();
      // Those are granted by a plan's policy only (the plan tests below).
      if (listed!.administratorOnly || listed!.planOnly) continue;
      for (const action of listed!.actions) expect(allowed, `${operation} needs ${action}`).toContain(action);
    }
  });

  it('the collector only reads', () => {
    for (const [operation, file] of called) {
      if (file.startsWith(join('src', 'collect'))) expect(OPERATIONS.find((o) => o.operation === operation)?.access, operation).toBe('read');
    }
  });

  it('lists no operation that nothing calls', () => {
    const stale = OPERATIONS.filter((o) => !called.has(o.impliedBy ?? o.operation)).map((o) => o.operation);
    expect(stale).toEqual([]);
  });

  it("a plan's policy allows each of its calls, with what the calls imply", () => {
    for (const { name, fixPlan, policy } of examplePlans()) {
      const allowed = actionsOf(policy);
      for (const apiCall of fixPlan.actions.flatMap((action) => action.calls)) {
        const operations = OPERATIONS.filter((o) => (o.operation === callName(apiCall) || o.impliedBy === callName(apiCall)) && !o.administratorOnly);
        for (const action of operations.flatMap((o) => o.actions)) {
          if (action === 'iam:PassRole' && !('CloudWatchLogsRoleArn' in apiCall.input)) continue;
          expect(allowed, `${name}: ${callName(apiCall)} needs ${action}`).toContain(action);
        }
      }
    }
  });
});

/** IAM's wildcard match of a Resource element: `*` any run of characters, `?` any one. */
function matchesResource(pattern: string, arn: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(arn);
}

describe('the policy without a plan covers every plan made with the same flags', () => {
  it("each planned call's actions, on a resource the policy's patterns match", () => {
    for (const { name, fixPlan, options } of examplePlans()) {
      const general = policyFor({ command: 'fix', fix: options });
      const account = { id: fixPlan.accountId, partition: 'aws' };
      for (const apiCall of fixPlan.actions.flatMap((action) => action.calls)) {
        const planned = { region: apiCall.region, input: apiCall.input as Record<string, unknown>, account };
        for (const operation of OPERATIONS.filter((o) => (o.operation === callName(apiCall) || o.impliedBy === callName(apiCall)) && !o.administratorOnly)) {
          const arns = operation.resourcesOf ? operation.resourcesOf(planned) : ['*'];
          for (const action of operation.actions) {
            const patterns = resourcesOf(general, action);
            for (const arn of arns) {
              expect(
                patterns.some((pattern) => matchesResource(pattern, arn)),
                `${name}: ${callName(apiCall)} needs ${action} on ${arn}; the policy has it on ${patterns.join(', ') || 'nothing'}`,
              ).toBe(true);
            }
          }
        }
      }
    }
  });
});

describe('no escalation path in the policies', () => {
  it('finds the escalation paths of the policy the auditors rated HIGH', () => {
    const old: IamPolicy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'A', Effect: 'Allow', Action: ['iam:CreateRole', 'iam:PassRole', 'iam:PutRolePolicy'], Resource: 'arn:aws:iam::*:role/trailwarden-*' },
        { Sid: 'B', Effect: 'Allow', Action: ['sts:AssumeRole', 'logs:*'], Resource: '*' },
      ],
    };
    expect(
      escalationFindings(old)
        .map((finding) => `${finding.sid} ${finding.rule}`)
        .sort(),
    ).toEqual(['A pass-role-to-any-service', 'A role-write-without-boundary', 'A role-write-without-boundary', 'B assume-any-role', 'B wildcard-action']);
  });

  it('finds a resource policy written on any resource: the holder could grant itself every key or topic', () => {
    const wide: IamPolicy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Keys', Effect: 'Allow', Action: ['kms:PutKeyPolicy'], Resource: '*' },
        { Sid: 'Topics', Effect: 'Allow', Action: ['sns:SetTopicAttributes'], Resource: 'arn:aws:sns:*:*:*' },
        { Sid: 'Own', Effect: 'Allow', Action: ['sns:SetTopicAttributes'], Resource: 'arn:aws:sns:*:*:trailwarden-alerts' },
      ],
    };
    expect(escalationFindings(wide).map((finding) => `${finding.sid} ${finding.rule}`)).toEqual([
      'Keys resource-policy-write-on-any',
      'Topics resource-policy-write-on-any',
    ]);
  });

  it('without a plan, the fix policy writes no topic or key policy of the account: only `fix --snapshot` names them', () => {
    const policy = policyFor({ command: 'fix', fix: FIX_DEFAULT });
    expect(actionsOf(policy)).not.toContain('kms:PutKeyPolicy');
    expect(resourcesOf(policy, 'sns:SetTopicAttributes').every((resource) => resource.endsWith(':trailwarden-alerts'))).toBe(true);
  });

  it('fix --kms-key ARN on a topic of alias/aws/sns: only the plan grants PutKeyPolicy on that key and SetTopicAttributes on that topic', () => {
    const keyArn = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/5678abcd-12ab-34cd-56ef-1234567890ab`;
    const snapshot = {
      ...chainSnapshot(
        eventMonitoringControls.find((control) => control.id === 'CloudWatch.1')!,
        {
          topics: [topic({ access: ok({ kmsMasterKeyId: 'alias/aws/sns' }) })],
        },
      ),
      fixKey: {
        ref: keyArn,
        region: 'us-east-1',
        details: ok({ arn: keyArn, keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true }),
        policy: ok('{"Statement":[]}'),
      },
    };
    const options: FixOptions = { via: 'metric-filter', kmsKey: { arn: keyArn } };
    const fixPlan = plan(snapshot, options, ['CloudWatch.1']);
    const policy = policyForPlan(fixPlan, snapshot.account, { command: 'fix', fix: options });
    expect(resourcesOf(policy, 'kms:PutKeyPolicy')).toEqual([keyArn]);
    expect(resourcesOf(policy, 'sns:SetTopicAttributes')).toEqual([ALERT_TOPIC_ARN]);
    expect(actionsOf(policyFor({ command: 'fix', fix: options }))).not.toContain('kms:PutKeyPolicy');
    expect(escalationFindings(policy)).toEqual([]);
  });

  it("every invocation's policy is clean", () => {
    for (const invocation of INVOCATIONS) expect(escalationFindings(policyFor(invocation)), JSON.stringify(invocation)).toEqual([]);
  });

  it("every plan's policy is clean", () => {
    for (const { name, policy } of examplePlans()) expect(escalationFindings(policy), name).toEqual([]);
  });

  it("roles are created and changed only under trailwarden's boundary, and passed only to CloudTrail", () => {
    const policy = policyFor({ command: 'fix', fix: FIX_DEFAULT });
    const boundary = 'arn:aws:iam::*:policy/trailwarden-cloudtrail-logs-boundary';
    for (const action of ['iam:CreateRole', 'iam:PutRolePolicy']) {
      const statement = policy.Statement.find((s) => s.Action.includes(action))!;
      expect(statement.Resource).toBe('arn:aws:iam::*:role/trailwarden-cloudtrail-logs-*');
      expect(statement.Condition).toEqual({ ArnLike: { 'iam:PermissionsBoundary': boundary } });
    }
    expect(policy.Statement.find((s) => s.Action.includes('iam:PassRole'))!.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'cloudtrail.amazonaws.com' },
    });
    expect(actionsOf(policy)).not.toContain('iam:CreatePolicy');
    expect(actionsOf(policy)).not.toContain('sts:AssumeRole');
  });
});

describe('the policy follows the flags of the invocation', () => {
  it('scan: only reads; no role, no organization, no Security Hub', () => {
    const policy = policyFor({ command: 'scan' });
    // Reads on any resource, and IAM reads of the roles and policies a rule target may name.
    expect(policy.Statement.map((statement) => statement.Resource)).toEqual(['*', 'arn:aws:iam::*:role/*', 'arn:aws:iam::*:policy/*']);
    const actions = [...actionsOf(policy)];
    expect(actions).toContain('cloudtrail:GetEventSelectors');
    expect(actions.filter((action) => /:(Create|Put|Update|Start|Subscribe|Enable|BatchImport|Assume)|^organizations:/.test(action))).toEqual([]);
  });

  it('scan --role-arn / --org --role-name: sts:AssumeRole on exactly that role; ListAccounts only with --org', () => {
    const own = policyFor({ command: 'scan', roleArn: 'arn:aws:iam::111122223333:role/Audit' });
    expect(resourcesOf(own, 'sts:AssumeRole')).toEqual(['arn:aws:iam::111122223333:role/Audit']);
    expect(actionsOf(own)).not.toContain('organizations:ListAccounts');
    const org = policyFor({ command: 'scan', orgRoleName: 'OrganizationAccountAccessRole' });
    expect(resourcesOf(org, 'sts:AssumeRole')).toEqual(['arn:aws:iam::*:role/OrganizationAccountAccessRole']);
    expect(actionsOf(org)).toContain('organizations:ListAccounts');
  });

  it("scan --to-security-hub: BatchImportFindings on the account's own product, in --security-hub-region", () => {
    expect(resourcesOf(policyFor({ command: 'scan', securityHub: {} }), 'securityhub:BatchImportFindings')).toEqual([
      'arn:aws:securityhub:*:*:product/*/default',
    ]);
    expect(resourcesOf(policyFor({ command: 'scan', securityHub: { region: 'eu-west-1' } }), 'securityhub:BatchImportFindings')).toEqual([
      'arn:aws:securityhub:eu-west-1:*:product/*/default',
    ]);
  });

  it('fix --via: metric filters and alarms, or EventBridge rules, never both', () => {
    const metric = actionsOf(policyFor({ command: 'fix', fix: FIX_DEFAULT }));
    const rules = actionsOf(policyFor({ command: 'fix', fix: { via: 'eventbridge' } }));
    expect(metric).toContain('logs:PutMetricFilter');
    expect(metric).not.toContain('events:PutRule');
    expect(rules).toContain('events:PutRule');
    expect(rules).not.toContain('cloudwatch:PutMetricAlarm');
  });

  it('fix --kms-key, --notify, --sns-topic-arn, --trail-bucket, --access-log-bucket: only the calls they lead to, on the resources they name', () => {
    const plain = policyFor({ command: 'fix', fix: FIX_DEFAULT });
    for (const action of ['kms:CreateKey', 'sns:Subscribe', 's3:PutBucketLogging']) expect(actionsOf(plain)).not.toContain(action);
    expect(resourcesOf(plain, 's3:CreateBucket')).toEqual(['arn:aws:s3:::trailwarden-*-*']);
    expect(resourcesOf(plain, 'cloudtrail:CreateTrail')).toEqual(['arn:aws:cloudtrail:*:*:trail/trailwarden']);

    const chosen = policyFor({
      command: 'fix',
      fix: {
        via: 'metric-filter',
        kmsKey: { create: true },
        snsTopicArn: 'arn:aws:sns:us-east-1:111122223333:alerts',
        notify: { protocol: 'email', endpoint: 'a@example.com' },
        trailBucket: 'my-trail-bucket',
        accessLogBucket: 'logs',
      },
    });
    expect(resourcesOf(chosen, 'kms:CreateKey')).toEqual(['*']);
    expect(chosen.Statement.find((s) => s.Action.includes('kms:CreateKey'))!.Condition).toMatchObject({
      StringEquals: { 'aws:RequestTag/trailwarden:managed': 'true' },
    });
    expect(actionsOf(chosen)).not.toContain('sns:CreateTopic');
    expect(resourcesOf(chosen, 'sns:Subscribe')).toEqual(['arn:aws:sns:us-east-1:111122223333:alerts']);
    expect(resourcesOf(chosen, 's3:CreateBucket')).toEqual(['arn:aws:s3:::my-trail-bucket']);
    expect(actionsOf(chosen)).toContain('s3:PutBucketLogging');
    expect(actionsOf(policyFor({ command: 'fix', fix: { via: 'metric-filter', kmsKey: { arn: 'arn:aws:kms:us-east-1:111122223333:key/k' } } }))).not.toContain(
      'kms:CreateKey',
    );
  });

  it('fix --cloudwatch-logs-role-arn: no role creation at all, PassRole on exactly that role, to CloudTrail', () => {
    const given = 'arn:aws:iam::111122223333:role/CloudTrailToLogs';
    const policy = policyFor({ command: 'fix', fix: { via: 'metric-filter', cloudWatchLogsRoleArn: given } });
    // iam:GetPolicy stays: scan reads the managed policies of a rule target's role.
    for (const action of ['iam:CreateRole', 'iam:TagRole', 'iam:PutRolePolicy']) expect(actionsOf(policy)).not.toContain(action);
    expect(resourcesOf(policy, 'iam:PassRole')).toEqual([given]);
    expect(escalationFindings(policy)).toEqual([]);
  });

  it('fix with a plan: every write on the ARNs the plan touches (only CreateKey, which names no resource, on *)', () => {
    const snapshot = loadExample();
    const fixPlan = plan(snapshot, {
      notify: { protocol: 'email', endpoint: 'a@example.com' },
      kmsKey: { create: true },
      accessLogBucket: 'example-access-logs',
    });
    const policy = policyForPlan(fixPlan, snapshot.account, { command: 'fix', fix: { via: 'metric-filter' } });
    const reads = new Set(OPERATIONS.filter((o) => o.access === 'read').flatMap((o) => o.actions));
    for (const example of examplePlans()) {
      for (const statement of example.policy.Statement) {
        const writes = statement.Action.filter((action) => !reads.has(action));
        if (writes.length === 0 || ![statement.Resource].flat().includes('*')) continue;
        expect(writes, `${example.name}: ${statement.Sid} allows ${writes.join(', ')} on *; give the operation a resourcesOf in src/iam/operations.ts`).toEqual(
          ['kms:CreateKey', 'kms:TagResource'],
        );
      }
    }
    expect(resourcesOf(policy, 's3:PutBucketLogging').sort()).toEqual(
      [
        ...new Set(
          fixPlan.actions
            .flatMap((a) => a.calls)
            .filter((c) => c.operation === 'PutBucketLogging')
            .map((c) => `arn:aws:s3:::${(c.input as { Bucket: string }).Bucket}`),
        ),
      ].sort(),
    );
    expect(resourcesOf(policy, 'iam:PassRole').every((arn) => arn.startsWith(`arn:aws:iam::${snapshot.account.id}:role/trailwarden-cloudtrail-logs-`))).toBe(
      true,
    );
  });
});

describe('trailwarden iam-policy', () => {
  it('scan: prints the policy of the invocation', async () => {
    const { stdout, error } = await runCommand(['iam-policy', 'scan', '--org', '--role-name', 'OrganizationAccountAccessRole']);
    expect(error).toBeUndefined();
    expect(JSON.parse(stdout)).toEqual(policyFor({ command: 'scan', orgRoleName: 'OrganizationAccountAccessRole' }));
  });

  it("fix: takes fix's flags", async () => {
    const { stdout, error } = await runCommand([
      'iam-policy',
      'fix',
      '--via',
      'eventbridge',
      '--kms-key',
      'create',
      '--role-arn',
      'arn:aws:iam::111122223333:role/Fixer',
    ]);
    expect(error).toBeUndefined();
    expect(JSON.parse(stdout)).toEqual(
      policyFor({ command: 'fix', roleArn: 'arn:aws:iam::111122223333:role/Fixer', fix: { via: 'eventbridge', kmsKey: { create: true } } }),
    );
  });

  it('fix --snapshot: the policy of that plan', async () => {
    const { stdout, error } = await runCommand([
      'iam-policy',
      'fix',
      '--snapshot',
      'examples/insecure-account.json',
      '--notify',
      'email:a@example.com',
      '--controls',
      'CloudTrail.1,CloudTrail.5',
    ]);
    expect(error).toBeUndefined();
    const policy = JSON.parse(stdout) as IamPolicy;
    expect(resourcesOf(policy, 'iam:CreateRole').every((arn) => arn.startsWith('arn:aws:iam::123456789012:role/trailwarden-cloudtrail-logs-'))).toBe(true);
    expect(actionsOf(policy)).not.toContain('sns:Subscribe');
  });

  it('fix --snapshot --benchmark: the policy of the plan fix --benchmark makes', async () => {
    const args = ['iam-policy', 'fix', '--snapshot', 'examples/insecure-account.json', '--notify', 'email:a@example.com'];
    const { stdout, error } = await runCommand([...args, '--benchmark', 'cis-5.0.0']);
    expect(error).toBeUndefined();
    const policy = JSON.parse(stdout) as IamPolicy;
    // CloudTrail.5 is not in CIS 5.0.0, but the metric filters need log delivery: its role is created all the same; with EventBridge, nothing needs it.
    expect(actionsOf(policy)).toContain('iam:CreateRole');
    const viaEventBridge = await runCommand([...args, '--benchmark', 'cis-5.0.0', '--via', 'eventbridge']);
    expect(actionsOf(JSON.parse(viaEventBridge.stdout) as IamPolicy)).not.toContain('iam:CreateRole');
    expect(actionsOf(JSON.parse(viaEventBridge.stdout) as IamPolicy)).toContain('events:PutRule');
    const unknown = await runCommand([...args, '--benchmark', 'nope']);
    expect(unknown.error?.oclif?.exit).toBe(2);
    expect(unknown.error?.message).toContain('--benchmark nope: unknown benchmark "nope"; known: cis-1.2.0');
    expect((await runCommand(['iam-policy', 'fix', '--benchmark', 'cis-5.0.0'])).error?.message).toContain('give --snapshot FILE too');
  });

  it('scan without flags: read-only actions on any resource; IAM reads only of roles and policies', async () => {
    const { stdout, error } = await runCommand(['iam-policy', 'scan']);
    expect(error).toBeUndefined();
    const policy = JSON.parse(stdout) as IamPolicy;
    expect(policy).toEqual(policyFor({ command: 'scan' }));
    expect(policy.Statement.map((s) => s.Resource)).toEqual(['*', 'arn:aws:iam::*:role/*', 'arn:aws:iam::*:policy/*']);
    expect(policy.Statement[1]!.Action).toEqual(['iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies']);
    expect(policy.Statement[0]!.Action).toContain('cloudtrail:GetEventSelectors');
    expect(policy.Statement[0]!.Action.filter((action) => /:(Create|Put|Update|Start|Subscribe|Enable)/.test(action))).toEqual([]);
  });

  it("test-pattern: AWS's two pattern evaluators only, and the role it assumes", async () => {
    const { stdout, error } = await runCommand(['iam-policy', 'test-pattern', '--role-arn', 'arn:aws:iam::111122223333:role/Audit']);
    expect(error).toBeUndefined();
    const policy = JSON.parse(stdout) as IamPolicy;
    expect([...actionsOf(policy)].sort()).toEqual(['events:TestEventPattern', 'logs:TestMetricFilter', 'sts:AssumeRole']);
    expect(policy.Statement[0]!.Sid).toBe('TrailwardenTestPattern');
    expect(actionsOf(policyFor({ command: 'scan' }))).not.toContain('logs:TestMetricFilter');
    expect((await runCommand(['iam-policy', 'test-pattern', '--via', 'eventbridge'])).error?.oclif?.exit).toBe(2);
  });

  it("scan --verify-patterns-with-aws: the scan's reads plus CloudWatch Logs TestMetricFilter, which a plain scan never gets", async () => {
    const { stdout, error } = await runCommand(['iam-policy', 'scan', '--verify-patterns-with-aws']);
    expect(error).toBeUndefined();
    const verifying = actionsOf(JSON.parse(stdout) as IamPolicy);
    const plain = actionsOf(policyFor({ command: 'scan' }));
    expect([...verifying].filter((action) => !plain.has(action))).toEqual(['logs:TestMetricFilter']);
    expect([...plain].filter((action) => !verifying.has(action))).toEqual([]);
    expect((await runCommand(['iam-policy', 'fix', '--verify-patterns-with-aws'])).error?.oclif?.exit).toBe(2);
  });

  it("boundary: the delivery roles' boundary, only log delivery", async () => {
    const { stdout } = await runCommand(['iam-policy', 'boundary']);
    const boundary = JSON.parse(stdout) as IamPolicy;
    expect(boundary.Statement.flatMap((s) => s.Action)).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  it('refuses an unknown command, and flags of the other command', async () => {
    expect((await runCommand(['iam-policy', 'deploy'])).error?.oclif?.exit).toBe(2);
    const scanWithFixFlag = await runCommand(['iam-policy', 'scan', '--via', 'eventbridge']);
    expect(scanWithFixFlag.error?.oclif?.exit).toBe(2);
    expect(scanWithFixFlag.error?.message).toContain('--via: not a flag of `trailwarden scan`');
    expect((await runCommand(['iam-policy', 'fix', '--org', '--role-name', 'R'])).error?.oclif?.exit).toBe(2);
    expect((await runCommand(['iam-policy', 'fix', '--controls', 'CloudTrail.1'])).error?.message).toContain('give --snapshot FILE too');
  });
});
