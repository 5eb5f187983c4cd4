import { LecternError } from '../../../../shared/errors';
import type { DigestFormat, ParsedDigest, ParsedEntry, ParseContext } from '../../../../shared/parsed';
import { normalizeDoi, parseArxivId, type ArxivRef } from '../../text/ids';
import { findLinks } from '../../text/links';
import { isoDate } from '../../text/normalize';
import {
  arrayItemLines,
  arxivIdInUrl,
  clean,
  clip,
  guarded,
  decodeEntities,
  isObject,
  parseJson,
  quoteJson,
  str,
  stripBom,
  stripMarkup,
  type Json,
  type JsonObject,
} from '../json-source';

/**
 * CSL-JSON (Zotero, Better BibTeX, Manubot, Crossref): a list of items `{id, type, title,
 * author[{family, given}|{literal}], issued{date-parts}, DOI, URL, container-title, abstract}`.
 *
 * - `date-parts` years are ints or strings, dates may be partial, ranges, circa, seasons or BC.
 *   `published` is the start of `issued`; a partial date is completed with the first month/day.
 * - arXiv ids come from the URL, "arXiv:1701.08140 [stat]" in container-title or number/note,
 *   or an arXiv DOI (10.48550/arXiv.…).
 * - Short DOIs ("10/fqd6hj") are aliases, not DOIs: they are dropped (a doi.org URL on the item
 *   gives the real one when present).
 * - Text fields may be empty arrays; abstracts may be JATS XML; titles may carry HTML markup.
 */
export const FORMAT_ID = 'csl-json';

const MAX_TITLE = 2000;
const CSL_TYPES =
  /"type"\s*:\s*"(?:article|article-journal|article-magazine|article-newspaper|book|chapter|paper-conference|report|thesis|manuscript|webpage|post|post-weblog|dataset|entry|entry-encyclopedia|entry-dictionary|speech|patent|motion_picture|software|standard|review|review-book|legal_case|legislation|broadcast|interview|personal_communication|pamphlet|map|graphic|song|bill|treaty|figure|musical_score|collection|classic|document|event|hearing|performance|periodical|regulation)"/;
