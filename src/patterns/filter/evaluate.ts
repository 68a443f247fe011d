import type { MatchResult, Verdict } from '../types.js';
import type { FilterPattern } from './ast.js';
import { evaluateDelimited } from './evaluate-delimited.js';
import { evaluateJson } from './evaluate-json.js';
import { evaluateText } from './evaluate-text.js';
import { toVerdict, withDoubts } from './logic.js';

/**
 * Does a log event match a parsed pattern? `message` is the raw event text (a CloudTrail record is one
 * compact JSON line). When one event is tested against many patterns, pass `parsed` = `JSON.parse(message)`
 * to parse it once; without it, JSON patterns parse the message on each call.
 */
export function evaluateFilterPattern(pattern: FilterPattern, message: string, parsed?: unknown): MatchResult {
  const reasons: string[] = [];
  const verdict = evaluateDialect(pattern, message, parsed, reasons);
  return { verdict, reasons: verdict === 'uncertain' ? [...new Set(reasons)] : [] };
}

function evaluateDialect(pattern: FilterPattern, message: string, parsed: unknown, reasons: string[]): Verdict {
  switch (pattern.dialect) {
    case 'match-all':
      return 'match';
    case 'text':
      return evaluateText(pattern, message, reasons);
    case 'regex':
      return withDoubts(`%${pattern.regex.source}%`, pattern.doubts, toVerdict(pattern.regex.regex.test(message)), reasons);
    case 'json': {
      const event = parsed === undefined ? parseMessage(message) : parsed;
      // A JSON pattern never matches an event that is not a JSON document (§1.3, semantics 8).
      if (typeof event !== 'object' || event === null) return 'no-match';
      return evaluateJson(pattern, event, reasons);
    }
    case 'delimited':
      return evaluateDelimited(pattern, message, reasons);
  }
}

function parseMessage(message: string): unknown {
  try {
    return JSON.parse(message);
  } catch {
    return undefined;
  }
}
