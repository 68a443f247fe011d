import { escapeUTF8 } from 'entities';

/**
 * HTML built with the `html` tag: every interpolated value is escaped (entities' escapeUTF8, which
 * covers text and quoted attribute values alike) unless it is already Markup. Everything in a
 * report that came from the account (names, patterns, reasons) is a plain string, so it cannot
 * open a tag or end an attribute by accident; forgetting to escape takes an explicit `trusted`.
 */
export class Markup {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

type Value = Markup | string | number | undefined | null | false | readonly Value[];

export function html(strings: TemplateStringsArray, ...values: Value[]): Markup {
  let text = strings[0]!;
  values.forEach((value, index) => {
    text += render(value) + strings[index + 1]!;
  });
  return new Markup(text);
}

/** Fixed text of our own (the style sheet, the script) that must go in as it is. */
export function trusted(text: string): Markup {
  return new Markup(text);
}

export function join(parts: readonly Value[], separator = ''): Markup {
  return new Markup(parts.map(render).join(separator));
}

function render(value: Value): string {
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeUTF8(String(value));
}
