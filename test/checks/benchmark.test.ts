import { describe, expect, it } from 'vitest';
import { appliesFrom, BENCHMARK_NAMES, benchmarkNamed, CIS_VERSIONS, cisSectionsOf, type CisVersion } from '../../src/checks/benchmark.js';
import { evaluateControls } from '../../src/checks/engine.js';
import { cloudWatch10 } from '../../src/checks/monitoring/controls/cloudwatch-10-security-group-changes.js';
import { BUILTIN_CONTROLS } from '../../src/checks/registry.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { loadSnapshot } from '../../src/snapshot/io.js';

/**
 * The table of docs/reference/cis-versions.md (Prowler's catalogue, cross-read with
 * Steampipe's), copied for the columns we map; CIS 1.2.0 is the mapping Security Hub's CIS v1.2.0
 * standard uses, which the registry carried before. A control absent from a column is not in that version.
 */
const REFERENCE = `
| control | 1.2.0 | 1.4.0 | 3.0.0 | 4.0.1 | 5.0.0 | 6.0.0 | 7.0.0 |
| CloudTrail.1 | 2.1 (A) | 3.1 (A) | 3.1 (A) | 3.1 (A) | 3.1 (M) | 4.1 (M) | 4.1 (M) |
| CloudTrail.2 | 2.7 (A) | 3.7 (A) | 3.5 (A) | 3.5 (A) | 3.5 (A) | 4.5 (A) | 4.5 (A) |
| CloudTrail.4 | 2.2 (A) | 3.2 (A) | 3.2 (A) | 3.2 (A) | 3.2 (A) | 4.2 (A) | 4.2 (A) |
| CloudTrail.5 | 2.4 (A) | 3.4 (A) | — | — | — | — | — |
| CloudTrail.6 | 2.3 (A) | 3.3 (A) | — | — | — | — | — |
| CloudTrail.7 | 2.6 (A) | 3.6 (A) | 3.4 (A) | 3.4 (A) | 3.4 (M) | 4.4 (M) | 4.4 (M) |
| S3.22 | — | 3.10 (A) | 3.8 (A) | 3.8 (A) | 3.8 (A) | 4.8 (A) | 4.8 (A) |
| S3.23 | — | 3.11 (A) | 3.9 (A) | 3.9 (A) | 3.9 (A) | 4.9 (A) | 4.9 (A) |
| CloudWatch.1 | 3.3 (A) | 4.3 (A) | 4.3 (A) | 4.3 (M) | 4.3 (M) | 5.3 (M) | 5.3 (M) |
| CloudWatch.2 | 3.1 (A) | 4.1 (A) | 4.1 (A) | 4.1 (A) | 4.1 (M) | 5.1 (M) | 5.1 (M) |
| CloudWatch.3 | 3.2 (A) | 4.2 (A) | 4.2 (A) | 4.2 (M) | 4.2 (M) | 5.2 (M) | 5.2 (M) |
| CloudWatch.4 | 3.4 (A) | 4.4 (A) | 4.4 (A) | 4.4 (M) | 4.4 (M) | 5.4 (M) | 5.4 (M) |
| CloudWatch.5 | 3.5 (A) | 4.5 (A) | 4.5 (A) | 4.5 (M) | 4.5 (M) | 5.5 (M) | 5.5 (M) |
| CloudWatch.6 | 3.6 (A) | 4.6 (A) | 4.6 (A) | 4.6 (M) | 4.6 (M) | 5.6 (M) | 5.6 (M) |
| CloudWatch.7 | 3.7 (A) | 4.7 (A) | 4.7 (A) | 4.7 (M) | 4.7 (M) | 5.7 (M) | 5.7 (M) |
| CloudWatch.8 | 3.8 (A) | 4.8 (A) | 4.8 (A) | 4.8 (M) | 4.8 (M) | 5.8 (M) | 5.8 (M) |
| CloudWatch.9 | 3.9 (A) | 4.9 (A) | 4.9 (A) | 4.9 (M) | 4.9 (M) | 5.9 (M) | 5.9 (M) |
| CloudWatch.10 | 3.10 (A) | 4.10 (A) | 4.10 (A) | 4.10 (M) | 4.10 (M) | 5.10 (M) | 5.10 (M) |
| CloudWatch.11 | 3.11 (A) | 4.11 (A) | 4.11 (A) | 4.11 (M) | 4.11 (M) | 5.11 (M) | 5.11 (M) |
| CloudWatch.12 | 3.12 (A) | 4.12 (A) | 4.12 (A) | 4.12 (M) | 4.12 (M) | 5.12 (M) | 5.12 (M) |
| CloudWatch.13 | 3.13 (A) | 4.13 (A) | 4.13 (A) | 4.13 (M) | 4.13 (M) | 5.13 (M) | 5.13 (M) |
| CloudWatch.14 | 3.14 (A) | 4.14 (A) | 4.14 (A) | 4.14 (M) | 4.14 (M) | 5.14 (M) | 5.14 (M) |
| TW.1 | — | 4.15 (A) | 4.15 (A) | 4.15 (M) | 4.15 (M) | 5.15 (M) | 5.15 (M) |
`;

