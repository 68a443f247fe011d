/**
 * A control's severity, most severe first. Its own module, imported by the controls' types and by the
 * config's (a user monitor has one), so that neither of those imports the other.
 */
export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';
export const SEVERITIES: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];

/** Lower is more severe; SEVERITIES runs from CRITICAL to INFORMATIONAL. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
