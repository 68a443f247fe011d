/**
 * The control registry: every control says what repairs it in `fix` (a remediation, by its typed
 * name) or why nothing does, and its code and tests are where its ID says. Adding a control
 * without either fails here, not only in the end-to-end fix tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { controlsFor, BUILTIN_CONTROLS } from '../src/checks/registry.js';
import { REMEDIATION_NAMES, repairedBy } from '../src/checks/repair.js';
import { DEFAULT_CONFIG, type TrailwardenConfig } from '../src/config/types.js';
import { REMEDIATIONS, repairedControls } from '../src/remediations/plan.js';

const ROOT = join(import.meta.dirname, '..');
const withMonitor: TrailwardenConfig = {
  ...DEFAULT_CONFIG,
  monitors: [
    {
      id: 'Custom.1',
      title: 'Role deletions',
      severity: 'LOW',
      events: [{ eventSource: 'iam.amazonaws.com', eventNames: ['DeleteRole'] }],
      threshold: 1,
      periodSeconds: 300,
    },
  ],
};

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** `CloudTrail.5` → `cloudtrail-5`, the start of its file names. */
const slug = (id: string) => id.toLowerCase().replace('.', '-');

describe('every control has a repair or a stated reason', () => {
  it.each(controlsFor(withMonitor).map((control) => [control.id, control] as const))('%s', (_id, control) => {
    const by = repairedBy(control.repair);
    if (by === undefined) {
      expect('notRepaired' in control.repair && control.repair.notRepaired.length).toBeGreaterThan(20);
    } else {
      expect(REMEDIATIONS.map((remediation) => remediation.name)).toContain(by);
    }
  });

  it('the remediation names are exactly those of the planner, and each repairs some built-in control', () => {
    expect([...REMEDIATION_NAMES].sort()).toEqual(REMEDIATIONS.map((remediation) => remediation.name).sort());
    for (const remediation of REMEDIATIONS) expect(repairedControls(remediation, BUILTIN_CONTROLS), remediation.name).not.toEqual([]);
  });

  it('user monitors are repaired like the CIS monitors', () => {
    expect(controlsFor(withMonitor).find((control) => control.id === 'Custom.1')?.repair).toEqual({ by: 'monitoring' });
  });
});

describe('a built-in control is found by its ID', () => {
  const sources = files('src/checks');
  const tests = files('test/checks').filter((path) => path.endsWith('.ts'));
  const testText = new Map(tests.map((path) => [path, readFileSync(join(ROOT, path), 'utf8')]));

  it.each(BUILTIN_CONTROLS.map((control) => [control.id, control.family] as const))(
    '%s: src/checks/%s/…/<id>-<topic>.ts and a test that names it',
    (id, family) => {
      const own = sources.filter(
        (path) =>
          path.startsWith(`src/checks/${family}/`) &&
          path
            .split('/')
            .at(-1)!
            .startsWith(`${slug(id)}-`),
      );
      expect(own, `the file of ${id}`).toHaveLength(1);
      const named = tests.filter(
        (path) => `-${path.split('/').at(-1)!}`.includes(`-${slug(id)}-`) || new RegExp(`['"\`]${id.replace('.', '\\.')}['"\`]`).test(testText.get(path)!),
      );
      expect(named.length, `tests of ${id}`).toBeGreaterThan(0);
    },
  );
});