function referenceTable(): Map<string, Map<CisVersion, string>> {
  const rows = REFERENCE.trim().split('\n').slice(1);
  return new Map(
    rows.map((row) => {
      const [id, ...cells] = row
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      return [id!, new Map(CIS_VERSIONS.flatMap((version, i) => (cells[i] === '—' ? [] : [[version, cells[i]!] as const])))];
    }),
  );
}

/** `3.1 (M)`, the notation of the catalogue. */
const written = (section: string, assessment: string) => `${section} (${assessment === 'Automated' ? 'A' : 'M'})`;

describe('CIS mappings of the registry', () => {
  const reference = referenceTable();

  it.each([...reference.keys()])('%s sits where the catalogue puts it, in every version, with its Automated/Manual', (id) => {
    const control = BUILTIN_CONTROLS.find((candidate) => candidate.id === id)!;
    const mapped = new Map(cisSectionsOf(control).map(({ version, section, assessment }) => [version, written(section, assessment)]));
    expect(mapped).toEqual(reference.get(id));
  });

  it('controls the catalogue does not list map to no CIS version', () => {
    const unlisted = BUILTIN_CONTROLS.filter((control) => !reference.has(control.id));
    expect(unlisted.map((control) => control.id).sort()).toEqual([
      'CloudTrail.10',
      'CloudTrail.3',
      'CloudTrail.9',
      'CloudWatch.15',
      'CloudWatch.16',
      'CloudWatch.17',
      'TW.2',
      'TW.3',
      'TW.4',
      'TW.5',
      'TW.6',
      'TW.7',
    ]);
    for (const control of unlisted) expect(control.cis).toEqual({});
  });

  it.each(CIS_VERSIONS)('CIS %s: no section is claimed by two controls', (version) => {
    const sections = BUILTIN_CONTROLS.flatMap((control) => (control.cis[version] ? [control.cis[version].section] : []));
    expect(new Set(sections).size).toBe(sections.length);
  });

  it('6.0.0 and 7.0.0 renumber 5.0.0 only by chapter: logging 3 → 4, monitoring 4 → 5', () => {
    for (const control of BUILTIN_CONTROLS) {
      const before = control.cis['5.0.0'];
      if (!before) continue;
      const [chapter, rest] = before.section.split(/\.(.*)/s);
      for (const version of ['6.0.0', '7.0.0'] as const) expect(control.cis[version]).toEqual({ ...before, section: `${Number(chapter) + 1}.${rest}` });
    }
  });

  it('every CIS-mapped control but TW.1 has a Security Hub ID, its own ID', () => {
    for (const control of BUILTIN_CONTROLS.filter((candidate) => cisSectionsOf(candidate).length > 0 && candidate.id !== 'TW.1'))
      expect(control.securityHubId).toBe(control.id);
  });
});

