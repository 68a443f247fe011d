import type { Verdict } from '../types.js';
import type { JsonComparison, JsonCondition, JsonPattern, JsonTest } from './ast.js';
import { compareJsonValue } from './compare.js';
import { anyOf, evaluateLogical, toVerdict, withDoubts } from './logic.js';
import { ABSENT, followPath, isValueNode, resolveSelector, THROUGH_ARRAY, type Resolution } from './selector.js';

/**
 * A JSON pattern against a parsed event (an object or array: a JSON pattern never matches anything else).
 *
 * Doubts about a condition's syntax (see ast.ts) make it uncertain only where they can change the
 * answer: for NOT EXISTS always, for the other conditions when the selector reaches a value. On a
 * missing field or an object every reading of a comparison is false.
 */
export function evaluateJson(pattern: JsonPattern, event: object, reasons: string[]): Verdict {
  return evaluateLogical(pattern.expression, (condition) => evaluateCondition(condition, event, reasons), reasons);
}

function evaluateCondition(condition: JsonCondition, event: object, reasons: string[]): Verdict {
  if (!condition.selector.hasWildcard) {
    const node = followPath(condition.selector.steps, event);
    if (node !== THROUGH_ARRAY) return evaluateAtNode(condition, node, reasons);
  }
  return evaluateAtNodes(condition, event, reasons);
}

/** A path without wildcards that met no array: one node, or ABSENT. */
function evaluateAtNode(condition: JsonCondition, node: unknown, reasons: string[]): Verdict {
  if (condition.kind === 'test' && condition.test === 'NOT EXISTS') {
    return withDoubts(condition.text, condition.doubts, toVerdict(node === ABSENT), reasons);
  }
  if (node === ABSENT || !isValueNode(node)) return 'no-match';
  return withDoubts(condition.text, condition.doubts, holdsAt(condition, node, reasons), reasons);
}

/** Wildcards, or an array met on the way. */
function evaluateAtNodes(condition: JsonCondition, event: object, reasons: string[]): Verdict {
  const strict = resolveSelector(condition.selector, event, false);
  let verdict = judge(condition, strict, reasons);
  if (strict.crossedArray) {
    const flattened = judge(condition, resolveSelector(condition.selector, event, true), []);
    if (flattened !== verdict) {
      reasons.push(
        `${condition.text}: the path meets an array without [n] or [*]; AWS does not document whether it looks into the elements ` +
          `(not looking gives ${verdict}, looking gives ${flattened})`,
      );
      verdict = 'uncertain';
    }
  }
  const looksAtValue = (condition.kind === 'test' && condition.test === 'NOT EXISTS') || strict.found.some(isValueNode);
  return looksAtValue ? withDoubts(condition.text, condition.doubts, verdict, reasons) : verdict;
}

/** `[*]` and `.*` hold when the condition holds at any node they reach [D3]. */
function judge(condition: JsonCondition, resolution: Resolution, reasons: string[]): Verdict {
  if (condition.kind === 'test' && condition.test === 'NOT EXISTS') return notExists(condition, resolution, reasons);
  return anyOf(resolution.found, (node) => (isValueNode(node) ? holdsAt(condition, node, reasons) : 'no-match'), reasons);
}

/**
 * A comparison or IS test at one value node. (A selector on an object or an array: "the filter will
 * not be applied", for `=` and `!=` alike [D5]; the callers answer no-match before getting here.)
 */
function holdsAt(condition: JsonComparison | JsonTest, node: string | number | boolean | null, reasons: string[]): Verdict {
  if (condition.kind === 'comparison') return compareJsonValue(condition.operator, condition.value, node, condition.text, reasons);
  return isTest(condition, node, reasons);
}

/** IS NULL / IS TRUE / IS FALSE: the JSON literal itself [D5]. A string "true" is presumably not [U]. */
function isTest(condition: JsonTest, node: string | number | boolean | null, reasons: string[]): Verdict {
  const expected = condition.test === 'IS NULL' ? null : condition.test === 'IS TRUE';
  if (node === expected) return 'match';
  if (node !== String(expected)) return 'no-match';
  reasons.push(`${condition.text}: AWS does not document whether ${condition.test} holds for the string "${node}"`);
  return 'uncertain';
}

/**
 * NOT EXISTS: "only true if the specified object does not exist" [D5]. Through a wildcard it can mean
 * "some expansion lacks it" or "no expansion has it"; AWS does not say which [U].
 */
function notExists(condition: JsonTest, resolution: Resolution, reasons: string[]): Verdict {
  const noneFound = resolution.found.length === 0;
  if (noneFound === resolution.someMissing) return toVerdict(noneFound);
  reasons.push(
    noneFound
      ? `${condition.text}: the wildcard has nothing to expand (empty array or object); AWS does not document whether NOT EXISTS holds then`
      : `${condition.text}: the field exists under some elements of the wildcard and not under others; AWS does not document which NOT EXISTS requires`,
  );
  return 'uncertain';
}
