import { decodeEntities } from '../text/html';

/**
 * The PDF link a publisher's landing page declares for indexers (Google Scholar's
 * `<meta name="citation_pdf_url" content="…">`), made absolute against the page's URL; null when
 * the page has none.
 */
export function citationPdfUrl(html: string, pageUrl: string): string | null {
  const head = html.length > 2_000_000 ? html.slice(0, 2_000_000) : html;
  for (const m of head.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = m[0];
    const name = /\bname\s*=\s*["']?citation_pdf_url["'\s/>]/i.test(tag);
    if (!name) continue;
    const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const raw = content ? (content[1] ?? content[2] ?? content[3] ?? '') : '';
    if (!raw.trim()) continue;
    try {
      const u = new URL(decodeEntities(raw.trim()), pageUrl);
      if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
    } catch {}
  }
  return null;
}
