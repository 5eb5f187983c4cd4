import type { ExportPaper, ExportWriter } from './types';
import { arxivAbsUrl } from './types';
import { splitName } from './names';

function cslName(name: string): Record<string, string> {
  const n = splitName(name);
  return n.literal || !n.given ? { literal: n.family } : { family: n.family, given: n.given };
}

/**
 * One CSL-JSON item, as Better CSL JSON shapes an arXiv preprint (type "article", the id in
 * `number` and the URL). What CSL has no field for (reading status, digests, extra links) goes
 * under `custom`, the schema's place for application data.
 */
function item(p: ExportPaper): Record<string, unknown> {
  const it: Record<string, unknown> = { id: p.citeKey, 'citation-key': p.citeKey, type: 'article', title: p.title };
  if (p.authors?.length) it.author = p.authors.map(cslName);
  const date = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(p.published ?? '');
  if (date) it.issued = { 'date-parts': [date.slice(1).filter(Boolean).map(Number)] };
  if (p.abstract) it.abstract = p.abstract;
  if (p.doi) it.DOI = p.doi;
  if (p.arxivId) {
    it.number = `arXiv:${p.arxivId}`;
    it.publisher = 'arXiv';
  }
  const url = p.arxivId ? arxivAbsUrl(p.arxivId) : p.links[0];
  if (url) it.URL = url;
  if (p.categories?.length) it.keyword = p.categories.join(', ');
  it.custom = {
    lectern: {
      status: p.status,
      readAt: p.readAt,
      addedAt: p.addedAt,
      upvotes: p.upvotes,
      authorCount: p.authorCount,
      arxivVersion: p.arxivVersion,
      links: p.links,
      digests: p.digests.map((d) => d.name),
    },
  };
  return it;
}

/** A JSON array, one item per line (as Zotero writes it), so large exports stay diffable. */
export const writeCslJson: ExportWriter = (papers) => {
  const parts: string[] = [];
  for (const p of papers) parts.push(JSON.stringify(item(p)));
  return parts.length ? `[\n${parts.join(',\n')}\n]\n` : '[]\n';
};
