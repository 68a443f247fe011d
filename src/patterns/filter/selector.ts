import type { Selector, SelectorStep } from './ast.js';

/** Where a selector leads in one parsed event (§1.3, semantics 1). */
export interface Resolution {
  /** The nodes reached: one at most, or several through `[*]` / `.*`. */
  found: unknown[];
  /** Some branch of the walk stopped: absent key, index out of range, or a step that does not fit the node. */
  someMissing: boolean;
  /**
   * A property step met an array (`$.resources.type` on `resources: [{…}]`). AWS does not say whether
   * it looks into the elements [U]; the strict reading treats the path as unresolved.
   */
  crossedArray: boolean;
}

/** No node at the end of the path. */
export const ABSENT: unique symbol = Symbol('absent');
/** The path met an array at a property step: take `resolveSelector` to read it both ways. */
export const THROUGH_ARRAY: unique symbol = Symbol('through array');

/**
 * The fast path for a selector without wildcards, by far the most common: at most one node, found
 * without allocating.
 */
export function followPath(steps: readonly SelectorStep[], root: unknown): unknown {
  let node = root;
  for (const step of steps) {
    if (step.kind === 'property') {
      if (Array.isArray(node)) return THROUGH_ARRAY;
      if (typeof node !== 'object' || node === null || !Object.hasOwn(node, step.name)) return ABSENT;
      node = (node as Record<string, unknown>)[step.name];
    } else if (step.kind === 'index') {
      if (!Array.isArray(node) || step.index >= node.length) return ABSENT;
      node = node[step.index];
    } else {
      throw new Error('followPath: wildcard steps need resolveSelector');
    }
  }
  return node;
}

/** `flattenArrays`: the alternative reading, where a property step applies to each element of an array. */
export function resolveSelector(selector: Selector, root: unknown, flattenArrays: boolean): Resolution {
  const resolution: Resolution = { found: [], someMissing: false, crossedArray: false };
  walk(root, selector.steps, 0, flattenArrays, resolution);
  return resolution;
}

function walk(node: unknown, steps: readonly SelectorStep[], index: number, flattenArrays: boolean, out: Resolution): void {
  const step = steps[index];
  if (step === undefined) {
    out.found.push(node);
    return;
  }
  if (Array.isArray(node) && (step.kind === 'property' || step.kind === 'any-property')) {
    out.crossedArray = true;
    if (!flattenArrays) out.someMissing = true;
    else for (const element of node) walk(element, steps, index, flattenArrays, out);
    return;
  }
  switch (step.kind) {
    case 'property':
      // hasOwn: a key such as "constructor" must not resolve to Object.prototype's.
      if (isObject(node) && Object.hasOwn(node, step.name)) walk(node[step.name], steps, index + 1, flattenArrays, out);
      else out.someMissing = true;
      return;
    case 'index':
      if (Array.isArray(node) && step.index < node.length) walk(node[step.index], steps, index + 1, flattenArrays, out);
      else out.someMissing = true;
      return;
    case 'any-element':
      if (Array.isArray(node)) for (const element of node) walk(element, steps, index + 1, flattenArrays, out);
      else out.someMissing = true;
      return;
    case 'any-property':
      if (isObject(node)) for (const value of Object.values(node)) walk(value, steps, index + 1, flattenArrays, out);
      else out.someMissing = true;
      return;
  }
}

function isObject(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** Strings, numbers, booleans and null. A selector on an object or array never matches [D1][D5]. */
export function isValueNode(node: unknown): node is string | number | boolean | null {
  return node === null || typeof node !== 'object';
}
