import type { PatternNote } from '../types.js';
import type { Literal } from './ast.js';
import { FilterPatternError } from './errors.js';
import { Lexer, type Token } from './lexer.js';
import { compileFilterRegex } from './regex.js';
import { compileTextMatcher } from './wildcard.js';

/** "2 regexes per JSON or delimited pattern" [D1][D2]. */
const MAX_REGEXES = 2;
/** "Up to three wildcard selectors per pattern with compound expressions" [D1][D3]. */
const MAX_WILDCARD_SELECTORS = 3;

const NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;
/** Bare values are documented as letters, digits and `_`; AWS's own patterns add `.` and `*` [D1][D8]. */
const PLAIN_BARE_VALUE = /^[A-Za-z0-9_.*]+$/;

/** State of one parse shared by the dialect parsers: the lexer, notes, and the per-pattern quotas. */
export class ParseSession {
  readonly lexer: Lexer;
  readonly notes: PatternNote[] = [];
  private regexes = 0;
  private wildcardSelectors = 0;

  constructor(readonly text: string) {
    this.lexer = new Lexer(text);
  }

  note(position: number, message: string): void {
    this.notes.push({ position, message });
  }

  /**
   * Records something AWS does not document about this piece of syntax: as a note for the user, and in
   * the node's `doubts` for the evaluator. `doubt` is a noun phrase ("the escape \" in …").
   */
  doubt(doubts: string[], position: number, doubt: string): void {
    doubts.push(doubt);
    this.note(position, `AWS does not document ${doubt}; verdicts that depend on it are uncertain`);
  }

  countWildcardSelector(position: number): void {
    this.wildcardSelectors++;
    if (this.wildcardSelectors > MAX_WILDCARD_SELECTORS) {
      throw new FilterPatternError(position, `a pattern may use at most ${MAX_WILDCARD_SELECTORS} wildcard selectors ([*] or .*)`);
    }
  }

  /**
   * Reads the value after `operator` (lexed in `mode`: the characters that end a bare value differ
   * between JSON and delimited patterns). Doubts about the value are added to `doubts`.
   */
  value(mode: 'value' | 'field-value', operator: Token & { kind: 'operator' }, doubts: string[]): { literal: Literal; end: number } {
    const token = this.lexer.peek(mode);
    const literal = this.literal(token, operator, doubts);
    this.lexer.consume(token);
    if (literal.kind === 'regex' && operator.operator === '!=') this.doubt(doubts, operator.start, '"!=" with a regex');
    if (literal.kind !== 'number' && operator.operator !== '=' && operator.operator !== '!=') {
      this.doubt(doubts, operator.start, `"${operator.operator}" with a non-numeric value`);
    }
    return { literal, end: token.end };
  }

  private literal(token: Token, operator: Token & { kind: 'operator' }, doubts: string[]): Literal {
    switch (token.kind) {
      case 'string':
        if (token.escapedQuote) this.doubt(doubts, token.start, `the escape \\" in ${this.text.slice(token.start, token.end)}`);
        return { kind: 'text', text: token.value, quoted: true, matcher: compileTextMatcher(token.value) };
      case 'regex': {
        this.regexes++;
        if (this.regexes > MAX_REGEXES) throw new FilterPatternError(token.start, `a pattern may contain at most ${MAX_REGEXES} regexes`);
        const { literal, doubts: regexDoubts } = compileFilterRegex(token.body, token.start + 1);
        for (const doubt of regexDoubts) this.doubt(doubts, token.start, doubt);
        return literal;
      }
      case 'bare':
        if (NUMBER.test(token.text)) return { kind: 'number', text: token.text, value: Number(token.text) };
        if (!PLAIN_BARE_VALUE.test(token.text)) {
          this.doubt(doubts, token.start, `an unquoted value with characters other than letters, digits, "_", "." and "*" (${token.text})`);
        }
        return { kind: 'text', text: token.text, quoted: false, matcher: compileTextMatcher(token.text) };
      default:
        throw new FilterPatternError(token.start, `expected a value after "${operator.operator}", found ${describeToken(token)}`);
    }
  }
}

/** How a token is named in error messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the pattern';
    case 'punctuation':
      return `"${token.punctuation}"`;
    case 'operator':
      return `"${token.operator}"`;
    case 'word':
    case 'bare':
    case 'unexpected':
      return `"${token.text}"`;
    case 'string':
      return `the string "${token.value}"`;
    case 'regex':
      return `the regex %${token.body}%`;
    case 'step':
      return 'a selector step';
    case 'term':
      return `the term ${token.text}`;
  }
}
