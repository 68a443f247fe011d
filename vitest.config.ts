import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Files that must each run in a fresh module graph (vitest's default isolation):
 * - test/e2e/: the built CLI against moto, each file with a server of its own;
 * - test/collect/: the real SDK clients, whose providers keep state between files of one worker
 *   (run test/collect/ with `--no-isolate` to see real-clients.test.ts and pattern-oracle.test.ts fail).
 * Every other file is a pure function over data and shares one module graph per worker: loading the
 * SDK and our sources once per worker instead of once per file halves those files' CPU (111 s → 58 s).
 */
const ISOLATED = ['test/e2e/**/*.test.ts', 'test/collect/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // An end-to-end file spends most of its time waiting for the CLI and moto, two other processes: one
    // worker more than the cores keeps every core busy. (vitest's default, cores - 1, ran the suite on one
    // core of a two-core machine.)
    maxWorkers: availableParallelism() + 1,
    // The default summary, then one line naming the suites skipped for want of Chromium, moto or Terraform.
    reporters: ['default', './test/support/skipped-reporter.ts'],
    // The SDK warns on Node 20 (NodeVersionSupportWarning); it is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // vi.stubEnv is undone after each test, so that no file sees another's environment.
    unstubEnvs: true,
    projects: [
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ISOLATED, isolate: false } },
    ],
  },
});
