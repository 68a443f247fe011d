import { readFileSync } from 'node:fs';
import type { Benchmark } from '../../src/checks/benchmark.js';
import { controlsFor } from '../../src/checks/registry.js';
import { DEFAULT_CONFIG, type TrailwardenConfig } from '../../src/config/types.js';
import { applyPlan, type ApplyReport } from '../../src/remediations/apply.js';
import { callName } from '../../src/remediations/calls.js';
import { planFixes, type FixPlan } from '../../src/remediations/plan.js';
import type { FixOptions } from '../../src/remediations/types.js';
import type { AccountSnapshot } from '../../src/snapshot/types.js';
import type { FakeAccount } from './fake-account.js';

export const INSECURE_EXAMPLE = 'examples/insecure-account.json';

/** The checked-in Terraform export of the insecure example, and the `fix` flags it was made with. */
export const TERRAFORM_EXAMPLE = 'examples/terraform/insecure-account.tf';
export const TERRAFORM_EXAMPLE_FLAGS = ['--notify', 'email:security@example.com', '--kms-key', 'create', '--access-log-bucket', 'example-access-logs'];

export function loadExample(path = INSECURE_EXAMPLE): AccountSnapshot {
  return JSON.parse(readFileSync(path, 'utf8')) as AccountSnapshot;
}

/** Plans with every control, or only `only`, as `fix --controls` would; to `benchmark`, as `fix --benchmark` would. */
export function plan(
  snapshot: AccountSnapshot,
  options: Partial<FixOptions> = {},
  only?: string[],
  config: TrailwardenConfig = DEFAULT_CONFIG,
  benchmark?: Benchmark,
): FixPlan {
  const controls = controlsFor(config).filter((control) => !only || only.includes(control.id));
  return planFixes(snapshot, {
    controls,
    config,
    options: { via: 'metric-filter', ...options },
    ...(benchmark && { benchmark }),
    now: new Date('2026-06-01T00:00:00Z'),
  });
}

export async function apply(fixPlan: FixPlan, account: FakeAccount): Promise<ApplyReport> {
  return applyPlan(fixPlan.actions, account.clientFor, { retryDelayMs: 0 });
}

/** Every API call of a plan, as `service:Operation`. */
export function callsOf(fixPlan: FixPlan): string[] {
  return fixPlan.actions.flatMap((action) => action.calls.map(callName));
}

/** The input of the first planned call of an operation. */
export function inputOf(fixPlan: FixPlan, operation: string): Record<string, unknown> {
  const found = fixPlan.actions.flatMap((action) => action.calls).find((c) => callName(c) === operation);
  if (!found) throw new Error(`the plan makes no ${operation} call`);
  return found.input as Record<string, unknown>;
}
