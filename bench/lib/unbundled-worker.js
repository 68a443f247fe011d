/**
 * A worker entry for profiling bench/org-scale.js (`BENCH_WORKER_ENTRY=unbundled`): the collector as
 * tsc wrote it, so that a worker's --cpu-prof profile names the SDK's packages, which the CLI's
 * bundled entry (dist/cli/member-worker.js) folds into dist/chunks/. The work is the same.
 */
import { serveMembers } from '../../dist/collect/member-workers.js';

serveMembers(() => ({}));
