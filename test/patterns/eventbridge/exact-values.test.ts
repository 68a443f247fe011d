import { describe, expect, it } from 'vitest';
import { exactValues } from '../../../src/patterns/eventbridge/index.js';

describe('exactValues: the values a plain list of strings admits', () => {
  it.each([
    ['{"source":["aws.iam","aws.sts"]}', 'source', ['aws.iam', 'aws.sts']],
    ['{"detail-type":["AWS API Call via CloudTrail"]}', 'detail-type', ['AWS API Call via CloudTrail']],
  ])('valid: %s', (pattern, field, values) => {
    expect(exactValues(pattern, field)).toEqual(values);
  });

  it.each([
    ['an operator', '{"source":[{"prefix":"aws."}]}'],
    ['a mixed list', '{"source":["aws.iam",{"prefix":"aws.s"}]}'],
    ['an empty list', '{"source":[]}'],
    ['no such field', '{"detail-type":["x"]}'],
    ['$or', '{"$or":[{"source":["aws.iam"]},{"source":["aws.ec2"]}]}'],
    ['not JSON', '{source'],
    ['not an object', '["aws.iam"]'],
  ])('undefined (only the engine can judge): %s', (_, pattern) => {
    expect(exactValues(pattern, 'source')).toBeUndefined();
  });
});
