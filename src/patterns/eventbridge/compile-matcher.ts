import type { Exclusion, NumericRange, ValueMatcher } from './ast.js';
import { parseCidr, parseIpAddress } from './cidr.js';
import { ignoreCaseOperand } from './fold-case.js';
import type { JsonArray, JsonMember, JsonNumber, JsonObject, JsonValue } from './json-reader.js';
import { PatternError } from './pattern-error.js';
import { parseWildcard } from './wildcard.js';

/**
 * Compiles one match list (`"field": [ ... ]`). Messages are event-ruler's (JsonRuleCompiler), so
 * a user can search for them; two of its copy-paste slips are corrected ("cidr match pattern must
 * be a string", "Only one key allowed in match expression" for an anything-but with extra keys).
 */
export function compileMatchList(list: JsonArray): ValueMatcher[] {
  if (list.items.length === 0) fail(list, 'Empty arrays are not allowed');
  return list.items.map(compileMatcher);
}

function compileMatcher(item: JsonValue): ValueMatcher {
  switch (item.type) {
    case 'string':
      return exactString(item.value);
    case 'number':
      return { kind: 'exact-number', value: item.value, text: item.text };
    case 'boolean':
      return { kind: 'exact', value: item.value };
    case 'null':
      return { kind: 'exact', value: null };
    case 'object':
      return compileExpression(item);
    case 'array':
      return fail(item, 'Match value must be String, number, true, false, or null');
  }
}

/** event-ruler turns a string that is an IP address into an address match, so `2001:DB8::1` equals `2001:db8::1`. */
function exactString(value: string): ValueMatcher {
  const address = parseIpAddress(value);
  return address ? { kind: 'exact', value, address } : { kind: 'exact', value };
}

function compileExpression(expression: JsonObject): ValueMatcher {
  const { key, value } = onlyMember(expression, 'Match expression name not found');
  switch (key) {
    case 'prefix':
    case 'suffix':
      return compileAffix(key, value);
    case 'equals-ignore-case':
      return { kind: 'equals-ignore-case', operand: ignoreCaseOperand(stringOperand(value, 'equals-ignore-case match pattern must be a string')) };
    case 'wildcard':
      return { kind: 'wildcard', wildcard: parseWildcard(stringOperand(value, 'wildcard match pattern must be a string'), value.position) };
    case 'exactly':
      // event-ruler's explicit exact match: a plain string comparison, with no IP-address reading.
      return { kind: 'exact', value: stringOperand(value, 'exact match pattern must be a string') };
    case 'anything-but':
      return { kind: 'anything-but', exclusion: compileExclusion(value) };
    case 'numeric':
      return { kind: 'numeric', range: compileNumeric(value) };
    case 'cidr':
      return { kind: 'cidr', block: parseCidr(stringOperand(value, 'cidr match pattern must be a string'), value.position) };
    case 'exists':
      if (value.type !== 'boolean') fail(value, 'exists match pattern must be either true or false.');
      return { kind: 'exists', exists: value.value };
    default:
      return fail(expression.members[0]?.keyPosition ?? expression.position, `Unrecognized match type ${key}`);
  }
}

/** `{"prefix": "abc"}` or `{"prefix": {"equals-ignore-case": "abc"}}`; the same for suffix. */
function compileAffix(kind: 'prefix' | 'suffix', operand: JsonValue): ValueMatcher {
  if (operand.type !== 'object') return { kind, value: stringOperand(operand, `${kind} match pattern must be a string`) };
  const Kind = kind === 'prefix' ? 'Prefix' : 'Suffix';
  const inner = onlyMember(operand, `${Kind} expression name not found`);
  if (inner.key !== 'equals-ignore-case') fail(inner.keyPosition, `Unsupported ${kind} pattern: ${inner.key}`);
  const value = stringOperand(inner.value, 'equals-ignore-case match pattern must be a string');
  return { kind, value, ignoreCase: ignoreCaseOperand(value) };
}

const EXCLUSION_OPERATORS = new Set(['equals-ignore-case', 'prefix', 'suffix', 'wildcard']);

