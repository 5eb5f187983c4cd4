import type { Database } from 'better-sqlite3';
import type { ParsedSelection } from '../../../shared/query';
import { buildFilter, countMatches, whereSql, windowIds } from './filter';

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
