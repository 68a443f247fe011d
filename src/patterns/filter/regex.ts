import type { RegexLiteral } from './ast.js';
import { FilterPatternError } from './errors.js';

/**
 * CloudWatch Logs regexes (`%…%`, §1.4). After the alphabet check they translate almost 1:1 into a JS
 * RegExp without flags: no groups exist, so no construct differs in meaning. Searches are unanchored.
 */

/** Letters, digits, `: _ # = @ / ; , -` and the operators `^ $ ? [ ] { } | \ * + .` [D1][D2]. */
const ALLOWED = /^[A-Za-z0-9:_#=@/;,\-^$?[\]{}|\\*+.]$/;

export interface CompiledRegex {
  literal: RegexLiteral;
  doubts: string[];
}

/** `body` is the text between the two `%`; `bodyStart` its offset in the pattern, for errors. */
export function compileFilterRegex(body: string, bodyStart: number): CompiledRegex {
  if (body.length === 0) throw new FilterPatternError(bodyStart - 1, 'a regex between % and % cannot be empty');
  const doubts: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (ALLOWED.test(char)) continue;
    const position = bodyStart + i;
    if (char === '(' || char === ')') {
      throw new FilterPatternError(position, 'a regex cannot contain parentheses (no groups); write \\x28 for "(" and \\x29 for ")"');
    }
    if (char === ' ') {
      // Not in the documented alphabet, yet the docs' own examples use it [D2].
      if (doubts.length === 0) doubts.push(`a space in a regex (%${body}%): its examples use one, its alphabet omits it`);
      continue;
    }
    if (char.charCodeAt(0) > 0x7f) throw new FilterPatternError(position, 'a regex cannot contain multi-byte characters; use \\xhh escapes');
    throw new FilterPatternError(position, `invalid character "${char}" in a regex (AWS: "Invalid character(s) in term"); use a \\xhh escape`);
  }
  let regex: RegExp;
  try {
    regex = new RegExp(withExplicitLowerBounds(body));
  } catch (error) {
    throw new FilterPatternError(bodyStart, `invalid regex %${body}%: ${(error as Error).message}`);
  }
  return { literal: { kind: 'regex', source: body, regex }, doubts };
}

/**
 * CloudWatch allows `{,n}` (lower bound omitted) [D2]; JS reads `{,n}` as literal text, so write `{0,n}`.
 * Escapes and character classes are skipped, where `{` is not a quantifier.
 */
function withExplicitLowerBounds(body: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char === '\\') {
      out += body.slice(i, i + 2);
      i++;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    else if (char === '{' && !inClass && /^\{,\d+\}/.test(body.slice(i))) {
      out += '{0';
      continue;
    }
    out += char;
  }
  return out;
}
