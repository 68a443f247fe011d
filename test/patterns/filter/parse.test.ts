import { describe, expect, it } from 'vitest';
import { type FilterPattern, parseFilterPattern } from '../../../src/patterns/filter/index.js';

function parse(text: string): { pattern: FilterPattern; notes: string[] } {
  const result = parseFilterPattern(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.position}: ${result.error.message}`);
  return { pattern: result.pattern, notes: result.notes.map((note) => note.message) };
}

describe('dialect dispatch on the first non-blank character (§1.1)', () => {
  it.each([
    ['', 'match-all'],
    ['  \t', 'match-all'],
    ['{ $.a = 1 }', 'json'],
    ['  { $.a = 1 }', 'json'],
    ['[a, b]', 'delimited'],
    ['%ab+c%', 'regex'],
    ['ERROR', 'text'],
    ['"ERROR"', 'text'],
    ['%a% b', 'text'],
    ['$.eventName = x', 'text'],
  ])('%j → %s', (text, dialect) => {
    expect(parse(text).pattern.dialect).toBe(dialect);
  });
});

describe('JSON structure', () => {
  it('binds && tighter than ||, as in CIS v2/v3 4.1 (#12)', () => {
    const { pattern } = parse('{ $.a = 1 || $.b = 2 && $.c = 3 }');
    expect(pattern).toMatchObject({
      dialect: 'json',
      expression: { kind: 'or', operands: [{ text: '$.a = 1' }, { kind: 'and', operands: [{ text: '$.b = 2' }, { text: '$.c = 3' }] }] },
    });
  });

  it('flattens redundant parentheses and same-operator nesting', () => {
    const { pattern } = parse('{ (($.a = 1)) && ($.b = 2 && ($.c = 3)) }');
    expect(pattern).toMatchObject({ expression: { kind: 'and', operands: [{ text: '$.a = 1' }, { text: '$.b = 2' }, { text: '$.c = 3' }] } });
  });

  it('reads selector steps, values and tests', () => {
    const { pattern } = parse("{ $.a[0].*.['k.k'] = -1.5e3 || $.b[*] NOT EXISTS }");
    expect(pattern).toMatchObject({
      expression: {
        kind: 'or',
        operands: [
          {
            kind: 'comparison',
            selector: {
              text: "$.a[0].*.['k.k']",
              hasWildcard: true,
              steps: [{ kind: 'property', name: 'a' }, { kind: 'index', index: 0 }, { kind: 'any-property' }, { kind: 'property', name: 'k.k' }],
            },
            operator: '=',
            value: { kind: 'number', value: -1500 },
          },
          { kind: 'test', test: 'NOT EXISTS', selector: { steps: [{ kind: 'property', name: 'b' }, { kind: 'any-element' }] } },
        ],
      },
    });
  });

  it('compiles regexes at parse time', () => {
    const { pattern } = parse('{ $.eventName = %^Put.+Policy$% }');
    expect(pattern).toMatchObject({ expression: { value: { kind: 'regex', source: '^Put.+Policy$' } } });
    if (pattern.dialect === 'json' && pattern.expression.kind === 'comparison' && pattern.expression.value.kind === 'regex') {
      expect(pattern.expression.value.regex).toBeInstanceOf(RegExp);
    }
  });

  it('keeps a hyphenated property name and a bare value with dots', () => {
    expect(parse('{ $.x-amz-id = kms.amazonaws.com }')).toMatchObject({
      pattern: { expression: { selector: { steps: [{ name: 'x-amz-id' }] }, value: { kind: 'text', text: 'kms.amazonaws.com', quoted: false } } },
      notes: [],
    });
  });
});

describe('notes', () => {
  it('warns that a delimited pattern cannot select CloudTrail events (#53)', () => {
    expect(parse('[w1=ERROR, w2]').notes).toEqual([expect.stringContaining('cannot reliably select CloudTrail events')]);
  });

  it('says that text patterns match anywhere, and when ? terms are ignored (#44)', () => {
    expect(parse('?DeleteGroupPolicy ?PutRolePolicy iam').notes).toEqual([
      expect.stringContaining('"?" terms are ignored'),
      expect.stringContaining('anywhere in the raw record'),
    ]);
  });

  it('points at each undocumented construct it accepted', () => {
    const text = '{ $.awsRegion = us-east-1 && $.a is null && $.b != %x y% }';
    const result = parseFilterPattern(text);
    expect(result.ok && result.notes).toEqual([
      { position: text.indexOf('us-east-1'), message: expect.stringContaining('unquoted value') },
      { position: text.indexOf('is'), message: expect.stringContaining('upper case') },
      { position: text.indexOf('%x y%'), message: expect.stringContaining('a space in a regex') },
      { position: text.indexOf('!='), message: expect.stringContaining('"!=" with a regex') },
    ]);
  });

  it('has no notes for the published CIS patterns', () => {
    const cis = [
      '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
      '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
      '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
      '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    ];
    for (const text of cis) expect(parse(text).notes, text).toEqual([]);
  });
});
