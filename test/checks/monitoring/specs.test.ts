import { describe, expect, it } from 'vitest';
import { eventBridgeFactsOf, eventMonitoringControls, monitoringControls } from '../../../src/checks/monitoring/index.js';
import { parseFilterPattern, evaluateFilterPattern } from '../../../src/patterns/filter/index.js';

const verdict = (pattern: string, message: string) => {
  const parsed = parseFilterPattern(pattern);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return evaluateFilterPattern(parsed.pattern, message).verdict;
};

describe('the monitoring controls', () => {
  it('come in ID order: CloudWatch.1-14, TW.1, CloudWatch.15, CloudWatch.17', () => {
    expect(monitoringControls.map((control) => control.id)).toEqual([
      ...Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`),
      'TW.1',
      'CloudWatch.15',
      'CloudWatch.17',
    ]);
  });

  it('carry Security Hub IDs, CIS sections and severities', () => {
    for (const control of monitoringControls) {
      expect(control.family).toBe('monitoring');
      expect(control.securityHubId).toBe(control.id.startsWith('CloudWatch.') ? control.id : undefined);
      for (const text of [control.title, control.rationale, control.remediation, control.decides]) expect(text.length).toBeGreaterThan(20);
    }
    for (const control of eventMonitoringControls) expect(control.severity).toBe('LOW');
    const byId = new Map(monitoringControls.map((control) => [control.id, control]));
    const sections = (id: string) => Object.fromEntries(Object.entries(byId.get(id)?.cis ?? {}).map(([version, { section }]) => [version, section]));
    expect(sections('CloudWatch.1')).toEqual({
      '1.2.0': '3.3',
      '1.4.0': '4.3',
      '3.0.0': '4.3',
      '4.0.1': '4.3',
      '5.0.0': '4.3',
      '6.0.0': '5.3',
      '7.0.0': '5.3',
    });
    expect(sections('CloudWatch.2')).toEqual({
      '1.2.0': '3.1',
      '1.4.0': '4.1',
      '3.0.0': '4.1',
      '4.0.1': '4.1',
      '5.0.0': '4.1',
      '6.0.0': '5.1',
      '7.0.0': '5.1',
    });
    expect(sections('CloudWatch.14')).toEqual({
      '1.2.0': '3.14',
      '1.4.0': '4.14',
      '3.0.0': '4.14',
      '4.0.1': '4.14',
      '5.0.0': '4.14',
      '6.0.0': '5.14',
      '7.0.0': '5.14',
    });
    expect(sections('TW.1')).toEqual({ '1.4.0': '4.15', '3.0.0': '4.15', '4.0.1': '4.15', '5.0.0': '4.15', '6.0.0': '5.15', '7.0.0': '5.15' });
    expect([byId.get('CloudWatch.15')?.severity, byId.get('CloudWatch.17')?.severity]).toEqual(['HIGH', 'HIGH']);
  });
});

describe.each(eventMonitoringControls.map((control) => [control.id, control] as const))('%s spec', (_id, control) => {
  const { spec } = control;

  it('has a CIS pattern that matches every positive record and no near-miss', () => {
    for (const record of spec.positives) expect([record.id, verdict(spec.filterPattern, record.message)]).toEqual([record.id, 'match']);
    for (const record of spec.negatives) expect([record.id, verdict(spec.filterPattern, record.message)]).toEqual([record.id, 'no-match']);
  });

  it('names a positive record for every required event', () => {
    for (const { eventSource, eventNames } of spec.requiredEvents ?? []) {
      for (const eventName of eventNames) {
        expect(
          spec.positives.some((record) => record.eventSource === eventSource && record.eventName === eventName),
          eventName,
        ).toBe(true);
      }
    }
  });

  it('states EventBridge facts that agree with its records', () => {
    const implied = eventBridgeFactsOf(spec.positives);
    const sorted = (list: readonly string[]) => [...list].sort();
    expect(sorted(spec.eventBridge.detailTypes)).toEqual(sorted(implied.detailTypes));
    expect(spec.eventBridge.needsReadOnlyEvents).toBe(implied.needsReadOnlyEvents);
    if (spec.eventBridge.sources !== 'any') expect(sorted(spec.eventBridge.sources)).toEqual(sorted(implied.sources));
    // Facts may ask for us-east-1 on top of what the records imply (sign-in through the global endpoint), never less.
    const allowed = {
      'global-us-east-1': ['global-us-east-1'],
      'every-region': ['every-region', 'every-region-and-us-east-1'],
      'every-region-and-us-east-1': ['every-region-and-us-east-1'],
    };
    expect(allowed[implied.regions]).toContain(spec.eventBridge.regions);
  });
});
