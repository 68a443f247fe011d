import { describe, expect, it } from 'vitest';
import { matchResult, verdictOf } from './helpers.js';

/**
 * Ignore-case matching as event-ruler does it: each UTF-16 unit of the pattern's operand accepts its
 * Java `toLowerCase(Locale.ROOT)` or `toUpperCase(Locale.ROOT)` form, and nothing else; the event's
 * value is not folded.
 *
 * Sources (aws/event-ruler, as stored for read_file):
 * - [P] src/main/software/amazon/event/ruler/input/EqualsIgnoreCaseParser.java @fe8d2e6f (the rule),
 *   input/DefaultParser.java @17860e0b (the same parser for equals-ignore-case, prefix and
 *   anything-but equals-ignore-case), input/SuffixEqualsIgnoreCaseParser.java @4cddf22d (suffix).
 * - [PT] src/test/software/amazon/event/ruler/input/EqualsIgnoreCaseParserTest.java @fe8d2e6f.
 * - [BT] src/test/software/amazon/event/ruler/ByteMachineTest.java @00af6507 (testEqualsIgnoreCase*).
 * - [D10] https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 *   (equals-ignore-case, prefix/suffix with equals-ignore-case, anything-but equals-ignore-case).
 */
const field = (operator: unknown): Record<string, unknown> => ({ a: [operator] });
const eic = (operand: string): Record<string, unknown> => field({ 'equals-ignore-case': operand });
const prefix = (operand: string): Record<string, unknown> => field({ prefix: { 'equals-ignore-case': operand } });
const suffix = (operand: string): Record<string, unknown> => field({ suffix: { 'equals-ignore-case': operand } });
const notEic = (operand: string | string[]): Record<string, unknown> => field({ 'anything-but': { 'equals-ignore-case': operand } });

type Row = [pattern: Record<string, unknown>, value: string, expected: 'match' | 'no-match' | 'uncertain', why: string];

function table(name: string, rows: Row[]): void {
  describe(name, () => {
    it.each(rows.map(([pattern, value, expected, why]) => ({ pattern, value, expected, why, text: JSON.stringify(pattern) })))(
      '$text on $value → $expected ($why)',
      ({ pattern, value, expected }) => {
        expect(verdictOf(pattern, { a: value })).toBe(expected);
      },
    );
  });
}

table('length-changing case mappings [P]: a pattern character accepts its upper case even when it is longer', [
  [eic('ß'), 'SS', 'match', '[P] "ß".toUpperCase() is "SS"'],
  [eic('ß'), 'ß', 'match', '[P] its lower case is itself'],
  [eic('ß'), 'ss', 'no-match', '[P] "ss" is neither "ß" nor "SS"'],
  [eic('ß'), 'Ss', 'no-match', '[P] the upper case "SS" is one reading: no mixing inside it'],
  [eic('ß'), 'ẞ', 'no-match', '[P] CAPITAL SHARP S is not what "ß".toUpperCase() gives'],
  [eic('SS'), 'ß', 'no-match', '[P] each "S" accepts "s" or "S", never "ß"'],
  [eic('straße'), 'STRASSE', 'match', '[P]'],
  [eic('straße'), 'Strasse', 'no-match', '[P] "ß" is read as "ß" or "SS", not "ss"'],
  [eic('STRASSE'), 'straße', 'no-match', '[P] the operand is folded, not the event'],
  [eic('ſ'), 'S', 'match', '[P] LONG S upper-cases to "S"'],
  [eic('ſ'), 's', 'no-match', '[P] but "ſ".toLowerCase() is itself'],
  [eic('s'), 'ſ', 'no-match', '[P] "s" accepts "s" or "S"'],
  [eic('ς'), 'Σ', 'match', '[P] final sigma upper-cases to "Σ"'],
  [eic('ς'), 'σ', 'no-match', '[P] but lower-cases to itself'],
  [eic('Σ'), 'ς', 'no-match', '[P] "Σ" alone lower-cases to "σ" (it is not final after nothing)'],
  [eic('Σ'), 'σ', 'match', '[P]'],
  [eic('ŉ'), 'ʼN', 'match', '[P] "ŉ".toUpperCase() is "ʼN" (SpecialCasing)'],
  [eic('ŉ'), 'ʼn', 'no-match', '[P]'],
  [eic('ﬀ'), 'FF', 'match', '[P] the ligature upper-cases to two letters'],
  [eic('İ'), 'i\u0307', 'match', '[P] "İ".toLowerCase(Locale.ROOT) is "i" + COMBINING DOT ABOVE'],
  [eic('İ'), 'i', 'no-match', '[P] Locale.ROOT, not Turkish'],
  [eic('ǅ'), 'ǅ', 'no-match', '[P] a title-case letter accepts its lower and upper forms only, not itself'],
  [eic('ǅ'), 'Ǆ', 'match', '[P]'],
  [eic('ǅ'), 'ǆ', 'match', '[P]'],
]);

