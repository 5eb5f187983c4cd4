import type { PaperRow, Status } from '../../shared/model';

export const STATUS_LABEL: Record<Status, string> = { unread: 'Unread', reading: 'Reading', read: 'Read' };
/** Where a click on a row's status pill moves it. */
export const NEXT_STATUS: Record<Status, Status> = { unread: 'reading', reading: 'read', read: 'unread' };

export function authorsText(r: Pick<PaperRow, 'authors' | 'authorCount'>): string {
  if (r.authors && r.authors.length) {
    return r.authors.length > 3 ? `${r.authors.slice(0, 3).join(', ')} et al.` : r.authors.join(', ');
  }
  if (r.authorCount != null) return `${r.authorCount} author${r.authorCount === 1 ? '' : 's'}`;
  return '';
}

const COUNT_FORMAT = new Intl.NumberFormat('en');

/** A count as the app shows it everywhere (12,345). One formatter for all: toLocaleString builds one per call. */
export function formatCount(n: number): string {
  return COUNT_FORMAT.format(n);
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

/** A search snippet from the core (hits between \u0002 and \u0003) as runs of text. */
export function snippetParts(snippet: string): { text: string; hit: boolean }[] {
  const out: { text: string; hit: boolean }[] = [];
  let at = 0;
  while (at < snippet.length) {
    const open = snippet.indexOf('\u0002', at);
    const close = open < 0 ? -1 : snippet.indexOf('\u0003', open + 1);
    if (open < 0 || close < 0) {
      out.push({ text: snippet.slice(at).replaceAll('\u0002', '').replaceAll('\u0003', ''), hit: false });
      break;
    }
    if (open > at) out.push({ text: snippet.slice(at, open).replaceAll('\u0003', ''), hit: false });
    out.push({ text: snippet.slice(open + 1, close), hit: true });
    at = close + 1;
  }
  return out.filter((p) => p.text !== '');
}

/** Keeps only the last few words before the first hit, so a narrow column still shows the hit. */
export function leadIn(parts: { text: string; hit: boolean }[], chars = 12): { text: string; hit: boolean }[] {
  const first = parts[0];
  if (!first || first.hit || first.text.length <= chars) return parts;
  const tail = first.text.slice(-chars);
  const cut = tail.indexOf(' ');
  return [{ text: `…${cut >= 0 && cut < tail.length - 1 ? tail.slice(cut + 1) : tail}`, hit: false }, ...parts.slice(1)];
}
