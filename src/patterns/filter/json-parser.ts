import type { JsonCondition, JsonPattern, JsonTest, Logical, Selector, SelectorStep } from './ast.js';
import { FilterPatternError } from './errors.js';
import type { Token } from './lexer.js';
import { describeToken, type ParseSession } from './session.js';

/**
 * JSON patterns (§1.3):
 *
 *   JsonPattern ::= '{' OrExpr '}'
 *   OrExpr      ::= AndExpr ( '||' AndExpr )*
 *   AndExpr     ::= Primary ( '&&' Primary )*
 *   Primary     ::= '(' OrExpr ')' | Condition
 *   Condition   ::= Selector CmpOp Value | Selector 'IS' ('NULL'|'TRUE'|'FALSE') | Selector 'NOT' 'EXISTS'
 */

/** Nesting depth is not documented [U]; a generous cap keeps the recursion safe. */
const MAX_DEPTH = 256;
/** "At most 1 wildcard selector per property selector" [D1][D3]. */
const MAX_WILDCARDS_PER_SELECTOR = 1;

export function parseJsonPattern(session: ParseSession, open: number, close: number): JsonPattern {
  const { lexer, text } = session;
  if (text[close] !== '}') {
    // AWS checks this first, whatever the body: "If a filter pattern starts with '{' it must end with '}'" [I4].
    throw new FilterPatternError(close + 1, `a pattern that starts with "{" must end with "}"`);
  }
  lexer.seek(open + 1);
  const first = lexer.peek('json');
  if (first.kind === 'punctuation' && first.punctuation === '}') throw new FilterPatternError(first.start, 'expected a condition inside "{ }"');
  const expression = parseOr(session, 0);
  const next = lexer.peek('json');
  if (next.kind === 'punctuation' && next.punctuation === '}') {
    if (next.start === close) return { dialect: 'json', source: text, expression };
    lexer.consume(next);
    throw new FilterPatternError(lexer.peek('json').start, 'unexpected text after the closing "}"');
  }
  if (next.kind === 'punctuation' && next.punctuation === ')') throw new FilterPatternError(next.start, 'unbalanced ")"');
  throw new FilterPatternError(next.start, `expected "&&", "||" or the closing "}", found ${describeToken(next)}`);
}

function parseOr(session: ParseSession, depth: number): Logical<JsonCondition> {
  const operands = [parseAnd(session, depth)];
  while (consumePunctuation(session, '||')) operands.push(parseAnd(session, depth));
  return combine('or', operands);
}

function parseAnd(session: ParseSession, depth: number): Logical<JsonCondition> {
  const operands = [parsePrimary(session, depth)];
  while (consumePunctuation(session, '&&')) operands.push(parsePrimary(session, depth));
  return combine('and', operands);
}

/** Flattens `a && (b && c)` so the evaluator walks one level per operator change. */
function combine(kind: 'and' | 'or', operands: Logical<JsonCondition>[]): Logical<JsonCondition> {
  if (operands.length === 1) return operands[0] as Logical<JsonCondition>;
  const flat: Logical<JsonCondition>[] = [];
  for (const operand of operands) {
    if (operand.kind === kind) flat.push(...operand.operands);
    else flat.push(operand);
  }
  return { kind, operands: flat };
}

function parsePrimary(session: ParseSession, depth: number): Logical<JsonCondition> {
  const token = session.lexer.peek('json');
  if (token.kind === 'punctuation' && token.punctuation === '(') {
    if (depth >= MAX_DEPTH) throw new FilterPatternError(token.start, `parentheses nested deeper than ${MAX_DEPTH} levels`);
    session.lexer.consume(token);
    const inner = parseOr(session, depth + 1);
    const close = session.lexer.peek('json');
    if (close.kind !== 'punctuation' || close.punctuation !== ')') {
      throw new FilterPatternError(close.start, `expected ")" to close the "(" at ${token.start}, found ${describeToken(close)}`);
    }
    session.lexer.consume(close);
    return inner;
  }
  if (token.kind === 'punctuation' && token.punctuation === '$') return parseCondition(session, token);
  if (token.kind === 'word') {
    // aws/aws-cdk#15047: `status = …` without `$.` is an InvalidParameterException [I3].
    throw new FilterPatternError(token.start, `a selector must begin with "$." (write $.${token.text})`);
  }
  throw new FilterPatternError(token.start, `expected a condition such as $.field = value, found ${describeToken(token)}`);
}

