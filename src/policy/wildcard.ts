/**
 * The wildcards of Action, Resource and the `*Like` condition operators: `*` matches any run of
 * characters (none included), `?` any single character. Matching is case-sensitive; Action names are
 * case-insensitive, so callers fold them first.
 */
export function matchesGlob(pattern: string, value: string): boolean {
  // Classic two-pointer glob matching with backtracking to the last star: linear in practice.
  let p = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < value.length) {
    const char = pattern[p];
    if (char === '?' || (char !== undefined && char !== '*' && char === value[v])) {
      p++;
      v++;
    } else if (char === '*') {
      star = p++;
      resume = v;
    } else if (star >= 0) {
      p = star + 1;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
