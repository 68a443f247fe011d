/**
 * The values a top-level field of an event pattern admits when its pattern is a plain list of
 * strings (`"source": ["aws.iam", "aws.sts"]`): EventBridge matches such a list by exact equality,
 * so an event whose field holds none of them cannot match. `undefined` for anything else (an
 * operator, `$or`, a nested pattern, a pattern that is not JSON), which only the full engine can judge.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
export function exactValues(pattern: string, field: string): readonly string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(pattern);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const values = (parsed as Record<string, unknown>)[field];
  if (!Array.isArray(values) || values.length === 0 || !values.every((value) => typeof value === 'string')) return undefined;
  return values;
}
