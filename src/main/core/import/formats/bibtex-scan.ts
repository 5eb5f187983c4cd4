/**
 * The structure of a .bib file: entries, their fields as raw TeX, @string macros resolved and
 * `#` concatenations joined, each entry with the line of its `@`. This pass is ours rather than
 * @retorquere/bibtex-parser's because we need what it does not give: line numbers, one
 * problem per broken entry while the rest is kept, linear time on hostile input, and values
 * taken literally (its LaTeX stage reads `%` as a comment and a lone `$` in a file path as
 * unclosed math, which loses fields). The parser then decodes the LaTeX of the few fields
 * we keep (see bibtex.ts).
 *
 * Recovery: a line that starts with `@word{` or `@word(` always starts a new entry, even when
 * the previous one has not closed (an unbalanced brace then costs one entry, not the file).
 */

export interface RawEntry {
  type: string;
  key: string;
  line: number;
  /** Lower-cased field name -> raw value (outer delimiters removed). The first of duplicates wins. */
  fields: Map<string, string>;
}

interface ScanProblem {
  line: number;
  entry: string;
  reason: string;
}

interface ScanResult {
  entries: RawEntry[];
  problems: ScanProblem[];
  /** How many @-directives (entries, @string, @preamble, @comment) were seen. */
  directives: number;
}

