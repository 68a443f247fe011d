import { PatternError } from './pattern-error.js';

/**
 * A strict JSON reader that keeps what `JSON.parse` throws away: the offset of every value and key,
 * every member of an object even when its key repeats (AWS keeps the last one, and we must say which
 * condition that silently drops), and the source text of numbers (`3.0e2` is not `300` to the docs).
 */

export type JsonValue = JsonObject | JsonArray | JsonString | JsonNumber | JsonBoolean | JsonNull;

interface Located {
  /** Zero-based offset of the value's first character. */
  readonly position: number;
}
export interface JsonMember {
  readonly key: string;
  readonly keyPosition: number;
  readonly value: JsonValue;
}
/** Members in source order, duplicates included. */
export interface JsonObject extends Located {
  readonly type: 'object';
  readonly members: readonly JsonMember[];
}
export interface JsonArray extends Located {
  readonly type: 'array';
  readonly items: readonly JsonValue[];
}
export interface JsonString extends Located {
  readonly type: 'string';
  readonly value: string;
}
export interface JsonNumber extends Located {
  readonly type: 'number';
  readonly value: number;
  readonly text: string;
}
export interface JsonBoolean extends Located {
  readonly type: 'boolean';
  readonly value: boolean;
}
export interface JsonNull extends Located {
  readonly type: 'null';
}

/** Reads exactly one JSON value (surrounding whitespace allowed); throws `PatternError`. */
export function readJson(text: string): JsonValue {
  const reader = new Reader(text);
  reader.skipWhitespace();
  const value = reader.value();
  reader.skipWhitespace();
  if (!reader.atEnd()) reader.fail(`Unexpected ${reader.describeNext()} after the end of the JSON value`);
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** String content up to the next quote, backslash or (invalid) control character. */
// eslint-disable-next-line no-control-regex -- the control characters are what the class excludes
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Reader {
  private pos = 0;

  constructor(private readonly text: string) {}

  value(): JsonValue {
    const position = this.pos;
    const char = this.text[position];
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return { type: 'string', position, value: this.string() };
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number();
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, position)) {
        this.pos += word.length;
        return value === null ? { type: 'null', position } : { type: 'boolean', position, value };
      }
    }
    return this.fail(`Unexpected ${this.describeNext()}: expected a JSON value`);
  }

  private object(): JsonObject {
    const position = this.pos++;
    const members: JsonMember[] = [];
    this.skipWhitespace();
    if (this.eat('}')) return { type: 'object', position, members };
    do {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail(`Unexpected ${this.describeNext()}: expected a field name in double quotes`);
      const keyPosition = this.pos;
      const key = this.string();
      this.skipWhitespace();
      if (!this.eat(':')) this.fail(`Unexpected ${this.describeNext()}: expected ':' after the field name`);
      this.skipWhitespace();
      members.push({ key, keyPosition, value: this.value() });
      this.skipWhitespace();
    } while (this.eat(','));
    if (!this.eat('}')) this.fail(`Unexpected ${this.describeNext()}: expected ',' or '}' in an object`);
    return { type: 'object', position, members };
  }

  private array(): JsonArray {
    const position = this.pos++;
    const items: JsonValue[] = [];
    this.skipWhitespace();
    if (this.eat(']')) return { type: 'array', position, items };
    do {
      this.skipWhitespace();
      items.push(this.value());
      this.skipWhitespace();
    } while (this.eat(','));
    if (!this.eat(']')) this.fail(`Unexpected ${this.describeNext()}: expected ',' or ']' in an array`);
    return { type: 'array', position, items };
  }

  private string(): string {
    const start = this.pos++;
    let value = '';
    for (;;) {
      PLAIN_RUN.lastIndex = this.pos;
      const run = PLAIN_RUN.exec(this.text)?.[0] ?? '';
      value += run;
      this.pos += run.length;
      const char = this.text[this.pos];
      if (char === undefined) this.fail('Unterminated string', start);
      if (char === '"') break;
      if (char < ' ') this.fail('Unescaped control character in a string');
      const escape = this.text[this.pos + 1] ?? '';
      if (escape === 'u') {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Invalid \\u escape in a string');
        value += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else {
        const decoded = ESCAPES[escape];
        if (decoded === undefined) this.fail(`Invalid escape '\\${escape}' in a string`);
        value += decoded;
        this.pos += 2;
      }
    }
    this.pos++;
    return value;
  }

  private number(): JsonNumber {
    const position = this.pos;
    NUMBER.lastIndex = position;
    const match = NUMBER.exec(this.text);
    if (!match) return this.fail('Invalid number');
    this.pos += match[0].length;
    return { type: 'number', position, value: Number(match[0]), text: match[0] };
  }

  private eat(char: string): boolean {
    if (this.text[this.pos] !== char) return false;
    this.pos++;
    return true;
  }

  skipWhitespace(): void {
    while (WHITESPACE.has(this.text[this.pos] ?? '')) this.pos++;
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  describeNext(): string {
    const char = this.text[this.pos];
    return char === undefined ? 'end of input' : `character '${char}'`;
  }

  fail(message: string, position = this.pos): never {
    throw new PatternError(position, message);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const LITERALS: ReadonlyArray<readonly [string, boolean | null]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];
