import { describe, expect, it } from 'vitest';
import { MemberWorkerPool } from '../../src/collect/member-workers.js';
import { WorkerCrash, WorkerPool } from '../../src/collect/worker-pool.js';

/** Speaks the pool's protocol; what it does depends on the task (see the file). */
const ENTRY = new URL('./fixtures/pool-worker.mjs', import.meta.url);

type Task = { echo: unknown; delayMs?: number } | { fail: string } | { exit: number } | { uncaught: string } | { hang: true };

async function withPool<T>(count: number, use: (pool: WorkerPool<Task, unknown>) => Promise<T>, entry = ENTRY): Promise<T> {
  const pool = new WorkerPool<Task, unknown>(entry, count, undefined);
  try {
    return await use(pool);
  } finally {
    await pool.close();
  }
}

describe('WorkerPool', () => {
  it("answers every task, spreading them over the workers, and reports each worker's tasks and peak heap", async () => {
    await withPool(2, async (pool) => {
      const answers = await Promise.all([1, 2, 3, 4].map((n) => pool.run({ echo: n, delayMs: 20 })));
      expect(answers).toEqual([1, 2, 3, 4]);
      const memory = pool.memory();
      expect(memory.map((worker) => worker.tasks)).toEqual([2, 2]);
      expect(memory.every((worker) => worker.peakHeapTotal > 1000 && worker.peakHeapUsed > 500 && worker.crashed === undefined)).toBe(true);
    });
  });

  it('rejects a task whose handler failed with its message, and the worker goes on', async () => {
    await withPool(1, async (pool) => {
      await expect(pool.run({ fail: 'AccessDenied somewhere' })).rejects.toThrow('AccessDenied somewhere');
      await expect(pool.run({ echo: 'still here' })).resolves.toBe('still here');
    });
  });

  it('rejects the tasks of a worker that exits with WorkerCrash, and hands later tasks to the workers left', async () => {
    await withPool(2, async (pool) => {
      const crashed = pool.run({ exit: 3 });
      await expect(crashed).rejects.toBeInstanceOf(WorkerCrash);
      await expect(crashed).rejects.toThrow('exit code 3');
      expect(await Promise.all([pool.run({ echo: 'a' }), pool.run({ echo: 'b' })])).toEqual(['a', 'b']);
      expect(pool.memory().map((worker) => worker.crashed !== undefined)).toEqual([true, false]);
    });
  });

  it("says an uncaught exception's message, and rejects every waiting task of that worker (a hung one too), so nothing waits for ever", async () => {
    await withPool(1, async (pool) => {
      const hung = pool.run({ hang: true });
      const crashing = pool.run({ uncaught: 'worker blew up' });
      await expect(crashing).rejects.toThrow('worker blew up');
      await expect(hung).rejects.toBeInstanceOf(WorkerCrash);
      // No worker is left: later tasks reject at once rather than wait.
      await expect(pool.run({ echo: 'late' })).rejects.toThrow(/no worker thread is left/);
    });
  });

  it('rejects the tasks, saying why, when the entry cannot start', async () => {
    await withPool(
      1,
      async (pool) => {
        const task = pool.run({ echo: 1 });
        await expect(task).rejects.toBeInstanceOf(WorkerCrash);
        await expect(task).rejects.toThrow('this worker cannot start');
      },
      new URL('./fixtures/failing-worker.mjs', import.meta.url),
    );
  });

  it('stops the workers it does not retain, which are neither crashed nor reported, and gives every task to the others', async () => {
    await withPool(3, async (pool) => {
      pool.retain(1);
      expect(await Promise.all([pool.run({ echo: 1 }), pool.run({ echo: 2 })])).toEqual([1, 2]);
      expect(pool.memory()).toEqual([expect.objectContaining({ tasks: 2 })]);
      expect(pool.memory()[0]?.crashed).toBeUndefined();
    });
  });

  it('rejects the tasks still in hand when it is closed', async () => {
    const pool = new WorkerPool<Task, unknown>(ENTRY, 1, undefined);
    const hung = pool.run({ hang: true });
    await pool.close();
    await expect(hung).rejects.toThrow('the pool was closed');
  });
});

describe('MemberWorkerPool', () => {
  const caller = { accountId: '111111111111', partition: 'aws', callerArn: 'arn:aws:iam::111111111111:user/auditor' };
  const options = { toolVersion: 'test', roleName: 'Audit' };

  it("makes a crashed worker's account an outcome with the reason (code WorkerCrash); the other accounts are still collected", async () => {
    const pool = new MemberWorkerPool({ count: 2, entry: ENTRY }, options, Date.now());
    pool.start(2, caller, Promise.resolve(new Set(['crash', '222222222222'])));
    try {
      const [crashed, collected] = await Promise.all([
        pool.collect({ id: 'crash', name: 'crashes' }, 'us-east-1'),
        pool.collect({ id: '222222222222', name: 'fine' }, 'us-east-1'),
      ]);
      expect(crashed).toEqual({
        account: { id: 'crash', name: 'crashes' },
        error: { operation: 'trailwarden:CollectAccount', region: 'us-east-1', code: 'WorkerCrash', message: expect.stringContaining('exit code 7') as string },
      });
      expect(collected).toMatchObject({ account: { id: '222222222222' }, error: { code: 'Echo' } });
    } finally {
      await pool.close();
    }
  });

  it('refuses options that cannot cross to a thread (a request handler is a function)', () => {
    expect(
      () => new MemberWorkerPool({ count: 2, entry: ENTRY }, { ...options, requestHandler: { handle: () => Promise.reject(new Error('no')) } }, Date.now()),
    ).toThrow(/cannot be handed to worker threads/);
  });
});
