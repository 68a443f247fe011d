import type { AccountSnapshot, EventDataStore } from '../../snapshot/types.js';
import { accountResource, errorFinding } from '../lib/findings.js';
import type { Control, Finding, ResourceRef } from '../types.js';

/**
 * Security Hub CSPM's CloudTrail.10, "CloudTrail Lake event data stores should be encrypted with a
 * customer managed AWS KMS key"
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-10),
 * which is AWS Config's event-data-store-cmk-encryption-enabled: NON_COMPLIANT when a store is not
 * encrypted with a customer managed key, and, when `kmsKeyArns` lists keys, when it is not
 * encrypted with one of them
 * (https://docs.aws.amazon.com/config/latest/developerguide/event-data-store-cmk-encryption-enabled.html).
 * A store has a KmsKeyId only when a customer managed key encrypts it; otherwise CloudTrail uses a
 * key AWS owns (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetEventDataStore.html).
 */
export const eventDataStoreCmk: Control = {
  id: 'CloudTrail.10',
  securityHubId: 'CloudTrail.10',
  title: 'CloudTrail Lake event data stores should be encrypted with a customer managed AWS KMS key',
  severity: 'MEDIUM',
  cis: {},
  family: 'cloudtrail',
  resourceType: 'AWS::CloudTrail::EventDataStore',
  repair: { by: 'event-data-store-encryption' },
  rationale:
    'An event data store keeps the audit record queryable for years. With a customer managed key, reading it takes kms:Decrypt under a key policy the account controls, and every use of the key is itself logged; with the AWS owned key, permission on the store alone reads everything.',
  remediation:
    "Encrypt the event data store with a customer managed KMS key whose policy lets CloudTrail use it for the store (aws cloudtrail update-event-data-store --event-data-store ARN --kms-key-id KEY_ARN). AWS documents that once a key is set it cannot be removed or changed, and that disabling or deleting the key stops ingestion and makes the store's data unreadable: choose the key with that in mind. An organization's event data store is changed in the account that owns it.",
  decides:
    "Per event data store (ListEventDataStores in each scanned Region, GetEventDataStore for each; an organization's store seen from a member is judged on its owner's read): PASS when GetEventDataStore shows a KmsKeyId (a customer managed key) and, when kmsKeyArns (config key) lists key ARNs, that key is one of them; FAIL when the store uses the AWS owned key or another key than those listed. ERROR when a Region's stores or a store's details could not be read, or a listed key cannot be compared with the store's KmsKeyId. NOT_APPLICABLE when no scanned Region has an event data store.",
  evaluate(snapshot, { config }) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    let listedAnywhere = false;
    for (const data of snapshot.regionData) {
      const listed = data.eventDataStores;
      if (!listed) continue;
      listedAnywhere = true;
      if (!listed.ok) {
        findings.push(errorFinding({ ...accountResource(snapshot), region: data.region }, listed.error, `the event data stores of ${data.region}`));
        continue;
      }
      for (const store of listed.value) {
        if (seen.has(store.arn)) continue;
        seen.add(store.arn);
        findings.push(evaluateStore(snapshot, store, config.kmsKeyArns));
      }
    }
    if (!listedAnywhere && snapshot.regionData.length > 0)
      return [
        {
          status: 'ERROR',
          resource: accountResource(snapshot),
          reason: 'the snapshot holds no event data stores (taken before trailwarden read them); scan the account again',
        },
      ];
    if (findings.length === 0)
      return [{ status: 'NOT_APPLICABLE', resource: accountResource(snapshot), reason: 'no scanned Region has a CloudTrail Lake event data store' }];
    return findings;
  },
};

/** ASFF has no resource type for an event data store: "Other", as the format asks for a type it does not list. */
function storeResource(store: EventDataStore): ResourceRef {
  return { arn: store.arn, type: 'Other', region: store.homeRegion };
}

export function storeLabel(store: EventDataStore, snapshot: AccountSnapshot): string {
  if (store.ownerAccountId === snapshot.account.id) return `event data store ${store.name}`;
  return `event data store ${store.name} (organization event data store owned by ${store.ownerAccountId})`;
}

function evaluateStore(snapshot: AccountSnapshot, store: EventDataStore, allowed: readonly string[]): Finding {
  const resource = storeResource(store);
  const label = storeLabel(store, snapshot);
  if (!store.details.ok) return errorFinding(resource, store.details.error, `the details of ${label}`);
  const { kmsKeyId, status } = store.details.value;
  const state = status && status !== 'ENABLED' ? ` (status ${status})` : '';
  if (!kmsKeyId) return { status: 'FAIL', resource, reason: `${label}${state}: encrypted with a key AWS owns, not a customer managed KMS key` };
  const evidence = { kmsKeyId, ...(allowed.length > 0 && { kmsKeyArns: [...allowed] }) };
  if (allowed.length === 0) return { status: 'PASS', resource, reason: `${label}${state}: encrypted with customer managed KMS key ${kmsKeyId}`, evidence };
  if (allowed.includes(kmsKeyId))
    return { status: 'PASS', resource, reason: `${label}${state}: encrypted with KMS key ${kmsKeyId}, one of kmsKeyArns`, evidence };
  if (!/^arn:[^:]+:kms:[^:]+:\d{12}:key\//.test(kmsKeyId))
    return {
      status: 'ERROR',
      resource,
      reason: `${label}: its KmsKeyId ${kmsKeyId} is not a key ARN, so trailwarden cannot tell whether it is one of kmsKeyArns`,
      evidence,
    };
  return {
    status: 'FAIL',
    resource,
    reason: `${label}${state}: encrypted with KMS key ${kmsKeyId}, which is not one of kmsKeyArns (${allowed.join(', ')})`,
    evidence,
  };
}
