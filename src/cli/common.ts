import { Flags, type Command } from '@oclif/core';
import { benchmarkNamed, unknownBenchmark, type Benchmark } from '../checks/benchmark.js';
import { BUILTIN_CONTROLS } from '../checks/registry.js';
import { checkControlReferences, ConfigError, loadConfig, requiredTagKeysProblem } from '../config/load.js';
import type { TrailwardenConfig } from '../config/types.js';
import { FixOptionError, parseFixOptions, type FixFlagValues } from '../remediations/options.js';
import type { FixOptions } from '../remediations/types.js';

/** Exit codes, documented in the README: a CI job tells findings from a scan that could not run. */
export const EXIT = { clean: 0, findings: 1, usage: 2 } as const;

/** The user's mistake, not trailwarden's: exit 2 with the message, which names the flag, file or value. */
export function usageError(command: Command, message: string): never {
  return command.error(message, { exit: EXIT.usage });
}

/** A class of error that means the user's input is wrong (a bad config, snapshot, baseline, option). */
export type UsageErrorClass = abstract new (...args: never[]) => Error;

/**
 * The one "catch X → usage error" rule: an error of one of `kinds` ends the command with exit 2 and
 * its message (or `message(error)`); any other error is not the user's doing and is thrown on.
 */
export function exitIfUsageError(
  command: Command,
  error: unknown,
  kinds: readonly UsageErrorClass[],
  message: (error: Error) => string = (e) => e.message,
): void {
  if (kinds.some((kind) => error instanceof kind)) usageError(command, message(error as Error));
}

/** Runs `work`; see exitIfUsageError. */
export function orUsageError<T>(command: Command, kinds: readonly UsageErrorClass[], work: () => T, message?: (error: Error) => string): T {
  try {
    return work();
  } catch (error) {
    exitIfUsageError(command, error, kinds, message);
    throw error;
  }
}

export const configFlag = Flags.string({
  char: 'c',
  description: 'Config file (default: trailwarden.config.yaml in the working directory, if present).',
});

/**
 * The config, with its references to controls checked against the registry (which the config
 * module does not know): a monitor that reuses a built-in ID, a suppression of no control.
 */
export function loadConfigOrExit(command: Command, path: string | undefined): TrailwardenConfig {
  return orUsageError(command, [ConfigError], () => {
    const loaded = loadConfig(path);
    checkControlReferences(
      loaded.config,
      BUILTIN_CONTROLS.map((control) => control.id),
      loaded.path,
    );
    return loaded.config;
  });
}

/** `--required-tag-keys` (scan and fix), CloudTrail.9's `requiredTagKeys`: the flag, when given, replaces the config's list. */
export const requiredTagKeysFlag = Flags.string({
  description:
    "CloudTrail.9's requiredTagKeys: the tag keys every trail must carry (comma-separated, 1-6, case-sensitive, none beginning with aws:); replaces the config's requiredTagKeys. Without any, a trail passes with at least one tag.",
  delimiter: ',',
  multiple: true,
});

export function withRequiredTagKeys(command: Command, config: TrailwardenConfig, keys: string[] | undefined): TrailwardenConfig {
  if (keys === undefined) return config;
  const trimmed = keys.map((key) => key.trim());
  const problem = requiredTagKeysProblem(trimmed);
  if (problem) usageError(command, `--required-tag-keys ${keys.join(',')}: ${problem}`);
  return { ...config, requiredTagKeys: trimmed };
}

/**
 * `--benchmark`, else the config's: `scan` reports against it and `fix` repairs to it. A config
 * naming none of them was refused when it was loaded.
 */
export function benchmarkOrExit(command: Command, flag: string | undefined, config: TrailwardenConfig): Benchmark | undefined {
  const name = flag ?? config.benchmark;
  if (name === undefined) return undefined;
  return benchmarkNamed(name) ?? usageError(command, `--benchmark ${name}: ${unknownBenchmark(name)}`);
}

/**
 * `--controls` / `--exclude-controls`: an unknown ID is a usage error, not an empty scan, and so is
 * a selection that leaves nothing to evaluate (which would pass vacuously).
 */
export function selectControls<C extends { id: string }>(command: Command, controls: C[], only: string[] | undefined, exclude: string[] | undefined): C[] {
  const ids = controls.map((c) => c.id);
  const wanted = only?.map((id) => id.trim());
  const skipped = new Set((exclude ?? []).map((id) => id.trim()));
  for (const [flag, given] of [
    ['controls', wanted],
    ['exclude-controls', [...skipped]],
  ] as const) {
    const unknown = (given ?? []).filter((id) => !ids.includes(id));
    if (unknown.length > 0)
      usageError(
        command,
        `--${flag} ${unknown.join(',')}: unknown control ID${unknown.length > 1 ? 's' : ''}${closeMatches(unknown, ids)}; \`trailwarden controls\` lists them`,
      );
  }
  const selected = controls.filter((c) => (!wanted || wanted.includes(c.id)) && !skipped.has(c.id));
  if (selected.length === 0) usageError(command, '--controls and --exclude-controls together leave no control to evaluate');
  return selected;
}

/** IDs are case-sensitive (they are Security Hub's); `cloudtrail.1` is almost always CloudTrail.1. */
function closeMatches(unknown: readonly string[], known: readonly string[]): string {
  const matches = unknown.flatMap((id) => known.filter((candidate) => candidate.toLowerCase() === id.toLowerCase()));
  return matches.length > 0 ? ` (did you mean ${matches.join(', ')}?)` : '';
}

/** The choices of `fix` from its flags (`fix`, and `iam-policy fix` which takes the same flags). */
export function fixOptionsOrExit(command: Command, flags: FixFlagValues): FixOptions {
  return orUsageError(command, [FixOptionError], () => parseFixOptions(flags));
}
