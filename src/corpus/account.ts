import { corpusRecord } from './build.js';
import type { CloudTrailRecord, CorpusRecord } from './types.js';

/**
 * The record as `accountId` would make it. An organization trail delivers every member's events
 * to the owner's log group, each carrying its own account (`recipientAccountId`,
 * `userIdentity.accountId`, the ARNs of its principal and resources), and a filter that tests the
 * account sees only some of them: the monitoring chain of a member is judged on records of that
 * member. The record's own account id is replaced wherever a value holds it; another account a
 * record mentions (the target of an Organizations call) stays.
 */
export function recordOfAccount(record: CorpusRecord, accountId: string): CorpusRecord {
  const own = ownAccount(record.record);
  if (own === undefined || own === accountId) return record;
  return corpusRecord(record.id, record.summary, replaceIn(record.record, own, accountId) as CloudTrailRecord);
}

function ownAccount(record: CloudTrailRecord): string | undefined {
  const identity = record.userIdentity as { accountId?: unknown } | undefined;
  const id = record.recipientAccountId ?? identity?.accountId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function replaceIn(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value.split(from).join(to);
  if (Array.isArray(value)) return value.map((item) => replaceIn(item, from, to));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceIn(item, from, to)]));
  return value;
}
