import type {
  AccountSnapshot,
  Bucket,
  Collected,
  CollectionError,
  EventDataStore,
  KmsKey,
  LogGroup,
  MetricAlarm,
  PublicAccessBlock,
  RegionData,
  SnsTopic,
  Trail,
} from '../snapshot/types.js';
import type { MemoKey } from './memo.js';

/**
 * The accounts of one run (`scan --org`, or several `--snapshot`s) seen as one system. A chain
 * often leaves the account it protects: an organization trail belongs to the management account
 * (or a delegated administrator), delivers to a log group there, whose alarms notify a topic that
 * may live in a third account, while the trail bucket lives in a log-archive account. Each
 * account's snapshot holds what that account could read; this view follows a link into the
 * account that holds it, so a member is judged on the owner's data, read once by the owner.
 *
 * Every lookup is a pure function of the set of snapshots: a live run, its saved snapshots and
 * shards collected apart give the same answers.
 */
export class OrganizationView {
  private readonly byAccount = new Map<string, AccountSnapshot>();
  private readonly topicsByArn = new Map<string, SnsTopic[]>();
  private readonly linkedSnapshots = new WeakMap<AccountSnapshot, AccountSnapshot>();
  private readonly derived = new Map<MemoKey<unknown>, unknown>();

  /**
   * `unscanned`: accounts of the run that could not be read at all (their role could not be
   * assumed), with why, so that a link into one says so rather than that it is not in the run.
   */
  constructor(
    snapshots: readonly AccountSnapshot[],
    private readonly unscanned: ReadonlyMap<string, CollectionError> = new Map(),
  ) {
    for (const snapshot of snapshots) {
      this.byAccount.set(snapshot.account.id, snapshot);
      for (const topic of snapshot.topics) this.topicsByArn.set(topic.arn, [...(this.topicsByArn.get(topic.arn) ?? []), topic]);
    }
  }

  /** Every snapshot of the run. */
  get snapshots(): AccountSnapshot[] {
    return [...this.byAccount.values()];
  }

  /** A value derived from every snapshot of the run, built once per run (per view) by the first evaluation that asks. */
  shared<T>(key: MemoKey<T>, build: (snapshots: readonly AccountSnapshot[]) => T): T {
    if (!this.derived.has(key)) this.derived.set(key, build(this.snapshots));
    return this.derived.get(key) as T;
  }

  /** The snapshot of an account of the run. */
  account(accountId: string): AccountSnapshot | undefined {
    return this.byAccount.get(accountId);
  }

  /** The alarms of one account and Region; `undefined` when that account is not in the run or its alarms there were not read. */
  alarms(accountId: string, region: string): Collected<MetricAlarm[]> | undefined {
    return this.account(accountId)?.regionData.find((data) => data.region === region)?.alarms;
  }

  /**
   * A topic as some account of the run read it: the asking account's own read first, then the
   * read of the account its ARN names, then any other; a read that succeeded wins over one that
   * failed (another account's topic usually refuses ListSubscriptionsByTopic).
   */
  topic(arn: string, asking: AccountSnapshot): SnsTopic | undefined {
    const reads = this.topicsByArn.get(arn) ?? [];
    const holder = accountOf(arn);
    const ranked = [
      ...reads.filter((topic) => asking.topics.includes(topic)),
      ...reads.filter((topic) => this.account(holder)?.topics.includes(topic)),
      ...reads,
    ];
    const best = ranked.find((topic) => topic.subscriptions.ok) ?? ranked[0];
    if (!best || best.subscriptions.ok || holder === asking.account.id || this.account(holder)) return best;
    // Read with another account's credentials, and refused: only the topic's own account can tell.
    const { error } = best.subscriptions;
    return {
      ...best,
      subscriptions: {
        ok: false,
        error: {
          ...error,
          message: `${error.message}; the topic belongs to account ${holder}, which is not part of this run: include it with scan --org, or add its snapshot with --snapshot`,
        },
      },
    };
  }

  /**
   * The account-level Block Public Access that applies to a bucket: its owner's, which is the
   * account whose snapshot holds the bucket's policy (see `bucketHolder`).
   */
  accountPublicAccessBlock(bucketName: string, asking: AccountSnapshot): Collected<PublicAccessBlock | null> {
    return (this.bucketHolder(bucketName, asking) ?? asking).accountPublicAccessBlock;
  }

  /** The account that owns a bucket: the one whose snapshot read its policy (see `bucketHolder`); `undefined` when none could. */
  bucketOwner(bucketName: string, asking: AccountSnapshot): string | undefined {
    return this.bucketHolder(bucketName, asking)?.account.id;
  }

  /**
   * The snapshot as the run completes it: the links it names in other accounts of the run are
   * replaced by those accounts' reads (organization trail status and selectors, log groups with
   * their metric filters, trail buckets, KMS keys). A link whose account is not in the run keeps
   * the asking account's failed read, saying which account holds it and how to add it.
   */
  linked(snapshot: AccountSnapshot): AccountSnapshot {
    let linked = this.linkedSnapshots.get(snapshot);
    if (!linked) {
      linked = {
        ...snapshot,
        trails: snapshot.trails.map((trail) => this.linkedTrail(trail, snapshot)),
        logGroups: snapshot.logGroups.map((group) => this.linkedLogGroup(group, snapshot)),
        buckets: snapshot.buckets.map((bucket) => this.linkedBucket(bucket, snapshot)),
        kmsKeys: snapshot.kmsKeys.map((key) => this.linkedKey(key, snapshot)),
        regionData: snapshot.regionData.map((data) => this.linkedRegionData(data, snapshot)),
      };
      this.linkedSnapshots.set(snapshot, linked);
    }
    return linked;
  }

