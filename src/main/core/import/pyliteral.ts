/**
 * A small, safe evaluator for Python literals as `repr()` writes them: dicts, lists, tuples,
 * strings (all quote styles and escapes, adjacent literals concatenated), numbers, True, False
 * and None. Nothing is executed; anything else (calls, names, sets, bytes arithmetic) is an
 * error. It exists because a real Hugging Face scraper saved its JSON items as Python repr
 * strings ("{'paper': {'id': '2412.18547', 'hidden': False, ...}}").
 */
type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

export class PyLiteralError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.name = 'PyLiteralError';
    this.offset = offset;
  }
}

interface PyLiteralOptions {
  /** Deepest nesting accepted; deeper input is refused instead of exhausting the stack. */
  maxDepth?: number;
}

const NUMBER_RE = /[+-]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|\d[\d_]*\.(?![\d_])|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d[\d_]*)?|\d[\d_]*\.)/y;
const NAME_RE = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Evaluates one Python literal; the whole text must be that literal (surrounding space allowed). */
export function parsePyLiteral(src: string, options: PyLiteralOptions = {}): PyValue {
  const p = new Parser(src, options.maxDepth ?? 256);
  p.skipSpace();
  const value = p.value(0);
  p.skipSpace();
  if (p.pos < src.length) p.fail(`unexpected ${p.describe()} after the value`);
  return value;
}

class Parser {
  pos = 0;
  constructor(
    readonly src: string,
    readonly maxDepth: number,
  ) {}

  fail(message: string, at = this.pos): never {
    throw new PyLiteralError(message, at);
  }

  describe(): string {
    if (this.pos >= this.src.length) return 'end of text';
    return `"${this.src.slice(this.pos, this.pos + 12)}"`;
  }

