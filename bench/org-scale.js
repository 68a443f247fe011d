/**
 * How an organization scan grows with the organization: 20 to 200 accounts served by a fake AWS
 * that answers every request after 50 ms and throttles each operation with a token bucket per
 * account and Region, as AWS's limits are. The real SDK clients and `collectOrganization` run:
 * ListAccounts, AssumeRole into every member, each member collected, the organization evaluated
 * as one system.
 *
 * The organization: the management account owns an organization trail delivering to its log group
 * with the 15 CIS metric filters and alarms, which notify a topic of the security account; the
 * trail bucket lives in the log-archive account. Every account has, in each of its 4 Regions, a few
 * EventBridge rules, one of which sends CloudTrail events to a topic of its own.
 *
 * Printed: calls per account (management, member), calls made twice, wall time against its lower
 * bound (ListAccounts pages, then ceil(accounts / concurrency) rounds of a member's chain of
 * dependent calls), how wall time grows from 20 to 200 accounts at several --account-concurrency,
 * and the verdicts (every member must pass CloudWatch.1 through the owner's chain).
 *
 *     node bench/org-scale.js        (after npm run build)
 */
import { performance } from 'node:perf_hooks';
import { collectOrganization } from '../dist/collect/index.js';
import { evaluateControls } from '../dist/checks/engine.js';
import { OrganizationView } from '../dist/checks/organization.js';
import { BUILTIN_CONTROLS } from '../dist/checks/registry.js';
import { eventMonitoringControls } from '../dist/checks/monitoring/index.js';
import { DEFAULT_CONFIG } from '../dist/config/types.js';
import { json, paged, readRequest, respond, throttling, TokenBuckets, xml } from './lib/fake-wire.js';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
const MANAGEMENT = '100000000000';
const SECURITY = '100000000001';
const LOG_ARCHIVE = '100000000002';
const ORG_ID = 'o-bench12345';
const RULES_PER_REGION = 3;
/** Requests per second per operation, account and Region; the bucket holds one second's worth. */
const RATES = {
  DescribeTrails: 10,
  GetTrailStatus: 10,
  GetEventSelectors: 10,
  GetInsightSelectors: 10,
  DescribeLogGroups: 10,
  DescribeMetricFilters: 5,
  DescribeAlarms: 9,
  ListRules: 50,
  ListTargetsByRule: 50,
  ListSubscriptionsByTopic: 30,
  AssumeRole: 50,
  ListAccounts: 2,
};
const DEFAULT_RATE = 100;

const arn = (service, region, account, resource) => `arn:aws:${service}:${region}:${account}:${resource}`;
const TRAIL_ARN = arn('cloudtrail', 'us-east-1', MANAGEMENT, 'trail/org');
const LOG_GROUP = 'aws-cloudtrail-logs-org';
const KEY_ARN = arn('kms', 'us-east-1', MANAGEMENT, 'key/1111-2222');
const LAKE_ARN = arn('cloudtrail', 'us-east-1', MANAGEMENT, 'eventdatastore/org-lake');
const SECURITY_TOPIC = arn('sns', 'us-east-1', SECURITY, 'org-alerts');
const BUCKET = 'org-trail-logs';

/** The account whose (fake) access key signed the request: keys are `AK` + the account id. */
const accountOf = (authorization) => /Credential=AK(\d{12})\//.exec(authorization ?? '')?.[1] ?? MANAGEMENT;

class FakeOrganization {
  /** Logical calls by account, one per SDK invocation however many attempts it took. */
  callsByAccount = new Map();
  invocations = new Map();
  throttled = 0;
  #rates = new TokenBuckets();

  constructor(accountIds) {
    this.accountIds = accountIds;
  }

