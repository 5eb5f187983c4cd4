import { LecternError } from '../../../../shared/errors';
import type { DigestFormat, ParsedDigest, ParsedEntry, ParseContext } from '../../../../shared/parsed';
import { parseArxivId, normalizeDoi } from '../../text/ids';
import { findLinks } from '../../text/links';
import { cleanText, isoDate, monthNumber } from '../../text/normalize';
import { decodeTexAccents } from '../../text/tex';

/**
 * arXiv's daily listing mail ("cs daily Subj-class mailing"), as sent or as pasted:
 *
 *   ------------------------------------------------------------------------------   (78 dashes)
 *   \\
 *   arXiv:2303.09406 (*cross-listing*)
 *   Date: Tue, 7 Mar 2023 17:24:04 GMT   (12840kb,D)       <- or "replaced with revised version …"
 *
 *   Title: Stock Price Prediction Using …                  <- fields wrap onto lines starting with
 *   Authors: Chang Liu and Sandra Paterlini                    two spaces, even inside a name
 *   Categories: q-fin.ST cs.LG q-fin.CP
 *   \\
 *     Abstract …                                           <- replacements often have none
 *   \\ ( https://arxiv.org/abs/2303.09406 ,  12840kb)
 *
 * "%-%-%…" opens the cross-lists, "%%--%%--…" the replacements, "%%%---%%%---…" ends the mail.
 */

const SEPARATOR_RE = /^\s*(?:-{20,}|%-%-%-|%%--%%--|%%%---%%%---)/;
const ID_LINE_RE = /^\s*(?:arXiv|Paper)\s*(?:\(\*cross-listing\*\)\s*)?:\s*(\S+)\s*(\(\*cross-listing\*\))?\s*$/i;
const FIELD_RE = /^([A-Za-z][A-Za-z-]*(?: \([^)]{0,40}\))?):\s?(.*)$/;
const CLOSE_RE = /^\s*\\\\\s*\(\s*(https?:\/\/\S+?)\s*,\s*([^)]*)\)\s*$/;
const REPLACED_RE = /^\s*replaced with revised version\b/i;
const MAIL_HEADER_RE = /^([A-Za-z][\w-]*):[ \t]*(.*)$/;

interface ArxivEmailHints {
  /** The mail's decoded Subject, when the caller read it from the headers. */
  subject?: string | null;
  /** The mail's Date header. */
  date?: string | null;
}

export const arxivEmailFormat: DigestFormat = {
  id: 'arxiv-email',
  label: 'arXiv listing e-mail',
  detect(text) {
    return detectArxivListing(text);
  },
  parse(text, ctx) {
    return parseArxivEmail(text, ctx);
  },
};

/** 0.95 when arXiv's entry layout is there, 0.6 for a listing's preamble alone, else 0. */
export function detectArxivListing(text: string): number {
  const head = text.slice(0, 200_000);
  if (/^[ \t]*\\\\[ \t]*\r?\n[ \t]*(?:arXiv|Paper)[ \t]*(?:\(\*cross-listing\*\)[ \t]*)?:[ \t]*\S+[^\n]*\r?\n[ \t]*(?:Date|From|replaced with)/im.test(head)) return 0.95;
  if (/Subj-class mailing|^\s*received from\s+\w{3}\s+\d{1,2}\s+\w{3}\s+\d{2,4}/im.test(head) && /Submissions to:/i.test(head)) return 0.6;
  return 0;
}

