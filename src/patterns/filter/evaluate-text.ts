import type { Verdict } from '../types.js';
import type { TextPattern, TextTerm } from './ast.js';
import { isWordCharAt } from './chars.js';
import { allOf, anyOf, negate, withDoubts } from './logic.js';

/**
 * Unstructured terms against the raw message (§1.2): case-sensitive; required and excluded terms are
 * ANDed; `?` terms are ORed, and ignored when mixed with other terms [D1].
 */
export function evaluateText(pattern: TextPattern, message: string, reasons: string[]): Verdict {
  const optionalOnly = !pattern.optionalTermsIgnored && pattern.terms.some((term) => term.role === 'optional');
  if (optionalOnly) return anyOf(pattern.terms, (term) => presence(term, message, reasons), reasons);
  return allOf(
    pattern.terms,
    (term) => {
      if (term.role === 'optional') return 'match'; // ignored
      const present = presence(term, message, reasons);
      return term.role === 'excluded' ? negate(present) : present;
    },
    reasons,
  );
}

function presence(term: TextTerm, message: string, reasons: string[]): Verdict {
  if (term.matchesEveryEvent) return 'match';
  const label = `the term ${term.quoted ? `"${term.text}"` : term.text}`;
  return withDoubts(label, term.doubts, occurrence(term.text, label, message, reasons), reasons);
}

/**
 * Substring or whole word? The 2020 docs say `ERROR` matches `Exiting with ERRORCODE: -1` [D5] (substring);
 * the current docs give no example either way [U]. Uncertain only when the two readings differ.
 */
function occurrence(text: string, label: string, message: string, reasons: string[]): Verdict {
  let index = message.indexOf(text);
  if (index === -1) return 'no-match';
  // A word boundary matters only on a side where the term itself ends in a word character.
  const checkStart = isWordCharAt(text, 0);
  const checkEnd = isWordCharAt(text, text.length - 1);
  for (; index !== -1; index = message.indexOf(text, index + 1)) {
    const startsWord = !checkStart || !isWordCharAt(message, index - 1);
    const endsWord = !checkEnd || !isWordCharAt(message, index + text.length);
    if (startsWord && endsWord) return 'match';
  }
  reasons.push(`${label} occurs only inside longer words; AWS's 2020 docs match substrings ("ERROR" in "ERRORCODE"), the current docs do not say`);
  return 'uncertain';
}
