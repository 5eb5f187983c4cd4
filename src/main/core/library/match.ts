import type { ReadableDB } from '../db/handles';
import type { ParsedEntry } from '../../../shared/parsed';
import { aliasLookup } from '../resolve/facts';
import { titleKey } from '../text/normalize';

type MatchedBy = 'arxiv' | 'doi' | 'title';
export interface Match {
  paperId: number;
  by: MatchedBy;
}

/** Finds the paper a parsed entry is the same work as: arXiv id, then DOI, then title. */
export function makeMatcher(db: ReadableDB): (e: ParsedEntry, key?: string) => Match | null {
  const byArxiv = db.prepare('SELECT id FROM paper WHERE arxiv_id = ?').pluck();
  const byDoi = db.prepare('SELECT id FROM paper WHERE doi = ? ORDER BY id LIMIT 1').pluck();
  const byTitle = db.prepare('SELECT id FROM paper WHERE title_key = ? ORDER BY id LIMIT 1').pluck();
  // A work's other ids (its preprint's, its published version's): importing either finds the paper.
  const byAlias = aliasLookup(db);
  return (e, key = titleKey(e.title)) => {
    if (e.arxivId) {
      const id = (byArxiv.get(e.arxivId) as number | undefined) ?? byAlias('arxiv', e.arxivId) ?? undefined;
      if (id !== undefined) return { paperId: id, by: 'arxiv' };
    }
    if (e.doi) {
      const id = (byDoi.get(e.doi) as number | undefined) ?? byAlias('doi', e.doi) ?? undefined;
      if (id !== undefined) return { paperId: id, by: 'doi' };
    }
    if (key) {
      const id = byTitle.get(key) as number | undefined;
      if (id !== undefined) return { paperId: id, by: 'title' };
    }
    return null;
  };
}

/** The keys under which two entries of one digest are the same paper. */
export function entryKeys(e: ParsedEntry, key: string): string[] {
  const keys: string[] = [];
  if (e.arxivId) keys.push(`a:${e.arxivId}`);
  if (e.doi) keys.push(`d:${e.doi}`);
  if (key) keys.push(`t:${key}`);
  return keys;
}
