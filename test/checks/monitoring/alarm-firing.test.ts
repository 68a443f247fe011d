import { describe, expect, it } from 'vitest';
import { firesOnEvents } from '../../../src/checks/monitoring/chain/alarm-firing.js';
import type { MetricAlarm, MetricTransformation } from '../../../src/snapshot/types.js';
import { alarm } from '../fixtures.js';

const ONE: MetricTransformation = { metricName: 'M', metricNamespace: 'N', metricValue: '1' };
const ZERO_DEFAULT: MetricTransformation = { ...ONE, defaultValue: 0 };

function fires(overrides: Partial<MetricAlarm>, transformation: MetricTransformation = ONE, events = 1, periodSeconds?: number): boolean | string {
  const verdict = firesOnEvents(alarm(overrides), transformation, { events, ...(periodSeconds ? { periodSeconds } : {}) });
  return verdict.fires || verdict.why;
}

describe('an alarm on a metric filter fires on one event', () => {
  it.each([
    ['Sum >= 1', { statistic: 'Sum', comparisonOperator: 'GreaterThanOrEqualToThreshold', threshold: 1 }],
    ['Sum > 0', { statistic: 'Sum', comparisonOperator: 'GreaterThanThreshold', threshold: 0 }],
    ['Sum > 0.5', { statistic: 'Sum', comparisonOperator: 'GreaterThanThreshold', threshold: 0.5 }],
    ['SampleCount >= 1', { statistic: 'SampleCount', comparisonOperator: 'GreaterThanOrEqualToThreshold', threshold: 1 }],
    ['Maximum >= 1', { statistic: 'Maximum', comparisonOperator: 'GreaterThanOrEqualToThreshold', threshold: 1 }],
    ['Average >= 1 (every datapoint is 1)', { statistic: 'Average', comparisonOperator: 'GreaterThanOrEqualToThreshold', threshold: 1 }],
    ['Minimum > 0', { statistic: 'Minimum', comparisonOperator: 'GreaterThanThreshold', threshold: 0 }],
    ['p99 >= 1', { statistic: undefined, extendedStatistic: 'p99', comparisonOperator: 'GreaterThanOrEqualToThreshold', threshold: 1 }],
    ['1 of 3 datapoints', { evaluationPeriods: 3, datapointsToAlarm: 1 }],
    ['missing data treated as missing', { treatMissingData: 'missing' }],
    ['missing data not breaching', { treatMissingData: 'notBreaching' }],
  ] as [string, Partial<MetricAlarm>][])('with %s', (_case, overrides) => {
    expect(fires(overrides)).toBe(true);
  });

  it('with a metric value of 5 and Sum >= 5, but not >= 6', () => {
    expect(fires({ threshold: 5 }, { ...ONE, metricValue: '5' })).toBe(true);
    expect(fires({ threshold: 6 }, { ...ONE, metricValue: '5' })).toMatch(/Sum is then 5, not >= 6/);
  });
});

describe('an alarm does not fire on one event', () => {
  it.each([
    ['Sum > 1', { comparisonOperator: 'GreaterThanThreshold', threshold: 1 }, /does not fire on one event in a period: Sum is then 1, not > 1/],
    ['Sum >= 2', { threshold: 2 }, /Sum is then 1, not >= 2/],
    ['Sum < 1', { comparisonOperator: 'LessThanThreshold', threshold: 1 }, /Sum is then 1, not < 1/],
    ['2 of 3 datapoints', { evaluationPeriods: 3, datapointsToAlarm: 2 }, /needs 2 breaching datapoints \(of 3 periods\)/],
    ['2 evaluation periods, all needed', { evaluationPeriods: 2, datapointsToAlarm: undefined }, /needs 2 breaching datapoints/],
    [
      'an anomaly-detection band',
      { comparisonOperator: 'GreaterThanUpperThreshold', threshold: undefined },
      /compares with GreaterThanUpperThreshold rather than a fixed threshold/,
    ],
    ['no statistic', { statistic: undefined }, /has no statistic/],
    ['missing data breaching', { treatMissingData: 'breaching' }, /treats missing data as breaching/],
    ['missing data ignored', { treatMissingData: 'ignore' }, /after its first alarm it stays in ALARM/],
  ] as [string, Partial<MetricAlarm>, RegExp][])('with %s', (_case, overrides, why) => {
    expect(fires(overrides)).toMatch(why);
  });

  it('when the metric value comes from the event', () => {
    expect(fires({}, { ...ONE, metricValue: '$.requestParameters.count' })).toMatch(
      /counts metric value "\$\.requestParameters\.count", taken from each event/,
    );
  });
});

describe('with a defaultValue, non-matching log events publish datapoints too', () => {
  it.each([
    ['Sum >= 1', { statistic: 'Sum' }],
    ['Maximum >= 1', { statistic: 'Maximum' }],
    ['Average > 0: a lone 1 among zeros still averages above 0', { statistic: 'Average', comparisonOperator: 'GreaterThanThreshold', threshold: 0 }],
  ] as [string, Partial<MetricAlarm>][])('%s still fires', (_case, overrides) => {
    expect(fires(overrides, ZERO_DEFAULT)).toBe(true);
  });

  it.each([
    [
      'SampleCount >= 1 counts the zeros: in ALARM without events',
      { statistic: 'SampleCount' },
      /is in ALARM without events: with defaultValue 0, SampleCount is 1 or more when nothing matches/,
    ],
    ['Average >= 1 is diluted by the zeros', { statistic: 'Average' }, /Average is then between 0 and 1, not >= 1/],
    [
      'Minimum > 0 sees the zeros',
      { statistic: 'Minimum', comparisonOperator: 'GreaterThanThreshold', threshold: 0 },
      /Minimum is then between 0 and 1, not > 0/,
    ],
    ['p90 >= 1 can be a zero', { statistic: undefined, extendedStatistic: 'p90' }, /p90 is then between 0 and 1/],
  ] as [string, Partial<MetricAlarm>, RegExp][])('%s', (_case, overrides, why) => {
    expect(fires(overrides, ZERO_DEFAULT)).toMatch(why);
  });

  it('a defaultValue of 1 with Sum >= 1 is in ALARM whenever anything is logged', () => {
    expect(fires({}, { ...ONE, defaultValue: 1 })).toMatch(/Sum is 1 or more when nothing matches, already >= 1/);
  });
});

describe('a monitor threshold of several events per period', () => {
  it('needs the threshold reached by that many events, in a period at least as long', () => {
    expect(fires({ threshold: 5, period: 300 }, ONE, 5, 300)).toBe(true);
    expect(fires({ statistic: 'SampleCount', threshold: 5, period: 600 }, ONE, 5, 300)).toBe(true);
    expect(fires({ comparisonOperator: 'GreaterThanThreshold', threshold: 4, period: 300 }, ONE, 5, 300)).toBe(true);
    expect(fires({ threshold: 6, period: 300 }, ONE, 5, 300)).toMatch(/does not fire on 5 events in a period: Sum is then 5, not >= 6/);
    expect(fires({ threshold: 5, period: 60 }, ONE, 5, 300)).toMatch(/has a period of 60 s, shorter than 300 s/);
    expect(fires({ statistic: 'Maximum', threshold: 5, period: 300 }, ONE, 5, 300)).toMatch(/Maximum is then 1, not >= 5/);
  });
});
