import { parse as parseBibLatex, type Creator } from '@retorquere/bibtex-parser';
import { LecternError } from '../../../../shared/errors';
import type { DigestFormat, ParsedDigest, ParsedEntry, ParseContext } from '../../../../shared/parsed';
import { parseArxivId, type ArxivRef } from '../../text/ids';
import { isSimpleLatex, latexToText } from '../../text/latex';
import { cleanText } from '../../text/normalize';
import { scanBibtex, type RawEntry } from './bibtex-scan';
import {
  arxivCategories,
  arxivFromBibcode,
  arxivFromDoi,
  arxivFromText,
  arxivFromUrl,
  baseName,
  bracketCategories,
  clip,
  dateFromParts,
  dateFromString,
  doiFrom,
  nameFromParts,
  paperLinks,
  repairMojibake,
  stripConverterTail,
} from './reference-fields';

/**
 * BibTeX and BibLaTeX (.bib) as Zotero, Better BibTeX, JabRef, EndNote, Qiqqa, ADS, arXiv and
 * home-made converters write it.
 *
 * Two stages. `bibtex-scan` finds the entries and their raw fields (with line numbers, and one
 * problem per broken entry). Then the LaTeX of title, authors and abstract is decoded: values
 * that are plain text, braces and accents are decoded by our linear `latexToText` (identical
 * output, and it keeps 100,000 entries to seconds: the LaTeX grammar costs ~2 ms an entry),
 * everything else (math, \textit, \url, user macros) goes, in one batch, through
 * @retorquere/bibtex-parser, which also splits those names. Titles are never sentence-cased.
 */

/** Values bigger or deeper than this are not given to the recursive LaTeX grammar. */
const MAX_PARSER_CHARS = 100_000;
const MAX_PARSER_DEPTH = 40;
// Entry types that hold no work of their own.
const NOT_WORKS = new Set(['xdata', 'set', 'ieeetranbstctl']);
const DIRECTIVE_RE = /^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]/gm;
const KNOWN_TYPES =
  /^(?:article|book|booklet|conference|inbook|incollection|inproceedings|manual|mastersthesis|misc|phdthesis|proceedings|techreport|unpublished|online|electronic|www|report|thesis|software|dataset|preprint|collection|patent|periodical|standard|string|preamble|comment)$/i;

