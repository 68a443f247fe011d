import {
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailStatusCommand,
  GetEventDataStoreCommand,
  ListEventDataStoresCommand,
  ListTagsCommand,
} from '@aws-sdk/client-cloudtrail';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeLogGroupsCommand, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetPolicyCommand, GetPolicyVersionCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import {
  GetBucketAclCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectSnapshot, CredentialsError, RegionError, type CollectOptions, type ProgressEvent } from '../../src/collect/index.js';
import { ACCOUNT, aws, awsError, emptyAccount, paged, recordedCalls, trail, trailArn } from './fake-aws.js';

const collect = (options: Partial<CollectOptions> = {}) => collectSnapshot({ toolVersion: '0.0.0-test', ...options });

const THREE_REGIONS = ['us-east-1', 'eu-west-1', 'ap-northeast-1'];
const LOG_GROUP_ARN = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:audit-trail`;
const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:security-alerts`;
const GONE_TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:deleted`;
const TOPIC_POLICY = JSON.stringify({
  Statement: [{ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: TOPIC }],
});
const TOPIC_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k1`;
const OK_TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:all-clear`;

beforeEach(() => {
  // Where STS, EC2 DescribeRegions and S3 Control go; the user's environment must not leak in.
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ENDPOINT_URL', '');
  emptyAccount(THREE_REGIONS);
});

afterAll(() => {
  vi.unstubAllEnvs();
  for (const stub of Object.values(aws)) stub.restore();
});

describe('trails', () => {
  it('describes a multi-region trail seen as a shadow in three regions once, from its home region', async () => {
    const arn = trailArn('eu-west-1', 'audit');
    aws.cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('audit', 'eu-west-1', { IsMultiRegionTrail: true })] });

    const snapshot = await collect({ regions: THREE_REGIONS });

    expect(snapshot.regionData.map((data) => [data.region, data.trailArns])).toEqual(THREE_REGIONS.map((region) => [region, { ok: true, value: [arn] }]));
    expect(snapshot.trails).toHaveLength(1);
    expect(snapshot.trails[0]).toMatchObject({ arn, name: 'audit', homeRegion: 'eu-west-1', ownerAccountId: ACCOUNT, isMultiRegionTrail: true });
    const details = (await recordedCalls()).filter((call) => ['GetTrailStatus', 'GetEventSelectors', 'GetInsightSelectors'].includes(call.command));
    expect(details).toEqual([
      { service: 'cloudtrail', command: 'GetTrailStatus', region: 'eu-west-1', input: { Name: arn } },
      { service: 'cloudtrail', command: 'GetEventSelectors', region: 'eu-west-1', input: { TrailName: arn } },
      { service: 'cloudtrail', command: 'GetInsightSelectors', region: 'eu-west-1', input: { TrailName: arn } },
    ]);
    expect(aws.cloudtrail.commandCalls(DescribeTrailsCommand).map((call) => call.args[0].input)).toEqual(
      THREE_REGIONS.map(() => ({ includeShadowTrails: true })),
    );
    expect(snapshot.errors).toEqual([]);
  });

  it('records AccessDenied on GetEventSelectors in the trail and in errors, and reads everything else', async () => {
    const arn = trailArn('us-east-1', 'main');
    aws.cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('main', 'us-east-1', { S3BucketName: 'logs-bucket' })] });
    aws.cloudtrail
      .on(GetEventSelectorsCommand)
      .rejects(awsError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: cloudtrail:GetEventSelectors'));
    aws.s3.on(GetBucketLocationCommand).resolves({});
    aws.s3.on(GetBucketPolicyCommand).resolves({ Policy: '{}' });
    aws.s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true } });
    aws.s3.on(GetBucketAclCommand).resolves({ Owner: { ID: 'owner' }, Grants: [] });
    aws.s3.on(GetBucketLoggingCommand).resolves({});
    aws.s3.on(GetBucketLifecycleConfigurationCommand).resolves({ Rules: [] });
    aws.s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    aws.s3.on(GetObjectLockConfigurationCommand).resolves({
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 } } },
    });

    const snapshot = await collect({ regions: ['us-east-1'] });

    const error = {
      operation: 'cloudtrail:GetEventSelectors',
      region: 'us-east-1',
      code: 'AccessDeniedException',
      message: 'User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: cloudtrail:GetEventSelectors',
      resource: arn,
    };
    const [main] = snapshot.trails;
    expect(main?.selectors).toEqual({ ok: false, error });
    expect(snapshot.errors).toEqual([error]);
    expect(main?.status).toEqual({ ok: true, value: { isLogging: true } });
    expect(main?.insightSelectors).toEqual({ ok: true, value: [] });
    expect(snapshot.buckets[0]?.versioning).toEqual({ ok: true, value: { status: 'Enabled' } });
    expect(snapshot.buckets[0]?.objectLock).toEqual({ ok: true, value: { enabled: true, defaultRetention: { mode: 'COMPLIANCE', days: 30 } } });
    expect(snapshot.buckets[0]?.publicAccessBlock).toEqual({
      ok: true,
      value: { blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false },
    });
  });

  it('maps status times (moto\'s "" is "never"), and basic and advanced selectors', async () => {
    aws.cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('basic', 'us-east-1'), trail('advanced', 'us-east-1')] });
    aws.cloudtrail.on(GetTrailStatusCommand, { Name: trailArn('us-east-1', 'basic') }).resolves({
      IsLogging: false,
      LatestDeliveryTime: new Date('2026-11-20T10:00:00Z'),
      StopLoggingTime: new Date('2026-11-21T08:30:00Z'),
      // moto answers "" for times that never happened; the SDK's type says Date.
      StartLoggingTime: '' as unknown as Date,
      LatestCloudWatchLogsDeliveryError: '',
    });
    aws.cloudtrail.on(GetEventSelectorsCommand, { TrailName: trailArn('us-east-1', 'basic') }).resolves({
      EventSelectors: [
        { ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'] },
        { DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::data/'] }] },
      ],
    });
    aws.cloudtrail.on(GetEventSelectorsCommand, { TrailName: trailArn('us-east-1', 'advanced') }).resolves({
      EventSelectors: [],
      AdvancedEventSelectors: [
        {
          Name: 'writes',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Management'] },
            { Field: 'readOnly', Equals: ['false'] },
          ],
        },
      ],
    });
    aws.cloudtrail
      .on(GetInsightSelectorsCommand, { TrailName: trailArn('us-east-1', 'advanced') })
      .resolves({ InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }] });

    const snapshot = await collect({ regions: ['us-east-1'] });

    const [basic, advanced] = snapshot.trails;
    // Through JSON, as a saved snapshot: absent times must be absent, not "" or null.
    expect(JSON.parse(JSON.stringify(basic?.status))).toEqual({
      ok: true,
      value: { isLogging: false, latestDeliveryTime: '2026-11-20T10:00:00.000Z', stopLoggingTime: '2026-11-21T08:30:00.000Z' },
    });
    expect(basic?.selectors).toEqual({
      ok: true,
      value: {
        basic: [
          { readWriteType: 'WriteOnly', includeManagementEvents: true, excludeManagementEventSources: ['kms.amazonaws.com'], dataResources: [] },
          {
            readWriteType: 'All',
            includeManagementEvents: true,
            excludeManagementEventSources: [],
            dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::data/'] }],
          },
        ],
      },
    });
    expect(advanced?.selectors).toEqual({
      ok: true,
      value: {
        advanced: [
          {
            name: 'writes',
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Management'] },
              { field: 'readOnly', equals: ['false'] },
            ],
          },
        ],
      },
    });
    expect(advanced?.insightSelectors).toEqual({ ok: true, value: ['ApiCallRateInsight'] });
  });

  it('records refusals for an organization trail seen from a member account, and does not read its log group', async () => {
    const management = '999988887777';
    const arn = trailArn('us-east-1', 'org', management);
    const orgTrail = trail('org', 'us-east-1', {
      TrailARN: arn,
      IsOrganizationTrail: true,
      IsMultiRegionTrail: true,
      CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${management}:log-group:org-trail:*`,
    });
    aws.cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [orgTrail] });
    aws.cloudtrail.on(GetTrailStatusCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    aws.cloudtrail.on(GetEventSelectorsCommand).rejects(awsError('TrailNotFoundException', 'Unknown trail'));

    const snapshot = await collect({ regions: ['us-east-1'] });

    expect(snapshot.trails[0]).toMatchObject({ arn, ownerAccountId: management, isOrganizationTrail: true });
    expect(snapshot.trails[0]?.status).toMatchObject({
      ok: false,
      error: { operation: 'cloudtrail:GetTrailStatus', code: 'AccessDeniedException', resource: arn },
    });
    expect(snapshot.trails[0]?.selectors).toMatchObject({
      ok: false,
      error: { operation: 'cloudtrail:GetEventSelectors', code: 'TrailNotFoundException', resource: arn },
    });
    const crossAccount = {
      operation: 'logs:DescribeLogGroups',
      region: 'us-east-1',
      code: 'CrossAccount',
      message: expect.stringContaining(management),
      resource: `arn:aws:logs:us-east-1:${management}:log-group:org-trail`,
    };
    expect(snapshot.logGroups).toEqual([{ region: 'us-east-1', name: 'org-trail', arn: crossAccount.resource, details: { ok: false, error: crossAccount } }]);
    // Nor its tags: only the owner may list them, and ListTags is not asked about another account's trail.
    expect(snapshot.trails[0]?.tags).toMatchObject({ ok: false, error: { operation: 'cloudtrail:ListTags', code: 'CrossAccount', resource: arn } });
    expect(aws.cloudtrail.commandCalls(ListTagsCommand)).toHaveLength(0);
    expect(snapshot.errors.map((error) => error.operation)).toEqual([
      'cloudtrail:GetEventSelectors',
      'cloudtrail:GetTrailStatus',
      'cloudtrail:ListTags',
      'logs:DescribeLogGroups',
    ]);
    expect(aws.logs.calls()).toHaveLength(0);
    // Alarms are read only where a log group of this account could feed them.
    expect(aws.cloudwatch.calls()).toHaveLength(0);
    expect(snapshot.regionData[0]).not.toHaveProperty('alarms');
  });
});

