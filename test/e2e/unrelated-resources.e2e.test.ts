import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateLogGroupCommand, PutMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { expect, it } from 'vitest';
import { aws, buildCisMonitoring, buildCompliantTrail, createAlarmTopic, type AwsContext } from './accounts.js';
import { emptyDir, reportOf, runCli, scanArgs, type Report } from './cli.js';
import { describeWithMoto, useMoto } from './moto.js';

/**
 * API economy end to end: log groups, metric filters and alarms that no trail delivers to (a
 * Lambda-heavy account has thousands) cost no calls. The trail's log group is looked up by its name,
 * however many other groups the Region has; the alarms are one DescribeAlarms listing, which moto
 * answers in one page however many there are (AWS pages it by 100: bench/collect-scale.js counts those).
 */

const REGIONS = ['us-east-1', 'eu-west-1'];
const UNRELATED_PER_REGION = 300;
/** ListRules pages over every rule of a Region, rightly: any rule may match a CloudTrail event. */
const RULE_CALLS = new Set(['events:ListRules', 'events:ListTargetsByRule']);

/**
 * In every Region, `count` log groups with a metric filter each and an alarm on each filter's metric;
 * one in ten is named after the trail's log group (`CloudTrail/org-audit-…`), which prefixes their names.
 */
async function addUnrelated(ctx: AwsContext, trailLogGroup: string, count: number): Promise<void> {
  for (const region of REGIONS) {
    const logs = aws.logs(ctx, region);
    const cloudwatch = aws.cloudwatch(ctx, region);
    const one = async (i: number) => {
      const logGroupName = i % 10 === 0 ? `${trailLogGroup}-archive-${i}` : `/aws/lambda/function-${i}`;
      const metricName = `errors-${i}`;
      await logs.send(new CreateLogGroupCommand({ logGroupName }));
      await logs.send(
        new PutMetricFilterCommand({
          logGroupName,
          filterName: 'errors',
          filterPattern: 'ERROR',
          metricTransformations: [{ metricName, metricNamespace: 'App', metricValue: '1' }],
        }),
      );
      await cloudwatch.send(
        new PutMetricAlarmCommand({
          AlarmName: `function-${i}-errors`,
          Namespace: 'App',
          MetricName: metricName,
          Statistic: 'Sum',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        }),
      );
    };
    // A few at a time: moto serves requests one by one.
    for (let start = 0; start < count; start += 10) await Promise.all(Array.from({ length: Math.min(10, count - start) }, (_, k) => one(start + k)));
  }
}

interface Scan {
  report: Report;
  callCounts: Record<string, number>;
}

async function scan(endpoint: string): Promise<Scan> {
  const path = join(emptyDir(), 'account.json');
  const report = reportOf(await runCli(scanArgs(endpoint, REGIONS, '--save-snapshot', path, '--fail-on', 'none')));
  const { callCounts } = JSON.parse(readFileSync(path, 'utf8')) as { callCounts: Record<string, number> };
  return { report, callCounts };
}

const total = (counts: Record<string, number>) => Object.entries(counts).reduce((sum, [operation, n]) => sum + (RULE_CALLS.has(operation) ? 0 : n), 0);

describeWithMoto('resources no trail delivers to (end to end against moto)', () => {
  const moto = useMoto();

  it(`${UNRELATED_PER_REGION} unrelated log groups, metric filters and alarms per Region: the same verdicts, at most 1.25× the calls, the trail's log group still read in one call`, async () => {
    const trail = await buildCompliantTrail(moto);
    await buildCisMonitoring(moto, trail, await createAlarmTopic(moto, 'us-east-1'));
    const clean = await scan(moto.endpoint);

    await addUnrelated(moto, trail.logGroupName!, UNRELATED_PER_REGION);
    const crowded = await scan(moto.endpoint);

    expect(crowded.report.results).toEqual(clean.report.results);
    expect(crowded.report.collectionErrors).toEqual(clean.report.collectionErrors);
    const counts = `clean ${JSON.stringify(clean.callCounts)}\nwith unrelated ${JSON.stringify(crowded.callCounts)}`;
    expect(total(crowded.callCounts), counts).toBeLessThanOrEqual(1.25 * total(clean.callCounts));
    for (const operation of ['logs:DescribeLogGroups', 'logs:DescribeMetricFilters']) {
      expect(crowded.callCounts[operation], `${operation}\n${counts}`).toBe(1);
      expect(clean.callCounts[operation], `${operation}\n${counts}`).toBe(1);
    }
  }, 180_000);
});
