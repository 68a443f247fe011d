import { Expr, ref, type TfBlock, type TfValue } from './hcl.js';

/**
 * Terraform orders changes by references, not by equal strings: a resource that configures a
 * bucket (its lifecycle, its logging) by the literal name of a bucket the same configuration
 * creates has no dependency on it, so a first apply can send PutBucketLifecycleConfiguration
 * before CreateBucket. This pass replaces such literals, wherever an action wrote them, with a
 * reference to the declared resource: a name where the attribute takes a name, an ARN anywhere.
 * Only top-level attributes are rewritten: a policy inside `jsonencode` may name a resource that
 * in turn depends on the policy (a trail and its bucket policy), and a reference there would be a
 * cycle.
 */

/** What a declared resource can be named by, and the expression that stands for it. */
interface Identity {
  /** Attributes that take the resource's name (`bucket`, `log_group_name`), or `undefined` for an ARN. */
  attributes?: readonly string[];
  /** The name is unique in the partition (a bucket, a role), not only in its Region. */
  global?: true;
  /** The literal: the name, or a pattern that the resource's ARN matches (any partition and account). */
  matches: (value: string) => boolean;
  expression: string;
}

/** Matches the ARN `arn:PARTITION:service:region:ACCOUNT:resource`, for any partition and account. */
function arnMatcher(service: string, region: string, resource: string): (value: string) => boolean {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^arn:[a-z-]+:${escape(service)}:${escape(region)}:\\d{12}:${escape(resource)}$`);
  return (value) => pattern.test(value);
}

function stringAttribute(b: TfBlock, name: string): string | undefined {
  const item = b.body.find((entry) => 'value' in entry && entry.name === name);
  return item && 'value' in item && typeof item.value === 'string' ? item.value : undefined;
}

function identities(b: TfBlock, region: string): Identity[] {
  const [type, label] = b.labels;
  const address = `${type}.${label}`;
  const name = stringAttribute(b, type === 'aws_s3_bucket' ? 'bucket' : 'name');
  if (name === undefined) return [];
  const exact = (value: string): boolean => value === name;
  switch (type) {
    case 'aws_s3_bucket':
      return [
        { attributes: ['bucket', 'target_bucket', 's3_bucket_name'], global: true, matches: exact, expression: `${address}.id` },
        { matches: (value) => /^arn:[a-z-]+:s3:::/.test(value) && value.split(':::')[1] === name, expression: `${address}.arn` },
      ];
    case 'aws_cloudwatch_log_group':
      return [
        { attributes: ['log_group_name'], matches: exact, expression: `${address}.name` },
        { matches: arnMatcher('logs', region, `log-group:${name}`), expression: `${address}.arn` },
        // CloudTrail names a log group by its ARN with `:*`; the provider's `arn` has none.
        { matches: arnMatcher('logs', region, `log-group:${name}:*`), expression: `"\${${address}.arn}:*"` },
      ];
    case 'aws_iam_role':
      return [
        { attributes: ['role'], global: true, matches: exact, expression: `${address}.name` },
        { matches: arnMatcher('iam', '', `role/${name}`), expression: `${address}.arn` },
      ];
    case 'aws_iam_policy':
      return [{ matches: arnMatcher('iam', '', `policy/${name}`), expression: `${address}.arn` }];
    case 'aws_sns_topic':
      return [{ matches: arnMatcher('sns', region, name), expression: `${address}.arn` }];
    case 'aws_kms_alias':
      return [{ matches: arnMatcher('kms', region, name), expression: `${address}.arn` }];
    case 'aws_cloudwatch_event_rule':
      return [{ attributes: ['rule'], matches: exact, expression: `${address}.name` }];
    default:
      return [];
  }
}

/** The Region a block's resource lives in: its aliased provider's, else the home Region. */
function regionOf(b: TfBlock, homeRegion: string, aliasRegions: ReadonlyMap<string, string>): string {
  const provider = b.body.find((entry) => 'value' in entry && entry.name === 'provider');
  const alias = provider && 'value' in provider && provider.value instanceof Expr ? provider.value.text.replace(/^aws\./, '') : undefined;
  return (alias && aliasRegions.get(alias)) ?? homeRegion;
}

/**
 * Rewrites, in place, the attributes of `blocks` that name a resource declared among them.
 * `aliasRegions` maps provider aliases to their Regions; names (unlike ARNs) are compared only
 * within one Region, where they are unique.
 */
export function referToDeclaredResources(blocks: readonly TfBlock[], homeRegion: string, aliasRegions: ReadonlyMap<string, string>): void {
  const resources = blocks.filter((b) => b.type === 'resource');
  const declared = resources.map((b) => {
    const region = regionOf(b, homeRegion, aliasRegions);
    return { block: b, region, identities: identities(b, region) };
  });
  for (const b of resources) {
    const region = regionOf(b, homeRegion, aliasRegions);
    const lookUp = (attribute: string, value: string): Expr | undefined => {
      for (const candidate of declared) {
        if (candidate.block === b) continue;
        const found = candidate.identities.find((identity) => {
          if (identity.attributes && !(identity.attributes.includes(attribute) && (identity.global || candidate.region === region))) return false;
          return identity.matches(value);
        });
        if (found) return ref(found.expression);
      }
      return undefined;
    };
    for (const item of b.body) {
      if (!('value' in item) || item.name === 'depends_on' || item.name === 'provider') continue;
      const rewrite = (value: TfValue): TfValue => (typeof value === 'string' ? (lookUp(item.name, value) ?? value) : value);
      if (typeof item.value === 'string') item.value = rewrite(item.value);
      else if (Array.isArray(item.value)) item.value = item.value.map(rewrite);
    }
  }
}
