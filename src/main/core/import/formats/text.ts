import { LecternError } from '../../../../shared/errors';
import type { DigestFormat, ParsedDigest, ParsedEntry, ParsedProblem, ParseContext } from '../../../../shared/parsed';
import { decodeEntities, htmlToText, looksLikeHtml } from '../../text/html';
import { normalizeDoi, parseArxivId } from '../../text/ids';
import { findLinks } from '../../text/links';
import { cleanText, isoDate, monthNumber } from '../../text/normalize';

/**
 * Any text or Markdown that mentions papers: a chat message full of arXiv links, an LLM-written
 * daily digest, a newsletter. Every arXiv id (2507.12950v2, hep-th/9901001, "arXiv:" prefixed,
 * arxiv.org/abs|pdf and huggingface.co/papers URLs) and every DOI becomes one entry per paper.
 *
 * Titles are only taken where the text clearly gives one; otherwise the entry is titled
 * "arXiv:<id>" / "doi:<doi>" and resolution fills it in. A wrong title would be worse than a
 * placeholder, because later imports only fill in missing metadata. In order of preference:
 *   1. the text of a Markdown link to the paper: [Title](https://arxiv.org/abs/…)
 *   2. bold text or a heading on the paper's line: **2607.11683 — RAGU**, ## 2501.1: Title
 *   3. a title label in the paper's section: "**原文标题：** …", "Original title:", "Title:"
 *   4. the heading of the paper's own section: the shallowest heading whose section mentions this
 *      paper and no other, and that has sibling headings (a list of papers, not a document title)
 * Link texts like "arXiv", "PDF", "HuggingFace" and texts mostly in CJK script (translated titles,
 * "查看详情") are not titles. Authors and a publication date are read from labelled lines in the
 * paper's section ("**Tác giả:** …", "Authors:", "**Xuất bản lúc:** 2025-12-31").
 *
 * A digest with titles only and no ids at all (hiwei93's newsletter without its links) yields one
 * entry per title, to be resolved later: the title labels when there are any, else the headings at
 * the shallowest level that has at least two title-like headings (only the numbered ones, "## 1.
 * Title", when some are numbered), else top-level numbered list items.
 */

export interface TextParseOptions {
  format?: string;
  /** Overrides for the digest's name and date (an e-mail's Subject and Date). */
  name?: string | null;
  date?: string | null;
  dateNote?: string | null;
  /** The text came out of htmlToText, so its entities are already decoded. */
  htmlDecoded?: boolean;
}

type Decode = (s: string) => string;
const identity: Decode = (s) => s;

