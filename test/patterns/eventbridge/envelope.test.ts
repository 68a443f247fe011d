import { describe, expect, it } from 'vitest';
import { cloudTrailEnvelope } from '../../../src/patterns/eventbridge/index.js';
import { iamUserConsoleLogin, iamUserFailedLogin, kmsRotateKey, rootApiCall } from './records.js';

/** The two envelopes of cloudtrail-events.md §16; their records carry no eventTime or eventID. */
const apiCallEnvelope = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.iam',
  account: '111122223333',
  time: '2026-01-05T13:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' },
    eventSource: 'iam.amazonaws.com',
    eventName: 'PutRolePolicy',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
  },
};
const signInEnvelope = {
  version: '0',
  id: '9343a1b2-3434-4343-8772-000000000001',
  'detail-type': 'AWS Console Sign In via CloudTrail',
  source: 'aws.signin',
  account: '111122223333',
  time: '2022-11-10T16:24:34Z',
  region: 'us-east-2',
  resources: [],
  detail: {
    eventVersion: '1.05',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/anaya', accountId: '111122223333', userName: 'anaya' },
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-2',
    sourceIPAddress: '192.0.2.0',
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { MFAUsed: 'No' },
    eventType: 'AwsConsoleSignIn',
  },
};

describe('the CloudTrail envelope on EventBridge', () => {
  it.each([
    ['an API call', apiCallEnvelope],
    ['a console sign-in', signInEnvelope],
  ])('wraps %s as in the reference', (_, expected) => {
    const { detail, id, time, ...envelopeFields } = expected;
    const record = { ...detail, eventID: id, eventTime: time };
    expect(cloudTrailEnvelope(record)).toEqual({ ...envelopeFields, id, time, detail: record });
  });

  it('keeps the record itself as detail', () => {
    expect(cloudTrailEnvelope(rootApiCall)['detail']).toBe(rootApiCall);
  });

  it.each([
    ['AwsApiCall', 'AWS API Call via CloudTrail'],
    ['AwsConsoleSignIn', 'AWS Console Sign In via CloudTrail'],
    ['AwsConsoleSignin', 'AWS Console Sign In via CloudTrail'],
    ['AwsConsoleAction', 'AWS Console Action via CloudTrail'],
    ['AwsServiceEvent', 'AWS Service Event via CloudTrail'],
    ['AwsCloudTrailInsight', 'AWS Insight via CloudTrail'],
  ])('gives eventType %s the detail-type "%s"', (eventType, detailType) => {
    expect(cloudTrailEnvelope({ eventType, eventSource: 'iam.amazonaws.com' })['detail-type']).toBe(detailType);
  });

  it('reads a record without eventType as a sign-in when it comes from the sign-in service, else as an API call', () => {
    expect(cloudTrailEnvelope(iamUserFailedLogin)['detail-type']).toBe('AWS Console Sign In via CloudTrail');
    expect(cloudTrailEnvelope({ eventSource: 'ec2.amazonaws.com' })['detail-type']).toBe('AWS API Call via CloudTrail');
  });

  it.each([['AwsVpceEvent'], ['constructor']])('leaves out a detail-type it does not know (%s)', (eventType) => {
    expect(cloudTrailEnvelope({ eventType, eventSource: 'ec2.amazonaws.com' })).not.toHaveProperty('detail-type');
  });

  it.each([
    ['iam.amazonaws.com', 'aws.iam'],
    ['signin.amazonaws.com', 'aws.signin'],
    ['organizations.amazonaws.com', 'aws.organizations'],
    ['monitoring.amazonaws.com', 'aws.cloudwatch'],
  ])('names the source of %s %s', (eventSource, source) => {
    expect(cloudTrailEnvelope({ eventType: 'AwsApiCall', eventSource })['source']).toBe(source);
  });

  it('puts the event in the Region of the record: sign-in at its Regional endpoint, IAM in us-east-1', () => {
    expect(cloudTrailEnvelope(iamUserConsoleLogin)['region']).toBe('us-east-2');
    expect(cloudTrailEnvelope(rootApiCall)['region']).toBe('us-east-1');
    expect(cloudTrailEnvelope(kmsRotateKey)['region']).toBe('us-east-2');
  });

  it('takes the account from the caller, else the recipient account, else the identity', () => {
    expect(cloudTrailEnvelope(rootApiCall, '444455556666')['account']).toBe('444455556666');
    expect(cloudTrailEnvelope({ ...rootApiCall, recipientAccountId: '777788889999' })['account']).toBe('777788889999');
    expect(cloudTrailEnvelope(iamUserConsoleLogin)['account']).toBe('111122223333');
  });

  it('gives a record without eventID a fixed id, and leaves out what the record cannot supply', () => {
    expect(cloudTrailEnvelope({})).toEqual({
      version: '0',
      id: '00000000-0000-0000-0000-000000000000',
      'detail-type': 'AWS API Call via CloudTrail',
      resources: [],
      detail: {},
    });
  });
});
