/**
 * How a CloudTrail record reaches EventBridge (filter-patterns.md §2.2, cloudtrail-events.md §16):
 * the record becomes `detail`, and the envelope's detail-type, source and region come from it.
 */

/**
 * detail-type by eventType, keyed in lower case because AWS's own samples spell the sign-in type
 * both `AwsConsoleSignIn` and `AwsConsoleSignin`. Sign-in is "Sign In", as in real events and the
 * console's sample; the docs page's "Signin" spelling matches nothing (case E3).
 */
const DETAIL_TYPES: ReadonlyMap<string, string> = new Map([
  ['awsapicall', 'AWS API Call via CloudTrail'],
  ['awsconsolesignin', 'AWS Console Sign In via CloudTrail'],
  ['awsconsoleaction', 'AWS Console Action via CloudTrail'],
  ['awsserviceevent', 'AWS Service Event via CloudTrail'],
  ['awscloudtrailinsight', 'AWS Insight via CloudTrail'],
]);

/** Services whose EventBridge source is not their endpoint prefix (`monitoring.amazonaws.com` is `aws.cloudwatch`). */
const SOURCE_BY_ENDPOINT: ReadonlyMap<string, string> = new Map([['monitoring', 'aws.cloudwatch']]);

/** EventBridge gives each event a fresh id; a record without an eventID gets this fixed one, so envelopes are reproducible. */
const NIL_ID = '00000000-0000-0000-0000-000000000000';

/** The CloudTrail → EventBridge envelope, per filter-patterns.md §2.2 (detail-type from eventType, source aws.<svc> from eventSource, region = awsRegion). */
export function cloudTrailEnvelope(record: Record<string, unknown>, account?: string): Record<string, unknown> {
  const eventSource = stringField(record, 'eventSource');
  const envelope: Record<string, unknown> = {
    version: '0',
    id: stringField(record, 'eventID') ?? NIL_ID,
    'detail-type': DETAIL_TYPES.get((stringField(record, 'eventType') ?? impliedEventType(eventSource)).toLowerCase()),
    source: sourceOf(eventSource),
    account: account ?? stringField(record, 'recipientAccountId') ?? accountOfIdentity(record),
    time: stringField(record, 'eventTime'),
    region: stringField(record, 'awsRegion'),
    resources: [],
    detail: record,
  };
  // A field we cannot derive is left out rather than set to undefined: to a pattern it is absent.
  for (const [key, value] of Object.entries(envelope)) if (value === undefined) delete envelope[key];
  return envelope;
}

/**
 * Real records always carry eventType, but trimmed samples (the IAM guide's failed sign-in) do not:
 * everything from the sign-in service is a console sign-in, anything else an API call.
 */
function impliedEventType(eventSource: string | undefined): string {
  return eventSource === 'signin.amazonaws.com' ? 'AwsConsoleSignIn' : 'AwsApiCall';
}

function sourceOf(eventSource: string | undefined): string | undefined {
  if (eventSource === undefined) return undefined;
  const endpoint = eventSource.split('.')[0] ?? eventSource;
  return SOURCE_BY_ENDPOINT.get(endpoint) ?? `aws.${endpoint}`;
}

function accountOfIdentity(record: Record<string, unknown>): string | undefined {
  const identity = record['userIdentity'];
  return typeof identity === 'object' && identity !== null ? stringField(identity as Record<string, unknown>, 'accountId') : undefined;
}

function stringField(object: Record<string, unknown>, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}
