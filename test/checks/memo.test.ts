import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { evaluateControls } from '../../src/checks/engine.js';
import { EvaluationMemo, memoized, memoKey } from '../../src/checks/memo.js';
import { monitoringControls } from '../../src/checks/monitoring/index.js';
import { alarm, logGroup, metricFilter, ok, snapshotWith } from './fixtures.js';

const cloudWatch15 = monitoringControls.find((control) => control.id === 'CloudWatch.15')!;
const cloudWatch1 = monitoringControls.find((control) => control.id === 'CloudWatch.1')!;

describe('the evaluation owns its caches (EvaluationMemo)', () => {
  it('a second evaluation of a changed snapshot sees the change (no verdict kept per snapshot object)', () => {
    const silent = alarm({ name: 'silent', alarmActions: [] });
    const snapshot = snapshotWith({ logGroups: [logGroup({}, { metricFilters: ok([metricFilter()]) })], alarms: [silent] });
    const judged = () =>
      evaluateControls(snapshot, [cloudWatch15, cloudWatch1], { config: DEFAULT_CONFIG }).map(
        (result) => `${result.controlId} ${result.status} ${result.resource.arn}`,
      );
    expect(judged()).toContain(`CloudWatch.15 FAIL ${silent.arn}`);
    // A repair adds an alarm (as fix's draft does): the alarms by metric are indexed again.
    const added = alarm({ name: 'added' });
    const alarms = snapshot.regionData[0]!.alarms;
    if (!alarms?.ok) throw new Error('fixture has alarms');
    alarms.value.push(added);
    expect(judged()).toContain(`CloudWatch.15 PASS ${added.arn}`);
  });

  it('shares a value within one evaluation of one snapshot, and only there', () => {
    const key = memoKey<object>('test');
    const snapshot = snapshotWith();
    const memo = new EvaluationMemo(snapshot);
    const first = memoized(snapshot, memo, key, () => ({}));
    expect(memoized(snapshot, memo, key, () => ({}))).toBe(first);
    expect(memoized(snapshotWith(), memo, key, () => ({}))).not.toBe(first);
    expect(memoized(snapshot, undefined, key, () => ({}))).not.toBe(first);
  });
});
