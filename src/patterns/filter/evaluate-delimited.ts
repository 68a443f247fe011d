import type { Verdict } from '../types.js';
import type { DelimitedField, DelimitedPattern, FieldComparison, Logical } from './ast.js';
import { compareFieldValue } from './compare.js';
import { isBlankAt } from './chars.js';
import { allOf, anyOf, evaluateLogical, toVerdict, withDoubts } from './logic.js';

/**
 * A space-delimited pattern against the raw line (§1.5). The pattern's fields must line up one to one
 * with the line's fields; each `...` absorbs any number of them.
 */
export function evaluateDelimited(pattern: DelimitedPattern, message: string, reasons: string[]): Verdict {
  const values = splitFields(message);
  const asWritten = align(pattern.fields, values, reasons);
  if (!pattern.trailingComma) return asWritten;
  // The 2020 docs' example reads `status_code=4*,]` as one more unnamed field [D5]; the reference
  // grammar as nothing. Say so when the two readings part.
  const extraField: DelimitedField = { kind: 'field', name: `$${pattern.fields.length + 1}`, position: pattern.source.lastIndexOf(','), condition: undefined };
  const withExtraField = align([...pattern.fields, extraField], values, []);
  if (withExtraField === asWritten) return asWritten;
  reasons.push(
    `${pattern.source}: AWS does not document the trailing ","; read as nothing the pattern gives ${asWritten}, ` +
      `read as one more unnamed field (as in the 2020 docs' example) it gives ${withExtraField}`,
  );
  return 'uncertain';
}

/** Lines `fields` up with the line's `values`; each `...` absorbs any number of them. */
function align(fields: readonly DelimitedField[], values: readonly string[], reasons: string[]): Verdict {
  // Several `...` make the alignment a search; memoising (field, value) keeps it polynomial.
  const memo = new Map<number, { verdict: Verdict; reasons: string[] }>();

  const alignFrom = (fieldIndex: number, valueIndex: number): Verdict => {
    const key = fieldIndex * (values.length + 1) + valueIndex;
    const known = memo.get(key);
    if (known) {
      reasons.push(...known.reasons);
      return known.verdict;
    }
    const mark = reasons.length;
    const verdict = alignAt(fieldIndex, valueIndex);
    memo.set(key, { verdict, reasons: reasons.slice(mark) });
    return verdict;
  };

  const alignAt = (fieldIndex: number, valueIndex: number): Verdict => {
    const field = fields[fieldIndex];
    if (field === undefined) return toVerdict(valueIndex === values.length);
    if (field.kind === 'ellipsis') {
      const rests = Array.from({ length: values.length - valueIndex + 1 }, (_, skipped) => valueIndex + skipped);
      return anyOf(rests, (rest) => alignFrom(fieldIndex + 1, rest), reasons);
    }
    const value = values[valueIndex];
    if (value === undefined) return 'no-match';
    const parts = [() => fieldHolds(field.condition, value, reasons), () => alignFrom(fieldIndex + 1, valueIndex + 1)];
    return allOf(parts, (part) => part(), reasons);
  };

  return alignFrom(0, 0);
}

function fieldHolds(condition: Logical<FieldComparison> | undefined, value: string, reasons: string[]): Verdict {
  if (condition === undefined) return 'match';
  const holds = (comparison: FieldComparison): Verdict => {
    const verdict = compareFieldValue(comparison.operator, comparison.value, value, comparison.text, reasons);
    return withDoubts(comparison.text, comparison.doubts, verdict, reasons);
  };
  return evaluateLogical(condition, holds, reasons);
}

/** Blank-separated fields; text between `[` and `]` or between double quotes is one field, without them [D1][D5]. */
export function splitFields(line: string): string[] {
  const fields: string[] = [];
  let index = 0;
  while (index < line.length) {
    if (isBlankAt(line, index)) {
      index++;
      continue;
    }
    const close = line[index] === '"' ? '"' : line[index] === '[' ? ']' : undefined;
    if (close !== undefined) {
      const end = line.indexOf(close, index + 1);
      const stop = end === -1 ? line.length : end;
      fields.push(line.slice(index + 1, stop));
      index = stop + 1;
      continue;
    }
    const start = index;
    while (index < line.length && !isBlankAt(line, index)) index++;
    fields.push(line.slice(start, index));
  }
  return fields;
}
