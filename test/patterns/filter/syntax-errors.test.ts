import { describe, expect, it } from 'vitest';
import { MAX_PATTERN_LENGTH, parseFilterPattern } from '../../../src/patterns/filter/index.js';

/**
 * Patterns AWS rejects, or that the engine cannot read. `at` marks where the error must point: the
 * offset of its first character in the pattern (its last occurrence when prefixed with `last:`).
 */
interface ErrorCase {
  why: string;
  pattern: string;
  at: string | number;
  message: RegExp;
}

const cases: ErrorCase[] = [
  { why: 'single quotes around a value [I2] (#7)', pattern: "{$.userIdentity.type='Root'}", at: "'", message: /single quotes/ },
  { why: 'missing closing brace [I4] (#39)', pattern: '{ $.eventName = "ConsoleLogin" ', at: 30, message: /must end with "}"/ },
  { why: 'selector without $. [I3] (#40)', pattern: '{ eventName = "ConsoleLogin" }', at: 'eventName', message: /\$\.eventName/ },
  { why: 'EXISTS without NOT (#38)', pattern: '{ $.userIdentity.invokedBy EXISTS }', at: 'EXISTS', message: /EXISTS is not supported/ },
  { why: 'IS NOT NULL (#38)', pattern: '{ $.userIdentity.invokedBy IS NOT NULL }', at: 'NOT', message: /IS NOT is not supported/ },
  { why: 'parentheses in a regex [D2] (#29)', pattern: '{ $.eventName = %(Put|Delete)RolePolicy% }', at: '(', message: /parentheses.*\\x28/ },
  { why: 'two wildcards in one selector [D1] (#48)', pattern: '{ $.a[*].b[*] = 1 }', at: 'last:[*]', message: /only one wildcard/ },
  { why: 'a third regex [D2] (#49)', pattern: '{ $.eventName = %a% && $.eventSource = %b% && $.awsRegion = %c% }', at: '%c%', message: /at most 2 regexes/ },
  {
    why: 'cross-field && [I5] (#54)',
    pattern: '[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000]',
    at: 'bytes',
    message: /one field only/,
  },
  {
    why: 'a fourth wildcard selector [D1]',
    pattern: '{ $.a[*] = 1 || $.b[*] = 1 || $.c.* = 1 || $.d[*] = 1 }',
    at: 'last:[*]',
    message: /at most 3 wildcard selectors/,
  },
  { why: 'unclosed parenthesis', pattern: '{ ($.a = 1 }', at: '}', message: /expected "\)" to close the "\(" at 2/ },
  { why: 'unbalanced closing parenthesis', pattern: '{ $.a = 1 ) }', at: ')', message: /unbalanced/ },
  { why: 'empty JSON pattern', pattern: '{ }', at: '}', message: /expected a condition/ },
  { why: 'missing value', pattern: '{ $.a = }', at: '}', message: /expected a value after "="/ },
  { why: 'unterminated string', pattern: '{ $.a = "abc }', at: '"', message: /unterminated string/ },
  { why: 'missing property name', pattern: '{ $. = 1 }', at: 4, message: /property name/ },
  { why: 'bad array index', pattern: '{ $.a[x] = 1 }', at: 'x', message: /array index/ },
  { why: 'bracket key without its dot', pattern: "{ $.a['k'] = 1 }", at: '[', message: /\.\['key'\]/ },
  { why: 'unclosed bracket key', pattern: "{ $.['k' = 1 }", at: 8, message: /"\]"/ },
  { why: 'character not allowed in a property name', pattern: '{ $.a:b = 1 }', at: ':', message: /\.\['key'\]/ },
  { why: 'unknown keyword', pattern: '{ $.a ISNULL }', at: 'ISNULL', message: /comparison operator, IS or NOT EXISTS/ },
  { why: 'IS with an unknown operand', pattern: '{ $.a IS EMPTY }', at: 'EMPTY', message: /NULL, TRUE or FALSE/ },
  { why: 'dangling &&', pattern: '{ $.a = 1 && }', at: '}', message: /expected a condition/ },
  { why: 'single & instead of &&', pattern: '{ $.a = 1 & $.b = 2 }', at: '&', message: /"&&", "\|\|" or the closing "}"/ },
  { why: 'text after the closing brace', pattern: '{ $.a = 1 } extra }', at: 'extra', message: /after the closing "}"/ },
  { why: 'delimited without closing bracket', pattern: '[w1=ERROR, w2', at: 13, message: /must end with "\]"/ },
  { why: 'empty delimited pattern', pattern: '[]', at: ']', message: /field name/ },
  { why: 'text after the closing bracket', pattern: '[a] b]', at: 'b', message: /after the closing "\]"/ },
  { why: 'parenthesis in a delimited pattern', pattern: '[(w1 = 1)]', at: '(', message: /field name/ },
  { why: 'dangling text prefix', pattern: 'ERROR - foo', at: '-', message: /followed directly by a term/ },
  { why: 'unterminated phrase', pattern: 'ERROR "unterminated', at: '"', message: /unterminated string/ },
  { why: 'text glued to a phrase', pattern: '"abc"def', at: 'def', message: /blank after the closing double quote/ },
  { why: 'parenthesis in a standalone regex', pattern: '%abc(%', at: '(', message: /parentheses/ },
  { why: 'multi-byte character in a regex [D2]', pattern: '%café%', at: 'é', message: /multi-byte/ },
  { why: 'character outside the regex alphabet [D2]', pattern: '%something!%', at: '!', message: /Invalid character/ },
  { why: 'empty regex', pattern: '%%', at: 0, message: /cannot be empty/ },
  { why: 'invalid regex', pattern: '%a{2,1}%', at: 1, message: /invalid regex/ },
  { why: 'unterminated regex value', pattern: '{ $.a = %abc }', at: '%', message: /unterminated regex/ },
];

