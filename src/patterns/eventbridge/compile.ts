import type { ParseResult, PatternNote } from '../types.js';
import type { EventPattern, PatternNode, ValueMatcher } from './ast.js';
import { compileMatchList } from './compile-matcher.js';
import { readJson, type JsonMember, type JsonObject, type JsonValue } from './json-reader.js';
import { PatternError } from './pattern-error.js';

/** EventPattern is at most 4096 characters (EventBridge API, Rule/TestEventPattern). */
const MAX_PATTERN_LENGTH = 4096;
/** EventBridge rejects a pattern whose `$or` use expands to more combinations than this. */
const MAX_COMBINATIONS = 1000;

/** Field names that event-ruler reserves inside `$or` (its operators and a few future ones). */
const RESERVED_INSIDE_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  'html',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

/**
 * Validates and compiles an EventPattern. Errors carry event-ruler's messages; notes say what AWS
 * accepts but silently ignores (a repeated key, a condition overridden inside `$or`).
 */
export function parseEventPattern(text: string): ParseResult<EventPattern> {
  try {
    if (text.length > MAX_PATTERN_LENGTH) {
      throw new PatternError(MAX_PATTERN_LENGTH, `Event pattern must have length less than or equal to ${MAX_PATTERN_LENGTH} (it has ${text.length})`);
    }
    const root = readJson(text);
    if (root.type !== 'object') throw new PatternError(root.position, 'Filter is not an object');
    return { ok: true, ...compileRoot(root) };
  } catch (error) {
    if (error instanceof PatternError) return { ok: false, error: { position: error.position, message: error.message } };
    throw error;
  }
}

function compileRoot(root: JsonObject): { pattern: EventPattern; notes: PatternNote[] } {
  try {
    return new Compiler(true).compile(root);
  } catch (strictError) {
    // event-ruler's Machine falls back to its older compiler, where "$or" is an ordinary field name,
    // when the $or-aware one rejects a rule. Only a misused "$or" can pass the second and not the first.
    if (!(strictError instanceof PatternError)) throw strictError;
    try {
      const legacy = new Compiler(false).compile(root);
      legacy.notes.unshift({
        position: strictError.position,
        message: `"$or" is not used as an Or here (${strictError.message}); EventBridge reads it as a field named "$or"`,
      });
      return legacy;
    } catch {
      throw strictError;
    }
  }
}

/** One `$or` alternative being built: the match list of each field path, keyed by the dotted path. */
type Branch = Map<string, Condition>;

interface Condition {
  readonly path: readonly string[];
  readonly matchers: readonly ValueMatcher[];
  /** Where the match list starts in the pattern text; also identifies the condition. */
  readonly position: number;
}

class Compiler {
  private readonly notes: PatternNote[] = [];
  private readonly noted = new Set<string>();

  constructor(private readonly orIsOperator: boolean) {}

  compile(root: JsonObject): { pattern: EventPattern; notes: PatternNote[] } {
    const branches = distinct(this.object(root, [], [new Map<string, Condition>()], false));
    const pattern = { branches: branches.map((branch) => toTree(branch, (path) => path)) };
    const keys = dottedKeys(branches);
    if (keys.length === 0) return { pattern, notes: this.notes };
    const split = (path: readonly string[]): readonly string[] => path.flatMap((key) => key.split('.'));
    return { pattern: { ...pattern, dotted: { branches: branches.map((branch) => toTree(branch, split)), keys } }, notes: this.notes };
  }

  /**
   * Adds an object's fields to every branch, in source order, as event-ruler does: a field written
   * after a `$or` lands in all of its alternatives, and a dotted path written twice in one branch
   * keeps the later match list (event-ruler compiles with overriding on).
   */
  private object(object: JsonObject, path: readonly string[], branches: Branch[], insideOr: boolean): Branch[] {
    if (object.members.length === 0) throw new PatternError(object.position, 'Empty objects are not allowed');
    for (const member of this.lastOfEachKey(object, path)) {
      const { key, keyPosition, value } = member;
      if (key === '$or' && this.orIsOperator) {
        branches = this.or(member, path, branches);
        continue;
      }
      if (insideOr && RESERVED_INSIDE_OR.has(key)) {
        throw new PatternError(keyPosition, `${key} is Ruler reserved fieldName which cannot be used inside $or.`);
      }
      const fieldPath = [...path, key];
      if (value.type === 'object') branches = this.object(value, fieldPath, branches, insideOr);
      else if (value.type === 'array') this.addCondition(branches, { path: fieldPath, matchers: compileMatchList(value), position: value.position });
      else throw new PatternError(value.position, `"${key}" must be an object or an array`);
    }
    return branches;
  }

