import { findLinks } from '../../text/links';
import { parseArxivId, normalizeDoi, type ArxivRef } from '../../text/ids';
import { monthNumber } from '../../text/normalize';

/**
 * Pieces shared by the reference-manager formats (BibTeX, RIS): the fields differ, but the
 * arXiv ids, DOIs, dates and "Family, Given" names hidden in them are written the same way.
 */

const ID = String.raw`(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?`;
// "arXiv:2306.06918 [cs]", "arXiv preprint arXiv:2411.13560", "arXiv: hep-th/9901001v2"
const ARXIV_IN_TEXT = new RegExp(String.raw`\barxiv\s*:\s*${ID}(?![\d.])`, 'i');
// https://arxiv.org/abs/2411.13560, .../pdf/2411.13560v2.pdf, the converter's .../abs/arXiv:2411.13560
const ARXIV_URL = new RegExp(String.raw`arxiv\.org\/(?:abs|pdf|html)\/(?:arxiv:)?${ID}`, 'i');
// 10.48550/arXiv.2207.09434, 10.48550/arXiv.astro-ph/0210394
const ARXIV_DOI = new RegExp(String.raw`^10\.48550\/arxiv\.${ID}$`, 'i');

function ref(m: RegExpExecArray | null): ArxivRef | null {
  if (!m) return null;
  // Old-style ids: archive lower-case, subject class upper-case (math.GT/0309136), whatever case the text had.
  const id = m[1]!.replace(/^([a-z-]+)(?:\.([a-z]{2}))?\//i, (_s, a: string, b?: string) => `${a.toLowerCase()}${b ? `.${b.toUpperCase()}` : ''}/`);
  const parsed = parseArxivId(id);
  return parsed ? { id: parsed.id, version: m[2] ? Number(m[2]) : null } : null;
}

export function arxivFromText(s: string | null | undefined): ArxivRef | null {
  return s ? ref(ARXIV_IN_TEXT.exec(s.slice(0, 10_000))) : null;
}

export function arxivFromUrl(s: string | null | undefined): ArxivRef | null {
  return s ? ref(ARXIV_URL.exec(s.slice(0, 10_000))) : null;
}

// ADS bibcodes of arXiv preprints: 2021arXiv211010164D (2110.10164), 2009arXiv0912.0201L (0912.0201).
const ADS_BIBCODE = /\b\d{4}arXiv(?:(\d{4})(\d{5})|(\d{4})\.(\d{4}))[A-Z.]/;

/** The arXiv id in an ADS bibcode (in ADS URLs and "ADS Bibcode:" notes), or null. */
export function arxivFromBibcode(s: string | null | undefined): ArxivRef | null {
  const m = s ? ADS_BIBCODE.exec(s.slice(0, 10_000)) : null;
  if (!m) return null;
  const id = m[1] ? `${m[1]}.${m[2]}` : `${m[3]}.${m[4]}`;
  return parseArxivId(id);
}

/** The arXiv id a normalised DOI stands for (10.48550/arxiv.X), or null. */
export function arxivFromDoi(doi: string | null | undefined): ArxivRef | null {
  if (!doi) return null;
  return ref(ARXIV_DOI.exec(doi));
}

/** A DOI from a field that may be a bare DOI, "doi:…" or a resolver URL. */
export function doiFrom(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = s.trim().slice(0, 1000);
  return normalizeDoi(t) ?? normalizeDoi(t.replace(/^https?:\/\/(?:www\.)?(?:dx\.)?doi\.org\//i, '')) ?? null;
}

/**
 * A person as a display name "Given Family" from the forms reference managers write:
 * "Family, Given", "Family, Suffix, Given" (BibTeX), "Family, Given, Suffix" (RIS) or
 * "Given Family" as it is. `suffixLast` picks the RIS order.
 */
export function displayName(raw: string, suffixLast = false): string | null {
  return nameFromParts(raw.split(','), suffixLast);
}

/** The same, from the comma-separated parts already split (BibTeX splits outside braces only). */
export function nameFromParts(rawParts: string[], suffixLast = false): string | null {
  const parts = rawParts.map((p) => p.trim());
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) name = `${parts[1]} ${parts[0]}`;
  else if (suffixLast) name = `${parts[1]} ${parts[0]} ${parts.slice(2).join(' ')}`;
  else name = `${parts.slice(2).join(' ')} ${parts[0]} ${parts[1]}`;
  if (/\s\s|[^\S ]/.test(name)) name = name.replace(/\s+/gu, ' ');
  name = name.trim();
  if (!name || (name.length === 6 && name.toLowerCase() === 'others')) return null;
  return /[\u0080-\uffff]/.test(name) ? name.normalize('NFC') : name;
}

/**
 * A date from the usual partial forms: "2014/04/03/", "2017///", "2020-05-15", "2020-05",
 * "2019", "2014/04/03/Spring". Missing month or day become 01, because a paper's date is
 * stored as YYYY-MM-DD; the year is what matters for sorting and facets.
 */
export function dateFromParts(year: string | null | undefined, month?: string | null, day?: string | null): string | null {
  const y = year ? /\b(\d{4})\b/.exec(year)?.[1] : undefined;
  if (!y) return null;
  let m = 1;
  if (month) {
    const t = month.trim();
    m = /^\d{1,2}\b/.test(t) ? Number(/^\d{1,2}/.exec(t)![0]) : monthNumber(t) ?? 1;
    if (m < 1 || m > 12) m = 1;
  }
  let d = 1;
  if (day && /^\d{1,2}$/.test(day.trim())) d = Number(day.trim());
  if (d > daysIn(Number(y), m)) d = 1;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** "2014/04/03/", "2017///", "2020-05-15", "2020-05", "2020", ranges "2020-05-15/2020-05-20". */
export function dateFromString(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = /^\s*(\d{4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?)?/.exec(s);
  if (!m) return dateFromParts(s);
  return dateFromParts(m[1], m[2] ?? null, m[3] ?? null);
}

/**
 * The links worth keeping: every http(s) URL given, plus those in the abstract, minus the
 * arXiv and doi.org pages of the paper itself (those are its ids).
 */
export function paperLinks(urls: (string | null | undefined)[], abstract: string | null): string[] {
  const out = new Set<string>();
  for (const u of urls) for (const l of u ? findLinks(u.slice(0, 10_000)) : []) out.add(l);
  if (abstract) for (const l of findLinks(abstract)) out.add(l);
  return [...out].filter((l) => !/^https?:\/\/(?:[\w-]+\.)?(?:arxiv\.org\/(?:abs|pdf)\/|(?:dx\.)?doi\.org\/)/i.test(l));
}

/**
 * arXiv categories from Zotero's bracket list ("[astro-ph, physics:gr-qc]", "[cs, stat]") or
 * a primaryclass field ("cs.LG", "astro-ph, physics:gr-qc"). "physics:hep-th" is group:archive.
 */
// Archive names that are never a paper's category on their own (cs.LG is; "cs" is not).
const GROUPS_ONLY = new Set(['cs', 'stat', 'math', 'physics', 'q-bio', 'q-fin', 'econ', 'eess', 'nlin']);

export function arxivCategories(...lists: (string | null | undefined)[]): string[] | null {
  const out: string[] = [];
  for (const list of lists) {
    if (!list) continue;
    for (const raw of list.slice(0, 1000).split(/[,;]/)) {
      const c = raw.trim().replace(/^[a-z-]+:/i, '');
      if (/^[a-z-]+(?:\.[A-Za-z-]+)?$/.test(c) && !GROUPS_ONLY.has(c) && !out.includes(c)) out.push(c);
    }
  }
  return out.length ? out : null;
}

/** The bracketed category list after an arXiv id: "arXiv:2006.06872 [gr-qc, physics:hep-th]". */
export function bracketCategories(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = /\barxiv\s*:\s*\S+\s*\[([^\]]{1,300})\]/i.exec(s.slice(0, 10_000));
  return m ? m[1]! : null;
}

/** Fixes text that was UTF-8 read as Latin-1 once ("300Â°C", "400-500Â nm", "Ã©"). */
export function repairMojibake(s: string): string {
  if (!/[\u00c2-\u00f4]/u.test(s)) return s;
  return (
    s
      // Two- and three-byte UTF-8 sequences shown as Latin-1 characters.
      .replace(/[\u00c2-\u00df][\u0080-\u00bf]|[\u00e0-\u00ef][\u0080-\u00bf]{2}/gu, (m) => {
        const bytes = Uint8Array.from(m, (ch) => ch.charCodeAt(0));
        try {
          return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          return m;
        }
      })
      // "500Ânm": the no-break space after Â was lost on the way; Â never sits between a number and its unit.
      .replace(/(?<=\d)\u00c2(?=\p{L})/gu, ' ')
  );
}

// The mail converter's "\\ ( https://arxiv.org/abs/2411.13560 , 31214kb)" at the end of abstracts.
const CONVERTER_TAIL = /(?:\\\\)?[ \t\r\n]*\([ \t]*https?:\/\/[^\s,()]+[ \t]*,[ \t]*\d+[ \t]*kb[ \t]*\)\s*$/i;

/** Removes that tail. Only the end of the text is searched, so a huge abstract costs nothing. */
export function stripConverterTail(s: string): string {
  const cut = Math.max(0, s.length - 400);
  const m = CONVERTER_TAIL.exec(s.slice(cut));
  return m ? s.slice(0, cut + m.index).trimEnd() : s;
}

export function baseName(fileName: string | null | undefined): string | null {
  if (!fileName) return null;
  return fileName.split(/[\\/]/).pop() || null;
}

export function clip(s: string, n = 60): string {
  const t = s.slice(0, n * 4 + 100).replace(/\s+/gu, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}
