import { LecternError } from '../../../shared/errors';
import { cleanText, isoDate } from '../text/normalize';

/**
 * Helpers shared by the JSON importers (hf-json, hf-jsonfeed, csl-json): parsing with an error
 * that names the line, the line on which each item of an array starts, and the small text
 * clean-ups JSON sources need (entities, inline markup).
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty trimmed string, or null. */
export function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The shared cleanText (kept as a name the JSON importers use). */
export function clean(s: string): string {
  return cleanText(s);
}

/** JSON.parse, or LecternError('UNREADABLE') naming the line and column of the first fault. */
export function parseJson(text: string, where: string, what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    if (!(e instanceof SyntaxError)) {
      throw new LecternError('UNREADABLE', `${where}: the ${what} could not be read (${String((e as Error)?.message ?? e)}). Nothing was imported.`, where);
    }
    const scan = scanJson(text, null);
    const at = scan.ok ? { line: 1, column: 1 } : position(text, scan.errorAt);
    const reason = scan.ok ? e.message : scan.message;
    const cut = !scan.ok && (scan.errorAt >= text.trimEnd().length || /^(?:a string is not closed|the text ends)/.test(scan.message));
    throw new LecternError(
      'UNREADABLE',
      `${where} line ${at.line}, column ${at.column}: this ${what} is not valid JSON (${reason}).` +
        (cut ? ' The file ends in the middle of the data; it looks cut off. Save or download it again.' : '') +
        ' Nothing was imported.',
      `${where}:${at.line}`,
    );
  }
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * 1-based lines on which the items of one array start. `path` names the object keys from the
 * root down to the array ([] = the root itself is the array; ['items'] = root.items).
 * Returns [] when there is no such array.
 */
export function arrayItemLines(text: string, path: readonly string[]): number[] {
  const scan = scanJson(text, path, false);
  return scan.ok ? scan.items : [];
}

type Scan = { ok: true; items: number[] } | { ok: false; errorAt: number; message: string };

interface Frame {
  array: boolean;
  /** Depth-matching prefix of `path` holds so far (only such frames can lead to the target). */
  onPath: boolean;
  target: boolean;
  key: string | null;
}

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * One linear pass over JSON text without building values: validates the syntax (so a parse error
 * can be placed) and records where the target array's items start. Iterative, so nesting depth
 * costs memory, not stack.
 */
function scanJson(text: string, path: readonly string[] | null, validate = true): Scan {
  const items: number[] = [];
  const stack: Frame[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  // What the grammar allows next.
  let expect: 'value' | 'key' | 'colon' | 'after' = 'value';
  let fresh = false; // just after "[" or "{": the container may close at once
  const fail = (message: string, at = i): Scan => ({ ok: false, errorAt: at, message });

  for (;;) {
    // Skip white space, counting lines.
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c === 13) {
        if (text.charCodeAt(i + 1) !== 10) line++;
      } else if (c !== 32 && c !== 9) break;
      i++;
    }
    const top = stack[stack.length - 1];
    if (i >= n) {
      if (stack.length === 0 && expect === 'after') return { ok: true, items };
      return fail(stack.length ? `the text ends inside ${top!.array ? 'a list' : 'an object'}` : 'the text is empty');
    }
    const c = text[i]!;
    if (expect === 'after') {
      if (!top) return fail(`unexpected "${text.slice(i, i + 10)}" after the end of the data`);
      if (c === ',') {
        expect = top.array ? 'value' : 'key';
        fresh = false;
        i++;
        continue;
      }
      if ((c === ']' && top.array) || (c === '}' && !top.array)) {
        stack.pop();
        expect = 'after';
        i++;
        continue;
      }
      return fail(`expected "," or "${top.array ? ']' : '}'}" but found "${text.slice(i, i + 10)}"`);
    }
    if (expect === 'colon') {
      if (c !== ':') return fail(`expected ":" after a key but found "${text.slice(i, i + 10)}"`);
      expect = 'value';
      i++;
      continue;
    }
    if (expect === 'key') {
      if (c === '}' && fresh) {
        stack.pop();
        expect = 'after';
        i++;
        continue;
      }
      if (c !== '"') return fail(`expected a quoted key but found "${text.slice(i, i + 10)}"`);
      const end = stringEnd(text, i, validate);
      if (end < 0) return fail('a string is not closed', i);
      if (end === -2) return fail('a line break or control character inside a string', i);
      if (top!.onPath) top!.key = JSON.parse(text.slice(i, end)) as string;
      i = end;
      fresh = false;
      expect = 'colon';
      continue;
    }
    // expect === 'value'
    if (c === ']' && top?.array && fresh) {
      stack.pop();
      expect = 'after';
      i++;
      continue;
    }
    fresh = false;
    if (top?.target) items.push(line);
    if (c === '{' || c === '[') {
      const depth = stack.length; // depth of the new container
      let onPath = false;
      let target = false;
      if (path) {
        if (depth === 0) onPath = true;
        else if (top!.onPath && !top!.array && depth <= path.length && top!.key === path[depth - 1]) onPath = true;
        target = onPath && c === '[' && depth === path.length;
      }
      stack.push({ array: c === '[', onPath, target, key: null });
      expect = c === '[' ? 'value' : 'key';
      fresh = true;
      i++;
      continue;
    }
    if (c === '"') {
      const end = stringEnd(text, i, validate);
      if (end < 0) return fail('a string is not closed', i);
      if (end === -2) return fail('a line break or control character inside a string', i);
      i = end;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER_RE.lastIndex = i;
      const m = NUMBER_RE.exec(text);
      if (!m) return fail(`"${text.slice(i, i + 10)}" is not a number`);
      i += m[0].length;
    } else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else return fail(`unexpected "${text.slice(i, i + 10)}" where a value was expected`);
    expect = 'after';
  }
}

