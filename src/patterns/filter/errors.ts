/**
 * Thrown by the lexer and parsers; `parseFilterPattern` turns it into a `PatternSyntaxError` value.
 * An exception keeps the recursive descent free of error plumbing: the first error ends the parse.
 */
export class FilterPatternError extends Error {
  constructor(
    readonly position: number,
    message: string,
  ) {
    super(message);
    this.name = 'FilterPatternError';
  }
}
