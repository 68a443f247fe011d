import {
  SNAPSHOT_VERSION,
  type AccountSnapshot,
  type Collected,
  type EventRule,
  type LogGroup,
  type MetricAlarm,
  type RegionData,
  type SnsTopic,
} from '../snapshot/types.js';
import { describeMetricAlarms } from './alarms.js';
import { isArnOf, parseArn } from './arn.js';
import type { Clients } from '../aws/clients.js';
import { describeTrail, describeTrails, trailSettings, type TrailDescription } from './cloudtrail.js';
import { Collection } from './collection.js';
import { readDeliveryFailures } from './delivery-metrics.js';
import { listEventDataStores } from './event-data-stores.js';
import { describeRole } from './iam-roles.js';
import type { CallerIdentity } from './identity.js';
import { describeKmsKey, kmsKeyRegion } from './kms.js';
import { describeLogGroups, logGroupRef } from './logs.js';
import type { CollectOptions } from './options.js';
import { verifyPatterns } from './pattern-verification.js';
import { progressReporter } from './progress.js';
import { planRegions } from './regions.js';
import { listEventRules } from './rules.js';
import { describeAccountPublicAccessBlock, describeBucket } from './s3.js';
import { describeTopic } from './sns.js';
import { readTrailTags } from './trail-tags.js';
import { describeFixKey } from './topic-access.js';

export type AccountCollectOptions = Pick<
  CollectOptions,
  'regions' | 'dataEventBuckets' | 'fixKey' | 'onProgress' | 'toolVersion' | 'verifyPatterns' | 'verifyThrottleWaitMs'
> & {
  /**
   * In an organization scan: clients of another account of the organization (fresh ones, with their
   * own call counts), or `undefined` when that account cannot be reached.
   */
  linkedAccount?: (accountId: string) => Promise<LinkedAccount | undefined>;
};

export interface LinkedAccount {
  clients: Clients;
  identity: CallerIdentity;
}

/**
 * Reads the account that `clients` reach (identified as `identity`) into a snapshot. Every failure
 * is recorded in the snapshot (`errors` and the `Collected` field it affects) and collection goes on.
 *
 * Each read starts as soon as what it depends on is known: the regions first; then in every region
 * at once its trails (DescribeTrails), its event rules and its CloudTrail Lake event data stores.
 * Once every region has listed its trails, each trail's status and selectors, the tags of the
 * account's own trails (ListTags, 20 a call), its log group, bucket and key, and the alarms where its log
 * group lives are read, without waiting for the rules; last, the topics that relied-on alarms and
 * the rules notify (with who may publish to them and their keys), the roles rule targets name, and
 * per Region one read of the delivery metrics of those rules and topics. How many calls are in
 * flight is bounded per service by the clients.
 */