export const bibtexFormat: DigestFormat = {
  id: 'bibtex',
  label: 'BibTeX / BibLaTeX (.bib)',
  detect(text, fileName) {
    const head = text.slice(0, 100_000);
    let known = 0;
    let other = 0;
    for (const m of head.matchAll(DIRECTIVE_RE)) {
      if (KNOWN_TYPES.test(m[1]!)) known++;
      else other++;
      if (known + other > 20) break;
    }
    const bibName = /\.(?:bib|bibtex|biblatex)$/i.test(fileName ?? '');
    // A .bib file starts with its entries, after blank lines and %-comments (JabRef, BibDesk, Qiqqa).
    // Prose or Markdown that merely quotes a BibTeX entry is left to the text importer.
    const firstLine = /^(?:[ \t]*(?:%[^\n]*)?\r?\n)*[ \t]*(\S)/.exec(head.replace(/^\uFEFF/, ''));
    const startsWithEntry = firstLine?.[1] === '@';
    if (known > 0) return bibName || startsWithEntry ? 1 : 0.5;
    if (other > 0 && /^[ \t]*[A-Za-z]+[ \t]*=[ \t]*[{"]/m.test(head)) return bibName || startsWithEntry ? 0.9 : 0.4;
    return bibName ? 0.3 : 0;
  },
  parse(text, ctx) {
    return parseBibtex(text, ctx);
  },
};

interface Decoded {
  title: string | null;
  authors: string[] | null;
  abstract: string | null;
  /** Targets of \href/\url in the abstract (the decoded text keeps only the link text). */
  hrefs: string[];
}

export function parseBibtex(text: string, ctx: ParseContext): ParsedDigest {
  const where = ctx.fileName ?? 'input';
  if (text.trim() === '') throw new LecternError('UNREADABLE', `${where} is empty. Nothing was imported.`, where);
  const scan = scanBibtex(text.replace(/^\uFEFF/, ''));
  if (scan.directives === 0) {
    throw new LecternError(
      'UNREADABLE',
      `${where} line 1: no BibTeX entries found (no "@article{…"-style line); this does not look like a .bib file. Nothing was imported.`,
      `${where}:1`,
    );
  }
  const base = baseName(ctx.fileName);
  const out: ParsedDigest = { format: 'bibtex', name: base ? `BibTeX: ${base}` : 'BibTeX', date: null, entries: [], problems: [] };
  for (const p of scan.problems) out.problems.push(p);

  const works = scan.entries.filter((e) => !NOT_WORKS.has(e.type));
  const decoded = decodeAll(works);
  works.forEach((raw, k) => {
    const entry = toEntry(raw, decoded[k]!);
    if (entry) out.entries.push(entry);
    else out.problems.push({ line: raw.line, entry: quote(raw), reason: 'the entry has no title and no arXiv id or DOI' });
  });
  out.problems.sort((a, b) => a.line - b.line);
  return out;
}

function field(f: Map<string, string>, name: string): string | null {
  const v = f.get(name);
  return v === undefined || v.trim() === '' ? null : v;
}

function toEntry(raw: RawEntry, d: Decoded): ParsedEntry | null {
  const f = raw.fields;
  const get = field.bind(null, f);
  const arxiv = findArxiv(raw);
  const doi = doiFrom(get('doi')) ?? (/doi\.org\//i.test(get('url') ?? '') ? doiFrom(get('url')) : null);
  const fromDoi = arxivFromDoi(doi);
  const ref = arxiv ?? fromDoi;
  if (!d.title && !ref && !doi) return null;
  // Zotero's "arXiv:2006.06872 [gr-qc, physics:hep-th]" may sit in any of these.
  const bracket = ['journal', 'journaltitle', 'note', 'number'].map((n) => bracketCategories(get(n))).find((b) => b) ?? null;
  const published = get('date') ? dateFromString(get('date')) : dateFromParts(get('year'), get('month'), get('day'));
  return {
    line: raw.line,
    title: d.title ?? '',
    abstract: d.abstract,
    authors: d.authors,
    published,
    arxivId: ref?.id ?? null,
    arxivVersion: ref?.version ?? null,
    doi,
    links: paperLinks([get('url'), /https?:\/\//.test(get('howpublished') ?? '') ? get('howpublished') : null, ...d.hrefs], d.abstract),
    categories: ref ? arxivCategories(get('primaryclass') ?? get('eprintclass'), bracket) : null,
  };
}

/** The arXiv id wherever exporters put it: eprint, the arXiv DOI, the URL, journal/note/number/pages. */
function findArxiv(raw: RawEntry): ArxivRef | null {
  const f = raw.fields;
  const archive = (f.get('archiveprefix') ?? f.get('eprinttype') ?? '').trim().toLowerCase();
  const eprint = f.get('eprint')?.trim();
  if (eprint && (archive === '' || archive === 'arxiv')) {
    const r = parseArxivId(eprint) ?? arxivFromUrl(eprint);
    if (r) return r;
  }
  const doi = arxivFromDoi(doiFrom(f.get('doi')));
  if (doi) return doi;
  for (const name of ['url', 'howpublished', 'eprint', 'arxivid', 'arxiv']) {
    const r = arxivFromUrl(f.get(name));
    if (r) return r;
  }
  for (const name of ['arxivid', 'arxiv']) {
    const v = f.get(name);
    const r = v ? parseArxivId(v) : null;
    if (r) return r;
  }
  for (const name of ['journal', 'journaltitle', 'note', 'number', 'pages', 'eid', 'howpublished', 'publisher', 'annote', 'annotation']) {
    const r = arxivFromText(f.get(name));
    if (r) return r;
  }
  for (const name of ['adsurl', 'url', 'annotation', 'annote', 'note', 'bibcode']) {
    const r = arxivFromBibcode(f.get(name));
    if (r) return r;
  }
  // ADS writes `journal = {arXiv e-prints}, pages = {astro-ph/0609591}`.
  const pages = f.get('pages')?.trim();
  const r = pages ? parseArxivId(pages) : null;
  if (r && (r.id.includes('/') || /arxiv/i.test(`${f.get('journal') ?? ''} ${f.get('publisher') ?? ''}`))) return r;
  return null;
}

// ---------------------------------------------------------------------------------------------
// LaTeX decoding

type Field = 'title' | 'author' | 'abstract';

function decodeAll(entries: RawEntry[]): Decoded[] {
  const result: Decoded[] = entries.map(() => ({ title: null, authors: null, abstract: null, hrefs: [] }));
  const jobs: { k: number; fields: Partial<Record<Field, string>> }[] = [];
  entries.forEach((e, k) => {
    const title = e.fields.get('title') ?? e.fields.get('shorttitle') ?? null;
    const author = e.fields.get('author') ?? null;
    let abstract = e.fields.get('abstract') ?? null;
    if (abstract) abstract = stripConverterTail(abstract);
    const job: Partial<Record<Field, string>> = {};
    const r = result[k]!;
    if (title !== null) {
      if (isSimpleLatex(title) || !parserCanTake(title)) r.title = finishText(latexToText(title));
      else job.title = title;
    }
    if (author !== null) {
      if (isSimpleLatex(author) || !parserCanTake(author)) r.authors = simpleNames(author);
      else job.author = author;
    }
    if (abstract !== null) {
      if (isSimpleLatex(abstract) || !parserCanTake(abstract)) r.abstract = finishText(latexToText(abstract));
      else job.abstract = abstract;
    }
    if (Object.keys(job).length) jobs.push({ k, fields: job });
  });
  if (jobs.length) decodeWithParser(jobs, result);
  for (const r of result) {
    if (r.title === '') r.title = null;
    if (r.abstract !== null) r.abstract = stripConverterTail(r.abstract) || null;
    if (r.authors && r.authors.length === 0) r.authors = null;
  }
  return result;
}

/**
 * One @retorquere/bibtex-parser run over a synthetic .bib of just the fields that need it.
 * Entries it cannot parse fall back to `latexToText`, so a LaTeX oddity never loses a paper.
 */
function decodeWithParser(jobs: { k: number; fields: Partial<Record<Field, string>> }[], result: Decoded[]): void {
  const doc = jobs
    .map(({ k, fields }) => {
      const body = (Object.entries(fields) as [Field, string][]).map(([name, v]) => `  ${name} = {${forParser(v)}}`).join(',\n');
      return `@misc{e${k},\n${body}\n}\n`;
    })
    .join('\n');
  const parsed = new Map<string, Record<string, unknown>>();
  try {
    const lib = parseBibLatex(doc, {
      sentenceCase: false,
      english: false,
      applyCrossRef: false,
      // Unknown commands: keep their arguments' text, drop the command name.
      unsupported: (node, tex) => (node.type === 'macro' ? '' : tex),
    });
    // A failed entry is left behind with empty `input` and partial fields; those are not used.
    for (const e of lib.entries) if (e.input) parsed.set(e.key, e.fields as Record<string, unknown>);
  } catch {
    // Whatever the grammar threw, every job takes the fallback below.
  }
  for (const { k, fields } of jobs) {
    const got = parsed.get(`e${k}`);
    const r = result[k]!;
    if (fields.title !== undefined) {
      const v = got?.title;
      r.title = finishText(typeof v === 'string' ? fromParser(v) : latexToText(fields.title));
    }
    if (fields.abstract !== undefined) {
      const v = got?.abstract;
      if (typeof v === 'string') for (const m of v.matchAll(HREF)) r.hrefs.push(m[1]!.replace(/\\([%$])/g, '$1'));
      r.abstract = finishText(typeof v === 'string' ? fromParser(v) : latexToText(fields.abstract));
    }
    if (fields.author !== undefined) {
      const v = got?.author;
      r.authors = Array.isArray(v) ? creatorNames(v as Creator[]) : simpleNames(fields.author);
    }
  }
}

function parserCanTake(v: string): boolean {
  if (v.length > MAX_PARSER_CHARS) return false;
  let depth = 0;
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k);
    if (c === 0x5c) k++;
    else if (c === 0x7b && ++depth > MAX_PARSER_DEPTH) return false;
    else if (c === 0x7d && --depth < 0) return false;
  }
  return depth === 0;
}

// The grammar reads "<" and ">" in text as the OT1 glyphs "¡" and "¿"; hide them from it.
const LT = '\uE000';
const GT = '\uE001';

/** A raw value made safe for the LaTeX grammar: `%` is text here, not a comment; a lone `$` is a dollar. */
function forParser(v: string): string {
  let dollars = 0;
  for (let k = 0; k < v.length; k++) {
    if (v[k] === '\\') k++;
    else if (v[k] === '$') dollars++;
  }
  const escapeDollars = dollars % 2 === 1;
  let out = '';
  for (let k = 0; k < v.length; k++) {
    const c = v[k]!;
    if (c === '\\') {
      out += v.slice(k, k + 2);
      k++;
    } else if (c === '%') out += '\\%';
    else if (c === '$' && escapeDollars) out += '\\$';
    else if (c === '<') out += LT;
    else if (c === '>') out += GT;
    else out += c;
  }
  return out;
}

// Markup the parser adds for \textit, \textbf, \textsc, \url, \href, sub/superscripts and the like.
const MARKUP = /<\/?(?:a|i|b|sup|sub|code|p|br|li|ul|ol|blockquote|span)(?:\s[^<>]*)?>/g;
const HREF = /<a href="([^"<>]+)">/g;

function fromParser(v: string): string {
  // A \% or \$ still there was escaped by forParser inside a verbatim argument (\url{…%20…}).
  return v.replace(MARKUP, '').replace(/\\([%$])/g, '$1').replaceAll(LT, '<').replaceAll(GT, '>');
}

function finishText(v: string): string {
  return cleanText(repairMojibake(v));
}

export function creatorNames(list: Creator[]): string[] {
  const out: string[] = [];
  for (const c of list) {
    const raw = c.name ?? [c.firstName, c.prefix, c.lastName].filter((p) => p && p.trim()).join(' ') + (c.suffix ? ` ${c.suffix}` : '');
    const name = cleanText(fromParser(raw));
    if (name && name.toLowerCase() !== 'others') out.push(name);
  }
  return out;
}

/** "Family, Given and Given Family and {Corporate, Inc.}": split on "and" and "," outside braces. */
export function simpleNames(v: string): string[] {
  const out: string[] = [];
  for (const person of splitTop(v, true)) {
    const name = nameFromParts(splitTop(person, false).map(latexToText));
    if (name) out.push(repairMojibake(name));
  }
  return out;
}

/**
 * Splits at brace depth 0 on the word "and" (words = true) or on "," (words = false), the way
 * BibTeX reads name lists: braces protect, a backslash escapes the next character. Linear.
 */
function splitTop(v: string, words: boolean): string[] {
  if (!v.includes('{') && !v.includes('\\')) {
    return v
      .replace(/\s+/g, ' ')
      .split(words ? / and /i : /,/)
      .map((s) => s.trim())
      .filter((s) => s !== '' && !(words && /^and$/i.test(s)));
  }
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k);
    if (c === 0x5c) k++;
    else if (c === 0x7b) depth++;
    else if (c === 0x7d) depth = Math.max(0, depth - 1);
    else if (depth > 0) continue;
    else if (!words && c === 0x2c) {
      out.push(v.slice(from, k));
      from = k + 1;
    } else if (words && (c === 0x61 || c === 0x41) && k > 0 && /\s/.test(v[k - 1]!) && /^and\s/i.test(v.slice(k, k + 4))) {
      out.push(v.slice(from, k));
      from = k + 3;
    }
  }
  out.push(v.slice(from));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

function quote(raw: RawEntry): string {
  return clip(`@${raw.type}{${raw.key}`);
}
