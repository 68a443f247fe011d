import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeLogGroupsCommand, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetBucketLifecycleConfigurationCommand, GetBucketLoggingCommand, GetBucketPolicyCommand, GetPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { expect, it } from 'vitest';
import {
  aws,
  buildCompliantTrail,
  buildEventRule,
  buildInsecureAccount,
  buildMetricMonitor,
  buildRegionalTrails,
  CIS_IAM_POLICY_PATTERN,
  createAlarmTopic,
  iamEventRulePattern,
  IAM_POLICY_EVENTS,
  PUBLIC_READ_STATEMENT_SID,
} from './accounts.js';
import { describeWithMoto, useMoto } from './moto.js';

/**
 * The builders, read back with the SDK: when a scan test fails, this file tells whether the account
 * was built as intended (a builder or moto problem) or read wrongly (a trailwarden problem).
 */
describeWithMoto('e2e account builders (read back from moto)', () => {
  const moto = useMoto();

  it('builds a compliant multi-Region trail that eu-west-1 sees as a shadow', async () => {
    const trail = await buildCompliantTrail(moto);
    const home = aws.cloudtrail(moto, 'us-east-1');
    const [described] = (await home.send(new DescribeTrailsCommand({ trailNameList: [trail.arn] }))).trailList ?? [];
    expect(described).toMatchObject({
      Name: trail.name,
      HomeRegion: 'us-east-1',
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      LogFileValidationEnabled: true,
      KmsKeyId: trail.kmsKeyArn,
      CloudWatchLogsLogGroupArn: trail.logGroupArn,
      CloudWatchLogsRoleArn: trail.roleArn,
      S3BucketName: trail.bucketName,
    });
    expect((await home.send(new GetTrailStatusCommand({ Name: trail.arn }))).IsLogging).toBe(true);
    expect((await home.send(new GetEventSelectorsCommand({ TrailName: trail.arn }))).EventSelectors).toEqual([
      expect.objectContaining({ ReadWriteType: 'All', IncludeManagementEvents: true }),
    ]);

    const shadows = (await aws.cloudtrail(moto, 'eu-west-1').send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
    expect(shadows.map((t) => [t.TrailARN, t.HomeRegion])).toEqual([[trail.arn, 'us-east-1']]);

    const s3 = aws.s3(moto);
    expect(JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: trail.bucketName }))).Policy ?? '{}').Statement).toHaveLength(2);
    expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: trail.bucketName }))).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    expect((await s3.send(new GetBucketLoggingCommand({ Bucket: trail.bucketName }))).LoggingEnabled?.TargetBucket).toBe(`${trail.bucketName}-access-logs`);
    expect((await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: trail.bucketName }))).Rules?.[0]?.Expiration?.Days).toBe(365);

    const groups = (await aws.logs(moto, 'us-east-1').send(new DescribeLogGroupsCommand({ logGroupNamePrefix: trail.logGroupName }))).logGroups ?? [];
    expect(groups.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([[trail.logGroupName, 365]]);
  });

  it('builds an insecure single-Region trail with a public bucket', async () => {
    const trail = await buildInsecureAccount(moto);
    const cloudtrail = aws.cloudtrail(moto, 'us-east-1');
    const [described] = (await cloudtrail.send(new DescribeTrailsCommand({}))).trailList ?? [];
    expect(described).toMatchObject({ IsMultiRegionTrail: false, LogFileValidationEnabled: false });
    expect(described?.KmsKeyId).toBeUndefined();
    expect(described?.CloudWatchLogsLogGroupArn).toBeUndefined();
    expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: trail.name }))).IsLogging).toBe(false);
    expect((await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: trail.name }))).EventSelectors?.[0]?.ReadWriteType).toBe('WriteOnly');

    const policy = JSON.parse((await aws.s3(moto).send(new GetBucketPolicyCommand({ Bucket: trail.bucketName }))).Policy ?? '{}') as {
      Statement: { Sid: string; Principal: unknown }[];
    };
    expect(policy.Statement.find((s) => s.Sid === PUBLIC_READ_STATEMENT_SID)?.Principal).toBe('*');
    await expect(aws.s3(moto).send(new GetPublicAccessBlockCommand({ Bucket: trail.bucketName }))).rejects.toMatchObject({
      name: 'NoSuchPublicAccessBlockConfiguration',
    });
    // Nothing in eu-west-1: a single-Region trail has no shadows.
    expect((await aws.cloudtrail(moto, 'eu-west-1').send(new DescribeTrailsCommand({}))).trailList).toEqual([]);
  });

  it('builds single-Region trails that each Region sees alone', async () => {
    const trails = await buildRegionalTrails(moto, ['us-east-1', 'eu-west-1']);
    for (const trail of trails) {
      const listed = (await aws.cloudtrail(moto, trail.region).send(new DescribeTrailsCommand({}))).trailList ?? [];
      expect(listed.map((t) => t.TrailARN)).toEqual([trail.arn]);
      expect(trail.arn).toContain(`:${trail.region}:`);
    }
  });

  it('builds the monitoring chain: metric filter, alarm, topic, subscription, EventBridge rule', async () => {
    const trail = await buildCompliantTrail(moto);
    const topicArn = await createAlarmTopic(moto, 'us-east-1');
    const monitor = await buildMetricMonitor(moto, trail, { name: 'IAMPolicyChanges', pattern: CIS_IAM_POLICY_PATTERN, topicArn, actionsEnabled: false });

    const filters = (await aws.logs(moto, 'us-east-1').send(new DescribeMetricFiltersCommand({ logGroupName: trail.logGroupName }))).metricFilters ?? [];
    expect(filters.map((f) => [f.filterPattern, f.metricTransformations?.[0]?.metricName])).toEqual([[CIS_IAM_POLICY_PATTERN, monitor.metricName]]);
    const [alarm] = (await aws.cloudwatch(moto, 'us-east-1').send(new DescribeAlarmsCommand({ AlarmNames: [monitor.alarmName] }))).MetricAlarms ?? [];
    expect(alarm).toMatchObject({ MetricName: monitor.metricName, Namespace: monitor.namespace, ActionsEnabled: false, AlarmActions: [topicArn] });
    const subscriptions = (await aws.sns(moto, 'us-east-1').send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions ?? [];
    expect(subscriptions.map((s) => s.Protocol)).toEqual(['email']);

    const euTopic = await createAlarmTopic(moto, 'eu-west-1');
    await buildEventRule(moto, { name: 'iam-changes', region: 'eu-west-1', pattern: iamEventRulePattern(IAM_POLICY_EVENTS), topicArn: euTopic });
    const targets = (await aws.events(moto, 'eu-west-1').send(new ListTargetsByRuleCommand({ Rule: 'iam-changes' }))).Targets ?? [];
    expect(targets.map((t) => t.Arn)).toEqual([euTopic]);
  });
});
