import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/config/types.js';
import { terraformFiles } from '../../../src/remediations/terraform/export.js';
import { eventDataStore, KMS_KEY_ARN, ORG_MANAGEMENT_ACCOUNT_ID, snapshotWith } from '../../checks/fixtures.js';
import { FakeAccount } from '../fake-account.js';
import { apply, callsOf, inputOf, plan } from '../helpers.js';

let account: FakeAccount | undefined;
afterEach(() => account?.restore());

const ON_AWS_OWNED_KEY = eventDataStore({}, { kmsKeyId: undefined });
const OTHER_KEY = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';

describe('the key of an event data store (CloudTrail.10)', () => {
  it('sets --kms-key ARN on a store on the AWS owned key, warns it is for good, exports Terraform, and then plans nothing', async () => {
    const snapshot = snapshotWith({ eventDataStores: [ON_AWS_OWNED_KEY] });
    const fix = plan(snapshot, { kmsKey: { arn: KMS_KEY_ARN } }, ['CloudTrail.10']);
    expect(callsOf(fix)).toEqual(['cloudtrail:UpdateEventDataStore']);
    expect(inputOf(fix, 'cloudtrail:UpdateEventDataStore')).toEqual({ EventDataStore: ON_AWS_OWNED_KEY.arn, KmsKeyId: KMS_KEY_ARN });
    expect(fix.actions[0]!.summary).toContain('Irreversible: AWS documents that a key, once set on an event data store, cannot be removed or changed');
    const tf = [...terraformFiles(fix, 'us-east-1', 'file').values()].join('\n');
    expect(tf).toContain(`import {\n  to = aws_cloudtrail_event_data_store.audit-lake\n  id = "${ON_AWS_OWNED_KEY.arn}"\n}`);
    expect(tf).toMatch(
      new RegExp(`resource "aws_cloudtrail_event_data_store" "audit-lake" \\{\\n\\s+name\\s+= "audit-lake"[\\s\\S]*kms_key_id\\s+= "${KMS_KEY_ARN}"`),
    );
    // What the snapshot does not hold, Terraform must not reset.
    expect(tf).toContain('ignore_changes = [advanced_event_selector, retention_period, termination_protection_enabled, billing_mode]');

    account = new FakeAccount(snapshot);
    expect((await apply(fix, account)).failure).toBeUndefined();
    expect(plan(account.snapshot(), { kmsKey: { arn: KMS_KEY_ARN } }, ['CloudTrail.10']).actions).toEqual([]);
  });

  it('without --kms-key ARN (or with "create") plans nothing and says why', () => {
    const snapshot = snapshotWith({ eventDataStores: [ON_AWS_OWNED_KEY] });
    for (const options of [{}, { kmsKey: { create: true as const } }]) {
      const fix = plan(snapshot, options, ['CloudTrail.10']);
      expect(fix.actions).toEqual([]);
      expect(fix.notes).toEqual([
        expect.stringContaining('CloudTrail.10: event data store audit-lake uses the AWS owned key; fix leaves it unrepaired without --kms-key'),
      ]);
    }
  });

  it('never re-encrypts a store that has a key, a store of another account, nor with a key outside kmsKeyArns or another Region', () => {
    const config = { ...DEFAULT_CONFIG, kmsKeyArns: [OTHER_KEY] };
    const keyed = plan(snapshotWith({ eventDataStores: [eventDataStore()] }), { kmsKey: { arn: OTHER_KEY } }, ['CloudTrail.10'], config);
    expect(keyed.actions).toEqual([]);
    expect(keyed.notes).toEqual([expect.stringContaining(`is encrypted with KMS key ${KMS_KEY_ARN}, which is not one of kmsKeyArns`)]);

    const org = eventDataStore({ ownerAccountId: ORG_MANAGEMENT_ACCOUNT_ID }, { kmsKeyId: undefined, organizationEnabled: true });
    expect(plan(snapshotWith({ eventDataStores: [org] }), { kmsKey: { arn: KMS_KEY_ARN } }, ['CloudTrail.10']).notes).toEqual([
      expect.stringContaining('belongs to account 111111111111; fix it there'),
    ]);

    const outside = plan(snapshotWith({ eventDataStores: [ON_AWS_OWNED_KEY] }), { kmsKey: { arn: KMS_KEY_ARN } }, ['CloudTrail.10'], config);
    expect(outside.actions).toEqual([]);
    expect(outside.notes).toEqual([expect.stringContaining(`--kms-key ${KMS_KEY_ARN} is not one of kmsKeyArns`)]);

    const elsewhere = plan(
      snapshotWith({ eventDataStores: [eventDataStore({ homeRegion: 'eu-west-1' }, { kmsKeyId: undefined })] }),
      { kmsKey: { arn: KMS_KEY_ARN } },
      ['CloudTrail.10'],
    );
    expect(elsewhere.actions).toEqual([]);
    expect(elsewhere.notes).toEqual([expect.stringContaining('is in eu-west-1, and --kms-key')]);
  });
});
