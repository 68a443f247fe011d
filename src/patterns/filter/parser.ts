import type { ParseResult } from '../types.js';
import type { FilterPattern, RegexPattern } from './ast.js';
import { parseDelimitedPattern } from './delimited-parser.js';
import { FilterPatternError } from './errors.js';
import { parseJsonPattern } from './json-parser.js';
import { isBlankAt } from './chars.js';
import { compileFilterRegex } from './regex.js';
import { ParseSession } from './session.js';
import { parseTextPattern } from './text-parser.js';

/** `filterPattern` is 0–1024 characters long [D7]. */
export const MAX_PATTERN_LENGTH = 1024;

/** Parses a filter pattern once, so that it can be evaluated against many events. */
export function parseFilterPattern(text: string): ParseResult<FilterPattern> {
  const session = new ParseSession(text);
  try {
    return { ok: true, pattern: parseDialect(session), notes: session.notes };
  } catch (error) {
    if (error instanceof FilterPatternError) return { ok: false, error: { position: error.position, message: error.message } };
    throw error;
  }
}

/** The dialect is chosen by the first non-blank character (§1.1). */
function parseDialect(session: ParseSession): FilterPattern {
  const { text } = session;
  checkLength(text);
  let first = 0;
  while (isBlankAt(text, first)) first++;
  let last = text.length - 1;
  while (last >= first && isBlankAt(text, last)) last--;
  if (first > last) {
    session.note(0, 'an empty pattern matches every event');
    return { dialect: 'match-all', source: text };
  }
  switch (text[first]) {
    case '{':
      return parseJsonPattern(session, first, last);
    case '[':
      return parseDelimitedPattern(session, first, last);
    case '%':
      if (last > first && text[last] === '%' && !text.slice(first + 1, last).includes('%')) return parseRegexPattern(session, first, last);
      return parseTextPattern(session, first);
    default:
      return parseTextPattern(session, first);
  }
}

/** Counted in characters (code points), as the API counts them; the error points at the first one too many. */
function checkLength(text: string): void {
  if (text.length <= MAX_PATTERN_LENGTH) return;
  let count = 0;
  for (let i = 0; i < text.length; i += (text.codePointAt(i) as number) > 0xffff ? 2 : 1) {
    if (count === MAX_PATTERN_LENGTH) throw new FilterPatternError(i, `a filter pattern is at most ${MAX_PATTERN_LENGTH} characters long`);
    count++;
  }
}

function parseRegexPattern(session: ParseSession, open: number, close: number): RegexPattern {
  const compiled = compileFilterRegex(session.text.slice(open + 1, close), open + 1);
  const doubts: string[] = [];
  for (const doubt of compiled.doubts) session.doubt(doubts, open, doubt);
  session.note(open, 'a regex pattern searches the raw record, not a given field');
  return { dialect: 'regex', source: session.text, regex: compiled.literal, doubts };
}
