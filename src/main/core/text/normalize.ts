/** Collapses runs of white space (arXiv's hard wraps included) and NFC-normalises. */
export function cleanText(s: string): string {
  // Cheap scans first: most text has single spaces only and is ASCII, and a 100,000-paper
  // import (or a 10 MB hostile field) should not be copied piece by piece for nothing.
  let out = NEEDS_SPACING.test(s) ? s.replace(/\s+/g, ' ') : s;
  out = out.trim();
  return NON_ASCII.test(out) ? out.normalize('NFC') : out;
}

const NEEDS_SPACING = /[\t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}/;
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The key titles are matched on: no accents, no case, no punctuation, single spaces.
 * "Chain of Density  Prompting" and "chain-of-density prompting" are the same work.
 */
export function titleKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** 'Jul' / 'July' / 'jul.' -> 1..12, or null. */
export function monthNumber(name: string): number | null {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i < 0 ? null : i + 1;
}

/** YYYY-MM-DD for a valid calendar date, else null. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}
