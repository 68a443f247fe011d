import { CIS_VERSIONS, sectionLabel } from '../checks/benchmark.js';
import type { ControlMeta } from '../checks/types.js';

/**
 * The README's control table and "how it decides" sections are generated from the registry
 * (`npm run readme`), and a test fails when the README drifts from it.
 */
export const TABLE_START = '<!-- controls:start -->';
export const TABLE_END = '<!-- controls:end -->';

export function renderControlsSection(controls: readonly ControlMeta[]): string {
  const header = `| ID | Title | Severity | Security Hub | ${CIS_VERSIONS.map((v) => `CIS ${v}`).join(' | ')} |`;
  const rule = `|${' --- |'.repeat(4 + CIS_VERSIONS.length)}`;
  const rows = controls.map(
    (c) =>
      `| ${c.id} | ${escape(c.title)} | ${c.severity} | ${c.securityHubId ?? '—'} | ${CIS_VERSIONS.map((v) => sectionLabel(c.cis[v]) ?? '—').join(' | ')} |`,
  );
  const decisions = controls.map((c) => `#### ${c.id}: ${c.title}\n\n${c.decides}\n\n*Remediation:* ${c.remediation}`);
  return [TABLE_START, header, rule, ...rows, '', '### How each control decides', '', decisions.join('\n\n'), TABLE_END].join('\n');
}

/** Replaces the generated section of a README text. */
export function withControlsSection(readme: string, controls: readonly ControlMeta[]): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README has no ${TABLE_START} … ${TABLE_END} section`);
  return readme.slice(0, start) + renderControlsSection(controls) + readme.slice(end + TABLE_END.length);
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}
