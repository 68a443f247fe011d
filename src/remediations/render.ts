import { callName, type ApiCall } from './calls.js';
import { describeFailure, type ApplyReport } from './apply.js';
import type { FixPlan } from './plan.js';
import type { Action, Change } from './types.js';

/**
 * The plan as the user reads it before saying yes: per action, the controls it repairs, the
 * resource it creates or the settings it changes (before → after), and every API call with its
 * exact input.
 */
export function renderPlan(plan: FixPlan): string {
  const lines: string[] = [];
  if (plan.actions.length === 0) {
    lines.push(`Nothing to change in account ${plan.accountId}.`);
  } else {
    lines.push(`Plan for account ${plan.accountId}: ${plan.actions.length} action(s).`, '');
    const numbers = new Map(plan.actions.map((action, index) => [action.id, index + 1]));
    plan.actions.forEach((action, index) => lines.push(...renderAction(action, index + 1, numbers), ''));
  }
  if (plan.notes.length > 0) lines.push('Left alone:', ...plan.notes.map((note) => `  - ${note}`), '');
  if (plan.unrepaired.length > 0) {
    lines.push('Failing controls this plan does not repair:', ...plan.unrepaired.map((result) => `  - ${result.controlId}: ${result.reason}`), '');
  }
  if (plan.undecided.length > 0) {
    lines.push('Controls the scan could not decide (fix does not guess):', ...plan.undecided.map((result) => `  - ${result.controlId}: ${result.reason}`), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderAction(action: Action, number: number, numbers: ReadonlyMap<string, number>): string[] {
  const controls = action.controls.length > 0 ? ` [${action.controls.join(', ')}]` : '';
  const after = action.dependsOn.flatMap((id) => numbers.get(id) ?? []);
  return [
    `${number}. ${action.summary}${controls}`,
    ...(after.length > 0 ? [`   after: ${after.map((n) => `#${n}`).join(', ')}`] : []),
    ...renderChange(action.change).map((line) => `   ${line}`),
    '   API calls:',
    ...action.calls.map((apiCall) => `     ${renderCall(apiCall)}`),
  ];
}

function renderChange(change: Change): string[] {
  const head = `${change.kind} ${change.resourceType} ${change.name} (${change.region})`;
  if (change.kind === 'create') {
    return [head, ...Object.entries(change.properties).map(([key, value]) => `  + ${key}: ${inline(value)}`)];
  }
  const keys = [...new Set([...Object.keys(change.before), ...Object.keys(change.after)])];
  return [head, ...keys.map((key) => `  ~ ${key}: ${inline(change.before[key] ?? null)} → ${inline(change.after[key] ?? null)}`)];
}

export function renderCall(apiCall: ApiCall): string {
  const conditions = [
    apiCall.unlessBound ? `skipped when the lookup above found ${apiCall.unlessBound}` : undefined,
    apiCall.alreadyDone ? `${apiCall.alreadyDone.join('/')} counts as done` : undefined,
  ].filter(Boolean);
  return `${callName(apiCall)} in ${apiCall.region} ${inline(apiCall.input)}${conditions.length > 0 ? ` (${conditions.join('; ')})` : ''}`;
}

function inline(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** After `--yes`: what was applied, what failed and what was not, and how to finish. */
export function renderApplyReport(report: ApplyReport): string {
  const lines = report.applied.map((action) => `applied: ${action.summary}`);
  if (report.failure) {
    lines.push(...describeFailure(report.failure).map((line) => `FAILED: ${line}`));
    lines.push(...report.notApplied.map((action) => `not applied: ${action.summary}`));
    lines.push('Nothing was rolled back. Fix the cause and run `trailwarden fix` again: it plans from the account as it is now and completes the rest.');
  } else {
    lines.push(`All ${report.applied.length} action(s) applied.`);
  }
  return `${lines.join('\n')}\n`;
}