function offset(pattern: string, at: string | number): number {
  if (typeof at === 'number') return at;
  return at.startsWith('last:') ? pattern.lastIndexOf(at.slice(5)) : pattern.indexOf(at);
}

describe('syntax errors', () => {
  it.each(cases)('$why: $pattern', ({ pattern, at, message }) => {
    const result = parseFilterPattern(pattern);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(message);
    expect(result.error.position).toBe(offset(pattern, at));
  });

  it(`accepts ${MAX_PATTERN_LENGTH} characters and rejects one more, pointing at it [D7]`, () => {
    const fill = (length: number): string => `{ $.eventName = "${'A'.repeat(length - 20)}" }`;
    expect(fill(MAX_PATTERN_LENGTH)).toHaveLength(MAX_PATTERN_LENGTH);
    expect(parseFilterPattern(fill(MAX_PATTERN_LENGTH)).ok).toBe(true);
    expect(parseFilterPattern(fill(MAX_PATTERN_LENGTH + 1))).toEqual({
      ok: false,
      error: { position: MAX_PATTERN_LENGTH, message: expect.stringMatching(/at most 1024 characters/) },
    });
  });

  it('counts the length in characters, not UTF-16 units', () => {
    const emoji = '🔥'; // two UTF-16 units
    const pattern = `{ $.x = "${emoji.repeat(MAX_PATTERN_LENGTH - 12)}" }`;
    expect([...pattern]).toHaveLength(MAX_PATTERN_LENGTH);
    expect(parseFilterPattern(pattern).ok).toBe(true);
    expect(parseFilterPattern(`${pattern} `).ok).toBe(false);
  });

  it('caps the nesting depth at 256 parentheses', () => {
    const nested = (depth: number): string => `{${'('.repeat(depth)}$.a = 1${')'.repeat(depth)}}`;
    expect(parseFilterPattern(nested(256)).ok).toBe(true);
    expect(parseFilterPattern(nested(257))).toEqual({ ok: false, error: { position: 257, message: expect.stringMatching(/deeper than 256/) } });
  });
});
