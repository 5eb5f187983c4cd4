import { LecternError } from '../../../../shared/errors';
import type { DigestFormat, ParsedDigest, ParsedEntry, ParseContext } from '../../../../shared/parsed';
import { cleanText } from '../../text/normalize';
import type { ArxivRef } from '../../text/ids';
import {
  arxivCategories,
  arxivFromBibcode,
  arxivFromDoi,
  arxivFromText,
  arxivFromUrl,
  baseName,
  bracketCategories,
  clip,
  dateFromString,
  displayName,
  doiFrom,
  paperLinks,
  repairMojibake,
  stripConverterTail,
} from './reference-fields';

/**
 * RIS (Zotero, EndNote, Scopus, Publish or Perish, Web of Science, home-made scripts).
 * Our own parser. The one maintained npm option, @citation-js/plugin-ris, needs
 * @citation-js/core and hands back CSL-JSON without line numbers or per-record errors; the
 * format itself is a list of "XX  - value" lines. What real files do that the spec does not:
 *  - a UTF-8 BOM, CRLF or LF, junk before the first TY (an R script's `"1" "`), junk after ER;
 *  - untagged continuation lines (a multi-line AB, Scopus' long "N1 - References:" notes);
 *  - all authors on one AU line, separated by ";" or " and ";
 *  - partial dates "2017///", "2014/04/03/", PY "2019///"; UR given twice; "ER  -" without
 *    its trailing space.
 */

type Role = 'title' | 'shortTitle' | 'bookTitle' | 'author' | 'abstract' | 'date' | 'year' | 'doi' | 'url' | 'journal' | 'note' | 'id';

// Tag -> what it holds. Tags not listed (KW, SN, VL, IS, SP, EP, PB, CY, Y2 access date, A2 editors…) are not needed.
const TAGS: Record<string, Role> = {
  TI: 'title', T1: 'title', CT: 'title',
  ST: 'shortTitle', BT: 'bookTitle',
  AU: 'author', A1: 'author',
  AB: 'abstract', N2: 'abstract',
  DA: 'date', Y1: 'date', PY: 'year',
  DO: 'doi',
  UR: 'url', L1: 'url', L2: 'url', L3: 'url', LK: 'url',
  T2: 'journal', JF: 'journal', JO: 'journal', JA: 'journal', J1: 'journal', J2: 'journal',
  N1: 'note', M1: 'note', M3: 'note',
  AN: 'id', ID: 'id', C1: 'id',
};

// "TY  - JOUR": two upper-case letters/digits, spaces, a dash, the value. Some writers use one
// space or none after the dash, so be lenient there but require the tag shape.
const TAG_LINE = /^([A-Z][A-Z0-9])[ \t]{1,2}-(?:[ \t](.*)|[ \t]*)$/;

export const risFormat: DigestFormat = {
  id: 'ris',
  label: 'RIS (.ris)',
  detect(text, fileName) {
    const head = text.slice(0, 50_000);
    const ty = /^\uFEFF?TY {1,2}- ?\S/m.test(head);
    const risName = /\.ris$/i.test(fileName ?? '');
    if (!ty) return risName ? 0.3 : 0;
    const tagged = head.match(/^[A-Z][A-Z0-9] {1,2}- /gm)?.length ?? 0;
    return /^ER {1,2}-/m.test(head) || tagged > 3 || risName ? 1 : 0.7;
  },
  parse(text, ctx) {
    return parseRis(text, ctx);
  },
};

interface Record_ {
  line: number;
  type: string;
  /** Each value as its lines: the tagged one, then any untagged continuation lines. */
  fields: Map<Role, string[][]>;
  last: string[] | null;
}

