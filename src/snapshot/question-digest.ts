import { createHash } from 'node:crypto';
import type { PatternQuestion } from './types.js';

/**
 * Names a question of `--verify-patterns-with-aws` (a log event message or an event, as sent) in the
 * snapshot: 64 bits of the SHA-256 of its key keep the file small and tell a question asked from one
 * that was not, with no practical collision.
 *
 * The key is the text itself, except for a metric filter pattern without a digit: there every digit
 * of the message counts as 0. Such a pattern cannot tell two messages apart that differ only in
 * digits at the same places (its literals, wildcards and regular expressions hold no digit, and a
 * numeric comparison needs one), which is what the same record looks like when another account of the
 * organization makes it (its 12-digit account id in place of the owner's). So AWS's answer about the
 * owner's record decides for every member whose events the organization trail delivers to that log
 * group, and no call per member is needed.
 */
export function questionKey(kind: PatternQuestion['kind'], pattern: string, text: string): string {
  return createHash('sha256')
    .update(digitBlind(kind, pattern) ? blindDigits(text) : text)
    .digest('hex')
    .slice(0, 16);
}

/** Whether the pattern's questions are keyed with their digits blinded (see questionKey). */
export function digitBlind(kind: PatternQuestion['kind'], pattern: string): boolean {
  return kind === 'metric-filter' && !/[0-9]/.test(pattern);
}

/** Every digit of the text as 0: the form in which a digit-blind pattern's questions are keyed. */
export function blindDigits(text: string): string {
  return text.replace(/[0-9]/g, '0');
}