/**
 * Index after the closing quote of the string opening at `start`; -1 unclosed, -2 raw control
 * character. Without `validate` (text JSON.parse already accepted) it jumps from quote to quote.
 */
function stringEnd(text: string, start: number, validate: boolean): number {
  if (!validate) {
    let q = text.indexOf('"', start + 1);
    for (;;) {
      if (q < 0) return -1;
      let bs = 0;
      while (text.charCodeAt(q - 1 - bs) === 92) bs++;
      if (bs % 2 === 0) return q + 1;
      q = text.indexOf('"', q + 1);
    }
  }
  let k = start + 1;
  const n = text.length;
  while (k < n) {
    const c = text.charCodeAt(k);
    if (c === 34) return k + 1;
    if (c === 92) k += 2;
    else if (c < 32) return -2;
    else k++;
  }
  return -1;
}

/** The item's date part (YYYY-MM-DD) of an ISO-8601 timestamp, as written. */
export function datePart(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(v);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** The most frequent value (first seen wins a tie), or null. */
export function mostCommon(values: Iterable<string | null | undefined>): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  let bestN = 0;
  for (const v of values) {
    if (!v) continue;
    const k = (counts.get(v) ?? 0) + 1;
    counts.set(v, k);
    if (k > bestN) [best, bestN] = [v, k];
  }
  return best;
}

/** A YYYY-MM-DD date in a file name ("2025-01-21.json", "daily_papers_2025-01-21"). */
export function fileNameDate(fileName: string | null | undefined): string | null {
  if (!fileName) return null;
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const m = /(?:^|[^\d])((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)/.exec(base);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** Short quote of an entry for problem reports. */
export function clip(s: string, n = 60): string {
  const head = s.slice(0, n * 4 + 200);
  const t = head.replace(/\s+/g, ' ').trim();
  return t.length > n || head.length < s.length ? `${t.slice(0, n - 1)}…` : t;
}

/** A short quote of a JSON value, for an entry that has no usable title. Shallow: safe on any depth. */
export function quoteJson(v: unknown): string {
  return clip(preview(v, 0), 60);
}

function preview(v: unknown, depth: number): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (v === null || typeof v !== 'object') return String(v);
  if (depth >= 2) return Array.isArray(v) ? '[…]' : '{…}';
  if (Array.isArray(v)) return `[${v.slice(0, 3).map((x) => preview(x, depth + 1)).join(', ')}${v.length > 3 ? ', …' : ''}]`;
  const keys = Object.keys(v);
  const shown = keys.slice(0, 4).map((k) => `${JSON.stringify(k)}: ${preview((v as Record<string, unknown>)[k], depth + 1)}`);
  return `{${shown.join(', ')}${keys.length > 4 ? ', …' : ''}}`;
}

/**
 * Runs an importer so that only LecternError escapes: anything unforeseen (a stack overflow on
 * absurd nesting, running out of memory on a string) becomes a clear refusal.
 */
export function guarded<T>(where: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof LecternError) throw e;
    const reason = e instanceof RangeError ? 'its data is nested too deeply or is too large' : `an unexpected error: ${String((e as Error)?.message ?? e).slice(0, 200)}`;
    throw new LecternError('UNREADABLE', `${where}: this ${what} could not be read (${reason}). Nothing was imported.`, where);
  }
}

/** The arXiv id (with version) in an arxiv.org or huggingface.co/papers URL, or null. */
export function arxivIdInUrl(url: string): string | null {
  const m =
    /^\s*https?:\/\/(?:www\.|export\.)?(?:arxiv\.org\/(?:abs|pdf|html|format)\/|huggingface\.co\/papers\/|hf\.co\/papers\/)((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?)(?:\.pdf)?(?:[/?#].*)?\s*$/i.exec(url);
  return m ? m[1]! : null;
}

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', reg: '®', trade: '™',
  times: '×', minus: '−', deg: '°', plusmn: '±', micro: 'µ', middot: '·', le: '≤', ge: '≥', ne: '≠',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', lambda: 'λ', mu: 'μ', pi: 'π', sigma: 'σ',
  auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß', eacute: 'é', egrave: 'è',
  aacute: 'á', iacute: 'í', oacute: 'ó', uacute: 'ú', ntilde: 'ñ', ccedil: 'ç', thinsp: '\u2009', shy: '',
};

/** Decodes HTML/XML character references once ("&amp;lt;" becomes "&lt;", not "<"). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g, (all, dec?: string, hex?: string, name?: string) => {
    if (name) return ENTITIES[name] ?? all;
    const code = dec ? parseInt(dec, 10) : parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : all;
  });
}

// Only tags we know: a bare "<" in running text ("p < 0.05", "a <b> c" in maths) is left alone.
const TAG_RE = /<(\/?)((?:jats|mml|xhtml|html):[A-Za-z][\w.-]*|i|b|u|em|strong|sup|sub|sc|span|br|p|div|a|italic|bold|title|sec|list|list-item|abstract|label|caption|inline-formula|tex-math|underline|monospace|small-caps)(?:\s[^<>]*)?\/?>/gi;
const BLOCK_TAG = /(?:^|:)(?:p|br|div|title|sec|list|list-item|abstract|label|caption)$/i;

/** Removes inline markup (HTML, JATS, MathML tags) keeping the text; blocks become spaces. */
export function stripMarkup(s: string): string {
  if (!s.includes('<')) return s;
  return s
    .replace(/<((?:jats:)?title)>\s*(?:abstract|summary)\s*:?\s*<\/\1>/gi, ' ')
    .replace(TAG_RE, (_all, _close: string, name: string) => (BLOCK_TAG.test(name) ? ' ' : ''));
}
