/**
 * No output is lost on exit, whatever the exit code and whatever the size.
 *
 * Node writes to a pipe asynchronously: `process.stdout.write(report)` returns with most of a large
 * report still queued, and `process.exit` drops the queue. Every command ends through oclif's
 * `process.exit` (a command's `this.exit(1)`, an error's exit 2, and success alike), so a reader of
 * `trailwarden scan --format json | jq` got the first 64 KiB exactly when there were findings. This is
 * the one place that fixes it for every command: `process.exit` first waits until stdout and stderr
 * have handed everything to the operating system, then exits with the code it was given.
 *
 * Only pipes (and sockets) are asynchronous; files and terminals are written synchronously, so for
 * them the wait ends at once (https://nodejs.org/api/process.html#a-note-on-process-io).
 */
export function exitAfterOutput(): void {
  const exit = process.exit.bind(process);
  let exiting = false;
  process.exit = (code?: number | string | null) => {
    if (code !== undefined && code !== null) process.exitCode = code;
    // A second call (oclif's handler after an error while exiting) must not exit before the output is out.
    if (exiting) return undefined as never;
    exiting = true;
    void Promise.all([drained(process.stdout), drained(process.stderr)]).then(() => exit());
    // The caller goes on as if the process had ended; nothing more of the command runs, since
    // oclif's process.exit is the last thing it does. The event loop stays up for the pending writes.
    return undefined as never;
  };
}

/** Resolves once everything written to the stream so far has been flushed, or the stream failed (EPIPE: the reader went away). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength === 0 || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('error', () => resolve());
    // A write's callback runs once it, and so everything queued before it, has been written.
    stream.write('', () => resolve());
  });
}
