import { automated } from '../benchmark.js';
import type { AccountSnapshot, Trail } from '../../snapshot/types.js';
import { trailResource } from '../lib/findings.js';
import { trailLabel } from '../lib/trail-inventory.js';
import type { Control, Finding } from '../types.js';
import { eachTrail } from './each-trail.js';

export const trailEncryption: Control = {
  id: 'CloudTrail.2',
  securityHubId: 'CloudTrail.2',
  title: 'CloudTrail should have encryption at-rest enabled',
  severity: 'MEDIUM',
  cis: {
    '1.2.0': automated('2.7'),
    '1.4.0': automated('3.7'),
    '3.0.0': automated('3.5'),
    '4.0.1': automated('3.5'),
    '5.0.0': automated('3.5'),
    '6.0.0': automated('4.5'),
    '7.0.0': automated('4.5'),
  },
  family: 'cloudtrail',
  resourceType: 'AWS::CloudTrail::Trail',
  repair: { by: 'encryption' },
  rationale:
    "With SSE-KMS, reading the log files takes kms:Decrypt on the trail's key as well as s3:GetObject, so a leaked bucket permission alone does not expose the audit record, and key usage is itself logged.",
  remediation:
    "Create (or choose) a KMS key in the bucket's Region whose key policy lets cloudtrail.amazonaws.com encrypt for this trail, and set it as the trail's KmsKeyId. If the key is disabled or pending deletion, enable it or cancel the deletion.",
  decides:
    "Per trail: PASS when KmsKeyId is set and the key, when its details could be read, is enabled. FAIL when no KMS key is set (log files then only have SSE-S3), or the key does not exist, is disabled or is pending deletion. A key whose details could not be read (typically another account's) is judged on KmsKeyId alone, as Security Hub does, and the reason says so.",
  evaluate(snapshot) {
    return eachTrail(snapshot, (trail) => evaluateTrail(snapshot, trail));
  },
};

function evaluateTrail(snapshot: AccountSnapshot, trail: Trail): Finding {
  const resource = trailResource(trail);
  const label = trailLabel(trail, snapshot);
  const keyId = trail.kmsKeyId;
  if (!keyId) return { status: 'FAIL', resource, reason: `${label}: log files are not encrypted with a KMS key (SSE-S3 only)` };
  const evidence = { kmsKeyId: keyId };
  const details = snapshot.kmsKeys.find((key) => key.ref === keyId)?.details;
  if (!details) return { status: 'PASS', resource, reason: `${label}: log files are encrypted with KMS key ${keyId}`, evidence };
  if (!details.ok) {
    const { operation, code } = details.error;
    return {
      status: 'PASS',
      resource,
      reason: `${label}: log files are encrypted with KMS key ${keyId} (its state is unknown: ${operation} failed with ${code})`,
      evidence,
    };
  }
  const key = details.value;
  if (key === null)
    return { status: 'FAIL', resource, reason: `${label}: KMS key ${keyId} does not exist, so CloudTrail cannot encrypt and deliver log files`, evidence };
  if (!key.enabled || key.keyState !== 'Enabled') {
    return {
      status: 'FAIL',
      resource,
      reason: `${label}: KMS key ${keyId} is ${key.keyState}, so CloudTrail cannot encrypt and deliver log files`,
      evidence: { ...evidence, keyState: key.keyState },
    };
  }
  return { status: 'PASS', resource, reason: `${label}: log files are encrypted with KMS key ${keyId} (key enabled)`, evidence };
}
