import { Flags } from '@oclif/core';
import { CIS_VERSIONS, sectionLabel } from '../checks/benchmark.js';
import type { ControlMeta } from '../checks/types.js';
import { TrailwardenCommand } from '../cli/base-command.js';
import { configFlag, loadConfigOrExit } from '../cli/common.js';
import { rejectEmptyValues } from '../cli/validate.js';
import { BUILTIN_CONTROLS, controlsFor } from '../checks/registry.js';

/** The families of the registry; the config's monitors are evaluated, and listed, as monitoring. */
const FAMILIES = [...new Set(BUILTIN_CONTROLS.map((control) => control.family))];

export default class Controls extends TrailwardenCommand {
  static override summary = 'List the controls trailwarden evaluates.';
  static override description =
    'Every built-in control with its Security Hub ID, severity and its section in each CIS AWS Foundations version (A: Automated, M: Manual, -: not in that version), plus the monitors declared in the config file.';
  static override examples = ['<%= config.bin %> controls', '<%= config.bin %> controls --json'];
  static override enableJsonFlag = true;
  static override flags = {
    config: configFlag,
    family: Flags.option({ options: FAMILIES, description: "Only controls of this family (the config's monitors are in monitoring)." })(),
  };

  async run(): Promise<ControlMeta[]> {
    const { flags } = await this.parse(Controls);
    rejectEmptyValues(this, flags);
    const config = loadConfigOrExit(this, flags.config);
    const controls = controlsFor(config)
      .filter((control) => !flags.family || control.family === flags.family)
      // eslint-disable-next-line @typescript-eslint/unbound-method -- evaluate is dropped, never called
      .map(({ evaluate: _evaluate, repair: _repair, ...meta }) => meta);
    if (!this.jsonEnabled()) {
      const header = ['ID', 'SEVERITY', 'SECURITY HUB', ...CIS_VERSIONS.map((v) => `CIS ${v}`), 'TITLE'];
      const rows = controls.map((c) => [c.id, c.severity, c.securityHubId ?? '-', ...CIS_VERSIONS.map((v) => sectionLabel(c.cis[v]) ?? '-'), c.title]);
      const last = header.length - 1;
      const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
      for (const row of [header, ...rows]) this.log(row.map((cell, i) => (i < last ? cell.padEnd(widths[i]!) : cell)).join('  '));
    }
    return controls;
  }
}
