import { describe, expect, it } from 'vitest';
import { recordsEvent, type SelectorEvent } from '../../../src/checks/lib/trail-selectors.js';
import type { BasicEventSelector, TrailSelectors } from '../../../src/snapshot/types.js';

const write: SelectorEvent = { eventCategory: 'Management', readOnly: false, eventSource: 'iam.amazonaws.com', eventName: 'PutRolePolicy' };
const read: SelectorEvent = { ...write, readOnly: true, eventName: 'GetRolePolicy' };
const kms: SelectorEvent = { ...write, eventSource: 'kms.amazonaws.com', eventName: 'DisableKey' };
const objectWrite: SelectorEvent = {
  eventCategory: 'Data',
  readOnly: false,
  eventSource: 's3.amazonaws.com',
  eventName: 'PutObject',
  resourceType: 'AWS::S3::Object',
  resourceArn: 'arn:aws:s3:::payroll/2026/jan.csv',
};

function basic(overrides: Partial<BasicEventSelector>): TrailSelectors {
  return { basic: [{ readWriteType: 'All', includeManagementEvents: true, excludeManagementEventSources: [], dataResources: [], ...overrides }] };
}

describe('basic event selectors', () => {
  it('record read and write management events with All', () => {
    expect(recordsEvent(basic({}), write).recorded).toBe(true);
    expect(recordsEvent(basic({}), read).recorded).toBe(true);
  });

  it('miss write events with ReadOnly, and say why', () => {
    expect(recordsEvent(basic({ readWriteType: 'ReadOnly' }), write)).toEqual({ recorded: false, why: 'selector records ReadOnly events only' });
    expect(recordsEvent(basic({ readWriteType: 'WriteOnly' }), read).recorded).toBe(false);
  });

  it('miss management events when they are excluded, or only the excluded source', () => {
    expect(recordsEvent(basic({ includeManagementEvents: false }), write).recorded).toBe(false);
    expect(recordsEvent(basic({ excludeManagementEventSources: ['kms.amazonaws.com'] }), kms).why).toContain(
      'excludes management events from kms.amazonaws.com',
    );
    expect(recordsEvent(basic({ excludeManagementEventSources: ['kms.amazonaws.com'] }), write).recorded).toBe(true);
  });

  it('without any selector, record what CloudTrail records by default: every management event, no data event', () => {
    expect(recordsEvent({ basic: [] }, write)).toEqual({ recorded: true });
    expect(recordsEvent({}, kms)).toEqual({ recorded: true });
    expect(
      recordsEvent(
        { basic: [] },
        {
          eventCategory: 'Data',
          readOnly: true,
          eventSource: 's3.amazonaws.com',
          eventName: 'GetObject',
          resourceType: 'AWS::S3::Object',
          resourceArn: 'arn:aws:s3:::payroll/a',
        },
      ).recorded,
    ).toBe(false);
  });

  it('cover a bucket\'s objects only with the trailing "/"', () => {
    const covering = basic({ dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::payroll/'] }] });
    const bucketOnly = basic({ dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::payroll'] }] });
    const allBuckets = basic({ dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] });
    const otherBucket = basic({ dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::payroll-old/'] }] });
    expect(recordsEvent(covering, objectWrite).recorded).toBe(true);
    expect(recordsEvent(allBuckets, objectWrite).recorded).toBe(true);
    expect(recordsEvent(otherBucket, objectWrite).recorded).toBe(false);
    expect(recordsEvent(bucketOnly, objectWrite).why).toContain('lacks the trailing "/"');
  });
});

describe('advanced event selectors', () => {
  it('record management events by eventCategory, with or without readOnly', () => {
    const all: TrailSelectors = { advanced: [{ name: 'mgmt', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] }] };
    const writeOnly: TrailSelectors = {
      advanced: [
        {
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Management'] },
            { field: 'readOnly', equals: ['false'] },
          ],
        },
      ],
    };
    expect(recordsEvent(all, read).recorded).toBe(true);
    expect(recordsEvent(writeOnly, write).recorded).toBe(true);
    expect(recordsEvent(writeOnly, read).why).toContain('does not match on readOnly (event has true)');
  });

  it('honour NotEquals exclusions of event sources', () => {
    const noKms: TrailSelectors = {
      advanced: [
        {
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Management'] },
            { field: 'eventSource', notEquals: ['kms.amazonaws.com'] },
          ],
        },
      ],
    };
    expect(recordsEvent(noKms, write).recorded).toBe(true);
    expect(recordsEvent(noKms, kms).recorded).toBe(false);
  });

  it('take advanced selectors over basic ones', () => {
    const selectors: TrailSelectors = { ...basic({}), advanced: [{ fieldSelectors: [{ field: 'eventCategory', equals: ['Data'] }] }] };
    expect(recordsEvent(selectors, write).recorded).toBe(false);
  });

  it('cover objects with StartsWith on "bucket/", not Equals on the bucket ARN', () => {
    const data = (arn: { equals?: string[]; startsWith?: string[] }): TrailSelectors => ({
      advanced: [
        {
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
            { field: 'resources.ARN', ...arn },
          ],
        },
      ],
    });
    expect(recordsEvent(data({ startsWith: ['arn:aws:s3:::payroll/'] }), objectWrite).recorded).toBe(true);
    expect(recordsEvent(data({ equals: ['arn:aws:s3:::payroll'] }), objectWrite).why).toContain('Equals on the bucket ARN matches the bucket, not its objects');
  });

  it('do not rely on selectors that test fields trailwarden does not model', () => {
    const byUser: TrailSelectors = {
      advanced: [
        {
          fieldSelectors: [
            { field: 'eventCategory', equals: ['Management'] },
            { field: 'userIdentity.arn', notStartsWith: ['arn:aws:iam::1:role/noisy'] },
          ],
        },
      ],
    };
    expect(recordsEvent(byUser, write).recorded).toBe(false);
  });
});
