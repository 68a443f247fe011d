import type { Bucket, BucketAcl, Collected, CollectionError, PublicAccessBlock } from '../../snapshot/types.js';

/**
 * Is an S3 bucket open to the public, and if not, what keeps it closed? Follows S3's own meaning of
 * "public": a policy statement that allows everyone without a condition that pins the caller down,
 * or an ACL grant to AllUsers or AuthenticatedUsers, unless Block Public Access neutralises it.
 *
 * Only RestrictPublicBuckets neutralises an existing public policy, and only IgnorePublicAcls an
 * existing public ACL: BlockPublicPolicy and BlockPublicAcls reject new public policies and ACLs but
 * leave the ones already in place working.
 */

export interface PublicStatement {
  /** `Sid`, or the statement's position in the policy when it has none. */
  sid: string;
  /** The statement's `Action` (empty for a `NotAction` statement). */
  actions: string[];
}

export interface PublicGrant {
  grantee: 'AllUsers' | 'AuthenticatedUsers';
  permission: string;
}

export type BucketExposure =
  | { kind: 'public'; reason: string; statements: PublicStatement[]; grants: PublicGrant[] }
  | { kind: 'private'; reason: string }
  | { kind: 'error'; error: CollectionError; what: string };

/**
 * Condition keys that pin a request down to known callers or networks when compared with a fixed
 * value (S3's list of "non-public" conditions, plus the principal keys IAM has added since).
 */
const RESTRICTING_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceip',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:userid',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
]);

const PUBLIC_GROUPS: Record<string, PublicGrant['grantee']> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
};

/** The statements of a bucket policy that allow everyone without a restricting condition. */
export function publicStatements(policy: string): PublicStatement[] {
  // S3 stores only valid policies; a parse error means a hand-edited snapshot, and the engine
  // reports the exception as an ERROR result of the control.
  const document: unknown = JSON.parse(policy);
  const statements = isRecord(document) ? asArray(document.Statement).filter(isRecord) : [];
  return statements.flatMap((statement, index) => {
    if (statement.Effect !== 'Allow' || !allowsEveryone(statement) || isRestricted(statement.Condition)) return [];
    const sid = typeof statement.Sid === 'string' && statement.Sid !== '' ? statement.Sid : `#${index + 1}`;
    return [{ sid, actions: asArray(statement.Action).filter((a): a is string => typeof a === 'string') }];
  });
}

export function publicGrants(acl: BucketAcl): PublicGrant[] {
  return acl.grants.flatMap((grant) => {
    const grantee = grant.granteeUri ? PUBLIC_GROUPS[grant.granteeUri] : undefined;
    return grantee ? [{ grantee, permission: grant.permission }] : [];
  });
}

export function bucketExposure(bucket: Bucket, accountBlock: Collected<PublicAccessBlock | null>): BucketExposure {
  const setting = (name: keyof PublicAccessBlock) => settingSource(name, bucket.publicAccessBlock, accountBlock);
  const policy = policyExposure(bucket, setting('restrictPublicBuckets'), setting('blockPublicPolicy'));
  const acl = aclExposure(bucket, setting('ignorePublicAcls'));
  const open = [policy, acl].filter((channel) => channel.kind === 'open');
  if (open.length > 0) {
    return {
      kind: 'public',
      reason: open.map((channel) => channel.reason).join('; '),
      statements: policy.kind === 'open' ? policy.statements : [],
      grants: acl.kind === 'open' ? acl.grants : [],
    };
  }
  if (policy.kind === 'error') return policy;
  if (acl.kind === 'error') return acl;
  const notes = [policy, acl].flatMap((channel) => (channel.kind === 'closed' && channel.note ? [channel.note] : []));
  return { kind: 'private', reason: notes.join('; ') || 'neither the bucket policy nor the ACL grants public access' };
}

/** One way into a bucket (its policy, its ACL): open to the public, closed, or unknown. */
type Channel<Detail> =
  ({ kind: 'open'; reason: string } & Detail) | { kind: 'closed'; note?: string } | { kind: 'error'; error: CollectionError; what: string };

/** Where an effective Block Public Access setting comes from; `false` when neither level sets it. */
type SettingSource = 'bucket level' | 'account level' | false | { kind: 'error'; error: CollectionError; what: string };

