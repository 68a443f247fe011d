import { DEFAULT_CONFIG, type TrailwardenConfig } from '../../src/config/types.js';
import type { Control, Finding } from '../../src/checks/types.js';
import {
  SNAPSHOT_VERSION,
  type AccountSnapshot,
  type AdvancedEventSelector,
  type AdvancedFieldSelector,
  type BasicEventSelector,
  type Bucket,
  type Collected,
  type CollectionError,
  type EventDataStore,
  type EventDataStoreDetails,
  type EventRule,
  type KmsKey,
  type LogGroup,
  type LogGroupDetails,
  type MetricAlarm,
  type MetricFilter,
  type PublicAccessBlock,
  type RegionData,
  type SnsTopic,
  type Trail,
  type TrailStatus,
} from '../../src/snapshot/types.js';

/**
 * Snapshot builders for control tests.
 *
 * `snapshotWith()` is a small account that passes every CloudTrail, logs and data-event control:
 * Regions us-east-1 and eu-west-1, one multi-Region trail `main` (home us-east-1) that is logging,
 * records all management events, validates and KMS-encrypts its log files into the private,
 * access-logged bucket `trail-logs-123456789012` (which has a lifecycle rule), and delivers to the log
 * group `aws-cloudtrail-logs` in us-east-1 (retention 365 days, no metric filters yet). No alarms,
 * rules or topics.
 *
 * Every list you pass replaces the default one, so a test states only what it is about:
 *
 *     snapshotWith({ trails: [trail({ logFileValidationEnabled: false })] })
 *     snapshotWith({ trails: [] })                                   // no trail at all
 *     snapshotWith({ buckets: [bucket(TRAIL_BUCKET, { logging: ok(null) })] })
 *     snapshotWith({ trailListingFailures: ['eu-west-1'] })          // DescribeTrails denied there
 *
 * `regionData` is derived (which trails each Region lists, shadows included; alarms where a log
 * group lives; rules) unless you pass it, and so is `errors` (every failed read in the snapshot).
 */

export const ACCOUNT_ID = '123456789012';
/** The management account that owns organization trails seen from ACCOUNT_ID. */
export const ORG_MANAGEMENT_ACCOUNT_ID = '111111111111';
export const HOME_REGION = 'us-east-1';
export const REGIONS = [HOME_REGION, 'eu-west-1'];
export const COLLECTED_AT = '2026-03-02T12:00:00.000Z';
export const TRAIL_BUCKET = `trail-logs-${ACCOUNT_ID}`;
export const LOG_GROUP = 'aws-cloudtrail-logs';
export const KMS_KEY_ARN = `arn:aws:kms:${HOME_REGION}:${ACCOUNT_ID}:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
/** The canonical user id of ACCOUNT_ID, owner of its buckets. */
export const OWNER_CANONICAL_ID = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
export const ALERT_TOPIC_ARN = `arn:aws:sns:${HOME_REGION}:${ACCOUNT_ID}:security-alerts`;

export function ok<T>(value: T): Collected<T> {
  return { ok: true, value };
}

/** A failed read, as the collector records it. */
export function failed(operation: string, region = HOME_REGION, code = 'AccessDeniedException', resource?: string): { ok: false; error: CollectionError } {
  return { ok: false, error: collectionError(operation, region, code, resource) };
}

export function collectionError(operation: string, region = HOME_REGION, code = 'AccessDeniedException', resource?: string): CollectionError {
  return { operation, region, code, message: `User is not authorized to perform ${operation}`, ...(resource ? { resource } : {}) };
}

/** An ISO time `hours` before COLLECTED_AT (or `from`). */
export function hoursBefore(hours: number, from = COLLECTED_AT): string {
  return new Date(Date.parse(from) - hours * 3_600_000).toISOString();
}

// Trails ------------------------------------------------------------------------------------------

/**
 * A trail; the default is the compliant `main`. The ARN follows `name`, `homeRegion` and
 * `ownerAccountId` unless given.
 */
export function trail(overrides: Partial<Trail> = {}): Trail {
  const name = overrides.name ?? 'main';
  const homeRegion = overrides.homeRegion ?? HOME_REGION;
  const ownerAccountId = overrides.ownerAccountId ?? ACCOUNT_ID;
  return {
    arn: `arn:aws:cloudtrail:${homeRegion}:${ownerAccountId}:trail/${name}`,
    name,
    homeRegion,
    ownerAccountId,
    isMultiRegionTrail: true,
    isOrganizationTrail: false,
    includeGlobalServiceEvents: true,
    logFileValidationEnabled: true,
    s3BucketName: TRAIL_BUCKET,
    kmsKeyId: KMS_KEY_ARN,
    cloudWatchLogsLogGroupArn: `arn:aws:logs:${HOME_REGION}:${ACCOUNT_ID}:log-group:${LOG_GROUP}:*`,
    cloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/CloudTrailToCloudWatchLogs`,
    status: trailStatus(),
    selectors: ok({ basic: [basicSelector()] }),
    insightSelectors: ok([]),
    tags: ok([{ key: 'owner', value: 'security' }]),
    ...overrides,
  };
}

