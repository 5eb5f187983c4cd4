import { LecternError } from '../../../../shared/errors';
import type { DigestFormat, ParsedDigest, ParsedEntry, ParseContext } from '../../../../shared/parsed';
import { parseArxivId } from '../../text/ids';
import { findLinks } from '../../text/links';
import {
  arrayItemLines,
  clean,
  clip,
  guarded,
  datePart,
  fileNameDate,
  isObject,
  mostCommon,
  parseJson,
  quoteJson,
  str,
  stripBom,
  type Json,
  type JsonObject,
} from '../json-source';
import { parsePyLiteral, PyLiteralError } from '../pyliteral';

/**
 * The Hugging Face daily papers API (`https://huggingface.co/api/daily_papers`), as saved by
 * scrapers: a list of `{paper: {id, authors[{name}], publishedAt, title, summary, upvotes, ...},
 * publishedAt, title, ...}`. The schema drifted over the years (see corpus/README.md); every
 * optional field is read defensively.
 *
 * One real scraper saved every item as a Python repr() string ("{'paper': {'id': ..., 'hidden':
 * False}}"), once also inside a {status, date, count, data} envelope. We read those with a small
 * literal evaluator rather than refuse them: the papers are all there.
 */
export const FORMAT_ID = 'hf-json';

const MAX_TITLE = 2000;

