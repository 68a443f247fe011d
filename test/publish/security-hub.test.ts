import { BatchImportFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { toAsffFindings } from '../../src/report/asff.js';
import { importToSecurityHub } from '../../src/publish/security-hub.js';
import { ACCOUNT, CONTROLS, TRAIL_MAIN, fixtureReport, result } from '../report/fixtures.js';

const securityHub = mockClient(SecurityHubClient);
afterEach(() => securityHub.reset());

function manyFindings(count: number): AwsSecurityFinding[] {
  const results = Array.from({ length: count }, (_, i) => result('CloudTrail.4', 'FAIL', `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/t${i}`));
  return toAsffFindings(fixtureReport({ results }), CONTROLS, { securityHubRegion: 'us-east-1' });
}

describe('importToSecurityHub', () => {
  it('imports in batches of 100', async () => {
    securityHub
      .on(BatchImportFindingsCommand)
      .callsFake((input: { Findings: AwsSecurityFinding[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0, FailedFindings: [] }));
    const findings = manyFindings(250);
    const outcome = await importToSecurityHub(findings, new SecurityHubClient({ region: 'us-east-1' }));
    const calls = securityHub.commandCalls(BatchImportFindingsCommand);
    expect(calls.map((call) => call.args[0].input.Findings?.length)).toEqual([100, 100, 50]);
    expect(calls.flatMap((call) => call.args[0].input.Findings ?? [])).toEqual(findings);
    expect(outcome).toEqual({ imported: 250, failed: [] });
  });

  it('reports the findings Security Hub refused and goes on', async () => {
    securityHub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({ SuccessCount: 99, FailedCount: 1, FailedFindings: [{ Id: 'a', ErrorCode: 'InvalidInput', ErrorMessage: 'Title too long' }] })
      .resolvesOnce({ SuccessCount: 1, FailedCount: 0, FailedFindings: [] });
    const outcome = await importToSecurityHub(manyFindings(101), new SecurityHubClient({ region: 'us-east-1' }));
    expect(outcome).toEqual({ imported: 100, failed: [{ Id: 'a', ErrorCode: 'InvalidInput', ErrorMessage: 'Title too long' }] });
  });

  it('imports a finding that passes now as resolved', async () => {
    securityHub.on(BatchImportFindingsCommand).resolves({ SuccessCount: 1, FailedCount: 0 });
    const report = fixtureReport({ results: [result('CloudTrail.1', 'PASS', TRAIL_MAIN)] });
    await importToSecurityHub(toAsffFindings(report, CONTROLS, {}), new SecurityHubClient({ region: 'eu-west-1' }));
    const [sent] = securityHub.commandCalls(BatchImportFindingsCommand)[0]!.args[0].input.Findings ?? [];
    expect(sent).toMatchObject({ Compliance: { Status: 'PASSED' }, Workflow: { Status: 'RESOLVED' }, RecordState: 'ACTIVE' });
  });

  it('makes no call when there is nothing to import', async () => {
    expect(await importToSecurityHub([], new SecurityHubClient({ region: 'us-east-1' }))).toEqual({ imported: 0, failed: [] });
    expect(securityHub.commandCalls(BatchImportFindingsCommand)).toHaveLength(0);
  });

  it('lets a failed call through (Security Hub not enabled, access denied)', async () => {
    securityHub
      .on(BatchImportFindingsCommand)
      .rejects(Object.assign(new Error('Account is not subscribed to AWS Security Hub'), { name: 'InvalidAccessException' }));
    await expect(importToSecurityHub(manyFindings(1), new SecurityHubClient({ region: 'us-east-1' }))).rejects.toThrow(/not subscribed/);
  });
});
