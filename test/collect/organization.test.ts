import { beforeEach, describe, expect, it } from 'vitest';
import { collectOrganization, OrganizationError, type OrganizationOptions, type ProgressEvent } from '../../src/collect/index.js';
import { adaptiveWithoutBackoff, asAccount, loadExample, operationOf, paramsOf, useStaticCredentials, WireAccount, wireError } from './wire-account.js';

/**
 * `scan --org` through the real SDK clients: ListAccounts from the caller's account, then each
 * member through AssumeRole, answered by a fake AWS that serves one snapshot per account.
 */

const MANAGEMENT = '123456789012';
const WORKLOADS = '222222222222';
const SANDBOX = '333333333333';
const ROLE = 'OrganizationAccountAccessRole';
/** The examples' caller. */
const CALLER = `arn:aws:iam::${MANAGEMENT}:role/Auditor`;
const roleArn = (account: string) => `arn:aws:iam::${account}:role/${ROLE}`;

beforeEach(() => useStaticCredentials());

/** The compliant example is the management account; the sandbox's role cannot be assumed. */
function organization(): WireAccount {
  return new WireAccount(loadExample('compliant-account'))
    .addMember(asAccount(loadExample('insecure-account'), WORKLOADS), 'workloads')
    .addMember(asAccount(loadExample('compliant-account'), SANDBOX), 'sandbox', false);
}

function scan(aws: WireAccount, options: Partial<OrganizationOptions> = {}) {
  return collectOrganization({ toolVersion: '0.0.0-test', requestHandler: aws, retryStrategy: adaptiveWithoutBackoff(3), roleName: ROLE, ...options });
}