export async function collectAccount(clients: Clients, identity: CallerIdentity, options: AccountCollectOptions): Promise<AccountSnapshot> {
  const report = progressReporter(options.onProgress);
  const collection = new Collection(clients, identity);
  const plan = await planRegions(collection, options.regions);

  const trailLists = plan.scan.map((region) => describeTrails(collection, region));
  const ruleLists = plan.scan.map((region) => listEventRules(collection, region));
  // Independent of everything else: one listing per Region, each store then read once.
  const eventDataStoresRead = Promise.all(plan.scan.map((region) => listEventDataStores(collection, region)));
  let regionsDone = 0;
  const regionsRead = Promise.all(
    plan.scan.map(async (region, index) => {
      await Promise.all([trailLists[index], ruleLists[index]]);
      report({ type: 'region-done', region, regionsDone: ++regionsDone, regions: plan.scan.length, calls: clients.calls, errors: collection.errors.length });
    }),
  );

  const seen = await Promise.all(trailLists);
  const settings = uniqueTrails(seen).map((description) => trailSettings(collection, description));
  const logGroupRefs = unique(
    settings.flatMap((trail) => logGroupRef(trail.cloudWatchLogsLogGroupArn) ?? []),
    (ref) => ref.arn,
  );
  const bucketNames = unique([...settings.flatMap((trail) => trail.s3BucketName ?? []), ...(options.dataEventBuckets ?? [])], (name) => name);
  const keyRefs = unique(
    settings.flatMap((trail) => (trail.kmsKeyId ? [{ ref: trail.kmsKeyId, region: kmsKeyRegion(trail.kmsKeyId, trail.homeRegion) }] : [])),
    (key) => `${key.region} ${key.ref}`,
  );
  // Alarms matter only where a metric filter of a trail's log group can feed them.
  const alarmRegions = plan.scan.filter((region) => logGroupRefs.some((ref) => ref.region === region && ref.accountId === identity.accountId));
  report({
    type: 'resources-started',
    trails: settings.length,
    logGroups: logGroupRefs.length,
    buckets: bucketNames.length,
    kmsKeys: keyRefs.length,
    calls: clients.calls,
  });

  const logGroupsRead = describeLogGroups(collection, logGroupRefs);
  const alarmsRead = Promise.all(alarmRegions.map(async (region) => [region, await describeMetricAlarms(collection, region)] as const));
  const rulesRead = Promise.all(ruleLists);
  // Alarm topics are known once the alarms and the filters are, rule topics once the rules are: each is read once, as soon as it is known.
  const topicReads = new Map<string, Promise<SnsTopic>>();
  const linked = linkedCollections(collection, options.linkedAccount);
  const readTopics = (arns: string[]) =>
    Promise.all(
      arns.map((arn) => {
        let read = topicReads.get(arn);
        if (!read) topicReads.set(arn, (read = linked.collectionFor(arn).then((holder) => describeTopic(holder, arn))));
        return read;
      }),
    );
  const topicsRead = Promise.all([
    Promise.all([logGroupsRead, alarmsRead]).then(([logGroups, alarms]) => readTopics(reliedOnAlarmTopics(logGroups, alarms))),
    rulesRead.then((rules) => readTopics(rules.flatMap(ruleTopics))),
  ]);
  // Observed delivery, once the relied-on rules and topics of each Region are known: one GetMetricData per Region that has any.
  const deliveryRead = Promise.all([rulesRead, topicsRead]).then(([rules]) =>
    Promise.all(
      plan.scan.map(async (region, index) => {
        const ruleNames = reliedOnRules(rules[index]!).map((rule) => rule.name);
        const topicArns = [...topicReads.keys()].filter((arn) => parseArn(arn)?.region === region);
        return ruleNames.length + topicArns.length > 0 ? readDeliveryFailures(collection, region, ruleNames, topicArns) : undefined;
      }),
    ),
  );
  // The roles that rule targets of a topic name decide whether EventBridge may publish through them.
  const rolesRead = rulesRead.then((rules) => Promise.all(unique(rules.flatMap(topicTargetRoles), (arn) => arn).map((arn) => describeRole(collection, arn))));

  const [described, trailTags, logGroups, alarms, eventRules, buckets, kmsKeys, accountPublicAccessBlock, roles, deliveryFailures, fixKey, eventDataStores] =
    await Promise.all([
      Promise.all(settings.map((trail) => describeTrail(collection, trail))),
      readTrailTags(collection, settings),
      logGroupsRead,
      alarmsRead,
      rulesRead,
      Promise.all(bucketNames.map((name) => describeBucket(collection, name))),
      Promise.all(keyRefs.map((key) => describeKmsKey(collection, key.ref, key.region))),
      describeAccountPublicAccessBlock(collection),
      rolesRead,
      deliveryRead,
      options.fixKey === undefined ? undefined : describeFixKey(collection, options.fixKey),
      eventDataStoresRead,
      regionsRead,
      topicsRead,
    ]);
  const trails = described.map((trail) => {
    const tags = trailTags.get(trail.arn);
    return tags ? { ...trail, tags } : trail;
  });
  const topics = await Promise.all(topicReads.values());
  const linkedCalls = await linked.finish();

  const alarmsByRegion = new Map(alarms);
  const regionData = plan.scan.map((region, index): RegionData => {
    const listed = seen[index]!;
    const regionAlarms = alarmsByRegion.get(region);
    return {
      region,
      trailArns: listed.ok ? { ok: true, value: listed.value.flatMap((trail) => trail.TrailARN ?? []) } : listed,
      ...(regionAlarms && { alarms: regionAlarms }),
      eventRules: eventRules[index]!,
      ...(deliveryFailures[index] && { deliveryFailures: deliveryFailures[index] }),
      eventDataStores: eventDataStores[index]!,
    };
  });
  const snapshot: AccountSnapshot = {
    snapshotVersion: SNAPSHOT_VERSION,
    generator: { name: 'trailwarden', version: options.toolVersion },
    collectedAt: new Date().toISOString(),
    account: { id: identity.accountId, partition: identity.partition, callerArn: identity.callerArn },
    regions: plan.scan,
    skippedRegions: plan.skipped,
    regionData,
    trails,
    logGroups,
    // Reads run concurrently, so topics and errors arrive in no particular order: sort them for stable snapshots.
    topics: topics.sort((a, b) => a.arn.localeCompare(b.arn)),
    buckets,
    kmsKeys,
    ...(fixKey && { fixKey }),
    ...(roles.length > 0 && { roles }),
    accountPublicAccessBlock,
    errors: [],
    callCounts: {},
  };
  // Last, since what is asked depends on what was read: AWS's verdicts on the relied-on patterns.
  if (options.verifyPatterns) {
    const questions = options.verifyPatterns(snapshot);
    report({
      type: 'verifying',
      patterns: questions.length,
      questions: questions.reduce((sum, asked) => sum + asked.questions.length, 0),
      calls: clients.calls,
    });
    snapshot.patternVerification = await verifyPatterns(collection, questions, options.verifyThrottleWaitMs);
  }
  report({ type: 'done', calls: clients.calls, retries: clients.retries, errors: collection.errors.length });
  return {
    ...snapshot,
    errors: collection.errors.sort((a, b) => errorKey(a).localeCompare(errorKey(b))),
    callCounts: Object.fromEntries(Object.entries(addCounts(clients.callCounts, linkedCalls)).sort(([a], [b]) => a.localeCompare(b))),
  };
}

