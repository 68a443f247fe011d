import type { MatchResult, PatternSyntaxError, Verdict } from '../types.js';
import type { EventPattern, Exclusion, NumericRange, PatternNode, ValueMatcher } from './ast.js';
import { AddressCache, cidrContains, sameAddress } from './cidr.js';
import { parseEventPattern } from './compile.js';
import { matchIgnoringCase, type IgnoreCaseMode, type IgnoreCaseOperand } from './fold-case.js';
import { matchesWildcard } from './wildcard.js';

/**
 * Matches a parsed event (the EventBridge envelope) against a compiled pattern, with event-ruler's
 * semantics (filter-patterns.md §2.1). Where AWS documents no answer the verdict is `uncertain`.
 *
 * Every evaluation below returns a Verdict and pushes reasons only when it returns `uncertain`;
 * an OR that matches, or an AND that fails, truncates the reasons its parts pushed, since they no
 * longer decide anything.
 */
export function matchEventPattern(pattern: EventPattern, event: unknown, addresses: AddressCache = new AddressCache()): MatchResult {
  const nested = matchBranches(pattern.branches, event, addresses);
  const eventKeys: string[] = [];
  const expanded = expandDottedKeys(event, '', eventKeys);
  if (!pattern.dotted && eventKeys.length === 0) return nested;
  // Field names with dots: event-ruler's Machine joins nested names with "." (Event.java pathName)
  // and so reads "a.b" and a→b as one path (GenericMachine.isFieldStepUsed says so: "they are both
  // possible to match some rules"), while its Ruler.matches reads the event's structure and does
  // not (RulerTest WHEN_RulesFromReadmeAreTried_THEN_TheyWork), and the docs describe nested fields
  // only. Where the two readings disagree, the service's answer is not documented.
  const joined = matchBranches(pattern.dotted?.branches ?? pattern.branches, expanded, addresses);
  if (joined.verdict === nested.verdict) return nested;
  const names = [...(pattern.dotted?.keys ?? []).map((key) => `the pattern's "${key}"`), ...eventKeys.slice(0, 3).map((key) => `the event's "${key}"`)].join(
    ', ',
  );
  const reason = `${names} ${pattern.dotted && eventKeys.length === 0 ? 'has a field name' : 'have field names'} with a dot: read as nested fields, as the EventBridge docs describe them, the pattern gives ${nested.verdict}; event-ruler joins nested names with "." and can read a dotted name as the same path, which gives ${joined.verdict}`;
  return { verdict: 'uncertain', reasons: [...new Set([...nested.reasons, ...joined.reasons, reason])] };
}

function matchBranches(branches: readonly PatternNode[], event: unknown, addresses: AddressCache): MatchResult {
  const reasons: string[] = [];
  let verdict: Verdict = 'no-match';
  for (const branch of branches) {
    const outcome = evaluateNode(branch, event, NO_SHADOWS, reasons, addresses);
    if (outcome === 'match') return { verdict: 'match', reasons: [] };
    if (outcome === 'uncertain') verdict = 'uncertain';
  }
  return { verdict, reasons: verdict === 'uncertain' ? [...new Set(reasons)] : [] };
}

/** Parses and matches in one call: fine for one-off checks; parse once with parseEventPattern to match many events. */
export function matchEventPatternText(text: string, event: unknown): MatchResult | { verdict: 'invalid'; error: PatternSyntaxError } {
  const parsed = parseEventPattern(text);
  return parsed.ok ? matchEventPattern(parsed.pattern, event) : { verdict: 'invalid', error: parsed.error };
}

type Scalar = string | number | boolean | null;
/** No leaf value at the path: the field is missing, or holds an object (exists works on leaves only). */
const ABSENT = Symbol('absent');
/** The field holds an array with no leaf in it; what `exists` says then is undocumented. */
const EMPTY_ARRAY = Symbol('empty array');
type Leaf = Scalar | typeof ABSENT | typeof EMPTY_ARRAY;

/**
 * Shadows: the values at the same path in the *other* elements of the arrays walked so far. They are
 * tracked only below nodes that test `exists: false`, to flag when absence from the chosen element
 * is not absence from the event (event-ruler's answer then depends on its field order).
 */
