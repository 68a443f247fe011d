import type { AccountSnapshot } from '../snapshot/types.js';
import { accountResource } from './lib/findings.js';
import { EvaluationMemo } from './memo.js';
import { OrganizationView } from './organization.js';
import type { Control, EvaluationContext, Result } from './types.js';

/**
 * Runs the controls over a snapshot, its links into other accounts of the run followed there
 * (`context.organization`; without one, the snapshot is the whole run). A control that throws is a
 * bug in trailwarden, not a finding about the account: it becomes an ERROR result naming the
 * control, and the other controls still run. The controls share one fresh EvaluationMemo, so each
 * call sees the snapshot as it is now.
 */
export function evaluateControls(raw: AccountSnapshot, controls: readonly Control[], context: EvaluationContext): Result[] {
  const organization = context.organization ?? new OrganizationView([raw]);
  const snapshot = organization.linked(raw);
  const linkedContext: EvaluationContext = { ...context, organization, memo: new EvaluationMemo(snapshot) };
  return controls.flatMap((control) => {
    const base = {
      controlId: control.id,
      title: control.title,
      severity: control.severity,
      accountId: snapshot.account.id,
      remediation: control.remediation,
    };
    try {
      return control.evaluate(snapshot, linkedContext).map((finding) => ({ ...base, ...finding }));
    } catch (error) {
      return [
        {
          ...base,
          status: 'ERROR' as const,
          resource: accountResource(snapshot),
          reason: `internal error while evaluating ${control.id}: ${error instanceof Error ? error.message : String(error)}`,
        },
      ];
    }
  });
}