export const textFormat: DigestFormat = {
  id: 'text',
  label: 'Text or Markdown with arXiv ids, links or DOIs',
  detect(text) {
    const head = text.slice(0, 500_000);
    if (!hasPaperReference(head)) {
      // A titles-only Markdown digest: a weak claim, so that anything specific wins.
      return /^#{1,6}\s+\S/m.test(head.slice(0, 50_000)) ? 0.05 : 0;
    }
    // Structured data (JSON, XML, BibTeX, RIS) belongs to its own importer, even when it is broken.
    return /^\s*(?:[[{<@]|TY {2}-)/.test(head) ? 0.15 : 0.3;
  },
  parse(text, ctx) {
    return parseTextDigest(text, ctx);
  },
};

// ---------------------------------------------------------------------------------------------
// Identifiers

const OLD_ARCHIVES =
  'acc-phys|adap-org|alg-geom|ao-sci|astro-ph|atom-ph|bayes-an|chao-dyn|chem-ph|cmp-lg|comp-gas|cond-mat|cs|dg-ga|funct-an|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|math|math-ph|mtrl-th|nlin|nucl-ex|nucl-th|patt-sol|physics|plasm-ph|q-alg|q-bio|quant-ph|solv-int|supr-con';
const NEW_ID_SRC = String.raw`\d{4}\.\d{4,5}`;
const OLD_ID_SRC = String.raw`(?:${OLD_ARCHIVES})(?:\.[A-Z]{2})?\/\d{7}`;
const URL_RE = /https?:\/\/[^\s<>"'`{}|\\^[\]\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]+/giu;
const BARE_ID_RE = new RegExp(String.raw`(?<![\w./\-])(arxiv\s*:\s*)?(${NEW_ID_SRC}|${OLD_ID_SRC})(?:v(\d{1,3}))?(?![\w/]|\.\d)`, 'giu');
const PREFIXED_BAD_RE = /(?<![\w])arxiv\s*:\s*(\d{3,4}\.\d{3,6})(?![\w.])/giu;
const DOI_RE = /(?<![\w./])(?:doi\s*:\s*)?(10\.\d{4,9}\/[^\s"'<>{}|\\^`[\]\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]+)/giu;
const PAPER_HOST_RE = /^https?:\/\/(?:www\.|export\.|browse\.)?(arxiv\.org|ar5iv\.org|ar5iv\.labs\.arxiv\.org|alphaxiv\.org|huggingface\.co|hf\.co|doi\.org|dx\.doi\.org)(\/[^?#]*)?/i;
const URL_ID_RE = new RegExp(String.raw`^\/(?:abs|pdf|html|format|ps|src|overview|papers)\/(?:arxiv:)?(${NEW_ID_SRC}|${OLD_ID_SRC})(?:v(\d{1,3}))?(?![\d])`, 'i');
const DOI_PATH_RE = /\/doi\/(?:abs\/|full\/|pdf\/|epdf\/|book\/)?(10\.\d{4,9}\/[^?#\s]+)/i;

/**
 * An arXiv id of a plausible shape: new-style YYMM.NNNN(N) with a real month, 4 digits until
 * 2014 and 5 from 2015, no earlier than 0704; old-style archive/YYMMNNN from 1991 to 2007.
 */
export function plausibleArxivId(id: string): boolean {
  const m = /^(\d{2})(\d{2})\.(\d{4,5})$/.exec(id);
  if (m) {
    const yy = Number(m[1]);
    const mm = Number(m[2]);
    if (mm < 1 || mm > 12 || yy < 7 || (yy === 7 && mm < 4)) return false;
    return yy <= 14 ? m[3]!.length === 4 : m[3]!.length === 5;
  }
  const o = /\/(\d{2})(\d{2})\d{3}$/.exec(id);
  if (!o) return false;
  const yy = Number(o[1]);
  const mm = Number(o[2]);
  return mm >= 1 && mm <= 12 && (yy >= 91 || yy <= 7);
}

function arxivFromDoi(doi: string): { id: string; version: number | null } | null {
  const m = /^10\.48550\/arxiv\.(.+)$/i.exec(doi);
  if (!m) return null;
  const ref = parseArxivId(m[1]!);
  return ref && plausibleArxivId(ref.id) ? ref : null;
}

function hasPaperReference(text: string): boolean {
  for (const m of text.matchAll(URL_RE)) if (refFromUrl(trimUrl(m[0]))) return true;
  const rest = text.replace(URL_RE, ' '); // ids inside other URLs do not count
  for (const m of rest.matchAll(BARE_ID_RE)) if (plausibleArxivId(m[2]!)) return true;
  DOI_RE.lastIndex = 0;
  return DOI_RE.test(rest);
}

type Ref = { kind: 'arxiv'; id: string; version: number | null } | { kind: 'doi'; doi: string };

function refFromUrl(url: string): Ref | null {
  const m = PAPER_HOST_RE.exec(url);
  if (!m) {
    const d = DOI_PATH_RE.exec(url);
    const doi = d ? normalizeDoi(safeDecode(d[1]!)) : null;
    return doi ? doiRef(doi) : null;
  }
  const host = m[1]!.toLowerCase();
  const path = m[2] ?? '';
  if (host.endsWith('doi.org')) {
    const doi = normalizeDoi(safeDecode(path.slice(1)));
    return doi ? doiRef(doi) : null;
  }
  if ((host === 'huggingface.co' || host === 'hf.co') && !/^\/papers\//i.test(path)) return null;
  const p = URL_ID_RE.exec(path);
  if (!p) return null;
  const ref = parseArxivId(p[1]!);
  if (!ref || !plausibleArxivId(ref.id)) return null;
  return { kind: 'arxiv', id: ref.id, version: p[2] ? Number(p[2]) : null };
}

function doiRef(doi: string): Ref {
  const ax = arxivFromDoi(doi);
  return ax ? { kind: 'arxiv', id: ax.id, version: null } : { kind: 'doi', doi };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Drops trailing punctuation, and closing parentheses that have no opening partner. */
function trimTrailing(s: string, chars: string): string {
  const opens = count(s, '(');
  let closes = count(s, ')');
  let end = s.length;
  for (;;) {
    const last = s[end - 1];
    if (last !== undefined && chars.includes(last)) end--;
    else if (last === ')' && opens < closes) {
      end--;
      closes--;
    } else break;
  }
  return s.slice(0, end);
}

function trimUrl(url: string): string {
  return trimTrailing(url, '.,;:!?*');
}

function trimDoi(doi: string): string {
  return trimTrailing(doi, '.,;:!?*\'"');
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Scanning

interface Occ {
  key: string;
  line: number; // 0-based
  col: number;
  ref: Ref;
  /** The text of the Markdown link whose target this is. */
  linkText: string | null;
}

const MD_LINK_RE = /\[([^[\]\n]{1,600})\]\(\s*<?(?=https?:\/\/)/g;

function scanLine(line: string, li: number, out: Occ[], problems: ParsedProblem[]): void {
  if (!/\d/.test(line)) return;
  const found: Occ[] = [];
  let masked = line;

  if (line.includes('://')) {
    let linkTexts: Map<number, string> | null = null;
    if (line.includes('](')) {
      linkTexts = new Map();
      for (const m of line.matchAll(MD_LINK_RE)) linkTexts.set(m.index + m[0].length, m[1]!);
    }
    const spans: [number, number][] = [];
    for (const m of line.matchAll(URL_RE)) {
      const url = trimUrl(m[0]);
      spans.push([m.index, m.index + m[0].length]);
      const ref = refFromUrl(url);
      if (ref) found.push({ key: keyOf(ref), line: li, col: m.index, ref, linkText: linkTexts?.get(m.index) ?? null });
    }
    // Ids inside other URLs (a GitHub path, a query string) are not mentions of a paper.
    masked = maskSpans(masked, spans);
  }

  if (masked.includes('10.')) {
    const spans: [number, number][] = [];
    for (const m of masked.matchAll(DOI_RE)) {
      spans.push([m.index, m.index + m[0].length]);
      const doi = normalizeDoi(trimDoi(m[1]!));
      if (!doi) continue;
      const ref = doiRef(doi);
      found.push({ key: keyOf(ref), line: li, col: m.index, ref, linkText: null });
    }
    masked = maskSpans(masked, spans);
  }

  for (const m of masked.matchAll(BARE_ID_RE)) {
    const ref = parseArxivId(m[2]!);
    if (!ref || !plausibleArxivId(ref.id)) continue;
    const r: Ref = { kind: 'arxiv', id: ref.id, version: m[3] ? Number(m[3]) : null };
    found.push({ key: keyOf(r), line: li, col: m.index, ref: r, linkText: null });
  }

  // "arXiv:2313.12345" says it is an id, but is not a possible one: tell the user.
  if (/arxiv\s*:/i.test(masked)) {
    for (const m of masked.matchAll(PREFIXED_BAD_RE)) {
      const ref = parseArxivId(m[1]!);
      if (ref && plausibleArxivId(ref.id)) continue;
      problems.push({ line: li + 1, entry: m[0], reason: `"${m[1]}" is not a valid arXiv id (ids look like 2501.12345: year, month 01–12, then 5 digits)` });
    }
  }

  if (found.length > 1) found.sort((a, b) => a.col - b.col);
  for (const o of found) out.push(o);
}

function maskSpans(line: string, spans: [number, number][]): string {
  if (!spans.length) return line;
  const parts: string[] = [];
  let at = 0;
  for (const [a, b] of spans) {
    parts.push(line.slice(at, a), ' '.repeat(b - a));
    at = b;
  }
  parts.push(line.slice(at));
  return parts.join('');
}

const LIST_ITEM_RE = /^\s{0,3}(?:[-*+]|\d{1,4}[.)])\s+\S/;

/**
 * When line `li` is an indented continuation of a list item ("   https://…" under "1. Title"), the
 * item's first line; else -1. Looks back at most 3 lines.
 */
function listItemStart(lines: string[], li: number): number {
  if (!/^\s{2,}\S/.test(lines[li]!) || LIST_ITEM_RE.test(lines[li]!)) return -1;
  for (let k = li - 1; k >= 0 && k >= li - 3; k--) {
    const t = lines[k]!;
    if (t.trim() === '' || t.length > 2000) return -1;
    if (LIST_ITEM_RE.test(t)) return k;
    if (!/^\s{2,}\S/.test(t)) return -1;
  }
  return -1;
}

function keyOf(ref: Ref): string {
  return ref.kind === 'arxiv' ? `arxiv:${ref.id}` : `doi:${ref.doi}`;
}

// ---------------------------------------------------------------------------------------------
// Document structure

interface Heading {
  line: number;
  level: number;
  text: string;
  parent: number;
  end: number; // exclusive line
  siblings: number;
}

const HEADING_RE = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;

function readHeadings(lines: string[]): { headings: Heading[]; innermost: Int32Array } {
  const headings: Heading[] = [];
  const innermost = new Int32Array(lines.length).fill(-1);
  const stack: number[] = [];
  const siblingCount = new Map<string, number>();
  let fence: string | null = null;
  for (let li = 0; li < lines.length; li++) {
    const t = lines[li]!;
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(t);
    if (f) {
      if (!fence) fence = f[1]![0]!;
      else if (f[1]![0] === fence) fence = null;
    }
    const m = !fence && t.length < 20_000 ? HEADING_RE.exec(t) : null;
    if (m) {
      const level = m[1]!.length;
      let text = (m[2] ?? '').trim();
      while (text.endsWith('#')) text = text.slice(0, -1);
      text = text.trimEnd();
      while (stack.length && headings[stack.at(-1)!]!.level >= level) headings[stack.pop()!]!.end = li;
      const parent = stack.length ? stack.at(-1)! : -1;
      const idx = headings.length;
      headings.push({ line: li, level, text, parent, end: lines.length, siblings: 0 });
      const sk = `${parent}:${level}`;
      siblingCount.set(sk, (siblingCount.get(sk) ?? 0) + 1);
      stack.push(idx);
    }
    innermost[li] = stack.length ? stack.at(-1)! : -1;
  }
  for (const h of headings) h.siblings = siblingCount.get(`${h.parent}:${h.level}`) ?? 1;
  return { headings, innermost };
}

/** Paragraph bounds per line: runs of non-blank lines. */
function paragraphs(lines: string[]): { start: Int32Array; end: Int32Array } {
  const start = new Int32Array(lines.length);
  const end = new Int32Array(lines.length);
  let s = 0;
  for (let li = 0; li < lines.length; li++) {
    if (lines[li]!.trim() === '') {
      start[li] = li;
      s = li + 1;
    } else start[li] = s;
  }
  let e = lines.length;
  for (let li = lines.length - 1; li >= 0; li--) {
    if (lines[li]!.trim() === '') {
      end[li] = li + 1;
      e = li;
    } else end[li] = e;
  }
  return { start, end };
}

// ---------------------------------------------------------------------------------------------
// Titles

const GENERIC_WORDS = new Set(
  (
    'arxiv abs abstract pdf html hf huggingface hugging face paper papers page link links here code github repo repository ' +
    'project website site demo source url doi view read more full text download original preprint alphaxiv ar5iv openreview ' +
    'semantic scholar with pwc dataset data model models video blog post tweet thread slides poster the this on at open in see ' +
    'details homepage home web version latest a an of and to for click go visit'
  ).split(' '),
);
const CJK_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const LATIN_RE = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/gu;
const DATE_IN_TEXT_RE = /(?<!\d)(19|20)\d{2}[-/.年](?:0?[1-9]|1[0-2])[-/.月](?:0?[1-9]|[12]\d|3[01])(?!\d)/;

const ANY_ID_RE = new RegExp(String.raw`(?:arxiv\s*:\s*)?(?:${NEW_ID_SRC}|${OLD_ID_SRC})(?:v\d+)?`, 'giu');

/** Markdown and ids out, entities decoded once, white space collapsed. */
function cleanCandidate(raw: string, decode: Decode): string {
  let s = raw.length > 2000 ? raw.slice(0, 2000) : raw;
  s = s
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^[\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]{0,200}>/g, ' ')
    .replace(URL_RE, ' ')
    .replace(ANY_ID_RE, ' ')
    .replace(/\*\*|__|`/g, '')
    .replace(/^\s*(?:\d{1,4}[.)、:：]|#\d{1,4}|\(\d{1,4}\)|\[\d{1,4}\])\s+/u, '')
    .replace(/^[\s\-–—:：|·•*>]+/u, '');
  s = decode(s);
  s = cleanText(s);
  while (s && /[\s\-–—:|·•*]$/u.test(s.at(-1)!)) s = s.slice(0, -1).trimEnd();
  return s;
}

function acceptableTitle(s: string): boolean {
  if (s.length < 2 || s.length > 500) return false;
  if (!/\p{L}/u.test(s) || /https?:\/\//i.test(s) || /[:：]$/.test(s)) return false;
  const words = s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length === 0 || words.every((w) => GENERIC_WORDS.has(w))) return false;
  const cjk = s.match(CJK_RE)?.length ?? 0;
  const latin = s.match(LATIN_RE)?.length ?? 0;
  if (cjk * 3 > latin) return false; // a CJK character carries about as much as three Latin letters
  if (DATE_IN_TEXT_RE.test(s)) return false;
  return true;
}

function startsWithPictograph(s: string): boolean {
  return /^\s*\p{Extended_Pictographic}/u.test(s);
}

const TITLE_ORIGINAL_RE =
  /^(?:原文标题|英文标题|英文原题|原始标题|原标题|论文原标题|原題|原文タイトル|원제|원문 제목|original title|english title|original paper title)\s*[:：]\s*(.*)$/i;
const TITLE_RE = /^(?:title|paper title|paper|标题|論文標題|论文标题|论文题目|题目|タイトル|論文タイトル|제목|논문 제목|tiêu đề|titel|titre|título)\s*[:：]\s*(.*)$/i;
const AUTHORS_RE = /^(?:authors?|作者|著者|저자|tác giả|autoren|auteurs?|autores)\s*[:：]\s*(.+)$/i;
const PUBLISHED_RE =
  /^(?:published(?: (?:at|on))?|publication date|submitted(?: on)?|发布(?:时间|日期)|发表(?:时间|日期)?|公開日|게시일|출판일|xuất bản(?: lúc)?|ngày xuất bản|ngày đăng)\s*[:：]\s*(.+)$/i;

/** A line with Markdown emphasis and list/quote markers removed, for label matching. */
function labelLine(t: string): string {
  return t
    .replace(/\*\*|__/g, '')
    .replace(/^\s*(?:[-*+>]\s+|\d{1,3}[.)]\s+)*/, '')
    .trim();
}

interface ScopeInfo {
  titleOriginal: { text: string; line: number } | null;
  title: { text: string; line: number } | null;
  authors: string[] | null;
  published: string | null;
  links: string[];
}

function readScope(lines: string[], from: number, to: number, decode: Decode): ScopeInfo {
  const info: ScopeInfo = { titleOriginal: null, title: null, authors: null, published: null, links: [] };
  const linkText: string[] = [];
  for (let li = from; li < to; li++) {
    const raw = lines[li]!;
    if (raw.includes('://')) linkText.push(raw);
    if (raw.length > 5000 || !/[:：]/.test(raw)) continue;
    const t = labelLine(raw);
    let m: RegExpExecArray | null;
    if (!info.titleOriginal && (m = TITLE_ORIGINAL_RE.exec(t))) {
      info.titleOriginal = { text: withContinuation(lines, li, to, m[1]!), line: li };
    } else if (!info.title && (m = TITLE_RE.exec(t))) {
      info.title = { text: withContinuation(lines, li, to, m[1]!), line: li };
    } else if (!info.authors && (m = AUTHORS_RE.exec(t))) {
      const names = splitNames(m[1]!, decode);
      if (names) info.authors = names;
    } else if (!info.published && (m = PUBLISHED_RE.exec(t))) {
      info.published = findDate(m[1]!);
    }
  }
  info.links = findLinks(linkText.join('\n')).filter((u) => !PAPER_HOST_RE.test(u) && !DOI_PATH_RE.test(u));
  return info;
}

/** A label's value, with the wrapped lines after it ("…Object-Centric\n  Interaction …"). */
function withContinuation(lines: string[], li: number, to: number, first: string): string {
  const parts = [first];
  for (let k = li + 1; k < to && k <= li + 5; k++) {
    const t = lines[k]!;
    if (t.trim() === '' || !/^\s/.test(t) || /^\s*(?:[-*+]\s|\d{1,3}[.)]\s|#|\*\*|\|)/.test(t)) break;
    parts.push(t);
  }
  return parts.join(' ');
}

function splitNames(raw: string, decode: Decode): string[] | null {
  const v = cleanText(decode(raw.replace(/\*\*|__/g, '')));
  if (!v || /^(?:n\/?a|none|unknown|未知|-)$/i.test(v)) return null;
  const names = v
    .split(/\s*(?:[,;，、；]|\band\b|&)\s*/u)
    .map((s) => s.trim())
    .filter((s) => s && !/^(?:et al\.?|等|others)$/i.test(s));
  if (!names.length || names.some((s) => s.length > 120)) return null;
  return names;
}

const MONTH_NAME_DATE_RE = /\b([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),?\s+((?:19|20)\d{2})\b/;
const DAY_MONTH_DATE_RE = /\b(\d{1,2})\s+([A-Z][a-z]{2,8})\.?\s+((?:19|20)\d{2})\b/;

/** The first calendar date in a short text: 2026-01-05, 2026/01/05, 2023.09.13, 2023年9月13日, Jan 5, 2026. */
export function findDate(s: string, compact = false): string | null {
  const t = s.length > 5000 ? s.slice(0, 5000) : s;
  const m = /(?<!\d)((?:19|20)\d{2})[-/.年]\s?(\d{1,2})[-/.月]\s?(\d{1,2})(?!\d)/.exec(t);
  if (m) {
    const d = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (d) return d;
  }
  const a = MONTH_NAME_DATE_RE.exec(t);
  if (a && monthNumber(a[1]!)) {
    const d = isoDate(Number(a[3]), monthNumber(a[1]!)!, Number(a[2]));
    if (d) return d;
  }
  const b = DAY_MONTH_DATE_RE.exec(t);
  if (b && monthNumber(b[2]!)) {
    const d = isoDate(Number(b[3]), monthNumber(b[2]!)!, Number(b[1]));
    if (d) return d;
  }
  if (compact) {
    const c = /(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)/.exec(t);
    if (c) return isoDate(Number(c[1]), Number(c[2]), Number(c[3]));
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface Paper {
  key: string;
  arxivId: string | null;
  version: number | null;
  doi: string | null;
  first: number; // index into occurrences
  title: { text: string; rank: number; line: number } | null;
  scope: ScopeInfo | null;
  scopeStart: number | null;
  lineLinks: string[] | null;
}

export function parseTextDigest(input: string, ctx: ParseContext, opts: TextParseOptions = {}): ParsedDigest {
  const where = ctx.fileName ?? 'input';
  const format = opts.format ?? 'text';
  let text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === '') {
    throw new LecternError('UNREADABLE', `${where}: the text is empty. Nothing was imported.`, where);
  }
  let decode: Decode = opts.htmlDecoded ? identity : decodeEntities;
  if (looksLikeHtml(text)) {
    text = htmlToText(text);
    decode = identity; // entities are decoded once, by the HTML conversion
  }
  const lines = text.split(/\r\n|\r|\n/u);
  const problems: ParsedProblem[] = [];

  const occ: Occ[] = [];
  for (let li = 0; li < lines.length; li++) scanLine(lines[li]!, li, occ, problems);

  // A DOI on the same line as exactly one arXiv id (and no other DOI) is that paper's DOI.
  const doiOwner = new Map<string, string>();
  for (let a = 0; a < occ.length; ) {
    let b = a;
    while (b < occ.length && occ[b]!.line === occ[a]!.line) b++;
    if (b - a > 1) {
      const ax = new Set<string>();
      const dois = new Set<string>();
      for (let k = a; k < b; k++) (occ[k]!.ref.kind === 'arxiv' ? ax : dois).add(occ[k]!.key);
      if (ax.size === 1 && dois.size === 1) {
        const [d] = dois;
        if (!doiOwner.has(d!)) doiOwner.set(d!, [...ax][0]!);
      }
    }
    a = b;
  }

  const papers = new Map<string, Paper>();
  const keyIds = new Int32Array(occ.length);
  const keyIndex = new Map<string, number>();
  for (let i = 0; i < occ.length; i++) {
    const o = occ[i]!;
    const ownKey = o.key;
    if (doiOwner.has(o.key)) o.key = doiOwner.get(o.key)!;
    let p = papers.get(o.key);
    if (!p) {
      p = {
        key: o.key,
        arxivId: o.ref.kind === 'arxiv' ? o.ref.id : null,
        version: null,
        doi: null,
        first: i,
        title: null,
        scope: null,
        scopeStart: null,
        lineLinks: null,
      };
      papers.set(o.key, p);
    }
    if (o.ref.kind === 'arxiv' && o.ref.version !== null) p.version = Math.max(p.version ?? 0, o.ref.version);
    if (o.ref.kind === 'doi' && !p.doi) p.doi = ownKey.slice(4);
    let kid = keyIndex.get(o.key);
    if (kid === undefined) keyIndex.set(o.key, (kid = keyIndex.size));
    keyIds[i] = kid;
  }

  if (papers.size === 0) return titlesOnly(lines, ctx, opts, format, problems, decode);

  // Range queries "how many different papers between these lines": 0, 1 or more.
  const occLine = new Int32Array(occ.length);
  for (let i = 0; i < occ.length; i++) occLine[i] = occ[i]!.line;
  const nextDiff = new Int32Array(occ.length);
  for (let i = occ.length - 1; i >= 0; i--) {
    nextDiff[i] = i + 1 >= occ.length ? occ.length : keyIds[i + 1] !== keyIds[i] ? i + 1 : nextDiff[i + 1]!;
  }
  const lowerBound = (line: number): number => {
    let lo = 0;
    let hi = occ.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (occLine[mid]! < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const distinct = (fromLine: number, toLine: number): number => {
    const a = lowerBound(fromLine);
    const b = lowerBound(toLine);
    if (a >= b) return 0;
    return nextDiff[a]! >= b ? 1 : 2;
  };

  const { headings, innermost } = readHeadings(lines);
  const para = paragraphs(lines);
  const scopeCache = new Map<string, ScopeInfo>();
  const scopeOf = (from: number, to: number): ScopeInfo => {
    const k = `${from}:${to}`;
    let s = scopeCache.get(k);
    if (!s) scopeCache.set(k, (s = readScope(lines, from, to, decode)));
    return s;
  };
  const offer = (p: Paper, raw: string, rank: number, line: number): void => {
    if (p.title && p.title.rank <= rank) return;
    const t = cleanCandidate(raw, decode);
    if (acceptableTitle(t)) p.title = { text: t, rank, line };
  };
  const singleOnLine = new Map<number, boolean>();

  for (let i = 0; i < occ.length; i++) {
    const o = occ[i]!;
    const p = papers.get(o.key)!;
    if (p.title?.rank === 1) continue;

    // 1. Link text.
    if (o.linkText) offer(p, o.linkText, 1, o.line);

    // 2. A heading or bold text on the paper's own line.
    const line = lines[o.line]!;
    let single = singleOnLine.get(o.line);
    if (single === undefined) singleOnLine.set(o.line, (single = distinct(o.line, o.line + 1) === 1));
    if (single && line.length <= 5000) {
      const h = line.trimStart().startsWith('#') ? HEADING_RE.exec(line) : null;
      if (h && h[2]) offer(p, h[2], 2, o.line);
      if (line.includes('**') || line.includes('__')) {
        for (const b of line.matchAll(/\*\*([^*]{1,600})\*\*|__([^_]{1,600})__/g)) {
          const inner = (b[1] ?? b[2])!;
          if (/[:：]\s*$/.test(inner)) continue; // a label, "**论文链接：**"
          offer(p, inner, 2, o.line);
        }
      }
      if (!p.lineLinks) p.lineLinks = findLinks(line).filter((u) => !PAPER_HOST_RE.test(u) && !DOI_PATH_RE.test(u));

      // The link on an indented line under a list item: "1. **Title**\n   https://arxiv.org/abs/…".
      const item = listItemStart(lines, o.line);
      if (item >= 0 && distinct(item, o.line) === 0) {
        const first = lines[item]!;
        const bold = /\*\*([^*]{1,600})\*\*|__([^_]{1,600})__/.exec(first);
        if (bold && !/[:：]\s*$/.test(bold[1] ?? bold[2]!)) offer(p, (bold[1] ?? bold[2])!, 2, item);
        else if (/^\s*\d{1,4}[.)]\s/.test(first)) offer(p, first, 2.5, item);
      }
    }

    // 3 and 4. The paper's own section: the shallowest heading that mentions only this paper.
    const chain: number[] = [];
    for (let h = innermost[o.line]!; h >= 0; h = headings[h]!.parent) chain.push(h);
    let section: Heading | null = null;
    for (let c = chain.length - 1; c >= 0; c--) {
      const h = headings[chain[c]!]!;
      if (distinct(h.line, h.end) === 1) {
        if (h.siblings >= 2) section = h;
        break;
      }
    }
    let scope: ScopeInfo | null = null;
    let scopeStart = o.line;
    if (section) {
      scope = scopeOf(section.line, section.end);
      scopeStart = section.line;
    } else {
      const ps = para.start[o.line]!;
      const pe = para.end[o.line]!;
      if (distinct(ps, pe) === 1) {
        scope = scopeOf(ps, pe);
        scopeStart = ps;
      }
    }
    if (scope) {
      if (!p.scope) {
        p.scope = scope;
        p.scopeStart = scopeStart;
      }
      if (scope.titleOriginal) offer(p, scope.titleOriginal.text, 3, scope.titleOriginal.line);
      if (scope.title) offer(p, scope.title.text, 3.5, scope.title.line);
    }
    if (section && !startsWithPictograph(section.text)) offer(p, section.text, 4, section.line);
  }

  const entries: ParsedEntry[] = [];
  for (const p of papers.values()) {
    const o = occ[p.first]!;
    const title = p.title?.text ?? (p.arxivId ? `arXiv:${p.arxivId}` : `doi:${p.doi}`);
    const links = [...new Set([...(p.scope?.links ?? []), ...(p.lineLinks ?? [])])];
    entries.push({
      line: Math.min(o.line, p.scopeStart ?? o.line, p.title?.line ?? o.line) + 1,
      title,
      abstract: null,
      authors: p.scope?.authors ?? null,
      published: p.scope?.published ?? null,
      arxivId: p.arxivId,
      arxivVersion: p.arxivId ? p.version : null,
      doi: p.doi,
      links,
      categories: null,
    });
  }

  return { format, ...digestMeta(lines, ctx, opts, occ[0]!.line, decode), entries, problems };
}

/** A digest of titles without ids: one entry per title, for resolution later. */
function titlesOnly(lines: string[], ctx: ParseContext, opts: TextParseOptions, format: string, problems: ParsedProblem[], decode: Decode): ParsedDigest {
  const where = ctx.fileName ?? 'input';
  const entries: ParsedEntry[] = [];
  const { headings } = readHeadings(lines);
  const add = (raw: string, line: number, from: number, to: number): void => {
    const t = cleanCandidate(raw, decode);
    if (!acceptableTitle(t)) return;
    const scope = readScope(lines, from, to, decode);
    entries.push({
      line: line + 1,
      title: t,
      abstract: null,
      authors: scope.authors,
      published: scope.published,
      arxivId: null,
      arxivVersion: null,
      doi: null,
      links: scope.links,
      categories: null,
    });
  };

  // 1. Title labels.
  for (let li = 0; li < lines.length; li++) {
    const raw = lines[li]!;
    if (raw.length > 5000 || !/[:：]/.test(raw)) continue;
    const t = labelLine(raw);
    const m = TITLE_ORIGINAL_RE.exec(t) ?? TITLE_RE.exec(t);
    if (m) {
      const h = headings.findLast((x) => x.line <= li);
      add(withContinuation(lines, li, lines.length, m[1]!), li, h ? h.line : li, h ? h.end : li + 1);
    }
  }

  // 2. Headings at the paper level.
  if (!entries.length) {
    const ok = (h: Heading): boolean => !startsWithPictograph(h.text) && acceptableTitle(cleanCandidate(h.text, decode));
    for (let level = 1; level <= 6 && !entries.length; level++) {
      let candidates = headings.filter((h) => h.level === level && ok(h));
      if (candidates.length < 2) continue;
      const numbered = candidates.filter((h) => /^\s*(?:\*\*)?\d{1,4}[.)、]\s/.test(h.text));
      if (numbered.length) candidates = numbered;
      for (const h of candidates) add(h.text, h.line, h.line, h.end);
    }
  }

  // 3. Top-level numbered list items.
  if (!entries.length) {
    const items: number[] = [];
    for (let li = 0; li < lines.length; li++) if (/^\d{1,4}[.)]\s+\S/.test(lines[li]!) && lines[li]!.length < 1000) items.push(li);
    if (items.length >= 2) for (const li of items) add(lines[li]!, li, li, li + 1);
  }

  if (!entries.length) {
    throw new LecternError(
      'UNREADABLE',
      `${where}: found no arXiv ids, arXiv or Hugging Face paper links, DOIs or paper titles in this text. Nothing was imported.`,
      where,
    );
  }
  return { format, ...digestMeta(lines, ctx, opts, entries[0]!.line - 1, decode), entries, problems };
}

/**
 * The digest's name (its first heading, else the file name) and date: the first heading's date,
 * else a date in the lines before the first paper (not a paper's own "Published:" line), else the
 * file name's (2026-01-05, 20230911).
 */
function digestMeta(
  lines: string[],
  ctx: ParseContext,
  opts: TextParseOptions,
  firstPaperLine: number,
  decode: Decode,
): { name: string; date: string | null; dateNote: string | null } {
  let heading: string | null = null;
  let headingLine = -1;
  for (let li = 0; li < Math.min(lines.length, 60); li++) {
    const m = lines[li]!.length < 2000 ? HEADING_RE.exec(lines[li]!) : null;
    if (m && m[2]) {
      heading = m[2];
      headingLine = li;
      break;
    }
  }
  let date = opts.date ?? null;
  let dateNote = opts.dateNote ?? null;
  if (!date && heading) date = findDate(heading);
  if (!date) {
    for (let li = 0; li < Math.min(lines.length, 20, firstPaperLine); li++) {
      if (li === headingLine || lines[li]!.length > 2000 || PUBLISHED_RE.test(labelLine(lines[li]!))) continue;
      const d = findDate(lines[li]!);
      if (d) {
        date = d;
        dateNote = `Taken from line ${li + 1} of the text.`;
        break;
      }
    }
  }
  if (!date && ctx.fileName) {
    const base = ctx.fileName.split(/[\\/]/).pop()!;
    date = findDate(base, true);
    if (date) dateNote = `The text gives no date; taken from the file name (${base}).`;
  }
  let name = opts.name ? cleanText(opts.name) : null;
  if (!name && heading) name = cleanText(decode(heading.replace(/<[^>]{0,500}>/g, ' ').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*|__/g, '')));
  if (!name && ctx.fileName) name = ctx.fileName.split(/[\\/]/).pop()!.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  if (!name) name = date ? `Text digest ${date}` : 'Text digest';
  return { name: name.length > 200 ? `${name.slice(0, 199)}…` : name, date, dateNote };
}
