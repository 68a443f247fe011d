/**
 * How many calls, and how long, collecting a large account takes: 17 Regions, 5,000 log groups,
 * 2,000 alarms, 500 EventBridge rules and 1,000 SNS topics, most of them in a few busy Regions,
 * served by a fake AWS that answers every request after 50 ms and throttles each operation in each
 * Region with a token bucket, as AWS does. The real SDK clients run, retries and all.
 *
 * It prints the calls made against the fewest the checks need (computed from the account below) and
 * the wall time against its lower bound: the longest chain of calls that wait for one another, or
 * the time the busiest rate limit needs, whichever is longer. Goals: at most 1.2× and 1.5×. Then it
 * collects the same account with 50,000 more log groups (each with a metric filter) and 300 more
 * alarms per Region, which no trail delivers to: it fails unless the calls stay the same but for the
 * DescribeAlarms pages. The trails' tags (CloudTrail.9) cost one ListTags per 20 trails of a home
 * Region, and CloudTrail Lake (CloudTrail.10) one ListEventDataStores page per Region and one
 * GetEventDataStore per store, whatever else the account holds.
 *
 *     npm run bench                      (builds, then runs every bench/*.js)
 *     node bench/collect-scale.js        (after npm run build)
 */
import { performance } from 'node:perf_hooks';
import { collectSnapshot } from '../dist/collect/index.js';
import { patternQuestions } from '../dist/checks/monitoring/chain/verification.js';
import { controlsFor } from '../dist/checks/registry.js';
import { DEFAULT_CONFIG } from '../dist/config/types.js';
import { json, paged, readRequest, respond, throttling, TokenBuckets, xml } from './lib/fake-wire.js';

/** The answer time of every request; `BENCH_LATENCY_MS=150 node bench/collect-scale.js` tries another. */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const ACCOUNT = '123456789012';
const REGIONS = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'us-east-2',
  'us-west-1',
  'ca-central-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
];
/** Where resources are: 30% in us-east-1, 15% in each of the next two Regions, the rest spread evenly. */
const WEIGHTS = REGIONS.map((_, index) => (index === 0 ? 0.3 : index < 3 ? 0.15 : 0.4 / (REGIONS.length - 3)));
const TOTALS = { logGroups: 5_000, alarms: 2_000, rules: 500, topics: 1_000 };
const FILTERS_PER_TRAIL_GROUP = 15;

/** Requests per second per operation and Region (AWS's published or observed defaults); the bucket holds one second's worth. */
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
  // Not published: assumed, for the --verify-patterns-with-aws pass.
  TestMetricFilter: 5,
  TestEventPattern: 50,
};
const DEFAULT_RATE = 100;

// The account ---------------------------------------------------------------------------------------

/** `total` split over the Regions by WEIGHTS, whole numbers that add up. */
function spread(total) {
  const counts = WEIGHTS.map((weight) => Math.floor(total * weight));
  counts[0] += total - counts.reduce((sum, n) => sum + n, 0);
  return new Map(REGIONS.map((region, index) => [region, counts[index]]));
}

const arn = (service, region, resource) => `arn:aws:${service}:${region}:${ACCOUNT}:${resource}`;
const CIS = [
  'RootUsage',
  'UnauthorizedCalls',
  'NoMfaSignIn',
  'IamPolicyChanges',
  'CloudTrailChanges',
  'SignInFailures',
  'KmsKeyDeletion',
  'S3PolicyChanges',
  'ConfigChanges',
  'SecurityGroupChanges',
  'NaclChanges',
  'GatewayChanges',
  'RouteTableChanges',
  'VpcChanges',
  'OrganizationsChanges',
];