/** An organization trail of the management account, as a member account sees it. */
export function orgTrail(overrides: Partial<Trail> = {}): Trail {
  return trail({
    name: 'org-trail',
    ownerAccountId: ORG_MANAGEMENT_ACCOUNT_ID,
    isOrganizationTrail: true,
    s3BucketName: 'org-trail-logs',
    kmsKeyId: `arn:aws:kms:${HOME_REGION}:${ORG_MANAGEMENT_ACCOUNT_ID}:key/11111111-2222-3333-4444-555555555555`,
    cloudWatchLogsLogGroupArn: `arn:aws:logs:${HOME_REGION}:${ORG_MANAGEMENT_ACCOUNT_ID}:log-group:org-trail-logs:*`,
    ...overrides,
  });
}

/** A logging trail that delivered to S3 and CloudWatch Logs ten minutes before the snapshot. */
export function trailStatus(overrides: Partial<TrailStatus> = {}): Collected<TrailStatus> {
  return ok({
    isLogging: true,
    startLoggingTime: '2025-01-10T08:00:00.000Z',
    latestDeliveryTime: hoursBefore(1 / 6),
    latestCloudWatchLogsDeliveryTime: hoursBefore(1 / 6),
    latestDigestDeliveryTime: hoursBefore(1),
    ...overrides,
  });
}

/** A basic selector; the default records all read and write management events. */
export function basicSelector(overrides: Partial<BasicEventSelector> = {}): BasicEventSelector {
  return { readWriteType: 'All', includeManagementEvents: true, excludeManagementEventSources: [], dataResources: [], ...overrides };
}

export function advancedSelector(name: string, ...fieldSelectors: AdvancedFieldSelector[]): AdvancedEventSelector {
  return { name, fieldSelectors };
}

// Buckets and keys --------------------------------------------------------------------------------

/** All four Block Public Access settings on, unless overridden. */
export function publicAccessBlock(overrides: Partial<PublicAccessBlock> = {}): PublicAccessBlock {
  return { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true, ...overrides };
}