  /** A member may not read an organization trail's status and selectors; its owner can. */
  private linkedTrail(trail: Trail, asking: AccountSnapshot): Trail {
    if (trail.ownerAccountId === asking.account.id) return trail;
    const owned = this.account(trail.ownerAccountId)?.trails.find((candidate) => candidate.arn === trail.arn);
    if (!owned) return trail;
    return {
      ...trail,
      status: trail.status.ok || !owned.status.ok ? trail.status : owned.status,
      selectors: trail.selectors.ok || !owned.selectors.ok ? trail.selectors : owned.selectors,
      insightSelectors: trail.insightSelectors.ok || !owned.insightSelectors.ok ? trail.insightSelectors : owned.insightSelectors,
      ...(!trail.tags?.ok && owned.tags?.ok && { tags: owned.tags }),
    };
  }

  /** An organization event data store, listed to a member, is read by the account that owns it, as an organization trail is. */
  private linkedRegionData(data: RegionData, asking: AccountSnapshot): RegionData {
    const listed = data.eventDataStores;
    if (!listed?.ok) return data;
    const stores = listed.value.map((store): EventDataStore => {
      if (store.details.ok || store.ownerAccountId === asking.account.id) return store;
      const owned = this.account(store.ownerAccountId)
        ?.regionData.flatMap((region) => (region.eventDataStores?.ok ? region.eventDataStores.value : []))
        .find((candidate) => candidate.arn === store.arn);
      return owned?.details.ok ? { ...store, details: owned.details } : store;
    });
    return { ...data, eventDataStores: { ok: true, value: stores } };
  }

  /** A log group lives in the account its ARN names; only that account reads it. */
  private linkedLogGroup(group: LogGroup, asking: AccountSnapshot): LogGroup {
    const holderId = accountOf(group.arn);
    if (holderId === asking.account.id || group.details.ok) return group;
    const holder = this.account(holderId);
    const read = holder?.logGroups.find((candidate) => candidate.arn === group.arn);
    if (read) return read;
    const failure = this.unscanned.get(holderId);
    const why = holder
      ? `the snapshot of account ${holderId} does not hold it (no trail of that account delivers to it)`
      : failure
        ? `account ${holderId} could not be scanned in this run (${failure.operation} failed with ${failure.code})`
        : `account ${holderId} is not part of this run: include it with scan --org (from the management account), or add its snapshot with --snapshot`;
    return { ...group, details: { ok: false, error: { ...group.details.error, message: `log group ${group.name} belongs to account ${holderId}; ${why}` } } };
  }

  private linkedBucket(bucket: Bucket, asking: AccountSnapshot): Bucket {
    const held = this.bucketHolder(bucket.name, asking)?.buckets.find((candidate) => candidate.name === bucket.name);
    if (held) return held;
    const organizationTrail = asking.trails.some((trail) => trail.s3BucketName === bucket.name && trail.ownerAccountId !== asking.account.id);
    if (!organizationTrail) return bucket;
    // A bucket name carries no account, so the one to add cannot be named, only described.
    const note =
      '; the bucket of an organization trail belongs to another account (the management or a log-archive account, usually), and no snapshot of this run could read it: include that account with scan --org, or add its snapshot with --snapshot';
    const explained = <T>(read: Collected<T>): Collected<T> =>
      read.ok ? read : { ok: false, error: { ...read.error, message: `${read.error.message}${note}` } };
    return {
      ...bucket,
      region: explained(bucket.region),
      policy: explained(bucket.policy),
      publicAccessBlock: explained(bucket.publicAccessBlock),
      acl: explained(bucket.acl),
      logging: explained(bucket.logging),
      lifecycle: explained(bucket.lifecycle),
      versioning: explained(bucket.versioning),
      ...(bucket.objectLock && { objectLock: explained(bucket.objectLock) }),
    };
  }

  /**
   * A bucket name carries no account. GetBucketPolicy answers only callers of the bucket owner's
   * account ("the calling identity must ... belong to the bucket owner's account", otherwise 405
   * Method Not Allowed: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html),
   * so the account whose snapshot read the policy (or its absence) owns the bucket.
   * The asking account's own read is preferred, then the other accounts in id order.
   */
  private bucketHolder(name: string, asking: AccountSnapshot): AccountSnapshot | undefined {
    // A control asks with the linked snapshot, whose buckets are already the holder's reads: its own read is the run's copy.
    const own = this.account(asking.account.id) ?? asking;
    const candidates = [own, ...[...this.byAccount.values()].filter((snapshot) => snapshot !== own).sort((a, b) => a.account.id.localeCompare(b.account.id))];
    return candidates.find((snapshot) => snapshot.buckets.some((bucket) => bucket.name === name && bucket.policy.ok));
  }

  /**
   * A key ARN names its account, and that account's read of it counts: another account is refused,
   * or (an emulator) told that no such key exists.
   */
  private linkedKey(key: KmsKey, asking: AccountSnapshot): KmsKey {
    const holderId = accountOf(key.ref);
    if (!holderId || holderId === asking.account.id) return key;
    const read = this.account(holderId)?.kmsKeys.find((candidate) => candidate.ref === key.ref && candidate.details.ok);
    return read ?? key;
  }
}

/** The account of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:...`); '' when it names none. */
function accountOf(arn: string): string {
  const parts = arn.split(':');
  return parts[0] === 'arn' ? (parts[4] ?? '') : '';
}