const NO_SHADOWS: readonly unknown[] = [];

function evaluateNode(node: PatternNode, value: unknown, shadows: readonly unknown[], reasons: string[], addresses: AddressCache): Verdict {
  if (!Array.isArray(value)) return evaluateElement(node, value, shadows, reasons, addresses);
  const elements = flatten(value);
  if (elements.length === 0) return evaluateElement(node, EMPTY_ARRAY, shadows, reasons, addresses);
  // Any one element must satisfy the whole subtree: that is array-consistent matching.
  const mark = reasons.length;
  let verdict: Verdict = 'no-match';
  for (let i = 0; i < elements.length; i++) {
    const elementShadows = node.testsAbsence ? [...shadows, ...elements.slice(0, i), ...elements.slice(i + 1)] : NO_SHADOWS;
    const outcome = evaluateElement(node, elements[i], elementShadows, reasons, addresses);
    if (outcome === 'match') {
      dropReasons(reasons, mark);
      return 'match';
    }
    if (outcome === 'uncertain') verdict = 'uncertain';
  }
  return verdict;
}

/** A single (non-array) value against a node: its own matchers AND all of its children. */
function evaluateElement(node: PatternNode, value: unknown, shadows: readonly unknown[], reasons: string[], addresses: AddressCache): Verdict {
  const mark = reasons.length;
  let verdict: Verdict = 'match';
  if (node.matchers) {
    verdict = evaluateLeaf(node, node.matchers, toLeaf(value), shadows, reasons, addresses);
    if (verdict === 'no-match') return verdict;
  }
  const object = isObject(value) ? value : undefined;
  for (const { key, node: child } of node.children) {
    const childValue = object && Object.hasOwn(object, key) ? object[key] : undefined;
    const childShadows = child.testsAbsence && shadows.length > 0 ? descend(shadows, key) : NO_SHADOWS;
    const outcome = evaluateNode(child, childValue, childShadows, reasons, addresses);
    if (outcome === 'no-match') {
      dropReasons(reasons, mark);
      return outcome;
    }
    if (outcome === 'uncertain') verdict = 'uncertain';
  }
  return verdict;
}

/** A match list: any matcher may match. */
function evaluateLeaf(
  node: PatternNode,
  matchers: readonly ValueMatcher[],
  leaf: Leaf,
  shadows: readonly unknown[],
  reasons: string[],
  addresses: AddressCache,
): Verdict {
  const mark = reasons.length;
  let verdict: Verdict = 'no-match';
  for (const matcher of matchers) {
    const outcome =
      matcher.kind === 'exists'
        ? testExists(matcher.exists, leaf, node, shadows, reasons)
        : leaf === ABSENT || leaf === EMPTY_ARRAY
          ? 'no-match'
          : testValue(matcher, leaf, node, reasons, addresses);
    if (outcome === 'match') {
      dropReasons(reasons, mark);
      return outcome;
    }
    if (outcome === 'uncertain') verdict = 'uncertain';
  }
  return verdict;
}

function testExists(exists: boolean, leaf: Leaf, node: PatternNode, shadows: readonly unknown[], reasons: string[]): Verdict {
  if (leaf === EMPTY_ARRAY) return uncertain(reasons, `${node.path} is an empty array: whether {"exists": ${exists}} matches it is undocumented`);
  if (leaf === null) return uncertain(reasons, `${node.path} is null: whether a present null counts for {"exists": ${exists}} is undocumented`);
  if (leaf !== ABSENT) return exists ? 'match' : 'no-match';
  if (exists) return 'no-match';
  if (shadows.some(hasLeaf)) {
    return uncertain(
      reasons,
      `${node.path} is absent from the array element that matches the other conditions but present in another element: event-ruler's array-consistent {"exists": false} depends on its field order`,
    );
  }
  return 'match';
}