const ARXIV_IN_TEXT = /\barxiv\s*[:/]?\s*((?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?)(?![\d])/i;
const RIS_LEAK = /\s+(?:A[U1-4]|T[I1-3]|PY|Y[12]|DA|ER|AB|JO|JF|VL|IS|SP|EP|DO|UR|KW|N[12]|SN|TY) {2}- [\s\S]*$/;
// Categories without a subject class; archives like "cs" or "stat" alone are not categories.
const DOTLESS_CATEGORIES = new Set([
  'astro-ph', 'cond-mat', 'gr-qc', 'hep-ex', 'hep-lat', 'hep-ph', 'hep-th', 'math-ph', 'nlin', 'nucl-ex', 'nucl-th', 'quant-ph',
]);

export const cslJsonFormat: DigestFormat = {
  id: FORMAT_ID,
  label: 'CSL-JSON (Zotero, Better BibTeX, Manubot)',
  detect(text) {
    const head = stripBom(text.slice(0, 20_000));
    if (!/^\s*[[{]/.test(head)) return 0;
    // Other JSON digests we read: never claim them.
    if (/"paper"\s*:\s*\{|\{'paper':|jsonfeed\.org\/version/.test(head)) return 0;
    const datePartsSeen = /"(?:issued|accessed|available-date|submitted|original-date|event-date)"\s*:\s*\{\s*(?:"[a-z-]+"\s*:\s*[^{}]*?,\s*)?"(?:date-parts|raw|literal)"/.test(head);
    const typeSeen = CSL_TYPES.test(head);
    const namesSeen = /"(?:author|editor)"\s*:\s*\[\s*\{\s*"(?:family|given|literal|non-dropping-particle|dropping-particle)"/.test(head);
    const cslKeys = /"(?:container-title|citation-key|title-short|collection-title|publisher-place|number-of-pages|container-title-short)"\s*:/.test(head);
    const signals = [datePartsSeen, typeSeen, namesSeen, cslKeys].filter(Boolean).length;
    if (signals === 0) return 0;
    const start = /^\s*\[\s*\{/.test(head) ? 1 : /^\s*\{/.test(head) ? 0.8 : 0.5;
    return start * (signals >= 3 ? 0.95 : signals === 2 ? 0.8 : 0.4);
  },
  parse(text, ctx) {
    return parseCslJson(text, ctx);
  },
};

/** Never throws anything but LecternError('UNREADABLE'). */
export function parseCslJson(input: string, ctx: ParseContext): ParsedDigest {
  return guarded(ctx.fileName ?? 'input', 'CSL-JSON file', () => read(input, ctx));
}

function read(input: string, ctx: ParseContext): ParsedDigest {
  const where = ctx.fileName ?? 'input';
  const text = stripBom(input);
  const root = parseJson(text, where, 'CSL-JSON file');
  let list: Json[];
  let lines: number[];
  if (Array.isArray(root)) {
    list = root;
    lines = arrayItemLines(text, []);
  } else if (isObject(root) && Array.isArray(root.items)) {
    list = root.items;
    lines = arrayItemLines(text, ['items']);
  } else if (isObject(root) && ('title' in root || 'type' in root) && ('author' in root || 'issued' in root || 'DOI' in root || 'URL' in root)) {
    list = [root];
    lines = [1];
  } else {
    throw new LecternError(
      'UNREADABLE',
      `${where} line 1: this JSON is not CSL-JSON (expected a list of items with "type", "title", "author", "issued"${isObject(root) ? `; found an object with keys ${Object.keys(root).slice(0, 6).join(', ') || 'none'}` : ''}). Nothing was imported.`,
      `${where}:1`,
    );
  }

  const out: ParsedDigest = { format: FORMAT_ID, entries: [], problems: [] };
  list.forEach((item, k) => {
    const line = lines[k] ?? 1;
    if (!isObject(item)) {
      out.problems.push({ line, entry: quoteJson(item), reason: 'an item that is not an object' });
      return;
    }
    const entry = readItem(item, line, out);
    if (entry) out.entries.push(entry);
  });

  if (out.entries.length === 0 && out.problems.length > 0) {
    const first = out.problems[0]!;
    throw new LecternError(
      'UNREADABLE',
      `${where}: a CSL-JSON list of ${list.length} item${list.length === 1 ? '' : 's'}, none of them readable. First problem, at line ${first.line}: ${first.reason}. Nothing was imported.`,
      `${where}:${first.line}`,
    );
  }
  const base = ctx.fileName ? (ctx.fileName.split(/[\\/]/).pop() ?? '').replace(/(?:\.csl)?\.json$/i, '').trim() : '';
  out.name = base ? `CSL-JSON: ${clip(base, 80)}` : 'CSL-JSON';
  return out;
}

function readItem(item: JsonObject, line: number, out: ParsedDigest): ParsedEntry | null {
  const label = text(item['citation-key']) ?? text(item.id);
  const rawTitle = text(item.title) ?? text(item['title-short']);
  if (!rawTitle) {
    out.problems.push({ line, entry: label ? clip(label) : quoteJson(item), reason: 'no title' });
    return null;
  }
  const title = clean(decodeEntities(stripMarkup(rawTitle)).replace(RIS_LEAK, ''));
  if (!title || title.length > MAX_TITLE) {
    out.problems.push({ line, entry: clip(label ?? title), reason: title ? `a title ${title.length} characters long; that is not a paper title` : 'an empty title' });
    return null;
  }

  const url = text(item.URL)?.trim() ?? null;
  const containerTitle = text(item['container-title']);

  // DOI: the field when it is a real DOI; else a doi.org URL. Short DOIs (10/abc) are aliases.
  const rawDoi = text(item.DOI);
  let doi = rawDoi ? normalizeDoi(rawDoi) : null;
  if (!doi && url && /^https?:\/\/(?:dx\.)?doi\.org\/10\./i.test(url)) doi = normalizeDoi(decodeURIComponentSafe(url));

  let ref: ArxivRef | null = null;
  const arxivDoi = doi ? /^10\.48550\/arxiv\.(.+)$/i.exec(doi) : null;
  if (arxivDoi) ref = parseArxivId(arxivDoi[1]!);
  if (!ref && url) {
    const fromUrl = arxivIdInUrl(url);
    ref = fromUrl ? parseArxivId(fromUrl) : null;
  }
  if (!ref) {
    for (const field of [containerTitle, text(item.number), text(item.archive_location), text(item.note), text(item.eprint)]) {
      const m = field ? ARXIV_IN_TEXT.exec(field) : null;
      ref = m ? parseArxivId(m[1]!) : null;
      if (ref) break;
    }
  }
  if (!ref && /arxiv/i.test([text(item.archive), text(item.publisher), containerTitle, text(item.source)].join(' '))) {
    const bare = text(item.number) ?? text(item.archive_location);
    ref = bare ? parseArxivId(bare) : null;
  }

  const rawAbstract = text(item.abstract);
  const abstract = rawAbstract ? clean(decodeEntities(stripMarkup(rawAbstract))) || null : null;

  const links: string[] = [];
  if (url && /^https?:\/\/\S+$/i.test(url) && !arxivIdInUrl(url) && !/^https?:\/\/(?:dx\.)?doi\.org\//i.test(url)) links.push(url);
  if (abstract) for (const l of findLinks(abstract)) if (!links.includes(l)) links.push(l);

  return {
    line,
    title,
    abstract,
    authors: names(item.author),
    published: cslDate(item.issued) ?? cslDate(item['available-date']),
    arxivId: ref?.id ?? null,
    arxivVersion: ref?.version ?? null,
    doi,
    links,
    categories: containerTitle ? categories(containerTitle) : null,
  };
}

/** A text field: a string, or the first non-empty string of an array (Crossref writes arrays). */
function text(v: Json | undefined): string | null {
  if (Array.isArray(v)) {
    for (const x of v) {
      const s = str(x);
      if (s) return s;
    }
    return null;
  }
  return str(v);
}

function names(v: Json | undefined): string[] | null {
  if (!Array.isArray(v)) return null;
  const out: string[] = [];
  for (const a of v) {
    if (!isObject(a)) continue;
    const literal = text(a.literal);
    const parts = literal
      ? [literal]
      : [text(a.given), text(a['dropping-particle']), text(a['non-dropping-particle']), text(a.family), text(a.suffix)].filter((p): p is string => p !== null);
    const name = clean(decodeEntities(parts.join(' ')));
    if (name) out.push(name);
  }
  return out.length ? out : null;
}

function int(v: Json | undefined): number | null {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null;
  if (typeof v === 'string' && /^\s*[-+]?\d{1,6}\s*$/.test(v)) return Number(v);
  return null;
}

/**
 * The start of a CSL date as YYYY-MM-DD. Missing month or day become 01; seasons (months 13-16,
 * 21-24) keep only the year; BC and year-0 dates (and range ends like [0]) give null.
 */
export function cslDate(v: Json | undefined): string | null {
  if (!isObject(v)) return null;
  const parts = v['date-parts'];
  if (Array.isArray(parts) && Array.isArray(parts[0])) {
    const [y, m, d] = parts[0].map((x) => int(x));
    return completeDate(y ?? null, m ?? null, d ?? null);
  }
  const raw = text(v.raw) ?? text(v.literal);
  const r = raw ? /^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?![\d])/.exec(raw) : null;
  return r ? completeDate(Number(r[1]), r[2] ? Number(r[2]) : null, r[3] ? Number(r[3]) : null) : null;
}

function completeDate(year: number | null, month: number | null, day: number | null): string | null {
  if (year === null || year < 1 || year > 9999) return null;
  if (month === null || month < 1 || month > 12) return isoDate(year, 1, 1);
  if (day !== null) return isoDate(year, month, day) ?? isoDate(year, month, 1);
  return isoDate(year, month, 1);
}

/** "arXiv:2006.06872 [gr-qc, physics:hep-th]" -> ["gr-qc", "hep-th"]. */
function categories(containerTitle: string): string[] | null {
  const m = /\barxiv\b[^[\]]*\[([^\]]{1,200})\]/i.exec(containerTitle);
  if (!m) return null;
  const out: string[] = [];
  for (const raw of m[1]!.split(',')) {
    const c = raw.trim().replace(/^[a-z-]+:/i, '');
    if (/^[a-z-]+\.[A-Za-z-]{2,}$/.test(c) || DOTLESS_CATEGORIES.has(c)) if (!out.includes(c)) out.push(c);
  }
  return out.length ? out : null;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
