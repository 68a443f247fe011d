import { trailLogGroup } from '../checks/lib/trails.js';
import { SNAPSHOT_VERSION, type AccountSnapshot, type Collected, type EventRule, type MetricAlarm, type RegionData, type Trail } from '../snapshot/types.js';
import { describeMetricAlarms } from './alarms.js';
import { isArnOf } from './arn.js';
import { Clients } from './clients.js';
import { describeTrail, describeTrails, type TrailDescription } from './cloudtrail.js';
import { Collection } from './collection.js';
import { mapConcurrent, RESOURCE_CONCURRENCY } from './concurrency.js';
import { callerIdentity } from './identity.js';
import { kmsKeyRegion, describeKmsKey } from './kms.js';
import { describeLogGroup, type LogGroupRef } from './logs.js';
import { DEFAULTS, type CollectOptions } from './options.js';
import { progressReporter } from './progress.js';
import { planRegions } from './regions.js';
import { listEventRules } from './rules.js';
import { describeAccountPublicAccessBlock, describeBucket } from './s3.js';
import { describeTopic } from './sns.js';

export { CredentialsError } from './identity.js';
export type { CollectOptions, ProgressEvent, ProgressFacts, RequestHandler, RetryStrategy } from './options.js';

/**
 * Reads the account once into a snapshot. Throws `CredentialsError` when the caller cannot be
 * identified; every other failure is recorded in the snapshot (`errors` and the `Collected`
 * field it affects) and collection goes on.
 *
 * Order: the caller and the regions; per region (a few at a time) the trails it sees and its
 * event rules; each trail once, from its home region; the log groups, buckets and keys of the
 * trails and the alarms where their log groups live; last the topics alarms and rules notify.
 */
export async function collectSnapshot(options: CollectOptions): Promise<AccountSnapshot> {
  const clients = await Clients.create(options);
  try {
    return await collect(clients, options);
  } finally {
    clients.destroy();
  }
}

interface RegionScan {
  region: string;
  trails: Collected<TrailDescription[]>;
  eventRules: Collected<EventRule[]>;
}