export function parseRis(text: string, ctx: ParseContext): ParsedDigest {
  const where = ctx.fileName ?? 'input';
  const src = text.replace(/^\uFEFF/, '');
  if (src.trim() === '') throw new LecternError('UNREADABLE', `${where} is empty. Nothing was imported.`, where);
  const base = baseName(ctx.fileName);
  const out: ParsedDigest = { format: 'ris', name: base ? `RIS: ${base}` : 'RIS', date: null, entries: [], problems: [] };

  let rec: Record_ | null = null;
  let sawTy = false;
  let sawEr = false;
  let lineNo = 0;
  let pos = 0;
  const finish = (r: Record_): void => {
    const entry = toEntry(r);
    if (entry) out.entries.push(entry);
    else out.problems.push({ line: r.line, entry: `TY  - ${clip(r.type, 50)}`, reason: 'the record has no title (TI/T1) and no arXiv id or DOI' });
  };

  while (pos <= src.length) {
    // Lines one at a time (CRLF, LF or CR), without splitting a 10 MB input into an array.
    let end = pos;
    while (end < src.length && src.charCodeAt(end) !== 10 && src.charCodeAt(end) !== 13) end++;
    const line = src.slice(pos, end);
    lineNo++;
    pos = end + (src.charCodeAt(end) === 13 && src.charCodeAt(end + 1) === 10 ? 2 : 1);

    const m = TAG_LINE.exec(line);
    if (m) {
      const tag = m[1]!;
      const value = (m[2] ?? '').trim();
      if (tag === 'TY') {
        sawTy = true;
        // A record whose ER is missing still ends where the next one starts.
        if (rec) finish(rec);
        rec = { line: lineNo, type: value, fields: new Map(), last: null };
        continue;
      }
      if (!rec) continue; // header junk before the first TY
      if (tag === 'ER') {
        sawEr = true;
        finish(rec);
        rec = null;
        continue;
      }
      const role = TAGS[tag];
      if (!role) {
        rec.last = null;
        continue;
      }
      let list = rec.fields.get(role);
      if (!list) rec.fields.set(role, (list = []));
      if (role === 'author') {
        for (const a of value.replace(/\s+/g, ' ').split(/;| and /i)) if (a.trim()) list.push([a.trim()]);
        rec.last = null;
      } else {
        // Untagged lines that follow continue this value.
        rec.last = [value];
        list.push(rec.last);
      }
      continue;
    }
    if (rec && rec.last && line.trim() !== '') rec.last.push(line);
  }

  // The last record without its ER: cut off, unless this writer never writes ER at all.
  if (rec && !sawEr) finish(rec);
  else if (rec) {
    out.problems.push({
      line: rec.line,
      entry: clip(firstOf(rec, 'title') ?? '') || `TY  - ${clip(rec.type, 50)}`,
      reason: 'the file ends inside this record (no ER line; the file may be cut off)',
    });
  }
  if (!sawTy) {
    throw new LecternError(
      'UNREADABLE',
      `${where} line 1: no RIS records found (no line starting with "TY  - "); this does not look like a RIS file. Nothing was imported.`,
      `${where}:1`,
    );
  }
  return out;
}

function all(r: Record_, role: Role): string[] {
  return (r.fields.get(role) ?? []).map((lines) => lines.join('\n'));
}

function firstOf(r: Record_, role: Role): string | null {
  return all(r, role).find((x) => x.trim() !== '') ?? null;
}

function toEntry(r: Record_): ParsedEntry | null {
  const rawTitle = firstOf(r, 'title') ?? firstOf(r, 'shortTitle') ?? firstOf(r, 'bookTitle');
  const title = rawTitle ? text(rawTitle) : '';
  const urls = all(r, 'url');
  const doi = all(r, 'doi').map(doiFrom).find((d) => d) ?? null;
  const arxiv = findArxiv(r, doi);
  if (!title && !arxiv && !doi) return null;
  const rawAbstract = firstOf(r, 'abstract');
  let abstract = rawAbstract ? text(stripConverterTail(rawAbstract)) : null;
  if (abstract === '') abstract = null;
  const authors = all(r, 'author')
    .map((a) => displayName(repairMojibake(a), true))
    .filter((a): a is string => !!a);
  const published = dateFromString(firstOf(r, 'date')) ?? dateFromString(firstOf(r, 'year'));
  return {
    line: r.line,
    title,
    abstract,
    authors: authors.length ? authors : null,
    published,
    arxivId: arxiv?.id ?? null,
    arxivVersion: arxiv?.version ?? null,
    doi,
    links: paperLinks(urls, abstract),
    categories: arxiv ? arxivCategoriesFromNotes(r) : null,
  };
}

function findArxiv(r: Record_, doi: string | null): ArxivRef | null {
  const fromDoi = arxivFromDoi(doi);
  if (fromDoi) return fromDoi;
  for (const u of all(r, 'url')) {
    const a = arxivFromUrl(u);
    if (a) return a;
  }
  for (const role of ['journal', 'note', 'id', 'title'] as const) {
    for (const v of all(r, role)) {
      const a = arxivFromText(v);
      if (a) return a;
    }
  }
  for (const role of ['url', 'note', 'id'] as const) {
    for (const v of all(r, role)) {
      const a = arxivFromBibcode(v);
      if (a) return a;
    }
  }
  return null;
}

/** Zotero writes notes like "arXiv:2306.06918 [cs]"; the bracket lists the categories. */
function arxivCategoriesFromNotes(r: Record_): string[] | null {
  for (const v of [...all(r, 'note'), ...all(r, 'journal')]) {
    const list = bracketCategories(v);
    if (list) return arxivCategories(list);
  }
  return null;
}

function text(v: string): string {
  return cleanText(repairMojibake(v));
}
