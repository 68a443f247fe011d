import { describe, expect, it } from 'vitest';
import { multiRegionTrail } from '../../../src/checks/cloudtrail/cloudtrail-1-multi-region-trail.js';
import { advancedSelector, basicSelector, evaluate, failed, ok, orgTrail, snapshotWith, trail, trailStatus } from '../fixtures.js';

const onlyResult = (trails: ReturnType<typeof trail>[], parts = {}) => {
  const findings = evaluate(multiRegionTrail, snapshotWith({ trails, ...parts }));
  expect(findings).toHaveLength(1);
  expect(findings[0]!.resource).toEqual({ arn: 'AWS::::Account:123456789012', type: 'AwsAccount', region: 'global' });
  return findings[0]!;
};

describe('CloudTrail.1 multi-Region trail recording all management events', () => {
  it('passes with a multi-Region logging trail recording read and write management events', () => {
    const result = onlyResult([trail()]);
    expect(result.status).toBe('PASS');
    expect(result.reason).toBe('trail main is multi-Region, logging, and records all read and write management events');
  });

  it('passes with advanced selectors on eventCategory = Management', () => {
    const advanced = ok({ advanced: [advancedSelector('management', { field: 'eventCategory', equals: ['Management'] })] });
    expect(onlyResult([trail({ selectors: advanced })]).status).toBe('PASS');
  });

  it('counts an organization trail owned by the management account, and says so', () => {
    const result = onlyResult([orgTrail()]);
    expect(result.status).toBe('PASS');
    expect(result.reason).toContain('trail org-trail (organization trail owned by 111111111111)');
  });

  it('fails without any trail', () => {
    expect(onlyResult([])).toMatchObject({ status: 'FAIL', reason: 'the account has no trail' });
  });

  it.each([
    ['a single-Region trail', trail({ isMultiRegionTrail: false }), 'trail main is single-Region (us-east-1 only)'],
    [
      'a trail that is not logging',
      trail({ status: trailStatus({ isLogging: false, stopLoggingTime: '2026-02-01T00:00:00.000Z' }) }),
      'trail main is not logging since 2026-02-01T00:00:00.000Z',
    ],
    [
      'write-only basic selectors',
      trail({ selectors: ok({ basic: [basicSelector({ readWriteType: 'WriteOnly' })] }) }),
      'does not record read management events (selector records WriteOnly events only)',
    ],
    [
      'an excluded event source',
      trail({ selectors: ok({ basic: [basicSelector({ excludeManagementEventSources: ['kms.amazonaws.com'] })] }) }),
      'read management events from kms.amazonaws.com, write management events from kms.amazonaws.com',
    ],
    [
      'advanced selectors on writes only',
      trail({
        selectors: ok({ advanced: [advancedSelector('writes', { field: 'eventCategory', equals: ['Management'] }, { field: 'readOnly', equals: ['false'] })] }),
      }),
      'selector "writes" does not match on readOnly (event has true)',
    ],
  ])('fails with %s, naming the trail and what it lacks', (_, candidate, missing) => {
    const result = onlyResult([candidate]);
    expect(result.status).toBe('FAIL');
    expect(result.reason).toContain('closest is trail main: ');
    expect(result.reason).toContain(missing);
  });

  it('passes a trail without any selector: CloudTrail then records every management event', () => {
    expect(onlyResult([trail({ selectors: ok({ basic: [] }) })]).status).toBe('PASS');
  });

  it('names every gap of the closest trail', () => {
    const result = onlyResult([trail({ isMultiRegionTrail: false, status: trailStatus({ isLogging: false }) })]);
    expect(result.reason).toBe(
      'no trail is multi-Region, logging and recording all read and write management events; closest is trail main: trail main is single-Region (us-east-1 only); trail main is not logging',
    );
  });

  it('names the closest of several failing trails', () => {
    const farther = trail({ name: 'old', isMultiRegionTrail: false, status: trailStatus({ isLogging: false }) });
    const closer = trail({ name: 'regional', isMultiRegionTrail: false });
    const result = onlyResult([farther, closer]);
    expect(result.reason).toContain('closest is trail regional: trail regional is single-Region');
    expect(result.evidence).toMatchObject({ closestTrail: closer.arn });
  });

  it('reports ERROR when the selectors that would decide could not be read', () => {
    const result = onlyResult([trail({ selectors: failed('cloudtrail:GetEventSelectors') })]);
    expect(result.status).toBe('ERROR');
    expect(result.reason).toBe(
      'could not read the event selectors of trail main: cloudtrail:GetEventSelectors in us-east-1 failed with AccessDeniedException (User is not authorized to perform cloudtrail:GetEventSelectors)',
    );
    expect(result.error?.operation).toBe('cloudtrail:GetEventSelectors');
  });

  it('fails rather than errs when a trail fails anyway', () => {
    const result = onlyResult([trail({ isMultiRegionTrail: false, status: failed('cloudtrail:GetTrailStatus') })]);
    expect(result.status).toBe('FAIL');
  });

  it('passes when one trail qualifies, whatever could not be read about another', () => {
    const unreadable = orgTrail({ status: failed('cloudtrail:GetTrailStatus'), selectors: failed('cloudtrail:GetEventSelectors') });
    expect(onlyResult([unreadable, trail()]).status).toBe('PASS');
  });

  it('still decides when one Region could not be listed, since multi-Region trails show in every Region', () => {
    expect(onlyResult([], { trailListingFailures: ['eu-west-1'] }).status).toBe('FAIL');
  });

  it('reports ERROR when no Region could be listed', () => {
    const result = onlyResult([], { trailListingFailures: ['us-east-1', 'eu-west-1'] });
    expect(result.status).toBe('ERROR');
    expect(result.reason).toContain('could not read the trails of any Region: cloudtrail:DescribeTrails');
  });
});
