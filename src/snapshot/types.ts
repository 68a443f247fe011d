/**
 * The account snapshot: everything the checks need, read once from AWS by the collector and
 * evaluated offline. It is plain JSON (no Dates, no Maps, no class instances) so that it can be
 * saved with `scan --save-snapshot` and scanned again without credentials.
 *
 * Anything the collector may fail to read is a `Collected<T>`: either the value or the error that
 * prevented reading it. A check that needs a failed piece reports ERROR with that error's reason.
 */

/** Bump when a change would make an older snapshot mean something different. */
export const SNAPSHOT_VERSION = 1;

export interface CollectionError {
  /** Service and operation, e.g. `cloudtrail:GetEventSelectors`. */
  operation: string;
  region: string;
  /** The AWS error code (`AccessDeniedException`, `ThrottlingException`, ...) or a network error name. */
  code: string;
  message: string;
  /** The resource the call was about, when there was one (a trail ARN, a bucket name, ...). */
  resource?: string;
}

export type Collected<T> = { ok: true; value: T } | { ok: false; error: CollectionError };

export interface AccountSnapshot {
  snapshotVersion: typeof SNAPSHOT_VERSION;
  generator: { name: 'trailwarden'; version: string };
  /** ISO 8601 time the collection finished. Checks use it as "now" (e.g. delivery within 24 h). */
  collectedAt: string;
  account: { id: string; partition: string; callerArn?: string };
  /** Regions that were scanned. */
  regions: string[];
  /** Regions that were asked for or listed but not scanned (opted out, disabled). */
  skippedRegions: { region: string; reason: string }[];
  /** Per region: which trails DescribeTrails showed there (shadows included), alarms and rules. */
  regionData: RegionData[];
  /** Every trail once, keyed by ARN, described from its home region. */
  trails: Trail[];
  /** Log groups that trails deliver to (and only those). */
  logGroups: LogGroup[];
  /** Topics that alarms or rules send to, with their subscriptions. */
  topics: SnsTopic[];
  /** Trail buckets and the buckets the user named for data events. */
  buckets: Bucket[];
  /** The KMS keys trails encrypt with. */
  kmsKeys: KmsKey[];
  /**
   * `fix --kms-key ARN`: that key, read as a topic's key is (DescribeKey; GetKeyPolicy when the
   * customer manages it), so that fix can encrypt topics on the AWS managed key with it. Absent
   * without that flag (every scan, `fix --kms-key create`) and in snapshots taken before trailwarden read it.
   */
  fixKey?: FixKey;
  /**
   * The roles that EventBridge targets of relied-on topics name (`RoleArn`), with their policies.
   * Absent in snapshots taken before trailwarden read them.
   */
  roles?: IamRole[];
  /**
   * `scan --verify-patterns-with-aws`: AWS's own verdicts on the patterns of the metric filters and
   * EventBridge rules the chains rely on, which then decide over trailwarden's engines. Absent
   * without the flag.
   */
  patternVerification?: VerifiedPattern[];
  /** The account-wide S3 Block Public Access setting (s3control). `null` value: none configured. */
  accountPublicAccessBlock: Collected<PublicAccessBlock | null>;
  /** Every failed call, also referenced from the `Collected` fields above. */
  errors: CollectionError[];
  /** Calls made per operation (`cloudtrail:DescribeTrails` → 17). */
  callCounts: Record<string, number>;
}

export interface RegionData {
  region: string;
  /** ARNs of the trails DescribeTrails lists in this region, shadows included. */
  trailArns: Collected<string[]>;
  /** Metric alarms of this region (only collected where a trail log group lives). */
  alarms?: Collected<MetricAlarm[]>;
  /** Rules on the default event bus that have an event pattern (scheduled rules cannot match a CloudTrail event). */
  eventRules: Collected<EventRule[]>;
  /**
   * Observed delivery over the 24 hours before collection, of the rules and topics the chains rely
   * on here (one GetMetricData); absent where there was nothing to ask about, and in older snapshots.
   */
  deliveryFailures?: Collected<DeliveryFailures>;
  /**
   * ListEventDataStores here (every page), each store read with GetEventDataStore (CloudTrail.10).
   * Absent in snapshots taken before trailwarden read them.
   */
  eventDataStores?: Collected<EventDataStore[]>;
}

/**
 * A CloudTrail Lake event data store. ListEventDataStores gives only its ARN and name (the other
 * fields of its entries are deprecated and no longer returned), so the rest is GetEventDataStore's.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListEventDataStores.html
 */
export interface EventDataStore {
  arn: string;
  name: string;
  /** The account its ARN names: an organization event data store of a member's organization is the management account's. */
  ownerAccountId: string;
  /** The Region its ARN names, where it is read and updated. */
  homeRegion: string;
  /** GetEventDataStore; a store of another account carries a `CrossAccount` error (see `OrganizationView`). */
  details: Collected<EventDataStoreDetails>;
}

