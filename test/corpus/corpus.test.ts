import { describe, expect, it } from 'vitest';
import {
  CLOUDTRAIL_CONFIG_EVENTS,
  cloudTrailChanges,
  CONFIG_CHANGE_EVENTS,
  configChanges,
  CORPUS,
  IAM_POLICY_EVENTS,
  iamPolicyChanges,
  KMS_KEY_DELETION_EVENTS,
  kmsKeyDeletion,
  NACL_EVENTS,
  naclChanges,
  NETWORK_GATEWAY_EVENTS,
  networkGatewayChanges,
  ORGANIZATIONS_EVENTS,
  organizationsChanges,
  ROUTE_TABLE_EVENTS,
  routeTableChanges,
  S3_BUCKET_POLICY_EVENTS,
  s3BucketPolicyChanges,
  SECURITY_GROUP_EVENTS,
  securityGroupChanges,
  VPC_EVENTS,
  vpcChanges,
  type CorpusRecord,
  type RequiredEvents,
} from '../../src/corpus/index.js';

/** cloudtrail-events.md §0: the order CloudTrail writes fields in. */
const CLOUDTRAIL_ORDER = [
  'eventVersion',
  'userIdentity',
  'eventTime',
  'eventSource',
  'eventName',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'requestParameters',
  'responseElements',
  'additionalEventData',
  'requestID',
  'eventID',
  'readOnly',
  'resources',
  'eventType',
  'managementEvent',
  'recipientAccountId',
  'eventCategory',
];

describe('corpus records', () => {
  it('have unique ids', () => {
    const ids = CORPUS.map((record) => record.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(CORPUS.map((record) => [record.id, record] as const))('%s is one line of valid JSON with the required fields', (_id, record) => {
    expect(record.message).not.toMatch(/\n/);
    const parsed = JSON.parse(record.message) as Record<string, unknown>;
    for (const field of ['eventVersion', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'eventType', 'userIdentity']) {
      expect(parsed, field).toHaveProperty(field);
    }
    expect(parsed).toEqual(record.record);
    expect(record.region).toBe(parsed.awsRegion);
    expect(record.eventSource).toBe(parsed.eventSource);
    expect(record.eventName).toBe(parsed.eventName);
    expect(record.readOnly).toBe(parsed.readOnly === true);
    expect(record.summary.length).toBeGreaterThan(0);
  });

  it.each(CORPUS.map((record) => [record.id, record] as const))('%s is serialised compactly in CloudTrail field order', (_id, record) => {
    expect(record.message).toBe(JSON.stringify(JSON.parse(record.message)));
    const known = Object.keys(JSON.parse(record.message) as object).filter((field) => CLOUDTRAIL_ORDER.includes(field));
    expect(known).toEqual([...known].sort((a, b) => CLOUDTRAIL_ORDER.indexOf(a) - CLOUDTRAIL_ORDER.indexOf(b)));
  });

  it('has records of more than one eventVersion, so no test depends on it', () => {
    expect(new Set(CORPUS.map((record) => record.record.eventVersion)).size).toBeGreaterThan(1);
  });

  it('places global-service events in us-east-1 and marks them global', () => {
    for (const record of CORPUS.filter((r) => ['iam.amazonaws.com', 'organizations.amazonaws.com'].includes(r.eventSource))) {
      expect([record.id, record.region, record.scope]).toEqual([record.id, 'us-east-1', 'global']);
    }
    const signIns = CORPUS.filter((r) => r.eventName === 'ConsoleLogin');
    expect(signIns.find((r) => r.id === 'R1')?.scope).toBe('global');
    expect(signIns.find((r) => r.id === 'M1')?.scope).toBe('regional');
  });
});

describe('required events', () => {
  const lists: [string, RequiredEvents, readonly CorpusRecord[]][] = [
    ['CloudWatch.4', IAM_POLICY_EVENTS, iamPolicyChanges],
    ['CloudWatch.5', CLOUDTRAIL_CONFIG_EVENTS, cloudTrailChanges],
    ['CloudWatch.7', KMS_KEY_DELETION_EVENTS, kmsKeyDeletion],
    ['CloudWatch.8', S3_BUCKET_POLICY_EVENTS, s3BucketPolicyChanges],
    ['CloudWatch.9', CONFIG_CHANGE_EVENTS, configChanges],
    ['CloudWatch.10', SECURITY_GROUP_EVENTS, securityGroupChanges],
    ['CloudWatch.11', NACL_EVENTS, naclChanges],
    ['CloudWatch.12', NETWORK_GATEWAY_EVENTS, networkGatewayChanges],
    ['CloudWatch.13', ROUTE_TABLE_EVENTS, routeTableChanges],
    ['CloudWatch.14', VPC_EVENTS, vpcChanges],
    ['TW.1', ORGANIZATIONS_EVENTS, organizationsChanges],
  ];

  it.each(lists)('%s has one successful positive record per required event name', (_control, required, records) => {
    expect(records.map((record) => record.eventName)).toEqual(required.eventNames);
    for (const record of records) {
      expect(record.eventSource).toBe(required.eventSource);
      expect(record.record).not.toHaveProperty('errorCode');
      expect(record.summary).toBe(record.eventName);
    }
  });

  it('counts 16 IAM policy events and 18 Organizations events, as CIS lists them', () => {
    expect(IAM_POLICY_EVENTS.eventNames).toHaveLength(16);
    expect(ORGANIZATIONS_EVENTS.eventNames).toHaveLength(18);
  });
});
