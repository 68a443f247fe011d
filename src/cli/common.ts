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
