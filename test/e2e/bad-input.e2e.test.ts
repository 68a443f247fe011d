import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, emptyDir, removeTempDirs, ROOT, runCli, STACK_FRAME, type CliRun } from './cli.js';
import { describeWithMoto, type Moto, useMoto } from './moto.js';

/**
 * Bad input, end to end: whatever a user gets wrong, the compiled CLI exits 2 (README: "could not
 * run") with one paragraph on stderr that names the flag, file, key or value; no stack trace;
 * nothing on stdout that a CI job could take for a report; and nothing written, on disk or in AWS.
 */

const INSECURE = join(ROOT, 'examples', 'insecure-account.json');
/** AWS-facing flags are checked before any call; should one slip through, it meets a closed port, never AWS. */
const NOWHERE = ['--endpoint-url', 'http://127.0.0.1:9'];

type Expected = (string | RegExp)[];

function expectRefused(run: CliRun, expected: Expected): void {
  expect(run.code, `${run.stdout.slice(0, 500)}\n${run.stderr}`).toBe(2);
  for (const problem of expected) {
    if (typeof problem === 'string') expect(run.stderr).toContain(problem);
    else expect(run.stderr).toMatch(problem);
  }
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(run.stdout).toBe('');
  // The message and oclif's "See more help with --help", not forty lines of the command's help.
  expect(run.stderr).not.toMatch(/^(USAGE|FLAGS)$/m);
  expect(run.stderr.trim().split('\n').length, run.stderr).toBeLessThanOrEqual(4);
}