const MONTHS: Record<string, string> = {
  jan: '1', feb: '2', mar: '3', apr: '4', may: '5', jun: '6', jul: '7', aug: '8', sep: '9', oct: '10', nov: '11', dec: '12',
};

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** jan … dec (BibTeX's macros) and the full names some files use bare (`month = May`). */
function monthMacro(lower: string): string | null {
  if (MONTHS[lower]) return MONTHS[lower]!;
  const k = MONTH_NAMES.indexOf(lower);
  return k < 0 ? null : String(k + 1);
}

class Fail {
  constructor(
    readonly reason: string,
    readonly at: number,
    /** Where scanning resumes: the next entry's @, or -1 to stop (the file ends inside this entry). */
    readonly resume: number,
  ) {}
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 0xa0 || c === 0xfeff;
// BibTeX identifiers (entry types, field names, macro names, keys) are anything but these.
const isIdent = (c: number): boolean =>
  c > 32 && c !== 0x7b && c !== 0x7d && c !== 0x28 && c !== 0x29 && c !== 0x2c && c !== 0x3d && c !== 0x22 && c !== 0x23 && c !== 0x25 && c !== 0x40 && c !== 0xa0 && c !== 0xfeff;

export function scanBibtex(text: string): ScanResult {
  return new Scanner(text).run();
}

class Scanner {
  private readonly n: number;
  private i = 0;
  private readonly newlines: number[] = [];
  private readonly strings = new Map<string, string>();
  private readonly out: ScanResult = { entries: [], problems: [], directives: 0 };

  constructor(private readonly s: string) {
    this.n = s.length;
    for (let k = s.indexOf('\n'); k >= 0; k = s.indexOf('\n', k + 1)) this.newlines.push(k);
  }

  run(): ScanResult {
    const s = this.s;
    while (this.i < this.n) {
      const c = s.charCodeAt(this.i);
      if (c === 0x25 /* % */) {
        this.skipLine();
        continue;
      }
      if (c !== 0x40 /* @ */) {
        this.i++;
        continue;
      }
      const start = this.i;
      this.i++;
      this.skipSpace();
      const type = this.ident();
      if (!type) continue;
      this.skipSpace();
      const open = s.charCodeAt(this.i);
      const lower = type.toLowerCase();
      if (open !== 0x7b && open !== 0x28) {
        if (lower === 'comment') this.skipLine();
        continue; // "@word" in free text: not a directive.
      }
      this.out.directives++;
      this.i++;
      const close = open === 0x7b ? 0x7d : 0x29;
      try {
        if (lower === 'comment') this.skipComment(close, start);
        else if (lower === 'preamble') this.preamble(close, start);
        else if (lower === 'string') this.stringDef(close, start);
        else this.entry(type, close, start);
      } catch (e) {
        if (!(e instanceof Fail)) throw e;
        this.out.problems.push({ line: this.lineAt(start), entry: this.quote(start), reason: e.reason });
        if (e.resume < 0) break;
        this.i = e.resume;
      }
    }
    return this.out;
  }

  private entry(type: string, close: number, start: number): void {
    const s = this.s;
    const entry: RawEntry = { type: type.toLowerCase(), key: '', line: this.lineAt(start), fields: new Map() };
    this.skipSpaceAndComments(start);
    // The key; EndNote omits it ("@article{" then the first field).
    let pending: string | null = null;
    if (s.charCodeAt(this.i) !== 0x2c && s.charCodeAt(this.i) !== close) {
      const keyStart = this.i;
      while (this.i < this.n && s.charCodeAt(this.i) !== 0x2c && s.charCodeAt(this.i) !== close && !isSpace(s.charCodeAt(this.i)) && s.charCodeAt(this.i) !== 0x3d) this.i++;
      const token = s.slice(keyStart, this.i);
      this.skipSpaceAndComments(start);
      if (s.charCodeAt(this.i) === 0x3d) pending = token;
      else entry.key = token;
    }
    for (;;) {
      let name: string;
      if (pending !== null) {
        name = pending;
        pending = null;
      } else {
        this.skipSpaceAndComments(start);
        if (this.i >= this.n) throw this.eof(start);
        const c = s.charCodeAt(this.i);
        if (c === 0x2c) {
          this.i++;
          continue;
        }
        if (c === close) {
          this.i++;
          break;
        }
        if (c === 0x40 && this.atLineStart(this.i)) throw new Fail(`the entry is not closed before the next entry at line ${this.lineAt(this.i)}`, this.i, this.i);
        name = this.ident();
        if (!name) throw new Fail(`unexpected "${s[this.i]}" at line ${this.lineAt(this.i)} where a field name should be`, this.i, this.i + 1);
        this.skipSpaceAndComments(start);
      }
      if (s.charCodeAt(this.i) !== 0x3d) {
        if (this.i >= this.n) throw this.eof(start);
        throw new Fail(`field "${name}" at line ${this.lineAt(this.i)} has no "=" after it`, this.i, this.i);
      }
      this.i++;
      const value = this.value(start);
      const key = name.toLowerCase();
      if (!entry.fields.has(key)) entry.fields.set(key, value);
    }
    this.out.entries.push(entry);
  }

  private stringDef(close: number, start: number): void {
    this.skipSpaceAndComments(start);
    const name = this.ident();
    if (!name) throw new Fail('@string without a name', this.i, this.i);
    this.skipSpaceAndComments(start);
    if (this.s.charCodeAt(this.i) !== 0x3d) throw new Fail(`@string ${name} has no "="`, this.i, this.i);
    this.i++;
    const value = this.value(start);
    this.strings.set(name.toLowerCase(), value);
    this.closeDirective(close, start);
  }

  private preamble(close: number, start: number): void {
    this.value(start);
    this.closeDirective(close, start);
  }

  private closeDirective(close: number, start: number): void {
    this.skipSpaceAndComments(start);
    if (this.s.charCodeAt(this.i) === 0x2c) {
      this.i++;
      this.skipSpaceAndComments(start);
    }
    if (this.i >= this.n) throw this.eof(start);
    if (this.s.charCodeAt(this.i) !== close) throw new Fail(`expected "${String.fromCharCode(close)}" at line ${this.lineAt(this.i)}`, this.i, this.i);
    this.i++;
  }

  private skipComment(close: number, start: number): void {
    // @comment{...}: skip a balanced group, like BibTeX does.
    const open = close === 0x7d ? 0x7b : 0x28;
    let depth = 1;
    while (this.i < this.n) {
      const c = this.s.charCodeAt(this.i++);
      if (c === open) depth++;
      else if (c === close && --depth === 0) return;
    }
    throw this.eof(start);
  }

  /** value = piece ('#' piece)*; a piece is {…}, "…", a number or a macro name. */
  private value(start: number): string {
    let value = '';
    for (let first = true; ; first = false) {
      this.skipSpaceAndComments(start);
      const piece = this.piece(start);
      value = first ? piece : value + piece;
      this.skipSpaceAndComments(start);
      if (this.s.charCodeAt(this.i) !== 0x23 /* # */) return value;
      this.i++;
    }
  }

  private piece(start: number): string {
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === 0x7b || c === 0x22) return this.delimited(c === 0x22, start);
    const name = this.ident();
    if (!name) {
      if (this.i >= this.n) throw this.eof(start);
      throw new Fail(`expected a value at line ${this.lineAt(this.i)}, found "${s[this.i]}"`, this.i, this.i);
    }
    if (/^\d+$/.test(name)) return name;
    const lower = name.toLowerCase();
    // An undefined macro is kept as its name (BibTeX warns and uses nothing; the name is more useful).
    return this.strings.get(lower) ?? monthMacro(lower) ?? name;
  }

  /** {…} with nested braces, or "…" (braces nest inside too). Backslash escapes the next char. */
  private delimited(quoted: boolean, start: number): string {
    const s = this.s;
    const from = ++this.i;
    let depth = 0;
    while (this.i < this.n) {
      const c = s.charCodeAt(this.i);
      if (c === 0x5c /* \ */) this.i += 2;
      else if (c === 0x7b) {
        depth++;
        this.i++;
      }
      else if (c === 0x7d) {
        if (depth === 0) {
          if (quoted) throw new Fail(`unbalanced "}" in a quoted value at line ${this.lineAt(this.i)}`, this.i, this.nextEntryFrom(this.i));
          return s.slice(from, this.i++);
        }
        depth--;
        this.i++;
      } else if (c === 0x22 && quoted && depth === 0) return s.slice(from, this.i++);
      else if (c === 0x0a && this.entryStartsAfterNewline(this.i)) {
        const at = this.skipHorizontal(this.i + 1);
        throw new Fail(`a value opened at line ${this.lineAt(from)} is not closed before the next entry at line ${this.lineAt(at)} (unbalanced braces)`, at, at);
      } else this.i++;
    }
    throw this.eof(start);
  }

  private eof(start: number): Fail {
    return new Fail(`the file ends inside this entry (it is not closed; the file may be cut off)`, this.n, this.nextEntryFrom(start + 1));
  }

  /** The next line-start "@word{" after pos, or -1. */
  private nextEntryFrom(pos: number): number {
    for (let k = this.s.indexOf('\n', pos); k >= 0 && k < this.n; k = this.s.indexOf('\n', k + 1)) {
      if (this.entryStartsAfterNewline(k)) return this.skipHorizontal(k + 1);
    }
    return -1;
  }

  private entryStartsAfterNewline(nl: number): boolean {
    const s = this.s;
    let k = this.skipHorizontal(nl + 1);
    if (s.charCodeAt(k) !== 0x40) return false;
    k++;
    const identStart = k;
    while (k < this.n && k - identStart < 40 && /[A-Za-z]/.test(s[k]!)) k++;
    if (k === identStart) return false;
    while (k < this.n && (s.charCodeAt(k) === 32 || s.charCodeAt(k) === 9)) k++;
    return s.charCodeAt(k) === 0x7b || s.charCodeAt(k) === 0x28;
  }

  private atLineStart(pos: number): boolean {
    for (let k = pos - 1; k >= 0; k--) {
      const c = this.s.charCodeAt(k);
      if (c === 0x0a) return true;
      if (c !== 32 && c !== 9) return false;
    }
    return true;
  }

  private skipHorizontal(k: number): number {
    while (k < this.n && (this.s.charCodeAt(k) === 32 || this.s.charCodeAt(k) === 9 || this.s.charCodeAt(k) === 13)) k++;
    return k;
  }

  private ident(): string {
    const from = this.i;
    while (this.i < this.n && isIdent(this.s.charCodeAt(this.i))) this.i++;
    return this.s.slice(from, this.i);
  }

  private skipSpace(): void {
    while (this.i < this.n && isSpace(this.s.charCodeAt(this.i))) this.i++;
  }

  /** Whitespace and %-comments between the parts of an entry. */
  private skipSpaceAndComments(_start: number): void {
    for (;;) {
      this.skipSpace();
      if (this.s.charCodeAt(this.i) !== 0x25) return;
      this.skipLine();
    }
  }

  private skipLine(): void {
    const k = this.s.indexOf('\n', this.i);
    this.i = k < 0 ? this.n : k + 1;
  }

  lineAt(pos: number): number {
    let lo = 0;
    let hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.newlines[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  private quote(start: number): string {
    const end = this.s.indexOf('\n', start);
    const head = this.s.slice(start, Math.min(end < 0 ? this.n : end, start + 60));
    return head.trim();
  }
}
