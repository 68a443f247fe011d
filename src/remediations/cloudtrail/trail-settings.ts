import { UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, EnableKeyRotationCommand } from '@aws-sdk/client-kms';
import type { AccountSnapshot, Trail } from '../../snapshot/types.js';
import { bucketRegion, existedBefore, failingArns, findBucket, ownTrails } from '../account.js';
import { bound, call } from '../calls.js';
import { MANAGED_TAG, trailKeyAlias } from '../names.js';
import { KEY_CREATION, TERRAFORM_KEY_CREATION, trailKeyPolicy } from '../policies.js';
import { JsonEncode, block, ref } from '../terraform/hcl.js';
import { MANAGED_TAGS, address, jsonValue, tfLabel, trailBlocks } from '../terraform/resources.js';
import type { Action, PlanContext, Planned, Remediation } from '../types.js';

/**
 * Per-trail settings that one UpdateTrail changes: log file validation (CloudTrail.4) and KMS
 * encryption (CloudTrail.2). Only trails of this account that the control failed on are touched.
 */

/** The account's trails the control failed on, and a skip message for the ones it cannot change. */
export function failingOwnTrails(draft: AccountSnapshot, context: PlanContext, controlId: string): { trails: Trail[]; skipped: string[] } {
  const arns = failingArns(context, controlId);
  const own = new Set(ownTrails(draft).map((trail) => trail.arn));
  const failing = draft.trails.filter((trail) => arns.has(trail.arn));
  return {
    trails: failing.filter((trail) => own.has(trail.arn)),
    skipped: failing
      .filter((trail) => !own.has(trail.arn))
      .map((trail) => `${controlId}: trail ${trail.name} belongs to account ${trail.ownerAccountId}; fix it there`),
  };
}

export const validationRemediation: Remediation = {
  name: 'log-file-validation',
  needs: [],
  plan(draft, context) {
    const { trails, skipped } = failingOwnTrails(draft, context, 'CloudTrail.4');
    const actions = trails
      .filter((trail) => !trail.logFileValidationEnabled)
      .map((trail): Action => ({
        id: `validation:${trail.arn}`,
        controls: ['CloudTrail.4'],
        summary: `Turn on log file validation of trail ${trail.name}`,
        change: {
          kind: 'update',
          resourceType: 'AWS::CloudTrail::Trail',
          name: trail.name,
          region: trail.homeRegion,
          before: { logFileValidationEnabled: false },
          after: { logFileValidationEnabled: true },
        },
        dependsOn: [],
        calls: [call('cloudtrail', trail.homeRegion, UpdateTrailCommand, { Name: trail.name, EnableLogFileValidation: true })],
        terraform: trailBlocks({ ...trail, logFileValidationEnabled: true }, { imported: existedBefore(context, trail) }),
        simulate(target) {
          const found = target.trails.find((t) => t.arn === trail.arn);
          if (found) found.logFileValidationEnabled = true;
        },
      }));
    return { actions, skipped };
  },
};

/**
 * CloudTrail.2 with `--kms-key ARN` (the key's policy must already let CloudTrail encrypt for the
 * trail) or `--kms-key create`: one key per trail, in the Region of its bucket as CloudTrail
 * requires, found again by its alias so that an interrupted run does not create a second key.
 * Planned after every other change to the trails so that its Terraform block, which refers to the
 * new key, is the last word on each trail.
 */
export const encryptionRemediation: Remediation = {
  name: 'encryption',
  needs: ['--kms-key'],
  plan(draft, context) {
    const { trails, skipped } = failingOwnTrails(draft, context, 'CloudTrail.2');
    const kmsKey = context.options.kmsKey;
    if (!kmsKey) {
      return trails.length === 0
        ? { actions: [], skipped }
        : {
            actions: [],
            skipped: [
              ...skipped,
              `CloudTrail.2: trails ${trails.map((t) => t.name).join(', ')} are not KMS-encrypted; pass --kms-key ARN (a key whose policy lets CloudTrail encrypt) or --kms-key create`,
            ],
          };
    }
    const actions = trails.map((trail) => ('arn' in kmsKey ? useKey(trail, kmsKey.arn, context) : createKey(draft, trail, context)));
    return { actions, skipped } satisfies Planned;
  },
};

