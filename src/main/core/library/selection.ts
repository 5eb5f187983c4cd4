import type { Database } from 'better-sqlite3';
import { LecternError } from '../../../shared/errors';
import { resolveRef } from './papers';

export interface Selection {
  refs?: string[] | null;
  digestId?: number | null;
  all?: boolean | null;
}

/** The papers an action names: refs (all must exist), a digest in its order, or everything. */
export function selectPaperIds(db: Database, sel: Selection): number[] {
  if (sel.refs?.length) {
    const ids: number[] = [];
    for (const ref of sel.refs) {
      const id = resolveRef(db, ref);
      if (id === null) throw new LecternError('NOT_FOUND', `No paper "${ref}" in this library (a ref is an id, an arXiv id or a DOI). Nothing was changed.`, ref);
      ids.push(id);
    }
    return [...new Set(ids)];
  }
  if (sel.digestId != null) {
    if (!db.prepare('SELECT 1 FROM digest WHERE id = ?').get(sel.digestId)) throw new LecternError('NOT_FOUND', `No digest #${sel.digestId} in this library.`);
    return db.prepare('SELECT paper_id FROM paper_digest WHERE digest_id = ? ORDER BY rank').pluck().all(sel.digestId) as number[];
  }
  if (sel.all) return db.prepare('SELECT id FROM paper ORDER BY last_digest_id DESC, id').pluck().all() as number[];
  throw new LecternError('BAD_INPUT', 'Say which papers: refs, a digest, or all.');
}
