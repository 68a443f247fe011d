import { parentPort, Worker } from 'node:worker_threads';

/** What a worker thread used of its own JavaScript heap (a worker's `rss` would be the whole process's). */
export interface WorkerMemory {
  /** Tasks the worker finished. */
  tasks: number;
  /** The largest heap (V8's `heapTotal`) and the most of it in use it reported after a task, in bytes. */
  peakHeapTotal: number;
  peakHeapUsed: number;
  /** Why the worker stopped before the pool closed it, if it did. */
  crashed?: string;
}

/** A task the pool could not have answered: its worker stopped (crashed, ran out of memory, or could not start). */
export class WorkerCrash extends Error {
  override name = 'WorkerCrash';
}

type Reply<R> = { id: number; heapTotal: number; heapUsed: number } & ({ result: R } | { error: string });

interface Pending<R> {
  resolve: (result: R) => void;
  reject: (error: Error) => void;
}

interface Thread<R> {
  worker: Worker;
  pending: Map<number, Pending<R>>;
  memory: WorkerMemory;
  alive: boolean;
  /** Stopped by `retain`: not a crash, and no longer reported. */
  retired?: boolean;
}

/**
 * `count` worker threads running `entry`, each started with `workerData`; `run` hands a task to
 * the live worker with the fewest in hand and resolves with its answer. A task whose worker
 * stops rejects with `WorkerCrash`, and so does every later task once no worker is left, so a
 * crash never leaves a caller waiting. Answers and tasks cross threads by structured clone.
 */
export class WorkerPool<T, R> {
  private readonly threads: Thread<R>[];
  private nextId = 0;
  private closing = false;

  constructor(entry: URL, count: number, workerData: unknown) {
    this.threads = Array.from({ length: Math.max(1, Math.floor(count)) }, () => this.spawn(entry, workerData));
  }

  run(task: T): Promise<R> {
    const live = this.threads.filter((thread) => thread.alive && !thread.retired);
    if (live.length === 0) return Promise.reject(new WorkerCrash(`no worker thread is left: ${this.threads.map((t) => t.memory.crashed).join('; ')}`));
    const thread = live.reduce((least, candidate) => (candidate.pending.size < least.pending.size ? candidate : least));
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ id, task });
    });
  }

  /** Sends `context` to every worker, ahead of the tasks that follow (a port keeps its messages in order); serveTasks passes it by. */
  share(context: unknown): void {
    for (const thread of this.threads) if (thread.alive) thread.worker.postMessage({ context });
  }

  /** Stops the workers beyond the first `count`, which the run turned out not to need. */
  retain(count: number): void {
    for (const thread of this.threads.slice(Math.max(1, count))) {
      thread.retired = true;
      void thread.worker.terminate();
    }
  }

  memory(): WorkerMemory[] {
    return this.threads.filter((thread) => !thread.retired).map((thread) => ({ ...thread.memory }));
  }

  /** Stops every worker; tasks still in hand reject with `WorkerCrash`. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private spawn(entry: URL, workerData: unknown): Thread<R> {
    const worker = new Worker(entry, { workerData });
    const thread: Thread<R> = { worker, pending: new Map(), memory: { tasks: 0, peakHeapTotal: 0, peakHeapUsed: 0 }, alive: true };
    let failure: string | undefined;
    worker.on('message', (reply: Reply<R>) => {
      const pending = thread.pending.get(reply.id);
      if (!pending) return;
      thread.pending.delete(reply.id);
      thread.memory.tasks += 1;
      thread.memory.peakHeapTotal = Math.max(thread.memory.peakHeapTotal, reply.heapTotal);
      thread.memory.peakHeapUsed = Math.max(thread.memory.peakHeapUsed, reply.heapUsed);
      if ('error' in reply) pending.reject(new Error(reply.error));
      else pending.resolve(reply.result);
    });
    // An uncaught exception (or a module that cannot load) ends the worker: 'error', then 'exit'.
    worker.on('error', (error) => (failure ??= error.message));
    worker.on('messageerror', (error) => (failure ??= `a message could not be read: ${error.message}`));
    worker.on('exit', (code) => {
      thread.alive = false;
      const stopped = this.closing || thread.retired;
      const why = stopped ? 'the pool was closed' : `the worker thread stopped (exit code ${code})${failure ? `: ${failure}` : ''}`;
      if (!stopped) thread.memory.crashed = why;
      for (const pending of thread.pending.values()) pending.reject(new WorkerCrash(why));
      thread.pending.clear();
    });
    return thread;
  }
}

/**
 * The worker's side: answers each task of the pool with `handle`'s result, or with its error's
 * message when it throws; the heap figures go with every answer.
 */
export function serveTasks<T, R>(handle: (task: T) => Promise<R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs in a worker thread');
  port.on('message', (message: { id: number; task: T } | { context: unknown }) => {
    // What `share` sends is for the worker's own listener.
    if (!('id' in message)) return;
    const { id, task } = message;
    const reply = (answer: { result: R } | { error: string }) => {
      const { heapTotal, heapUsed } = process.memoryUsage();
      port.postMessage({ id, heapTotal, heapUsed, ...answer });
    };
    handle(task).then(
      (result) => reply({ result }),
      (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
