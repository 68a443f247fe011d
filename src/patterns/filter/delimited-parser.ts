import type { DelimitedField, DelimitedPattern, FieldComparison, Logical, NamedField } from './ast.js';
import { FilterPatternError } from './errors.js';
import type { Token } from './lexer.js';
import { describeToken, type ParseSession } from './session.js';

/**
 * Space-delimited patterns (§1.5):
 *
 *   DelimPattern ::= '[' Field ( ',' Field )* ','? ']'
 *   Field        ::= '...' | Name | FieldCond ( ('&&' | '||') FieldCond )*   ; every FieldCond names this field
 *   FieldCond    ::= Name CmpOp Value
 */
export function parseDelimitedPattern(session: ParseSession, open: number, close: number): DelimitedPattern {
  const { lexer, text } = session;
  if (text[close] !== ']') throw new FilterPatternError(close + 1, 'a pattern that starts with "[" must end with "]"');
  session.note(
    open,
    'a space-delimited pattern cannot reliably select CloudTrail events: a CloudTrail record is one JSON line whose spaces fall in unpredictable places',
  );
  lexer.seek(open + 1);
  const fields: DelimitedField[] = [];
  let trailingComma = false;
  for (;;) {
    const token = lexer.peek('delimited');
    if (isPunctuation(token, ']') && fields.length > 0) {
      // After a trailing "," [D5]: legal, but what it stands for is not settled (see DelimitedPattern).
      trailingComma = true;
      session.note(
        token.start,
        'AWS does not document what a trailing "," means (nothing, or one more unnamed field); verdicts that depend on it are uncertain',
      );
      break;
    }
    fields.push(parseField(session, token));
    const separator = lexer.peek('delimited');
    if (isPunctuation(separator, ',')) {
      lexer.consume(separator);
      continue;
    }
    if (isPunctuation(separator, ']')) break;
    throw new FilterPatternError(separator.start, `expected "," or "]" after a field, found ${describeToken(separator)}`);
  }
  const bracket = lexer.peek('delimited');
  if (bracket.start !== close) {
    lexer.consume(bracket);
    throw new FilterPatternError(lexer.peek('delimited').start, 'unexpected text after the closing "]"');
  }
  return { dialect: 'delimited', source: text, fields, trailingComma };
}

function parseField(session: ParseSession, token: Token): DelimitedField {
  const { lexer } = session;
  if (isPunctuation(token, '...')) {
    lexer.consume(token);
    return { kind: 'ellipsis', position: token.start };
  }
  if (token.kind !== 'word') throw new FilterPatternError(token.start, `expected a field name or "...", found ${describeToken(token)}`);
  lexer.consume(token);
  const field: NamedField = { kind: 'field', name: token.text, position: token.start, condition: undefined };
  if (lexer.peek('delimited').kind !== 'operator') return field;

  // `||` of `&&` groups, as in JSON patterns.
  const alternatives: FieldComparison[][] = [[parseComparison(session, token)]];
  for (let connective = lexer.peek('delimited'); isPunctuation(connective, '&&') || isPunctuation(connective, '||'); connective = lexer.peek('delimited')) {
    lexer.consume(connective);
    const name = lexer.peek('delimited');
    if (name.kind !== 'word' || name.text !== field.name) {
      // The documented `status_code = 4* && bytes > 1000` is answered "Invalid filter pattern" [I5].
      throw new FilterPatternError(name.start, `"&&" and "||" combine conditions on one field only: expected ${field.name} here, found ${describeToken(name)}`);
    }
    lexer.consume(name);
    const comparison = parseComparison(session, name);
    if (isPunctuation(connective, '||')) alternatives.push([comparison]);
    else alternatives.at(-1)?.push(comparison);
  }
  const groups = alternatives.map((group): Logical<FieldComparison> => (group.length === 1 ? (group[0] as FieldComparison) : { kind: 'and', operands: group }));
  field.condition = groups.length === 1 ? groups[0] : { kind: 'or', operands: groups };
  return field;
}

function parseComparison(session: ParseSession, name: Token): FieldComparison {
  const { lexer } = session;
  const operator = lexer.peek('delimited');
  if (operator.kind !== 'operator')
    throw new FilterPatternError(operator.start, `expected a comparison operator after the field name, found ${describeToken(operator)}`);
  lexer.consume(operator);
  const doubts: string[] = [];
  const { literal, end } = session.value('field-value', operator, doubts);
  const text = session.text.slice(name.start, end);
  return { kind: 'comparison', text, position: name.start, operator: operator.operator, value: literal, doubts };
}

function isPunctuation(token: Token, punctuation: string): boolean {
  return token.kind === 'punctuation' && token.punctuation === punctuation;
}
