import type { CloudTrailRecord, CorpusRecord, DeliveryScope, RequiredEvents } from './types.js';

/**
 * CloudTrail's own field order. Text and space-delimited filter patterns see the raw message, so the
 * corpus serialises records the way CloudTrail writes them; fields it does not list keep their
 * relative order after these (serviceEventDetails, tlsDetails…).
 */
const FIELD_ORDER = [
  'eventVersion',
  'userIdentity',
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'requestID',
  'eventID',
  'readOnly',
  'resources',
  'eventType',
  'managementEvent',
  'recipientAccountId',
  'eventCategory',
];
const FIELD_RANK = new Map(FIELD_ORDER.map((field, rank) => [field, rank]));

/** Global services deliver their events to us-east-1 only (cloudtrail-events.md §0, filter-patterns.md §2.3). */
const GLOBAL_EVENT_SOURCES = new Set(['iam.amazonaws.com', 'organizations.amazonaws.com', 'cloudfront.amazonaws.com', 'account.amazonaws.com']);

export const ACCOUNT_ID = '111122223333';

/** The compact one-line JSON CloudTrail sends to CloudWatch Logs. */
export function toMessage(record: CloudTrailRecord): string {
  const rank = (field: string) => FIELD_RANK.get(field) ?? FIELD_ORDER.length;
  const ordered = Object.keys(record).sort((a, b) => rank(a) - rank(b));
  return JSON.stringify(Object.fromEntries(ordered.map((field) => [field, record[field]])));
}

/** Root signs in through the global endpoint (us-east-1); IAM users through a regional one. */
export function scopeOf(record: CloudTrailRecord): DeliveryScope {
  const source = String(record.eventSource);
  const identity = record.userIdentity as { type?: unknown } | undefined;
  if (GLOBAL_EVENT_SOURCES.has(source)) return 'global';
  return source === 'signin.amazonaws.com' && identity?.type === 'Root' ? 'global' : 'regional';
}

/**
 * Sign-in records have no readOnly field. They are counted as write events, so a trail that records
 * read-only management events only is judged not to record them.
 */
function readOnlyOf(record: CloudTrailRecord): boolean {
  return record.readOnly === true;
}

export function corpusRecord(id: string, summary: string, record: CloudTrailRecord): CorpusRecord {
  return {
    id,
    summary,
    eventSource: String(record.eventSource),
    eventName: String(record.eventName),
    region: String(record.awsRegion),
    readOnly: readOnlyOf(record),
    scope: scopeOf(record),
    record,
    message: toMessage(record),
  };
}

/** One record per required event name, each the template with that eventName substituted. */
export function requiredEventRecords(
  templateId: string,
  template: CloudTrailRecord,
  required: RequiredEvents,
  perEvent: (eventName: string) => Record<string, unknown> = () => ({}),
): CorpusRecord[] {
  return required.eventNames.map((eventName) =>
    corpusRecord(`${templateId}:${eventName}`, eventName, { ...template, eventSource: required.eventSource, eventName, ...perEvent(eventName) }),
  );
}

/** The record of one event name, for near-miss lists that borrow another control's positive. */
export function recordOf(records: readonly CorpusRecord[], eventName: string): CorpusRecord {
  const found = records.find((record) => record.eventName === eventName);
  if (!found) throw new Error(`the corpus has no ${eventName} record`);
  return found;
}

/** A near-miss: the template with some fields changed, named by what makes it miss. */
export function variant(id: string, summary: string, template: CloudTrailRecord, changes: Record<string, unknown>): CorpusRecord {
  return corpusRecord(id, summary, { ...template, ...changes });
}

/** Principals the records are made by. */
export const IDENTITIES = {
  alice: { type: 'IAMUser', principalId: 'AIDAEXAMPLEALICE', arn: `arn:aws:iam::${ACCOUNT_ID}:user/alice`, accountId: ACCOUNT_ID, userName: 'alice' },
  root: { type: 'Root', principalId: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:root`, accountId: ACCOUNT_ID, accessKeyId: '' },
  ops: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLE:ops',
    arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/ops/ops`,
    accountId: ACCOUNT_ID,
    sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT_ID}:role/ops`, userName: 'ops' } },
  },
} as const;

/** The fields every recent management API call ends with. */
export const MANAGEMENT_CALL = { eventType: 'AwsApiCall', managementEvent: true, recipientAccountId: ACCOUNT_ID, eventCategory: 'Management' } as const;
