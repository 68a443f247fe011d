import type { MetricAlarm, MetricTransformation } from '../../../snapshot/types.js';
import type { FiringRequirement } from '../spec.js';

/**
 * Does an alarm notify when `events` matching events happen in one period?
 *
 * Alarm actions run on a change of state, so two things must hold:
 *  - a period with the events breaches the threshold (the alarm fires), and
 *  - a period without them does not (otherwise the alarm sits in ALARM and never changes again).
 *
 * A metric filter publishes its metricValue v for each matching log event and, if it has a
 * defaultValue d, publishes d for log events that do not match. How many of those share a period
 * is unknown, so a statistic yields a range of possible datapoints. Every value of the firing range
 * must breach, and no value of the quiet range may. With v = 1 and no defaultValue this reduces to
 * the familiar rule: Sum/SampleCount/Maximum ≥ 1, or > 0.
 */

export type FiringVerdict = { fires: true } | { fires: false; why: string };

/** Possible datapoint values: an interval whose ends may be infinite or not attained. */
interface Range {
  low: number;
  lowIncluded: boolean;
  high: number;
  highIncluded: boolean;
}

type Operator = 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';

const OPERATORS: Record<Operator, { symbol: string; upward: boolean; strict: boolean; opposite: Operator }> = {
  GreaterThanOrEqualToThreshold: { symbol: '>=', upward: true, strict: false, opposite: 'LessThanThreshold' },
  GreaterThanThreshold: { symbol: '>', upward: true, strict: true, opposite: 'LessThanOrEqualToThreshold' },
  LessThanThreshold: { symbol: '<', upward: false, strict: true, opposite: 'GreaterThanOrEqualToThreshold' },
  LessThanOrEqualToThreshold: { symbol: '<=', upward: false, strict: false, opposite: 'GreaterThanThreshold' },
};

const NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;

export function firesOnEvents(alarm: MetricAlarm, transformation: MetricTransformation, required: FiringRequirement): FiringVerdict {
  const fail = (why: string): FiringVerdict => ({ fires: false, why: `alarm ${alarm.name} ${why}` });
  if (!NUMBER.test(transformation.metricValue.trim())) {
    return fail(`counts metric value "${transformation.metricValue}", taken from each event, so what one event publishes is unknown`);
  }
  const value = Number(transformation.metricValue);
  const statistic = alarm.statistic ?? alarm.extendedStatistic;
  if (statistic === undefined) return fail('has no statistic');
  const operator = alarm.comparisonOperator as Operator | undefined;
  if (operator === undefined || !(operator in OPERATORS) || alarm.threshold === undefined) {
    return fail(`compares with ${alarm.comparisonOperator ?? 'nothing'} rather than a fixed threshold`);
  }
  const datapoints = alarm.datapointsToAlarm ?? alarm.evaluationPeriods ?? 1;
  if (datapoints > 1) {
    return fail(`needs ${datapoints} breaching datapoints (of ${alarm.evaluationPeriods ?? datapoints} periods), but events in one period make one`);
  }
  if (required.periodSeconds !== undefined && (alarm.period ?? 0) < required.periodSeconds) {
    return fail(
      `has a period of ${alarm.period ?? 0} s, shorter than ${required.periodSeconds} s, so ${required.events} events in one such period can be split across alarm periods`,
    );
  }

  const { symbol } = OPERATORS[operator];
  const threshold = alarm.threshold;
  const defaultValue = transformation.defaultValue;
  const events = required.events;
  const firing = firingRange(statistic, value, events, defaultValue);
  if (!everyValue(firing, operator, threshold)) {
    return fail(
      `does not fire on ${events === 1 ? 'one event' : `${events} events`} in a period: ${statistic} is then ${describe(firing)}, not ${symbol} ${threshold}`,
    );
  }
  if (defaultValue === undefined) {
    if (alarm.treatMissingData === 'breaching') {
      return fail('treats missing data as breaching: it is in ALARM while nothing happens, and an event changes no state, so nothing is sent');
    }
    if (alarm.treatMissingData === 'ignore') {
      return fail('ignores missing data: after its first alarm it stays in ALARM, and later events change no state, so nothing is sent');
    }
    return { fires: true };
  }
  const quiet = quietRange(statistic, defaultValue);
  if (!everyValue(quiet, OPERATORS[operator].opposite, threshold)) {
    return fail(
      `is in ALARM without events: with defaultValue ${defaultValue}, ${statistic} is ${describe(quiet)} when nothing matches, already ${symbol} ${threshold}; an event changes no state, so nothing is sent`,
    );
  }
  return { fires: true };
}

/** The datapoint of a period with `events` matching log events (each v) and any number of others (each d). */
function firingRange(statistic: string, v: number, events: number, d: number | undefined): Range {
  if (d === undefined) {
    if (statistic === 'Sum') return point(events * v);
    return statistic === 'SampleCount' ? point(events) : point(v);
  }
  switch (statistic) {
    case 'Sum':
      return d === 0
        ? point(events * v)
        : d > 0
          ? { ...point(events * v), high: Infinity, highIncluded: false }
          : { ...point(events * v), low: -Infinity, lowIncluded: false };
    case 'SampleCount':
      return { ...point(events), high: Infinity, highIncluded: false };
    case 'Maximum':
      return hull(v, Math.max(v, d));
    case 'Minimum':
      return hull(Math.min(v, d), v);
    case 'Average':
      // (events·v + k·d) / (events + k) runs from v (k = 0) towards d, never reaching it.
      if (d === v) return point(v);
      return d < v ? { low: d, lowIncluded: false, high: v, highIncluded: true } : { low: v, lowIncluded: true, high: d, highIncluded: false };
    default:
      // Percentiles and trimmed statistics of a mix of v's and d's lie between the two.
      return hull(v, d);
  }
}

/** The datapoint of a period with log events but no match: every one publishes d. */
function quietRange(statistic: string, d: number): Range {
  if (statistic === 'Sum')
    return d === 0 ? point(0) : d > 0 ? { ...point(d), high: Infinity, highIncluded: false } : { ...point(d), low: -Infinity, lowIncluded: false };
  return statistic === 'SampleCount' ? { ...point(1), high: Infinity, highIncluded: false } : point(d);
}

/** Comparisons are monotone, so the range end farthest from breaching decides. */
function everyValue(range: Range, operator: Operator, threshold: number): boolean {
  const { upward, strict } = OPERATORS[operator];
  const [end, included] = upward ? [range.low, range.lowIncluded] : [range.high, range.highIncluded];
  // An end that is not attained only needs to reach the threshold: every value lies strictly beyond it.
  const mustBeStrict = strict && included;
  return upward ? (mustBeStrict ? end > threshold : end >= threshold) : mustBeStrict ? end < threshold : end <= threshold;
}

function point(x: number): Range {
  return { low: x, lowIncluded: true, high: x, highIncluded: true };
}

function hull(a: number, b: number): Range {
  return { low: Math.min(a, b), lowIncluded: true, high: Math.max(a, b), highIncluded: true };
}

function describe(range: Range): string {
  if (range.low === range.high) return String(range.low);
  if (range.high === Infinity) return range.lowIncluded ? `${range.low} or more` : `more than ${range.low}`;
  if (range.low === -Infinity) return range.highIncluded ? `${range.high} or less` : `less than ${range.high}`;
  return `between ${range.low} and ${range.high}`;
}