table('characters that only look like cases of each other [P]', [
  [eic('k'), '\u212A', 'no-match', '[P] KELVIN SIGN lower-cases to "k", but is not a case of "k"'],
  [eic('\u212A'), 'k', 'match', '[P] the pattern KELVIN SIGN accepts its lower case "k"'],
  [eic('\u212A'), 'K', 'no-match', '[P] and not "K", which is not its upper case (itself)'],
  [eic('å'), '\u212B', 'no-match', '[P] ANGSTROM SIGN likewise'],
  [eic('i'), 'İ', 'no-match', '[P] "i" accepts "i" or "I"'],
  [eic('ı'), 'I', 'match', '[P] DOTLESS I upper-cases to "I"'],
  [eic('I'), 'ı', 'no-match', '[P] "I" lower-cases to "i"'],
]);

table("event-ruler's own case values [BT][PT]", [
  // [BT] testEqualsIgnoreCaseManyCharactersWithDifferentByteLengthForLowerCaseAndUpperCase. The stored
  // copy shows the upper cases of ΰ and ΐ NFC-composed (U+03AB/U+03AA + U+0301); Java's
  // toUpperCase gives U+03A5/U+0399 + U+0308 + U+0301, which is what the test's bytes must be for it
  // to pass, so they are written out here.
  [eic('ΰɀɐΐΰῆK'), '\u03a5\u0308\u0301ɀⱯΐ\u03a5\u0308\u0301\u0397\u0342k', 'match', '[BT] many characters whose cases differ in UTF-8 length'],
  [eic('ΰɀɐΐΰῆK'), 'ΰⱿɐ\u0399\u0308\u0301ΰῆK', 'match', '[BT]'],
  [eic('ΰɀɐΐΰῆK'), '\u03a5\u0308\u0301ⱿⱯ\u0399\u0308\u0301\u03a5\u0308\u0301ῆk', 'match', '[BT]'],
  [eic('ΰɀɐΐΰῆK'), 'ΰɀɐΐΰ\u0397\u0342K', 'match', '[BT]'],
  [eic('ΰɀɐΐΰῆK'), '\u03a5\u0308\u0301ȿⱯΐ\u03a5\u0308\u0301\u0397\u0342k', 'no-match', '[BT] ȿ is not ɀ'],
  [eic('ΰɀɐΐΰῆK'), 'ΰⱾɐ\u0399\u0308\u0301ΰῆK', 'no-match', '[BT] Ȿ is not Ɀ'],
  [eic('ΰɀɐΐΰῆK'), 'ΰⱿɐ\u03aa\u0301ΰῆK', 'no-match', '[P] the NFC-composed spelling is other bytes: event-ruler does not normalise'],
  [eic('ΰɀɐΐΰῆK'), '', 'no-match', '[BT]'],
  [eic('12ⱥ34'), '12Ⱥ34', 'match', '[BT] lower case 3 bytes, upper case 2'],
  [eic('12Ⱥ34'), '12ⱥ34', 'match', '[BT]'],
  [eic('12ⱥ34'), '12a34', 'no-match', '[BT]'],
  [eic('12ⱥ34'), '12A34', 'no-match', '[BT]'],
  [eic('ⱥ12'), 'Ⱥ12', 'match', '[BT] at the start'],
  [eic('12Ⱥ'), '12ⱥ', 'match', '[BT] at the end'],
  [eic('abȺcd'), 'abⱥcd', 'match', '[BT] in the middle'],
  [eic('1#$^sS我ŐaBc'), '1#$^Ss我ŐAbC', 'match', '[BT] non-letters and CJK fold to themselves'],
  [eic('1#$^sS我ŐaBc'), '1#$^sS我ŏaBc', 'no-match', '[BT] Ő is not ŏ'],
  [eic('1#$^sS我ŐaBc'), '1#$^sS大ŐaBc', 'no-match', '[BT]'],
  [eic('1aA*†Éⱥ'), '1Aa*†éȺ', 'match', '[PT] the parser test operand: "1", "*" and "†" fold to themselves'],
  [eic('jAVa'), 'JaVa', 'match', '[BT] testEqualsIgnoreCasePattern'],
  [eic('jAVa'), 'javax', 'no-match', '[BT]'],
  [eic('jAVa'), 'xJAVA', 'no-match', '[BT]'],
]);

