import { LecternError } from '../../../../shared/errors';
import type { DigestFormat, ParsedDigest, ParseContext } from '../../../../shared/parsed';
import { htmlToText } from '../../text/html';
import { cleanText } from '../../text/normalize';
import { detectArxivListing, parseArxivEmail, parseMailDate } from './arxiv-email';
import { parseTextDigest } from './text';

/**
 * A saved e-mail (.eml, RFC 5322 + MIME): headers with LF or CRLF, RFC 2047 encoded-words,
 * base64 / quoted-printable / 8bit bodies in any charset TextDecoder knows, nested multiparts.
 * The readable body (text/plain preferred, else text/html turned into text) is then read as an
 * arXiv listing when it is one, else as any text with paper ids. The digest is named after the
 * Subject and dated by the Date header.
 */

const MAX_DEPTH = 12;
const MAX_PARTS = 10_000;

interface Part {
  headers: Map<string, string>;
  body: string;
}

interface Leaf {
  type: string;
  charset: string | null;
  encoding: string;
  attachment: boolean;
  body: string;
}

export const emlFormat: DigestFormat = {
  id: 'eml',
  label: 'E-mail message (.eml)',
  detect(text, fileName) {
    const headers = headerNames(text);
    if (!headers) return 0;
    const mime = ['mime-version', 'content-type', 'content-transfer-encoding', 'received', 'message-id', 'return-path', 'delivered-to'].some((h) => headers.has(h));
    const mail = ['from', 'to', 'subject', 'date'].filter((h) => headers.has(h)).length;
    if (fileName && /\.(?:eml|mbox|msg)$/i.test(fileName) && (mime || mail >= 2)) return 0.99;
    if (mime && mail >= 1) return 0.97;
    if (mail >= 3) return 0.9;
    return mail >= 2 ? 0.4 : 0;
  },
  parse(text, ctx) {
    return parseEml(text, ctx);
  },
};

/** The lower-cased header names at the start of the text, or null when it does not start with headers. */
function headerNames(text: string): Set<string> | null {
  let head = text.slice(0, 64_000);
  if (head.charCodeAt(0) === 0xfeff) head = head.slice(1);
  const lines = head.split(/\r?\n/);
  let k = 0;
  if (/^From \S/.test(lines[0] ?? '')) k = 1; // mbox separator
  const names = new Set<string>();
  for (; k < lines.length; k++) {
    const t = lines[k]!;
    if (t === '') break;
    if (/^[ \t]/.test(t) && names.size) continue;
    const m = /^([!-9;-~]+):/.exec(t);
    if (!m) return names.size >= 2 ? names : null;
    names.add(m[1]!.toLowerCase());
  }
  return names.size ? names : null;
}

function parseEml(input: string, ctx: ParseContext): ParsedDigest {
  const where = ctx.fileName ?? 'input';
  let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (/^From \S[^\n]*\n/.test(text)) text = text.slice(text.indexOf('\n') + 1);
  if (!/^[!-9;-~]+:/.test(text)) {
    throw new LecternError('UNREADABLE', `${where} line 1: this is not an e-mail message (it does not start with mail headers such as "From:" or "Subject:"). Nothing was imported.`, `${where}:1`);
  }

  const top = splitPart(text);
  const subject = top.headers.has('subject') ? cleanText(decodeWords(top.headers.get('subject')!)) : null;
  const dateHeader = top.headers.get('date') ?? null;
  const date = dateHeader ? parseMailDate(dateHeader) : null;

  const leaves: Leaf[] = [];
  collectLeaves(top, 0, leaves, where);
  const chosen = chooseBody(leaves);
  if (chosen === null) {
    const kinds = leaves.map((l) => l.type).join(', ') || 'none';
    throw new LecternError('UNREADABLE', `${where}: the message has no text or HTML body to read (parts: ${kinds}). Nothing was imported.`, where);
  }

  const body = chosen.text;
  let digest: ParsedDigest;
  if (detectArxivListing(body) > 0) {
    digest = parseArxivEmail(body, ctx, { subject, date: dateHeader });
  } else {
    try {
      digest = parseTextDigest(body, ctx, {
        name: subject,
        date,
        dateNote: null,
        htmlDecoded: chosen.fromHtml,
      });
    } catch (e) {
      if (e instanceof LecternError) {
        throw new LecternError(
          'UNREADABLE',
          `${where}: the message${subject ? ` "${clip(subject)}"` : ''} mentions no arXiv ids, arXiv or Hugging Face paper links, DOIs or paper titles. Nothing was imported.`,
          where,
        );
      }
      throw e;
    }
  }
  digest.format = 'eml';
  if (!digest.name && subject) digest.name = subject;
  if (date) {
    digest.date = date;
    digest.dateNote = null;
  }
  return digest;
}

