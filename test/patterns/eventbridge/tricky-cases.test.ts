import { describe, expect, it } from 'vitest';
import { cloudTrailEnvelope, parseEventPattern } from '../../../src/patterns/eventbridge/index.js';
import { syntaxError, verdictOf } from './helpers.js';
import { ec2RunInstancesDenied, iamUserConsoleLogin, kmsDisableKey, kmsRotateKey, rootApiCall, rootConsoleLogin, rootConsoleLoginWithMfa } from './records.js';

/** The EventBridge tricky cases E1–E16 of filter-patterns.md §2.4. */

const rootLogin = cloudTrailEnvelope(rootConsoleLogin);
const rootMfaLogin = cloudTrailEnvelope(rootConsoleLoginWithMfa);
const rootCall = cloudTrailEnvelope(rootApiCall);
const userLogin = cloudTrailEnvelope(iamUserConsoleLogin);
const rotateKey = cloudTrailEnvelope(kmsRotateKey);
const disableKey = cloudTrailEnvelope(kmsDisableKey);
const runInstancesDenied = cloudTrailEnvelope(ec2RunInstancesDenied);
const putRolePolicy = cloudTrailEnvelope({
  ...rootApiCall,
  userIdentity: { type: 'IAMUser', accountId: '111122223333', userName: 'alice' },
  eventName: 'PutRolePolicy',
});
const describeInstancesDenied = cloudTrailEnvelope({ ...ec2RunInstancesDenied, eventName: 'DescribeInstances', readOnly: true });
/** Root credentials used by a service on root's behalf (cloudtrail-events.md N2). */
const rootCallByService = cloudTrailEnvelope({
  ...rootApiCall,
  userIdentity: { type: 'Root', accountId: '111122223333', invokedBy: 'cloudformation.amazonaws.com' },
});

