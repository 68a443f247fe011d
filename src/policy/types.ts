/**
 * The IAM policy language as trailwarden evaluates it: a policy document, the request it is asked
 * about, and the three-valued answer. The evaluator knows no controls and makes no AWS calls.
 *
 * Semantics: "Policy evaluation logic" and the policy element reference of the IAM User Guide,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */

/** Who makes the call: an AWS service (CloudWatch publishing an alarm) or an IAM principal (a role EventBridge assumes). */
export type RequestPrincipal =
  | { kind: 'service'; service: string }
  | {
      kind: 'aws';
      arn: string;
      accountId: string;
      /**
       * Only a Principal naming this ARN (or everyone) names it, not one naming its account: how a KMS
       * key policy is read to tell whether it allows the principal itself, since naming the account
       * there only delegates to the account's IAM policies.
       * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
       */
      exactly?: boolean;
    };

export interface PolicyRequest {
  principal: RequestPrincipal;
  /** `service:Operation`, e.g. `sns:Publish`. */
  action: string;
  /** The ARN of the resource acted on. */
  resource: string;
  /**
   * Condition keys whose presence in the request is known, by key name in lower case (key names are
   * case-insensitive): a value, or `null` when the key is known to be absent. A key not listed is
   * unknown, and a condition on it makes the statement uncertain.
   */
  context: Readonly<Record<string, string | null>>;
}

/** Three-valued truth: a condition on an unknown key is neither true nor false. */
export type Truth = { kind: 'yes' } | { kind: 'no' } | { kind: 'unknown'; why: string };

export type Decision =
  /** `statement` is the Sid (or position) of an Allow that applies. */
  | { kind: 'allow'; statement: string }
  | { kind: 'explicit-deny'; statement: string }
  /** No statement allows: the default deny. */
  | { kind: 'implicit-deny' }
  /** Whether a statement applies cannot be decided; `why` names the statement and the condition. */
  | { kind: 'uncertain'; statement: string; why: string };

export interface Statement {
  /** The Sid, or `statement N` (1-based) when it has none. */
  label: string;
  effect: 'Allow' | 'Deny';
  /** Absent in identity policies (the statement applies to the identity the policy is attached to). */
  principal?: PrincipalElement;
  action: { negated: boolean; patterns: string[] };
  /** Absent in trust policies; key policies name `*` (the key itself). */
  resource?: { negated: boolean; patterns: string[] };
  /** Operator name (as written) → condition key (as written) → values. */
  condition: Record<string, Record<string, string[]>>;
}

export interface PrincipalElement {
  negated: boolean;
  /** `"*"` alone. */
  everyone: boolean;
  /** Principal type (`AWS`, `Service`, `Federated`, `CanonicalUser`) → identifiers. */
  byType: Record<string, string[]>;
}

export interface PolicyDocument {
  statements: Statement[];
}