// ---------------------------------------------------------------------------------------------
// MIME structure

function splitPart(raw: string): Part {
  const m = /\r?\n\r?\n/.exec(raw);
  const head = m ? raw.slice(0, m.index) : raw;
  const body = m ? raw.slice(m.index + m[0].length) : '';
  const headers = new Map<string, string>();
  let last: string | null = null;
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line)) {
      if (last) headers.set(last, `${headers.get(last)} ${line.trim()}`);
      continue;
    }
    const h = /^([!-9;-~]+):[ \t]*(.*)$/.exec(line);
    if (!h) continue;
    last = h[1]!.toLowerCase();
    if (!headers.has(last)) headers.set(last, h[2]!);
    else last = null; // keep the first of a repeated header
  }
  return { headers, body };
}

interface ContentType {
  type: string;
  params: Map<string, string>;
}

function contentType(value: string | undefined): ContentType {
  if (!value) return { type: 'text/plain', params: new Map() };
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase() || 'text/plain';
  const params = new Map<string, string>();
  if (semi >= 0) {
    for (const p of value.slice(semi + 1).matchAll(/([^=\s;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g)) {
      let v = p[2]!.trim();
      if (v.startsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
      let name = p[1]!.toLowerCase();
      if (name.endsWith('*')) {
        // RFC 2231: charset'lang'percent-encoded
        name = name.slice(0, -1);
        const q = /^[^']*'[^']*'(.*)$/.exec(v);
        if (q) v = safeDecodeURI(q[1]!);
      }
      if (!params.has(name)) params.set(name, v);
    }
  }
  return { type, params };
}

function collectLeaves(part: Part, depth: number, out: Leaf[], where: string): void {
  const ct = contentType(part.headers.get('content-type'));
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  const disposition = (part.headers.get('content-disposition') ?? '').trim().toLowerCase();
  if (ct.type.startsWith('multipart/')) {
    const boundary = ct.params.get('boundary');
    if (!boundary || depth >= MAX_DEPTH) {
      if (depth >= MAX_DEPTH) throw new LecternError('UNREADABLE', `${where}: the message nests its parts more than ${MAX_DEPTH} levels deep. Nothing was imported.`, where);
      // A multipart without a boundary: read its body as text.
      out.push({ type: 'text/plain', charset: null, encoding, attachment: false, body: part.body });
      return;
    }
    for (const sub of splitMultipart(part.body, boundary)) {
      if (out.length >= MAX_PARTS) return;
      collectLeaves(splitPart(sub), depth + 1, out, where);
    }
    return;
  }
  if (ct.type === 'message/rfc822' && depth < MAX_DEPTH) {
    // A forwarded message: read its parts too.
    collectLeaves(splitPart(part.body), depth + 1, out, where);
    return;
  }
  out.push({
    type: ct.type,
    charset: ct.params.get('charset') ?? null,
    encoding,
    attachment: disposition.startsWith('attachment'),
    body: part.body,
  });
}

function splitMultipart(body: string, boundary: string): string[] {
  const delim = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split(/\r?\n/)) {
    if (line.startsWith(delim)) {
      const rest = line.slice(delim.length);
      if (rest.startsWith('--')) {
        if (current) parts.push(current.join('\n'));
        return parts;
      }
      if (rest.trim() === '') {
        if (current) parts.push(current.join('\n'));
        current = [];
        if (parts.length >= MAX_PARTS) return parts;
        continue;
      }
    }
    current?.push(line);
  }
  // No closing delimiter (a cut-off message): keep what arrived.
  if (current && current.length) parts.push(current.join('\n'));
  return parts;
}

/** The readable body: text/plain unless it mentions no papers and the HTML part does; else HTML as text. */
function chooseBody(leaves: Leaf[]): { text: string; fromHtml: boolean } | null {
  const readable = leaves.filter((l) => !l.attachment && (l.type === 'text/plain' || l.type === 'text/html' || l.type === 'text/markdown' || l.type === 'text/enriched'));
  const plain = readable.find((l) => l.type !== 'text/html');
  const html = readable.find((l) => l.type === 'text/html');
  const plainText = plain ? decodeBody(plain) : null;
  if (plainText !== null && (!html || mentionsPapers(plainText))) return { text: plainText, fromHtml: false };
  if (html) {
    const htmlText = htmlToText(decodeBody(html));
    if (plainText === null || mentionsPapers(htmlText) || !plainText.trim()) return { text: htmlText, fromHtml: true };
  }
  return plainText === null ? null : { text: plainText, fromHtml: false };
}

function mentionsPapers(s: string): boolean {
  return /arxiv|huggingface\.co\/papers|\b\d{4}\.\d{4,5}\b|\b10\.\d{4,9}\//i.test(s.slice(0, 2_000_000));
}

// ---------------------------------------------------------------------------------------------
// Decoding

function decodeBody(leaf: Leaf): string {
  let bytes: Uint8Array | null = null;
  if (leaf.encoding === 'base64') bytes = Buffer.from(leaf.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  else if (leaf.encoding === 'quoted-printable') bytes = decodeQuotedPrintable(leaf.body, false);
  if (!bytes) return leaf.body; // 7bit / 8bit / binary: the text is already characters
  return decodeBytes(bytes, leaf.charset);
}

function decodeBytes(bytes: Uint8Array, charset: string | null): string {
  const label = (charset ?? 'utf-8').trim().toLowerCase().replace(/\*.*$/, '');
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Quoted-printable to bytes; `header` is RFC 2047's Q form (underscore = space). */
function decodeQuotedPrintable(s: string, header: boolean): Uint8Array {
  const out = new Uint8Array(s.length * 3);
  let n = 0;
  const enc = new TextEncoder();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 61 /* = */) {
      const h = s.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(h)) {
        out[n++] = parseInt(h, 16);
        i += 2;
        continue;
      }
      const soft = /^=[ \t]*\r?\n/.exec(s.slice(i, i + 100));
      if (soft) {
        i += soft[0].length - 1;
        continue;
      }
      out[n++] = 61;
    } else if (header && c === 95 /* _ */) {
      out[n++] = 32;
    } else if (c < 128) {
      out[n++] = c;
    } else {
      // A raw non-ASCII character in a QP body (not allowed, but seen): keep it as UTF-8.
      const cp = s.codePointAt(i)!;
      const b = enc.encode(String.fromCodePoint(cp));
      out.set(b, n);
      n += b.length;
      if (cp > 0xffff) i++;
    }
  }
  return out.subarray(0, n);
}

const ENCODED_WORD_RE = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * RFC 2047 encoded-words ("=?UTF-8?B?5YyX576O…?="). White space between adjacent encoded words is
 * dropped, and adjacent words in one charset are decoded together, so a character split across
 * two words survives.
 */
export function decodeWords(value: string): string {
  if (!value.includes('=?')) return value;
  const pieces: ({ text: string } | { charset: string; chunks: Uint8Array[] })[] = [];
  let at = 0;
  for (const m of value.matchAll(ENCODED_WORD_RE)) {
    const between = value.slice(at, m.index);
    const prev = pieces.at(-1);
    const adjacent = prev !== undefined && 'chunks' in prev && between.trim() === '';
    if (between && !adjacent) pieces.push({ text: between });
    const charset = m[1]!.toLowerCase().replace(/\*.*$/, '');
    const bytes = m[2]!.toUpperCase() === 'B' ? new Uint8Array(Buffer.from(m[3]!, 'base64')) : decodeQuotedPrintable(m[3]!, true);
    const last = pieces.at(-1);
    if (last && 'chunks' in last && last.charset === charset) last.chunks.push(bytes);
    else pieces.push({ charset, chunks: [bytes] });
    at = m.index + m[0].length;
  }
  if (at < value.length) pieces.push({ text: value.slice(at) });
  return pieces.map((p) => ('text' in p ? p.text : decodeBytes(Buffer.concat(p.chunks), p.charset))).join('');
}

function safeDecodeURI(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function clip(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
