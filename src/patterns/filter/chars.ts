/**
 * Character classes of the filter-pattern language, tested on char codes: the lexer runs on every
 * pattern of an account (tens of thousands) and allocating a string per character shows in profiles.
 */

/** Space, tab, line feed, carriage return; false past the end. */
export function isBlankAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** `[A-Za-z0-9_]` */
export function isWordCharAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** `[A-Za-z0-9_-]`: property names [D1][D5]. */
export function isNameCharAt(text: string, index: number): boolean {
  return isWordCharAt(text, index) || text.charCodeAt(index) === 45;
}
