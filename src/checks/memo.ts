import type { AccountSnapshot } from '../snapshot/types.js';

/** Names one memoised value and its type: `const KEY = memoKey<MonitoringContext>('monitoring context')`. */
export interface MemoKey<T> {
  readonly name: string;
  /** Never set: carries T. */
  readonly type?: T;
}

export function memoKey<T>(name: string): MemoKey<T> {
  return { name };
}

/**
 * What the controls of one evaluation build once and share (the monitoring lookups, the alarms the
 * chains rely on, parsed patterns): owned by the evaluation, not by a module, so a later evaluation
 * of a changed snapshot (`fix` plans against a draft it keeps repairing) never sees stale values.
 * `evaluateControls` makes one per call; it is bound to that call's snapshot.
 */
export class EvaluationMemo {
  private readonly values = new Map<MemoKey<unknown>, unknown>();

  constructor(readonly snapshot: AccountSnapshot) {}

  get<T>(key: MemoKey<T>, build: () => T): T {
    if (this.values.has(key)) return this.values.get(key) as T;
    const value = build();
    this.values.set(key, value);
    return value;
  }
}

/**
 * The memoised value for `snapshot` when the context carries the evaluation's memo of that snapshot;
 * otherwise (a control called on its own, as unit tests do) a value built for this call only.
 */
export function memoized<T>(snapshot: AccountSnapshot, memo: EvaluationMemo | undefined, key: MemoKey<T>, build: () => T): T {
  return memo?.snapshot === snapshot ? memo.get(key, build) : build();
}
