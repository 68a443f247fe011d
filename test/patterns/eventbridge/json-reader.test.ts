import { describe, expect, it } from 'vitest';
import { readJson } from '../../../src/patterns/eventbridge/json-reader.js';
import { PatternError } from '../../../src/patterns/eventbridge/pattern-error.js';

describe('the positional JSON reader', () => {
  it('keeps every member of an object, repeated keys included, with their positions', () => {
    const text = '{"a": [1], "a": {"b": ["x"]}}';
    const value = readJson(text);
    expect(value.type === 'object' && value.members.map((member) => [member.key, member.keyPosition, member.value.position])).toEqual([
      ['a', 1, 6],
      ['a', 11, 16],
    ]);
  });

  it('keeps the spelling of numbers', () => {
    expect(readJson(' -3.0e2 ')).toEqual({ type: 'number', position: 1, value: -300, text: '-3.0e2' });
  });

  it('decodes string escapes', () => {
    expect(readJson('"a\\"b\\\\c\\/d\\u00e9\\n"')).toMatchObject({ type: 'string', value: 'a"b\\c/dé\n' });
  });

  it('reads literals and nested arrays', () => {
    expect(readJson('[true, false, null, []]')).toMatchObject({
      type: 'array',
      items: [{ type: 'boolean', value: true }, { type: 'boolean', value: false }, { type: 'null' }, { type: 'array', items: [] }],
    });
  });

  it.each([
    ['', 0, 'Unexpected end of input: expected a JSON value'],
    ['{"a" 1}', 5, "Unexpected character '1': expected ':' after the field name"],
    ['[1,]', 3, "Unexpected character ']': expected a JSON value"],
    ["{'a': [1]}", 1, "Unexpected character ''': expected a field name in double quotes"],
    ['"tab\there"', 4, 'Unescaped control character in a string'],
    ['"\\u12"', 1, 'Invalid \\u escape in a string'],
    ['-', 0, 'Invalid number'],
    ['nul', 0, "Unexpected character 'n': expected a JSON value"],
  ])('rejects %j at %i', (text, position, message) => {
    let error: unknown;
    try {
      readJson(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PatternError);
    expect(error).toMatchObject({ position, message });
  });
});