function parseCondition(session: ParseSession, dollar: Token): JsonCondition {
  const { lexer, text } = session;
  const selector = parseSelector(session, dollar);
  const doubts: string[] = [];
  const next = lexer.peek('json');
  if (next.kind === 'operator') {
    lexer.consume(next);
    const { literal, end } = session.value('value', next, doubts);
    const conditionText = text.slice(dollar.start, end);
    return { kind: 'comparison', text: conditionText, position: dollar.start, selector, operator: next.operator, value: literal, doubts };
  }
  if (next.kind === 'word') return parseTest(session, dollar, selector, next, doubts);
  const hint = next.kind === 'unexpected' ? ` (a property name has only letters, digits, "_" and "-"; write .['key'] for others)` : '';
  throw new FilterPatternError(next.start, `expected a comparison operator, IS or NOT EXISTS after ${selector.text}, found ${describeToken(next)}${hint}`);
}

/** `IS NULL`, `IS TRUE`, `IS FALSE`, `NOT EXISTS`; nothing else exists [D1][D5][D6]. */
function parseTest(session: ParseSession, dollar: Token, selector: Selector, first: Token & { kind: 'word' }, doubts: string[]): JsonTest {
  const { lexer } = session;
  const keyword = first.text.toUpperCase();
  lexer.consume(first);
  if (keyword === 'EXISTS') {
    throw new FilterPatternError(first.start, `EXISTS is not supported; use NOT EXISTS for an absent field, or "${selector.text} = *" for a present one`);
  }
  if (keyword !== 'IS' && keyword !== 'NOT') {
    throw new FilterPatternError(first.start, `expected a comparison operator, IS or NOT EXISTS after ${selector.text}, found "${first.text}"`);
  }
  const second = lexer.peek('json');
  if (second.kind !== 'word') throw new FilterPatternError(second.start, `expected a keyword after ${keyword}, found ${describeToken(second)}`);
  const operand = second.text.toUpperCase();
  lexer.consume(second);
  let test: JsonTest['test'];
  if (keyword === 'NOT') {
    if (operand !== 'EXISTS') throw new FilterPatternError(second.start, `expected EXISTS after NOT, found "${second.text}"`);
    test = 'NOT EXISTS';
  } else if (operand === 'NULL' || operand === 'TRUE' || operand === 'FALSE') {
    test = `IS ${operand}`;
  } else if (operand === 'NOT') {
    throw new FilterPatternError(second.start, 'IS NOT is not supported; only IS NULL, IS TRUE, IS FALSE and NOT EXISTS exist');
  } else {
    throw new FilterPatternError(second.start, `expected NULL, TRUE or FALSE after IS, found "${second.text}"`);
  }
  // Keywords are documented in upper case only [U]; other cases are read but doubted.
  if (first.text !== keyword || second.text !== operand) {
    session.doubt(doubts, first.start, `keywords in other than upper case (${first.text} ${second.text})`);
  }
  const text = session.text.slice(dollar.start, second.end);
  return { kind: 'test', text, position: dollar.start, selector, test, doubts };
}

function parseSelector(session: ParseSession, dollar: Token): Selector {
  const { lexer } = session;
  lexer.consume(dollar);
  // "Property selectors always start with $." and array elements "must follow a property" [D5], so
  // `$[0]` / `$[*]` are not selectors: on a CloudTrail object they would silently never resolve.
  if (session.text[dollar.end] !== '.') throw new FilterPatternError(dollar.end, 'a selector must begin with "$." followed by a property name');
  const steps: SelectorStep[] = [];
  let wildcards = 0;
  for (let step = lexer.peek('selector'); step.kind === 'step'; step = lexer.peek('selector')) {
    if (step.step.kind === 'any-element' || step.step.kind === 'any-property') {
      wildcards++;
      if (wildcards > MAX_WILDCARDS_PER_SELECTOR) {
        throw new FilterPatternError(step.start, 'a selector may contain only one wildcard ([*] or .*)');
      }
      session.countWildcardSelector(step.start);
    }
    steps.push(step.step);
    lexer.consume(step);
  }
  if (steps.length === 0) throw new FilterPatternError(dollar.end, 'a selector must begin with "$." followed by a property name');
  const text = session.text.slice(dollar.start, lexer.peek('selector').start);
  return { text, steps, hasWildcard: wildcards > 0 };
}

function consumePunctuation(session: ParseSession, punctuation: '&&' | '||'): boolean {
  const token = session.lexer.peek('json');
  if (token.kind !== 'punctuation' || token.punctuation !== punctuation) return false;
  session.lexer.consume(token);
  return true;
}
