import type { CorpusRecord } from '../../../corpus/index.js';
import { AddressCache, matchEventPattern, parseEventPattern, type EventPattern } from '../../../patterns/eventbridge/index.js';
import { evaluateFilterPattern, parseFilterPattern, type FilterPattern } from '../../../patterns/filter/index.js';
import type { MatchResult, ParseResult } from '../../../patterns/types.js';

/**
 * Accounts repeat the same few patterns across thousands of filters and rules: each distinct text
 * is parsed once. Verdicts are not memoised per event: evaluating a parsed pattern costs less than
 * storing its answer (measured), and callers already evaluate each distinct text once per control.
 */

const UNPARSEABLE: MatchResult = { verdict: 'no-match', reasons: [] };

class PatternCache<P, E> {
  private readonly parsed = new Map<string, ParseResult<P>>();

  constructor(
    private readonly parseText: (text: string) => ParseResult<P>,
    private readonly evaluate: (pattern: P, event: E) => MatchResult,
  ) {}

  parse(text: string): ParseResult<P> {
    let parsed = this.parsed.get(text);
    if (!parsed) {
      parsed = this.parseText(text);
      this.parsed.set(text, parsed);
    }
    return parsed;
  }

  /** An unparseable pattern matches nothing; callers that report it ask `parse` first. */
  verdict(text: string, event: E): MatchResult {
    const parsed = this.parse(text);
    return parsed.ok ? this.evaluate(parsed.pattern, event) : UNPARSEABLE;
  }
}

/** Metric filter patterns against corpus records, as CloudWatch Logs sees them (the one-line message). */
export class FilterPatternCache extends PatternCache<FilterPattern, CorpusRecord> {
  constructor() {
    // The parsed record spares the engine a JSON.parse of the message per pattern.
    super(parseFilterPattern, (pattern, record) => evaluateFilterPattern(pattern, record.message, record.record));
  }
}

/** EventBridge rule patterns against envelopes (see MonitoringContext.envelope), with one address cache for all of them. */
export class EventPatternCache extends PatternCache<EventPattern, Record<string, unknown>> {
  constructor(addresses = new AddressCache()) {
    super(parseEventPattern, (pattern, event) => matchEventPattern(pattern, event, addresses));
  }
}
