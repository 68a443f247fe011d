/**
 * The parsed form of a CloudWatch Logs filter pattern. One variant per dialect, chosen by the first
 * non-blank character (reference: docs/reference/filter-patterns.md §1.1).
 *
 * Nodes carry `doubts`: things AWS does not document about this piece of syntax ([U] items of the
 * reference). The evaluator turns a doubt into an `uncertain` verdict instead of guessing.
 * Regexes and wildcards are compiled here, at parse time, so evaluation never compiles anything.
 */

import type { TextMatcher } from './wildcard.js';

export type FilterPattern = MatchAllPattern | TextPattern | RegexPattern | JsonPattern | DelimitedPattern;

/** The empty (or blank) pattern. */
export interface MatchAllPattern {
  dialect: 'match-all';
  source: string;
}

/** Unstructured terms: `ERROR "two words" -excluded ?optional`. */
export interface TextPattern {
  dialect: 'text';
  source: string;
  terms: TextTerm[];
  /** `?` terms mixed with other terms are ignored by AWS [D1]. */
  optionalTermsIgnored: boolean;
}

export interface TextTerm {
  role: 'required' | 'excluded' | 'optional';
  text: string;
  quoted: boolean;
  /** `" "`: AWS documents it as matching every event [D1]. */
  matchesEveryEvent: boolean;
  position: number;
  doubts: string[];
}

/** A whole pattern written `%regex%`, searched in the raw message. */
export interface RegexPattern {
  dialect: 'regex';
  source: string;
  regex: RegexLiteral;
  doubts: string[];
}

export interface JsonPattern {
  dialect: 'json';
  source: string;
  expression: Logical<JsonCondition>;
}

export interface DelimitedPattern {
  dialect: 'delimited';
  source: string;
  fields: DelimitedField[];
  /**
   * Written with a `,` before the `]`. The reference grammar reads it as nothing; the 2020 docs' own
   * example (`[..., request=*.html*, status_code=4*,]` extracting an unnamed `$7`) reads it as one more
   * unnamed field [D5]. The evaluator tries both and is uncertain when they differ.
   */
  trailingComma: boolean;
}

/** `&&` / `||` trees. `&&` binds tighter; operands are flattened (`a && (b && c)` has three). */
export type Logical<Leaf> = Leaf | LogicalNode<Leaf>;

export interface LogicalNode<Leaf> {
  kind: 'and' | 'or';
  operands: Logical<Leaf>[];
}

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type JsonCondition = JsonComparison | JsonTest;

/** `$.selector <op> value`. */
export interface JsonComparison {
  kind: 'comparison';
  /** The condition as written, for messages. */
  text: string;
  position: number;
  selector: Selector;
  operator: ComparisonOperator;
  value: Literal;
  doubts: string[];
}

/** `$.selector IS NULL | IS TRUE | IS FALSE | NOT EXISTS`. */
export interface JsonTest {
  kind: 'test';
  text: string;
  position: number;
  selector: Selector;
  test: 'IS NULL' | 'IS TRUE' | 'IS FALSE' | 'NOT EXISTS';
  doubts: string[];
}

export interface Selector {
  text: string;
  steps: SelectorStep[];
  /** Has a `[*]` or `.*` step, so it may reach several nodes. */
  hasWildcard: boolean;
}

export type SelectorStep =
  /** `.name`, or `.['key.with.dots']` */
  | { kind: 'property'; name: string }
  /** `[n]` */
  | { kind: 'index'; index: number }
  /** `.*`: every field of an object */
  | { kind: 'any-property' }
  /** `[*]`: every element of an array */
  | { kind: 'any-element' };

export type Literal = NumberLiteral | TextLiteral | RegexLiteral;

/** A bare value that reads as a number: `400`, `-1.5`, `+1e3`. */
export interface NumberLiteral {
  kind: 'number';
  text: string;
  value: number;
}

/** A quoted or bare string value; `*` in it is a wildcard. */
export interface TextLiteral {
  kind: 'text';
  text: string;
  quoted: boolean;
  matcher: TextMatcher;
}

/** `%regex%`, compiled to an unanchored JS RegExp. */
export interface RegexLiteral {
  kind: 'regex';
  source: string;
  regex: RegExp;
}

export type DelimitedField = EllipsisField | NamedField;

/** `...`: any number of unnamed fields. */
export interface EllipsisField {
  kind: 'ellipsis';
  position: number;
}

export interface NamedField {
  kind: 'field';
  name: string;
  position: number;
  /** Absent: the field takes any value. */
  condition: Logical<FieldComparison> | undefined;
}

/** `name <op> value` inside a space-delimited pattern. */
export interface FieldComparison {
  kind: 'comparison';
  text: string;
  position: number;
  operator: ComparisonOperator;
  value: Literal;
  doubts: string[];
}
