import type { TextPattern, TextTerm } from './ast.js';
import type { ParseSession } from './session.js';

/**
 * Unstructured patterns (§1.2): blank-separated terms, each a word or a `"quoted phrase"`, optionally
 * prefixed by `-` (must not occur) or `?` (any of the `?` terms).
 */

const WORD = /^[A-Za-z0-9_]+$/;

export function parseTextPattern(session: ParseSession, start: number): TextPattern {
  const { lexer, text } = session;
  lexer.seek(start);
  const terms: TextTerm[] = [];
  for (let token = lexer.peek('text'); token.kind === 'term'; token = lexer.peek('text')) {
    lexer.consume(token);
    const role = token.prefix === '-' ? 'excluded' : token.prefix === '?' ? 'optional' : 'required';
    const matchesEveryEvent = token.quoted && token.text === ' ';
    const term: TextTerm = { role, text: token.text, quoted: token.quoted, matchesEveryEvent, position: token.start, doubts: [] };
    if (token.escapedQuote) session.doubt(term.doubts, token.start, `the escape \\" in the term ${text.slice(token.start, token.end)}`);
    if (!token.quoted && !WORD.test(token.text)) {
      session.doubt(term.doubts, token.start, `an unquoted term with characters other than letters, digits and "_" (${token.text})`);
    }
    if (matchesEveryEvent) session.note(token.start, 'the term " " matches every event, as AWS documents');
    terms.push(term);
  }
  const optionalTermsIgnored = terms.some((term) => term.role === 'optional') && terms.some((term) => term.role !== 'optional');
  if (optionalTermsIgnored) {
    session.note(start, 'the "?" terms are ignored because the pattern also has terms without "?" [D1]');
  }
  session.note(start, 'an unstructured pattern matches its terms anywhere in the raw record, not in a given field');
  return { dialect: 'text', source: text, terms, optionalTermsIgnored };
}