export function parseArxivEmail(text: string, ctx: ParseContext, hints: ArxivEmailHints = {}): ParsedDigest {
  const where = ctx.fileName ?? 'input';
  const lines: string[] = text.split(/\r\n|\r|\n/u);
  const out: ParsedDigest = { format: 'arxiv-email', entries: [], problems: [] };

  // Mail headers, when the text starts with them (arXiv's own mailing files keep Date: and Subject:).
  let subject = hints.subject ?? null;
  let dateHeader = hints.date ?? null;
  let start = 0;
  if (lines.length && MAIL_HEADER_RE.test(lines[0]!) && !ID_LINE_RE.test(lines[0]!)) {
    let k = 0;
    let last: string | null = null;
    const headers = new Map<string, string>();
    for (; k < lines.length && k < 500; k++) {
      const t = lines[k]!;
      if (t.trim() === '') break;
      if (/^[ \t]/.test(t) && last) {
        headers.set(last, `${headers.get(last)} ${t.trim()}`);
        continue;
      }
      const m = MAIL_HEADER_RE.exec(t);
      if (!m) break;
      last = m[1]!.toLowerCase();
      if (!headers.has(last)) headers.set(last, m[2]!.trim());
    }
    if (k < lines.length && lines[k]!.trim() === '') {
      subject ??= headers.get('subject') ?? null;
      dateHeader ??= headers.get('date') ?? null;
      start = k + 1;
    }
  }

  // Preamble: the list's archive and the date range of the submissions.
  let archive: string | null = null;
  let rangeEnd: string | null = null;
  let rangeLine = 0;
  const firstEntry = findEntryStart(lines, start);
  for (let k = start; k < (firstEntry < 0 ? Math.min(lines.length, start + 200) : firstEntry); k++) {
    const t = lines[k]!;
    const unsub = /e-mail To:\s*([A-Za-z.-]+)@arXiv\.org/i.exec(t);
    if (unsub && !archive) archive = unsub[1]!;
    const range = /received from\s+(.+?)\s+to\s+\w{3}\s+(\d{1,2})\s+(\w{3})\s+(\d{2,4})/i.exec(t);
    if (range && !rangeEnd) {
      const month = monthNumber(range[3]!);
      rangeEnd = month ? isoDate(fullYear(Number(range[4])), month, Number(range[2])) : null;
      rangeLine = k + 1;
    }
  }
  const subj = subject ? /^\s*(\S+)\s+daily\b/i.exec(subject) : null;
  const listName = subj ? subj[1]! : archive;

  const seen = new Set<string>();
  let k = firstEntry;
  while (k >= 0 && k < lines.length) {
    const res = readEntry(lines, k);
    if (res.entry) {
      const key = res.entry.arxivId!;
      if (!seen.has(key)) {
        seen.add(key);
        out.entries.push(res.entry);
      }
    } else if (res.problem) {
      out.problems.push(res.problem);
    }
    k = findEntryStart(lines, res.next);
  }

  if (out.entries.length === 0 && out.problems.length === 0) {
    const looksLikeListing = detectArxivListing(text) > 0;
    if (!looksLikeListing) {
      throw new LecternError(
        'UNREADABLE',
        `${where} line 1: this is not an arXiv listing mail (no "\\\\" + "arXiv:<id>" entries and no listing preamble). Nothing was imported.`,
        `${where}:1`,
      );
    }
  }

  const mailDate = dateHeader ? parseMailDate(dateHeader) : null;
  if (mailDate) {
    out.date = mailDate;
  } else if (rangeEnd) {
    out.date = rangeEnd;
    out.dateNote = `The mail has no Date header; taken as ${rangeEnd}, the end of the submission window in its preamble (line ${rangeLine}).`;
  }
  out.name = `arXiv${listName ? ` ${listName}` : ''}${out.date ? ` ${out.date}` : ' listing'}`;
  return out;
}

/** The index of the next "arXiv:<id>" line that opens an entry (after "\\"), or -1. */
function findEntryStart(lines: string[], from: number): number {
  for (let k = Math.max(0, from); k < lines.length; k++) {
    const t = lines[k]!;
    if (t.length > 200 || !ID_LINE_RE.test(t)) continue;
    let p = k - 1;
    while (p >= 0 && lines[p]!.trim() === '') p--;
    if (p < 0 || lines[p]!.trim() === '\\\\' || SEPARATOR_RE.test(lines[p]!)) return k;
  }
  return -1;
}

type EntryResult = { entry?: ParsedEntry; problem?: { line: number; entry?: string; reason: string }; next: number };