/** `unrelated`: buckets of the account that no trail writes to (application data). */
function buildAccount(unrelated = 0) {
  // Two multi-Region trails in us-east-1 and two single-Region trails in every Region (AWS allows five per Region), each with its log group.
  const trails = [
    ...['org-audit', 'security'].map((name) => ({ name, home: 'us-east-1', multiRegion: true, bucket: 'audit-logs-central' })),
    ...REGIONS.flatMap((region) => [1, 2].map((n) => ({ name: `regional-${region}-${n}`, home: region, multiRegion: false, bucket: 'audit-logs-regional' }))),
  ].map((trail) => ({ ...trail, arn: arn('cloudtrail', trail.home, `trail/${trail.name}`), logGroup: `cloudtrail/${trail.name}` }));

  const regions = new Map(REGIONS.map((region) => [region, { logGroups: new Map(), alarms: [], rules: [], topics: [] }]));
  const logGroupsIn = spread(TOTALS.logGroups);
  const alarmsIn = spread(TOTALS.alarms);
  const rulesIn = spread(TOTALS.rules);
  const topicsIn = spread(TOTALS.topics);
  for (const [region, data] of regions) {
    const trailGroups = trails.filter((trail) => trail.home === region).map((trail) => trail.logGroup);
    for (let i = 0; i < topicsIn.get(region); i++) {
      const name = i === 0 ? 'security-alerts' : `ops-${i}`;
      // Every fourth topic of us-east-1 (the relied-on security-alerts among them) is encrypted with the account's customer managed key there.
      data.topics.push({ arn: arn('sns', region, name), subscriptions: 1 + (i % 3), encrypted: region === 'us-east-1' && i % 4 === 0 });
    }
    const security = data.topics[0].arn;
    const opsTopic = (i) => data.topics[1 + (i % (data.topics.length - 1))].arn;
    // The trail log groups, with the CIS filters and an alarm on each metric; groups whose names extend them, and the rest.
    for (const group of trailGroups) {
      const filters = CIS.map((name) => ({
        filterName: name,
        filterPattern: `{ $.name = "${name}" }`,
        metricTransformations: [{ metricName: `${group}/${name}`, metricNamespace: 'CISBenchmark', metricValue: '1' }],
      }));
      data.logGroups.set(group, filters);
      for (const name of CIS)
        data.alarms.push({
          name: `${group}/${name}`,
          metric: `${group}/${name}`,
          namespace: 'CISBenchmark',
          actions: [security],
          ok: [opsTopic(data.alarms.length)],
        });
    }
    for (let i = 0; data.logGroups.size < logGroupsIn.get(region); i++) {
      const name = i < 10 * trailGroups.length ? `${trailGroups[i % trailGroups.length]}-archive-${i}` : `/aws/lambda/${region}-function-${i}`;
      data.logGroups.set(name, [
        { filterName: 'errors', filterPattern: 'ERROR', metricTransformations: [{ metricName: `${name}/errors`, metricNamespace: 'App', metricValue: '1' }] },
      ]);
    }
    for (let i = 0; data.alarms.length < alarmsIn.get(region); i++) {
      data.alarms.push({ name: `cpu-${i}`, metric: 'CPUUtilization', namespace: 'AWS/EC2', actions: [opsTopic(i)], ok: [] });
    }
    // Four in ten rules watch CloudTrail events, three other events, three run on a schedule.
    for (let i = 0; i < rulesIn.get(region); i++) {
      const kind = i % 10 < 4 ? 'cloudtrail' : i % 10 < 7 ? 'events' : 'schedule';
      const pattern = {
        cloudtrail: { source: ['aws.iam'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: [`Change${i}`] } },
        events: { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'] },
      }[kind];
      const targets = kind === 'cloudtrail' ? [security, arn('lambda', region, `function:responder-${i}`)] : [opsTopic(i)];
      data.rules.push({ name: `${kind}-${i}`, pattern, schedule: kind === 'schedule' ? 'rate(1 hour)' : undefined, targets });
    }
  }
  const unrelatedBuckets = Array.from({ length: unrelated }, (_, index) => `app-data-${index}`);
  const key = arn('kms', 'us-east-1', 'key/1111-2222');
  // CloudTrail Lake: two event data stores in us-east-1 (one on the customer managed key), one in eu-west-1.
  const eventDataStores = [
    { name: 'audit-lake', home: 'us-east-1', kmsKeyId: key },
    { name: 'ops-lake', home: 'us-east-1' },
    { name: 'eu-lake', home: 'eu-west-1' },
  ].map((store) => ({ ...store, arn: arn('cloudtrail', store.home, `eventdatastore/${store.name}`) }));
  return { trails, regions, buckets: ['audit-logs-central', 'audit-logs-regional'], unrelatedBuckets, key, eventDataStores };
}

/** What trails deliver to nothing of: the same account with more log groups (each with a metric filter) and more alarms. */
const UNRELATED = { logGroups: 50_000, alarmsPerRegion: 300 };

/**
 * `account` with `logGroups` more log groups, spread like the others, one in ten named after a trail's log group (`cloudtrail/org-audit/…`,
 * which its name prefixes), each with a metric filter; and `alarmsPerRegion` more alarms in every Region, on the metrics of those filters.
 */
function withUnrelated(account, { logGroups = 0, alarmsPerRegion = 0 }) {
  const extraGroups = spread(logGroups);
  const regions = new Map(
    [...account.regions].map(([region, data]) => {
      const groups = new Map(data.logGroups);
      const trailGroups = account.trails.filter((trail) => trail.home === region).map((trail) => trail.logGroup);
      for (let i = 0; i < extraGroups.get(region); i++) {
        const name = i % 10 === 0 && trailGroups.length > 0 ? `${trailGroups[i % trailGroups.length]}/unrelated-${i}` : `/aws/lambda/${region}-unrelated-${i}`;
        groups.set(name, [
          { filterName: 'errors', filterPattern: 'ERROR', metricTransformations: [{ metricName: `${name}/errors`, metricNamespace: 'App', metricValue: '1' }] },
        ]);
      }
      const alarms = [...data.alarms];
      for (let i = 0; i < alarmsPerRegion; i++) {
        alarms.push({ name: `unrelated-${i}`, metric: `/aws/lambda/${region}-unrelated-${i}/errors`, namespace: 'App', actions: [data.topics[1].arn], ok: [] });
      }
      return [region, { ...data, logGroups: groups, alarms }];
    }),
  );
  return { ...account, regions };
}

// What the checks need, by the collector's contract ------------------------------------------------

const pages = (items, perPage) => Math.max(1, Math.ceil(items / perPage));

/** The fewest calls that read what the checks need, and the longest chain of calls that wait for one another. */
function needs(account) {
  const calls = {};
  const add = (operation, n) => (calls[operation] = (calls[operation] ?? 0) + n);
  add('sts:GetCallerIdentity', 1);
  add('ec2:DescribeRegions', 1);
  add('s3control:GetPublicAccessBlock', 1);
  add('cloudtrail:DescribeTrails', REGIONS.length);
  for (const operation of ['GetTrailStatus', 'GetEventSelectors', 'GetInsightSelectors']) add(`cloudtrail:${operation}`, account.trails.length);
  // Tags: ListTags takes 20 trail ARNs, in the trails' home Region.
  for (const region of REGIONS) {
    const homed = account.trails.filter((trail) => trail.home === region).length;
    if (homed > 0) add('cloudtrail:ListTags', Math.ceil(homed / 20));
  }
  // Event data stores: one listing per Region (100 a page), then each store's details.
  for (const region of REGIONS) add('cloudtrail:ListEventDataStores', pages(account.eventDataStores.filter((store) => store.home === region).length, 100));
  add('cloudtrail:GetEventDataStore', account.eventDataStores.length);
  for (const operation of [
    'GetBucketLocation',
    'GetBucketPolicy',
    'GetPublicAccessBlock',
    'GetBucketAcl',
    'GetBucketLogging',
    'GetBucketLifecycleConfiguration',
    'GetBucketVersioning',
    'GetObjectLockConfiguration',
  ]) {
    add(`s3:${operation}`, account.buckets.length);
  }
  add('kms:DescribeKey', 1);
  const topics = new Set();
  let chain = 0;
  for (const [region, data] of account.regions) {
    const trailGroups = account.trails.filter((trail) => trail.home === region).map((trail) => trail.logGroup);
    // Only rules that can match a CloudTrail event need their targets.
    const relevant = data.rules.filter((rule) => rule.pattern && rule.pattern['detail-type'][0].endsWith('via CloudTrail'));
    add('events:ListRules', pages(data.rules.length, 100));
    add('events:ListTargetsByRule', relevant.length);
    for (const rule of relevant) for (const target of rule.targets) if (target.includes(':sns:')) topics.add(target);
    const filterPages = Math.max(0, ...trailGroups.map((group) => pages(data.logGroups.get(group).length, 50)));
    const alarmPages = trailGroups.length > 0 ? pages(data.alarms.length, 100) : 0;
    if (trailGroups.length > 0) {
      // One lookup per log group, by its name as a prefix (logGroupIdentifiers would take 50 names a call, but moto ignores them).
      add('logs:DescribeLogGroups', trailGroups.length);
      for (const group of trailGroups) add('logs:DescribeMetricFilters', pages(data.logGroups.get(group).length, 50));
      add('cloudwatch:DescribeAlarms', alarmPages);
      const metrics = new Set(trailGroups.flatMap((group) => data.logGroups.get(group).map((filter) => filter.metricTransformations[0].metricName)));
      for (const alarm of data.alarms) if (metrics.has(alarm.metric)) for (const action of alarm.actions) topics.add(action);
    }
    // Identity, Regions, DescribeTrails, then the log group and its filters or the alarm pages, then a topic; or the rule pages, a rule's targets, a topic.
    // A topic is three dependent calls (its attributes, then its key, then the key's policy); the delivery metrics wait for all topics.
    const monitoring = 3 + Math.max(trailGroups.length > 0 ? 1 + filterPages : 0, alarmPages) + 3 + 1;
    const rules = 2 + pages(data.rules.length, 100) + (relevant.length > 0 ? 5 : 0);
    chain = Math.max(chain, monitoring, rules, 3 + 2 /* a bucket's location, then its settings */);
  }
  const subscriptionPages = [...topics].map((topicArn) => pages(topicOf(account, topicArn).subscriptions, 100));
  add(
    'sns:ListSubscriptionsByTopic',
    subscriptionPages.reduce((sum, n) => sum + n, 0),
  );
  // Who may publish: the attributes of each relied-on topic, and the policy of the one key the encrypted ones share (described once, with the trails' key).
  add('sns:GetTopicAttributes', topics.size);
  // Observed delivery: one GetMetricData per Region with a relied-on rule or topic (at most 500 queries a call).
  for (const [region, data] of account.regions) {
    const rules = data.rules.filter(
      (rule) => rule.pattern && rule.pattern['detail-type'][0].endsWith('via CloudTrail') && rule.targets.some((target) => target.includes(':sns:')),
    ).length;
    const regionTopics = [...topics].filter((topicArn) => topicArn.split(':')[3] === region).length;
    if (rules + regionTopics > 0) add('cloudwatch:GetMetricData', Math.ceil((rules + regionTopics) / 500));
  }
  if ([...topics].some((topicArn) => topicOf(account, topicArn).encrypted)) add('kms:GetKeyPolicy', 1);
  // DescribeAlarmsForMetric instead of DescribeAlarms: one call per metric of the trail log groups' filters.
  const perMetric = account.trails.length * FILTERS_PER_TRAIL_GROUP;
  return { calls, chain, perMetric };
}

function topicOf(account, topicArn) {
  return account.regions.get(topicArn.split(':')[3]).topics.find((topic) => topic.arn === topicArn);
}

/** Per operation and Region, the seconds the bucket makes the calls take beyond its burst. */
function rateBound(requestsByBucket) {
  let slowest = { seconds: 0, bucket: 'none' };
  for (const [bucket, count] of requestsByBucket) {
    const rate = RATES[bucket.split('@')[0]] ?? DEFAULT_RATE;
    const seconds = Math.max(0, count - rate) / rate;
    if (seconds > slowest.seconds) slowest = { seconds, bucket };
  }
  return slowest;
}

// The fake AWS ---------------------------------------------------------------------------------------

class FakeAws {
  /** Logical calls (one per SDK invocation, however many attempts) by operation, Region and input. */
  invocations = new Map();
  /** Calls of each operation in each Region that the checks need: what the rate limits apply to. */
  callsByBucket = new Map();
  throttled = 0;
  #rates = new TokenBuckets();

  constructor(account) {
    this.account = account;
  }

  async handle(request) {
    const { region, service, params, operation } = readRequest(request);
    const key = `${operation}@${region}`;
    const invocation = request.headers['amz-sdk-invocation-id'];
    if (!this.invocations.has(invocation)) {
      this.invocations.set(invocation, `${key} ${JSON.stringify({ ...params, ...request.query, path: request.path, host: request.hostname })}`);
      this.callsByBucket.set(key, (this.callsByBucket.get(key) ?? 0) + 1);
    }
    const allowed = this.#rates.take(key, RATES[operation] ?? DEFAULT_RATE);
    await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
    if (!allowed) {
      this.throttled++;
      return respond(throttling(service));
    }
    return respond(this.#answer(operation, region, params, request));
  }

  #answer(operation, region, params, request) {
    const { account } = this;
    const data = account.regions.get(region);
    switch (operation) {
      case 'GetCallerIdentity':
        return xml(
          `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:role/Auditor</Arn><Account>${ACCOUNT}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
        );
      case 'DescribeRegions':
        return xml(
          `<DescribeRegionsResponse><regionInfo>${REGIONS.map((name) => `<item><regionName>${name}</regionName><optInStatus>opt-in-not-required</optInStatus></item>`).join('')}</regionInfo></DescribeRegionsResponse>`,
        );
      case 'DescribeTrails':
        return json({
          trailList: account.trails
            .filter((trail) => trail.home === region || trail.multiRegion)
            .map((trail) => ({
              Name: trail.name,
              TrailARN: trail.arn,
              HomeRegion: trail.home,
              IsMultiRegionTrail: trail.multiRegion,
              S3BucketName: trail.bucket,
              KmsKeyId: account.key,
              CloudWatchLogsLogGroupArn: arn('logs', trail.home, `log-group:${trail.logGroup}:*`),
              LogFileValidationEnabled: true,
            })),
        });
      case 'GetTrailStatus':
        return json({ IsLogging: true, LatestDeliveryTime: Date.now() / 1000 });
      case 'GetEventSelectors':
        return json({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
      case 'GetInsightSelectors':
        return json({ __type: 'InsightNotEnabledException', message: 'no insights' }, 400);
      case 'ListTags':
        if (params.ResourceIdList.length > 20) return json({ __type: 'InvalidParameterException', message: 'at most 20 resources' }, 400);
        return json({ ResourceTagList: params.ResourceIdList.map((id) => ({ ResourceId: id, TagsList: [{ Key: 'owner', Value: 'security' }] })) });
      case 'ListEventDataStores':
        return paged(
          account.eventDataStores.filter((store) => store.home === region).map((store) => ({ EventDataStoreArn: store.arn, Name: store.name })),
          'EventDataStores',
          params.NextToken,
          params.MaxResults ?? 100,
        );
      case 'GetEventDataStore': {
        const store = account.eventDataStores.find((candidate) => candidate.arn === params.EventDataStore);
        return json({
          EventDataStoreArn: store.arn,
          Name: store.name,
          Status: 'ENABLED',
          MultiRegionEnabled: true,
          ...(store.kmsKeyId && { KmsKeyId: store.kmsKeyId }),
        });
      }
      case 'ListRules':
        return paged(
          data.rules.map((rule) => ({
            Name: rule.name,
            Arn: arn('events', region, `rule/${rule.name}`),
            State: 'ENABLED',
            EventBusName: 'default',
            ...(rule.pattern && { EventPattern: JSON.stringify(rule.pattern) }),
            ...(rule.schedule && { ScheduleExpression: rule.schedule }),
          })),
          'Rules',
          params.NextToken,
          params.Limit ?? 100,
        );
      case 'ListTargetsByRule':
        return json({ Targets: data.rules.find((rule) => rule.name === params.Rule).targets.map((target, index) => ({ Id: `t${index}`, Arn: target })) });
      case 'DescribeLogGroups': {
        // As AWS documents it: the groups named in logGroupIdentifiers, or whose names start with logGroupNamePrefix, ASCII-sorted by name, at most 50 a page.
        const identifiers = params.logGroupIdentifiers;
        const selected = identifiers ? (name) => identifiers.includes(name) : (name) => name.startsWith(params.logGroupNamePrefix ?? '');
        const groups = [...data.logGroups.keys()]
          .filter(selected)
          .sort()
          .map((name) => ({ logGroupName: name, arn: arn('logs', region, `log-group:${name}:*`), retentionInDays: 365 }));
        return paged(groups, 'logGroups', params.nextToken, Math.min(params.limit ?? 50, 50), 'nextToken');
      }
      case 'DescribeMetricFilters':
        return paged(data.logGroups.get(params.logGroupName), 'metricFilters', params.nextToken, params.limit ?? 50, 'nextToken');
      case 'DescribeAlarms':
        return paged(
          data.alarms.map((alarm) => ({
            AlarmName: alarm.name,
            AlarmArn: arn('cloudwatch', region, `alarm:${alarm.name}`),
            MetricName: alarm.metric,
            Namespace: alarm.namespace,
            Statistic: 'Sum',
            Period: 300,
            EvaluationPeriods: 1,
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            ActionsEnabled: true,
            AlarmActions: alarm.actions,
            OKActions: alarm.ok,
          })),
          'MetricAlarms',
          params.NextToken,
          Math.min(params.MaxRecords ?? 50, 100),
        );
      case 'ListSubscriptionsByTopic': {
        const topic = topicOf(account, params.TopicArn);
        const members = Array.from(
          { length: topic.subscriptions },
          (_, i) =>
            `<member><TopicArn>${topic.arn}</TopicArn><Protocol>email</Protocol><SubscriptionArn>${topic.arn}:${i}</SubscriptionArn><Endpoint>team${i}@example.com</Endpoint></member>`,
        );
        return xml(
          `<ListSubscriptionsByTopicResponse><ListSubscriptionsByTopicResult><Subscriptions>${members.join('')}</Subscriptions></ListSubscriptionsByTopicResult></ListSubscriptionsByTopicResponse>`,
        );
      }
      case 'GetTopicAttributes': {
        const topic = topicOf(account, params.TopicArn);
        const policy = JSON.stringify({
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: 'SNS:Publish',
              Resource: topic.arn,
              Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } },
            },
          ],
        });
        const entries = [['TopicArn', topic.arn], ['Policy', policy], ...(topic.encrypted ? [['KmsMasterKeyId', account.key]] : [])];
        const escape = (text) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');
        return xml(
          `<GetTopicAttributesResponse><GetTopicAttributesResult><Attributes>${entries.map(([k, v]) => `<entry><key>${k}</key><value>${escape(v)}</value></entry>`).join('')}</Attributes></GetTopicAttributesResult></GetTopicAttributesResponse>`,
        );
      }
      case 'GetMetricData':
        return json({ MetricDataResults: params.MetricDataQueries.map(({ Id }) => ({ Id, StatusCode: 'Complete', Timestamps: [], Values: [] })) });
      case 'GetKeyPolicy':
        return json({
          PolicyName: 'default',
          Policy: JSON.stringify({
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' },
            ],
          }),
        });
      case 'DescribeKey':
        return json({ KeyMetadata: { KeyId: '1111-2222', Arn: account.key, KeyState: 'Enabled', KeyManager: 'CUSTOMER', Enabled: true } });
      case 'S3Control':
      case 'GetPublicAccessBlock':
        return xml(
          '<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>',
        );
      case 'GetBucketLocation':
        return xml('<LocationConstraint></LocationConstraint>');
      case 'GetBucketPolicy':
        return { status: 200, body: '{"Version":"2012-10-17","Statement":[]}', contentType: 'application/json' };
      case 'GetBucketAcl':
        return xml('<AccessControlPolicy><Owner><ID>owner</ID></Owner><AccessControlList></AccessControlList></AccessControlPolicy>');
      case 'GetBucketLogging':
        return xml('<BucketLoggingStatus></BucketLoggingStatus>');
      case 'GetBucketLifecycleConfiguration':
        return xml(
          '<LifecycleConfiguration><Rule><ID>expire</ID><Status>Enabled</Status><Filter><Prefix></Prefix></Filter><Expiration><Days>365</Days></Expiration></Rule></LifecycleConfiguration>',
        );
      case 'GetBucketVersioning':
        return xml('<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>');
      case 'GetObjectLockConfiguration':
        return xml(
          '<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>COMPLIANCE</Mode><Days>365</Days></DefaultRetention></Rule></ObjectLockConfiguration>',
        );
      // The account's other buckets, were they asked for: the collector reads only the trail buckets, by name.
      case 'ListBuckets':
        return xml(
          `<ListAllMyBucketsResult><Buckets>${account.unrelatedBuckets.map((name) => `<Bucket><Name>${name}</Name></Bucket>`).join('')}</Buckets></ListAllMyBucketsResult>`,
        );
      // --verify-patterns-with-aws: AWS's evaluators (their verdicts do not matter here, only the calls).
      case 'TestMetricFilter':
        return json({ matches: [] });
      case 'TestEventPattern':
        return json({ Result: false });
      default:
        return json({ __type: 'NotImplemented', message: `no answer for ${operation} (${request.path})` }, 501);
    }
  }
}

// The run ----------------------------------------------------------------------------------------------

process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'AKIAEXAMPLE';
process.env.AWS_SECRET_ACCESS_KEY = 'secret';
delete process.env.AWS_PROFILE;
delete process.env.AWS_ENDPOINT_URL;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const account = buildAccount();
const fake = new FakeAws(account);
let retries = 0;
const start = performance.now();
const loopAtStart = performance.eventLoopUtilization();
const snapshot = await collectSnapshot({
  toolVersion: 'bench',
  requestHandler: fake,
  onProgress: (event) => {
    if (event.type === 'done') retries = event.retries;
  },
});
const wallMs = performance.now() - start;
/** The time the one JavaScript thread was busy, which no scheduling of the calls can shorten. */
const busyMs = performance.eventLoopUtilization(loopAtStart).active;

const minimum = needs(account);
const made = Object.values(snapshot.callCounts).reduce((sum, n) => sum + n, 0);
const fewest = Object.values(minimum.calls).reduce((sum, n) => sum + n, 0);
const chainMs = minimum.chain * LATENCY_MS;
const rate = rateBound([...fake.callsByBucket]);
const boundMs = Math.max(chainMs, rate.seconds * 1000 + LATENCY_MS);
const duplicates = [...fake.invocations.values()].length - new Set(fake.invocations.values()).size;
const extra = Object.entries(snapshot.callCounts).filter(([operation, n]) => n !== (minimum.calls[operation] ?? 0));

const number = (value) => value.toLocaleString('en-US');
const sum = (count) => [...account.regions.values()].reduce((total, data) => total + count(data), 0);
console.log(
  [
    'collect-scale: collectSnapshot on a large account, through the SDK, against a fake AWS',
    `  account      ${REGIONS.length} Regions, ${account.trails.length} trails, ${number(sum((d) => d.logGroups.size))} log groups, ${number(sum((d) => d.alarms.length))} alarms, ${number(sum((d) => d.rules.length))} rules, ${number(sum((d) => d.topics.length))} topics`,
    `  fake AWS     ${LATENCY_MS} ms per request; per operation and Region a token bucket (DescribeMetricFilters 5/s … ListTargetsByRule 50/s)`,
    `  calls        ${number(made)} made · ${number(fewest)} needed by the checks → ${(made / fewest).toFixed(2)}× (goal ≤ 1.2×)`,
    `  wall time    ${number(Math.round(wallMs))} ms · lower bound ${number(Math.round(boundMs))} ms → ${(wallMs / boundMs).toFixed(2)}× (goal ≤ 1.5×)`,
    `  lower bound  chain of ${minimum.chain} dependent calls = ${number(chainMs)} ms; busiest rate limit ${rate.bucket} = ${number(Math.round(rate.seconds * 1000 + LATENCY_MS))} ms`,
    `  busy         ${number(Math.round(busyMs))} ms of JavaScript (the SDK's serialising, signing and parsing ≈ ${(busyMs / made).toFixed(1)} ms a call, and the fake AWS) → wall is ${(wallMs / Math.max(boundMs, busyMs)).toFixed(2)}× the busier of the two`,
    `  throttling   ${number(fake.throttled)} throttled responses, ${number(retries)} retries, ${snapshot.errors.length} errors`,
    `  duplicates   ${duplicates} calls made twice`,
    `  alarms       DescribeAlarms: ${minimum.calls['cloudwatch:DescribeAlarms']} calls; DescribeAlarmsForMetric would need ${number(minimum.perMetric)} (one per metric of the trails' filters)`,
    `  CloudTrail.9 ListTags: ${snapshot.callCounts['cloudtrail:ListTags'] ?? 0} calls for ${account.trails.length} trails (20 ARNs a call, in each trail's home Region: ${new Set(account.trails.map((trail) => trail.home)).size} Regions)`,
    `  CloudTrail.10 ListEventDataStores: ${snapshot.callCounts['cloudtrail:ListEventDataStores'] ?? 0} calls (one per Region); GetEventDataStore: ${snapshot.callCounts['cloudtrail:GetEventDataStore'] ?? 0} (one per store, of ${account.eventDataStores.length})`,
    `  last hop     GetTopicAttributes: ${snapshot.callCounts['sns:GetTopicAttributes'] ?? 0} calls (one per relied-on topic, of ${number(sum((d) => d.topics.length))} topics); GetKeyPolicy: ${snapshot.callCounts['kms:GetKeyPolicy'] ?? 0} (one per customer managed key of those topics); GetMetricData: ${snapshot.callCounts['cloudwatch:GetMetricData'] ?? 0} (one per Region with a relied-on rule or topic)`,
    ...(extra.length > 0
      ? ['  calls beyond the minimum:', ...extra.map(([operation, n]) => `    ${operation}: ${n} made, ${minimum.calls[operation] ?? 0} needed`)]
      : []),
  ].join('\n'),
);

// The same account with 1,000 more buckets that no trail writes to: the collector reads the trail
// buckets by name (each once, all its reads in the bucket's Region), never the account's bucket list.
const UNRELATED_BUCKETS = 1_000;
const crowded = await collectSnapshot({ toolVersion: 'bench', requestHandler: new FakeAws(buildAccount(UNRELATED_BUCKETS)) });
const crowdedCalls = Object.values(crowded.callCounts).reduce((total, n) => total + n, 0);
const s3Calls = (counts) =>
  Object.entries(counts)
    .filter(([operation]) => operation.startsWith('s3:'))
    .reduce((total, [, n]) => total + n, 0);
console.log(
  `  buckets      ${account.buckets.length} trail buckets → ${s3Calls(snapshot.callCounts)} S3 calls (${s3Calls(snapshot.callCounts) / account.buckets.length} per bucket, GetObjectLockConfiguration included); with ${number(UNRELATED_BUCKETS)} unrelated buckets: ${number(crowdedCalls)} calls in all (${crowdedCalls === made ? 'unchanged' : `${crowdedCalls - made} more`})`,
);
if (crowdedCalls !== made) process.exitCode = 1;

if (snapshot.errors.length > 0 || duplicates > 0) {
  console.error('collect-scale: the collection must be complete and make no call twice', snapshot.errors.slice(0, 5));
  process.exitCode = 1;
}

// The same account with resources no trail delivers to: only the reads that list every one of a kind may grow.
const calls = (counts) => Object.values(counts).reduce((total, n) => total + n, 0);
const grown = (counts) =>
  [...new Set([...Object.keys(snapshot.callCounts), ...Object.keys(counts)])]
    .filter((operation) => (counts[operation] ?? 0) !== (snapshot.callCounts[operation] ?? 0))
    .map((operation) => `${operation} ${snapshot.callCounts[operation] ?? 0} → ${counts[operation] ?? 0}`);
const withGroups = await collectSnapshot({ toolVersion: 'bench', requestHandler: new FakeAws(withUnrelated(account, { logGroups: UNRELATED.logGroups })) });
const withAlarms = await collectSnapshot({ toolVersion: 'bench', requestHandler: new FakeAws(withUnrelated(account, UNRELATED)) });
const alarmsGrown = grown(withAlarms.callCounts);
console.log(
  [
    `  unrelated    +${number(UNRELATED.logGroups)} log groups with a metric filter each (one in ten named after a trail's log group): ${number(calls(withGroups.callCounts))} calls (${number(made)} without them)${grown(withGroups.callCounts).length > 0 ? `; grew: ${grown(withGroups.callCounts).join(', ')}` : ', every operation the same'}`,
    `               and +${UNRELATED.alarmsPerRegion} alarms per Region: ${number(calls(withAlarms.callCounts))} calls; grew: ${alarmsGrown.join(', ') || 'nothing'} (DescribeAlarms lists every metric alarm of a Region with a trail log group: alarms.ts says why)`,
  ].join('\n'),
);
if (grown(withGroups.callCounts).length > 0 || alarmsGrown.some((change) => !change.startsWith('cloudwatch:DescribeAlarms ')) || withAlarms.errors.length > 0) {
  console.error('collect-scale: log groups, metric filters and alarms no trail delivers to must cost no calls but DescribeAlarms pages');
  process.exitCode = 1;
}

// The same account with --verify-patterns-with-aws: what asking AWS's evaluators adds.
const verifying = new FakeAws(account);
const verifyStart = performance.now();
const verified = await collectSnapshot({
  toolVersion: 'bench',
  requestHandler: verifying,
  verifyPatterns: patternQuestions(controlsFor(DEFAULT_CONFIG), { config: DEFAULT_CONFIG }),
});
const verifyMs = performance.now() - verifyStart;
const asked = verified.patternVerification ?? [];
const kinds = (kind) => asked.filter((entry) => entry.kind === kind).length;
console.log(
  [
    `  verify       --verify-patterns-with-aws: ${kinds('metric-filter')} filter patterns → ${number(verified.callCounts['logs:TestMetricFilter'] ?? 0)} TestMetricFilter calls; ${kinds('event-pattern')} rule patterns (per Region) → ${number(verified.callCounts['events:TestEventPattern'] ?? 0)} TestEventPattern calls`,
    `               wall ${number(Math.round(verifyMs))} ms (+${number(Math.round(verifyMs - wallMs))} ms; assumed rates TestMetricFilter 5/s, TestEventPattern 50/s per Region); ${verifying.throttled} throttled, ${verified.errors.length} errors`,
  ].join('\n'),
);
if (verified.errors.length > 0) {
  console.error('collect-scale: the verifying collection must be complete', verified.errors.slice(0, 5));
  process.exitCode = 1;
}
