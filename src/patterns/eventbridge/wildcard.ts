import { PatternError } from './pattern-error.js';

/** A `wildcard` operand split at its unescaped `*`: `parts.length` is the number of stars + 1. */
export interface Wildcard {
  readonly parts: readonly string[];
}

/**
 * Reads a wildcard operand the way event-ruler does: `*` is any run of characters, `\*` a literal
 * star, `\\` a backslash; `**` and any other escape are rejected. Error positions in the message are
 * event-ruler's (UTF-8 bytes into the quoted value); `position` points at the operand in the pattern.
 */
export function parseWildcard(operand: string, position: number): Wildcard {
  const parts: string[] = [];
  let literal = '';
  for (let i = 0; i < operand.length; i++) {
    const char = operand[i];
    if (char === '*') {
      if (operand[i + 1] === '*') throw new PatternError(position, `Consecutive wildcard characters at pos ${rulerPosition(operand, i)}`);
      parts.push(literal);
      literal = '';
    } else if (char === '\\') {
      const escaped = operand[i + 1];
      if (escaped !== '*' && escaped !== '\\') throw new PatternError(position, `Invalid escape character at pos ${rulerPosition(operand, i)}`);
      literal += escaped;
      i++;
    } else {
      literal += char;
    }
  }
  parts.push(literal);
  return { parts };
}

export function matchesWildcard({ parts }: Wildcard, value: string): boolean {
  const first = parts[0] ?? '';
  if (parts.length === 1) return value === first;
  const last = parts[parts.length - 1] ?? '';
  const end = value.length - last.length;
  if (end < first.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  // Placing each middle part at its leftmost occurrence leaves the most room for the rest, so a
  // single greedy pass decides the match.
  let from = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] ?? '';
    const at = value.indexOf(part, from);
    if (at < 0 || at + part.length > end) return false;
    from = at + part.length;
  }
  return true;
}

function rulerPosition(operand: string, index: number): number {
  return Buffer.byteLength(operand.slice(0, index), 'utf8') + 1;
}
