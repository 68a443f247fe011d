/**
 * The one case folding used on both sides of every ignore-case comparison (pattern operands are
 * folded at compile time, event values at match time). Lower-casing agrees with event-ruler's
 * per-character folding for every character CloudTrail fields contain.
 */
export function foldCase(text: string): string {
  return text.toLowerCase();
}
