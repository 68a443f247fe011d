import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { expect, it } from 'vitest';
import { ACCOUNT_ID, buildCompliantTrail } from './accounts.js';
import { brief, reportOf, resultsFor, runCli, scanArgs, type Report } from './cli.js';
import { describeWithMoto, type Moto, useMoto } from './moto.js';

/**
 * `trailwarden scan --org` end to end: an organization in moto whose management account has a
 * compliant trail and whose member account has nothing. moto keeps one backend per account and
 * serves AssumeRole into any account, so each member is read through the role as in AWS; it does
 * not check that the role exists, so an account whose role cannot be assumed is covered by
 * test/commands/scan-org.test.ts instead.
 */

const ROLE = 'OrganizationAccountAccessRole';

async function createOrganizationWithMember(moto: Moto): Promise<string> {
  const organizations = new OrganizationsClient({
    region: 'us-east-1',
    endpoint: moto.endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  });
  try {
    await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const { CreateAccountStatus: status } = await organizations.send(new CreateAccountCommand({ AccountName: 'workloads', Email: 'workloads@example.com' }));
    if (!status?.AccountId) throw new Error(`moto created no member account: ${JSON.stringify(status)}`);
    return status.AccountId;
  } finally {
    organizations.destroy();
  }
}

/** `controlId` status per account id. */
function statusByAccount(report: Report, controlId: string): Record<string, string[]> {
  const byAccount: Record<string, string[]> = {};
  for (const result of resultsFor(report, controlId)) (byAccount[result.accountId] ??= []).push(result.status);
  return byAccount;
}

describeWithMoto('scan --org (end to end against moto)', () => {
  const moto = useMoto();

  it('scans the management account with its own credentials and the member through the role; results name their account', async () => {
    const member = await createOrganizationWithMember(moto);
    await buildCompliantTrail(moto);

    const run = await runCli([...scanArgs(moto.endpoint, ['us-east-1']), '--org', '--role-name', ROLE]);
    const report = reportOf(run) as Report & { accounts: { id: string; status: string }[] };

    // The member account has no trail: its CloudTrail.1 fails, so the run exits 1.
    expect(run.code, run.stderr).toBe(1);
    expect(report.account.id).toBe(ACCOUNT_ID);
    expect(report.accounts.map((account) => [account.id, account.status]).sort()).toEqual(
      [
        [ACCOUNT_ID, 'SCANNED'],
        [member, 'SCANNED'],
      ].sort(),
    );
    expect(report.collectionErrors).toEqual([]);
    const trail = resultsFor(report, 'CloudTrail.1');
    expect(statusByAccount(report, 'CloudTrail.1'), JSON.stringify(trail.map(brief))).toEqual({ [ACCOUNT_ID]: ['PASS'], [member]: ['FAIL'] });
    expect(statusByAccount(report, 'CloudTrail.3')).toEqual({ [ACCOUNT_ID]: ['PASS'], [member]: ['FAIL'] });
    // The member's results are about the member's resources.
    for (const result of report.results.filter((r) => r.accountId === member)) expect(result.resource.arn, brief(result)).not.toContain(ACCOUNT_ID);
  });

  it('refuses --role-name without --org, and --org without --role-name, with exit 2 and no call', async () => {
    const withoutOrg = await runCli([...scanArgs(moto.endpoint, ['us-east-1']), '--role-name', ROLE]);
    expect(withoutOrg.code).toBe(2);
    expect(withoutOrg.stderr).toMatch(/--org/);

    const withoutRole = await runCli([...scanArgs(moto.endpoint, ['us-east-1']), '--org']);
    expect(withoutRole.code).toBe(2);
    expect(withoutRole.stderr).toMatch(/--role-name/);
  });
});
