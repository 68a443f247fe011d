/**
 * The entry of each worker thread of `scan --org --workers N` (snapshot-source.ts starts them from
 * dist/cli/member-worker.js; scripts/build.js bundles it like a command). The collector
 * does the work (collect/member-workers.ts); this entry only rebuilds what cannot cross threads:
 * `--verify-patterns-with-aws`'s questions, from the selected controls and the evaluation context.
 */
import { patternQuestions } from '../checks/monitoring/chain/verification.js';
import { controlsFor } from '../checks/registry.js';
import type { EvaluationContext } from '../checks/types.js';
import { serveMembers } from '../collect/member-workers.js';

/** What the scan hands each worker: the ids of the selected controls and the evaluation context, when patterns are verified. */
export interface MemberWorkerSetup {
  verify?: { controlIds: string[]; evaluation: Pick<EvaluationContext, 'config' | 'cisVersion'> };
}

serveMembers((setup) => {
  const { verify } = (setup ?? {}) as MemberWorkerSetup;
  if (!verify) return {};
  const ids = new Set(verify.controlIds);
  return {
    verifyPatterns: patternQuestions(
      controlsFor(verify.evaluation.config).filter((control) => ids.has(control.id)),
      verify.evaluation,
    ),
  };
});