export const hfJsonFormat: DigestFormat = {
  id: FORMAT_ID,
  label: 'Hugging Face daily papers JSON (api/daily_papers)',
  detect(text, fileName) {
    const head = stripBom(text.slice(0, 20_000));
    if (!/^\s*[[{]/.test(head)) return 0;
    if (/^\s*\[\s*\{\s*"paper"\s*:\s*\{/.test(head)) return 1;
    if (/^\s*\[\s*"\{'paper':\s*\{/.test(head)) return 0.95;
    if (/^\s*\{/.test(head) && /"data"\s*:\s*\[\s*(?:"\{'paper':|\{\s*"paper"\s*:)/.test(head)) return 0.95;
    if (/"paper"\s*:\s*\{\s*"id"\s*:\s*"\d{4}\.\d{4,5}"/.test(head) || /\{'paper':\s*\{'id':\s*'\d{4}\.\d{4,5}'/.test(head)) return 0.85;
    if (/^\s*\[\s*\]\s*$/.test(head) && /daily.?papers/i.test(fileName ?? '')) return 0.5;
    return 0;
  },
  parse(text, ctx) {
    return parseHfJson(text, ctx);
  },
};

interface Item {
  line: number;
  value: Json;
}

/** Never throws anything but LecternError('UNREADABLE'). */
export function parseHfJson(input: string, ctx: ParseContext): ParsedDigest {
  return guarded(ctx.fileName ?? 'input', 'Hugging Face daily papers file', () => read(input, ctx));
}

function read(input: string, ctx: ParseContext): ParsedDigest {
  const where = ctx.fileName ?? 'input';
  const text = stripBom(input);
  const root = parseJson(text, where, 'Hugging Face daily papers file');
  const out: ParsedDigest = { format: FORMAT_ID, entries: [], problems: [] };

  // Where the list is: the root, or the scraper's {status, date, count, data} envelope.
  let list: Json[];
  let envelopeDate: string | null = null;
  let lines: number[];
  if (Array.isArray(root)) {
    list = root;
    lines = arrayItemLines(text, []);
  } else if (isObject(root) && Array.isArray(root.data)) {
    list = root.data;
    lines = arrayItemLines(text, ['data']);
    envelopeDate = datePart(root.date);
    const status = str(root.status);
    if (status && !/^(?:ok|success)$/i.test(status) && list.length === 0) {
      throw new LecternError('UNREADABLE', `${where}: the saved response reports status "${clip(status, 40)}" and holds no papers. Nothing was imported.`, where);
    }
  } else if (isObject(root) && isObject(root.paper)) {
    list = [root];
    lines = [1];
  } else {
    throw new LecternError(
      'UNREADABLE',
      `${where} line 1: this JSON is not a Hugging Face daily papers list (expected a list of {"paper": {...}} items${isObject(root) ? `; found an object with keys ${Object.keys(root).slice(0, 6).join(', ') || 'none'}` : ''}). Nothing was imported.`,
      `${where}:1`,
    );
  }

  const items: Item[] = list.map((value, k) => ({ value, line: lines[k] ?? 1 }));
  const dailyDates: string[] = [];
  const postedAt: string[] = [];
  let reprItems = 0;

  for (const item of items) {
    let value = item.value;
    if (typeof value === 'string') {
      const source = value;
      reprItems++;
      try {
        value = parsePyLiteral(source) as Json;
      } catch (e) {
        const reason = e instanceof PyLiteralError ? `${e.message} at character ${e.offset + 1}` : String(e);
        out.problems.push({ line: item.line, entry: clip(source), reason: `a text item that is not a readable Python-style record: ${reason}` });
        continue;
      }
      if (isObject(value)) undoDoubleEscape(value);
    }
    if (!isObject(value)) {
      out.problems.push({ line: item.line, entry: quoteJson(value), reason: 'not a paper record (expected an object with a "paper" field)' });
      continue;
    }
    const paper = isObject(value.paper) ? value.paper : isBarePaper(value) ? value : null;
    if (!paper) {
      out.problems.push({ line: item.line, entry: quoteJson(value), reason: 'no "paper" object in this item' });
      continue;
    }
    const entry = readPaper(paper, value, item.line, out);
    if (!entry) continue;
    out.entries.push(entry);
    const daily = datePart(paper.submittedOnDailyAt);
    if (daily) dailyDates.push(daily);
    if (typeof value.publishedAt === 'string' && paper !== value) postedAt.push(value.publishedAt);
  }

  if (out.entries.length === 0 && out.problems.length > 0) {
    const first = out.problems[0]!;
    const what = reprItems === items.length ? 'Its items are text (Python-style records saved by a scraper), and none could be read' : 'None of its items is a readable paper';
    throw new LecternError(
      'UNREADABLE',
      `${where}: a Hugging Face daily papers file with ${items.length} item${items.length === 1 ? '' : 's'}. ${what}. First problem, at line ${first.line}: ${first.reason}. Nothing was imported.`,
      `${where}:${first.line}`,
    );
  }

  setDigestDate(out, envelopeDate, dailyDates, postedAt, ctx.fileName);
  out.name = out.date ? `Hugging Face Daily Papers ${out.date}` : 'Hugging Face Daily Papers';
  return out;
}

/** The api/papers endpoints return the paper itself ({id, authors, summary, upvotes}), unwrapped. */
function isBarePaper(v: JsonObject): boolean {
  const id = str(v.id);
  return !('paper' in v) && id !== null && parseArxivId(id) !== null && str(v.title) !== null && Array.isArray(v.authors) && ('summary' in v || 'upvotes' in v);
}

function readPaper(paper: JsonObject, item: JsonObject, line: number, out: ParsedDigest): ParsedEntry | null {
  const rawTitle = str(paper.title) ?? str(item.title);
  const id = str(paper.id);
  if (!rawTitle) {
    out.problems.push({ line, entry: id ?? quoteJson(paper), reason: 'the paper has no title' });
    return null;
  }
  const title = clean(rawTitle);
  if (title.length > MAX_TITLE) {
    out.problems.push({ line, entry: clip(title), reason: `the title is ${title.length} characters long; that is not a paper title` });
    return null;
  }
  const ref = id ? parseArxivId(id) : null;
  const rawAbstract = str(paper.summary) ?? str(item.summary);
  const abstract = rawAbstract ? clean(rawAbstract) : null;

  let authors: string[] | null = null;
  if (Array.isArray(paper.authors)) {
    authors = [];
    for (const a of paper.authors) {
      // "hidden" authors were removed from the paper page by its admins (wrongly extracted names).
      if (!isObject(a) || a.hidden === true) continue;
      const name = str(a.name);
      if (name) authors.push(clean(name));
    }
    if (authors.length === 0) authors = null;
  }

  const links: string[] = [];
  for (const v of [paper.githubRepo, paper.projectPage, item.githubRepo, item.projectPage]) {
    const s = str(v)?.trim();
    if (s && /^https?:\/\/\S+$/i.test(s) && !links.includes(s)) links.push(s);
  }
  if (abstract) for (const l of findLinks(abstract)) if (!links.includes(l)) links.push(l);

  const upvotes = typeof paper.upvotes === 'number' && Number.isFinite(paper.upvotes) ? paper.upvotes : typeof item.upvotes === 'number' ? item.upvotes : null;

  return {
    line,
    title,
    abstract,
    authors,
    published: datePart(paper.publishedAt),
    upvotes,
    arxivId: ref?.id ?? null,
    arxivVersion: ref?.version ?? null,
    doi: null,
    links,
    categories: null,
  };
}

/**
 * The day of the list. In order: the envelope's `date`; the day papers were submitted to the
 * list (`paper.submittedOnDailyAt`, from 2025-03); else the day they were posted (top-level
 * `publishedAt`). Hugging Face's list day starts before midnight UTC: the saved lists hold
 * papers posted from about 22:00 UTC the evening before, so that is where we cut the day.
 */
function setDigestDate(out: ParsedDigest, envelopeDate: string | null, daily: string[], posted: string[], fileName?: string | null): void {
  if (envelopeDate) {
    out.date = envelopeDate;
    return;
  }
  const submitted = mostCommon(daily);
  if (submitted) {
    out.date = submitted;
    return;
  }
  const shifted = posted.map((t) => shiftedDay(t)).filter((d): d is string => d !== null);
  if (shifted.length === 0) {
    const fromName = fileNameDate(fileName);
    if (fromName) {
      out.date = fromName;
      out.dateNote = 'The file gives no date for the list; taken from the file name.';
    }
    return;
  }
  const plain = posted.map((t) => datePart(t)).filter((d): d is string => d !== null);
  const sorted = [...posted].sort();
  const [first, last] = [sorted[0]!.slice(0, 16).replace('T', ' '), sorted.at(-1)!.slice(0, 16).replace('T', ' ')];
  const range = first === last ? `at ${first} UTC` : `between ${first} and ${last} UTC`;
  const fromName = fileNameDate(fileName);
  if (fromName && (shifted.includes(fromName) || plain.includes(fromName))) {
    out.date = fromName;
    out.dateNote = `The file gives no date for the list; taken from the file name (the papers were posted to the list ${range}).`;
    return;
  }
  out.date = mostCommon(shifted);
  out.dateNote =
    `The file gives no date for the list; taken as the day most of its papers were posted (${range}; posts after 22:00 UTC count for the next day, as on Hugging Face).` +
    (fromName ? ` The file name says ${fromName}.` : '');
}

function shiftedDay(timestamp: string): string | null {
  const t = Date.parse(timestamp);
  if (!Number.isFinite(t)) return datePart(timestamp);
  return new Date(t + 2 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Some scraped records were escaped twice: after evaluation their text still holds the two
 * characters "\n" instead of line breaks. Such text has no real line break and either a "\n" that
 * cannot start a TeX command (followed by a capital, digit, space or punctuation) or several of
 * them (a wrapped abstract); undo one more level.
 */
function undoDoubleEscape(item: JsonObject): void {
  const fix = (o: JsonObject, key: string): void => {
    const v = o[key];
    if (typeof v !== 'string' || /[\n\r]/.test(v)) return;
    if (/\\n(?![a-z])/.test(v) || (v.match(/\\n/g)?.length ?? 0) >= 3) o[key] = unescapeOnce(v);
  };
  fix(item, 'title');
  fix(item, 'summary');
  if (isObject(item.paper)) {
    fix(item.paper, 'title');
    fix(item.paper, 'summary');
  }
}

function unescapeOnce(s: string): string {
  return s.replace(/\\([\\'"nrt])/g, (_all, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}
