import type { BenchmarkName } from '../checks/benchmark.js';
import type { Severity } from '../checks/severity.js';

/**
 * `trailwarden.config.yaml`, after validation. Every field has a default, so an absent file and
 * an empty file mean the same thing.
 */
export interface TrailwardenConfig {
  /** Minimum retention of trail log groups, in days (CloudWatch.16). */
  logRetentionDays: number;
  /** Maximum age of the latest CloudWatch Logs delivery before CloudTrail.5 calls it stale. */
  deliveryMaxAgeHours: number;
  /** Buckets whose object-level read and write events must be recorded (S3.22 / S3.23). */
  dataEventBuckets: string[];
  /** Lambda functions (name or ARN) whose Invoke data events must be recorded. */
  dataEventFunctions: string[];
  /**
   * CloudTrail.9: the tag keys every trail must carry (Security Hub's `requiredTagKeys`, 1-6 keys,
   * case-sensitive, none beginning with `aws:`); empty: a trail must carry at least one tag.
   */
  requiredTagKeys: string[];
  /**
   * CloudTrail.10: the KMS key ARNs event data stores may be encrypted with (the `kmsKeyArns` of
   * its AWS Config rule); empty: any customer managed key.
   */
  kmsKeyArns: string[];
  /** User-defined monitors, evaluated like CloudWatch.1-14. */
  monitors: UserMonitor[];
  /** Suppressions (issue 5 builds on this). */
  suppressions: Suppression[];
  /** The benchmark `scan` reports against and `fix` repairs to when `--benchmark` is not given; absent: the Security Hub controls, no compliance summary. */
  benchmark?: BenchmarkName;
}

export interface UserMonitor {
  id: string;
  title: string;
  severity: Severity;
  /** The events the monitor must alert on. */
  events: MonitorEvent[];
  /** Fires when at least this many events occur in one period (default 1). */
  threshold: number;
  /** Period in seconds (default 300). */
  periodSeconds: number;
}

/** Either an event source with event names, or a sample CloudTrail record. */
export type MonitorEvent = { eventSource: string; eventNames: string[] } | { record: Record<string, unknown> };

export interface Suppression {
  control: string;
  /** Resource ARN; `*` or absent: every resource of the control. */
  resource?: string;
  reason: string;
  /** ISO date; after it the suppression no longer applies. */
  expires?: string;
}

export const DEFAULT_CONFIG: TrailwardenConfig = {
  logRetentionDays: 365,
  deliveryMaxAgeHours: 24,
  dataEventBuckets: [],
  dataEventFunctions: [],
  requiredTagKeys: [],
  kmsKeyArns: [],
  monitors: [],
  suppressions: [],
};
