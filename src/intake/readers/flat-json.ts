import { IntakeStructuralError } from '../intake-structural.error';

/** A record as intake stages it: canonical field name → text (numbers keep their exact source text) or null. */
export type StagedRecord = Record<string, string | null>;

const NESTED = Symbol('nested');

/**
 * Parses one JSON object whose values are scalars. Numbers are kept as written ("1.90" stays "1.90", a 20-digit
 * amount is not rounded through a float), so validation sees what the platform sent. A nested object or array
 * is skipped for unknown fields and refused for known ones. `record` (1-based) only locates errors.
 */
export function parseFlatObject(text: string, record: number, known: ReadonlySet<string>): StagedRecord {
  const p = new FlatParser(text, record);
  const out: StagedRecord = {};
  p.ws();
  p.expect('{');
  p.ws();
  if (p.peek() === '}') {
    p.pos++;
  } else {
    for (;;) {
      p.ws();
      const key = p.string();
      p.ws();
      p.expect(':');
      p.ws();
      const value = p.value();
      if (known.has(key)) {
        if (value === NESTED) throw p.fail('JSON_VALUE_NOT_SCALAR', `field "${key}" of record ${record} is an object or array`);
        out[key] = value;
      }
      p.ws();
      if (p.peek() === ',') {
        p.pos++;
        continue;
      }
      p.expect('}');
      break;
    }
  }
  p.ws();
  if (p.pos !== text.length) throw p.fail('JSON_MALFORMED', `unexpected text after record ${record}`);
  return out;
}

class FlatParser {
  pos = 0;
  constructor(
    private readonly text: string,
    private readonly record: number,
  ) {}

  peek(): string {
    return this.text[this.pos];
  }

  ws(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos])) this.pos++;
  }

  expect(char: string): void {
    if (this.text[this.pos] !== char) {
      const what = this.record > 0 ? `record ${this.record}` : 'the body';
      throw this.fail(char === '{' ? 'JSON_RECORD_NOT_OBJECT' : 'JSON_MALFORMED', char === '{' ? `${what} is not a JSON object` : `malformed JSON in ${what}`);
    }
    this.pos++;
  }

  fail(code: string, message: string): IntakeStructuralError {
    return new IntakeStructuralError(code, message, 400, { record: this.record });
  }

  string(): string {
    const start = this.pos;
    this.expect('"');
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined) throw this.fail('JSON_MALFORMED', `unterminated string in record ${this.record}`);
      if (c === '\\') this.pos++;
      else if (c === '"') break;
    }
    try {
      return JSON.parse(this.text.slice(start, this.pos)) as string;
    } catch {
      throw this.fail('JSON_MALFORMED', `invalid string in record ${this.record}`);
    }
  }

  value(): string | null | typeof NESTED {
    const c = this.peek();
    if (c === '"') return this.string();
    if (c === '{' || c === '[') {
      this.skipNested();
      return NESTED;
    }
    const match = /^(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null)/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!match) throw this.fail('JSON_MALFORMED', `invalid value in record ${this.record}`);
    this.pos += match[0].length;
    return match[0] === 'null' ? null : match[0];
  }

  private skipNested(): void {
    let depth = 0;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) throw this.fail('JSON_MALFORMED', `unterminated value in record ${this.record}`);
      if (c === '"') {
        this.string();
        continue;
      }
      this.pos++;
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return;
      }
    }
  }
}
