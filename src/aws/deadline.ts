import { setMaxListeners } from 'node:events';

/**
 * The reason a read was not made or not finished: the collection's time limit ran out. Its name
 * is the error code the snapshot records (`Timeout`); the SDK does not retry it.
 */
export class CollectionTimeout extends Error {
  override name = 'Timeout';

  constructor(limitMs: number) {
    super(`the scan's time limit of ${limitMs / 1000} s ran out before this read completed`);
  }
}

/**
 * The time limit of one collection (all accounts of an organization scan share it). Once it has
 * passed, reads in flight end at once and later reads fail without a call, all with
 * `CollectionTimeout`: the snapshot is complete, with what was not read marked as such.
 */
export class Deadline {
  private readonly controller = new AbortController();
  /**
   * What to do when the deadline passes, for every read and HTTP attempt in flight. One listener on
   * the signal calls them all: an AbortSignal keeps its listeners in a list that each add and
   * remove walks, and an organization scan has hundreds of reads in flight on the one deadline
   * (bench/org-scale.js: addEventListener was 3.6 % of the collection's CPU at concurrency 32).
   */
  private readonly expiry = new Set<() => void>();
  private readonly limited: boolean;

  /** Without `limitMs`, the deadline never passes. */
  constructor(limitMs?: number) {
    // The Semaphore's waiters listen to the signal itself: many at once is expected, not a leak.
    setMaxListeners(0, this.controller.signal);
    this.limited = limitMs !== undefined;
    if (limitMs === undefined) return;
    this.controller.signal.addEventListener(
      'abort',
      () => {
        for (const listener of [...this.expiry]) listener();
        this.expiry.clear();
      },
      { once: true },
    );
    // Unref'd: a collection that finishes early must not keep the process alive until the limit.
    setTimeout(() => this.controller.abort(new CollectionTimeout(limitMs)), limitMs).unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Calls `listener` when the deadline passes; returns what stops listening. (The caller checks `signal.aborted` first.) */
  whenPassed(listener: () => void): () => void {
    if (!this.limited) return () => {};
    this.expiry.add(listener);
    return () => this.expiry.delete(listener);
  }

  /** `work`'s outcome, or `CollectionTimeout` as soon as the deadline passes (`work` is then abandoned, not awaited). */
  race<T>(work: () => Promise<T>): Promise<T> {
    const { signal } = this;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const stop = this.whenPassed(() => reject(signal.reason));
      work().then(resolve, reject).finally(stop);
    });
  }
}