describe('bad input (end to end, no AWS)', () => {
  beforeAll(() => {
    assertBuilt();
  });
  afterAll(removeTempDirs);

  const dir = emptyDir();
  function file(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }
  const scanSnapshot = (...flags: string[]): string[] => ['scan', '--snapshot', INSECURE, '--format', 'json', ...flags];
  const fixSnapshot = (...flags: string[]): string[] => ['fix', '--snapshot', INSECURE, ...flags];

  it.each<[string, string[], Expected]>([
    ['an unknown flag', scanSnapshot('--bogus'), ['Nonexistent flag: --bogus']],
    ['an unknown command', ['scna'], ['command scna not found']],
    ['an unexpected argument', ['iam-policy', 'scan', 'extra'], ['Unexpected argument: extra']],
    ['a bad --format', scanSnapshot('--format', 'xml'), ['--format=xml', 'table, json, sarif']],
    ['a bad --fail-on', scanSnapshot('--fail-on', 'severe'), ['--fail-on=severe', 'critical, high']],
    ['several formats without --output-dir', scanSnapshot('--format', 'sarif'), ['--format json,sarif: several formats need --output-dir']],
    [
      'an unknown --controls ID',
      scanSnapshot('--controls', 'CloudTrail.1,CloudTrail.99'),
      ['--controls CloudTrail.99: unknown control ID', 'trailwarden controls'],
    ],
    ['a --controls ID in the wrong case', scanSnapshot('--controls', 'cloudtrail.1'), ['did you mean CloudTrail.1?']],
    ['an unknown --exclude-controls ID', scanSnapshot('--exclude-controls', 'Nope.1'), ['--exclude-controls Nope.1: unknown control ID']],
    [
      '--controls and --exclude-controls that leave nothing',
      scanSnapshot('--controls', 'CloudTrail.4', '--exclude-controls', 'CloudTrail.4'),
      ['leave no control to evaluate'],
    ],
    ['an empty --controls', scanSnapshot('--controls', ''), ['--controls was given an empty value']],
    [
      'an unknown --benchmark',
      scanSnapshot('--benchmark', 'cis-2.0.0'),
      [
        '--benchmark cis-2.0.0: unknown benchmark "cis-2.0.0"; known: cis-1.2.0, cis-1.4.0, cis-3.0.0, cis-4.0.1, cis-5.0.0, cis-6.0.0, cis-7.0.0, security-hub',
      ],
    ],
    ['an empty --benchmark', scanSnapshot('--benchmark', ''), ['--benchmark was given an empty value']],
    ['an empty --config (an unset shell variable), which would mean no config at all', ['controls', '--config', ''], ['--config was given an empty value']],
    ['a --region that is no Region name', ['scan', ...NOWHERE, '--region', 'not a region'], ['--region "not a region": not an AWS Region name']],
    ['a --region in capitals', ['scan', ...NOWHERE, '--region', 'US-EAST-1'], ['did you mean us-east-1?']],
    ['a stray comma in --region', ['scan', ...NOWHERE, '--region', 'us-east-1,'], ['--region was given an empty value']],
    ['--snapshot with --region', scanSnapshot('--region', 'us-east-1'), ['--region=us-east-1 cannot also be provided when using --snapshot']],
    ['--org without --role-name', ['scan', ...NOWHERE, '--org'], ['must be provided when using --org: --role-name']],
    [
      '--org with an ARN as --role-name',
      ['scan', ...NOWHERE, '--org', '--role-name', 'arn:aws:iam::111122223333:role/Audit'],
      ["--role-name arn:aws:iam::111122223333:role/Audit: give the role's name"],
    ],
    ['a --role-arn that is no role ARN', ['scan', ...NOWHERE, '--role-arn', 'Auditor'], ['--role-arn Auditor: not an IAM role ARN']],
    ['an --endpoint-url that is no http URL', ['scan', '--endpoint-url', 'localhost:5000'], ['--endpoint-url localhost:5000: not an http:// or https:// URL']],
    ['a bad --security-hub-region', ['scan', ...NOWHERE, '--to-security-hub', '--security-hub-region', 'global'], ['--security-hub-region "global"']],
    ['a --family that does not exist', ['controls', '--family', 'user'], ['--family=user', 'cloudtrail, logs, monitoring']],
  ])('%s: exit 2, the problem named, nothing on stdout', async (_label, args, expected) => {
    expectRefused(await runCli(args), expected);
  });

  /** An organization file of `scan --org --save-snapshot` holding the insecure example as `accountId`. */
  function organizationFile(name: string, organizationId: string, accountId: string, version = 1): string {
    const snapshot = JSON.parse(readFileSync(INSECURE, 'utf8')) as { account: { id: string } };
    snapshot.account.id = accountId;
    const organization = {
      snapshotVersion: version,
      kind: 'organization',
      generator: { name: 'trailwarden', version: '0.0.0' },
      caller: { accountId, partition: 'aws' },
      organizationId,
      accounts: [{ account: { id: accountId, name: name }, snapshot }],
    };
    return file(`${name}.json`, JSON.stringify(organization));
  }

  it.each<[string, () => string[], Expected]>([
    [
      '--shard 0/3',
      () => ['scan', ...NOWHERE, '--org', '--role-name', 'Audit', '--shard', '0/3', '--save-snapshot', join(dir, 'never.json')],
      ['--shard 0/3: give K/N with 1 <= K <= N'],
    ],
    ['--shard 4/3', () => ['scan', ...NOWHERE, '--org', '--role-name', 'Audit', '--shard', '4/3'], ['--shard 4/3: give K/N with 1 <= K <= N']],
    ['--shard x', () => ['scan', ...NOWHERE, '--org', '--role-name', 'Audit', '--shard', 'x'], ['--shard x: give K/N']],
    ['--shard without --org', () => ['scan', ...NOWHERE, '--shard', '1/2'], ['must be provided when using --shard: --org']],
    [
      'snapshots of two organizations mixed',
      () => [
        'scan',
        '--snapshot',
        organizationFile('org-a', 'o-aaaaaaaaaa', '111111111111'),
        '--snapshot',
        organizationFile('org-b', 'o-bbbbbbbbbb', '222222222222'),
      ],
      ['snapshots of two organizations', 'o-aaaaaaaaaa', 'o-bbbbbbbbbb'],
    ],
    [
      'the same account in two snapshots',
      () => ['scan', '--snapshot', organizationFile('org-c', 'o-cccccccccc', '123456789012'), '--snapshot', INSECURE],
      ['account 123456789012 is in two snapshots'],
    ],
    [
      'an organization snapshot of another format version',
      () => ['scan', '--snapshot', organizationFile('org-d', 'o-dddddddddd', '333333333333', 2), '--snapshot', INSECURE],
      ['has snapshotVersion 2, but this trailwarden reads version 1'],
    ],
    ['a snapshot pattern that matches no file', () => ['scan', '--snapshot', join(dir, 'shard-*.json')], ['matches no file']],
  ])('organization input, %s: exit 2, the problem named, nothing written', async (_label, args, expected) => {
    expectRefused(await runCli(args()), expected);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });

  it('a malformed AWS_REGION is named before any call', async () => {
    expectRefused(await runCli(['scan', ...NOWHERE], { AWS_REGION: 'not_a_region' }), ['AWS_REGION "not_a_region": not an AWS Region name']);
  });

  it.each<[string, string[], Expected]>([
    ['an --sns-topic-arn that is not an ARN', ['--sns-topic-arn', 'alerts'], ['--sns-topic-arn alerts: not an SNS topic ARN']],
    ['a --kms-key that is neither an ARN nor "create"', ['--kms-key', 'alias/trail'], ['--kms-key alias/trail: give a KMS key ARN, or "create"']],
    ['a bad --via', ['--via', 'sns'], ['--via=sns', 'metric-filter, eventbridge']],
    ['a --trail-tag without a value', ['--trail-tag', 'owner'], ['--trail-tag owner: expected KEY=VALUE (e.g. owner=security)']],
    ['a --trail-tag with a system key', ['--trail-tag', 'aws:owner=x'], ['--trail-tag aws:owner=x: "aws:owner" begins with aws:']],
    ['a --trail-tag key given twice', ['--trail-tag', 'owner=a', '--trail-tag', 'owner=b'], ['--trail-tag owner=b: tag key owner is given twice']],
    [
      'seven --required-tag-keys',
      ['--required-tag-keys', 'a,b,c,d,e,f,g'],
      ["--required-tag-keys a,b,c,d,e,f,g: at most 6 tag keys (Security Hub's limit), got 7"],
    ],
    ['--output without --format terraform', ['--output', 'fix.tf'], ['--output fix.tf: only --format terraform writes files']],
  ])('fix with %s: exit 2, the flag named, no plan printed', async (_label, flags, expected) => {
    expectRefused(await runCli(fixSnapshot(...flags)), expected);
  });

  const suppression = (fields: string): string => `suppressions:\n  - control: CloudTrail.7\n    reason: logs go to the central account\n${fields}`;
  const monitor = (fields: string): string => `monitors:\n  - id: access-keys\n    title: Access key created\n    severity: HIGH\n${fields}`;
  const IAM_EVENTS = '    events:\n      - eventSource: iam.amazonaws.com\n        eventNames: [CreateAccessKey]\n';

  it.each<[string, string, Expected]>([
    ['invalid YAML', 'monitors: [1, 2\n', ['invalid YAML']],
    ['a wrong type', 'dataEventBuckets: payroll-exports\n', ['dataEventBuckets: must be a list']],
    ['an unknown key', 'logRetentionDay: 30\n', ['logRetentionDay: unknown key (expected one of: logRetentionDays']],
    ['an unknown benchmark', 'benchmark: CIS 5\n', ['benchmark: unknown benchmark "CIS 5"; known: cis-1.2.0']],
    [
      'a suppression whose expiry is not a date',
      suppression('    expires: next week\n'),
      ['suppressions[0].expires: "next week" is not a date (use YYYY-MM-DD'],
    ],
    ['a suppression expiring on a day that does not exist', suppression('    expires: 2027-02-31\n'), ['suppressions[0].expires: "2027-02-31" is not a date']],
    [
      'a suppression of an unknown control',
      'suppressions:\n  - control: CloudTrail.99\n    reason: accepted\n',
      ['suppressions[0].control: unknown control ID "CloudTrail.99"'],
    ],
    [
      'a monitor given a filter pattern (monitors list events)',
      monitor(`    filterPattern: '{ $.eventName = CreateAccessKey }'\n${IAM_EVENTS}`),
      ['monitors[0].filterPattern: unknown key'],
    ],
    [
      'a monitor whose event source is not one',
      monitor('    events:\n      - eventSource: iam\n        eventNames: [CreateAccessKey]\n'),
      ['monitors[0].events[0].eventSource: "iam" is not an event source'],
    ],
    [
      'a monitor that reuses a built-in control ID',
      monitor(IAM_EVENTS).replace('id: access-keys', 'id: CloudTrail.1'),
      ['monitors[0].id: "CloudTrail.1" is a built-in control ID'],
    ],
  ])('--config with %s: exit 2 naming the file, the key and the problem', async (label, yaml, expected) => {
    const config = file(`${label.replace(/\W+/g, '-')}.yaml`, yaml);
    expectRefused(await runCli(scanSnapshot('--config', config)), [config, ...expected]);
  });

  it.each<[string, string, Expected]>([
    ['a missing file', join(dir, 'absent.yaml'), ['no such file (ENOENT)']],
    ['a directory', dir, ['is a directory, not a file']],
  ])('--config naming %s: exit 2 naming the file', async (_label, path, expected) => {
    expectRefused(await runCli(scanSnapshot('--config', path)), [`cannot read config file ${path}`, ...expected]);
  });

  it('a malformed trailwarden.config.yaml in the working directory is named too', async () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'trailwarden.config.yaml'), 'logRetentionDays: forever\n');
    expectRefused(await runCli(scanSnapshot(), {}, cwd), ['trailwarden.config.yaml: logRetentionDays: must be a whole number']);
  });

  it('controls --json with a bad config: the error goes to stderr with exit 2, not to stdout as JSON with exit 1', async () => {
    const config = file('json.yaml', 'logRetentionDays: forever\n');
    expectRefused(await runCli(['controls', '--json', '--config', config]), [config]);
  });

  it('an --output or --save-snapshot into a directory that does not exist: refused before the scan, nothing created', async () => {
    const missing = join(dir, 'no-such-dir');
    expectRefused(await runCli(scanSnapshot('--output', join(missing, 'report.json'))), [
      `--output ${join(missing, 'report.json')}: directory ${missing} does not exist`,
    ]);
    expectRefused(await runCli(['scan', ...NOWHERE, '--save-snapshot', join(missing, 'account.json')]), [
      `--save-snapshot ${join(missing, 'account.json')}: directory ${missing} does not exist`,
    ]);
    expectRefused(await runCli(fixSnapshot('--format', 'terraform', '--output', join(missing, 'fix.tf'))), [
      `--output ${join(missing, 'fix.tf')}: directory ${missing} does not exist`,
    ]);
    expect(existsSync(missing)).toBe(false);
  });

  it('an --output that is a directory, an --output-dir that is a file: refused, the file untouched', async () => {
    const outputs = emptyDir();
    mkdirSync(join(outputs, 'reports'));
    const taken = join(outputs, 'taken');
    writeFileSync(taken, 'not a directory\n');

    expectRefused(await runCli(scanSnapshot('--output', join(outputs, 'reports'))), [`--output ${join(outputs, 'reports')}: is a directory`]);
    expectRefused(await runCli(scanSnapshot('--format', 'sarif', '--output-dir', taken)), [`--output-dir ${taken}: is a file, not a directory`]);
    expectRefused(await runCli(fixSnapshot('--format', 'terraform', '--output', join(taken, 'tf'))), [`--output ${join(taken, 'tf')}: ${taken} is a file`]);
    expect(readFileSync(taken, 'utf8')).toBe('not a directory\n');
  });

  it('an --output that would overwrite the --snapshot it reads: refused, the snapshot untouched', async () => {
    const snapshot = file('account.json', readFileSync(INSECURE, 'utf8'));
    expectRefused(await runCli(['scan', '--snapshot', snapshot, '--output', snapshot]), [`--output ${snapshot}: would overwrite the --snapshot file`]);
    expect(readFileSync(snapshot, 'utf8')).toBe(readFileSync(INSECURE, 'utf8'));
  });

  it('a --baseline that is no report, or a report of another account: exit 2 naming the file', async () => {
    expectRefused(await runCli(scanSnapshot('--baseline', INSECURE)), [`baseline ${INSECURE}`]);

    const report = join(dir, 'report.json');
    expect((await runCli(scanSnapshot('--output', report))).code).toBe(1);
    const other = JSON.parse(readFileSync(report, 'utf8')) as { account: { id: string } };
    other.account.id = '999999999999';
    const baseline = file('other-account.json', JSON.stringify(other));
    expectRefused(await runCli(scanSnapshot('--baseline', baseline)), [`--baseline ${baseline}: baseline is a report of account 999999999999`]);
  });
});

