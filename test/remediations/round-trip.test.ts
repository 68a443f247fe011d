import { afterEach, describe, expect, it } from 'vitest';
import { FakeAccount } from './fake-account.js';
import { apply, loadExample, plan } from './helpers.js';

/**
 * The whole `fix` on the bundled insecure account: apply the plan to a fake account, read the
 * account back as the collector would, and plan again: nothing is left to do.
 */
describe('fix on the insecure example account', () => {
  let account: FakeAccount | undefined;
  afterEach(() => account?.restore());

  for (const via of ['metric-filter', 'eventbridge'] as const) {
    it(`applies, and a second plan is empty (--via ${via})`, async () => {
      const snapshot = loadExample();
      account = new FakeAccount(snapshot);
      const options = {
        via,
        notify: { protocol: 'email', endpoint: 'secops@example.com' },
        kmsKey: { create: true as const },
        accessLogBucket: 'access-logs-123456789012',
      };
      const first = plan(snapshot, options);
      expect(first.actions.length).toBeGreaterThan(10);
      const report = await apply(first, account);
      expect(report.failure).toBeUndefined();
      expect(report.applied).toHaveLength(first.actions.length);

      const second = plan(account.snapshot(), options);
      expect(second.actions.map((a) => a.summary)).toEqual([]);
    });
  }

  it('after a failure halfway, a second run completes what the first left', async () => {
    const snapshot = loadExample();
    account = new FakeAccount(snapshot);
    const options = { via: 'metric-filter' as const, notify: { protocol: 'email', endpoint: 'secops@example.com' } };
    const first = plan(snapshot, options);
    account.failNext('logs:PutMetricFilter', 'ThrottlingException');
    const report = await apply(first, account);
    expect(report.failure?.call.operation).toBe('PutMetricFilter');
    expect(report.applied.length + 1 + report.notApplied.length).toBe(first.actions.length);
    expect(report.applied.length).toBeGreaterThan(3);

    const rerun = await apply(plan(account.snapshot(), options), account);
    expect(rerun.failure).toBeUndefined();
    expect(plan(account.snapshot(), options).actions).toEqual([]);
  });
});