describe('collectOrganization', () => {
  it('starts no worker thread for fewer accounts at once than two: --workers is bounded by --account-concurrency', async () => {
    // A request handler cannot cross to a thread: a worker started here would throw.
    const entry = new URL('./fixtures/failing-worker.mjs', import.meta.url);
    const { accounts } = await scan(organization(), { workers: { count: 8, entry }, accountConcurrency: 1 });
    expect(accounts.filter((outcome) => 'snapshot' in outcome)).toHaveLength(2);
  });

  it("scans every active account, members through the role and the caller's own account with its own credentials", async () => {
    const aws = organization();

    const { caller, accounts } = await scan(aws);

    expect(caller).toEqual({ accountId: MANAGEMENT, partition: 'aws', callerArn: CALLER });
    // Every page of ListAccounts; the suspended account is left out.
    expect(aws.callsOf('ListAccounts')).toBe(2);
    expect(accounts.map(({ account }) => account)).toEqual([
      { id: MANAGEMENT, name: 'management' },
      { id: WORKLOADS, name: 'workloads' },
      { id: SANDBOX, name: 'sandbox' },
    ]);
    const [management, workloads] = accounts;
    expect(management && 'snapshot' in management && management.snapshot.account.id).toBe(MANAGEMENT);
    expect(workloads && 'snapshot' in workloads && workloads.snapshot.account).toEqual({
      id: WORKLOADS,
      partition: 'aws',
      callerArn: `arn:aws:sts::${WORKLOADS}:assumed-role/${ROLE}/trailwarden`,
    });
    expect(workloads && 'snapshot' in workloads && workloads.snapshot.trails.map((trail) => trail.arn)).toEqual([
      `arn:aws:cloudtrail:us-east-1:${WORKLOADS}:trail/default`,
    ]);
    // The member's reads are signed with the role's credentials and counted in its snapshot only.
    expect(
      aws.requests
        .filter((request) => request.operation === 'DescribeTrails')
        .map((request) => request.account)
        .sort(),
    ).toEqual([MANAGEMENT, MANAGEMENT, WORKLOADS, WORKLOADS]);
    expect(workloads && 'snapshot' in workloads && Object.keys(workloads.snapshot.callCounts)).not.toContain('sts:AssumeRole');
    expect(aws.requests.filter((request) => request.operation === 'AssumeRole')).toHaveLength(2);
    expect(aws.requests.filter((request) => request.operation === 'GetCallerIdentity')).toHaveLength(1);
  });

  it("collects each page's accounts as the page arrives, before the next page is answered, and returns them in account-id order", async () => {
    const aws = organization();
    const answer = aws.handle.bind(aws);
    // The second ListAccounts page is held until the first page's member has been read: without
    // collection during the listing, this scan would never end.
    let memberRead!: () => void;
    const memberReadOnce = new Promise<void>((resolve) => (memberRead = resolve));
    aws.handle = async (request, options) => {
      if (operationOf(request) === 'ListAccounts' && paramsOf(request)['NextToken'] === 'page-1') await memberReadOnce;
      const response = await answer(request, options);
      if (aws.requests.some((sent) => sent.account === WORKLOADS && sent.operation === 'DescribeTrails')) memberRead();
      return response;
    };

    const { accounts } = await scan(aws, { accountConcurrency: 4 });

    expect(accounts.map(({ account }) => account.id)).toEqual([MANAGEMENT, WORKLOADS, SANDBOX]);
    expect(aws.callsOf('ListAccounts')).toBe(2);
  });

  it('collects only its shard of the accounts (sorted by id, every N-th from the K-th), and says which', async () => {
    const aws = organization();

    const { accounts, shard } = await scan(aws, { shard: { index: 2, count: 2 } });

    expect(accounts.map(({ account }) => account.id)).toEqual([WORKLOADS]);
    expect(shard).toEqual({ index: 2, count: 2 });
    // The caller's own account is not in this shard: nothing of it is read beyond identifying the caller and listing the accounts.
    expect(
      aws.requests
        .filter((request) => request.account === MANAGEMENT)
        .map((request) => request.operation)
        .sort(),
    ).toEqual(['AssumeRole', 'GetCallerIdentity', 'ListAccounts', 'ListAccounts']);
  });

  it("records an account whose role cannot be assumed with AWS's reason, and scans the others", async () => {
    const { accounts } = await scan(organization());

    expect(accounts[2]).toEqual({
      account: { id: SANDBOX, name: 'sandbox' },
      error: {
        operation: 'sts:AssumeRole',
        region: 'us-east-1',
        code: 'AccessDenied',
        message: `User: ${CALLER} is not authorized to perform: sts:AssumeRole on resource: ${roleArn(SANDBOX)}`,
        resource: roleArn(SANDBOX),
      },
    });
    expect(accounts.filter((outcome) => 'snapshot' in outcome)).toHaveLength(2);
  });

  it('reports progress per account', async () => {
    const events: ProgressEvent[] = [];

    await scan(organization(), { accountConcurrency: 1, onProgress: (event) => events.push(event) });

    expect(events.map((event) => event.type)).toEqual(['accounts-listed', 'account-done', 'account-done', 'account-done']);
    expect(events[0]?.message).toBe('organization: 3 active accounts to scan');
    expect(events.at(-1)?.message).toMatch(new RegExp(`^accounts 3/3 done \\(last: ${SANDBOX}, not scanned\\) · \\d+ calls so far$`));
  });

  it('gives the accounts not reached within the time limit a Timeout, and still returns the rest', async () => {
    const aws = organization().failNext('AssumeRole', Infinity, { delayMs: 60_000 });

    const { accounts } = await scan(aws, { timeoutMs: 1_000 });

    expect(accounts.map((outcome) => ('snapshot' in outcome ? 'scanned' : outcome.error.code))).toEqual(['scanned', 'Timeout', 'Timeout']);
  });

  it('throws OrganizationError when the accounts cannot be listed', async () => {
    const aws = organization().failNext(
      'ListAccounts',
      Infinity,
      wireError.json('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'),
    );

    const failure = scan(aws);

    await expect(failure).rejects.toBeInstanceOf(OrganizationError);
    await expect(failure).rejects.toThrow(
      /organizations:ListAccounts failed with AWSOrganizationsNotInUseException: Your account is not a member of an organization\.$/,
    );
  });

  it("throws OrganizationError when a later ListAccounts page fails, once the first page's accounts in flight have ended", async () => {
    const aws = organization();
    const answer = aws.handle.bind(aws);
    aws.handle = async (request, options) => {
      const response = await answer(request, options);
      // Every page after the first fails.
      if (operationOf(request) === 'ListAccounts') aws.failNext('ListAccounts', Infinity, wireError.json('AccessDeniedException', 'You are not authorized.'));
      return response;
    };

    await expect(scan(aws)).rejects.toThrow(/organizations:ListAccounts failed with AccessDeniedException/);
    // The first page's member was being collected when the listing failed.
    expect(aws.requests.some((sent) => sent.account === WORKLOADS)).toBe(true);
  });

  it('throws OrganizationError when no active account is listed (an emulator without an organization answers so), rather than scan nothing', async () => {
    const aws = organization().failNext('ListAccounts', Infinity, { status: 200, body: '{"Accounts":[]}', contentType: 'application/x-amz-json-1.1' });

    await expect(scan(aws)).rejects.toThrow(/ListAccounts listed no active account/);
  });
});