describe('regions', () => {
  beforeEach(() => {
    aws.ec2.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'eu-south-1', OptInStatus: 'opted-in' },
        { RegionName: 'me-south-1', OptInStatus: 'not-opted-in' },
      ],
    });
  });

  it('scans every enabled region by default and skips the ones not opted in', async () => {
    const snapshot = await collect();

    expect(aws.ec2.commandCalls(DescribeRegionsCommand)[0]?.args[0].input).toEqual({ AllRegions: true });
    expect(snapshot.regions).toEqual(['eu-south-1', 'us-east-1']);
    expect(snapshot.skippedRegions).toEqual([{ region: 'me-south-1', reason: expect.stringContaining('not-opted-in') }]);
    expect((await recordedCalls()).filter((call) => call.region === 'me-south-1')).toEqual([]);
  });

  it('skips a requested region that is not enabled, without calling it', async () => {
    const snapshot = await collect({ regions: ['me-south-1', 'us-east-1', 'us-east-1'] });

    expect(snapshot.regions).toEqual(['us-east-1']);
    expect(snapshot.skippedRegions).toEqual([{ region: 'me-south-1', reason: expect.stringContaining('not enabled') }]);
    const regionsCalled = new Set((await recordedCalls()).map((call) => call.region));
    expect([...regionsCalled]).toEqual(['us-east-1']);
  });

  it('refuses with RegionError, before any other read, a requested region that does not exist', async () => {
    const failure = collect({ regions: ['us-east-1', 'xx-nowhere-1'] });

    await expect(failure).rejects.toBeInstanceOf(RegionError);
    await expect(failure).rejects.toThrow('xx-nowhere-1 is not a Region of the aws partition (EC2 DescribeRegions does not list it); check the spelling');
    expect((await recordedCalls()).map((call) => call.command)).toEqual(['GetCallerIdentity', 'DescribeRegions']);
  });

  it('refuses with RegionError when every requested region is disabled', async () => {
    await expect(collect({ regions: ['me-south-1'] })).rejects.toThrow(
      'no Region to scan: me-south-1 is not enabled for this account (opt-in status: not-opted-in); name Regions enabled for the account',
    );
  });

  it('scans the requested regions when the region list cannot be read, and records why', async () => {
    aws.ec2.on(DescribeRegionsCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));

    const snapshot = await collect({ regions: ['eu-west-1'] });

    expect(snapshot.regions).toEqual(['eu-west-1']);
    expect(snapshot.errors).toEqual([
      { operation: 'ec2:DescribeRegions', region: 'us-east-1', code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' },
    ]);
  });
});

