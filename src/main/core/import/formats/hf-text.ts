import { LecternError } from '../../../../shared/errors';
import type { DigestFormat, ParsedDigest, ParsedEntry, ParseContext } from '../../../../shared/parsed';
import { findLinks } from '../../text/links';
import { cleanText, isoDate, monthNumber } from '../../text/normalize';

/**
 * The text of a Hugging Face Daily Papers page, as copied from the browser. Each paper is:
 *
 *   Title
 *   <blank>
 *   Abstract paragraph(s)
 *   <blank>
 *     • 6 authors
 *   ·
 *   Jul 17, 2025 12        <- published date, then upvotes when there are any
 *
 * The page header ends with the digest's own date without a year ("Jan 8").
 */
const AUTHORS_RE = /^\s*[•·*-]?\s*(\d+)\s+authors?\s*$/u;
const DOT_RE = /^\s*[·•]\s*$/u;
const DATE_RE = /^\s*([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),\s+(\d{4})(?:\s+(\d+))?\s*$/u;
const HEADER_DATE_RE = /^\s*([A-Z][a-z]{2,8})\.?\s+(\d{1,2})(?:,\s*(\d{4}))?\s*$/u;


export const hfTextFormat: DigestFormat = {
  id: 'hf-text',
  label: 'Hugging Face Daily Papers page (text)',
  detect(text) {
    const head = text.slice(0, 200_000);
    const metas = head.match(/^\s*•\s*\d+\s+authors?\s*$/gmu)?.length ?? 0;
    if (metas === 0) return 0;
    return /Daily Papers/.test(head.slice(0, 2000)) ? 1 : Math.min(0.9, 0.5 + metas * 0.1);
  },
  parse(text, ctx) {
    return parseHfText(text, ctx);
  },
};

export function parseHfText(text: string, ctx: ParseContext): ParsedDigest {
  // Plain strings, indexed: a 100,000-entry page is over a million lines.
  const lines = text.split(/\r\n|\r|\n/u);
  const where = ctx.fileName ?? 'input';
  const out: ParsedDigest = { format: 'hf-text', entries: [], problems: [] };

  // Header: everything up to the digest's own date line ("Jan 8"), when the copy has one.
  let start = 0;
  let headerDate: { month: number; day: number; year: number | null; line: number } | null = null;
  const firstMeta = findMeta(lines, 0);
  for (let i = 0; i < (firstMeta < 0 ? Math.min(lines.length, 40) : firstMeta); i++) {
    const m = HEADER_DATE_RE.exec(lines[i]!);
    const month = m ? monthNumber(m[1]!) : null;
    if (m && month) {
      headerDate = { month, day: Number(m[2]), year: m[3] ? Number(m[3]) : null, line: i + 1 };
      start = i + 1;
      break;
    }
  }

  let i = start;
  while (i < lines.length) {
    const metaAt = findMeta(lines, i);
    if (metaAt < 0) break;
    const body = paragraphs(lines, i, metaAt);
    const tail = readTail(lines, metaAt);
    i = tail.next;
    if (body.length === 0) {
      out.problems.push({ line: metaAt + 1, reason: 'an author count with no title before it' });
      continue;
    }
    const [titlePara, ...abstractParas] = body;
    const title = cleanText(titlePara!.lines.join(' '));
    const firstLine = titlePara!.n;
    if (!tail.ok) {
      out.problems.push({ line: tail.line, entry: clip(title), reason: tail.reason });
      continue;
    }
    const abstract = abstractParas.length ? cleanText(abstractParas.map((p) => p.lines.join(' ')).join(' ')) : null;
    const entry: ParsedEntry = {
      line: firstLine,
      title,
      abstract,
      authorCount: Number(AUTHORS_RE.exec(lines[metaAt]!)![1]),
      published: tail.published,
      upvotes: tail.upvotes,
      links: abstract ? findLinks(abstract) : [],
    };
    out.entries.push(entry);
  }

  // Whatever follows the last complete entry: a cut-off copy leaves an abstract here.
  const rest = paragraphs(lines, i, lines.length);
  const cut = rest.find((p) => p.lines.join(' ').length > 80);
  if (cut) {
    throw new LecternError(
      'UNREADABLE',
      `${where} line ${cut.n}: the text ends inside an entry ("${clip(cleanText(rest[0]!.lines.join(' ')))}") that has no author count and date after it. The copy looks cut off; copy the whole page again. Nothing was imported.`,
      `${where}:${cut.n}`,
    );
  }
  if (out.entries.length === 0 && out.problems.length === 0) {
    throw new LecternError('UNREADABLE', `${where}: no papers found in this Daily Papers text.`, where);
  }

  if (headerDate) {
    const newest = out.entries.reduce<string | null>((a, e) => (e.published && (!a || e.published > a) ? e.published : a), null);
    const inferred = inferYear(headerDate, ctx.now, newest);
    out.date = inferred.date;
    out.dateNote = inferred.note;
  }
  out.name = out.date ? `Daily Papers ${out.date}` : 'Daily Papers';
  return out;
}

/**
 * The page shows "Jan 8" without a year. We take the most recent such day that is not after the
 * import (a page is imported on or after its day); a date given with a year is taken as it is.
 */
function inferYear(
  d: { month: number; day: number; year: number | null; line: number },
  now: Date,
  newestPaper: string | null,
): { date: string | null; note: string | null } {
  if (d.year) return { date: isoDate(d.year, d.month, d.day), note: null };
  const today = now.toISOString().slice(0, 10);
  let year = now.getUTCFullYear();
  let date = isoDate(year, d.month, d.day);
  while (date && date > today) date = isoDate(--year, d.month, d.day);
  // Feb 29 in a year without one: keep stepping back to a leap year.
  for (let tries = 0; !date && tries < 8; tries++) date = isoDate(--year, d.month, d.day);
  const note =
    `The page gives its date without a year (line ${d.line}); taken as ${date}, the most recent such day not after the import` +
    (newestPaper && date && newestPaper > date ? ` (note: its newest paper is dated ${newestPaper}).` : '.');
  return { date, note };
}

type Tail = { ok: true; next: number; published: string; upvotes: number } | { ok: false; next: number; line: number; reason: string };

/** After "• N authors": a "·" line, then "Mon D, YYYY [upvotes]". */
function readTail(lines: string[], metaAt: number): Tail {
  let j = metaAt + 1;
  while (j < lines.length && lines[j]!.trim() === '') j++;
  if (j < lines.length && DOT_RE.test(lines[j]!)) j++;
  while (j < lines.length && lines[j]!.trim() === '') j++;
  const dateLine = lines[j];
  const m = dateLine !== undefined ? DATE_RE.exec(dateLine) : null;
  if (dateLine === undefined || !m) {
    const at = dateLine === undefined ? metaAt : j;
    return { ok: false, next: dateLine === undefined ? lines.length : j, line: at + 1, reason: `expected a date like "Jul 17, 2025" after the author count, found "${clip(lines[at]!.trim())}"` };
  }
  const month = monthNumber(m[1]!);
  const published = month ? isoDate(Number(m[3]), month, Number(m[2])) : null;
  if (!published) return { ok: false, next: j + 1, line: j + 1, reason: `"${dateLine.trim()}" is not a calendar date` };
  return { ok: true, next: j + 1, published, upvotes: m[4] ? Number(m[4]) : 0 };
}

/** The paragraphs of lines[from, to): their first line number (1-based) and their lines. */
function paragraphs(lines: string[], from: number, to: number): { n: number; lines: string[] }[] {
  const out: { n: number; lines: string[] }[] = [];
  let cur: { n: number; lines: string[] } | null = null;
  for (let k = from; k < to; k++) {
    const l = lines[k]!;
    if (l.trim() === '') cur = null;
    else if (cur) cur.lines.push(l);
    else out.push((cur = { n: k + 1, lines: [l] }));
  }
  return out;
}

function findMeta(lines: string[], from: number): number {
  // The cheap test first: most lines are titles and abstracts.
  for (let k = from; k < lines.length; k++) if (lines[k]!.length < 40 && lines[k]!.includes('author') && AUTHORS_RE.test(lines[k]!)) return k;
  return -1;
}

function clip(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
