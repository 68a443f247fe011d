/**
 * The corpus: real-shaped CloudTrail records that the monitoring controls run every metric filter
 * and every EventBridge rule against. Shapes and sources: docs/reference/cloudtrail-events.md.
 */

/** A CloudTrail record as parsed JSON; the corpus builds it, a user monitor may supply it. */
export type CloudTrailRecord = Readonly<Record<string, unknown>>;

/**
 * Where EventBridge receives the event. Global services (IAM, Organizations, root sign-in…) deliver
 * to us-east-1 only; every other event arrives in the region the call was made in, and any region
 * may see it.
 */
export type DeliveryScope = 'global' | 'regional';

export interface CorpusRecord {
  /** Unique in the corpus: the reference's sample ID (`R1`, `U6`), or `template:eventName` (`P1:PutRolePolicy`). */
  id: string;
  /** How results name the record: the event name for a required event, a short description otherwise. */
  summary: string;
  eventSource: string;
  eventName: string;
  /** The record's awsRegion. */
  region: string;
  /** Sign-in records carry no readOnly field; they count as write events (see `readOnlyOf`). */
  readOnly: boolean;
  scope: DeliveryScope;
  record: CloudTrailRecord;
  /** The record as CloudWatch Logs receives it: compact one-line JSON, fields in CloudTrail order. */
  message: string;
}

/** The events of one service a control requires, by name. */
export interface RequiredEvents {
  eventSource: string;
  eventNames: readonly string[];
}