describe('monitoring resources', () => {
  /** One trail in eu-west-1 delivering to a log group there, with filters, alarms and rules spread over pages. */
  function monitoredAccount(): void {
    aws.cloudtrail
      .on(DescribeTrailsCommand)
      .resolves({ trailList: [trail('audit', 'eu-west-1', { IsMultiRegionTrail: true, CloudWatchLogsLogGroupArn: `${LOG_GROUP_ARN}:*` })] });
    // The trail's log group and one whose name extends it: the exact name sorts first, as AWS sorts them.
    aws.logs.on(DescribeLogGroupsCommand).resolves({
      logGroups: [
        { logGroupName: 'audit-trail', retentionInDays: 365, kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/k' },
        { logGroupName: 'audit-trail-archive' },
      ],
      nextToken: 'more-groups-with-that-prefix',
    });
    aws.logs.on(DescribeMetricFiltersCommand).callsFake(
      paged('nextToken', [
        {
          metricFilters: [
            {
              filterName: 'root',
              filterPattern: '{ $.userIdentity.type = "Root" }',
              metricTransformations: [{ metricName: 'Root', metricNamespace: 'CIS', metricValue: '1' }],
            },
          ],
        },
        {
          metricFilters: [
            {
              filterName: 'iam',
              filterPattern: '{ $.eventSource = iam.amazonaws.com }',
              metricTransformations: [{ metricName: 'Iam', metricNamespace: 'CIS', metricValue: '1', defaultValue: 0 }],
            },
          ],
        },
      ]),
    );
    aws.cloudwatch.on(DescribeAlarmsCommand).callsFake(
      paged('NextToken', [
        {
          MetricAlarms: [
            {
              AlarmName: 'root',
              AlarmArn: 'arn:alarm:root',
              MetricName: 'Root',
              Namespace: 'CIS',
              AlarmActions: [TOPIC, 'arn:aws:automate:eu-west-1:ec2:stop'],
              OKActions: [OK_TOPIC],
            },
          ],
        },
        {
          MetricAlarms: [
            {
              AlarmName: 'iam-math',
              AlarmArn: 'arn:alarm:iam-math',
              Metrics: [{ Id: 'm1' }],
              ActionsEnabled: false,
              InsufficientDataActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:other`],
            },
            {
              AlarmName: 'iam',
              AlarmArn: 'arn:alarm:iam',
              MetricName: 'Iam',
              Namespace: 'CIS',
              AlarmActions: [GONE_TOPIC, `arn:aws:sns:us-east-1:${ACCOUNT}:elsewhere`],
            },
            {
              AlarmName: 'cpu',
              AlarmArn: 'arn:alarm:cpu',
              MetricName: 'CPUUtilization',
              Namespace: 'AWS/EC2',
              AlarmActions: [`arn:aws:sns:eu-west-1:${ACCOUNT}:ops`],
            },
          ],
        },
      ]),
    );
    aws.events
      .on(ListRulesCommand)
      .callsFake(
        paged('NextToken', [
          { Rules: [{ Name: 'iam-changes', Arn: 'arn:rule:iam', EventPattern: '{"source":["aws.iam"]}', State: 'ENABLED' }] },
          { Rules: [{ Name: 'nightly', Arn: 'arn:rule:nightly', ScheduleExpression: 'rate(1 day)', State: 'ENABLED' }] },
        ]),
      );
    aws.events
      .on(ListTargetsByRuleCommand)
      .callsFake(paged('NextToken', [{ Targets: [{ Id: 'queue', Arn: 'arn:aws:sqs:eu-west-1:123456789012:q' }] }, { Targets: [{ Id: 'alert', Arn: TOPIC }] }]));
    aws.sns
      .on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC })
      .callsFake(
        paged('NextToken', [
          { Subscriptions: [{ SubscriptionArn: `${TOPIC}:1`, Protocol: 'email', Endpoint: 'soc@example.com' }] },
          { Subscriptions: [{ SubscriptionArn: 'PendingConfirmation', Protocol: 'https', Endpoint: 'https://hooks.example.com' }] },
        ]),
      );
    aws.sns.on(ListSubscriptionsByTopicCommand, { TopicArn: GONE_TOPIC }).rejects(awsError('NotFoundException', 'Topic does not exist', 404));
    aws.sns.on(GetTopicAttributesCommand, { TopicArn: GONE_TOPIC }).rejects(awsError('NotFoundException', 'Topic does not exist', 404));
    aws.sns
      .on(GetTopicAttributesCommand, { TopicArn: TOPIC })
      .resolves({ Attributes: { TopicArn: TOPIC, Policy: TOPIC_POLICY, KmsMasterKeyId: 'alias/alerts' } });
    aws.kms
      .on(DescribeKeyCommand, { KeyId: 'alias/alerts' })
      .resolves({ KeyMetadata: { KeyId: 'k1', Arn: TOPIC_KEY, KeyManager: 'CUSTOMER', KeyState: 'Enabled', Enabled: true } });
    aws.kms.on(GetKeyPolicyCommand, { KeyId: TOPIC_KEY, PolicyName: 'default' }).resolves({ Policy: '{"Statement":[]}' });
  }

  it('follows every page of every paginated call', async () => {
    monitoredAccount();

    const snapshot = await collect({ regions: ['eu-west-1'] });

    expect(snapshot.errors).toEqual([]);
    expect(snapshot.logGroups).toEqual([
      {
        region: 'eu-west-1',
        name: 'audit-trail',
        arn: LOG_GROUP_ARN,
        details: {
          ok: true,
          value: {
            retentionInDays: 365,
            kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/k',
            metricFilters: {
              ok: true,
              value: [
                {
                  name: 'root',
                  pattern: '{ $.userIdentity.type = "Root" }',
                  transformations: [{ metricName: 'Root', metricNamespace: 'CIS', metricValue: '1' }],
                },
                {
                  name: 'iam',
                  pattern: '{ $.eventSource = iam.amazonaws.com }',
                  transformations: [{ metricName: 'Iam', metricNamespace: 'CIS', metricValue: '1', defaultValue: 0 }],
                },
              ],
            },
          },
        },
      },
    ]);
    const calls = await recordedCalls();
    const inputsOf = (command: string) => calls.filter((call) => call.command === command).map((call) => call.input);
    // The log group is looked up by its name as a prefix, in one call: the exact name comes first, so no page follows.
    expect(inputsOf('DescribeLogGroups')).toEqual([{ logGroupNamePrefix: 'audit-trail', limit: 50 }]);
    expect(inputsOf('DescribeMetricFilters')).toMatchObject([{ logGroupName: 'audit-trail' }, { logGroupName: 'audit-trail', nextToken: 'page-1' }]);
    // The largest pages each API allows.
    expect(inputsOf('DescribeAlarms')).toMatchObject([
      { AlarmTypes: ['MetricAlarm'], MaxRecords: 100 },
      { AlarmTypes: ['MetricAlarm'], MaxRecords: 100, NextToken: 'page-1' },
    ]);
    expect(inputsOf('ListRules')).toEqual([{ Limit: 100 }, { Limit: 100, NextToken: 'page-1' }]);

    const [region] = snapshot.regionData;
    expect(region?.alarms).toMatchObject({
      ok: true,
      value: [
        { name: 'root', usesMetricMath: false, actionsEnabled: true },
        { name: 'iam-math', usesMetricMath: true, actionsEnabled: false },
        { name: 'iam' },
        { name: 'cpu' },
      ],
    });

    // The scheduled rule cannot match a CloudTrail event: neither kept nor asked for its targets.
    expect(region?.eventRules).toEqual({
      ok: true,
      value: [
        {
          name: 'iam-changes',
          arn: 'arn:rule:iam',
          region: 'eu-west-1',
          eventBusName: 'default',
          state: 'ENABLED',
          eventPattern: '{"source":["aws.iam"]}',
          targets: {
            ok: true,
            value: [
              { id: 'queue', arn: 'arn:aws:sqs:eu-west-1:123456789012:q' },
              { id: 'alert', arn: TOPIC },
            ],
          },
        },
      ],
    });
    expect(inputsOf('ListTargetsByRule')).toEqual([
      { Rule: 'iam-changes', Limit: 100 },
      { Rule: 'iam-changes', Limit: 100, NextToken: 'page-1' },
    ]);

    // The topics the checks follow, once each, by ARN; a deleted one is null. Those are the alarm actions
    // (in the alarm's region) of alarms on a metric of a trail log group's filter, and rule targets: not
    // the OK action of `root`, nor the topics of the metric-math alarm or of `cpu`, whose metric no filter publishes.
    expect(snapshot.topics).toEqual([
      { arn: GONE_TOPIC, region: 'eu-west-1', subscriptions: { ok: true, value: null }, access: { ok: true, value: null } },
      {
        arn: TOPIC,
        region: 'eu-west-1',
        subscriptions: {
          ok: true,
          value: [
            { subscriptionArn: `${TOPIC}:1`, protocol: 'email', endpoint: 'soc@example.com' },
            { subscriptionArn: 'PendingConfirmation', protocol: 'https', endpoint: 'https://hooks.example.com' },
          ],
        },
        // Who may publish, and the key with its policy (read because the customer manages it).
        access: {
          ok: true,
          value: {
            policy: TOPIC_POLICY,
            kmsMasterKeyId: 'alias/alerts',
            key: {
              details: { ok: true, value: { arn: TOPIC_KEY, keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true } },
              policy: { ok: true, value: '{"Statement":[]}' },
            },
          },
        },
      },
    ]);
    const topicCalls = calls.filter((call) => call.service === 'sns');
    // Topics are read concurrently: order does not matter.
    expect(topicCalls.map((call) => [call.region, call.input])).toEqual(
      expect.arrayContaining([
        ['eu-west-1', { TopicArn: TOPIC }],
        ['eu-west-1', { TopicArn: TOPIC, NextToken: 'page-1' }],
        ['eu-west-1', { TopicArn: GONE_TOPIC }],
      ]),
    );
    // ListSubscriptionsByTopic three times (two pages, one deleted topic), GetTopicAttributes once per topic.
    expect(topicCalls).toHaveLength(5);
    expect(calls.filter((call) => call.service === 'kms').map((call) => [call.region, call.command])).toEqual([
      ['eu-west-1', 'DescribeKey'],
      ['eu-west-1', 'GetKeyPolicy'],
    ]);
  });

  it('reads alarms only in regions that host a trail log group', async () => {
    monitoredAccount();

    const snapshot = await collect({ regions: THREE_REGIONS });

    expect(snapshot.regionData.map((data) => [data.region, data.alarms !== undefined])).toEqual([
      ['us-east-1', false],
      ['eu-west-1', true],
      ['ap-northeast-1', false],
    ]);
    expect((await recordedCalls()).filter((call) => call.command === 'DescribeAlarms').map((call) => call.region)).toEqual(['eu-west-1', 'eu-west-1']);
  });

  it('records a log group that does not exist as null, without asking for its filters', async () => {
    monitoredAccount();
    aws.logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: 'audit-trail-old' }] });

    const snapshot = await collect({ regions: ['eu-west-1'] });

    expect(snapshot.logGroups[0]?.details).toEqual({ ok: true, value: null });
    expect(aws.logs.commandCalls(DescribeMetricFiltersCommand)).toHaveLength(0);
  });

  it('looks up each trail log group by its name, one call each, keeping only the exact name', async () => {
    const groupArn = (region: string, name: string) => `arn:aws:logs:${region}:${ACCOUNT}:log-group:${name}`;
    aws.cloudtrail.on(DescribeTrailsCommand).resolves({
      trailList: [
        ...['a', 'b', 'c'].map((name) => trail(name, 'eu-west-1', { CloudWatchLogsLogGroupArn: `${groupArn('eu-west-1', name)}:*` })),
        trail('d', 'us-east-1', { CloudWatchLogsLogGroupArn: `${groupArn('us-east-1', 'd')}:*` }),
      ],
    });
    // Log group b is gone; a group whose name extends it (b-old) still answers its prefix.
    const existing = ['a', 'b-old', 'c', 'd'];
    aws.logs.on(DescribeLogGroupsCommand).callsFake((input: { logGroupNamePrefix?: string }) => ({
      logGroups: existing.filter((name) => name.startsWith(input.logGroupNamePrefix ?? '')).map((logGroupName) => ({ logGroupName })),
    }));
    aws.logs.on(DescribeMetricFiltersCommand).resolves({ metricFilters: [] });

    const snapshot = await collect({ regions: ['us-east-1', 'eu-west-1'] });

    const lookups = (await recordedCalls()).filter((call) => call.command === 'DescribeLogGroups');
    expect(lookups.map((call) => [call.region, call.input])).toEqual([
      ['eu-west-1', { logGroupNamePrefix: 'a', limit: 50 }],
      ['eu-west-1', { logGroupNamePrefix: 'b', limit: 50 }],
      ['eu-west-1', { logGroupNamePrefix: 'c', limit: 50 }],
      ['us-east-1', { logGroupNamePrefix: 'd', limit: 50 }],
    ]);
    expect(snapshot.logGroups.map((group) => [group.name, group.details.ok && group.details.value !== null])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
      ['d', true],
    ]);
  });

  it('records a failed lookup in its log group and in errors, once per call', async () => {
    aws.cloudtrail.on(DescribeTrailsCommand).resolves({
      trailList: ['a', 'b'].map((name) => trail(name, 'eu-west-1', { CloudWatchLogsLogGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${name}:*` })),
    });
    aws.logs.on(DescribeLogGroupsCommand).rejects(awsError('AccessDeniedException', 'not authorized'));

    const snapshot = await collect({ regions: ['eu-west-1'] });

    const error = (name: string) => ({
      operation: 'logs:DescribeLogGroups',
      region: 'eu-west-1',
      resource: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${name}`,
      code: 'AccessDeniedException',
      message: 'not authorized',
    });
    expect(snapshot.logGroups.map((group) => group.details)).toEqual([
      { ok: false, error: error('a') },
      { ok: false, error: error('b') },
    ]);
    expect(snapshot.errors).toEqual([error('a'), error('b')]);
  });

  it('asks for the targets only of rules that may match a CloudTrail event', async () => {
    aws.events.on(ListRulesCommand).resolves({
      Rules: [
        { Name: 'iam-changes', EventPattern: '{"source":["aws.iam"],"detail-type":["AWS API Call via CloudTrail"]}' },
        { Name: 'guardduty-findings', EventPattern: '{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"]}' },
        { Name: 'orders', EventPattern: '{"source":["com.example.orders"]}' },
        { Name: 'by-prefix', EventPattern: '{"detail-type":[{"prefix":"AWS API"}]}' },
        { Name: 'any-guardduty-event', EventPattern: '{"source":["aws.guardduty"]}' },
        { Name: 'either', EventPattern: '{"$or":[{"source":["com.example.orders"]},{"source":["aws.iam"]}]}' },
        { Name: 'broken', EventPattern: '{"source":' },
      ],
    });
    aws.events.on(ListTargetsByRuleCommand).resolves({ Targets: [] });

    const snapshot = await collect({ regions: ['eu-west-1'] });

    const kept = ['iam-changes', 'by-prefix', 'any-guardduty-event', 'either', 'broken'];
    const rules = snapshot.regionData[0]?.eventRules;
    expect(rules?.ok && rules.value.map((rule) => rule.name)).toEqual(kept);
    expect(
      aws.events
        .commandCalls(ListTargetsByRuleCommand)
        .map((call) => call.args[0].input.Rule)
        .sort(),
    ).toEqual([...kept].sort());
  });

  it("reads the policies of a role that a rule's SNS target names, once, and of no other role", async () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/eventbridge-sns`;
    const managed = `arn:aws:iam::${ACCOUNT}:policy/publish-alerts`;
    aws.events.on(ListRulesCommand).resolves({
      Rules: [
        { Name: 'iam-changes', EventPattern: '{"source":["aws.iam"]}' },
        { Name: 'kms-changes', EventPattern: '{"source":["aws.kms"]}' },
      ],
    });
    aws.events.on(ListTargetsByRuleCommand).resolves({
      Targets: [
        { Id: 'alert', Arn: TOPIC, RoleArn: role },
        { Id: 'stream', Arn: `arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/s`, RoleArn: `arn:aws:iam::${ACCOUNT}:role/kinesis` },
      ],
    });
    aws.sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
    aws.iam.on(ListRolePoliciesCommand, { RoleName: 'eventbridge-sns' }).resolves({ PolicyNames: ['inline'] });
    aws.iam
      .on(GetRolePolicyCommand, { RoleName: 'eventbridge-sns', PolicyName: 'inline' })
      .resolves({ PolicyDocument: encodeURIComponent('{"Statement":[{"Effect":"Allow","Action":"sns:Publish","Resource":"*"}]}') });
    aws.iam
      .on(ListAttachedRolePoliciesCommand, { RoleName: 'eventbridge-sns' })
      .resolves({ AttachedPolicies: [{ PolicyName: 'publish-alerts', PolicyArn: managed }] });
    aws.iam.on(GetPolicyCommand, { PolicyArn: managed }).resolves({ Policy: { Arn: managed, DefaultVersionId: 'v3' } });
    aws.iam
      .on(GetPolicyVersionCommand, { PolicyArn: managed, VersionId: 'v3' })
      .resolves({ PolicyVersion: { Document: encodeURIComponent('{"Statement":[]}') } });

    const snapshot = await collect({ regions: ['eu-west-1'] });

    expect(snapshot.errors).toEqual([]);
    expect(snapshot.regionData[0]?.eventRules).toMatchObject({
      ok: true,
      value: [{ targets: { ok: true, value: [{ id: 'alert', arn: TOPIC, roleArn: role }, expect.anything()] } }, expect.anything()],
    });
    expect(snapshot.roles).toEqual([
      {
        arn: role,
        policies: {
          ok: true,
          value: [
            { name: 'inline', document: '{"Statement":[{"Effect":"Allow","Action":"sns:Publish","Resource":"*"}]}' },
            { name: managed, document: '{"Statement":[]}' },
          ],
        },
      },
    ]);
    expect(aws.iam.commandCalls(ListRolePoliciesCommand)).toHaveLength(1);
  });

  it('records a role that does not exist as null', async () => {
    aws.events.on(ListRulesCommand).resolves({ Rules: [{ Name: 'iam-changes', EventPattern: '{"source":["aws.iam"]}' }] });
    aws.events.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: 'alert', Arn: TOPIC, RoleArn: `arn:aws:iam::${ACCOUNT}:role/gone` }] });
    aws.sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
    aws.iam.on(ListRolePoliciesCommand).rejects(awsError('NoSuchEntity', 'The role cannot be found', 404));

    const snapshot = await collect({ regions: ['eu-west-1'] });

    expect(snapshot.roles).toEqual([{ arn: `arn:aws:iam::${ACCOUNT}:role/gone`, policies: { ok: true, value: null } }]);
    expect(snapshot.errors).toEqual([]);
  });

  it('never makes the same call twice', async () => {
    monitoredAccount();
    const calls = await collect({ regions: THREE_REGIONS }).then(() => recordedCalls());

    const keys = calls.map((call) => JSON.stringify([call.service, call.command, call.region, call.input]));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('buckets and keys', () => {
  const BUCKET = 'audit-logs';

  beforeEach(() => {
    aws.cloudtrail.on(DescribeTrailsCommand).resolves({
      trailList: [
        trail('a', 'us-east-1', { S3BucketName: BUCKET, KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1111' }),
        trail('b', 'us-east-1', { S3BucketName: BUCKET, KmsKeyId: '2222-bare-id' }),
      ],
    });
  });

  it('reads each bucket once in its region, and maps "none configured" answers to null', async () => {
    aws.s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'EU' });
    aws.s3.on(GetBucketPolicyCommand).rejects(awsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404));
    aws.s3.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 'none', 404));
    aws.s3.on(GetBucketAclCommand).resolves({
      Owner: { ID: 'owner-id' },
      Grants: [
        { Grantee: { Type: 'CanonicalUser', ID: 'owner-id' }, Permission: 'FULL_CONTROL' },
        { Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' },
      ],
    });
    aws.s3.on(GetBucketLoggingCommand).resolves({ LoggingEnabled: { TargetBucket: 'access-logs', TargetPrefix: 'audit/' } });
    aws.s3.on(GetBucketLifecycleConfigurationCommand).rejects(awsError('NoSuchLifecycleConfiguration', 'none', 404));
    aws.s3.on(GetBucketVersioningCommand).resolves({});
    aws.s3
      .on(GetObjectLockConfigurationCommand)
      .rejects(awsError('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', 404));
    aws.kms.on(DescribeKeyCommand, { KeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1111' }).resolves({
      KeyMetadata: { KeyId: '1111', Arn: 'arn:aws:kms:eu-west-1:123456789012:key/1111', KeyState: 'Enabled', KeyManager: 'CUSTOMER', Enabled: true },
    });
    aws.kms.on(DescribeKeyCommand, { KeyId: '2222-bare-id' }).rejects(awsError('NotFoundException', 'Key not found', 400));

    const snapshot = await collect({ regions: ['us-east-1'] });

    expect(snapshot.errors).toEqual([]);
    expect(snapshot.buckets).toEqual([
      {
        name: BUCKET,
        region: { ok: true, value: 'eu-west-1' },
        policy: { ok: true, value: null },
        publicAccessBlock: { ok: true, value: null },
        acl: {
          ok: true,
          value: {
            ownerId: 'owner-id',
            grants: [
              { granteeType: 'CanonicalUser', granteeId: 'owner-id', permission: 'FULL_CONTROL' },
              { granteeType: 'Group', granteeUri: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' },
            ],
          },
        },
        logging: { ok: true, value: { targetBucket: 'access-logs', targetPrefix: 'audit/' } },
        lifecycle: { ok: true, value: null },
        versioning: { ok: true, value: {} },
        objectLock: { ok: true, value: null },
      },
    ]);
    const s3Calls = (await recordedCalls()).filter((call) => call.service === 's3');
    expect(s3Calls.map((call) => [call.command, call.region])).toEqual([
      ['GetBucketLocation', 'us-east-1'],
      ...[
        'GetBucketPolicy',
        'GetPublicAccessBlock',
        'GetBucketAcl',
        'GetBucketLogging',
        'GetBucketLifecycleConfiguration',
        'GetBucketVersioning',
        'GetObjectLockConfiguration',
      ].map((command) => [command, 'eu-west-1']),
    ]);

    // A key ARN is read in its own region, a bare key id in the trail's home region; a deleted key is null.
    expect(snapshot.kmsKeys).toEqual([
      {
        ref: 'arn:aws:kms:eu-west-1:123456789012:key/1111',
        region: 'eu-west-1',
        details: { ok: true, value: { arn: 'arn:aws:kms:eu-west-1:123456789012:key/1111', keyState: 'Enabled', keyManager: 'CUSTOMER', enabled: true } },
      },
      { ref: '2222-bare-id', region: 'us-east-1', details: { ok: true, value: null } },
    ]);
    expect(snapshot.accountPublicAccessBlock).toEqual({ ok: true, value: null });
  });

  it('gives every field of a bucket whose location cannot be read that one error, and reads nothing else', async () => {
    const denied = awsError('AccessDenied', 'Access Denied', 403);
    aws.s3.on(GetBucketLocationCommand).rejects(denied);
    aws.kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', Arn: 'arn:k', KeyState: 'Enabled', KeyManager: 'CUSTOMER', Enabled: true } });

    const snapshot = await collect({ regions: ['us-east-1'], dataEventBuckets: ['data-bucket'] });

    const error = { operation: 's3:GetBucketLocation', region: 'us-east-1', code: 'AccessDenied', message: 'Access Denied', resource: BUCKET };
    const failed = { ok: false, error };
    expect(snapshot.buckets[0]).toEqual({
      name: BUCKET,
      region: failed,
      policy: failed,
      publicAccessBlock: failed,
      acl: failed,
      logging: failed,
      lifecycle: failed,
      versioning: failed,
      objectLock: failed,
    });
    // The buckets named for data-event controls are described like trail buckets.
    expect(snapshot.buckets.map((bucket) => bucket.name)).toEqual([BUCKET, 'data-bucket']);
    expect(snapshot.errors).toEqual([error, { ...error, resource: 'data-bucket' }]);
    expect(aws.s3.calls()).toHaveLength(2);
  });
});

describe('credentials and progress', () => {
  it('throws CredentialsError with a one-line reason when the caller cannot be identified, and calls nothing else', async () => {
    aws.sts.on(GetCallerIdentityCommand).rejects(awsError('ExpiredToken', 'The security token included in the request is expired\nRequest id: 1', 403));

    const failure = collect();

    await expect(failure).rejects.toBeInstanceOf(CredentialsError);
    await expect(failure).rejects.toThrow(
      /^the AWS session has expired: refresh your credentials \(ExpiredToken: The security token included in the request is expired\)$/,
    );
    expect((await recordedCalls()).map((call) => call.command)).toEqual(['GetCallerIdentity']);
  });

  it('reports each region as it is read, the resources, then the totals', async () => {
    const events: ProgressEvent[] = [];

    await collect({ regions: ['us-east-1', 'eu-west-1'], onProgress: (event) => events.push(event) });

    expect(events.filter((event) => event.type === 'region-done')).toMatchObject([
      { regionsDone: 1, regions: 2 },
      { regionsDone: 2, regions: 2 },
    ]);
    expect(events.find((event) => event.type === 'region-done')?.message).toMatch(
      /^regions 1\/2 read \(last: (us-east-1|eu-west-1)\) · \d+ calls, 0 errors so far$/,
    );
    expect(events.filter((event) => event.type === 'resources-started')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'done', errors: 0, message: expect.stringMatching(/^collected: \d+ calls, 0 retries, 0 errors$/) });
  });
});

describe('the key of fix --kms-key ARN', () => {
  const GIVEN_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/given`;
  const metadata = (keyManager: 'AWS' | 'CUSTOMER') => ({
    KeyMetadata: { KeyId: 'given', Arn: GIVEN_KEY, KeyManager: keyManager, KeyState: 'Enabled' as const, Enabled: true },
  });

  it('is read in its own Region, with its key policy when the customer manages it', async () => {
    aws.kms.on(DescribeKeyCommand, { KeyId: GIVEN_KEY }).resolves(metadata('CUSTOMER'));
    aws.kms.on(GetKeyPolicyCommand, { KeyId: GIVEN_KEY, PolicyName: 'default' }).resolves({ Policy: '{"Statement":[]}' });

    const snapshot = await collect({ regions: ['us-east-1'], fixKey: GIVEN_KEY });

    expect(snapshot.fixKey).toEqual({
      ref: GIVEN_KEY,
      region: 'eu-west-1',
      details: { ok: true, value: { arn: GIVEN_KEY, keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true } },
      policy: { ok: true, value: '{"Statement":[]}' },
    });
    expect((await recordedCalls()).filter((call) => call.service === 'kms').map((call) => [call.region, call.command])).toEqual([
      ['eu-west-1', 'DescribeKey'],
      ['eu-west-1', 'GetKeyPolicy'],
    ]);
  });

  it('an AWS managed key is only described: its policy cannot be changed', async () => {
    aws.kms.on(DescribeKeyCommand, { KeyId: GIVEN_KEY }).resolves(metadata('AWS'));

    const snapshot = await collect({ regions: ['us-east-1'], fixKey: GIVEN_KEY });

    expect(snapshot.fixKey).toEqual({
      ref: GIVEN_KEY,
      region: 'eu-west-1',
      details: { ok: true, value: { arn: GIVEN_KEY, keyManager: 'AWS', keyState: 'Enabled', enabled: true } },
    });
    expect(aws.kms.commandCalls(GetKeyPolicyCommand)).toEqual([]);
  });

  it('is not read without the option', async () => {
    const snapshot = await collect({ regions: ['us-east-1'] });

    expect(snapshot).not.toHaveProperty('fixKey');
    expect(aws.kms.commandCalls(DescribeKeyCommand)).toEqual([]);
  });
});

describe('trail tags and event data stores', () => {
  it('lists the tags of the own trails 20 ARNs a call, in each trail’s home Region, and a failed batch fails its trails only', async () => {
    const east = Array.from({ length: 25 }, (_, i) => trail(`east-${i}`, 'us-east-1'));
    const west = trail('west', 'eu-west-1', { IsMultiRegionTrail: true });
    aws.cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [...east, west] });
    aws.cloudtrail.on(ListTagsCommand, { ResourceIdList: [west.TrailARN!] }).rejects(awsError('AccessDeniedException'));

    const snapshot = await collect({ regions: THREE_REGIONS });

    const calls = (await recordedCalls()).filter((call) => call.command === 'ListTags');
    expect(calls.map((call) => [call.region, (call.input as { ResourceIdList: string[] }).ResourceIdList.length]).sort()).toEqual([
      ['eu-west-1', 1],
      ['us-east-1', 20],
      ['us-east-1', 5],
    ]);
    expect(snapshot.trails.find((t) => t.name === 'east-0')?.tags).toEqual({ ok: true, value: [] });
    expect(snapshot.trails.find((t) => t.name === 'west')?.tags).toMatchObject({
      ok: false,
      error: { operation: 'cloudtrail:ListTags', code: 'AccessDeniedException' },
    });
  });

  it('lists the event data stores once per Region, reads each own store once, and not an organization store of another account', async () => {
    const own = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:eventdatastore/own`;
    const org = 'arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/org';
    // Every Region lists both (two pages): the own multi-Region store and the organization's.
    aws.cloudtrail
      .on(ListEventDataStoresCommand)
      .callsFake(
        paged('NextToken', [{ EventDataStores: [{ EventDataStoreArn: own, Name: 'own' }] }, { EventDataStores: [{ EventDataStoreArn: org, Name: 'org' }] }]),
      );
    aws.cloudtrail.on(GetEventDataStoreCommand).resolves({ EventDataStoreArn: own, Name: 'own', MultiRegionEnabled: true, KmsKeyId: TOPIC_KEY });

    const snapshot = await collect({ regions: THREE_REGIONS });

    expect((await recordedCalls()).filter((call) => call.command === 'ListEventDataStores').map((call) => call.region)).toEqual(
      expect.arrayContaining(THREE_REGIONS),
    );
    // A store listed in every Region is read once, where its ARN says it lives.
    expect((await recordedCalls()).filter((call) => call.command === 'GetEventDataStore')).toEqual([
      { service: 'cloudtrail', command: 'GetEventDataStore', region: 'eu-west-1', input: { EventDataStore: own } },
    ]);
    const stores = snapshot.regionData[0]?.eventDataStores;
    expect(stores).toEqual({
      ok: true,
      value: [
        {
          arn: own,
          name: 'own',
          ownerAccountId: ACCOUNT,
          homeRegion: 'eu-west-1',
          details: { ok: true, value: { multiRegionEnabled: true, organizationEnabled: false, kmsKeyId: TOPIC_KEY } },
        },
        {
          arn: org,
          name: 'org',
          ownerAccountId: '111111111111',
          homeRegion: 'us-east-1',
          details: { ok: false, error: expect.objectContaining({ operation: 'cloudtrail:GetEventDataStore', code: 'CrossAccount', resource: org }) },
        },
      ],
    });
  });
});