  skipSpace(): void {
    const s = this.src;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) this.pos++;
      else if (c === 92 && (s[this.pos + 1] === '\n' || s[this.pos + 1] === '\r')) this.pos += 2; // explicit line joining
      else return;
    }
  }

  value(depth: number): PyValue {
    if (depth > this.maxDepth) this.fail(`nested more than ${this.maxDepth} levels deep`);
    const s = this.src;
    const c = s[this.pos];
    if (c === undefined) this.fail('the text ends where a value was expected');
    if (c === '{') return this.dict(depth);
    if (c === '[') return this.sequence(']', depth);
    if (c === '(') return this.sequence(')', depth);
    if (c === "'" || c === '"' || this.atPrefixedString()) return this.strings();
    if (c === '-' || c === '+' || c === '.' || (c >= '0' && c <= '9')) return this.number();
    NAME_RE.lastIndex = this.pos;
    const m = NAME_RE.exec(s);
    if (m) {
      const name = m[0];
      if (name === 'True' || name === 'False' || name === 'None') {
        this.pos += name.length;
        return name === 'True' ? true : name === 'False' ? false : null;
      }
      this.fail(`"${name.slice(0, 30)}" is not a literal (only strings, numbers, True, False, None, lists, tuples and dicts are read)`);
    }
    return this.fail(`unexpected ${this.describe()} where a value was expected`);
  }

  atPrefixedString(): boolean {
    const m = /^[rRuUbB]{1,2}['"]/.exec(this.src.slice(this.pos, this.pos + 3));
    return m !== null && /^(?:[rRuUbB]|[rR][bB]|[bB][rR])$/.test(m[0].slice(0, -1));
  }

  dict(depth: number): { [key: string]: PyValue } {
    const out: { [key: string]: PyValue } = {};
    this.pos++; // {
    for (;;) {
      this.skipSpace();
      if (this.src[this.pos] === '}') {
        this.pos++;
        return out;
      }
      const keyAt = this.pos;
      const key = this.value(depth + 1);
      if (key !== null && typeof key === 'object') this.fail('a dict key must be a string, number, True, False or None', keyAt);
      this.skipSpace();
      if (this.src[this.pos] !== ':') this.fail(`expected ":" after a dict key, found ${this.describe()}`);
      this.pos++;
      this.skipSpace();
      const v = this.value(depth + 1);
      Object.defineProperty(out, String(key), { value: v, enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const sep = this.src[this.pos];
      if (sep === ',') this.pos++;
      else if (sep !== '}') this.fail(`expected "," or "}" in a dict, found ${this.describe()}`);
    }
  }

  sequence(close: ']' | ')', depth: number): PyValue[] {
    const out: PyValue[] = [];
    this.pos++;
    for (;;) {
      this.skipSpace();
      if (this.src[this.pos] === close) {
        this.pos++;
        return out;
      }
      out.push(this.value(depth + 1));
      this.skipSpace();
      const sep = this.src[this.pos];
      if (sep === ',') this.pos++;
      else if (sep !== close) this.fail(`expected "," or "${close}", found ${this.describe()}`);
    }
  }

  number(): number {
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(this.src);
    if (!m || m[0] === '' || m[0] === '-' || m[0] === '+') return this.fail(`unexpected ${this.describe()} where a value was expected`);
    this.pos += m[0].length;
    let text = m[0].replace(/_/g, '');
    let sign = 1;
    if (text[0] === '-' || text[0] === '+') {
      if (text[0] === '-') sign = -1;
      text = text.slice(1);
    }
    const n = /^0[xXoObB]/.test(text) ? Number(text.toLowerCase()) : Number(text);
    if (Number.isNaN(n)) this.fail(`"${m[0]}" is not a number`);
    // A complex literal (1j) or a name glued to the number is not something we read.
    if (/[A-Za-z0-9_]/.test(this.src[this.pos] ?? '')) this.fail(`unexpected ${this.describe()} after a number`);
    return sign * n;
  }

  /** One or more adjacent string literals, concatenated as Python does. */
  strings(): string {
    const parts: string[] = [this.string()];
    for (;;) {
      const save = this.pos;
      this.skipSpace();
      const c = this.src[this.pos];
      if (c === "'" || c === '"' || this.atPrefixedString()) parts.push(this.string());
      else {
        this.pos = save;
        return parts.join('');
      }
    }
  }

  string(): string {
    const s = this.src;
    let raw = false;
    while (s[this.pos] !== "'" && s[this.pos] !== '"') {
      if (s[this.pos] === 'r' || s[this.pos] === 'R') raw = true;
      this.pos++;
    }
    const start = this.pos;
    const q = s[this.pos]!;
    const triple = s.startsWith(q + q + q, this.pos);
    const quote = triple ? q + q + q : q;
    this.pos += quote.length;
    const chunks: string[] = [];
    let from = this.pos;
    for (;;) {
      // Jump to the next quote or backslash; long strings are copied in slices, not per character.
      let i = this.pos;
      for (; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c === 92 || c === 39 || c === 34 || (!triple && (c === 10 || c === 13))) break;
      }
      if (i >= s.length) this.fail('a string is not closed before the end of the text', start);
      const c = s[i]!;
      if (c === '\n' || c === '\r') this.fail('a line break inside a one-line string', i);
      if (c === q && s.startsWith(quote, i)) {
        chunks.push(s.slice(from, i));
        this.pos = i + quote.length;
        return chunks.join('');
      }
      if (c !== '\\') {
        this.pos = i + 1; // the other quote character, or a lone quote inside a triple-quoted string
        continue;
      }
      chunks.push(s.slice(from, i));
      if (raw) {
        // In a raw string a backslash only protects the next character from ending the string.
        chunks.push(s.slice(i, i + 2));
        this.pos = from = i + 2;
        continue;
      }
      const [text, next] = this.escape(i);
      chunks.push(text);
      this.pos = from = next;
    }
  }

  /** The escape at s[i] === '\\': its text and the index after it. */
  escape(i: number): [string, number] {
    const s = this.src;
    const e = s[i + 1];
    switch (e) {
      case undefined:
        return this.fail('the text ends inside an escape', i);
      case '\n':
        return ['', i + 2];
      case '\r':
        return ['', s[i + 2] === '\n' ? i + 3 : i + 2];
      case '\\':
      case "'":
      case '"':
        return [e, i + 2];
      case 'n':
        return ['\n', i + 2];
      case 't':
        return ['\t', i + 2];
      case 'r':
        return ['\r', i + 2];
      case 'b':
        return ['\b', i + 2];
      case 'f':
        return ['\f', i + 2];
      case 'v':
        return ['\v', i + 2];
      case 'a':
        return ['\x07', i + 2];
      case 'x':
        return [this.hex(i, 2), i + 4];
      case 'u':
        return [this.hex(i, 4), i + 6];
      case 'U':
        return [this.hex(i, 8), i + 10];
      case 'N': {
        const close = s.indexOf('}', i);
        if (s[i + 2] !== '{' || close < 0 || close - i > 100) return this.fail('a broken \\N{...} escape', i);
        // Character names need Unicode's name table; keep the escape as written rather than guess.
        return [s.slice(i, close + 1), close + 1];
      }
      default: {
        const oct = /^[0-7]{1,3}/.exec(s.slice(i + 1, i + 4));
        if (oct) return [String.fromCharCode(parseInt(oct[0], 8)), i + 1 + oct[0].length];
        return ['\\' + e, i + 2]; // Python keeps unknown escapes as written
      }
    }
  }

  hex(i: number, n: number): string {
    const digits = this.src.slice(i + 2, i + 2 + n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) this.fail(`a broken \\${this.src[i + 1]} escape`, i);
    const code = parseInt(digits, 16);
    if (code > 0x10ffff) this.fail('an escape beyond the last Unicode character', i);
    return String.fromCodePoint(code);
  }
}
