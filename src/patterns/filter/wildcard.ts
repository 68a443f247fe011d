/**
 * `*` inside a string value. At the start or the end it is a documented wildcard: `"AccessDenied*"`
 * (starts with), `"*UnauthorizedOperation"` (ends with), `"*Trail*"` (contains), `*` (any value) [D1][D5].
 * Between other characters (`"Put*Policy"`) the 2020 docs read it literally ("`Ev*ent` will only match
 * the actual string `Ev*ent`") and later docs say nothing [U]; such a matcher carries both readings so
 * the evaluator can say `uncertain` when they disagree.
 */
export interface TextMatcher {
  /** Only stars, so any string matches (`*`, `"*"`). */
  readonly matchesAnyText: boolean;
  /** Every `*` read as a wildcard. */
  readonly test: (value: string) => boolean;
  /** Present only with an infix `*`: leading and trailing stars are wildcards, inner ones literal. */
  readonly testInfixLiterally: ((value: string) => boolean) | undefined;
}

export function compileTextMatcher(text: string): TextMatcher {
  const leading = text.length - text.replace(/^\*+/, '').length;
  // `""` has no star: it is the exact empty value, not "any text" (the edge matcher below compares equal).
  if (text.length > 0 && leading === text.length) return { matchesAnyText: true, test: () => true, testInfixLiterally: undefined };
  const trailing = text.length - text.replace(/\*+$/, '').length;
  const core = text.slice(leading, text.length - trailing);
  const edges = edgeMatcher(core, leading > 0, trailing > 0);
  if (!core.includes('*')) return { matchesAnyText: false, test: edges, testInfixLiterally: undefined };
  return { matchesAnyText: false, test: globMatcher(text), testInfixLiterally: edges };
}

/** `core` taken literally, with optional wildcards before and after it. */
function edgeMatcher(core: string, openStart: boolean, openEnd: boolean): (value: string) => boolean {
  if (openStart && openEnd) return (value) => value.includes(core);
  if (openStart) return (value) => value.endsWith(core);
  if (openEnd) return (value) => value.startsWith(core);
  return (value) => value === core;
}

function globMatcher(text: string): (value: string) => boolean {
  const body = text.split('*').map(escapeRegExp).join('.*');
  // `s`: a wildcard also spans line breaks inside a value.
  const regex = new RegExp(`^${body}$`, 's');
  return (value) => regex.test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
