import { Command, Errors, type Interfaces } from '@oclif/core';
import { EXIT } from './common.js';

type CommandFailure = Interfaces.CommandError & Partial<Interfaces.OclifError> & { showHelp?: boolean };

/**
 * What every trailwarden command shares: how a failure reaches the user.
 *
 * - One paragraph on stderr, never the whole help: a mistyped flag is named, and `--help` is one
 *   command away, whereas forty lines of flags bury the one line that matters.
 * - Nothing on stdout, even with `--json`: oclif would print the error there as a JSON object and
 *   exit 1, which a pipeline reading stdout could take for output.
 * - Exit 2 for anything but the command's own `exit`: a crash means the command could not run, and
 *   must never look like exit 1 (findings) to a CI job.
 */
export abstract class TrailwardenCommand extends Command {
  protected override async catch(error: CommandFailure): Promise<never> {
    if (error instanceof Errors.ExitError) throw error;
    if (error.showHelp) error.showHelp = false;
    if (error.oclif?.exit === undefined) error.oclif = { exit: EXIT.usage };
    throw error;
  }
}
