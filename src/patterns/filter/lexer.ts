import type { ComparisonOperator, SelectorStep } from './ast.js';
import { isBlankAt, isNameCharAt, isWordCharAt } from './chars.js';
import { FilterPatternError } from './errors.js';

/**
 * The filter-pattern lexer. Lexing depends on context (§3.3 of the reference): a bare value may hold
 * `.`, `*` and `-` but ends at `&&`, `)` or `}`; `%…%` has its own alphabet; `'…'` exists only inside
 * `.['key']`; `-`/`?` prefixes exist only in text patterns. So the parser names the mode it expects and
 * the lexer reads one token in that mode:
 *
 * - `json`: the structure of a JSON pattern: `{ } ( ) && || $`, comparison operators, keywords.
 * - `selector`: one selector step right after `$` or the previous step; `end` when the selector is over.
 * - `value`: the value after a comparison operator in a JSON pattern.
 * - `delimited`: the structure of a space-delimited pattern: `[ ] , ... && ||`, operators, field names.
 * - `field-value`: the value after an operator in a space-delimited pattern.
 * - `text`: one term of an unstructured pattern.
 */
export type LexMode = 'json' | 'selector' | 'value' | 'delimited' | 'field-value' | 'text';

export type Punctuation = '{' | '}' | '(' | ')' | '[' | ']' | ',' | '&&' | '||' | '...' | '$';

export type Token = { start: number; end: number } & (
  | { kind: 'punctuation'; punctuation: Punctuation }
  | { kind: 'operator'; operator: ComparisonOperator }
  /** Keywords (`IS`, `NOT`…), delimited field names, or a selector missing its `$.`. */
  | { kind: 'word'; text: string }
  | { kind: 'step'; step: SelectorStep }
  /** `"…"`; `escapedQuote` when it holds `\"`, whose meaning AWS does not document. */
  | { kind: 'string'; value: string; escapedQuote: boolean }
  /** `%…%`; `body` excludes the percent signs and starts at `start + 1`. */
  | { kind: 'regex'; body: string }
  | { kind: 'bare'; text: string }
  /** An unstructured term; `text` excludes the prefix and the quotes. */
  | { kind: 'term'; prefix: '' | '-' | '?'; text: string; quoted: boolean; escapedQuote: boolean }
  /** A character this mode does not expect; the parser words the error, which depends on context. */
  | { kind: 'unexpected'; text: string }
  | { kind: 'end' }
);

/** Characters that end a bare value, besides blanks [reference §1.3 BareWord]; as char codes. */
const JSON_VALUE_END = charCodes('"(){}&|%');
const FIELD_VALUE_END = charCodes('",]&|%');

function charCodes(chars: string): Set<number> {
  return new Set(Array.from(chars, (char) => char.charCodeAt(0)));
}

export class Lexer {
  private position = 0;
  // The last token peeked: parsers peek the same token several times before consuming it.
  private cachedPosition = -1;
  private cachedMode: LexMode | undefined;
  private cachedToken: Token | undefined;

  constructor(readonly text: string) {}

  /** Sets the read position (the parsers start after the dialect's opening character). */
  seek(position: number): void {
    this.position = position;
  }

  /** The next token in `mode`, without consuming it. */
  peek(mode: LexMode): Token {
    if (this.cachedToken !== undefined && this.cachedPosition === this.position && this.cachedMode === mode) return this.cachedToken;
    const token = this.read(mode);
    this.cachedPosition = this.position;
    this.cachedMode = mode;
    this.cachedToken = token;
    return token;
  }

  /** Consumes a token obtained from `peek`. */
  consume(token: Token): void {
    this.position = token.end;
  }

  private read(mode: LexMode): Token {
    if (mode === 'selector') return this.readStep();
    let start = this.position;
    while (isBlankAt(this.text, start)) start++;
    if (start >= this.text.length) return { kind: 'end', start, end: start };
    switch (mode) {
      case 'json':
        return this.readJsonStructure(start);
      case 'value':
        return this.readValue(start, JSON_VALUE_END);
      case 'delimited':
        return this.readDelimitedStructure(start);
      case 'field-value':
        return this.readValue(start, FIELD_VALUE_END);
      case 'text':
        return this.readTerm(start);
    }
  }

  private readJsonStructure(start: number): Token {
    const char = this.text[start] as string;
    if (char === '{' || char === '}' || char === '(' || char === ')' || char === '$') {
      return { kind: 'punctuation', punctuation: char, start, end: start + 1 };
    }
    return this.readConnective(start) ?? this.readOperator(start) ?? this.readWord(start) ?? this.unexpected(start);
  }

  private readDelimitedStructure(start: number): Token {
    const char = this.text[start] as string;
    if (char === '[' || char === ']' || char === ',') return { kind: 'punctuation', punctuation: char, start, end: start + 1 };
    if (this.text.startsWith('...', start)) return { kind: 'punctuation', punctuation: '...', start, end: start + 3 };
    return this.readConnective(start) ?? this.readOperator(start) ?? this.readWord(start) ?? this.unexpected(start);
  }

  private readConnective(start: number): Token | undefined {
    const pair = this.text.slice(start, start + 2);
    if (pair === '&&' || pair === '||') return { kind: 'punctuation', punctuation: pair, start, end: start + 2 };
    return undefined;
  }

