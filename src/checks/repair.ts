/**
 * How `fix` repairs a control: every control says it, next to its metadata and its evaluation, so
 * that one file tells what a control checks and what repairs it. Remediations (src/remediations)
 * import the controls, never the other way round, so a control names its remediation by its name,
 * typed: a Remediation's `name` is a RemediationName, and the planner runs a remediation for the
 * controls that name it. test/controls.test.ts checks both directions.
 */
export const REMEDIATION_NAMES = [
  'trail',
  'log-file-validation',
  'log-delivery',
  'log-retention',
  'monitoring',
  'bucket-public-access',
  'bucket-access-logging',
  'bucket-lifecycle',
  'bucket-versioning',
  'bucket-policy-source-arn',
  'encryption',
  'trail-tags',
  'event-data-store-encryption',
] as const;

export type RemediationName = (typeof REMEDIATION_NAMES)[number];

/** Repaired by the named remediation, or deliberately not repaired, with the reason (shown to people reading the control). */
export type Repair = { readonly by: RemediationName } | { readonly notRepaired: string };

/** The remediation that repairs the control, if any. */
export function repairedBy(repair: Repair): RemediationName | undefined {
  return 'by' in repair ? repair.by : undefined;
}
