/**
 * The AWS API calls a plan makes, as data: service, Region, operation and the exact input. A plan
 * prints them, `applyPlan` sends them in order, and a test checks that `trailwarden iam-policy fix`
 * allows every one of them.
 *
 * Inputs may name a value that only exists once an earlier call of the same action has run (the
 * ARN of a key trailwarden creates) as `${name}`; the call that produces it says so with `binds`. In an
 * array, the element `...${name}` stands for the elements of a bound array (the lifecycle rules a
 * bucket has when the plan is applied), or for none when the lookup found nothing.
 */

import type { Service } from '../aws/clients.js';

/** The IAM service prefix doubles as our service name (`cloudtrail:CreateTrail`): the AWS access layer's one Service type. */
export type { Service };

/** An SDK v3 command class: `new CreateTrailCommand(input)`. */
export type CommandClass<I extends object> = new (input: I) => object;

export interface ApiCall {
  service: Service;
  region: string;
  /** The API operation, e.g. `CreateTrail`. */
  operation: string;
  input: object;
  /** Builds the SDK command once `${name}` references in the input are resolved. */
  command(resolvedInput: object): object;
  /**
   * Error names that mean an earlier, interrupted run already did this (the bucket it created is
   * there): the call counts as done, so re-running a failed plan completes it.
   */
  alreadyDone?: string[];
  /** Values of the response that later calls refer to as `${name}`: name → dotted response path. */
  binds?: Record<string, string>;
  /** Skip the call when this binding already has a value (a lookup found what it would create). */
  unlessBound?: string;
  /** Error names that mean a change made just before is not visible yet (a new IAM role): retry. */
  retryWhile?: string[];
}

export type CallOptions = Pick<ApiCall, 'alreadyDone' | 'binds' | 'unlessBound' | 'retryWhile'>;

export function call<I extends object>(service: Service, region: string, Command: CommandClass<I>, input: I, options: CallOptions = {}): ApiCall {
  return {
    service,
    region,
    operation: Command.name.replace(/Command$/, ''),
    input,
    command: (resolved) => new Command(resolved as I),
    ...options,
  };
}

/** `service:Operation`, as in the plan and in IAM policies. */
export function callName(apiCall: ApiCall): string {
  return `${apiCall.service}:${apiCall.operation}`;
}

/** A reference to a value bound by an earlier call, for use in an input. */
export function bound(name: string): string {
  return `\${${name}}`;
}

/** In an array: the elements of a bound array; typed as such an element so that inputs stay typed. */
export function spread<Element>(name: string): Element {
  return `...\${${name}}` as unknown as Element;
}

const REFERENCE = /\$\{([A-Za-z][\w-]*)\}/g;
const WHOLE_REFERENCE = /^\$\{([A-Za-z][\w-]*)\}$/;
const SPREAD = /^\.\.\.\$\{([A-Za-z][\w-]*)\}$/;

/** Replaces `${name}` references and `...${name}` spreads in an input; throws on a reference nothing has bound. */
export function resolveInput<T>(value: T, bindings: ReadonlyMap<string, unknown>): T {
  if (typeof value === 'string') {
    const whole = WHOLE_REFERENCE.exec(value);
    if (whole) return boundValue(bindings, whole[1]!) as T;
    return value.replace(REFERENCE, (_, name: string) => String(boundValue(bindings, name))) as T;
  }
  if (Array.isArray(value)) {
    return value.flatMap((item: unknown) => {
      const spreadOf = typeof item === 'string' ? SPREAD.exec(item) : null;
      if (spreadOf) return [bindings.get(spreadOf[1]!) ?? []].flat();
      return [resolveInput(item, bindings)];
    }) as T;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveInput(item as unknown, bindings)])) as T;
  }
  return value;
}

function boundValue(bindings: ReadonlyMap<string, unknown>, name: string): unknown {
  if (!bindings.has(name)) throw new Error(`no earlier call produced \${${name}}`);
  return bindings.get(name);
}
