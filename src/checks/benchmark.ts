/**
 * The CIS AWS Foundations Benchmark versions and Security Hub standards trailwarden maps its
 * controls to. A control's `cis` holds its section in each version that contains it (data beside
 * the control, `checks/<family>/…`); this module says what a `--benchmark` name means.
 */

export type CisVersion = '1.2.0' | '1.4.0' | '3.0.0' | '4.0.1' | '5.0.0' | '6.0.0' | '7.0.0';
export const CIS_VERSIONS: readonly CisVersion[] = ['1.2.0', '1.4.0', '3.0.0', '4.0.1', '5.0.0', '6.0.0', '7.0.0'];

/**
 * How CIS assesses a recommendation. CIS 1.2.0 predates the word: its recommendations were
 * "Scored" or "Not Scored", and every one we map was Scored, which we record as Automated.
 */
export type Assessment = 'Automated' | 'Manual';

export interface CisSection {
  section: string;
  assessment: Assessment;
}

/** Sections as the catalogue writes them: `automated('3.1')`, `manual('4.1')`. */
export const automated = (section: string): CisSection => ({ section, assessment: 'Automated' });
export const manual = (section: string): CisSection => ({ section, assessment: 'Manual' });

export type BenchmarkName = `cis-${CisVersion}` | 'security-hub';
export const BENCHMARK_NAMES: readonly BenchmarkName[] = [...CIS_VERSIONS.map((version) => `cis-${version}` as const), 'security-hub'];

/** What a benchmark needs to know of a control (ControlMeta, without importing it: types.ts imports this module). */
export interface BenchmarkControl {
  id: string;
  securityHubId?: string;
  cis: Partial<Record<CisVersion, CisSection>>;
}

/** A control's place in a benchmark: the requirement it checks, under that benchmark's numbering. */
export interface Requirement {
  /** `5.10` in a CIS version; the Security Hub control ID (`CloudWatch.10`) in `security-hub`. */
  section: string;
  assessment: Assessment;
}

export interface Benchmark {
  name: BenchmarkName;
  /** `CIS AWS Foundations Benchmark v5.0.0`, `Security Hub CSPM controls`. */
  title: string;
  /** Absent for `security-hub`, which evaluates with the requirements Security Hub's CIS 1.2.0/1.4.0 checks use. */
  cisVersion?: CisVersion;
  /** Undefined when the benchmark does not contain the control. */
  requirementOf(control: BenchmarkControl): Requirement | undefined;
}

export function benchmarkNamed(name: string): Benchmark | undefined {
  if (name === 'security-hub') {
    return {
      name,
      title: 'Security Hub CSPM controls',
      // Security Hub evaluates each control automatically; it has no Manual controls.
      requirementOf: (control) => (control.securityHubId ? { section: control.securityHubId, assessment: 'Automated' } : undefined),
    };
  }
  const version = CIS_VERSIONS.find((v) => `cis-${v}` === name);
  if (!version) return undefined;
  return { name: `cis-${version}`, title: `CIS AWS Foundations Benchmark v${version}`, cisVersion: version, requirementOf: (control) => control.cis[version] };
}

/** `--benchmark cis-9` → why it is refused, in one line. */
export function unknownBenchmark(name: string): string {
  return `unknown benchmark "${name}"; known: ${BENCHMARK_NAMES.join(', ')}`;
}

/**
 * Whether the requirements of `version` are those of `since` or later: a requirement a version
 * changed applies from it on. Without a version (no `--benchmark`, or `security-hub`), the
 * requirements are those Security Hub's CIS 1.2.0/1.4.0 checks use, today's behaviour.
 */
export function appliesFrom(since: CisVersion, version: CisVersion | undefined): boolean {
  return version !== undefined && CIS_VERSIONS.indexOf(version) >= CIS_VERSIONS.indexOf(since);
}

/** A control's CIS sections in version order: what every format lists. */
export function cisSectionsOf(control: BenchmarkControl): ({ version: CisVersion } & CisSection)[] {
  return CIS_VERSIONS.flatMap((version) => {
    const entry = control.cis[version];
    return entry ? [{ version, ...entry }] : [];
  });
}

/** The name ASFF and OCSF give a CIS version's standard and its requirements. */
export const cisStandardTitle = (version: CisVersion): string => `CIS AWS Foundations Benchmark v${version}`;

/** `4.10 (M)`, `3.1 (A)`: Automated/Manual marked as the CIS catalogues mark it; undefined for a version without the control. */
export function sectionLabel(entry: CisSection | undefined): string | undefined {
  return entry && `${entry.section} (${entry.assessment === 'Automated' ? 'A' : 'M'})`;
}
