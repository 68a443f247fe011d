import type { Truth } from './types.js';
import { matchesGlob } from './wildcard.js';

/**
 * The Condition element: every operator block must hold, every key within a block must hold, and a
 * key holds when any of its values matches (for the negated operators: when none does).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 *
 * Only the string, ARN and Bool operators and Null are decided; the request keys trailwarden knows
 * are ARNs, account ids and `aws:SecureTransport`, so a numeric, date, IP or binary operator on them
 * is left uncertain rather than guessed. Bool compares `true`/`false` without regard to case.
 */
export function evaluateCondition(condition: Record<string, Record<string, string[]>>, context: Readonly<Record<string, string | null>>): Truth {
  let unknown: Truth | undefined;
  for (const [operatorText, block] of Object.entries(condition)) {
    const operator = parseOperator(operatorText);
    for (const [key, values] of Object.entries(block)) {
      const truth = operator
        ? evaluateKey(operator, operatorText, key, values, context)
        : unknownTruth(`condition operator ${operatorText} is not one trailwarden decides`);
      // A false condition makes the statement not apply whatever the unknown ones say.
      if (truth.kind === 'no') return truth;
      if (truth.kind === 'unknown') unknown ??= truth;
    }
  }
  return unknown ?? { kind: 'yes' };
}

type Comparison = 'equals' | 'equals-ignore-case' | 'like' | 'arn';

interface Operator {
  comparison: Comparison | 'null';
  negated: boolean;
  ifExists: boolean;
  set?: 'any' | 'all';
}

const BASE_OPERATORS: Record<string, Pick<Operator, 'comparison' | 'negated'>> = {
  stringequals: { comparison: 'equals', negated: false },
  stringnotequals: { comparison: 'equals', negated: true },
  stringequalsignorecase: { comparison: 'equals-ignore-case', negated: false },
  stringnotequalsignorecase: { comparison: 'equals-ignore-case', negated: true },
  stringlike: { comparison: 'like', negated: false },
  stringnotlike: { comparison: 'like', negated: true },
  // "ArnEquals and ArnLike behave identically": each of the six colon-separated parts is matched with wildcards.
  arnequals: { comparison: 'arn', negated: false },
  arnlike: { comparison: 'arn', negated: false },
  arnnotequals: { comparison: 'arn', negated: true },
  arnnotlike: { comparison: 'arn', negated: true },
  null: { comparison: 'null', negated: false },
  bool: { comparison: 'equals-ignore-case', negated: false },
};

/** `ForAnyValue:StringLike`, `ArnEqualsIfExists`, ...: operator names are case-insensitive. */
function parseOperator(text: string): Operator | undefined {
  let name = text.toLowerCase();
  let set: Operator['set'];
  if (name.startsWith('foranyvalue:')) [set, name] = ['any', name.slice('foranyvalue:'.length)];
  else if (name.startsWith('forallvalues:')) [set, name] = ['all', name.slice('forallvalues:'.length)];
  const ifExists = name.endsWith('ifexists') && name !== 'null';
  if (ifExists) name = name.slice(0, -'ifexists'.length);
  const base = BASE_OPERATORS[name];
  if (!base || (base.comparison === 'null' && (ifExists || set))) return undefined;
  return { ...base, ifExists, ...(set && { set }) };
}

function evaluateKey(operator: Operator, operatorText: string, key: string, values: string[], context: Readonly<Record<string, string | null>>): Truth {
  const where = `condition ${operatorText} ${key}`;
  const name = key.toLowerCase();
  if (!(name in context)) return unknownTruth(`${where}: the value of ${key} in the request is not known`);
  if (values.some((value) => value.includes('${'))) return unknownTruth(`${where}: policy variables are not resolved`);
  const actual = context[name] ?? null;

  if (operator.comparison === 'null') {
    // Null: "true" holds when the key is absent, "false" when it is present.
    return truthOf(values.some((value) => (value.toLowerCase() === 'true') === (actual === null)));
  }
  if (actual === null) {
    // Absent key: IfExists and ForAllValues hold, ForAnyValue does not; otherwise the values do not
    // match, which makes a negated operator (StringNotEquals, ArnNotLike, ...) hold.
    if (operator.ifExists || operator.set === 'all') return { kind: 'yes' };
    if (operator.set === 'any') return { kind: 'no' };
    return truthOf(operator.negated);
  }
  // The known keys are single-valued: a set operator sees a set of one.
  const matched = values.some((value) => compare(operator.comparison as Comparison, value, actual));
  return truthOf(operator.negated ? !matched : matched);
}

function compare(comparison: Comparison, expected: string, actual: string): boolean {
  switch (comparison) {
    case 'equals':
      return expected === actual;
    case 'equals-ignore-case':
      return expected.toLowerCase() === actual.toLowerCase();
    case 'like':
      return matchesGlob(expected, actual);
    case 'arn':
      return arnMatches(expected, actual);
  }
}

/** The six parts of `arn:partition:service:region:account:resource` are matched one by one (the resource part keeps its colons). */
function arnMatches(pattern: string, arn: string): boolean {
  const wanted = arnParts(pattern);
  const actual = arnParts(arn);
  if (!actual) return false;
  // A pattern that is not an ARN (`*`) is matched against the whole value.
  if (!wanted) return matchesGlob(pattern, arn);
  return wanted.every((part, index) => matchesGlob(part, actual[index]!));
}

function arnParts(text: string): string[] | undefined {
  const parts = text.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function truthOf(value: boolean): Truth {
  return { kind: value ? 'yes' : 'no' };
}

function unknownTruth(why: string): Truth {
  return { kind: 'unknown', why };
}
