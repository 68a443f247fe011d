import type { CidrBlock, IpAddress } from './cidr.js';
import type { IgnoreCaseOperand } from './fold-case.js';
import type { Wildcard } from './wildcard.js';

/**
 * A compiled EventBridge event pattern. Like event-ruler, `$or` is expanded at compile time into
 * branches, and the event matches when any branch does. Each branch is a tree that mirrors the
 * pattern's nesting, so every event path is walked once per branch: that is what makes matching
 * array-consistent (conditions under one array must hold in the same element).
 */
export interface EventPattern {
  readonly branches: readonly PatternNode[];
  /**
   * When a field name in the pattern contains a dot: the branches with every name split at its dots.
   * event-ruler keys a rule's match lists by the "."-joined path (JsonRuleCompiler) and names an
   * event's fields the same way (aws/event-ruler src/main/software/amazon/event/ruler/Event.java
   * @892731d4, pathName), so `"detail.eventName"` and `{"detail": {"eventName": …}}` can be one
   * path to it; the EventBridge docs describe nested fields only. match.ts reads the pattern both ways.
   */
  readonly dotted?: { readonly branches: readonly PatternNode[]; readonly keys: readonly string[] };
}

/**
 * One field path of a branch. `matchers` tests the value at this path (any one may match);
 * `children` test the fields below it (all must match). A node can have both when `$or` puts a
 * leaf and an object at the same path.
 */
export interface PatternNode {
  /** Dotted path, for messages (`detail.userIdentity.type`). */
  readonly path: string;
  readonly matchers: readonly ValueMatcher[] | undefined;
  readonly children: readonly PatternChild[];
  /** An `exists: false` at or below this node: only then does matching look at sibling array elements. */
  readonly testsAbsence: boolean;
}

export interface PatternChild {
  readonly key: string;
  readonly node: PatternNode;
}

/** One entry of a match list. Ignore-case operands are stored as event-ruler reads them (see fold-case.ts). */
export type ValueMatcher =
  /** A string, `true`, `false` or `null`. A string that is an IP address also matches other spellings of it. */
  | { readonly kind: 'exact'; readonly value: string | boolean | null; readonly address?: IpAddress }
  /** A JSON number; `text` is its spelling in the pattern, which the docs say is what counts. */
  | { readonly kind: 'exact-number'; readonly value: number; readonly text: string }
  | { readonly kind: 'prefix' | 'suffix'; readonly value: string; readonly ignoreCase?: IgnoreCaseOperand }
  | { readonly kind: 'equals-ignore-case'; readonly operand: IgnoreCaseOperand }
  | { readonly kind: 'wildcard'; readonly wildcard: Wildcard }
  | { readonly kind: 'anything-but'; readonly exclusion: Exclusion }
  | { readonly kind: 'numeric'; readonly range: NumericRange }
  | { readonly kind: 'cidr'; readonly block: CidrBlock }
  | { readonly kind: 'exists'; readonly exists: boolean };

/** What an `anything-but` excludes. A string exclusion never excludes a number, and vice versa. */
export type Exclusion =
  | { readonly kind: 'strings'; readonly values: ReadonlySet<string> }
  | { readonly kind: 'numbers'; readonly values: readonly number[] }
  | { readonly kind: 'prefix' | 'suffix'; readonly values: readonly string[] }
  | { readonly kind: 'equals-ignore-case'; readonly values: readonly IgnoreCaseOperand[] }
  | { readonly kind: 'wildcard'; readonly values: readonly Wildcard[] };

export interface NumericRange {
  readonly lower?: NumericBound;
  readonly upper?: NumericBound;
}

export interface NumericBound {
  readonly value: number;
  readonly inclusive: boolean;
}
