/** Collapses runs of white space (arXiv's hard wraps included) and NFC-normalises. */
export function cleanText(s: string): string {
  return s.replace(/\s+/gu, ' ').trim().normalize('NFC');
}

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
