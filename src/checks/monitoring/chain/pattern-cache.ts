import type { CorpusRecord } from '../../../corpus/index.js';
import { AddressCache, matchEventPattern, parseEventPattern, type EventPattern } from '../../../patterns/eventbridge/index.js';
import { evaluateFilterPattern, parseFilterPattern, type FilterPattern } from '../../../patterns/filter/index.js';
import type { MatchResult, ParseResult } from '../../../patterns/types.js';
import type { CollectionError, PatternQuestion } from '../../../snapshot/types.js';
import type { AwsVerdicts } from './aws-verdicts.js';

/**
 * Accounts repeat the same few patterns across thousands of filters and rules: each distinct text
 * is parsed once. Verdicts are not memoised per event: evaluating a parsed pattern costs less than
 * storing its answer (measured), and callers already evaluate each distinct text once per control.
 */

const UNPARSEABLE: MatchResult = { verdict: 'no-match', reasons: [] };
const AWS_MATCH: MatchResult = { verdict: 'match', reasons: [] };
const CONTRADICTED: MatchResult = {
  verdict: 'uncertain',
  reasons: ['--verify-patterns-with-aws: AWS answered both ways about this record in different accounts of the run'],
};

class PatternCache<P, E extends object> {
  private readonly parsed = new Map<string, ParseResult<P>>();

  constructor(
    private readonly parseText: (text: string) => ParseResult<P>,
    private readonly evaluate: (pattern: P, event: E) => MatchResult,
    /** AWS's verdicts, when the scan asked for them (`--verify-patterns-with-aws`): they decide before the engine. */
    private readonly aws: { verdicts: AwsVerdicts; kind: PatternQuestion['kind']; question: (event: E) => string } | undefined,
  ) {}

  parse(text: string): ParseResult<P> {
    let parsed = this.parsed.get(text);
    if (!parsed) {
      parsed = this.parseText(text);
      this.parsed.set(text, parsed);
    }
    return parsed;
  }

  /**
   * AWS's verdict where it gave one, else the engine's. A pattern AWS was asked about and could not
   * decide is uncertain: callers that turn that into ERROR ask `awsFailure` first.
   */
  verdict(text: string, event: E): MatchResult {
    if (this.aws) {
      const { verdicts, kind, question } = this.aws;
      const answer = verdicts.verdict(kind, text, event, () => question(event));
      if (answer === 'contradicted') return CONTRADICTED;
      if (answer !== undefined) return answer ? AWS_MATCH : UNPARSEABLE;
      const failure = verdicts.failure(kind, text);
      if (failure) return { verdict: 'uncertain', reasons: [awsFailureReason(failure)] };
    }
    return this.engineVerdict(text, event);
  }

  /** The engine's own verdict. An unparseable pattern matches nothing; callers that report it ask `parse` first. */
  engineVerdict(text: string, event: E): MatchResult {
    const parsed = this.parse(text);
    return parsed.ok ? this.evaluate(parsed.pattern, event) : UNPARSEABLE;
  }

  /** Whether AWS decides this pattern's verdicts (it answered about it), so that the engine's parse errors do not count. */
  decidedByAws(text: string): boolean {
    return this.aws?.verdicts.answeredAbout(this.aws.kind, text) ?? false;
  }

  /** Why AWS could not decide this pattern, when it was asked to. */
  awsFailure(text: string): CollectionError | undefined {
    return this.aws?.verdicts.failure(this.aws.kind, text);
  }
}

export function awsFailureReason(failure: CollectionError): string {
  return `--verify-patterns-with-aws: ${failure.operation} in ${failure.region} failed with ${failure.code}, so AWS's verdict on the pattern is unknown`;
}

/** Metric filter patterns against corpus records, as CloudWatch Logs sees them (the one-line message). */
export class FilterPatternCache extends PatternCache<FilterPattern, CorpusRecord> {
  constructor(verdicts?: AwsVerdicts) {
    // The parsed record spares the engine a JSON.parse of the message per pattern.
    super(
      parseFilterPattern,
      (pattern, record) => evaluateFilterPattern(pattern, record.message, record.record),
      verdicts && { verdicts, kind: 'metric-filter', question: (record) => record.message },
    );
  }
}

/** EventBridge rule patterns against envelopes (see MonitoringContext.envelope), with one address cache for all of them. */
export class EventPatternCache extends PatternCache<EventPattern, Record<string, unknown>> {
  constructor(verdicts?: AwsVerdicts, addresses = new AddressCache()) {
    super(
      parseEventPattern,
      (pattern, event) => matchEventPattern(pattern, event, addresses),
      verdicts && { verdicts, kind: 'event-pattern', question: (event) => JSON.stringify(event) },
    );
  }
}