/** Bucket and account settings combine: either level turning a setting on turns it on. */
function settingSource(
  name: keyof PublicAccessBlock,
  bucket: Collected<PublicAccessBlock | null>,
  account: Collected<PublicAccessBlock | null>,
): SettingSource {
  if (bucket.ok && bucket.value?.[name]) return 'bucket level';
  if (account.ok && account.value?.[name]) return 'account level';
  if (!bucket.ok) return { kind: 'error', error: bucket.error, what: "the bucket's Block Public Access settings" };
  if (!account.ok) return { kind: 'error', error: account.error, what: "the account's Block Public Access settings" };
  return false;
}

function policyExposure(bucket: Bucket, restrict: SettingSource, blockPolicy: SettingSource): Channel<{ statements: PublicStatement[] }> {
  if (!bucket.policy.ok) {
    if (typeof restrict === 'string') return { kind: 'closed', note: `RestrictPublicBuckets (${restrict}) neutralises any public bucket policy` };
    return { kind: 'error', error: bucket.policy.error, what: `the bucket policy of ${bucket.name}` };
  }
  const statements = bucket.policy.value === null ? [] : publicStatements(bucket.policy.value);
  if (statements.length === 0) return { kind: 'closed' };
  const allows = `bucket policy ${statements.map(describeStatement).join(', ')} allows everyone without a restricting condition`;
  if (typeof restrict === 'string') return { kind: 'closed', note: `${allows}, but RestrictPublicBuckets (${restrict}) neutralises it` };
  if (restrict !== false) return restrict;
  const onlyNew =
    typeof blockPolicy === 'string'
      ? ` (BlockPublicPolicy, ${blockPolicy}, only rejects new public policies; RestrictPublicBuckets would neutralise this one)`
      : '';
  return { kind: 'open', reason: `${allows}${onlyNew}`, statements };
}

function aclExposure(bucket: Bucket, ignoreAcls: SettingSource): Channel<{ grants: PublicGrant[] }> {
  if (!bucket.acl.ok) {
    if (typeof ignoreAcls === 'string') return { kind: 'closed', note: `IgnorePublicAcls (${ignoreAcls}) neutralises any public ACL grant` };
    return { kind: 'error', error: bucket.acl.error, what: `the ACL of ${bucket.name}` };
  }
  const grants = publicGrants(bucket.acl.value);
  if (grants.length === 0) return { kind: 'closed' };
  const grantsText = `the ACL grants ${grants.map((g) => `${g.permission} to ${g.grantee}`).join(', ')}`;
  if (typeof ignoreAcls === 'string') return { kind: 'closed', note: `${grantsText}, but IgnorePublicAcls (${ignoreAcls}) neutralises it` };
  if (ignoreAcls !== false) return ignoreAcls;
  return { kind: 'open', reason: grantsText, grants };
}

function describeStatement(statement: PublicStatement): string {
  return statement.actions.length > 0 ? `statement ${statement.sid} (${statement.actions.join(', ')})` : `statement ${statement.sid}`;
}

/** `Principal: "*"`, `{"AWS": "*"}` (alone or in a list), or an Allow with NotPrincipal, which allows everyone else. */
function allowsEveryone(statement: Record<string, unknown>): boolean {
  if ('NotPrincipal' in statement) return true;
  const principal = statement.Principal;
  if (principal === '*') return true;
  return isRecord(principal) && asArray(principal.AWS).includes('*');
}

/**
 * A condition restricts when one of its positive operators compares a restricting key with fixed
 * values. Negated operators (`StringNotEquals`, `NotIpAddress`) and `...IfExists` variants do not:
 * an anonymous request lacks the key or has any other value.
 */
function isRestricted(condition: unknown): boolean {
  if (!isRecord(condition)) return false;
  return Object.entries(condition).some(([operator, comparisons]) => {
    if (/Not|IfExists$|^Null$/.test(operator) || !isRecord(comparisons)) return false;
    return Object.entries(comparisons).some(([key, values]) => {
      const normalised = key.toLowerCase();
      if (!RESTRICTING_KEYS.has(normalised)) return false;
      const fixed = asArray(values).filter((v): v is string => typeof v === 'string');
      if (fixed.length === 0 || fixed.some((v) => /[*?]|\$\{/.test(v))) return false;
      return normalised !== 'aws:sourceip' || fixed.every(isNarrowCidr);
    });
  });
}

/**
 * S3 calls a policy public when its `aws:SourceIp` ranges are very broad: wider than /8 for IPv4 or
 * /32 for IPv6.
 */
function isNarrowCidr(cidr: string): boolean {
  const [address = '', bits] = cidr.split('/');
  const ipv6 = address.includes(':');
  const prefix = bits === undefined ? (ipv6 ? 128 : 32) : Number(bits);
  return Number.isInteger(prefix) && prefix >= (ipv6 ? 32 : 8);
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