function useKey(trail: Trail, keyArn: string, context: PlanContext): Action {
  const updated = { ...trail, kmsKeyId: keyArn };
  return {
    id: `encryption:${trail.arn}`,
    controls: ['CloudTrail.2'],
    summary: `Encrypt the log files of trail ${trail.name} with KMS key ${keyArn} (its key policy must allow cloudtrail.amazonaws.com kms:GenerateDataKey* for this trail)`,
    change: {
      kind: 'update',
      resourceType: 'AWS::CloudTrail::Trail',
      name: trail.name,
      region: trail.homeRegion,
      before: { kmsKeyId: trail.kmsKeyId ?? null },
      after: { kmsKeyId: keyArn },
    },
    dependsOn: [],
    calls: [call('cloudtrail', trail.homeRegion, UpdateTrailCommand, { Name: trail.name, KmsKeyId: keyArn })],
    terraform: trailBlocks(updated, { imported: existedBefore(context, trail) }),
    simulate: (target) => encryptInDraft(target, trail, keyArn),
  };
}

function createKey(draft: AccountSnapshot, trail: Trail, context: PlanContext): Action {
  const region = bucketRegion(findBucket(draft, trail.s3BucketName), trail.homeRegion);
  const alias = trailKeyAlias(trail.name);
  const aliasArn = `arn:${draft.account.partition}:kms:${region}:${draft.account.id}:${alias}`;
  const policy = trailKeyPolicy(draft.account.partition, draft.account.id, trail.arn);
  const label = tfLabel(alias.replace(/^alias\//, ''));
  return {
    id: `encryption:${trail.arn}`,
    controls: ['CloudTrail.2'],
    summary: `Create KMS key ${alias} in ${region} that only trail ${trail.name} may encrypt with, and encrypt the trail's log files with it`,
    change: { kind: 'create', resourceType: 'AWS::KMS::Key', name: alias, region, properties: { keyRotation: true, policy, usedBy: trail.arn } },
    dependsOn: [],
    calls: [
      // Finds the key of an earlier, interrupted run; CreateKey runs only when there is none.
      call('kms', region, DescribeKeyCommand, { KeyId: alias }, { alreadyDone: ['NotFoundException'], binds: { keyArn: 'KeyMetadata.Arn' } }),
      call(
        'kms',
        region,
        CreateKeyCommand,
        {
          Description: `trailwarden: encrypts the log files of trail ${trail.name}`,
          Policy: JSON.stringify(policy),
          Tags: [{ TagKey: MANAGED_TAG.key, TagValue: MANAGED_TAG.value }],
          ...KEY_CREATION,
        },
        { unlessBound: 'keyArn', binds: { keyArn: 'KeyMetadata.Arn' } },
      ),
      call('kms', region, EnableKeyRotationCommand, { KeyId: bound('keyArn') }),
      call('kms', region, CreateAliasCommand, { AliasName: alias, TargetKeyId: bound('keyArn') }, { alreadyDone: ['AlreadyExistsException'] }),
      call('cloudtrail', trail.homeRegion, UpdateTrailCommand, { Name: trail.name, KmsKeyId: bound('keyArn') }),
    ],
    terraform: [
      block('resource', ['aws_kms_key', label], {
        description: `trailwarden: encrypts the log files of trail ${trail.name}`,
        enable_key_rotation: true,
        policy: new JsonEncode(jsonValue(policy)),
        ...TERRAFORM_KEY_CREATION,
        tags: MANAGED_TAGS,
      }),
      block('resource', ['aws_kms_alias', label], { name: alias, target_key_id: ref(`aws_kms_key.${label}.key_id`) }),
      ...trailBlocks({ ...trail, kmsKeyId: aliasArn }, { imported: existedBefore(context, trail), dependsOn: [address('aws_kms_alias', label)] }),
    ],
    simulate: (target) => encryptInDraft(target, trail, aliasArn, region),
  };
}

function encryptInDraft(draft: AccountSnapshot, trail: Trail, keyRef: string, newKeyRegion?: string): void {
  const found = draft.trails.find((t) => t.arn === trail.arn);
  if (found) found.kmsKeyId = keyRef;
  if (newKeyRegion && !draft.kmsKeys.some((key) => key.ref === keyRef)) {
    draft.kmsKeys.push({
      ref: keyRef,
      region: newKeyRegion,
      details: { ok: true, value: { arn: keyRef, keyState: 'Enabled', keyManager: 'CUSTOMER', enabled: true } },
    });
  }
}
