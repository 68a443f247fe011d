import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { describeWith, MOTO } from '../support/prerequisites.js';
import { assertBuilt, removeTempDirs } from './cli.js';
import { cloudTrailLakeStub } from './cloudtrail-lake-stub.js';

/**
 * moto server (a local AWS emulator, see docs/reference/moto.md) for the end-to-end tests.
 * One server per test file, reset between tests: a reset takes ~10 ms, a restart ~0.5 s.
 * Everything binds and connects to 127.0.0.1 only.
 */

export interface Moto {
  /**
   * `http://127.0.0.1:PORT`: the AWS endpoint for every service, and moto's own `/moto-api/`. It is
   * the CloudTrail Lake stub (cloudtrail-lake-stub.ts), which answers the event data store calls
   * moto does not implement and forwards everything else to moto.
   */
  endpoint: string;
  /** Wipes every service, region and account. */
  reset(): Promise<void>;
  /**
   * IAM enforcement (`POST /moto-api/reset-auth`): the next `initialNoAuthActionCount` AWS requests
   * are not checked, every later one is authorised against the IAM policies of the user whose access
   * key signed it (`Infinity`: never check, moto's default; `0`: check from now on). Counts from zero
   * again on every call; `reset()` neither clears nor restarts it. The 'testing' keys belong to no
   * IAM user, so once checking starts they are refused.
   */
  resetAuth(initialNoAuthActionCount: number): Promise<void>;
  /** moto's whole state (`GET /moto-api/data.json`), for debugging a builder. */
  data(): Promise<Record<string, unknown>>;
  /** Stops this server (and only this one). */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const READY_WITHIN_MS = 5_000;

/** `describe` for a suite that needs moto server: skipped, and named at the end of the run, where moto is missing. */
export function describeWithMoto(name: string, body: () => void): void {
  describeWith(MOTO, name, body);
}

export interface StartMotoOptions {
  /**
   * Extra environment variables of the moto process, over the test process's own: e.g.
   * `{ INITIAL_NO_AUTH_ACTION_COUNT: '0' }` for a server that enforces IAM policies from the first
   * request (see `Moto.resetAuth`). A test that sets any should start its own server.
   */
  env?: Record<string, string>;
}

/** A port that was free a moment ago; moto binds it right after, so the window for a clash is tiny. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, HOST);
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('could not find a free port on 127.0.0.1');
  return address.port;
}

export async function startMoto(options: StartMotoOptions = {}): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://${HOST}:${port}`;
  // Spawned without a shell so that `child.pid` is moto itself: stop() must kill exactly that process.
  const child = spawn('python3', ['-m', 'moto.server', '-H', HOST, '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...options.env, PYTHONUNBUFFERED: '1' },
  });
  // Kept short: only to explain a failed start. Werkzeug logs every request on stderr.
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 4_000) stderr += chunk;
  });
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  child.once('error', (error) => {
    exited = error.message;
  });
  // Best effort for a worker that exits without running afterAll (a bail-out): a killed worker
  // cannot run this, so afterAll's stop() remains the way moto ends.
  const killOnExit = (): void => {
    if (exited === undefined) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (exited !== undefined) return;
    const gone = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await gone;
    clearTimeout(timer);
  };

  const deadline = Date.now() + READY_WITHIN_MS;
  for (;;) {
    if (exited !== undefined) {
      await stop();
      throw new Error(`moto server exited during start-up (${exited}):\n${stderr}`);
    }
    if (await isReady(endpoint)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto server on ${endpoint} was not ready within ${READY_WITHIN_MS} ms:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  // moto has no CloudTrail Lake: the stub answers its event data store calls and forwards the rest.
  let lake: Awaited<ReturnType<typeof cloudTrailLakeStub>>;
  try {
    lake = await cloudTrailLakeStub(endpoint);
  } catch (error) {
    await stop();
    throw error;
  }
  const stopBoth = async (): Promise<void> => {
    await lake.close();
    await stop();
  };

  return {
    endpoint: lake.url,
    async reset() {
      const response = await fetch(`${lake.url}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
    },
    async resetAuth(initialNoAuthActionCount) {
      if (!(initialNoAuthActionCount >= 0)) throw new Error(`resetAuth needs a count of at least 0, got ${initialNoAuthActionCount}`);
      // moto reads the body with Python's float(): 'Infinity' and '0' both parse.
      const response = await fetch(`${endpoint}/moto-api/reset-auth`, { method: 'POST', body: String(initialNoAuthActionCount) });
      if (!response.ok) throw new Error(`moto reset-auth failed: HTTP ${response.status}`);
    },
    async data() {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (!response.ok) throw new Error(`moto data.json failed: HTTP ${response.status}`);
      return (await response.json()) as Record<string, unknown>;
    },
    stop: stopBoth,
  };
}

async function isReady(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    // Connection refused until the server has bound its port.
    return false;
  }
}

/**
 * moto for the enclosing describe: the built CLI checked and a server started before its tests,
 * stopped (and the tests' temporary folders removed) after them, and wiped before each test unless
 * `resetBeforeEach` is false. The returned handle is usable in the tests and hooks that follow.
 */
export function useMoto(options: StartMotoOptions & { resetBeforeEach?: boolean } = {}): Moto {
  let started: Moto | undefined;
  const running = (): Moto => {
    if (!started) throw new Error('moto is not running: useMoto() starts it in a beforeAll hook');
    return started;
  };
  beforeAll(async () => {
    assertBuilt();
    started = await startMoto(options);
  });
  afterAll(async () => {
    await started?.stop();
    removeTempDirs();
  });
  if (options.resetBeforeEach !== false) beforeEach(() => running().reset());
  return {
    get endpoint() {
      return running().endpoint;
    },
    reset: () => running().reset(),
    resetAuth: (count) => running().resetAuth(count),
    data: () => running().data(),
    stop: () => running().stop(),
  };
}
