import type { Verdict } from '../types.js';
import type { Logical, LogicalNode } from './ast.js';

/**
 * Three-valued (Kleene) logic. `uncertain` means "match or no-match, AWS does not document which", so a
 * certain `no-match` operand decides an `&&` whatever the others are, and a certain `match` an `||`.
 *
 * Evaluators push the reasons of uncertain results to one shared list. When the final answer turns out
 * not to depend on an uncertain operand, its reasons are dropped by truncating the list back to its
 * length before the operator.
 */

export function toVerdict(holds: boolean): Verdict {
  return holds ? 'match' : 'no-match';
}

export function negate(verdict: Verdict): Verdict {
  if (verdict === 'uncertain') return verdict;
  return verdict === 'match' ? 'no-match' : 'match';
}

/** `||` over `items`: true when any item is. */
export function anyOf<T>(items: readonly T[], test: (item: T) => Verdict, reasons: string[]): Verdict {
  return fold(items, test, reasons, 'match');
}

/** `&&` over `items`: true when every item is. */
export function allOf<T>(items: readonly T[], test: (item: T) => Verdict, reasons: string[]): Verdict {
  return fold(items, test, reasons, 'no-match');
}

/** `decisive` is the verdict that settles the operator: `match` for `||`, `no-match` for `&&`. */
function fold<T>(items: readonly T[], test: (item: T) => Verdict, reasons: string[], decisive: Verdict): Verdict {
  const mark = reasons.length;
  let result = negate(decisive);
  for (const item of items) {
    const verdict = test(item);
    if (verdict === decisive) return settle(reasons, mark, verdict);
    if (verdict === 'uncertain') result = verdict;
  }
  return result;
}

/** The same fold over a `&&`/`||` tree; written out, not via `fold`, because it runs for every condition. */
export function evaluateLogical<Leaf extends { kind: string }>(expression: Logical<Leaf>, leaf: (condition: Leaf) => Verdict, reasons: string[]): Verdict {
  if (!isLogicalNode(expression)) return leaf(expression);
  const decisive: Verdict = expression.kind === 'and' ? 'no-match' : 'match';
  const mark = reasons.length;
  let result = negate(decisive);
  for (const operand of expression.operands) {
    const verdict = evaluateLogical(operand, leaf, reasons);
    if (verdict === decisive) return settle(reasons, mark, verdict);
    if (verdict === 'uncertain') result = verdict;
  }
  return result;
}

/** The answer did not depend on the uncertain operands seen so far: drop their reasons. */
function settle(reasons: string[], mark: number, verdict: Verdict): Verdict {
  if (reasons.length > mark) reasons.length = mark;
  return verdict;
}

function isLogicalNode<Leaf extends { kind: string }>(expression: Logical<Leaf>): expression is LogicalNode<Leaf> {
  return expression.kind === 'and' || expression.kind === 'or';
}

/**
 * A node the parser had doubts about (undocumented syntax) cannot give a certain verdict: report the
 * verdict its literal reading gives, as uncertain.
 */
export function withDoubts(label: string, doubts: readonly string[], verdict: Verdict, reasons: string[]): Verdict {
  if (doubts.length === 0) return verdict;
  for (const doubt of doubts) reasons.push(`${label}: AWS does not document ${doubt}; read as written it gives ${verdict}`);
  return 'uncertain';
}
