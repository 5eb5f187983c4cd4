import type { ReadableDB } from '../db/handles';
import { LecternError } from '../../../shared/errors';
import type { ParsedTarget } from '../../../shared/query';
import { resolveRef } from './papers';
import { whereSql } from './query-plan';
import { buildFilter, countMatches, windowIds } from './window';

/**
 * Resolves a target into the connection's temporary table `sel`, in SQL: a "select all" over a
 * filter of 100,000 papers never leaves the database. Call inside the action's transaction;
 * returns how many papers are selected. Every ref must name a paper (or nothing happens); ids of
 * papers that no longer exist are dropped.
 */
export function selectInto(db: ReadableDB, target: ParsedTarget, now: Date): number {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS sel (id INTEGER PRIMARY KEY)');
  db.exec('DELETE FROM temp.sel');
  const ids = [...refIds(db, target.refs), ...target.ids];
  if (ids.length) db.prepare('INSERT OR IGNORE INTO temp.sel (id) SELECT p.id FROM json_each(?) j JOIN paper p ON p.id = j.value').run(JSON.stringify(ids));
  const q = target.query;
  if (q && q.offset == null && q.limit == null) {
    const f = buildFilter(db, q, now);
    db.prepare(`INSERT OR IGNORE INTO temp.sel (id) SELECT p.id FROM paper p ${whereSql(f)}`).run(f.params);
  } else if (q) {
    db.prepare('INSERT OR IGNORE INTO temp.sel (id) SELECT value FROM json_each(?)').run(JSON.stringify(queryIds(db, target, now)));
  }
  if (target.except.length) db.prepare('DELETE FROM temp.sel WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(target.except));
  return db.prepare('SELECT count(*) FROM temp.sel').pluck().get() as number;
}

/**
 * The target's papers as ids, in its order: those named (refs, then ids) as given, then the
 * query's rows in the query's order, without the excepted ones. For actions whose order shows
 * (the download queue fetches in it).
 */
export function targetIds(db: ReadableDB, target: ParsedTarget, now: Date): number[] {
  const except = new Set(target.except);
  const out = new Set<number>();
  const exists = db.prepare('SELECT 1 FROM paper WHERE id = ?').pluck();
  for (const id of refIds(db, target.refs)) out.add(id);
  for (const id of target.ids) if (exists.get(id)) out.add(id);
  if (target.query) for (const id of queryIds(db, target, now)) out.add(id);
  return [...out].filter((id) => !except.has(id));
}

/** Whether the target names its papers (refs or ids) rather than matching them by a query. */
export function namesPapers(target: ParsedTarget): boolean {
  return target.refs.length > 0 || target.ids.length > 0;
}

/** How many papers a target holds, without changing anything. */
export function countTarget(db: ReadableDB, target: ParsedTarget, now: Date): number {
  return db.transaction(() => selectInto(db, target, now))();
}

function refIds(db: ReadableDB, refs: string[]): number[] {
  return refs.map((ref) => {
    const id = resolveRef(db, ref);
    if (id === null) throw new LecternError('NOT_FOUND', `No paper "${ref}" in this library (a ref is an id, an arXiv id or a DOI). Nothing was changed.`, ref);
    return id;
  });
}

/** The query's rows in its order: all of them, or the window [offset, offset + limit) (a shift-click range). */
function queryIds(db: ReadableDB, target: ParsedTarget, now: Date): number[] {
  const q = target.query!;
  const offset = q.offset ?? 0;
  const total = countMatches(db, q, now);
  if (offset >= total) return [];
  return windowIds(db, q, now, total, offset, q.limit ?? total - offset);
}
