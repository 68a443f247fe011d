import { Flags, type Command } from '@oclif/core';
import { ConfigError, loadConfig } from '../config/load.js';
import type { TrailwardenConfig } from '../config/types.js';

/** Exit codes, documented in the README: a CI job tells findings from a scan that could not run. */
export const EXIT = { clean: 0, findings: 1, usage: 2 } as const;

export const configFlag = Flags.string({
  char: 'c',
  description: 'Config file (default: trailwarden.config.yaml in the working directory, if present).',
});

export function loadConfigOrExit(command: Command, path: string | undefined): TrailwardenConfig {
  try {
    return loadConfig(path).config;
  } catch (error) {
    if (error instanceof ConfigError) command.error(error.message, { exit: EXIT.usage });
    throw error;
  }
}

/** `--controls` / `--exclude-controls`: an unknown ID is a usage error, not an empty scan. */
export function selectControls<C extends { id: string }>(command: Command, controls: C[], only: string[] | undefined, exclude: string[] | undefined): C[] {
  const known = new Set(controls.map((c) => c.id));
  const unknown = [...(only ?? []), ...(exclude ?? [])].map((id) => id.trim()).filter((id) => !known.has(id));
  if (unknown.length > 0) command.error(`unknown control ID${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (see \`trailwarden controls\`)`, { exit: EXIT.usage });
  const wanted = only && new Set(only.map((id) => id.trim()));
  const skipped = new Set((exclude ?? []).map((id) => id.trim()));
  return controls.filter((c) => (!wanted || wanted.has(c.id)) && !skipped.has(c.id));
}