/**
 * A topic lives in the account its ARN names, and only that account can list its subscriptions,
 * as a rule: in an organization scan it is read with that account's clients (once per account
 * and topic), and the calls count as this account's. Elsewhere, with this account's own.
 */
function linkedCollections(collection: Collection, linkedAccount: AccountCollectOptions['linkedAccount']) {
  const byAccount = new Map<string, Promise<LinkedAccount | undefined>>();
  return {
    async collectionFor(arn: string): Promise<Collection> {
      const holder = parseArn(arn)?.accountId;
      if (!linkedAccount || !holder || holder === collection.identity.accountId) return collection;
      let account = byAccount.get(holder);
      if (!account) byAccount.set(holder, (account = linkedAccount(holder)));
      const found = await account;
      return found ? collection.in(found.clients, found.identity) : collection;
    },
    /** The calls made in other accounts; their clients are closed. */
    async finish(): Promise<Record<string, number>> {
      const accounts = (await Promise.all(byAccount.values())).flatMap((account) => account ?? []);
      const counts = accounts.reduce<Record<string, number>>((sum, { clients }) => addCounts(sum, clients.callCounts), {});
      for (const { clients } of accounts) clients.destroy();
      return counts;
    },
  };
}

function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const sum = { ...a };
  for (const [operation, count] of Object.entries(b)) sum[operation] = (sum[operation] ?? 0) + count;
  return sum;
}

/** A multi-region trail shows up (as a shadow) in every region: keep each ARN once, in the order first seen. */
function uniqueTrails(lists: Collected<TrailDescription[]>[]): (TrailDescription & { TrailARN: string })[] {
  const seen = lists.flatMap((list) => (list.ok ? list.value : []));
  return unique(
    seen.filter((trail): trail is TrailDescription & { TrailARN: string } => Boolean(trail.TrailARN)),
    (trail) => trail.TrailARN,
  );
}

/**
 * The topics the monitoring checks follow from alarms: the alarm actions, in the alarm's own region,
 * of alarms on a metric that a filter of a trail log group publishes. No check looks at the topics
 * of other alarms, or at OK and INSUFFICIENT_DATA actions.
 */
function reliedOnAlarmTopics(logGroups: readonly LogGroup[], alarms: readonly (readonly [string, Collected<MetricAlarm[]>])[]): string[] {
  const published = new Set(
    logGroups.flatMap(({ region, details }) =>
      details.ok && details.value?.metricFilters.ok
        ? details.value.metricFilters.value.flatMap((filter) => filter.transformations.map((t) => metricKey(region, t.metricNamespace, t.metricName)))
        : [],
    ),
  );
  return alarms.flatMap(([region, found]) =>
    found.ok
      ? found.value
          .filter((alarm) => published.has(metricKey(region, alarm.namespace, alarm.metricName)))
          .flatMap((alarm) => alarm.alarmActions.filter((arn) => isArnOf('sns', arn) && parseArn(arn)?.region === region))
      : [],
  );
}

function metricKey(region: string, namespace: string | undefined, metricName: string | undefined): string {
  return JSON.stringify([region, namespace, metricName]);
}

function ruleTopics(rules: Collected<EventRule[]>): string[] {
  return reliedOnRules(rules)
    .flatMap((rule) => (rule.targets.ok ? rule.targets.value.map((target) => target.arn) : []))
    .filter((arn) => isArnOf('sns', arn));
}

/** The rules a chain may rely on: those read (they may match a CloudTrail event) that notify an SNS topic. */
function reliedOnRules(rules: Collected<EventRule[]>): EventRule[] {
  if (!rules.ok) return [];
  return rules.value.filter((rule) => rule.targets.ok && rule.targets.value.some((target) => isArnOf('sns', target.arn)));
}

function topicTargetRoles(rules: Collected<EventRule[]>): string[] {
  if (!rules.ok) return [];
  return rules.value.flatMap((rule) =>
    rule.targets.ok ? rule.targets.value.filter((target) => isArnOf('sns', target.arn)).flatMap((target) => target.roleArn ?? []) : [],
  );
}

function unique<T>(items: T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(key(item))) byKey.set(key(item), item);
  return [...byKey.values()];
}

function errorKey(error: { operation: string; region: string; resource?: string }): string {
  return `${error.operation} ${error.region} ${error.resource ?? ''}`;
}
