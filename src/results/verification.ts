import type { PatternDisagreement, VerificationReport } from '../checks/monitoring/chain/verification.js';

/**
 * How every text format says what `--verify-patterns-with-aws` found: one summary line, then the
 * patterns AWS could not decide and every disagreement, each on a line that can be pasted into an
 * issue (the pattern, the corpus record's id, both verdicts).
 */
export function verificationLines(verification: VerificationReport): { summary: string; details: string[] } {
  const { patterns, verdicts, failed, disagreements } = verification;
  const disagreeing = disagreements.length === 0 ? 'none disagrees with' : `${disagreements.length} disagree with`;
  const summary = `AWS decided ${verdicts} verdict(s) on ${patterns - failed.length} of ${patterns} pattern(s) (--verify-patterns-with-aws): ${disagreeing} trailwarden's engines${disagreements.length > 0 ? "; AWS's answer was used. Please report them:" : ''}`;
  return {
    summary,
    details: [
      ...disagreements.map(disagreementLine),
      ...failed.map(
        (failure) =>
          `not decided: ${KIND[failure.kind]} ${JSON.stringify(failure.resource)} (account ${failure.accountId}): ${failure.operation} in ${failure.region} failed with ${failure.code}; the results that rely on it are ERROR`,
      ),
    ],
  };
}

const KIND = { 'metric-filter': 'metric filter pattern', 'event-pattern': 'EventBridge pattern' } as const;

function disagreementLine(disagreement: PatternDisagreement): string {
  const { kind, pattern, recordId, record, aws, engine, accountId, region } = disagreement;
  return `${KIND[kind]} ${JSON.stringify(pattern)} on record ${recordId} (${record}), account ${accountId}, ${region}: AWS ${aws}, trailwarden ${engine}`;
}
