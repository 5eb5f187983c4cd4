import type { PaperRow } from '../../shared/model';

export function authorsText(r: Pick<PaperRow, 'authors' | 'authorCount'>): string {
  if (r.authors && r.authors.length) {
    return r.authors.length > 3 ? `${r.authors.slice(0, 3).join(', ')} et al.` : r.authors.join(', ');
  }
  if (r.authorCount != null) return `${r.authorCount} author${r.authorCount === 1 ? '' : 's'}`;
  return '';
}

export function shortDate(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '';
}

/** Only http(s) URLs become links; anything else is shown as text. */
export function safeHref(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
