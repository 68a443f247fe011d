import { describe, expect, it } from 'vitest';
import { eventDataStoreCmk } from '../../../src/checks/cloudtrail/cloudtrail-10-event-data-store-cmk.js';
import { evaluateControls } from '../../../src/checks/engine.js';
import { OrganizationView } from '../../../src/checks/organization.js';
import { DEFAULT_CONFIG } from '../../../src/config/types.js';
import type { EventDataStore } from '../../../src/snapshot/types.js';
import { collectionError, evaluate, eventDataStore, failed, KMS_KEY_ARN, ORG_MANAGEMENT_ACCOUNT_ID, snapshotWith } from '../fixtures.js';

function resultsFor(stores: EventDataStore[], kmsKeyArns: string[] = []) {
  return evaluate(eventDataStoreCmk, snapshotWith({ eventDataStores: stores }), { kmsKeyArns });
}

const OTHER_KEY = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';

describe('CloudTrail.10 event data stores on a customer managed key', () => {
  it('passes a store with a KmsKeyId, reported on the store in its Region', () => {
    const store = eventDataStore();
    expect(resultsFor([store])).toMatchObject([
      {
        status: 'PASS',
        resource: { arn: store.arn, type: 'Other', region: 'us-east-1' },
        reason: `event data store audit-lake: encrypted with customer managed KMS key ${KMS_KEY_ARN}`,
      },
    ]);
  });

  it('fails a store on the AWS owned key (no KmsKeyId)', () => {
    expect(resultsFor([eventDataStore({}, { kmsKeyId: undefined })])).toMatchObject([
      { status: 'FAIL', reason: 'event data store audit-lake: encrypted with a key AWS owns, not a customer managed KMS key' },
    ]);
  });

  it('with kmsKeyArns, passes only the listed keys', () => {
    expect(resultsFor([eventDataStore()], [OTHER_KEY, KMS_KEY_ARN])[0]).toMatchObject({ status: 'PASS', reason: expect.stringContaining('one of kmsKeyArns') });
    expect(resultsFor([eventDataStore()], [OTHER_KEY])[0]).toMatchObject({ status: 'FAIL', reason: expect.stringContaining('which is not one of kmsKeyArns') });
  });

  it('says ERROR when a listed key cannot be compared with a KmsKeyId that is no key ARN', () => {
    expect(resultsFor([eventDataStore({}, { kmsKeyId: 'alias/lake' })], [OTHER_KEY])[0]).toMatchObject({ status: 'ERROR' });
  });

  it('names a status other than ENABLED', () => {
    expect(resultsFor([eventDataStore({}, { kmsKeyId: undefined, status: 'STOPPED_INGESTION' })])[0]!.reason).toContain('(status STOPPED_INGESTION)');
  });

  it('reports each store once, however many Regions list it', () => {
    const store = eventDataStore();
    const snapshot = snapshotWith({ eventDataStores: [store] });
    snapshot.regionData[1]!.eventDataStores = { ok: true, value: [store] };
    expect(evaluate(eventDataStoreCmk, snapshot)).toHaveLength(1);
  });

  it('reports ERROR for a Region whose stores could not be listed, a store that could not be read, and a snapshot that never read them', () => {
    const snapshot = snapshotWith({ eventDataStores: [eventDataStore({ details: failed('cloudtrail:GetEventDataStore') })] });
    snapshot.regionData[1]!.eventDataStores = failed('cloudtrail:ListEventDataStores', 'eu-west-1');
    expect(evaluate(eventDataStoreCmk, snapshot).map((finding) => [finding.status, finding.resource.region])).toEqual([
      ['ERROR', 'us-east-1'],
      ['ERROR', 'eu-west-1'],
    ]);
    const old = snapshotWith();
    for (const data of old.regionData) delete data.eventDataStores;
    expect(evaluate(eventDataStoreCmk, old)).toMatchObject([{ status: 'ERROR', reason: expect.stringContaining('taken before trailwarden read them') }]);
  });

  it('is NOT_APPLICABLE when no Region has an event data store', () => {
    expect(resultsFor([])).toMatchObject([{ status: 'NOT_APPLICABLE' }]);
  });

  it("judges an organization store as its owner read it, as an organization trail's settings are", () => {
    const crossAccount = { ok: false as const, error: { ...collectionError('cloudtrail:GetEventDataStore'), code: 'CrossAccount' } };
    const listed = eventDataStore({ ownerAccountId: ORG_MANAGEMENT_ACCOUNT_ID, details: crossAccount });
    const member = snapshotWith({ eventDataStores: [listed] });
    const owner = snapshotWith({
      account: { id: ORG_MANAGEMENT_ACCOUNT_ID, partition: 'aws' },
      eventDataStores: [eventDataStore({ ownerAccountId: ORG_MANAGEMENT_ACCOUNT_ID }, { organizationEnabled: true, kmsKeyId: undefined })],
    });
    expect(evaluateControls(member, [eventDataStoreCmk], { config: DEFAULT_CONFIG }).map((result) => result.status)).toEqual(['ERROR']);
    const together = evaluateControls(member, [eventDataStoreCmk], { config: DEFAULT_CONFIG, organization: new OrganizationView([member, owner]) });
    expect(together).toMatchObject([
      { status: 'FAIL', resource: { arn: listed.arn }, reason: expect.stringContaining('organization event data store owned by 111111111111') },
    ]);
  });
});