function readEntry(lines: string[], at: number): EntryResult {
  const idText = lines[at]!;
  const idLineNo = at + 1;
  const idMatch = ID_LINE_RE.exec(idText)!;
  const rawId = idMatch[1]!;
  const fields = new Map<string, string>();
  let lastField: string | null = null;
  let k = at + 1;
  let state: 'header' | 'abstract' | 'done' = 'header';
  const abstract: string[] = [];
  let closedBy: 'close' | 'separator' | 'next' | 'eof' = 'eof';

  for (; k < lines.length; k++) {
    const t = lines[k]!;
    if (CLOSE_RE.test(t)) {
      closedBy = 'close';
      k++;
      break;
    }
    if (SEPARATOR_RE.test(t)) {
      closedBy = 'separator';
      break;
    }
    if (t.trim() === '\\\\') {
      // Either the start of the abstract, or (in a cut copy) the next entry's opener.
      if (state === 'header') {
        if (k + 1 < lines.length && ID_LINE_RE.test(lines[k + 1]!)) {
          closedBy = 'next';
          break;
        }
        state = 'abstract';
        continue;
      }
      closedBy = 'next';
      break;
    }
    if (state === 'abstract') {
      abstract.push(t);
      continue;
    }
    // Header lines.
    if (t.trim() === '') {
      lastField = null;
      continue;
    }
    // A replacement's "replaced with revised version <date>" is the revision's date, not the
    // paper's publication date, so it is not used as `published`.
    if (REPLACED_RE.test(t)) continue;
    if (/^\s/.test(t) && lastField) {
      fields.set(lastField, `${fields.get(lastField)}\n${t}`);
      continue;
    }
    const f = FIELD_RE.exec(t);
    if (f) {
      lastField = f[1]!.toLowerCase();
      if (!fields.has(lastField)) fields.set(lastField, f[2]!);
      else lastField = null; // a repeated field: keep the first
    }
  }

  const title = fields.has('title') ? cleanText(decodeTexAccents(fields.get('title')!)) : '';
  const quote = title ? clip(title) : clip(idText.trim());
  const ref = parseArxivId(rawId.replace(/^arxiv:/i, ''));
  if (closedBy === 'eof') {
    return {
      problem: { line: idLineNo, entry: quote, reason: `the text ends inside this entry (no closing "\\\\ ( https://arxiv.org/abs/… )" line); the mail looks cut off` },
      next: k,
    };
  }
  if (!ref) return { problem: { line: idLineNo, entry: quote, reason: `"${clip(rawId, 40)}" is not an arXiv id` }, next: k };
  if (!title) return { problem: { line: idLineNo, entry: quote, reason: 'the entry has no Title: line' }, next: k };

  const authorsRaw = fields.get('authors');
  const authors = authorsRaw ? splitAuthors(authorsRaw) : null;
  const dateField = fields.get('date');
  const published = dateField ? parseMailDate(dateField) : null;
  const doiRaw = fields.get('doi');
  const doi = doiRaw ? (doiRaw.split(/\s+/).map((d) => normalizeDoi(d)).find((d) => d) ?? null) : null;
  const categories = fields.get('categories')?.trim().split(/\s+/).filter(Boolean) ?? null;
  const abstractText = abstract.length ? cleanText(decodeTexAccents(abstract.join('\n'))) : '';
  const comments = fields.get('comments') ?? '';
  const links = findLinks(`${comments}\n${abstractText}`).filter((u) => !/^https?:\/\/(?:www\.)?arxiv\.org\/(?:abs|pdf)\//i.test(u));

  return {
    entry: {
      line: idLineNo,
      title,
      abstract: abstractText || null,
      authors: authors && authors.length ? authors : null,
      published,
      arxivId: ref.id,
      arxivVersion: ref.version,
      doi,
      links,
      categories: categories && categories.length ? categories : null,
    },
    next: k,
  };
}

const SUFFIX_RE = /^(?:Jr\.?|Sr\.?|II|III|IV)$/;

/**
 * "A, B and C", "A, B, and C", "A and B and C", wrapped anywhere (even inside a name), with TeX
 * accents and parenthesised affiliations ("A (MIT), B ((1) Inria)").
 */
export function splitAuthors(raw: string): string[] {
  let s = decodeTexAccents(raw.replace(/\s+/g, ' '));
  // Affiliations in (possibly nested) parentheses.
  for (let guard = 0; guard < 5 && /\([^()]*\)/.test(s); guard++) s = s.replace(/\s*\([^()]*\)/g, '');
  s = s.replace(/[{}]/g, '').replace(/~/g, ' ');
  const parts = s
    .split(/\s*,\s*|\s+and\s+|\s*;\s*/)
    .map((p) => p.replace(/^and\s+/, '').trim())
    .filter(Boolean);
  const names: string[] = [];
  for (const p of parts) {
    if (SUFFIX_RE.test(p) && names.length) names[names.length - 1] += `, ${p}`;
    else if (!/^et al\.?$/i.test(p)) names.push(cleanText(p));
  }
  return names;
}

/**
 * "Fri, 17 Mar 23 00:51:30 GMT", "Thu, 7 Nov 2024 02:49:53 GMT   (31214kb,D)", RFC 2822
 * "Tue, 28 Jul 2026 09:15:02 -0500": the calendar day as written (no time-zone shift, since the
 * sender's day is the digest's day). Two-digit years are 19xx from 91 (arXiv began in 1991).
 */
export function parseMailDate(raw: string): string | null {
  const m = /(?:^|[\s,])(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4}|\d{2})(?!\d)/.exec(raw);
  if (m) {
    const month = monthNumber(m[2]!);
    return month ? isoDate(fullYear(Number(m[3])), month, Number(m[1])) : null;
  }
  const iso = /(\d{4})-(\d{2})-(\d{2})/.exec(raw);
  return iso ? isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3])) : null;
}

function fullYear(y: number): number {
  if (y >= 100) return y;
  return y >= 91 ? 1900 + y : 2000 + y;
}

function clip(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