export interface EventDataStoreDetails {
  /** ENABLED, PENDING_DELETION, STOPPED_INGESTION, ... */
  status?: string;
  multiRegionEnabled: boolean;
  organizationEnabled: boolean;
  /** The customer managed key that encrypts the events; absent: an AWS owned key. */
  kmsKeyId?: string;
}

/** Sums over the window, only where CloudWatch has data (no data is not a failure). */
export interface DeliveryFailures {
  windowHours: number;
  /** AWS/Events FailedInvocations, by rule name. */
  rules: Record<string, number>;
  /** AWS/SNS NumberOfNotificationsFailed, by topic ARN. */
  topics: Record<string, number>;
}

export interface Trail {
  arn: string;
  name: string;
  homeRegion: string;
  /** Account that owns the trail (from the ARN); differs from the scanned account for org trails. */
  ownerAccountId: string;
  isMultiRegionTrail: boolean;
  isOrganizationTrail: boolean;
  includeGlobalServiceEvents: boolean;
  logFileValidationEnabled: boolean;
  s3BucketName?: string;
  s3KeyPrefix?: string;
  snsTopicArn?: string;
  kmsKeyId?: string;
  cloudWatchLogsLogGroupArn?: string;
  cloudWatchLogsRoleArn?: string;
  status: Collected<TrailStatus>;
  selectors: Collected<TrailSelectors>;
  insightSelectors: Collected<string[]>;
  /**
   * ListTags (CloudTrail.9), read in the trail's home Region; a trail of another account (an
   * organization trail) carries a `CrossAccount` error and is followed in its owner's snapshot.
   * Absent in snapshots taken before trailwarden read them.
   */
  tags?: Collected<TrailTag[]>;
}

/** A trail's tag; CloudTrail keeps a key given without a value with a null value. */
export interface TrailTag {
  key: string;
  value?: string;
}

export interface TrailStatus {
  isLogging: boolean;
  /** ISO times; absent when CloudTrail has never done it. */
  latestDeliveryTime?: string;
  latestDeliveryError?: string;
  latestCloudWatchLogsDeliveryTime?: string;
  latestCloudWatchLogsDeliveryError?: string;
  latestDigestDeliveryTime?: string;
  latestDigestDeliveryError?: string;
  startLoggingTime?: string;
  stopLoggingTime?: string;
}

/** GetEventSelectors: a trail has basic selectors or advanced selectors, never both. */
export interface TrailSelectors {
  basic?: BasicEventSelector[];
  advanced?: AdvancedEventSelector[];
}

export interface BasicEventSelector {
  readWriteType: 'ReadOnly' | 'WriteOnly' | 'All';
  includeManagementEvents: boolean;
  excludeManagementEventSources: string[];
  dataResources: { type: string; values: string[] }[];
}

export interface AdvancedEventSelector {
  name?: string;
  fieldSelectors: AdvancedFieldSelector[];
}

export interface AdvancedFieldSelector {
  field: string;
  equals?: string[];
  startsWith?: string[];
  endsWith?: string[];
  notEquals?: string[];
  notStartsWith?: string[];
  notEndsWith?: string[];
}

export interface LogGroup {
  region: string;
  name: string;
  /** ARN without the trailing `:*`. */
  arn: string;
  /** `ok: true, value: null` means the log group does not exist. */
  details: Collected<LogGroupDetails | null>;
}

export interface LogGroupDetails {
  retentionInDays?: number;
  kmsKeyId?: string;
  metricFilters: Collected<MetricFilter[]>;
}

export interface MetricFilter {
  name: string;
  pattern: string;
  transformations: MetricTransformation[];
}

export interface MetricTransformation {
  metricName: string;
  metricNamespace: string;
  metricValue: string;
  defaultValue?: number;
  dimensions?: Record<string, string>;
  unit?: string;
}

export interface MetricAlarm {
  name: string;
  arn: string;
  region: string;
  metricName?: string;
  namespace?: string;
  /** Alarms on metric math have `metrics` instead of a single metric; kept for the evidence. */
  usesMetricMath: boolean;
  dimensions: { name: string; value: string }[];
  /** The unit the alarm asks for; absent, it sees the metric's datapoints whatever their unit. */
  unit?: string;
  statistic?: string;
  extendedStatistic?: string;
  period?: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  threshold?: number;
  comparisonOperator?: string;
  treatMissingData?: string;
  actionsEnabled: boolean;
  alarmActions: string[];
  okActions: string[];
  insufficientDataActions: string[];
  stateValue?: string;
}

export interface EventRule {
  name: string;
  arn: string;
  region: string;
  eventBusName: string;
  /** ENABLED, DISABLED or ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS. */
  state: string;
  eventPattern?: string;
  scheduleExpression?: string;
  managedBy?: string;
  targets: Collected<EventTarget[]>;
}

