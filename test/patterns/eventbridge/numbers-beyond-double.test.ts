import { describe, expect, it } from 'vitest';
import { patternText, syntaxError, verdictOf } from './helpers.js';

/**
 * A numeric operand a double cannot hold is rejected, as PutRule rejects it. event-ruler compares
 * numbers as doubles; issue 16's replay of its tests found it refusing such rules ("Cannot compare
 * number"). The stored aws/event-ruler src/test/software/amazon/event/ruler/JsonRuleCompilerTest.java
 * @05986c84 (testNumericExpressions) lists out-of-range operands among its bad numeric expressions
 * (2.0e22, from when its range was ±5e9; later versions take every double, see
 * src/main/software/amazon/event/ruler/ComparableNumber.java). The message is ours.
 * [D10] https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
const numeric = (text: string): string => `{"a":[{"numeric":${text}}]}`;

describe('numeric operands beyond a double', () => {
  it.each([
    ['["<", 2.0e422]', '2.0e422', 'too large'],
    ['["=", 1E309]', '1E309', 'too large'],
    ['[">", -1E309]', '-1E309', 'too large'],
    ['[">=", 1E-325]', '1E-325', 'too small'],
    ['[">", 0, "<", 1E309]', '1E309', 'too large'],
    ['[">", 1E-400, "<=", 5]', '1E-400', 'too small'],
  ])('%s is rejected', (operand, number, why) => {
    const text = numeric(operand);
    const error = syntaxError(text);
    expect(error.message).toBe(`Cannot compare number ${number}: it is ${why} for a double (a 64-bit floating-point number)`);
    expect(text.slice(error.position, error.position + number.length)).toBe(number);
    expect(verdictOf(text, { a: 1 })).toBe('invalid');
  });

  it.each(['["<", 1.7976931348623157E308]', '[">", 4.9E-324]', '["=", 0.0e0]', '["=", -0]', '[">", 0, "<", 2.0e22]'])(
    '%s is a double and accepted',
    (operand) => {
      expect(verdictOf(numeric(operand), { a: 1 })).not.toBe('invalid');
    },
  );

  it('an exact number is not a numeric comparison and is left alone', () => {
    expect(verdictOf(patternText('{"a":[1E309]}'), { a: 1 })).toBe('no-match');
  });
});
