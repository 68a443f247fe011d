/**
 * A small HCL writer for the Terraform export, in `terraform fmt` style: two-space indents, and
 * the `=` of consecutive one-line attributes aligned. As in hclwrite, an attribute whose value
 * opens a multi-line bracket (`policy = jsonencode({`), a nested block, a closing bracket or a
 * blank line ends a run of aligned attributes.
 */

/** A Terraform expression written as is: a reference (`aws_s3_bucket.trail.id`) or a call. */
export class Expr {
  constructor(readonly text: string) {}
}

/** `jsonencode(value)`, with the value written as HCL so that the policy stays readable. */
export class JsonEncode {
  constructor(readonly value: TfValue) {}
}

export type TfValue = string | number | boolean | Expr | JsonEncode | TfValue[] | { [key: string]: TfValue };

export interface TfAttribute {
  name: string;
  value: TfValue;
}

export interface TfBlock {
  /** `resource`, `import`, ... */
  type: string;
  labels: string[];
  body: (TfAttribute | TfBlock)[];
}

export function ref(text: string): Expr {
  return new Expr(text);
}

/** A block whose attributes come from a record, in insertion order, then its nested blocks. */
export function block(type: string, labels: string[], attributes: Record<string, TfValue | undefined>, nested: TfBlock[] = []): TfBlock {
  const body: (TfAttribute | TfBlock)[] = Object.entries(attributes)
    .filter((entry): entry is [string, TfValue] => entry[1] !== undefined)
    .map(([name, value]) => ({ name, value }));
  return { type, labels, body: [...body, ...nested] };
}

export function renderHcl(blocks: readonly TfBlock[]): string {
  return `${blocks.map((b) => renderBlock(b, '').join('\n')).join('\n\n')}\n`;
}

function renderBlock(b: TfBlock, indent: string): string[] {
  const header = [b.type, ...b.labels.map(quote)].join(' ');
  return [`${indent}${header} {`, ...renderItems(b.body, `${indent}  `), `${indent}}`];
}

type Item = TfAttribute | TfBlock;

function isBlock(item: Item): item is TfBlock {
  return 'labels' in item;
}

/** Attributes and blocks of a body (or members of an object), with aligned runs of one-liners. */
function renderItems(items: readonly Item[], indent: string): string[] {
  const lines: string[] = [];
  let run: { key: string; value: string }[] = [];
  const flush = (): void => {
    const width = Math.max(...run.map((entry) => entry.key.length));
    for (const entry of run) lines.push(`${indent}${entry.key.padEnd(width)} = ${entry.value}`);
    run = [];
  };
  for (const item of items) {
    if (isBlock(item)) {
      flush();
      lines.push(...renderBlock(item, indent));
      continue;
    }
    const key = objectKey(item.name);
    const value = renderValue(item.value, indent);
    if (value.length === 1) {
      run.push({ key, value: value[0]! });
    } else {
      flush();
      lines.push(`${indent}${key} = ${value[0]!}`, ...value.slice(1));
    }
  }
  flush();
  return lines;
}

/** The value's lines: the first continues the `key = ` line, the rest carry their own indent. */
function renderValue(value: TfValue, indent: string): string[] {
  if (value instanceof Expr) return [value.text];
  if (value instanceof JsonEncode) {
    const inner = renderValue(value.value, indent);
    inner[0] = `jsonencode(${inner[0]!}`;
    inner[inner.length - 1] = `${inner[inner.length - 1]!})`;
    return inner;
  }
  if (typeof value === 'string') return [quote(value)];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) {
    const items = value.map((item) => renderValue(item, `${indent}  `));
    if (items.every((item) => item.length === 1)) return [`[${items.map((item) => item[0]!).join(', ')}]`];
    return [
      '[',
      ...items.flatMap((item) => [`${indent}  ${item[0]!}`, ...item.slice(1)].map((line, i, all) => (i === all.length - 1 ? `${line},` : line))),
      `${indent}]`,
    ];
  }
  const members = Object.entries(value).map(([name, member]) => ({ name, value: member }));
  if (members.length === 0) return ['{}'];
  return ['{', ...renderItems(members, `${indent}  `), `${indent}}`];
}

/** Bare when an identifier; `detail-type` is quoted too, so that no reader can take it for a subtraction. */
function objectKey(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : quote(name);
}

/** A quoted HCL string; `${` and `%{` would start a template, so they are escaped too. */
function quote(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    // A function, because in a replacement string `$$` means one `$`.
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
  return `"${escaped}"`;
}