/** The bucket policy CloudTrail's console writes: only the CloudTrail service, pinned by aws:SourceArn. */
export function cloudTrailBucketPolicy(bucketName = TRAIL_BUCKET, trailArn = trail().arn): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${bucketName}`,
        Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
      },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucketName}/AWSLogs/${ACCOUNT_ID}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
      },
    ],
  });
}

/** A private, access-logged, versioned bucket whose lifecycle rule archives and expires everything, its log files locked for a year. */
export function bucket(name = TRAIL_BUCKET, overrides: Partial<Bucket> = {}): Bucket {
  return {
    name,
    region: ok(HOME_REGION),
    policy: ok(cloudTrailBucketPolicy(name)),
    publicAccessBlock: ok(publicAccessBlock()),
    acl: ok({ ownerId: OWNER_CANONICAL_ID, grants: [{ granteeType: 'CanonicalUser', granteeId: OWNER_CANONICAL_ID, permission: 'FULL_CONTROL' }] }),
    logging: ok({ targetBucket: `access-logs-${ACCOUNT_ID}`, targetPrefix: `${name}/` }),
    lifecycle: ok([
      {
        id: 'archive-then-expire',
        status: 'Enabled',
        expirationDays: 2555,
        noncurrentExpirationDays: 30,
        transitions: [{ days: 90, storageClass: 'GLACIER' }],
        noncurrentTransitions: [],
      },
    ]),
    versioning: ok({ status: 'Enabled' }),
    objectLock: ok({ enabled: true, defaultRetention: { mode: 'COMPLIANCE', days: 365 } }),
    ...overrides,
  };
}

export function kmsKey(overrides: Partial<KmsKey> = {}): KmsKey {
  const ref = overrides.ref ?? KMS_KEY_ARN;
  return {
    ref,
    region: HOME_REGION,
    details: ok({ arn: ref, keyState: 'Enabled', keyManager: 'CUSTOMER', enabled: true }),
    ...overrides,
  };
}

// Logs and monitoring -----------------------------------------------------------------------------

/** A log group in HOME_REGION (ARN follows `name` and `region`); `details` tweaks the default details. */
export function logGroup(overrides: Partial<LogGroup> = {}, details: Partial<LogGroupDetails> = {}): LogGroup {
  const name = overrides.name ?? LOG_GROUP;
  const region = overrides.region ?? HOME_REGION;
  return {
    region,
    name,
    arn: `arn:aws:logs:${region}:${ACCOUNT_ID}:log-group:${name}`,
    details: ok({ retentionInDays: 365, metricFilters: ok([]), ...details }),
    ...overrides,
  };
}

/** The CIS root-usage metric filter. */
export function metricFilter(overrides: Partial<MetricFilter> = {}): MetricFilter {
  return {
    name: 'root-usage',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    transformations: [{ metricName: 'RootAccountUsage', metricNamespace: 'CISBenchmark', metricValue: '1' }],
    ...overrides,
  };
}

/** An alarm on the root-usage metric that fires on one event and notifies ALERT_TOPIC_ARN. */
export function alarm(overrides: Partial<MetricAlarm> = {}): MetricAlarm {
  const name = overrides.name ?? 'root-usage';
  const region = overrides.region ?? HOME_REGION;
  return {
    name,
    arn: `arn:aws:cloudwatch:${region}:${ACCOUNT_ID}:alarm:${name}`,
    region,
    metricName: 'RootAccountUsage',
    namespace: 'CISBenchmark',
    usesMetricMath: false,
    dimensions: [],
    statistic: 'Sum',
    period: 300,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: 1,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    treatMissingData: 'notBreaching',
    actionsEnabled: true,
    alarmActions: [ALERT_TOPIC_ARN],
    okActions: [],
    insufficientDataActions: [],
    stateValue: 'OK',
    ...overrides,
  };
}

/** An enabled rule on the default bus matching console sign-ins of root, targeting ALERT_TOPIC_ARN. */
export function eventRule(overrides: Partial<EventRule> = {}): EventRule {
  const name = overrides.name ?? 'root-sign-in';
  const region = overrides.region ?? HOME_REGION;
  return {
    name,
    arn: `arn:aws:events:${region}:${ACCOUNT_ID}:rule/${name}`,
    region,
    eventBusName: 'default',
    state: 'ENABLED',
    eventPattern: JSON.stringify({ 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['Root'] } } }),
    targets: ok([{ id: 'alerts', arn: ALERT_TOPIC_ARN }]),
    ...overrides,
  };
}

/**
 * ALERT_TOPIC_ARN with one confirmed email subscription, unencrypted, whose policy is CreateTopic's
 * default plus the statement the console adds for EventBridge: alarms and rules may publish.
 */
export function topic(overrides: Partial<SnsTopic> = {}): SnsTopic {
  const arn = overrides.arn ?? ALERT_TOPIC_ARN;
  return {
    arn,
    region: arn.split(':')[3] ?? HOME_REGION,
    subscriptions: ok([{ subscriptionArn: `${arn}:6f1b2c3d-0000-4000-8000-000000000001`, protocol: 'email', endpoint: 'security@example.com' }]),
    access: ok({ policy: JSON.stringify({ Version: '2008-10-17', Statement: [defaultTopicStatement(arn), eventBridgeTopicStatement(arn)] }) }),
    ...overrides,
  };
}

/** The statement CreateTopic gives every topic: the account's own principals (CloudWatch alarms of the account among them). */
export function defaultTopicStatement(arn: string): Record<string, unknown> {
  return {
    Sid: '__default_statement_ID',
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: [
      'SNS:GetTopicAttributes',
      'SNS:SetTopicAttributes',
      'SNS:AddPermission',
      'SNS:RemovePermission',
      'SNS:DeleteTopic',
      'SNS:Subscribe',
      'SNS:ListSubscriptionsByTopic',
      'SNS:Publish',
    ],
    Resource: arn,
    Condition: { StringEquals: { 'AWS:SourceOwner': arn.split(':')[4] } },
  };
}

/** What the EventBridge console adds to the topic policy of a rule's target. */
export function eventBridgeTopicStatement(arn: string): Record<string, unknown> {
  return { Sid: 'AWSEvents_alerts', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: arn };
}

// The snapshot ------------------------------------------------------------------------------------

export interface SnapshotParts extends Partial<AccountSnapshot> {
  /** Alarms, spread into `regionData` by their `region`. */
  alarms?: MetricAlarm[];
  /** Rules, spread into `regionData` by their `region`. */
  eventRules?: EventRule[];
  /** Regions whose DescribeTrails failed with AccessDeniedException. */
  trailListingFailures?: string[];
  /** CloudTrail Lake event data stores, spread into `regionData` by their `homeRegion` (none by default). */
  eventDataStores?: EventDataStore[];
}

/** A CloudTrail Lake event data store of the account, on a customer managed key. */
export function eventDataStore(overrides: Partial<EventDataStore> = {}, details: Partial<EventDataStoreDetails> = {}): EventDataStore {
  const name = overrides.name ?? 'audit-lake';
  const homeRegion = overrides.homeRegion ?? HOME_REGION;
  const ownerAccountId = overrides.ownerAccountId ?? ACCOUNT_ID;
  return {
    arn: `arn:aws:cloudtrail:${homeRegion}:${ownerAccountId}:eventdatastore/${name}-0f1e2d3c`,
    name,
    ownerAccountId,
    homeRegion,
    details: ok({ status: 'ENABLED', multiRegionEnabled: true, organizationEnabled: false, kmsKeyId: KMS_KEY_ARN, ...details }),
    ...overrides,
  };
}

export function snapshotWith(parts: SnapshotParts = {}): AccountSnapshot {
  const { alarms = [], eventRules = [], trailListingFailures = [], eventDataStores = [], ...given } = parts;
  const regions = given.regions ?? REGIONS;
  const trails = given.trails ?? [trail()];
  const logGroups = given.logGroups ?? [logGroup()];
  const regionData =
    given.regionData ??
    regions.map((region): RegionData => ({
      region,
      trailArns: trailListingFailures.includes(region)
        ? failed('cloudtrail:DescribeTrails', region)
        : ok(trails.filter((t) => t.isMultiRegionTrail || t.homeRegion === region).map((t) => t.arn)),
      ...(logGroups.some((group) => group.region === region) ? { alarms: ok(alarms.filter((a) => a.region === region)) } : {}),
      eventRules: ok(eventRules.filter((rule) => rule.region === region)),
      eventDataStores: ok(eventDataStores.filter((store) => store.homeRegion === region)),
    }));
  // In the order of AccountSnapshot, so that a snapshot written to a file reads like a collected one.
  const snapshot: AccountSnapshot = {
    snapshotVersion: SNAPSHOT_VERSION,
    generator: given.generator ?? { name: 'trailwarden', version: '0.0.0-test' },
    collectedAt: given.collectedAt ?? COLLECTED_AT,
    account: given.account ?? { id: ACCOUNT_ID, partition: 'aws', callerArn: `arn:aws:iam::${ACCOUNT_ID}:role/Auditor` },
    regions,
    skippedRegions: given.skippedRegions ?? [],
    regionData,
    trails,
    logGroups,
    topics: given.topics ?? [],
    buckets: given.buckets ?? [bucket()],
    kmsKeys: given.kmsKeys ?? [kmsKey()],
    accountPublicAccessBlock: given.accountPublicAccessBlock ?? ok(null),
    errors: [],
    callCounts: given.callCounts ?? {},
  };
  snapshot.errors = given.errors ?? failedReads(snapshot);
  return snapshot;
}

/** Every `{ ok: false, error }` in the snapshot, as the collector lists them in `errors`. */
function failedReads(value: unknown): CollectionError[] {
  if (Array.isArray(value)) return value.flatMap(failedReads);
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  if (record.ok === false) return [record.error as CollectionError];
  return Object.values(record).flatMap(failedReads);
}

/** A control's findings for a snapshot, with the default config or some of it changed. */
export function evaluate(control: Control, snapshot: AccountSnapshot, config: Partial<TrailwardenConfig> = {}): Finding[] {
  return control.evaluate(snapshot, { config: { ...DEFAULT_CONFIG, ...config } });
}
