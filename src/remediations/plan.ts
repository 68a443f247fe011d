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
import { sourceArnRemediation, versioningRemediation } from './cloudtrail/trail-bucket-integrity.js';
import { encryptionRemediation, validationRemediation } from './cloudtrail/trail-settings.js';
import { trailRemediation } from './cloudtrail/trail.js';
import { trailTagsRemediation } from './cloudtrail/trail-tags.js';
import { eventDataStoreEncryptionRemediation } from './cloudtrail/event-data-store-encryption.js';
import type { Action, FixOptions, Remediation } from './types.js';

/**
 * Every remediation, in the order they plan and apply: a later one builds on what the earlier ones
 * create (the trail, then its log delivery, then the alarms on its log group). Encryption comes
 * last among the changes to trails (after their tags), so that its Terraform block, which refers to the new key, is
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
  versioningRemediation,
  sourceArnRemediation,
  trailTagsRemediation,
  encryptionRemediation,
  eventDataStoreEncryptionRemediation,
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
  const chosen = benchmark ? benchmarkSelection(benchmark, request.controls) : { evaluated: request.controls, outside: [] };
  const prerequisites = benchmark ? logDeliveryPrerequisites(chosen.evaluated, chosen.outside, request.options) : [];
  const selected = [...chosen.evaluated, ...prerequisites];
  const outside = chosen.outside.filter((control) => !prerequisites.includes(control));
  const cisVersion = benchmark?.cisVersion;
  const evaluation = { config: request.config, ...(cisVersion && { cisVersion }) };
  // A suppressed finding is a risk the user accepted: fix leaves it as it is.
  const attention = (results: Result[]): Result[] =>
    applySuppressions(results, request.config.suppressions, request.now).filter((result) => !result.suppressed);
  const scanned = attention(evaluateControls(snapshot, chosen.evaluated, evaluation));
  const draft = structuredClone(snapshot);
  const actions: Action[] = [];
  const notes = benchmark && outside.length > 0 ? [notInBenchmark(benchmark, outside)] : [];
  if (benchmark && prerequisites.length > 0) notes.push(prerequisiteNote(benchmark, prerequisites));
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
  // What fix will not change, and why: the reason each such control gives (Object Lock, a user's alarm, ...).
  const failingIds = new Set(scanned.filter((result) => result.status === 'FAIL').map((result) => result.controlId));
  for (const control of chosen.evaluated) {
    if ('notRepaired' in control.repair && failingIds.has(control.id)) notes.push(`${control.id}: ${control.repair.notRepaired}`);
  }
  return {
    accountId: snapshot.account.id,
    actions,
    notes,
    unrepaired: scanned.filter((result) => result.status === 'FAIL' && !repaired.has(result.controlId)),
    undecided: scanned.filter((result) => result.status === 'ERROR'),
  };
}

/**
 * A benchmark may leave out the trail's delivery to CloudWatch Logs (CIS 3.0.0 and later drop
 * CloudTrail.5) while its monitoring controls, met by metric filters, need a log group that
 * receives the events: fix then repairs the delivery as their prerequisite, unless the user left it
 * out with --controls or --exclude-controls.
 */
function logDeliveryPrerequisites(evaluated: readonly Control[], outside: readonly Control[], options: FixOptions): Control[] {
  const monitored = evaluated.some((control) => 'spec' in control);
  if (!monitored || options.via !== 'metric-filter') return [];
  return outside.filter((control) => repairedBy(control.repair) === logDeliveryRemediation.name);
}

function prerequisiteNote(benchmark: Benchmark, prerequisites: readonly Control[]): string {
  return `${prerequisites.map((control) => control.id).join(', ')}: not in ${benchmark.title}, but repaired all the same where it fails, as the log delivery that its monitoring controls' metric filters need`;
}

/** The controls `--benchmark` leaves out, as `scan --benchmark` leaves them out of its report. */
function notInBenchmark(benchmark: Benchmark, outside: readonly Control[]): string {
  return `${outside.map((control) => control.id).join(', ')}: not in ${benchmark.title} (--benchmark ${benchmark.name}), so neither evaluated nor repaired`;
}
