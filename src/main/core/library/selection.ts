import type { Database } from 'better-sqlite3';
import { LecternError } from '../../../shared/errors';
import { resolveRef } from './papers';
import type { ParsedSelection } from '../../../shared/query';
import { buildFilter, countMatches, whereSql, windowIds } from './filter';

export interface Selection {
  refs?: string[] | null;
  digestId?: number | null;
  all?: boolean | null;
  /** The table's selection (ids, a query's rows, exceptions). */
  selection?: ParsedSelection | null;
}

/** The papers an action names: refs (all must exist), a digest in its order, everything, or the table's selection. */
export function selectPaperIds(db: Database, sel: Selection, now = new Date()): number[] {
  if (sel.selection) {
    const table = sel.selection;
    return db.transaction(() => {
      selectInto(db, table, now);
      return db.prepare('SELECT id FROM temp.sel ORDER BY id').pluck().all() as number[];
    })();
  }
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
  throw new LecternError('BAD_INPUT', 'Say which papers: refs, a digest, all, or a selection.');
}

/**
 * Resolves a selection into the connection's temporary table `sel`, in SQL: a "select all" over
 * a filter of 100,000 papers never leaves the database. Call inside the action's transaction;
 * returns how many papers are selected. Ids of papers that no longer exist are dropped.
 */
export function selectInto(db: Database, sel: ParsedSelection, now: Date): number {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS sel (id INTEGER PRIMARY KEY)');
  db.exec('DELETE FROM temp.sel');
  if (sel.ids.length) {
    db.prepare('INSERT OR IGNORE INTO temp.sel (id) SELECT p.id FROM json_each(?) j JOIN paper p ON p.id = j.value').run(JSON.stringify(sel.ids));
  }
  if (sel.query) {
    const q = sel.query;
    if (q.offset != null || q.limit != null) {
      // A range of rows (shift-click) in the table's order.
      const offset = q.offset ?? 0;
      const total = countMatches(db, q, now);
      const ids = windowIds(db, q, now, total, offset, q.limit ?? Math.max(1, total - offset));
      db.prepare('INSERT OR IGNORE INTO temp.sel (id) SELECT value FROM json_each(?)').run(JSON.stringify(ids));
    } else {
      const f = buildFilter(db, q, now);
      db.prepare(`INSERT OR IGNORE INTO temp.sel (id) SELECT p.id FROM paper p ${whereSql(f)}`).run(f.params);
    }
  }
  if (sel.except.length) db.prepare('DELETE FROM temp.sel WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(sel.except));
  return db.prepare('SELECT count(*) FROM temp.sel').pluck().get() as number;
}

/** How many papers a selection holds, without changing anything. */
export function countSelection(db: Database, sel: ParsedSelection, now: Date): number {
  return db.transaction(() => selectInto(db, sel, now))();
}
