import type { CorpusRecord } from '../../corpus/index.js';
import type { MonitoringSpec } from '../../checks/monitoring/spec.js';
import { cloudTrailEnvelope, matchEventPatternText } from '../../patterns/eventbridge/index.js';
import { parseFilterPattern, type JsonCondition, type Logical } from '../../patterns/filter/index.js';

/**
 * The EventBridge rule pattern for a monitoring control, translated from its CIS metric filter
 * pattern so that both paths watch the same events: the `&&`/`||` tree becomes alternatives
 * (`$or`) of field conditions under `detail`, narrowed by the control's sources and detail types.
 * The translation is checked against the control's records before it is used; a pattern that
 * cannot be expressed, or would miss a record, is refused with the reason.
 */

type Matcher = string | number | null | Record<string, unknown>;
type Conjunct = Map<string, Matcher[]>;
type EventPatternObject = Record<string, unknown>;

export function eventPatternFor(
  spec: MonitoringSpec,
  accountId: string,
  regions: (record: CorpusRecord) => string[],
): { pattern: EventPatternObject } | { problem: string } {
  const parsed = parseFilterPattern(spec.filterPattern);
  if (!parsed.ok || parsed.pattern.dialect !== 'json') return { problem: 'its filter pattern is not a JSON pattern, so it has no EventBridge equivalent' };
  let alternatives: Conjunct[];
  try {
    alternatives = disjunctiveForm(parsed.pattern.expression);
  } catch (error) {
    return { problem: (error as Error).message };
  }
  const details = alternatives.map((conjunct) => ({ detail: nest(conjunct) }));
  const pattern: EventPatternObject = {
    ...(spec.eventBridge.sources === 'any' ? {} : { source: [...spec.eventBridge.sources] }),
    'detail-type': [...spec.eventBridge.detailTypes],
    ...(details.length === 1 ? details[0] : { $or: details }),
  };
  const text = JSON.stringify(pattern);
  for (const record of spec.positives) {
    for (const region of regions(record)) {
      const verdict = matchEventPatternText(text, cloudTrailEnvelope({ ...record.record, awsRegion: region }, accountId)).verdict;
      if (verdict !== 'match') return { problem: `the translated event pattern would not match ${record.summary} in ${region} (${verdict})` };
    }
  }
  return { pattern };
}

/** `(a || b) && c` → [[a, c], [b, c]]; each conjunct maps a field path to its matchers. */
function disjunctiveForm(node: Logical<JsonCondition>): Conjunct[] {
  if (!('operands' in node)) return [new Map([[fieldPath(node), [matcher(node)]]])];
  const parts = node.operands.map(disjunctiveForm);
  if (node.kind === 'or') return parts.flat();
  return parts.reduce<Conjunct[]>((product, part) => product.flatMap((left) => part.map((right) => conjoin(left, right))), [new Map<string, Matcher[]>()]);
}

/** EventBridge ANDs different fields but ORs the matchers of one field: two conditions on one field cannot be ANDed. */
function conjoin(left: Conjunct, right: Conjunct): Conjunct {
  const joined = new Map(left);
  for (const [path, matchers] of right) {
    if (joined.has(path)) throw new Error(`two conditions on ${path} in one alternative have no EventBridge equivalent`);
    joined.set(path, matchers);
  }
  return joined;
}

function fieldPath(condition: JsonCondition): string {
  if (condition.selector.hasWildcard || condition.selector.steps.some((step) => step.kind !== 'property')) {
    throw new Error(`selector ${condition.selector.text} has no EventBridge equivalent`);
  }
  return condition.selector.steps.map((step) => (step.kind === 'property' ? step.name : '')).join('.');
}

function matcher(condition: JsonCondition): Matcher {
  if (condition.kind === 'test') {
    if (condition.test === 'NOT EXISTS') return { exists: false };
    if (condition.test === 'IS NULL') return null;
    throw new Error(`${condition.text} has no EventBridge equivalent`);
  }
  const { operator, value } = condition;
  if (value.kind === 'number') {
    if (operator === '!=') return { 'anything-but': value.value };
    return operator === '=' ? value.value : { numeric: [operator, value.value] };
  }
  if (value.kind !== 'text' || (operator !== '=' && operator !== '!=')) throw new Error(`${condition.text} has no EventBridge equivalent`);
  const text = value.text;
  const core = text.replace(/^\*+|\*+$/g, '');
  if (core.includes('*')) throw new Error(`${condition.text}: a wildcard inside the value has no certain meaning`);
  const positive: Matcher =
    text.startsWith('*') && text.endsWith('*')
      ? { wildcard: `*${core}*` }
      : text.startsWith('*')
        ? { suffix: core }
        : text.endsWith('*')
          ? { prefix: core }
          : core;
  if (operator === '=') return positive;
  if (typeof positive === 'string') return { 'anything-but': positive };
  if ('prefix' in positive || 'suffix' in positive) return { 'anything-but': positive };
  throw new Error(`${condition.text} has no EventBridge equivalent`);
}

/** `{"userIdentity.type": [...]}` → `{"userIdentity": {"type": [...]}}`. */
function nest(conjunct: Conjunct): EventPatternObject {
  const root: EventPatternObject = {};
  for (const [path, matchers] of conjunct) {
    const keys = path.split('.');
    let node = root;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as EventPatternObject;
    node[keys[keys.length - 1]!] = matchers;
  }
  return root;
}
