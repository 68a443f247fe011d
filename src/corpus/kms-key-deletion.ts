import { ACCOUNT_ID, IDENTITIES, MANAGEMENT_CALL, requiredEventRecords, variant } from './build.js';
import { kmsRotationServiceEvent } from './root-usage.js';
import type { CorpusRecord, RequiredEvents } from './types.js';

/** CloudWatch.7: disabling or scheduling the deletion of a customer managed key. cloudtrail-events.md §7. */
export const KMS_KEY_DELETION_EVENTS: RequiredEvents = {
  eventSource: 'kms.amazonaws.com',
  eventNames: ['DisableKey', 'ScheduleKeyDeletion'],
};

const keyId = '1234abcd-12ab-34cd-56ef-1234567890ab';
const keyArn = `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/${keyId}`;

/** K1: the template. */
const kmsCall = {
  eventVersion: '1.09',
  userIdentity: IDENTITIES.alice,
  eventTime: '2026-01-05T13:20:00Z',
  eventSource: 'kms.amazonaws.com',
  eventName: 'DisableKey',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '203.0.113.10',
  userAgent: 'aws-cli/2.15.0',
  requestParameters: { keyId },
  responseElements: null,
  readOnly: false,
  resources: [{ accountId: ACCOUNT_ID, type: 'AWS::KMS::Key', ARN: keyArn }],
  ...MANAGEMENT_CALL,
};

export const kmsKeyDeletion: readonly CorpusRecord[] = requiredEventRecords('K1', kmsCall, KMS_KEY_DELETION_EVENTS, (eventName) =>
  eventName === 'ScheduleKeyDeletion'
    ? { requestParameters: { keyId, pendingWindowInDays: 7 }, responseElements: { keyId: keyArn, deletionDate: 'Jan 12, 2026, 12:00:00 AM' } }
    : {},
);

export const kmsKeyDeletionNearMisses: readonly CorpusRecord[] = [
  variant('K1:EnableKey', 'KMS EnableKey', kmsCall, { eventName: 'EnableKey' }),
  variant('K1:CancelKeyDeletion', 'KMS CancelKeyDeletion', kmsCall, { eventName: 'CancelKeyDeletion', responseElements: { keyId: keyArn } }),
  kmsRotationServiceEvent,
  variant('K1:PutKeyPolicy', 'KMS PutKeyPolicy (not in the CIS list)', kmsCall, {
    eventName: 'PutKeyPolicy',
    requestParameters: { keyId, policyName: 'default', policy: '{}' },
  }),
  // Synthetic: shows that the CIS pattern's eventSource clause matters.
  variant('K1:DisableKey@directconnect', 'DisableKey from another service (directconnect)', kmsCall, {
    eventSource: 'directconnect.amazonaws.com',
    requestParameters: { keyId: 'dx-key-1' },
    resources: [],
  }),
];