async function collect(clients: Clients, options: CollectOptions): Promise<AccountSnapshot> {
  const report = progressReporter(options.onProgress);
  const identity = await callerIdentity(clients.get('sts', clients.homeRegion));
  const collection = new Collection(clients, identity);
  const plan = await planRegions(collection, options.regions);

  const scans = await mapConcurrent(plan.scan, options.regionConcurrency ?? DEFAULTS.regionConcurrency, async (region): Promise<RegionScan> => {
    report({ type: 'region-started', region, calls: clients.calls });
    const [trails, eventRules] = await Promise.all([describeTrails(collection, region), listEventRules(collection, region)]);
    report({ type: 'region-done', region, calls: clients.calls, errors: collection.errors.length });
    return { region, trails, eventRules };
  });

  const trails = await mapConcurrent(uniqueTrails(scans), RESOURCE_CONCURRENCY, (description) => describeTrail(collection, description));
  const logGroupRefs = unique(trails.flatMap(logGroupRefOf), (ref) => ref.arn);
  const bucketNames = unique([...trails.flatMap((trail) => trail.s3BucketName ?? []), ...(options.dataEventBuckets ?? [])], (name) => name);
  const keyRefs = unique(
    trails.flatMap((trail) => (trail.kmsKeyId ? [{ ref: trail.kmsKeyId, region: kmsKeyRegion(trail.kmsKeyId, trail.homeRegion) }] : [])),
    (key) => `${key.region} ${key.ref}`,
  );
  // Alarms matter only where a metric filter of a trail's log group can feed them.
  const alarmRegions = plan.scan.filter((region) => logGroupRefs.some((ref) => ref.region === region && ref.accountId === identity.accountId));
  report({ type: 'resources-started', trails: trails.length, logGroups: logGroupRefs.length, buckets: bucketNames.length, kmsKeys: keyRefs.length, calls: clients.calls });

  const [logGroups, alarms, buckets, kmsKeys, accountPublicAccessBlock] = await Promise.all([
    mapConcurrent(logGroupRefs, RESOURCE_CONCURRENCY, (ref) => describeLogGroup(collection, ref)),
    mapConcurrent(alarmRegions, RESOURCE_CONCURRENCY, async (region) => [region, await describeMetricAlarms(collection, region)] as const),
    mapConcurrent(bucketNames, RESOURCE_CONCURRENCY, (name) => describeBucket(collection, name)),
    mapConcurrent(keyRefs, RESOURCE_CONCURRENCY, (key) => describeKmsKey(collection, key.ref, key.region)),
    describeAccountPublicAccessBlock(collection),
  ]);
  const alarmsByRegion = new Map(alarms);
  const topicArns = unique([...alarms.flatMap(([, found]) => alarmTopics(found)), ...scans.flatMap((scan) => ruleTopics(scan.eventRules))], (arn) => arn);
  const topics = await mapConcurrent(topicArns, RESOURCE_CONCURRENCY, (arn) => describeTopic(collection, arn));

  const regionData = scans.map(({ region, trails: seen, eventRules }): RegionData => {
    const regionAlarms = alarmsByRegion.get(region);
    return {
      region,
      trailArns: seen.ok ? { ok: true, value: seen.value.flatMap((trail) => trail.TrailARN ?? []) } : seen,
      ...(regionAlarms && { alarms: regionAlarms }),
      eventRules,
    };
  });
  report({ type: 'done', calls: clients.calls, retries: clients.retries, errors: collection.errors.length });

  return {
    snapshotVersion: SNAPSHOT_VERSION,
    generator: { name: 'trailwarden', version: options.toolVersion },
    collectedAt: new Date().toISOString(),
    account: { id: identity.accountId, partition: identity.partition, callerArn: identity.callerArn },
    regions: plan.scan,
    skippedRegions: plan.skipped,
    regionData,
    trails,
    logGroups,
    topics,
    buckets,
    kmsKeys,
    accountPublicAccessBlock,
    // Reads run concurrently, so errors arrive in no particular order: sort them for stable snapshots.
    errors: collection.errors.sort((a, b) => errorKey(a).localeCompare(errorKey(b))),
    callCounts: Object.fromEntries(Object.entries(clients.callCounts).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** A multi-region trail shows up (as a shadow) in every region: keep each ARN once, in the order first seen. */
function uniqueTrails(scans: RegionScan[]): (TrailDescription & { TrailARN: string })[] {
  const seen = scans.flatMap((scan) => (scan.trails.ok ? scan.trails.value : []));
  return unique(
    seen.filter((trail): trail is TrailDescription & { TrailARN: string } => Boolean(trail.TrailARN)),
    (trail) => trail.TrailARN,
  );
}

function logGroupRefOf(trail: Trail): LogGroupRef[] {
  const group = trailLogGroup(trail);
  const arn = trail.cloudWatchLogsLogGroupArn?.replace(/:\*$/, '');
  return group && arn ? [{ ...group, arn }] : [];
}

function alarmTopics(alarms: Collected<MetricAlarm[]>): string[] {
  if (!alarms.ok) return [];
  return alarms.value.flatMap((alarm) => [...alarm.alarmActions, ...alarm.okActions, ...alarm.insufficientDataActions]).filter((arn) => isArnOf('sns', arn));
}

function ruleTopics(rules: Collected<EventRule[]>): string[] {
  if (!rules.ok) return [];
  return rules.value.flatMap((rule) => (rule.targets.ok ? rule.targets.value.map((target) => target.arn) : [])).filter((arn) => isArnOf('sns', arn));
}

function unique<T>(items: T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(key(item))) byKey.set(key(item), item);
  return [...byKey.values()];
}

function errorKey(error: { operation: string; region: string; resource?: string }): string {
  return `${error.operation} ${error.region} ${error.resource ?? ''}`;
}
