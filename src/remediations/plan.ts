import type { Benchmark } from '../checks/benchmark.js';
import { evaluateControls } from '../checks/engine.js';
import { repairedBy } from '../checks/repair.js';
import type { Control, Result } from '../checks/types.js';
import type { TrailwardenConfig } from '../config/types.js';
import { benchmarkSelection } from '../results/benchmark.js';
import { applySuppressions } from '../results/suppressions.js';
import type { AccountSnapshot } from '../snapshot/types.js';
import { logDeliveryRemediation, retentionRemediation } from './cloudtrail/log-delivery.js';
import { monitoringRemediation } from './monitoring/index.js';
import { accessLoggingRemediation, lifecycleRemediation, publicAccessRemediation } from './cloudtrail/trail-bucket.js';
import { encryptionRemediation, validationRemediation } from './cloudtrail/trail-settings.js';
import { trailRemediation } from './cloudtrail/trail.js';
import type { Action, FixOptions, Remediation } from './types.js';

/**
 * Every remediation, in the order they plan and apply: a later one builds on what the earlier ones
 * create (the trail, then its log delivery, then the alarms on its log group). Encryption comes
 * last among the changes to trails, so that its Terraform block, which refers to the new key, is
 * the final word on each trail.
 */
export const REMEDIATIONS: readonly Remediation[] = [
  trailRemediation,
  validationRemediation,
  logDeliveryRemediation,
  retentionRemediation,
  monitoringRemediation,
  publicAccessRemediation,
  accessLoggingRemediation,
  lifecycleRemediation,
  encryptionRemediation,
];

/** The IDs of the controls that name `remediation` as their repair, in the order given. */
export function repairedControls(remediation: Remediation, controls: readonly Control[]): string[] {
  return controls.filter((control) => repairedBy(control.repair) === remediation.name).map((control) => control.id);
}

export interface FixPlan {
  accountId: string;
  actions: Action[];
  /** What was left alone, and why ("pass --access-log-bucket ..."). */
  notes: string[];
  /** Controls failing in the scan that no action repairs, with the scan's reason. */
  unrepaired: Result[];
  /** Results the scan could not decide (ERROR): fix does not guess at those. */
  undecided: Result[];
}

export interface PlanRequest {
  /** The controls chosen with --controls / --exclude-controls. */
  controls: readonly Control[];
  config: TrailwardenConfig;
  options: FixOptions;
  /**
   * `--benchmark`: only the controls it contains are repaired, and to its CIS version's
   * requirements, so that `scan` with the same benchmark passes what `fix` repaired.
   */
  benchmark?: Benchmark;
  /** For the expiry of suppressions. */
  now: Date;
}

/**
 * Plans the repair of every failing control. Each remediation plans against a draft of the account
 * that the earlier actions have already changed, and is asked only when its controls fail on that
 * draft: a trail created a step before fails CloudTrail.5 until its log delivery is planned.
 */
export function planFixes(snapshot: AccountSnapshot, request: PlanRequest): FixPlan {
  const { benchmark } = request;
  const { evaluated: selected, outside } = benchmark ? benchmarkSelection(benchmark, request.controls) : { evaluated: request.controls, outside: [] };
  const cisVersion = benchmark?.cisVersion;
  const evaluation = { config: request.config, ...(cisVersion && { cisVersion }) };
  // A suppressed finding is a risk the user accepted: fix leaves it as it is.
  const attention = (results: Result[]): Result[] =>
    applySuppressions(results, request.config.suppressions, request.now).filter((result) => !result.suppressed);
  const scanned = attention(evaluateControls(snapshot, selected, evaluation));
  const draft = structuredClone(snapshot);
  const actions: Action[] = [];
  const notes = benchmark && outside.length > 0 ? [notInBenchmark(benchmark, outside)] : [];
  for (const remediation of REMEDIATIONS) {
    const controls = selected.filter((control) => repairedBy(control.repair) === remediation.name);
    if (controls.length === 0) continue;
    // Each evaluation builds its lookups afresh (EvaluationMemo), so it sees the draft as repaired so far.
    const failing = attention(evaluateControls(draft, controls, evaluation)).filter((result) => result.status === 'FAIL');
    if (failing.length === 0) continue;
    const planned = remediation.plan(draft, {
      collected: snapshot,
      config: request.config,
      options: request.options,
      ...(cisVersion && { cisVersion }),
      failing,
    });
    for (const action of planned.actions) {
      action.simulate(draft);
      actions.push(action);
    }
    notes.push(...planned.skipped);
  }
  const repaired = new Set(actions.flatMap((action) => action.controls));
  return {
    accountId: snapshot.account.id,
    actions,
    notes,
    unrepaired: scanned.filter((result) => result.status === 'FAIL' && !repaired.has(result.controlId)),
    undecided: scanned.filter((result) => result.status === 'ERROR'),
  };
}

/** The controls `--benchmark` leaves out, as `scan --benchmark` leaves them out of its report. */
function notInBenchmark(benchmark: Benchmark, outside: readonly Control[]): string {
  return `${outside.map((control) => control.id).join(', ')}: not in ${benchmark.title} (--benchmark ${benchmark.name}), so neither evaluated nor repaired`;
}
