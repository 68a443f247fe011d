import { describe, expect, it } from 'vitest';
import { evaluateControls } from '../../src/checks/engine.js';
import { OrganizationView } from '../../src/checks/organization.js';
import { BUILTIN_CONTROLS } from '../../src/checks/registry.js';
import type { Control, Result } from '../../src/checks/types.js';
import { cloudWatch1 } from '../../src/checks/monitoring/controls/cloudwatch-1-root-usage.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { recordOfAccount, rootUsage } from '../../src/corpus/index.js';
import { questionKey } from '../../src/snapshot/question-digest.js';
import type { AccountSnapshot, MetricFilter, SnsTopic } from '../../src/snapshot/types.js';
import { alarmFor, filterFor } from './monitoring/chain-fixtures.js';
import {
  ACCOUNT_ID,
  bucket,
  defaultTopicStatement,
  failed,
  HOME_REGION,
  kmsKey,
  logGroup,
  ok,
  orgTrail,
  ORG_MANAGEMENT_ACCOUNT_ID,
  snapshotWith,
  topic,
} from './fixtures.js';

/**
 * One organization, one evaluation: the management account OWNER owns the organization trail, its
 * log group, metric filters and alarms; the alarms notify a topic of the security account; the trail
 * bucket lives in the log-archive account. The member (the fixtures' ACCOUNT_ID) has nothing of its
 * own, and each snapshot holds only what its own account could read, as the collector records it.
 */

const OWNER = ORG_MANAGEMENT_ACCOUNT_ID;
const MEMBER = ACCOUNT_ID;
const SECURITY = '333333333333';
const LOG_ARCHIVE = '444444444444';
const ORG_LOG_GROUP_ARN = `arn:aws:logs:${HOME_REGION}:${OWNER}:log-group:org-trail-logs`;
const SECURITY_TOPIC = `arn:aws:sns:${HOME_REGION}:${SECURITY}:org-alerts`;
const ORG_KEY = orgTrail().kmsKeyId!;

const crossAccountGroup = () =>
  logGroup({ name: 'org-trail-logs', arn: ORG_LOG_GROUP_ARN, details: failed('logs:DescribeLogGroups', HOME_REGION, 'CrossAccount', ORG_LOG_GROUP_ARN) });
/** What an account that is not the bucket's owner reads of it: GetBucketLocation is refused, and with it every other read (as the collector records it). */
function foreignBucket() {
  const refused = failed('s3:GetBucketLocation', HOME_REGION, 'AccessDenied', 'org-trail-logs');
  return bucket('org-trail-logs', {
    region: refused,
    policy: refused,
    publicAccessBlock: refused,
    acl: refused,
    logging: refused,
    lifecycle: refused,
    versioning: refused,
  });
}
const foreignKey = () => kmsKey({ ref: ORG_KEY, details: failed('kms:DescribeKey', HOME_REGION, 'AccessDeniedException', ORG_KEY) });

function account(id: string, parts: Parameters<typeof snapshotWith>[0]): AccountSnapshot {
  return snapshotWith({
    account: { id, partition: 'aws' },
    trails: [orgTrail()],
    logGroups: [crossAccountGroup()],
    buckets: [foreignBucket()],
    kmsKeys: [foreignKey()],
    ...parts,
  });
}

function owner(filters: MetricFilter[] = [filterFor(cloudWatch1)], alarmOverrides = {}): AccountSnapshot {
  return account(OWNER, {
    logGroups: [logGroup({ name: 'org-trail-logs', arn: ORG_LOG_GROUP_ARN }, { metricFilters: ok(filters) })],
    alarms: [alarmFor(cloudWatch1, { arn: `arn:aws:cloudwatch:${HOME_REGION}:${OWNER}:alarm:root`, alarmActions: [SECURITY_TOPIC], ...alarmOverrides })],
    // Read by the owner through the security account's role, since the owner's alarm notifies it.
    topics: [securityTopic()],
    kmsKeys: [kmsKey({ ref: ORG_KEY })],
  });
}