describe('benchmarks', () => {
  it('names every CIS version and security-hub; nothing else', () => {
    expect(BENCHMARK_NAMES).toEqual(['cis-1.2.0', 'cis-1.4.0', 'cis-3.0.0', 'cis-4.0.1', 'cis-5.0.0', 'cis-6.0.0', 'cis-7.0.0', 'security-hub']);
    for (const name of BENCHMARK_NAMES) expect(benchmarkNamed(name)?.name).toBe(name);
    for (const name of ['cis-5', 'CIS-5.0.0', '5.0.0', 'cis-2.0.0', '']) expect(benchmarkNamed(name)).toBeUndefined();
  });

  it('numbers a control by its section in the version, or by its Security Hub ID; undefined where it is not contained', () => {
    const control = (id: string) => BUILTIN_CONTROLS.find((candidate) => candidate.id === id)!;
    expect(benchmarkNamed('cis-6.0.0')?.requirementOf(control('CloudWatch.10'))).toEqual({ section: '5.10', assessment: 'Manual' });
    expect(benchmarkNamed('cis-3.0.0')?.requirementOf(control('CloudTrail.5'))).toBeUndefined();
    expect(benchmarkNamed('cis-1.2.0')?.requirementOf(control('TW.1'))).toBeUndefined();
    expect(benchmarkNamed('security-hub')?.requirementOf(control('CloudWatch.10'))).toEqual({ section: 'CloudWatch.10', assessment: 'Automated' });
    expect(benchmarkNamed('security-hub')?.requirementOf(control('TW.1'))).toBeUndefined();
  });

  it('a changed requirement applies from its version on, and never without a CIS version', () => {
    expect(CIS_VERSIONS.filter((version) => appliesFrom('5.0.0', version))).toEqual(['5.0.0', '6.0.0', '7.0.0']);
    expect(appliesFrom('1.2.0', undefined)).toBe(false);
  });
});

describe('CloudWatch.10 across versions', () => {
  const snapshot = loadSnapshot('examples/compliant-account.json');
  const verdict = (cisVersion?: CisVersion) => {
    const [result] = evaluateControls(snapshot, [cloudWatch10], { config: DEFAULT_CONFIG, ...(cisVersion && { cisVersion }) });
    return result!;
  };

  it('the example filter lacks ModifySecurityGroupRules', () => {
    const filters = snapshot.logGroups.flatMap((group) =>
      group.details.ok && group.details.value?.metricFilters.ok ? group.details.value.metricFilters.value : [],
    );
    const filter = filters.find((candidate) => candidate.transformations.some((transformation) => transformation.metricName === 'SecurityGroupChanges'));
    expect(filter?.pattern).toContain('AuthorizeSecurityGroupIngress');
    expect(filter?.pattern).not.toContain('ModifySecurityGroupRules');
  });

  it.each<CisVersion | undefined>([undefined, '1.2.0', '1.4.0', '3.0.0', '4.0.1'])('passes under %s: ModifySecurityGroupRules is not required', (version) => {
    expect(verdict(version).status).toBe('PASS');
  });

  it.each<CisVersion>(['5.0.0', '6.0.0', '7.0.0'])('fails under %s, naming ModifySecurityGroupRules', (version) => {
    const result = verdict(version);
    expect(result.status).toBe('FAIL');
    expect(result.reason).toContain('misses EC2 ModifySecurityGroupRules');
  });

  it('requires ModifySecurityGroupRules, and quotes the 5.0.0 text, from 5.0.0 on; the default spec is unchanged', () => {
    expect(cloudWatch10.specFor(undefined)).toBe(cloudWatch10.spec);
    expect(cloudWatch10.specFor('4.0.1')).toBe(cloudWatch10.spec);
    expect(cloudWatch10.spec.requiredEvents?.[0]?.eventNames).not.toContain('ModifySecurityGroupRules');
    const since5 = cloudWatch10.specFor('5.0.0');
    expect(since5.requiredEvents?.[0]?.eventNames).toContain('ModifySecurityGroupRules');
    expect(since5.filterPattern).toContain('($.eventName = ModifySecurityGroupRules)');
    expect(since5.positives.map((record) => record.eventName)).toContain('ModifySecurityGroupRules');
    expect(since5.negatives.map((record) => record.eventName)).not.toContain('ModifySecurityGroupRules');
    expect(cloudWatch10.decides).toContain('From CIS 5.0.0');
  });

  it('a revised requirement carries its version and publishes a metric of its own, so that fix creates it beside the old one', () => {
    expect(cloudWatch10.spec.since).toBeUndefined();
    for (const control of BUILTIN_CONTROLS.filter((candidate) => 'specFor' in candidate)) {
      const monitoring = control as typeof cloudWatch10;
      const spec = monitoring.spec;
      for (const version of CIS_VERSIONS) {
        const revised = monitoring.specFor(version);
        if (revised === spec) continue;
        expect(revised.since, `${control.id} ${version}`).toBeDefined();
        expect(appliesFrom(revised.since!, version)).toBe(true);
        expect(revised.metricName, `${control.id} ${version}`).not.toBe(spec.metricName);
      }
    }
    expect(cloudWatch10.specFor('7.0.0').since).toBe('5.0.0');
  });
});