table('the same folding inside prefix, suffix and anything-but [P][D10]', [
  [prefix('ß'), 'SSx', 'match', '[P] PREFIX_EQUALS_IGNORE_CASE uses EqualsIgnoreCaseParser'],
  [prefix('straße'), 'STRASSE-1', 'match', '[P]'],
  [prefix('straße'), 'strasse-1', 'no-match', '[P]'],
  [prefix('k'), '\u212Aey', 'no-match', '[P] KELVIN SIGN'],
  [prefix('ſ'), 'Sx', 'match', '[P]'],
  [suffix('ß'), 'xSS', 'match', '[P] SuffixEqualsIgnoreCaseParser: the same sets, reversed'],
  [suffix('ς'), 'ΛΟΓΟΣ', 'match', '[P]'],
  [suffix('ŉ'), 'xʼN', 'match', '[P]'],
  [suffix('k'), 'x\u212A', 'no-match', '[P]'],
  [suffix('ß'), 'xss', 'no-match', '[P]'],
  [notEic('ß'), 'SS', 'no-match', '[P] ANYTHING_BUT_IGNORE_CASE uses EqualsIgnoreCaseParser: "SS" is excluded'],
  [notEic('ß'), 'ss', 'match', '[P] "ss" is not excluded'],
  [notEic('k'), '\u212A', 'match', '[P] KELVIN SIGN is not excluded by "k"'],
  [notEic(['straße', 'x']), 'STRASSE', 'no-match', '[P] any one of the list excludes'],
  [notEic(['ς']), 'Σ', 'no-match', '[P]'],
]);

describe('where the verdict depends on what the docs do not say, it is uncertain', () => {
  it('a character outside the BMP: event-ruler reads each UTF-16 half as "?" [P]', () => {
    expect(verdictOf(eic('😀'), { a: '😀' })).toBe('uncertain');
    expect(verdictOf(eic('😀'), { a: '??' })).toBe('uncertain');
    expect(verdictOf(eic('𐐨'), { a: '𐐀' })).toBe('uncertain');
    // Neither reading matches: then it is a confident no.
    expect(verdictOf(eic('😀'), { a: 'x' })).toBe('no-match');
    expect(verdictOf(notEic('😀'), { a: 'abc' })).toBe('match');
    expect(matchResult(eic('😀'), { a: '😀' }).reasons.join()).toMatch(/one UTF-16 unit at a time/);
  });

  it('a character whose case mapping is newer than Java 8 (Unicode 6.1) [P]', () => {
    // Georgian Mtavruli (Unicode 11), Cherokee small letters (Unicode 8), Latin Ʝ (Unicode 7).
    expect(verdictOf(eic('ა'), { a: 'Ა' })).toBe('uncertain');
    expect(verdictOf(eic('Ꭰ'), { a: 'ꭰ' })).toBe('uncertain');
    expect(verdictOf(eic('ʝ'), { a: 'Ʝ' })).toBe('uncertain');
    expect(verdictOf(notEic('ა'), { a: 'Ა' })).toBe('uncertain');
    expect(matchResult(eic('ა'), { a: 'Ა' }).reasons.join()).toMatch(/newer than Unicode 6\.1/);
    // Both readings agree: the character itself matches, an unrelated value does not.
    expect(verdictOf(eic('ა'), { a: 'ა' })).toBe('match');
    expect(verdictOf(eic('ა'), { a: 'ბ' })).toBe('no-match');
    // A character whose mapping is old is certain.
    expect(verdictOf(eic('ɀ'), { a: 'Ɀ' })).toBe('match');
  });
});

describe('the table of case mappings newer than Unicode 6.1 (generated by scripts/generate-case-mapping-changes.js)', () => {
  it('is ascending, disjoint ranges of code points', async () => {
    const { CASE_MAPPING_CHANGES } = await import('../../../src/patterns/eventbridge/case-mapping-changes.js');
    let last = -1;
    for (const [from, to] of CASE_MAPPING_CHANGES) {
      expect(from).toBeGreaterThan(last);
      expect(to).toBeGreaterThanOrEqual(from);
      expect(to).toBeLessThanOrEqual(0x10ffff);
      last = to;
    }
    const size = CASE_MAPPING_CHANGES.reduce((sum, [from, to]) => sum + to - from + 1, 0);
    expect(size).toBe(899);
  });
});
