import { CASE_MAPPING_CHANGES } from './case-mapping-changes.js';

/**
 * Ignore-case matching as event-ruler does it (equals-ignore-case alone, and inside prefix, suffix
 * and anything-but). event-ruler does not fold the event's value: it compiles the pattern's operand
 * into a byte automaton where each UTF-16 unit `c` of the operand may be read as
 * `String.valueOf(c).toLowerCase(Locale.ROOT)` or `.toUpperCase(Locale.ROOT)` in UTF-8, and nothing
 * else (aws/event-ruler src/main/software/amazon/event/ruler/input/EqualsIgnoreCaseParser.java
 * @fe8d2e6f, used for EQUALS_IGNORE_CASE, PREFIX_EQUALS_IGNORE_CASE and ANYTHING_BUT_IGNORE_CASE by
 * input/DefaultParser.java @17860e0b; SuffixEqualsIgnoreCaseParser.java @4cddf22d reverses the same).
 * So pattern `ß` accepts `ß` or `SS`, `ſ` accepts `ſ` or `S`, and pattern `k` accepts `k` or `K`
 * but not KELVIN SIGN (U+212A), whose lower case is `k` but which is not a case of `k`. A title-case
 * letter (`ǅ`) accepts only its lower and upper forms, not itself.
 *
 * Two readings are uncertain, and the verdict says so when it depends on them:
 * - A character outside the BMP is two UTF-16 units; each half alone encodes to `?` in Java, so
 *   event-ruler accepts `??` for it and not the character. Whether EventBridge still does is not
 *   documented: the verdict is also computed with the character folded as a whole.
 * - Java's case data is that of its Unicode version; which Java EventBridge runs is not documented.
 *   Characters whose case mapping is newer than Unicode 6.1 (Java 8; case-mapping-changes.ts) are
 *   also read as folding to themselves.
 */
export interface IgnoreCaseOperand {
  /** The operand as written. */
  readonly text: string;
  /** event-ruler's reading, with this runtime's case data: the strings each unit may be read as. */
  readonly units: Units;
  /** Other possible readings of the service, when the operand has characters they read differently. */
  readonly alternatives: readonly AlternativeReading[];
}

type Units = readonly (readonly string[])[];

interface AlternativeReading {
  readonly units: Units;
  readonly why: string;
}

export type IgnoreCaseMode = 'equals' | 'prefix' | 'suffix';

/** Java's UTF-8 encoder replaces a lone surrogate with this byte. */
const LONE_SURROGATE = '?';

export function ignoreCaseOperand(text: string): IgnoreCaseOperand {
  const units: string[][] = [];
  const wholeCharacters: string[][] = [];
  const olderData: string[][] = [];
  const astral: string[] = [];
  const newer: string[] = [];
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0;
    const cases = caseForms(character);
    if (character.length === 2) {
      astral.push(character);
      units.push([LONE_SURROGATE], [LONE_SURROGATE]);
      wholeCharacters.push(cases);
    } else {
      units.push(cases);
      wholeCharacters.push(cases);
    }
    if (hasNewerCaseMapping(codePoint)) {
      newer.push(character);
      olderData.push(...(character.length === 2 ? [[LONE_SURROGATE], [LONE_SURROGATE]] : [[character]]));
    } else {
      olderData.push(...(character.length === 2 ? [[LONE_SURROGATE], [LONE_SURROGATE]] : [cases]));
    }
  }
  const alternatives: AlternativeReading[] = [];
  if (astral.length > 0) {
    alternatives.push({
      units: wholeCharacters,
      why: `event-ruler folds case one UTF-16 unit at a time, so it reads ${describe(astral)} (outside the BMP) as "??"; whether EventBridge still does is not documented`,
    });
  }
  if (newer.length > 0) {
    alternatives.push({
      units: olderData,
      why: `the case mapping of ${describe(newer)} is newer than Unicode 6.1 (Java 8), and which Java (so which Unicode data) EventBridge folds case with is not documented`,
    });
  }
  return { text, units, alternatives };
}

/** The result of an ignore-case test: whether event-ruler's reading matches, and why another reading might not agree. */
export interface IgnoreCaseOutcome {
  readonly matches: boolean;
  /** Set when another possible reading of the service gives the other answer. */
  readonly doubt?: string;
}

/** Does `value` match any of the operands (equal to, start with, or end with one)? */
export function matchIgnoringCase(operands: readonly IgnoreCaseOperand[], value: string, mode: IgnoreCaseMode): IgnoreCaseOutcome {
  const matches = operands.some((operand) => matchesUnits(operand.units, value, mode));
  for (const operand of operands) {
    for (const alternative of operand.alternatives) {
      const other = operands.some((each) => matchesUnits(each === operand ? alternative.units : each.units, value, mode));
      if (other !== matches) return { matches, doubt: alternative.why };
    }
  }
  return { matches };
}

/**
 * Walks the operand's units over `value` as event-ruler's automaton does, keeping every offset a
 * reading can have reached (a unit can be read as strings of different lengths, `ß` or `SS`).
 */
function matchesUnits(units: Units, value: string, mode: IgnoreCaseMode): boolean {
  let offsets = new Set<number>();
  if (mode === 'suffix') for (let i = 0; i <= value.length; i++) offsets.add(i);
  else offsets.add(0);
  for (const readings of units) {
    const next = new Set<number>();
    for (const offset of offsets) {
      for (const reading of readings) if (value.startsWith(reading, offset)) next.add(offset + reading.length);
    }
    if (next.size === 0) return false;
    offsets = next;
  }
  return mode === 'prefix' || offsets.has(value.length);
}

/** The lower- and upper-case forms of one character, as Java's String methods give them for it alone. */
function caseForms(character: string): string[] {
  const lower = character.toLowerCase();
  const upper = character.toUpperCase();
  return lower === upper ? [lower] : [lower, upper];
}

function hasNewerCaseMapping(codePoint: number): boolean {
  let low = 0;
  let high = CASE_MAPPING_CHANGES.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [from, to] = CASE_MAPPING_CHANGES[middle] ?? [0, -1];
    if (codePoint < from) high = middle - 1;
    else if (codePoint > to) low = middle + 1;
    else return true;
  }
  return false;
}

function describe(characters: readonly string[]): string {
  return [...new Set(characters)]
    .map((character) => `"${character}" (U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`)
    .join(', ');
}
