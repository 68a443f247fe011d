import { OPERATIONS } from '../iam/operations.js';
import { errorCode } from '../aws/errors.js';
import { callName, resolveInput, type ApiCall, type Service } from './calls.js';
import type { Action } from './types.js';

/** Anything with the SDK v3 `send`: a real client, or a mocked one in tests. */
export interface Sender {
  send(command: object): Promise<unknown>;
}

/** Gives the client for a service in a Region (the shared `Clients` factory, or mocks in tests). */
export type ClientFor = (service: Service, region: string) => Sender;

export interface CallOutcome {
  call: ApiCall;
  outcome: 'done' | 'already-done' | 'skipped';
}

export interface ApplyFailure {
  action: Action;
  call: ApiCall;
  /** The AWS error code (`AccessDenied`, ...) or the error's name. */
  code: string;
  message: string;
  /** The calls of the failed action that did succeed before it. */
  completed: CallOutcome[];
}

export interface ApplyReport {
  /** Actions whose every call succeeded, in the order applied. */
  applied: Action[];
  failure?: ApplyFailure;
  /** Actions not started because of the failure. */
  notApplied: Action[];
}

export interface ApplyOptions {
  /** Told before each call is sent. */
  onCall?: (action: Action, call: ApiCall) => void;
  /** Waits between retries of a call whose prerequisite is not visible yet (tests pass 0). */
  retryDelayMs?: number;
}

/** IAM changes usually reach CloudTrail within seconds; give up after about half a minute. */
const RETRY_ATTEMPTS = 8;
const RETRY_DELAY_MS = 4_000;

/**
 * Applies actions in plan order and stops at the first failed call: later actions may depend on
 * it (no trail without its bucket policy). Every action is ordered so that what is left after a
 * failure is either complete or re-created by the next `fix` (which re-plans from a new snapshot),
 * and creations tolerate the "already exists" of an interrupted earlier run.
 */
export async function applyPlan(actions: readonly Action[], clientFor: ClientFor, options: ApplyOptions = {}): Promise<ApplyReport> {
  const applied: Action[] = [];
  for (const [index, action] of actions.entries()) {
    // Bound values belong to one action: two trails' keys must not be taken for one another.
    const bindings = new Map<string, unknown>();
    const completed: CallOutcome[] = [];
    for (const apiCall of action.calls) {
      if (apiCall.unlessBound && bindings.has(apiCall.unlessBound)) {
        completed.push({ call: apiCall, outcome: 'skipped' });
        continue;
      }
      options.onCall?.(action, apiCall);
      try {
        const response = await send(apiCall, clientFor, bindings, options.retryDelayMs ?? RETRY_DELAY_MS);
        for (const [name, path] of Object.entries(apiCall.binds ?? {})) {
          const value = valueAt(response, path);
          if (value !== undefined) bindings.set(name, value);
        }
        completed.push({ call: apiCall, outcome: 'done' });
      } catch (error) {
        const code = errorCode(error);
        if (apiCall.alreadyDone?.includes(code)) {
          completed.push({ call: apiCall, outcome: 'already-done' });
          continue;
        }
        return {
          applied,
          failure: { action, call: apiCall, code, message: error instanceof Error ? error.message : String(error), completed },
          notApplied: actions.slice(index + 1),
        };
      }
    }
    applied.push(action);
  }
  return { applied, notApplied: [] };
}

async function send(apiCall: ApiCall, clientFor: ClientFor, bindings: ReadonlyMap<string, unknown>, delayMs: number): Promise<unknown> {
  const command = apiCall.command(resolveInput(apiCall.input, bindings));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await clientFor(apiCall.service, apiCall.region).send(command);
    } catch (error) {
      if (attempt >= RETRY_ATTEMPTS || !apiCall.retryWhile?.includes(errorCode(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** What the report says about a failure, one line per fact. */
export function describeFailure(failure: ApplyFailure): string[] {
  const done = failure.completed.filter((c) => c.outcome !== 'skipped').map((c) => callName(c.call));
  const name = callName(failure.call);
  // The policy iam-policy prints without a plan leaves these out on purpose: say how to get them.
  const planOnly = OPERATIONS.find((operation) => operation.operation === name)?.planOnly;
  return [
    `${name} failed with ${failure.code}: ${failure.message}`,
    `while applying: ${failure.action.summary}${done.length > 0 ? ` (already made: ${done.join(', ')})` : ''}`,
    ...(planOnly && /denied|authoriz/i.test(failure.code)
      ? [
          `${name} is granted only for a plan's own resources (${planOnly}): attach the policy of \`trailwarden iam-policy fix --snapshot FILE\` with this plan's snapshot`,
        ]
      : []),
  ];
}

function valueAt(response: unknown, path: string): unknown {
  let value: unknown = response;
  for (const key of path.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}