function testValue(matcher: Exclude<ValueMatcher, { kind: 'exists' }>, value: Scalar, node: PatternNode, reasons: string[], addresses: AddressCache): Verdict {
  const text = typeof value === 'string' ? value : undefined;
  switch (matcher.kind) {
    case 'exact':
      if (value === matcher.value) return 'match';
      return verdictOf(matcher.address !== undefined && text !== undefined && sameAddress(matcher.address, addresses.parse(text)));
    case 'exact-number':
      if (value !== matcher.value) return 'no-match';
      if (String(value) === matcher.text) return 'match';
      return uncertain(
        reasons,
        `${node.path}: the pattern spells ${value} as ${matcher.text}; the docs compare numbers by their text, event-ruler also by value`,
      );
    case 'prefix':
      if (text === undefined) return 'no-match';
      if (matcher.ignoreCase) return ignoreCaseVerdict([matcher.ignoreCase], text, 'prefix', false, node, reasons);
      return verdictOf(text.startsWith(matcher.value));
    case 'suffix':
      if (text === undefined) return 'no-match';
      if (matcher.ignoreCase) return ignoreCaseVerdict([matcher.ignoreCase], text, 'suffix', false, node, reasons);
      return verdictOf(text.endsWith(matcher.value));
    case 'equals-ignore-case':
      return text === undefined ? 'no-match' : ignoreCaseVerdict([matcher.operand], text, 'equals', false, node, reasons);
    case 'wildcard':
      return verdictOf(text !== undefined && matchesWildcard(matcher.wildcard, text));
    case 'numeric':
      if (typeof value !== 'number') return 'no-match';
      return numericVerdict(matcher.range, value, node, reasons);
    case 'cidr':
      return verdictOf(text !== undefined && cidrContains(matcher.block, addresses.parse(text)));
    case 'anything-but':
      if (value === null || typeof value === 'boolean') return 'no-match';
      if (matcher.exclusion.kind === 'equals-ignore-case' && text !== undefined) {
        return ignoreCaseVerdict(matcher.exclusion.values, text, 'equals', true, node, reasons);
      }
      return verdictOf(!excludes(matcher.exclusion, value));
  }
}

/** An ignore-case test (negated for anything-but); uncertain when another possible reading of the service disagrees. */
function ignoreCaseVerdict(
  operands: readonly IgnoreCaseOperand[],
  text: string,
  mode: IgnoreCaseMode,
  negate: boolean,
  node: PatternNode,
  reasons: string[],
): Verdict {
  const outcome = matchIgnoringCase(operands, text, mode);
  const verdict = verdictOf(outcome.matches !== negate);
  if (outcome.doubt === undefined) return verdict;
  return uncertain(reasons, `${node.path}: ${outcome.doubt}; event-ruler's own reading gives ${verdict}`);
}

/** Does the exclusion rule out this string or number? String operators never rule out a number, and vice versa. */
function excludes(exclusion: Exclusion, value: string | number): boolean {
  if (typeof value === 'number') return exclusion.kind === 'numbers' && exclusion.values.includes(value);
  switch (exclusion.kind) {
    case 'numbers':
      return false;
    case 'strings':
      return exclusion.values.has(value);
    case 'prefix':
      return exclusion.values.some((prefix) => value.startsWith(prefix));
    case 'suffix':
      return exclusion.values.some((suffix) => value.endsWith(suffix));
    case 'equals-ignore-case':
      return matchIgnoringCase(exclusion.values, value, 'equals').matches;
    case 'wildcard':
      return exclusion.values.some((wildcard) => matchesWildcard(wildcard, value));
  }
}

/**
 * Numeric matching is documented for -5.0e9…+5.0e9 only, precise to six decimals [D9] (event-ruler's
 * ComparableNumber). Outside that range, or within a millionth of a bound, the docs give no answer and
 * event-ruler versions differ (fixed-point vs IEEE double): say so instead of guessing.
 */
const NUMERIC_LIMIT = 5e9;
const NUMERIC_PRECISION = 1e-6;

function numericVerdict(range: NumericRange, value: number, node: PatternNode, reasons: string[]): Verdict {
  const verdict = verdictOf(inRange(range, value));
  if (Math.abs(value) > NUMERIC_LIMIT) {
    return uncertain(reasons, `${node.path}: ${value} is outside the documented numeric range (-5.0e9 to +5.0e9); read as a double it gives ${verdict}`);
  }
  const bounds = [range.lower?.value, range.upper?.value];
  if (bounds.some((bound) => bound !== undefined && bound !== value && Math.abs(bound - value) < NUMERIC_PRECISION)) {
    return uncertain(
      reasons,
      `${node.path}: ${value} is within a millionth of a bound; numeric matching is documented to six decimals only, read exactly it gives ${verdict}`,
    );
  }
  return verdict;
}