function compileExclusion(operand: JsonValue): Exclusion {
  if (operand.type !== 'object') return compileValueExclusion(operand);
  const { key, keyPosition, value } = onlyMember(operand, 'Anything-But expression name not found');
  if (!EXCLUSION_OPERATORS.has(key)) fail(keyPosition, `Unsupported anything-but pattern: ${key}`);
  const items = singleOrList(value);
  const strings = items.map((item) => {
    if (item.type === 'string') return item;
    if (key === 'equals-ignore-case') return fail(item, 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
    return fail(item, key === 'wildcard' ? 'wildcard match pattern must be a string' : 'prefix/suffix match pattern must be a string');
  });
  switch (key) {
    case 'equals-ignore-case':
      return { kind: 'equals-ignore-case', values: strings.map((item) => ignoreCaseOperand(item.value)) };
    case 'wildcard':
      return { kind: 'wildcard', values: strings.map((item) => parseWildcard(item.value, item.position)) };
    default: {
      const empty = strings.find((item) => item.value === '');
      if (empty) fail(empty, 'Null prefix/suffix not allowed');
      return { kind: key === 'prefix' ? 'prefix' : 'suffix', values: strings.map((item) => item.value) };
    }
  }
}

/** `{"anything-but": "x"}`, `{"anything-but": 5}`, or a list that is all strings or all numbers. */
function compileValueExclusion(operand: JsonValue): Exclusion {
  const items = singleOrList(operand);
  const strings: string[] = [];
  const numbers: number[] = [];
  for (const item of items) {
    if (item.type === 'string') strings.push(item.value);
    else if (item.type === 'number') numbers.push(item.value);
    else fail(item, 'Inside anything but list, start|null|boolean is not supported.');
  }
  if (strings.length > 0 === numbers.length > 0) {
    fail(operand, 'Inside anything but list, either all values are number or string, mixed type is not supported');
  }
  return strings.length > 0 ? { kind: 'strings', values: new Set(strings) } : { kind: 'numbers', values: numbers };
}

function singleOrList(operand: JsonValue): readonly JsonValue[] {
  if (operand.type === 'array') return operand.items;
  if (operand.type === 'string' || operand.type === 'number') return [operand];
  return fail(operand, 'Value of anything-but must be an array or single string/number value.');
}

/** `["=", 5]`, `["<", 5]`, `["<=", 5]`, `[">", 0]`, `[">=", 0]`, or `[">"|">=", low, "<"|"<=", high]`. */
function compileNumeric(operand: JsonValue): NumericRange {
  if (operand.type !== 'array') return fail(operand, 'Value of numeric must be an array.');
  const [operator, first, secondOperator, second, ...extra] = operand.items;
  if (operator?.type !== 'string') return fail(operator ?? operand, `Invalid member in numeric match: ${tokenText(operator)}`);
  const low = operator.value === '>' || operator.value === '>=';
  if (!low && !['=', '<', '<='].includes(operator.value)) fail(operator, `Unrecognized numeric range operator: ${operator.value}`);
  if (first?.type !== 'number') return fail(first ?? operand, `Value of ${operator.value} must be numeric`);
  doubleOperand(first);
  const bound = { value: first.value, inclusive: operator.value.length === 2 || operator.value === '=' };
  if (!low) {
    if (secondOperator) fail(secondOperator, 'Too many elements in numeric expression');
    return operator.value === '=' ? { lower: bound, upper: bound } : { upper: bound };
  }
  if (!secondOperator) return { lower: bound };
  if (secondOperator.type !== 'string') return fail(secondOperator, `Bad value in numeric range: ${tokenText(secondOperator)}`);
  if (secondOperator.value !== '<' && secondOperator.value !== '<=') fail(secondOperator, `Bad numeric range operator: ${secondOperator.value}`);
  if (second?.type !== 'number') return fail(second ?? operand, `Value of ${secondOperator.value} must be numeric`);
  doubleOperand(second);
  if (extra[0]) fail(extra[0], 'Too many terms in numeric range expression');
  if (first.value >= second.value) fail(first, 'Bottom must be less than top');
  return { lower: bound, upper: { value: second.value, inclusive: secondOperator.value === '<=' } };
}

/**
 * A numeric operand must be a number a double holds: event-ruler compares numbers as doubles and
 * rejects the rule ("Cannot compare number", issue 16) for one that overflows (`1E309`, `2.0e422`)
 * or underflows to zero (`1E-325`). Its JsonRuleCompilerTest (testNumericExpressions @05986c84)
 * lists out-of-range operands as bad numeric expressions. The message is ours.
 */
function doubleOperand(item: JsonNumber): void {
  const mantissa = item.text.split(/[eE]/)[0] ?? '';
  const underflows = item.value === 0 && /[1-9]/.test(mantissa);
  if (Number.isFinite(item.value) && !underflows) return;
  fail(item, `Cannot compare number ${item.text}: it is ${underflows ? 'too small' : 'too large'} for a double (a 64-bit floating-point number)`);
}

/** The single member of a match-expression object; more than one is an error, none is `missing`. */
function onlyMember(object: JsonObject, missing: string): JsonMember {
  const [member, extra] = object.members;
  if (!member) return fail(object, missing);
  if (extra) fail(extra.keyPosition, 'Only one key allowed in match expression');
  return member;
}

function stringOperand(operand: JsonValue, message: string): string {
  return operand.type === 'string' ? operand.value : fail(operand, message);
}

/** How Jackson names a token in event-ruler's messages. */
function tokenText(value: JsonValue | undefined): string {
  if (!value) return ']';
  switch (value.type) {
    case 'object':
      return '{';
    case 'array':
      return '[';
    case 'number':
      return value.text;
    case 'null':
      return 'null';
    default:
      return String(value.value);
  }
}

function fail(at: JsonValue | number, message: string): never {
  throw new PatternError(typeof at === 'number' ? at : at.position, message);
}