  async handle(request) {
    const { region, service, params, operation } = readRequest(request);
    const account = accountOf(request.headers.authorization);
    const invocation = request.headers['amz-sdk-invocation-id'];
    if (!this.invocations.has(invocation)) {
      this.invocations.set(invocation, `${account} ${operation}@${region} ${JSON.stringify({ ...params, ...request.query, path: request.path })}`);
      this.callsByAccount.set(account, (this.callsByAccount.get(account) ?? 0) + 1);
    }
    const allowed = this.#rates.take(`${account} ${operation}@${region}`, RATES[operation] ?? DEFAULT_RATE);
    await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
    if (!allowed) {
      this.throttled++;
      return respond(throttling(service));
    }
    return respond(this.#answer(operation, region, account, params));
  }

  #answer(operation, region, account, params) {
    const denied = (code = 'AccessDeniedException') => json({ __type: code, message: `account ${account} may not` }, 400);
    switch (operation) {
      case 'GetCallerIdentity':
        return xml(
          `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:role/Auditor</Arn><Account>${account}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
        );
      case 'AssumeRole': {
        const target = params.RoleArn.split(':')[4];
        const expires = new Date(Date.now() + 3_600_000).toISOString();
        return xml(
          `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>AK${target}</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>${expires}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${target}:assumed-role/Audit/trailwarden</Arn><AssumedRoleId>AROA:trailwarden</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>`,
        );
      }
      case 'ListAccounts':
        return paged(
          this.accountIds.map((id) => ({
            Id: id,
            Arn: `arn:aws:organizations::${MANAGEMENT}:account/${ORG_ID}/${id}`,
            Name: `account-${id}`,
            State: 'ACTIVE',
          })),
          'Accounts',
          params.NextToken,
          params.MaxResults ?? 20,
        );
      case 'DescribeRegions':
        return xml(
          `<DescribeRegionsResponse><regionInfo>${REGIONS.map((name) => `<item><regionName>${name}</regionName><optInStatus>opt-in-not-required</optInStatus></item>`).join('')}</regionInfo></DescribeRegionsResponse>`,
        );
      case 'DescribeTrails':
        // Every account sees the organization trail, with the management account's ARN.
        return json({
          trailList: [
            {
              Name: 'org',
              TrailARN: TRAIL_ARN,
              HomeRegion: 'us-east-1',
              IsMultiRegionTrail: true,
              IsOrganizationTrail: true,
              IncludeGlobalServiceEvents: true,
              S3BucketName: BUCKET,
              KmsKeyId: KEY_ARN,
              CloudWatchLogsLogGroupArn: arn('logs', 'us-east-1', MANAGEMENT, `log-group:${LOG_GROUP}:*`),
              LogFileValidationEnabled: true,
            },
          ],
        });
      case 'GetTrailStatus':
        return json({ IsLogging: true, LatestDeliveryTime: Date.now() / 1000, LatestCloudWatchLogsDeliveryTime: Date.now() / 1000 });
      case 'GetEventSelectors':
        return json({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
      case 'GetInsightSelectors':
        return json({ __type: 'InsightNotEnabledException', message: 'no insights' }, 400);
      case 'ListTags':
        // Only the trail's owner asks (a member records CrossAccount and is judged on the owner's read).
        if (account !== MANAGEMENT) return json({ __type: 'CloudTrailARNInvalidException', message: 'not your trail' }, 400);
        return json({ ResourceTagList: params.ResourceIdList.map((id) => ({ ResourceId: id, TagsList: [{ Key: 'owner', Value: 'security' }] })) });
      case 'ListEventDataStores':
        // The organization's event data store is listed to every account in its Region, as the organization trail is.
        return json({ EventDataStores: region === 'us-east-1' ? [{ EventDataStoreArn: LAKE_ARN, Name: 'org-lake' }] : [] });
      case 'GetEventDataStore':
        if (account !== MANAGEMENT) return json({ __type: 'EventDataStoreNotFoundException', message: 'not your store' }, 400);
        return json({
          EventDataStoreArn: LAKE_ARN,
          Name: 'org-lake',
          Status: 'ENABLED',
          MultiRegionEnabled: true,
          OrganizationEnabled: true,
          KmsKeyId: KEY_ARN,
        });
      case 'DescribeLogGroups':
        return json({
          logGroups:
            account === MANAGEMENT && region === 'us-east-1'
              ? [{ logGroupName: LOG_GROUP, arn: arn('logs', region, account, `log-group:${LOG_GROUP}:*`), retentionInDays: 365 }]
              : [],
        });
      case 'DescribeMetricFilters':
        return json({
          metricFilters: eventMonitoringControls.map((control) => ({
            filterName: control.id,
            filterPattern: control.spec.filterPattern,
            metricTransformations: [{ metricName: control.spec.metricName, metricNamespace: 'CISBenchmark', metricValue: '1' }],
          })),
        });
      case 'DescribeAlarms':
        return json({
          MetricAlarms:
            account !== MANAGEMENT
              ? []
              : eventMonitoringControls.map((control) => ({
                  AlarmName: control.id,
                  AlarmArn: arn('cloudwatch', region, account, `alarm:${control.id}`),
                  MetricName: control.spec.metricName,
                  Namespace: 'CISBenchmark',
                  Statistic: 'Sum',
                  Period: 300,
                  EvaluationPeriods: 1,
                  Threshold: 1,
                  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
                  TreatMissingData: 'notBreaching',
                  ActionsEnabled: true,
                  AlarmActions: [SECURITY_TOPIC],
                })),
        });
      case 'ListRules':
        return json({
          Rules: Array.from({ length: RULES_PER_REGION }, (_, i) => ({
            Name: `rule-${i}`,
            Arn: arn('events', region, account, `rule/rule-${i}`),
            State: 'ENABLED',
            EventBusName: 'default',
            EventPattern: JSON.stringify(i === 0 ? { source: ['aws.iam'], 'detail-type': ['AWS API Call via CloudTrail'] } : { source: ['aws.guardduty'] }),
          })),
        });
      case 'ListTargetsByRule':
        return json({ Targets: [{ Id: 't', Arn: arn('sns', region, account, 'ops') }] });
      case 'ListSubscriptionsByTopic': {
        // Only the topic's own account may list its subscriptions.
        if (params.TopicArn.split(':')[4] !== account)
          return xml('<ErrorResponse><Error><Code>AuthorizationError</Code><Message>not authorized</Message></Error></ErrorResponse>', 403);
        return xml(
          `<ListSubscriptionsByTopicResponse><ListSubscriptionsByTopicResult><Subscriptions><member><TopicArn>${params.TopicArn}</TopicArn><Protocol>email</Protocol><SubscriptionArn>${params.TopicArn}:1</SubscriptionArn><Endpoint>team@example.com</Endpoint></member></Subscriptions></ListSubscriptionsByTopicResult></ListSubscriptionsByTopicResponse>`,
        );
      }
      case 'GetTopicAttributes': {
        // Like its subscriptions, only the topic's own account reads its attributes. The security
        // account's topic admits the management account's alarms; a member's own topic has the
        // default statement and the one the EventBridge console adds.
        if (params.TopicArn.split(':')[4] !== account)
          return xml('<ErrorResponse><Error><Code>AuthorizationError</Code><Message>not authorized</Message></Error></ErrorResponse>', 403);
        const publishers =
          params.TopicArn === SECURITY_TOPIC
            ? [
                {
                  Effect: 'Allow',
                  Principal: { Service: 'cloudwatch.amazonaws.com' },
                  Action: 'sns:Publish',
                  Resource: params.TopicArn,
                  Condition: { StringEquals: { 'aws:SourceAccount': MANAGEMENT } },
                },
              ]
            : [
                {
                  Effect: 'Allow',
                  Principal: { AWS: '*' },
                  Action: 'SNS:Publish',
                  Resource: params.TopicArn,
                  Condition: { StringEquals: { 'AWS:SourceOwner': account } },
                },
                { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: params.TopicArn },
              ];
        const policy = JSON.stringify({ Version: '2008-10-17', Statement: publishers })
          .replaceAll('&', '&amp;')
          .replaceAll('<', '&lt;')
          .replaceAll('"', '&quot;');
        return xml(
          `<GetTopicAttributesResponse><GetTopicAttributesResult><Attributes><entry><key>TopicArn</key><value>${params.TopicArn}</value></entry><entry><key>Policy</key><value>${policy}</value></entry></Attributes></GetTopicAttributesResult></GetTopicAttributesResponse>`,
        );
      }
      case 'GetMetricData':
        // No delivery failures observed (no data is not a failure).
        return json({ MetricDataResults: [] });
      case 'DescribeKey':
        return account === MANAGEMENT
          ? json({ KeyMetadata: { KeyId: '1111-2222', Arn: KEY_ARN, KeyState: 'Enabled', KeyManager: 'CUSTOMER', Enabled: true } })
          : denied();
      case 'S3Control':
        return xml(
          '<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>',
        );
      default:
        if (operation in BUCKET_ANSWERS)
          return account === LOG_ARCHIVE ? BUCKET_ANSWERS[operation] : xml('<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>', 403);
        return json({ __type: 'NotImplemented', message: `no answer for ${operation}` }, 501);
    }
  }
}

/** What the log-archive account, the bucket's owner, reads of it. */
const BUCKET_ANSWERS = {
  GetBucketLocation: xml('<LocationConstraint></LocationConstraint>'),
  GetBucketPolicy: { status: 200, body: '{"Version":"2012-10-17","Statement":[]}', contentType: 'application/json' },
  GetPublicAccessBlock: xml(
    '<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>',
  ),
  GetBucketAcl: xml('<AccessControlPolicy><Owner><ID>owner</ID></Owner><AccessControlList></AccessControlList></AccessControlPolicy>'),
  GetBucketLogging: xml(
    `<BucketLoggingStatus><LoggingEnabled><TargetBucket>access-logs</TargetBucket><TargetPrefix>${BUCKET}/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>`,
  ),
  GetBucketLifecycleConfiguration: xml(
    '<LifecycleConfiguration><Rule><ID>expire</ID><Status>Enabled</Status><Filter><Prefix></Prefix></Filter><Expiration><Days>365</Days></Expiration></Rule></LifecycleConfiguration>',
  ),
  GetBucketVersioning: xml('<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>'),
  GetObjectLockConfiguration: xml(
    '<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>COMPLIANCE</Mode><Days>365</Days></DefaultRetention></Rule></ObjectLockConfiguration>',
  ),
};

/**
 * A member's chain of calls that wait for one another: AssumeRole, DescribeRegions, DescribeTrails,
 * then the longest of the trail's reads, the bucket (location, then its settings) and the rules
 * (ListRules, ListTargetsByRule, ListSubscriptionsByTopic).
 */
const MEMBER_CHAIN = 3 + 3;

async function run(accounts, concurrency) {
  const ids = [MANAGEMENT, SECURITY, LOG_ARCHIVE, ...Array.from({ length: accounts - 3 }, (_, i) => String(200000000000 + i))];
  const fake = new FakeOrganization(ids);
  const start = performance.now();
  const loopAtStart = performance.eventLoopUtilization();
  const scan = await collectOrganization({ toolVersion: 'bench', requestHandler: fake, roleName: 'Audit', accountConcurrency: concurrency });
  const wallMs = performance.now() - start;
  /** The time the one JavaScript thread was busy (the SDK's signing and parsing, the fake AWS), which no scheduling shortens. */
  const busyMs = performance.eventLoopUtilization(loopAtStart).active;
  const evaluationStart = performance.now();
  const snapshots = scan.accounts.flatMap((outcome) => ('snapshot' in outcome ? [outcome.snapshot] : []));
  const organization = new OrganizationView(snapshots);
  const results = snapshots.flatMap((snapshot) => evaluateControls(snapshot, BUILTIN_CONTROLS, { config: DEFAULT_CONFIG, organization }));
  const evaluationMs = performance.now() - evaluationStart;
  const listPages = Math.ceil(ids.length / 20);
  const boundMs = (2 + listPages + Math.ceil(ids.length / concurrency) * MEMBER_CHAIN) * LATENCY_MS;
  const duplicates = fake.invocations.size - new Set(fake.invocations.values()).size;
  const memberCalls = [...fake.callsByAccount].filter(([id]) => ![MANAGEMENT, SECURITY, LOG_ARCHIVE].includes(id)).map(([, n]) => n);
  const passing = results.filter((result) => result.controlId === 'CloudWatch.1' && result.status === 'PASS').length;
  // Every account judges the organization trail's tags and the organization's event data store on the management account's reads.
  const lakeAndTags = ['CloudTrail.9', 'CloudTrail.10'].map((id) => results.filter((result) => result.controlId === id && result.status === 'PASS').length);
  return {
    accounts: ids.length,
    concurrency,
    wallMs,
    boundMs,
    busyMs,
    evaluationMs,
    managementCalls: fake.callsByAccount.get(MANAGEMENT) ?? 0,
    memberCalls: memberCalls.length > 0 ? Math.max(...memberCalls) : 0,
    duplicates,
    throttled: fake.throttled,
    errors: snapshots.reduce((sum, snapshot) => sum + snapshot.errors.filter((error) => error.code !== 'CrossAccount').length, 0),
    passing,
    lakeAndTags,
    scanned: snapshots.length,
  };
}

process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = `AK${MANAGEMENT}`;
process.env.AWS_SECRET_ACCESS_KEY = 'secret';
delete process.env.AWS_PROFILE;
delete process.env.AWS_ENDPOINT_URL;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const runs = [];
for (const [accounts, concurrency] of [
  [20, 4],
  [200, 4],
  [20, 16],
  [200, 16],
  [200, 32],
])
  runs.push(await run(accounts, concurrency));

const number = (value) => Math.round(value).toLocaleString('en-US');
console.log(
  [
    'org-scale: collectOrganization and the evaluation of the organization as one system, against a fake AWS',
    `  fake AWS     ${LATENCY_MS} ms per request; a token bucket per operation, account and Region; ${REGIONS.length} Regions per account`,
    '  accounts  concurrency  wall ms  bound ms  ratio  busy ms  eval ms  calls: management  member  made twice  throttled  refused  CloudWatch.1 PASS',
    ...runs.map(
      (r) =>
        `  ${String(r.accounts).padStart(8)}  ${String(r.concurrency).padStart(11)}  ${number(r.wallMs).padStart(7)}  ${number(r.boundMs).padStart(8)}  ${(r.wallMs / r.boundMs).toFixed(2).padStart(5)}  ${number(r.busyMs).padStart(7)}  ${number(r.evaluationMs).padStart(7)}  ${String(r.managementCalls).padStart(17)}  ${String(r.memberCalls).padStart(6)}  ${String(r.duplicates).padStart(10)}  ${String(r.throttled).padStart(9)}  ${String(r.errors).padStart(7)}  ${r.passing}/${r.scanned}`,
    ),
    "  bound        ListAccounts pages, then ceil(accounts / concurrency) rounds of a member's chain of dependent calls; busy: JavaScript time of the collection",
    "  refused      reads a member may not make of another account's resources (the trail bucket, the KMS key), judged from their owner's snapshot instead",
    `  growth       20 → 200 accounts: ×${(runs[1].wallMs / runs[0].wallMs).toFixed(1)} at concurrency 4, ×${(runs[3].wallMs / runs[2].wallMs).toFixed(1)} at 16`,
  ].join('\n'),
);

console.log(
  `  linked       CloudTrail.9 / CloudTrail.10 PASS: ${runs.map((r) => `${r.lakeAndTags.join(' / ')} of ${r.scanned}`).join('; ')} (a member's organization trail tags and organization event data store, read once by the management account)`,
);
if (runs.some((r) => r.duplicates > 0 || r.passing !== r.scanned || r.lakeAndTags.some((n) => n !== r.scanned))) {
  console.error("org-scale: no call may be made twice, and every account must pass CloudWatch.1 through the owner's chain");
  process.exitCode = 1;
}
