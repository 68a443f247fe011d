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

  /** Without `limitMs`, the deadline never passes. */
  constructor(limitMs?: number) {
    // Every read and HTTP attempt in flight listens for the deadline: hundreds at once is expected, not a leak.
    setMaxListeners(0, this.controller.signal);
    if (limitMs === undefined) return;
    // Unref'd: a collection that finishes early must not keep the process alive until the limit.
    setTimeout(() => this.controller.abort(new CollectionTimeout(limitMs)), limitMs).unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** `work`'s outcome, or `CollectionTimeout` as soon as the deadline passes (`work` is then abandoned, not awaited). */
  race<T>(work: () => Promise<T>): Promise<T> {
    const { signal } = this;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      work()
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
}