  private readOperator(start: number): Token | undefined {
    const pair = this.text.slice(start, start + 2);
    if (pair === '!=' || pair === '<=' || pair === '>=') return { kind: 'operator', operator: pair, start, end: start + 2 };
    const char = this.text[start];
    if (char === '=' || char === '<' || char === '>') return { kind: 'operator', operator: char, start, end: start + 1 };
    return undefined;
  }

  private readWord(start: number): Token | undefined {
    let end = start;
    while (isWordCharAt(this.text, end)) end++;
    if (end === start) return undefined;
    return { kind: 'word', text: this.text.slice(start, end), start, end };
  }

  private unexpected(start: number): Token {
    const char = String.fromCodePoint(this.text.codePointAt(start) as number);
    return { kind: 'unexpected', text: char, start, end: start + char.length };
  }

  /** `.name`, `.*`, `.['key']`, `[n]`, `[*]`; blanks are not allowed inside a selector. */
  private readStep(): Token {
    const start = this.position;
    const text = this.text;
    if (text[start] === '.') {
      if (text[start + 1] === '*') return { kind: 'step', step: { kind: 'any-property' }, start, end: start + 2 };
      if (text[start + 1] === '[') return this.readBracketKey(start);
      let end = start + 1;
      while (isNameCharAt(text, end)) end++;
      if (end === start + 1) {
        throw new FilterPatternError(start + 1, `expected a property name after "." (letters, digits, "_" or "-"; write .['key'] for other characters)`);
      }
      return { kind: 'step', step: { kind: 'property', name: text.slice(start + 1, end) }, start, end };
    }
    if (text[start] === '[') {
      if (text.startsWith('[*]', start)) return { kind: 'step', step: { kind: 'any-element' }, start, end: start + 3 };
      const index = /^\[(\d+)\]/.exec(text.slice(start));
      if (index) {
        return { kind: 'step', step: { kind: 'index', index: Number(index[1]) }, start, end: start + index[0].length };
      }
      if (text[start + 1] === "'") throw new FilterPatternError(start, `a bracket key is written with a dot before it: .['key']`);
      throw new FilterPatternError(start + 1, 'expected an array index or "*" inside "[ ]"');
    }
    return { kind: 'end', start, end: start };
  }

  /** `.['cluster.name']`: the only place where single quotes are legal [D1][D3]. */
  private readBracketKey(start: number): Token {
    const open = start + 2;
    if (this.text[open] !== "'") throw new FilterPatternError(open, `expected "'" after ".[": a bracket key is written .['key']`);
    const close = this.text.indexOf("'", open + 1);
    if (close === -1) throw new FilterPatternError(open, 'unterminated bracket key: missing the closing "\'"');
    if (close === open + 1) throw new FilterPatternError(open, 'a bracket key cannot be empty');
    if (this.text[close + 1] !== ']') throw new FilterPatternError(close + 1, `expected "]" to close the bracket key`);
    const name = this.text.slice(open + 1, close);
    return { kind: 'step', step: { kind: 'property', name }, start, end: close + 2 };
  }

  private readValue(start: number, valueEnd: Set<number>): Token {
    const char = this.text[start] as string;
    if (char === '"') return this.readQuoted(start);
    if (char === '%') {
      const close = this.text.indexOf('%', start + 1);
      if (close === -1) throw new FilterPatternError(start, 'unterminated regex: missing the closing "%"');
      return { kind: 'regex', body: this.text.slice(start + 1, close), start, end: close + 1 };
    }
    if (char === "'") {
      throw new FilterPatternError(start, 'single quotes are not valid around a value; use double quotes');
    }
    let end = start;
    while (end < this.text.length && !isBlankAt(this.text, end) && !valueEnd.has(this.text.charCodeAt(end))) end++;
    if (end === start) return this.unexpected(start);
    return { kind: 'bare', text: this.text.slice(start, end), start, end };
  }

  /**
   * `"…"`. AWS documents no escapes [U]. `\"` is read as a quote inside the string and reported as a
   * doubt; any other backslash is literal ("strings that have … '\' must be enclosed in double quotes").
   */
  private readQuoted(start: number): Token & { kind: 'string' } {
    let value = '';
    let escapedQuote = false;
    for (let i = start + 1; i < this.text.length; i++) {
      const char = this.text[i] as string;
      if (char === '"') return { kind: 'string', value, escapedQuote, start, end: i + 1 };
      if (char === '\\' && this.text[i + 1] === '"') {
        escapedQuote = true;
        value += '"';
        i++;
        continue;
      }
      value += char;
    }
    throw new FilterPatternError(start, 'unterminated string: missing the closing double quote');
  }

  private readTerm(start: number): Token {
    const first = this.text[start];
    const prefix = first === '-' || first === '?' ? first : '';
    const bodyStart = start + prefix.length;
    if (bodyStart >= this.text.length || isBlankAt(this.text, bodyStart)) {
      throw new FilterPatternError(start, `"${prefix}" must be followed directly by a term`);
    }
    if (this.text[bodyStart] === '"') {
      const quoted = this.readQuoted(bodyStart);
      if (quoted.end < this.text.length && !isBlankAt(this.text, quoted.end)) {
        throw new FilterPatternError(quoted.end, 'expected a blank after the closing double quote');
      }
      const { value, escapedQuote, end } = quoted;
      return { kind: 'term', prefix, text: value, quoted: true, escapedQuote, start, end };
    }
    let end = bodyStart;
    while (end < this.text.length && !isBlankAt(this.text, end)) end++;
    return { kind: 'term', prefix, text: this.text.slice(bodyStart, end), quoted: false, escapedQuote: false, start, end };
  }
}