/** What `fix` creates, counted from moto's state: a refused fix leaves every count where it was. */
const CREATED_KINDS: Record<string, string[]> = {
  cloudtrail: ['Trail'],
  s3: ['FakeBucket'],
  logs: ['LogGroup'],
  iam: ['Role'],
  sns: ['Topic', 'Subscription'],
  cloudwatch: ['Alarm'],
  events: ['Rule'],
  kms: ['Key'],
};

async function createdResources(moto: Moto): Promise<Record<string, number>> {
  const data = (await moto.data()) as Record<string, Record<string, unknown[] | undefined> | undefined>;
  return Object.fromEntries(
    Object.entries(CREATED_KINDS).flatMap(([service, kinds]) => kinds.map((kind) => [`${service}.${kind}`, data[service]?.[kind]?.length ?? 0])),
  );
}

describeWithMoto('bad input (end to end against moto): exit 2 and nothing changed in AWS', () => {
  const moto = useMoto();

  const NO_KEYS = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined };

  it.each<[string, string[], Record<string, string | undefined>, Expected]>([
    ['a Region that does not exist', ['--region', 'us-east-9'], {}, ['us-east-9 is not a Region of the aws partition']],
    ['an unknown Region among good ones', ['--region', 'us-east-1,eu-west-9'], {}, ['eu-west-9 is not a Region of the aws partition']],
    [
      'an unknown --benchmark',
      ['--region', 'us-east-1', '--benchmark', 'nope'],
      {},
      ['--benchmark nope: unknown benchmark "nope"; known: cis-1.2.0, cis-1.4.0, cis-3.0.0, cis-4.0.1, cis-5.0.0, cis-6.0.0, cis-7.0.0, security-hub'],
    ],
    ['no credentials at all', ['--region', 'us-east-1'], NO_KEYS, ['no AWS credentials found']],
    ['AWS_PROFILE naming no profile', ['--region', 'us-east-1'], { ...NO_KEYS, AWS_PROFILE: 'nonexistent' }, ['AWS_PROFILE=nonexistent']],
    ['--profile naming no profile', ['--region', 'us-east-1', '--profile', 'nonexistent'], NO_KEYS, ['profile: [nonexistent]']],
  ])('fix --yes with %s', async (_label, flags, env, expected) => {
    const before = await createdResources(moto);
    const run = await runCli(['fix', '--endpoint-url', moto.endpoint, '--yes', ...flags], env);

    expectRefused(run, expected);
    expect(await createdResources(moto)).toEqual(before);
  });

  it('scan with one unknown Region among good ones: no report, no saved snapshot', async () => {
    const saved = join(emptyDir(), 'account.json');
    const run = await runCli(['scan', '--endpoint-url', moto.endpoint, '--region', 'us-east-1,us-east-9', '--format', 'json', '--save-snapshot', saved]);

    expectRefused(run, ['us-east-9 is not a Region of the aws partition (EC2 DescribeRegions does not list it); check the spelling']);
    expect(existsSync(saved)).toBe(false);
  });
});
