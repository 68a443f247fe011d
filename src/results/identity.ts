import { createHash } from 'node:crypto';
import type { Result } from '../checks/types.js';

type Identified = Pick<Result, 'controlId' | 'accountId' | 'resource'>;

/**
 * What makes two results the same finding across scans: the control, the account and the resource.
 * Nothing else takes part (not the reason, the region list or the other resources), so a reworded
 * reason or a newly created trail leaves every existing identity alone. Baselines, SARIF
 * fingerprints and Security Hub finding IDs all derive from it.
 */
export function findingKey(result: Identified): string {
  return `${result.controlId}|${result.accountId}|${result.resource.arn}`;
}

/** The finding key as a fixed-length token, for places that limit length or characters. */
export function findingFingerprint(result: Identified): string {
  return sha256Hex(findingKey(result));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
