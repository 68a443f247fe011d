import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from '@oclif/core';
import { usageError } from './common.js';

/**
 * Where `--output`, `--output-dir` and `--save-snapshot` write. They are checked before the scan,
 * which can take minutes against a large account, rather than found unwritable after it; and a
 * write that still fails (permissions, a full disk) is a clear exit 2, never exit 1, which a CI
 * job would read as findings.
 */

/** A file to create or replace: not a directory, and in a directory that exists. */
export function checkFileTarget(command: Command, flag: string, path: string): void {
  if (isDirectory(path)) usageError(command, `--${flag} ${path}: is a directory; give a file path`);
  const parent = dirname(resolve(path));
  if (!existsSync(parent)) usageError(command, `--${flag} ${path}: directory ${parent} does not exist; create it first`);
  if (!isDirectory(parent)) usageError(command, `--${flag} ${path}: ${parent} is a file, not a directory`);
}

/** A directory that exists or can be created: neither it nor its nearest existing ancestor is a file. */
export function checkDirectoryTarget(command: Command, flag: string, path: string): void {
  let existing = resolve(path);
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  if (!isDirectory(existing)) usageError(command, `--${flag} ${path}: ${existing === resolve(path) ? 'is a file' : `${existing} is a file`}, not a directory`);
}

/** An output that would overwrite one of the command's inputs (the snapshot it reads, its config). */
export function checkNotAnInput(command: Command, flag: string, path: string, inputs: Record<string, string | undefined>): void {
  for (const [inputFlag, input] of Object.entries(inputs)) {
    if (input !== undefined && resolve(input) === resolve(path))
      usageError(command, `--${flag} ${path}: would overwrite the --${inputFlag} file; write elsewhere`);
  }
}

/** Runs a write; a file-system failure becomes a usage error naming the flag and the path. */
export function writeOrExit<T>(command: Command, flag: string, path: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    const { code, syscall } = error as NodeJS.ErrnoException;
    // Only the file system's own failures (they carry a syscall): anything else is a bug, not the user's doing.
    if (syscall === undefined) throw error;
    return usageError(command, `--${flag} ${path}: cannot write (${code}: ${(error as Error).message})`);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