  private or({ value, keyPosition }: JsonMember, path: readonly string[], branches: Branch[]): Branch[] {
    if (value.type !== 'array') throw new PatternError(value.position, 'It must be an Array followed with $or.');
    const expanded: Branch[] = [];
    for (const alternative of value.items) {
      if (alternative.type !== 'object') throw new PatternError(alternative.position, 'Only JSON object is allowed in array of $or relationship.');
      expanded.push(
        ...this.object(
          alternative,
          path,
          branches.map((branch) => new Map(branch)),
          true,
        ),
      );
      if (expanded.length > MAX_COMBINATIONS) {
        throw new PatternError(keyPosition, `Event pattern is too complex: $or expands to more than ${MAX_COMBINATIONS} combinations`);
      }
    }
    if (value.items.length < 2) throw new PatternError(value.position, 'There must have at least 2 Objects in $or relationship.');
    return expanded;
  }

  private addCondition(branches: Branch[], condition: Condition): void {
    const key = condition.path.join('.');
    for (const branch of branches) {
      const overridden = branch.get(key);
      if (overridden && overridden.position !== condition.position) {
        this.note(
          overridden.position,
          `${key} is matched twice in one branch of the pattern (positions ${overridden.position} and ${condition.position}: a field both beside and inside $or, or a key containing a dot); EventBridge keeps the last, so the one at position ${overridden.position} is ignored there`,
        );
      }
      branch.set(key, condition);
    }
  }

  /** AWS keeps the last of a repeated key ("the last reference will be the one used"); say what that drops. */
  private lastOfEachKey(object: JsonObject, path: readonly string[]): readonly JsonMember[] {
    if (object.members.length < 2) return object.members;
    const last = new Map(object.members.map((member) => [member.key, member]));
    if (last.size === object.members.length) return object.members;
    for (const member of object.members) {
      const kept = last.get(member.key);
      if (!kept || kept === member) continue;
      const dropped = conditionPaths(member.value, [...path, member.key]).join(', ');
      this.note(
        member.keyPosition,
        `Duplicate key "${member.key}"${path.length ? ` in ${path.join('.')}` : ''}: EventBridge keeps only the last one (position ${kept.keyPosition}), so the condition on ${dropped} is silently dropped`,
      );
    }
    return object.members.filter((member) => last.get(member.key) === member);
  }

  private note(position: number, message: string): void {
    if (this.noted.has(message)) return;
    this.noted.add(message);
    this.notes.push({ position, message });
  }
}

/** The dotted paths of the conditions written inside `value` (for notes). */
function conditionPaths(value: JsonValue, path: readonly string[]): string[] {
  if (value.type !== 'object') return [path.join('.')];
  return value.members.flatMap((member) => {
    if (member.key !== '$or' || member.value.type !== 'array') return conditionPaths(member.value, [...path, member.key]);
    return member.value.items.flatMap((alternative) => conditionPaths(alternative, path));
  });
}

/** `$or` alternatives can expand to identical branches; matching one of them is enough. */
function distinct(branches: Branch[]): Branch[] {
  if (branches.length === 1) return branches;
  const seen = new Set<string>();
  return branches.filter((branch) => {
    const identity = [...branch.values()]
      .map((condition) => condition.position)
      .sort((a, b) => a - b)
      .join(',');
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
  });
}

interface NodeDraft {
  matchers?: readonly ValueMatcher[];
  readonly children: Map<string, NodeDraft>;
}

/** The dotted paths of the conditions that have a field name with a dot in it. */
function dottedKeys(branches: readonly Branch[]): string[] {
  const keys = new Set<string>();
  for (const branch of branches) {
    for (const [key, condition] of branch) if (condition.path.some((name) => name.includes('.'))) keys.add(key);
  }
  return [...keys];
}

function toTree(branch: Branch, pathOf: (path: readonly string[]) => readonly string[]): PatternNode {
  const root: NodeDraft = { children: new Map() };
  for (const { path, matchers } of branch.values()) {
    let draft = root;
    for (const key of pathOf(path)) {
      let child = draft.children.get(key);
      if (!child) draft.children.set(key, (child = { children: new Map() }));
      draft = child;
    }
    draft.matchers = matchers;
  }
  return freeze(root, '');
}

function freeze(draft: NodeDraft, path: string): PatternNode {
  const children = [...draft.children].map(([key, child]) => ({ key, node: freeze(child, path ? `${path}.${key}` : key) }));
  const testsAbsence = (draft.matchers ?? []).some((matcher) => matcher.kind === 'exists' && !matcher.exists) || children.some(({ node }) => node.testsAbsence);
  return { path, matchers: draft.matchers, children, testsAbsence };
}