/**
 * The security account's topic: its default statement admits only that account's own principals, so
 * the owner's alarms publish through a statement for CloudWatch limited to the owner's account
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html).
 */
function securityTopic(): SnsTopic {
  const statement = {
    Sid: 'OrgAlarms',
    Effect: 'Allow',
    Principal: { Service: 'cloudwatch.amazonaws.com' },
    Action: 'sns:Publish',
    Resource: SECURITY_TOPIC,
    Condition: { StringEquals: { 'aws:SourceAccount': OWNER } },
  };
  return topic({
    arn: SECURITY_TOPIC,
    access: ok({ policy: JSON.stringify({ Version: '2008-10-17', Statement: [defaultTopicStatement(SECURITY_TOPIC), statement] }) }),
  });
}

const member = () =>
  account(MEMBER, { trails: [orgTrail({ status: failed('cloudtrail:GetTrailStatus', HOME_REGION, 'AccessDeniedException', orgTrail().arn) })] });
const security = () => account(SECURITY, {});
const logArchive = () => account(LOG_ARCHIVE, { buckets: [bucket('org-trail-logs')] });

function run(snapshots: AccountSnapshot[], controls: readonly Control[] = BUILTIN_CONTROLS): Result[] {
  const organization = new OrganizationView(snapshots);
  return snapshots.flatMap((snapshot) => evaluateControls(snapshot, controls, { config: DEFAULT_CONFIG, organization }));
}

function resultOf(results: Result[], controlId: string, accountId: string): Result {
  const found = results.filter((result) => result.controlId === controlId && result.accountId === accountId);
  expect(found, JSON.stringify(found)).toHaveLength(1);
  return found[0]!;
}

