import type { Database } from 'better-sqlite3';
import type { ReadableDB } from '../db/handles';
import { columnsOf } from '../db/columns';

/** Writes that add up to this many rows index them before they answer; larger ones in the background. */
export const INDEX_INLINE = 5000;

/**
 * New papers enter the search index in batches after they are committed, so a large import
 * commits quickly and the UI can read between batches. The watermark moves in the same
 * transaction as the rows it covers, so a crash never leaves rows indexed twice or skipped.
 */
export function indexPending(db: Database, batch = 5000): { indexed: number; pending: boolean } {
  const step = db.transaction(() => {
    const upto = db.prepare("SELECT value FROM meta WHERE key = 'fts_indexed_upto'").pluck().get() as number;
    const last = db.prepare('SELECT max(id) FROM (SELECT id FROM paper WHERE id > ? ORDER BY id LIMIT ?)').pluck().get(upto, batch) as number | null;
    if (last === null) return 0;
    const indexed = indexRows(db, 'id > ? AND id <= ?', upto, last);
    db.prepare("UPDATE meta SET value = ? WHERE key = 'fts_indexed_upto'").run(last);
    return indexed;
  });
  const indexed = step.immediate();
  return { indexed, pending: hasPending(db) };
}

export function hasPending(db: ReadableDB): boolean {
  return (
    db.prepare("SELECT EXISTS (SELECT 1 FROM paper WHERE id > (SELECT value FROM meta WHERE key = 'fts_indexed_upto'))").pluck().get() === 1
  );
}

export function indexAll(db: Database): number {
  let total = 0;
  for (;;) {
    const r = indexPending(db, 20000);
    total += r.indexed;
    if (!r.pending) return total;
  }
}

/**
 * Puts the rows of paper that `where` selects into the search index. The index has external
 * content over paper, so its columns are paper's columns of the same names (which ones depends on
 * the schema's version: notes joined in 007).
 */
export function indexRows(db: Database, where: string, ...params: unknown[]): number {
  const cols = columnsOf(db, 'paper_fts').map((c) => `"${c}"`).join(', ');
  return db.prepare(`INSERT INTO paper_fts (rowid, ${cols}) SELECT id, ${cols} FROM paper WHERE ${where}`).run(...params).changes;
}