describe('EventBridge tricky cases (filter-patterns.md §2.4)', () => {
  it('E1: an IAM event reaches EventBridge in us-east-1 only, whatever Region the rule is in', () => {
    const pattern = { source: ['aws.iam'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: ['PutRolePolicy'] } };
    expect(putRolePolicy['region']).toBe('us-east-1');
    // The pattern matches; a rule in eu-west-1 still never sees the event (decided from the region, not by the engine).
    expect(verdictOf(pattern, putRolePolicy)).toBe('match');
  });

  it('E2: ConsoleLogin is not an "AWS API Call via CloudTrail"', () => {
    const pattern = { 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: ['ConsoleLogin'] } };
    expect(verdictOf(pattern, userLogin)).toBe('no-match');
  });

  it('E3: the docs spelling "Signin" matches no sign-in event; the real "Sign In" does', () => {
    expect(userLogin['detail-type']).toBe('AWS Console Sign In via CloudTrail');
    expect(verdictOf({ 'detail-type': ['AWS Console Signin via CloudTrail'] }, userLogin)).toBe('no-match');
    expect(verdictOf({ 'detail-type': ['AWS Console Sign In via CloudTrail'] }, userLogin)).toBe('match');
    expect(verdictOf({ 'detail-type': ['AWS Console Sign In via CloudTrail'], source: ['aws.signin'] }, rootLogin)).toBe('match');
  });

  describe('E4: a repeated key keeps the last one and silently drops the first', () => {
    const text =
      '{"detail":{"userIdentity":{"type":["Root"]},"eventType":[{"anything-but":"AwsServiceEvent"}],"userIdentity":{"invokedBy":[{"exists":false}]}}}';
    const parsed = parseEventPattern(text);

    it('says which condition was dropped, at the dropped key', () => {
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.notes).toHaveLength(1);
      expect(parsed.notes[0]?.position).toBe(text.indexOf('"userIdentity"'));
      expect(parsed.notes[0]?.message).toContain('Duplicate key "userIdentity" in detail');
      expect(parsed.notes[0]?.message).toContain('detail.userIdentity.type is silently dropped');
    });

    it('matches as AWS does: any non-service event without invokedBy, root or not', () => {
      expect(verdictOf(text, rootLogin)).toBe('match');
      expect(verdictOf(text, userLogin)).toBe('match');
      expect(verdictOf(text, rotateKey)).toBe('no-match');
    });
  });

  it('E5: the root pattern without the duplicate matches root sign-in and root API calls only', () => {
    const pattern = { detail: { userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] } } };
    expect(verdictOf(pattern, rootLogin)).toBe('match');
    expect(verdictOf(pattern, rootCall)).toBe('match');
    expect(verdictOf(pattern, userLogin)).toBe('no-match');
    expect(verdictOf(pattern, rootCallByService)).toBe('no-match');
  });

  const unauthorized = { detail: { errorCode: [{ suffix: 'UnauthorizedOperation' }, { prefix: 'AccessDenied' }] } };

  it('E6: a denied read-only call matches the pattern; delivery depends on the rule state, so the envelope keeps readOnly', () => {
    expect(verdictOf(unauthorized, describeInstancesDenied)).toBe('match');
    expect((describeInstancesDenied['detail'] as Record<string, unknown>)['readOnly']).toBe(true);
  });

  it('E7: a denied write call matches', () => {
    expect(verdictOf(unauthorized, runInstancesDenied)).toBe('match');
    expect(
      verdictOf({ detail: { errorCode: [{ prefix: 'AccessDenied' }] } }, cloudTrailEnvelope({ ...kmsDisableKey, errorCode: 'AccessDeniedException' })),
    ).toBe('match');
  });

  it('E8: anything-but needs the field present', () => {
    const pattern = { detail: { errorCode: [{ 'anything-but': 'x' }] } };
    expect(verdictOf(pattern, disableKey)).toBe('no-match');
    expect(verdictOf(pattern, runInstancesDenied)).toBe('match');
  });

  it('E9: anything-but is case-sensitive; inside it, equals-ignore-case is not', () => {
    expect(verdictOf({ detail: { additionalEventData: { MFAUsed: [{ 'anything-but': 'Yes' }] } } }, rootMfaLogin)).toBe('match');
    expect(verdictOf({ detail: { additionalEventData: { MFAUsed: [{ 'anything-but': { 'equals-ignore-case': 'Yes' } }] } } }, rootMfaLogin)).toBe('no-match');
    expect(verdictOf({ detail: { additionalEventData: { MFAUsed: [{ 'anything-but': 'Yes' }] } } }, rootLogin)).toBe('match');
  });

  it('E10: a wildcard *Policy is broader than the IAM policy calls', () => {
    const pattern = { detail: { eventName: [{ wildcard: '*Policy' }] } };
    expect(verdictOf(pattern, putRolePolicy)).toBe('match');
    expect(verdictOf(pattern, cloudTrailEnvelope({ ...kmsDisableKey, eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy' }))).toBe('match');
    expect(verdictOf(pattern, disableKey)).toBe('no-match');
  });

  it('E11: prefix is case-sensitive', () => {
    expect(verdictOf({ detail: { eventName: [{ prefix: 'put' }] } }, putRolePolicy)).toBe('no-match');
    expect(verdictOf({ detail: { eventName: [{ prefix: { 'equals-ignore-case': 'put' } }] } }, putRolePolicy)).toBe('match');
  });

  it('E12: the values of a list are alternatives', () => {
    const pattern = { source: ['aws.kms'], detail: { eventName: ['DisableKey', 'ScheduleKeyDeletion'] } };
    expect(verdictOf(pattern, disableKey)).toBe('match');
    expect(verdictOf(pattern, cloudTrailEnvelope({ ...kmsDisableKey, eventName: 'ScheduleKeyDeletion' }))).toBe('match');
    expect(verdictOf(pattern, cloudTrailEnvelope({ ...kmsDisableKey, eventName: 'EnableKey' }))).toBe('no-match');
  });

  it('E13: a field of an array of objects is matched in each element (crushed)', () => {
    const pattern = { detail: { resources: { type: ['AWS::KMS::Key'] } } };
    expect(verdictOf(pattern, disableKey)).toBe('match');
    expect(verdictOf(pattern, rotateKey)).toBe('match');
  });

  it('E14: $or needs at least two objects', () => {
    expect(syntaxError({ $or: [{ detail: { eventName: ['A'] } }] }).message).toBe('There must have at least 2 Objects in $or relationship.');
  });

  it('E15: an empty match list is rejected, at the list', () => {
    const text = '{"detail":{"eventName":[]}}';
    expect(syntaxError(text)).toEqual({ position: text.indexOf('['), message: 'Empty arrays are not allowed' });
  });

  it('E16: a cidr never matches "AWS Internal"', () => {
    const pattern = { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/8' }] } };
    expect(rotateKey['detail']).toMatchObject({ sourceIPAddress: 'AWS Internal' });
    expect(verdictOf(pattern, rotateKey)).toBe('no-match');
    expect(verdictOf(pattern, cloudTrailEnvelope({ ...kmsDisableKey, sourceIPAddress: '10.20.30.40' }))).toBe('match');
  });
});