describe('an organization evaluated as one system', () => {
  it("passes the member through the owner's chain, naming every link with its account", () => {
    const results = run([owner(), member(), security(), logArchive()]);

    const result = resultOf(results, 'CloudWatch.1', MEMBER);
    expect(result.status, result.reason).toBe('PASS');
    expect(result.reason).toContain(
      `member ${MEMBER} → organization trail org-trail (${OWNER}) → log group org-trail-logs (${OWNER}) → metric filter "CloudWatch.1-filter" → alarm CloudWatch.1-alarm (${OWNER}) → SNS topic ${SECURITY_TOPIC} (${SECURITY}) with 1 confirmed subscription`,
    );
    expect(resultOf(results, 'CloudWatch.1', OWNER).status).toBe('PASS');
  });

  it("takes the organization trail's status the member may not read from the owner, and the log group's retention and delivery", () => {
    const results = run([owner(), member(), security(), logArchive()]);

    expect(resultOf(results, 'CloudTrail.3', MEMBER)).toMatchObject({ status: 'PASS' });
    expect(resultOf(results, 'CloudTrail.5', MEMBER)).toMatchObject({ status: 'PASS' });
    expect(resultOf(results, 'CloudWatch.16', MEMBER)).toMatchObject({ status: 'PASS', resource: { arn: ORG_LOG_GROUP_ARN } });
    const alarms = results.filter((result) => result.controlId === 'CloudWatch.15' && result.accountId === MEMBER);
    expect(alarms.map((result) => [result.status, result.resource.arn])).toEqual([['PASS', `arn:aws:cloudwatch:${HOME_REGION}:${OWNER}:alarm:root`]]);
  });

  it('judges the trail bucket from the account that owns it, and the KMS key from the account of its ARN', () => {
    const results = run([owner(), member(), security(), logArchive()]);

    for (const accountId of [OWNER, MEMBER, SECURITY, LOG_ARCHIVE]) {
      for (const controlId of ['CloudTrail.6', 'CloudTrail.7', 'TW.2'])
        expect(resultOf(results, controlId, accountId).status, `${controlId} ${accountId}`).toBe('PASS');
      expect(resultOf(results, 'CloudTrail.2', accountId).reason).toContain('(key enabled)');
    }
  });

  it("judges the trail bucket with its owner's account-level Block Public Access and as its owner (TW.7), not the member's", () => {
    const publicRead = { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::org-trail-logs/*' };
    const archiveDeletes = {
      Sid: 'ArchiveDeletes',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${LOG_ARCHIVE}:role/Archiver` },
      Action: 's3:DeleteObject',
      Resource: 'arn:aws:s3:::org-trail-logs/*',
    };
    const policy = ok(JSON.stringify({ Version: '2012-10-17', Statement: [publicRead, archiveDeletes] }));
    const archive = account(LOG_ARCHIVE, {
      buckets: [bucket('org-trail-logs', { policy, publicAccessBlock: ok(null) })],
      accountPublicAccessBlock: ok({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }),
    });
    const results = run([owner(), member(), security(), archive]);

    expect(resultOf(results, 'CloudTrail.6', MEMBER)).toMatchObject({
      status: 'PASS',
      reason: expect.stringContaining('RestrictPublicBuckets (account level)'),
    });
    expect(resultOf(results, 'TW.7', MEMBER)).toMatchObject({ status: 'PASS', reason: expect.stringContaining(`outside the owner account ${LOG_ARCHIVE}`) });
  });

  it("fails the owner and every member with the same reason when a link of the owner's chain breaks", () => {
    const results = run([owner(undefined, { actionsEnabled: false }), member(), security(), logArchive()]);

    const reasons = [OWNER, MEMBER, SECURITY, LOG_ARCHIVE].map((accountId) => resultOf(results, 'CloudWatch.1', accountId));
    for (const result of reasons) expect(result.status).toBe('FAIL');
    expect(new Set(reasons.map((result) => result.reason)).size).toBe(1);
    expect(reasons[0]!.reason).toContain('alarm CloudWatch.1-alarm has its actions disabled');
  });

  it("fails only the members when the owner's filter pins the owner's account id, saying so", () => {
    const inner = cloudWatch1.spec.filterPattern.trim().slice(1, -1);
    const pinned = filterFor(cloudWatch1, { pattern: `{ (${inner}) && ($.recipientAccountId = "${OWNER}") }` });
    const results = run([owner([pinned]), member(), security(), logArchive()]);

    expect(resultOf(results, 'CloudWatch.1', OWNER).status).toBe('PASS');
    const result = resultOf(results, 'CloudWatch.1', MEMBER);
    expect(result.status).toBe('FAIL');
    expect(result.reason).toContain(
      `matches them only when account ${OWNER} makes them, and the organization trail delivers account ${MEMBER}'s events to that log group too`,
    );
  });

  it('is ERROR, naming the owner and how to include it, for a member scanned alone', () => {
    const results = run([member()]);

    for (const controlId of ['CloudTrail.5', 'CloudWatch.1', 'CloudWatch.16']) {
      const result = resultOf(results, controlId, MEMBER);
      expect(result.status, controlId).toBe('ERROR');
      expect(result.reason).toContain(`belongs to account ${OWNER}; account ${OWNER} is not part of this run: include it with scan --org`);
    }
    // The trail bucket's owner cannot be named (a bucket name carries no account), only described.
    for (const controlId of ['CloudTrail.6', 'CloudTrail.7', 'TW.2']) {
      const result = resultOf(results, controlId, MEMBER);
      expect(result.status, controlId).toBe('ERROR');
      expect(result.reason).toContain('the bucket of an organization trail belongs to another account');
    }
  });

  it('says that the owner could not be scanned, when its role could not be assumed', () => {
    const organization = new OrganizationView(
      [member()],
      new Map([[OWNER, { operation: 'sts:AssumeRole', region: HOME_REGION, code: 'AccessDenied', message: 'denied' }]]),
    );
    const [result] = evaluateControls(member(), [cloudWatch1], { config: DEFAULT_CONFIG, organization });

    expect(result).toMatchObject({ status: 'ERROR' });
    expect(result!.reason).toContain(`account ${OWNER} could not be scanned in this run (sts:AssumeRole failed with AccessDenied)`);
  });

  it("is ERROR when the topic's account is not in the run and no one could read it", () => {
    const ownerAlone = owner();
    ownerAlone.topics = [
      topic({ arn: SECURITY_TOPIC, subscriptions: failed('sns:ListSubscriptionsByTopic', HOME_REGION, 'AuthorizationError', SECURITY_TOPIC) }),
    ];
    const results = run([ownerAlone, member()]);

    const result = resultOf(results, 'CloudWatch.1', MEMBER);
    expect(result).toMatchObject({ status: 'ERROR', error: { code: 'AuthorizationError' } });
    expect(result.reason).toContain(`the topic belongs to account ${SECURITY}, which is not part of this run: include it with scan --org`);
  });
});

describe("--verify-patterns-with-aws across the organization: the owner's answers", () => {
  const pattern = cloudWatch1.spec.filterPattern;
  /** The owner's snapshot as if AWS had been asked about its filter with the owner's own records: `missed` did not match. */
  function verifiedOwner(filterPattern: string, missed: string | undefined): AccountSnapshot {
    const records = rootUsage.map((record) => recordOfAccount(record, OWNER));
    const keys = records.map((record) => [record.id, questionKey('metric-filter', filterPattern, record.message)] as const);
    const filter = filterFor(cloudWatch1, { pattern: filterPattern });
    return {
      ...owner([filter]),
      patternVerification: [
        {
          kind: 'metric-filter',
          region: HOME_REGION,
          pattern: filterPattern,
          answers: ok({ asked: keys.map(([, key]) => key), matched: keys.filter(([id]) => id !== missed).map(([, key]) => key) }),
        },
      ],
    };
  }

  it("decide for the member too, for a pattern without a digit (the member's records differ from the owner's in digits only)", () => {
    const missed = rootUsage[0]!;
    const results = run([verifiedOwner(pattern, missed.id), member(), security(), logArchive()]);
    for (const accountId of [OWNER, MEMBER]) {
      const result = resultOf(results, 'CloudWatch.1', accountId);
      expect(result.status, accountId).toBe('FAIL');
      expect(result.reason).toContain(`misses ${missed.summary}`);
    }
    // Without AWS's answers, both pass.
    expect(resultOf(run([owner([filterFor(cloudWatch1, { pattern })]), member(), security(), logArchive()]), 'CloudWatch.1', MEMBER).status).toBe('PASS');
  });

  it("are not taken for the member's records by a pattern that holds a digit: the engine judges those", () => {
    const inner = pattern.trim().slice(1, -1);
    const pinned = `{ (${inner}) && ($.recipientAccountId = "${OWNER}") }`;
    const results = run([verifiedOwner(pinned, undefined), member(), security(), logArchive()]);
    expect(resultOf(results, 'CloudWatch.1', OWNER).status).toBe('PASS');
    // The member's verdict is the engine's: the pinned filter misses its events, for the engine's reason.
    const result = resultOf(results, 'CloudWatch.1', MEMBER);
    expect(result.status).toBe('FAIL');
    expect(result.reason).toContain(`matches them only when account ${OWNER} makes them`);
  });

  it('that contradict another account about the same question leave it uncertain, which does not count', () => {
    const contradicting = verifiedOwner(pattern, undefined);
    const again = verifiedOwner(pattern, rootUsage[0]!.id);
    const logArchiveSaying = { ...logArchive(), patternVerification: again.patternVerification! };
    const result = resultOf(run([contradicting, member(), security(), logArchiveSaying]), 'CloudWatch.1', OWNER);
    expect(result.status).toBe('FAIL');
    expect(result.reason).toContain('AWS answered both ways about this record in different accounts of the run');
  });
});

describe('recordOfAccount', () => {
  it('makes the record as another account would: recipientAccountId, identity and ARNs, but not the accounts it is about', () => {
    const [record] = rootUsage;
    const own = String(record!.record.recipientAccountId);
    const moved = recordOfAccount(record!, '999988887777');

    expect(moved.record.recipientAccountId).toBe('999988887777');
    expect((moved.record.userIdentity as { accountId: string }).accountId).toBe('999988887777');
    expect(moved.message).not.toContain(own);
    expect(moved.id).toBe(record!.id);
    expect(recordOfAccount(record!, own)).toBe(record);
  });
});