export interface EventTarget {
  id: string;
  arn: string;
  /** The role EventBridge assumes to call the target, when the target names one. */
  roleArn?: string;
}

export interface SnsTopic {
  arn: string;
  region: string;
  /** `ok: true, value: null` means the topic does not exist. */
  subscriptions: Collected<SnsSubscription[] | null>;
  /**
   * GetTopicAttributes: who may publish, and the key the topic is encrypted with. Absent in
   * snapshots taken before trailwarden read them: then whether alarms and rules may publish is unknown.
   */
  access?: Collected<TopicAccess | null>;
}

/** The AWS managed key of SNS, by the name topics give it: AWS manages it, and its key policy cannot be changed. */
export const SNS_MANAGED_KEY_ALIAS = 'alias/aws/sns';

export interface TopicAccess {
  /** The topic policy (JSON text); SNS gives every topic one. */
  policy?: string;
  /** As the topic names it: `alias/aws/sns`, an alias, a key id or a key ARN; absent when not encrypted. */
  kmsMasterKeyId?: string;
  /** DescribeKey of `kmsMasterKeyId` (not read for `alias/aws/sns`, which is AWS managed by name). */
  key?: TopicKey;
}

export interface TopicKey {
  /** As for a trail's key; `null`: the key does not exist. */
  details: KmsKey['details'];
  /** GetKeyPolicy `default`, read only for a customer managed key. */
  policy?: Collected<string>;
}

/** The key of `fix --kms-key ARN`, as the flag names it (`ref`), in the Region its ARN names. */
export interface FixKey extends KmsKey, TopicKey {}

export interface SnsSubscription {
  /** `PendingConfirmation` (or `Deleted`) while the endpoint has not confirmed. */
  subscriptionArn: string;
  protocol: string;
  endpoint: string;
}

export interface Bucket {
  name: string;
  /** Where the bucket lives; `null` when the location could not be read. */
  region: Collected<string>;
  policy: Collected<string | null>;
  publicAccessBlock: Collected<PublicAccessBlock | null>;
  acl: Collected<BucketAcl>;
  logging: Collected<{ targetBucket: string; targetPrefix: string } | null>;
  lifecycle: Collected<LifecycleRule[] | null>;
  versioning: Collected<{ status?: string; mfaDelete?: string }>;
  /**
   * GetObjectLockConfiguration; `null` value: Object Lock is not enabled. Absent in snapshots taken
   * before trailwarden read it.
   */
  objectLock?: Collected<ObjectLock | null>;
}

/** A bucket's Object Lock: enabled, and the retention S3 gives every new object version unless the upload names its own. */
export interface ObjectLock {
  enabled: boolean;
  defaultRetention?: { mode: string; days?: number; years?: number };
}

export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface BucketAcl {
  ownerId?: string;
  grants: { granteeType: string; granteeUri?: string; granteeId?: string; permission: string }[];
}

export interface LifecycleRule {
  id?: string;
  status: string;
  prefix?: string;
  expirationDays?: number;
  noncurrentExpirationDays?: number;
  transitions: { days?: number; storageClass?: string }[];
  noncurrentTransitions: { days?: number; storageClass?: string }[];
  /** Days after which an upload that was never completed is aborted (its parts cost storage until then). */
  abortIncompleteUploadDays?: number;
}

export interface IamRole {
  arn: string;
  /** Inline and attached managed policies (the default version); `null`: the role does not exist. */
  policies: Collected<{ name: string; document: string }[] | null>;
}

export interface KmsKey {
  /** As the trail names it: an ARN, an alias ARN or a key id. */
  ref: string;
  region: string;
  details: Collected<{ arn: string; keyState: string; keyManager: string; enabled: boolean } | null>;
}

/**
 * What `--verify-patterns-with-aws` asks AWS about one pattern: the log event messages a metric
 * filter pattern is tested on (CloudWatch Logs TestMetricFilter), or the events an EventBridge
 * pattern is tested on (TestEventPattern), each exactly as sent.
 */
export interface PatternQuestion {
  kind: 'metric-filter' | 'event-pattern';
  /** Where AWS is asked: the Region of the log group or of the rule. */
  region: string;
  pattern: string;
  questions: string[];
}

/**
 * AWS's answer about one pattern: which questions it was asked and which matched, each named by
 * `questionKey` (question-digest.ts) of its text (the texts are the corpus records, which every trailwarden can
 * rebuild); or the error that kept AWS from answering, in which case nothing of it is decided.
 */
export interface VerifiedPattern {
  kind: PatternQuestion['kind'];
  region: string;
  pattern: string;
  answers: Collected<{ asked: string[]; matched: string[] }>;
}
