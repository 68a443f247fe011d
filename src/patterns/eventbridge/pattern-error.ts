/**
 * Thrown by the reader and the compiler when AWS would reject the pattern. `parseEventPattern`
 * turns it into a `PatternSyntaxError`; nothing outside this directory sees the exception.
 */
export class PatternError extends Error {
  constructor(
    /** Zero-based character offset into the pattern text. */
    readonly position: number,
    message: string,
  ) {
    super(message);
    this.name = 'PatternError';
  }
}
