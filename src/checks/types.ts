import type { AccountSnapshot, CollectionError } from '../snapshot/types.js';
import type { TrailwardenConfig } from '../config/types.js';
import type { OrganizationView } from './organization.js';

import type { EvaluationMemo } from './memo.js';
import type { Repair } from './repair.js';
import type { CisSection, CisVersion } from './benchmark.js';
import type { Severity } from './severity.js';

export { SEVERITIES, type Severity } from './severity.js';

export type Status = 'PASS' | 'FAIL' | 'ERROR' | 'NOT_APPLICABLE';

/** The metadata of a control: what the README's table and the SARIF rules are generated from. */
export interface ControlMeta {
  /** Security Hub control ID where one exists (`CloudTrail.1`); `TW.n` for trailwarden's own. */
  id: string;
  title: string;
  severity: Severity;
  /** Absent for trailwarden's own controls. */
  securityHubId?: string;
  /**
   * Its CIS AWS Foundations Benchmark section in each version that contains it, with CIS's
   * Automated/Manual, e.g. `{ '1.4.0': automated('3.1'), '5.0.0': manual('3.1') }`; a version
   * without an entry does not contain the control.
   */
  cis: Partial<Record<CisVersion, CisSection>>;
  /** The family module the control lives in, e.g. `cloudtrail`, `monitoring`. */
  family: string;
  rationale: string;
  /** One-paragraph remediation; `fix` implements it where it can. */
  remediation: string;
  /** "How it decides": the exact rule, for the README. */
  decides: string;
  /** The AWS resource type results are about (CloudFormation style). */
  resourceType: string;
}

export { CIS_VERSIONS, type CisSection, type CisVersion } from './benchmark.js';

export interface Control extends ControlMeta {
  /** What repairs it in `fix`, or why nothing does (see checks/repair.ts). */
  repair: Repair;
  /** Pure: reads only the snapshot and the context, never AWS. */
  evaluate(snapshot: AccountSnapshot, context: EvaluationContext): Finding[];
}

export interface EvaluationContext {
  config: TrailwardenConfig;
  /**
   * The CIS version whose requirements apply where versions differ (`scan --benchmark cis-…`);
   * absent: the requirements of Security Hub's CIS 1.2.0/1.4.0 checks, as without `--benchmark`.
   */
  cisVersion?: CisVersion;
  /** The lookups the controls of this evaluation share; `evaluateControls` sets it (see EvaluationMemo). */
  memo?: EvaluationMemo;
  /**
   * The accounts of the run, where links into other accounts are followed. The engine always sets
   * it (a snapshot alone is an organization of one); a control called directly may go without.
   */
  organization?: OrganizationView;
}

/** What a control's evaluate returns; the engine adds the control's metadata to make a Result. */
export interface Finding {
  status: Status;
  resource: ResourceRef;
  /** One line, with the evidence: "trail main: IsLogging=false since 2026-01-02T10:00:00Z". */
  reason: string;
  /** Machine-readable evidence for JSON reports. */
  evidence?: Record<string, unknown>;
  /** Set on ERROR findings: the call that failed. */
  error?: CollectionError;
}

export interface ResourceRef {
  arn: string;
  type: string;
  region: string;
}

export interface Result extends Finding {
  controlId: string;
  title: string;
  severity: Severity;
  accountId: string;
  remediation: string;
}
