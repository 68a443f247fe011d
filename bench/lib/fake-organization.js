/**
 * The fake AWS of bench/org-scale.js: an organization whose every request is answered after
 * LATENCY_MS and throttled with a token bucket per operation, account and Region, as AWS's limits
 * are. bench/lib/fake-server.js serves it over HTTP on loopback, in a process of its own, so that
 * its CPU is not the collector's and the collector may run in worker threads.
 *
 * The organization: the management account owns an organization trail delivering to its log group
 * with the 15 CIS metric filters and alarms, which notify a topic of the security account; the
 * trail bucket lives in the log-archive account. Every account has, in each of its 4 Regions, a few
 * EventBridge rules, one of which sends CloudTrail events to a topic of its own.
 */
import { eventMonitoringControls } from '../../dist/checks/monitoring/index.js';
import { json, paged, readRequest, throttling, TokenBuckets, xml } from './fake-wire.js';

export const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
export const MANAGEMENT = '100000000000';
export const SECURITY = '100000000001';
export const LOG_ARCHIVE = '100000000002';
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

/** When the trail last delivered: fixed per server, so that two runs against it report the same. */
const DELIVERED_AT = Math.floor(Date.now() / 1000) - 60;

const arn = (service, region, account, resource) => `arn:aws:${service}:${region}:${account}:${resource}`;
const TRAIL_ARN = arn('cloudtrail', 'us-east-1', MANAGEMENT, 'trail/org');
const LOG_GROUP = 'aws-cloudtrail-logs-org';
const KEY_ARN = arn('kms', 'us-east-1', MANAGEMENT, 'key/1111-2222');
const LAKE_ARN = arn('cloudtrail', 'us-east-1', MANAGEMENT, 'eventdatastore/org-lake');
const SECURITY_TOPIC = arn('sns', 'us-east-1', SECURITY, 'org-alerts');
const BUCKET = 'org-trail-logs';

/** The account whose (fake) access key signed the request: keys are `AK` + the account id. */
const accountOf = (authorization) => /Credential=AK(\d{12})\//.exec(authorization ?? '')?.[1] ?? MANAGEMENT;

export class FakeOrganization {
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
      return throttling(service);
    }
    return this.#answer(operation, region, account, params);
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
        return json({ IsLogging: true, LatestDeliveryTime: DELIVERED_AT, LatestCloudWatchLogsDeliveryTime: DELIVERED_AT });
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
