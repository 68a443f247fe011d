import { createHash } from 'node:crypto';

/**
 * Names a question of `--verify-patterns-with-aws` (a log event message or an event, as sent) in the
 * snapshot: 64 bits of its SHA-256 keep the file small and tell a question asked from one that was
 * not (a record that changed since, or an account's own variant of it) with no practical collision.
 */
export function questionDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
