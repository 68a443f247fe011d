import type { CorpusRecord, RequiredEvents } from '../../corpus/index.js';
import type { CisVersion } from '../benchmark.js';
import type { Control } from '../types.js';

/**
 * What a monitoring control requires, as data: the scan evaluates it, and `fix` creates the metric
 * filter, alarm or EventBridge rule from it.
 */
export interface MonitoringSpec {
  /** The required events by name; absent when a condition defines them (root usage, denied calls). */
  requiredEvents?: readonly RequiredEvents[];
  /** Records a filter or rule must match, every one of them. */
  positives: readonly CorpusRecord[];
  /** Near-misses a filter should not match; matching them makes it "broader than needed", not failing. */
  negatives: readonly CorpusRecord[];
  /** The CIS / Security Hub filter pattern. It also delimits the control's scope: records it matches are never "broader" (filter-coverage.ts). */
  filterPattern: string;
  /** The metric `fix` publishes, in CIS_METRIC_NAMESPACE; a revision's is its own, so that its alarm counts only its filter. */
  metricName: string;
  /** The alarm must fire when this many events happen in one period (CIS: one, any period). */
  firing: FiringRequirement;
  eventBridge: EventBridgeFacts;
  /**
   * Set on a revision's spec (defineMonitoringControl): the CIS version it applies from. `fix`
   * names what it creates for it apart, so that it never replaces what it made for another version.
   */
  since?: CisVersion;
}

export interface FiringRequirement {
  events: number;
  /** The alarm period must be at least this long, so that `events` in one such period land in one alarm period. */
  periodSeconds?: number;
}

/**
 * global-us-east-1: global-service events only (IAM, Organizations). every-region: regional
 * events. every-region-and-us-east-1: regional events plus events that arrive in us-east-1 even when
 * it is not among the scanned regions (root and global-endpoint sign-in, IAM calls).
 */
export type EventBridgeRegions = 'global-us-east-1' | 'every-region' | 'every-region-and-us-east-1';

export interface EventBridgeFacts {
  /** The `source` values of the events (`aws.kms`), or `any` when every service can produce one. */
  sources: readonly string[] | 'any';
  detailTypes: readonly string[];
  regions: EventBridgeRegions;
  /** Some required events are read-only calls: only State ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS receives those. */
  needsReadOnlyEvents: boolean;
}

export interface MonitoringControl extends Control {
  /** What Security Hub's CIS 1.2.0/1.4.0 checks require: the scan and `fix` without `--benchmark`. */
  spec: MonitoringSpec;
  /** The requirements of a CIS version (`EvaluationContext.cisVersion`); `spec` when none is named or the version changed nothing. */
  specFor(version: CisVersion | undefined): MonitoringSpec;
}

/** The namespace `fix` publishes metrics in, as AWS's own CIS remediation does. */
export const CIS_METRIC_NAMESPACE = 'CISBenchmark';

export const DETAIL_TYPE = {
  apiCall: 'AWS API Call via CloudTrail',
  consoleSignIn: 'AWS Console Sign In via CloudTrail',
} as const;
