import { ACCOUNT_ID, IDENTITIES, MANAGEMENT_CALL, requiredEventRecords, variant } from './build.js';
import type { CorpusRecord, RequiredEvents } from './types.js';

/** CloudWatch.5: regional CloudTrail configuration calls. cloudtrail-events.md §6. */
export const CLOUDTRAIL_CONFIG_EVENTS: RequiredEvents = {
  eventSource: 'cloudtrail.amazonaws.com',
  eventNames: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'],
};

const trailArn = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT_ID}:trail/main`;

/** T1: the template. */
const cloudTrailCall = {
  eventVersion: '1.09',
  userIdentity: IDENTITIES.ops,
  eventTime: '2026-01-05T13:10:00Z',
  eventSource: 'cloudtrail.amazonaws.com',
  eventName: 'StopLogging',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '203.0.113.30',
  userAgent: 'aws-cli/2.15.0',
  requestParameters: { name: trailArn },
  responseElements: null,
  readOnly: false,
  ...MANAGEMENT_CALL,
};

function requestParameters(eventName: string): Record<string, unknown> {
  if (eventName === 'CreateTrail') {
    return {
      requestParameters: { name: 'main', s3BucketName: 'example-trail-logs', isMultiRegionTrail: true, includeGlobalServiceEvents: true },
      responseElements: { name: 'main', trailARN: trailArn, s3BucketName: 'example-trail-logs', isMultiRegionTrail: true },
    };
  }
  if (eventName === 'UpdateTrail') return { requestParameters: { name: trailArn, isMultiRegionTrail: false } };
  return {};
}

export const cloudTrailChanges: readonly CorpusRecord[] = requiredEventRecords('T1', cloudTrailCall, CLOUDTRAIL_CONFIG_EVENTS, requestParameters);

export const cloudTrailChangesNearMisses: readonly CorpusRecord[] = [
  variant('T1:DescribeTrails', 'CloudTrail DescribeTrails (read-only)', cloudTrailCall, {
    eventName: 'DescribeTrails',
    requestParameters: { trailNameList: [] },
    readOnly: true,
  }),
  variant('T1:GetTrailStatus', 'CloudTrail GetTrailStatus (read-only)', cloudTrailCall, { eventName: 'GetTrailStatus', readOnly: true }),
  variant('T1:PutEventSelectors', 'CloudTrail PutEventSelectors (not in the CIS list)', cloudTrailCall, {
    eventName: 'PutEventSelectors',
    requestParameters: { trailName: 'main', eventSelectors: [{ readWriteType: 'WriteOnly', includeManagementEvents: true }] },
  }),
  variant('T1:PutInsightSelectors', 'CloudTrail PutInsightSelectors (not in the CIS list)', cloudTrailCall, {
    eventName: 'PutInsightSelectors',
    requestParameters: { trailName: 'main', insightSelectors: [] },
  }),
];