function inRange({ lower, upper }: NumericRange, value: number): boolean {
  if (lower && (lower.inclusive ? value < lower.value : value <= lower.value)) return false;
  return !upper || (upper.inclusive ? value <= upper.value : value < upper.value);
}

function toLeaf(value: unknown): Leaf {
  if (value === EMPTY_ARRAY) return EMPTY_ARRAY;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return ABSENT;
}

/** Does the value hold a leaf anywhere at this level (itself, or an element of its arrays)? */
function hasLeaf(value: unknown): boolean {
  return Array.isArray(value) ? value.some(hasLeaf) : toLeaf(value) !== ABSENT;
}

/** The values at `key` below each shadow, arrays crushed. */
function descend(shadows: readonly unknown[], key: string): unknown[] {
  const below: unknown[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value) && Object.hasOwn(value, key)) below.push(value[key]);
  };
  shadows.forEach(visit);
  return below;
}

/**
 * The event with every field name that has a dot in it split into nested fields, as event-ruler's
 * flattening reads it: `{"a.b": 1}` becomes `{"a": {"b": 1}}`. Where that puts two values at one
 * path (`{"a": {"b": 1}, "a.b": 2}`), both are kept, as the elements of an array. Returns the value
 * itself when no name has a dot, and never changes it; `found` collects the dotted names' paths.
 */
function expandDottedKeys(value: unknown, path: string, found: string[]): unknown {
  if (Array.isArray(value)) {
    let changed = false;
    const elements = value.map((element) => {
      const expanded = expandDottedKeys(element, path, found);
      if (expanded !== element) changed = true;
      return expanded;
    });
    return changed ? elements : value;
  }
  if (!isObject(value)) return value;
  // Most events have no dotted name: allocate only once one is found.
  let members: Array<[string, unknown]> | undefined;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] ?? '';
    const child = value[key];
    const childPath = path ? `${path}.${key}` : key;
    const expanded = expandDottedKeys(child, childPath, found);
    const dotted = key.includes('.');
    if (dotted) found.push(childPath);
    if (!members && (dotted || expanded !== child)) members = keys.slice(0, i).map((before) => [before, value[before]]);
    members?.push([key, expanded]);
  }
  if (!members) return value;
  const result = emptyRecord();
  for (const [key, child] of members) insertAt(result, key.split('.'), child);
  return result;
}

function insertAt(target: Record<string, unknown>, names: readonly string[], value: unknown): void {
  const [name = '', ...rest] = names;
  const present = Object.hasOwn(target, name) ? target[name] : undefined;
  const placed = rest.reduceRight<unknown>((inner, key) => Object.assign(emptyRecord(), { [key]: inner }), value);
  target[name] = present === undefined ? placed : combine(present, placed);
}

/** Two values that land at one path: objects merge, anything else becomes the elements of an array. */
function combine(present: unknown, added: unknown): unknown {
  if (isObject(present) && isObject(added)) {
    const merged = Object.assign(emptyRecord(), present);
    for (const [key, child] of Object.entries(added)) insertAt(merged, [key], child);
    return merged;
  }
  return [...(Array.isArray(present) ? (present as unknown[]) : [present]), ...(Array.isArray(added) ? (added as unknown[]) : [added])];
}

/** A record without a prototype, so that a field named "__proto__" stays a field. */
function emptyRecord(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** Arrays in arrays are one list of elements to event-ruler. */
function flatten(array: readonly unknown[]): unknown[] {
  return array.some(Array.isArray) ? array.flatMap((element) => (Array.isArray(element) ? flatten(element) : [element])) : (array as unknown[]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function verdictOf(matches: boolean): Verdict {
  return matches ? 'match' : 'no-match';
}

/** Forgets the reasons pushed since `mark` (checked first: setting an array's length is not free). */
function dropReasons(reasons: string[], mark: number): void {
  if (reasons.length > mark) reasons.length = mark;
}

function uncertain(reasons: string[], reason: string): Verdict {
  reasons.push(reason);
  return 'uncertain';
}
