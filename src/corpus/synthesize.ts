import { corpusRecord, IDENTITIES, MANAGEMENT_CALL } from './build.js';
import type { CloudTrailRecord, CorpusRecord } from './types.js';

/**
 * Records for user-defined monitors (trailwarden.config.yaml), which name events rather than
 * supply them. The region is arbitrary: the monitoring chain re-homes regional events into every
 * region, and global-service events belong in us-east-1 anyway.
 */

/** CloudTrail marks these calls read-only; the prefixes are AWS's naming convention, not a documented rule. */
const READ_ONLY_NAME = /^(Get|List|Describe|Head|Lookup|Search|BatchGet)[A-Z]/;

/** A successful call by an IAM user, as CloudTrail would record `eventName` of `eventSource`. */
export function syntheticCall(id: string, eventSource: string, eventName: string): CorpusRecord {
  return corpusRecord(id, eventName, {
    eventVersion: '1.09',
    userIdentity: IDENTITIES.alice,
    eventTime: '2026-01-05T15:00:00Z',
    eventSource,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: null,
    responseElements: null,
    readOnly: READ_ONLY_NAME.test(eventName),
    ...MANAGEMENT_CALL,
  });
}

/** A record the user supplied, used as is; only a missing awsRegion is filled in (us-east-1). */
export function sampleRecord(id: string, summary: string, record: CloudTrailRecord): CorpusRecord {
  return corpusRecord(id, summary, { awsRegion: 'us-east-1', ...record });
}
