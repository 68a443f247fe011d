import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/junit.js';
import { CONTROLS, TRAIL_MAIN, fixtureReport, result } from './fixtures.js';

interface Testcase {
  '@_classname': string;
  '@_name': string;
  failure?: { '@_message': string; '@_type': string };
  error?: { '@_type': string };
  skipped?: { '@_message': string };
}
interface Testsuite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  testcase: Testcase[];
}

function parse(xml: string) {
  const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' });
  return parser.parse(xml) as { testsuites: Record<string, string> & { testsuite: Testsuite[] } };
}

describe('renderJunit', () => {
  const xml = renderJunit(fixtureReport({ suppressions: [{ control: 'CloudWatch.1', reason: 'accepted' }] }), CONTROLS, {});
  const { testsuites } = parse(xml);

  it('is well-formed XML', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('has a suite per control family with the counts', () => {
    expect(testsuites['@_tests']).toBe('8');
    expect(testsuites.testsuite.map((s) => [s['@_name'], s['@_tests'], s['@_failures'], s['@_errors'], s['@_skipped']])).toEqual([
      ['cloudtrail', '5', '2', '1', '0'],
      ['monitoring', '2', '0', '0', '2'],
      ['logs', '1', '1', '0', '0'],
    ]);
  });

  it('maps FAIL to failure, ERROR to error, NOT_APPLICABLE and suppressed to skipped', () => {
    const cases = testsuites.testsuite.flatMap((s) => s.testcase);
    const kind = (c: Testcase) => (c.failure ? 'failure' : c.error ? 'error' : c.skipped ? 'skipped' : 'passed');
    expect(cases.map((c) => `${c['@_classname']} ${kind(c)}`)).toEqual([
      'CloudTrail.1 failure',
      'CloudTrail.1 passed',
      'CloudTrail.1 passed',
      'CloudTrail.4 error',
      'CloudTrail.4 failure',
      'CloudWatch.1 skipped',
      'CloudWatch.1 skipped',
      'TW.1 failure',
    ]);
    const tw = cases.at(-1)!;
    expect(tw['@_name']).toBe(TRAIL_MAIN);
    expect(tw.failure?.['@_type']).toBe('CRITICAL');
    expect(tw.failure?.['@_message']).toBe('trail main: latest delivery 2026-11-20T00:00:00Z | 82 h ago <stale>');
    expect(cases[3]!.error?.['@_type']).toBe('AccessDenied');
    expect(cases[6]!.skipped?.['@_message']).toBe('suppressed: accepted');
  });

  it('drops characters XML cannot carry', () => {
    const nasty = renderJunit(fixtureReport({ results: [result('CloudTrail.1', 'FAIL', TRAIL_MAIN, 'bad \u0000\u001b byte & "quote"')] }), CONTROLS, {});
    expect(XMLValidator.validate(nasty)).toBe(true);
    expect(nasty).toContain('message="bad  byte &amp; &quot;quote&quot;"');
  });
});
