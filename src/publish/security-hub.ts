import { BatchImportFindingsCommand, type AwsSecurityFinding, type ImportFindingsError, type SecurityHubClient } from '@aws-sdk/client-securityhub';

/** BatchImportFindings accepts at most 100 findings per call. */
export const IMPORT_BATCH_SIZE = 100;

export interface ImportOutcome {
  imported: number;
  /** Findings Security Hub refused, with its error code and message for each. */
  failed: ImportFindingsError[];
}

/**
 * Imports ASFF findings (`toAsffFindings`) into the Security Hub of the client's region, which must
 * be the region the findings' ProductArn names. Batches go one after another: the API allows
 * 10 calls per second, and a scan rarely has more than a few batches. A refused finding does not
 * stop the import; a failed call (Security Hub not enabled, access denied) throws.
 */
export async function importToSecurityHub(findings: readonly AwsSecurityFinding[], client: SecurityHubClient): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { imported: 0, failed: [] };
  for (let start = 0; start < findings.length; start += IMPORT_BATCH_SIZE) {
    const response = await client.send(new BatchImportFindingsCommand({ Findings: findings.slice(start, start + IMPORT_BATCH_SIZE) }));
    outcome.imported += response.SuccessCount ?? 0;
    outcome.failed.push(...(response.FailedFindings ?? []));
  }
  return outcome;
}
