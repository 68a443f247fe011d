import type { CisVersion } from '../checks/benchmark.js';
import type { RemediationName } from '../checks/repair.js';
import type { Result } from '../checks/types.js';
import type { TrailwardenConfig } from '../config/types.js';
import type { AccountSnapshot } from '../snapshot/types.js';
import type { ApiCall } from './calls.js';
import type { TfBlock } from './terraform/hcl.js';

/**
 * A remediation repairs one family of failing controls. It plans from the snapshot alone (pure, so
 * a plan can be shown, exported to Terraform or tested without AWS) and each planned action carries
 * the exact API calls that apply it, run in order by `applyPlan`.
 */
export interface Remediation {
  /**
   * Short name used in messages, e.g. `trail`, `log-delivery`. The controls it repairs are those
   * whose `repair` names it (`repairedControls`); the planner runs it only when one of them is
   * selected and failing.
   */
  name: RemediationName;
  /** The flags it reads, listed in `fix --help`. */
  needs: string[];
  plan(snapshot: AccountSnapshot, context: PlanContext): Planned;
}

/** What one remediation adds to a plan. */
export interface Planned {
  actions: Action[];
  /** Why something failing is left alone ("CloudTrail.7: pass --access-log-bucket to ..."). */
  skipped: string[];
}

/** One change to one resource. */
export interface Action {
  /** Stable and unique within a plan, e.g. `trail:trailwarden`; `dependsOn` refers to it. */
  id: string;
  /** Control IDs this action helps to repair. */
  controls: string[];
  summary: string;
  change: Change;
  /** Actions that must be applied first (the bucket policy before the trail that writes to it). */
  dependsOn: string[];
  calls: ApiCall[];
  /** The same change as Terraform blocks (resources, and `import` blocks for existing resources). */
  terraform: TfBlock[];
  /**
   * Applies the change to a draft of the snapshot, so that later remediations plan against the
   * account as it will be (the log delivery for a trail this plan creates, alarms on its log group).
   */
  simulate(draft: AccountSnapshot): void;
}

/** The resource an action creates, or an existing resource's settings before and after. */
export type Change =
  | { kind: 'create'; resourceType: string; name: string; region: string; properties: Record<string, unknown> }
  | { kind: 'update'; resourceType: string; name: string; region: string; before: Record<string, unknown>; after: Record<string, unknown> };

/** The choices `fix` takes from its flags. */
export interface FixOptions {
  /** `--notify protocol:endpoint`: the subscription alerts are sent to. */
  notify?: { protocol: string; endpoint: string };
  /** `--sns-topic-arn`: alert through this existing topic instead of creating `trailwarden-alerts`. */
  snsTopicArn?: string;
  via: 'metric-filter' | 'eventbridge';
  /** `--kms-key`: encrypt trails with this key, or with a key trailwarden creates. */
  kmsKey?: { create: true } | { arn: string };
  /** `--access-log-bucket`: where trail buckets send their server access logs. */
  accessLogBucket?: string;
  /** `--trail-bucket`: the bucket a new trail writes to. */
  trailBucket?: string;
  /** `--trail-tag KEY=VALUE` (repeatable): the values CloudTrail.9's repair gives the tag keys a trail lacks. */
  trailTags?: Record<string, string>;
  /** `--cloudwatch-logs-role-arn`: the existing role CloudTrail delivers to CloudWatch Logs through; no role is created. */
  cloudWatchLogsRoleArn?: string;
}

export interface PlanContext {
  /** The account as collected: what existed before this plan (Terraform imports those). */
  collected: AccountSnapshot;
  config: TrailwardenConfig;
  options: FixOptions;
  /** The CIS version of `--benchmark`: controls are repaired to its requirements (`MonitoringControl.specFor`). */
  cisVersion?: CisVersion;
  /**
   * FAIL results of the remediation's selected controls, evaluated on the draft it plans against:
   * a trail created earlier in the plan has results too (no log delivery yet, ...).
   */
  failing: Result[];
}
