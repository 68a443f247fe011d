import { UpdateEventDataStoreCommand } from '@aws-sdk/client-cloudtrail';
import { storeLabel } from '../../checks/cloudtrail/cloudtrail-10-event-data-store-cmk.js';
import type { AccountSnapshot, EventDataStore, EventDataStoreDetails } from '../../snapshot/types.js';
import { failingArns } from '../account.js';
import { call } from '../calls.js';
import { block, ref } from '../terraform/hcl.js';
import { importBlock, tfLabel } from '../terraform/resources.js';
import type { Action, Remediation } from '../types.js';

/**
 * AWS: "After you associate an event data store with a KMS key, the KMS key cannot be removed or
 * changed", and disabling or deleting the key stops the store's ingestion and its queries
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateEventDataStore.html).
 */
const IRREVERSIBLE =
  'AWS documents that a key, once set on an event data store, cannot be removed or changed, and that disabling or deleting it stops ingestion and makes the data unreadable';

/**
 * CloudTrail.10 with `--kms-key ARN`: UpdateEventDataStore KmsKeyId on each of the account's own
 * stores that uses the AWS owned key. The key must be customer managed, in the store's Region, with
 * a policy that lets CloudTrail use it; fix neither creates one (a key that can never be replaced
 * should be chosen, not generated) nor touches a store that already has a key.
 */
export const eventDataStoreEncryptionRemediation: Remediation = {
  name: 'event-data-store-encryption',
  needs: ['--kms-key'],
  plan(draft, context) {
    const arns = failingArns(context, 'CloudTrail.10');
    const stores = uniqueStores(draft).filter((store) => arns.has(store.arn));
    const skipped: string[] = [];
    const unkeyed: (EventDataStore & { details: { ok: true; value: EventDataStoreDetails } })[] = [];
    for (const store of stores) {
      const label = storeLabel(store, draft);
      if (store.ownerAccountId !== draft.account.id) {
        skipped.push(`CloudTrail.10: ${label} belongs to account ${store.ownerAccountId}; fix it there`);
      } else if (!store.details.ok) {
        continue;
      } else if (store.details.value.kmsKeyId) {
        skipped.push(
          `CloudTrail.10: ${label} is encrypted with KMS key ${store.details.value.kmsKeyId}, which is not one of kmsKeyArns; ${IRREVERSIBLE}, so fix cannot re-encrypt it: create a store with an allowed key, or add that key to kmsKeyArns`,
        );
      } else {
        unkeyed.push({ ...store, details: store.details });
      }
    }
    if (unkeyed.length === 0) return { actions: [], skipped };
    const key = context.options.kmsKey;
    const names = unkeyed.map((store) => store.name).join(', ');
    if (!key || !('arn' in key)) {
      skipped.push(
        `CloudTrail.10: event data store${unkeyed.length > 1 ? 's' : ''} ${names} use${unkeyed.length > 1 ? '' : 's'} the AWS owned key; fix leaves ${unkeyed.length > 1 ? 'them' : 'it'} unrepaired without --kms-key with the ARN of a customer managed key in the store's Region whose policy lets cloudtrail.amazonaws.com use it (${key ? '"create" is not offered here: ' : ''}${IRREVERSIBLE})`,
      );
      return { actions: [], skipped };
    }
    const allowed = context.config.kmsKeyArns;
    if (allowed.length > 0 && !allowed.includes(key.arn)) {
      skipped.push(
        `CloudTrail.10: --kms-key ${key.arn} is not one of kmsKeyArns (${allowed.join(', ')}), so encrypting ${names} with it would not pass; fix leaves them alone`,
      );
      return { actions: [], skipped };
    }
    const keyRegion = key.arn.split(':')[3];
    const actions: Action[] = [];
    for (const store of unkeyed) {
      if (keyRegion !== store.homeRegion) {
        skipped.push(
          `CloudTrail.10: ${storeLabel(store, draft)} is in ${store.homeRegion}, and --kms-key ${key.arn} is in ${keyRegion}: the key must be in the store's Region`,
        );
        continue;
      }
      actions.push(encryptAction(store, key.arn));
    }
    return { actions, skipped };
  },
};

/** Each store once (a multi-Region store may be listed in several Regions). */
function uniqueStores(snapshot: AccountSnapshot): EventDataStore[] {
  const byArn = new Map<string, EventDataStore>();
  for (const data of snapshot.regionData) for (const store of data.eventDataStores?.ok ? data.eventDataStores.value : []) byArn.set(store.arn, store);
  return [...byArn.values()];
}

function encryptAction(store: EventDataStore & { details: { ok: true; value: EventDataStoreDetails } }, keyArn: string): Action {
  const label = tfLabel(store.name);
  const address = `aws_cloudtrail_event_data_store.${label}`;
  const details = store.details.value;
  return {
    id: `event-data-store-encryption:${store.arn}`,
    controls: ['CloudTrail.10'],
    summary: `Encrypt event data store ${store.name} with customer managed KMS key ${keyArn} (its policy must let cloudtrail.amazonaws.com use it). Irreversible: ${IRREVERSIBLE}`,
    change: {
      kind: 'update',
      resourceType: 'AWS::CloudTrail::EventDataStore',
      name: store.name,
      region: store.homeRegion,
      before: { kmsKeyId: null },
      after: { kmsKeyId: keyArn },
    },
    dependsOn: [],
    calls: [call('cloudtrail', store.homeRegion, UpdateEventDataStoreCommand, { EventDataStore: store.arn, KmsKeyId: keyArn })],
    terraform: [
      importBlock(address, store.arn),
      block(
        'resource',
        ['aws_cloudtrail_event_data_store', label],
        {
          name: store.name,
          multi_region_enabled: details.multiRegionEnabled,
          organization_enabled: details.organizationEnabled,
          kms_key_id: keyArn,
        },
        // The snapshot does not read the store's selectors, retention or protection: Terraform must not reset them.
        [
          block('lifecycle', [], {
            ignore_changes: [ref('advanced_event_selector'), ref('retention_period'), ref('termination_protection_enabled'), ref('billing_mode')],
          }),
        ],
      ),
    ],
    simulate(target) {
      for (const data of target.regionData) {
        for (const found of data.eventDataStores?.ok ? data.eventDataStores.value : []) {
          if (found.arn === store.arn && found.details.ok) found.details.value.kmsKeyId = keyArn;
        }
      }
    },
  };
}
