import type { Database } from 'better-sqlite3';
import { LecternError } from '../../../shared/errors';
import type { Status } from '../../../shared/model';
import { indexRows } from '../search/fts';
import { ensureTags } from './tags';
import { restoreTableRows, saveColumns, saveTableRows, tablesReferencingPaper, undoAction, type Change, type UndoRecord } from './undo';

// The changes below act on the papers in temp.sel, inside the transaction that undoable() (undo.ts)
// opens at handler registration; each saves what it overwrites under the undo record it is given.

const plural = (n: number, one = 'paper') => `${n.toLocaleString('en')} ${one}${n === 1 ? '' : 's'}`;

/** Sets the reading status of the selected papers; read_at is the last time a paper became read. */
export function setStatus(db: Database, undo: UndoRecord, status: Status): Change {
  const undoId = undo.id;
  const where = 'id IN (SELECT id FROM temp.sel) AND status <> @status';
  saveColumns(db, undoId, ['status', 'status_changed_at', 'read_at'], where, { status });
  const changed = db
    .prepare(
      `UPDATE paper SET status = @status, status_changed_at = @now,
         read_at = CASE WHEN @status = 'read' THEN @now ELSE read_at END
       WHERE ${where}`,
    )
    .run({ status, now: undo.now }).changes;
  return { changed, label: `Marked ${plural(changed)} ${status}` };
}

export function setStarred(db: Database, undo: UndoRecord, starred: boolean): Change {
  const undoId = undo.id;
  const where = 'id IN (SELECT id FROM temp.sel) AND starred <> @starred';
  const params = { starred: starred ? 1 : 0 };
  saveColumns(db, undoId, ['starred'], where, params);
  const changed = db.prepare(`UPDATE paper SET starred = @starred WHERE ${where}`).run(params).changes;
  return { changed, label: `${starred ? 'Starred' : 'Unstarred'} ${plural(changed)}` };
}

/** Adds tags (by name, created when new) to the selected papers and removes others (by id). */
export function tagPapers(db: Database, undo: UndoRecord, add: string[], remove: number[]): Change {
  const undoId = undo.id;
  let added = 0;
  let removed = 0;
  const tags = ensureTags(db, add, undo.now);
  const saveCreated = db.prepare("INSERT INTO undo_row (action_id, tbl, data) VALUES (?, 'tag+', json_object('id', ?))");
  for (const t of tags) if (t.created) saveCreated.run(undoId, t.id);
  const saveAdded = db.prepare(
    `INSERT INTO undo_row (action_id, tbl, data) SELECT @undoId, 'paper_tag+', json_object('paper_id', s.id, 'tag_id', @tag)
     FROM temp.sel s WHERE NOT EXISTS (SELECT 1 FROM paper_tag WHERE paper_id = s.id AND tag_id = @tag)`,
  );
  const insert = db.prepare('INSERT OR IGNORE INTO paper_tag (paper_id, tag_id) SELECT id, ? FROM temp.sel');
  for (const t of tags) {
    saveAdded.run({ undoId, tag: t.id });
    added += insert.run(t.id).changes;
  }
  const saveRemoved = db.prepare(
    `INSERT INTO undo_row (action_id, tbl, data) SELECT @undoId, 'paper_tag-', json_object('paper_id', paper_id, 'tag_id', tag_id)
     FROM paper_tag WHERE tag_id = @tag AND paper_id IN (SELECT id FROM temp.sel)`,
  );
  const del = db.prepare('DELETE FROM paper_tag WHERE tag_id = ? AND paper_id IN (SELECT id FROM temp.sel)');
  for (const id of new Set(remove)) {
    saveRemoved.run({ undoId, tag: id });
    removed += del.run(id).changes;
  }
  const papers = (tbl: string) =>
    db.prepare("SELECT count(DISTINCT json_extract(data, '$.paper_id')) FROM undo_row WHERE action_id = ? AND tbl = ?").pluck().get(undoId, tbl) as number;
  const parts = [];
  if (tags.length) parts.push(`tagged ${plural(papers('paper_tag+'))} ${tags.map((t) => `“${t.name}”`).join(', ')}`);
  if (remove.length) parts.push(`removed ${remove.length === 1 ? 'a tag' : 'tags'} from ${plural(papers('paper_tag-'))}`);
  const label = parts.join('; ').replace(/^./, (c) => c.toUpperCase()) || 'No tags changed';
  return { changed: added + removed + tags.filter((t) => t.created).length, label };
}

/**
 * Removes the selected papers from the library. Everything that refers to them (their digests'
 * links, tags, status history, and whatever other features keep per paper) is saved first, so
 * the removal can be undone exactly.
 */
export function removePapers(db: Database, undo: UndoRecord): Change {
  const undoId = undo.id;
  saveTableRows(db, undoId, 'paper', 'id IN (SELECT id FROM temp.sel)');
  for (const r of tablesReferencingPaper(db)) {
    saveTableRows(db, undoId, r.table, `"${r.column}" IN (SELECT id FROM temp.sel)`);
    db.prepare(`DELETE FROM "${r.table}" WHERE "${r.column}" IN (SELECT id FROM temp.sel)`).run();
  }
  const changed = db.prepare('DELETE FROM paper WHERE id IN (SELECT id FROM temp.sel)').run().changes;
  // A new paper may now get the id of a removed one; it must not land below the search index's
  // watermark, where it would never be indexed.
  db.prepare("UPDATE meta SET value = min(value, (SELECT coalesce(max(id), 0) FROM paper)) WHERE key = 'fts_indexed_upto'").run();
  return { changed, label: `Removed ${plural(changed)}` };
}

/** Takes back an action: statuses, stars, tags or removed papers as they were. */
export function undo(db: Database, id: number): { label: string } {
  return undoAction(db, id, (a) => {
    if (a.kind === 'status' || a.kind === 'star') restoreColumns(db, a.id);
    else if (a.kind === 'tags') restoreTags(db, a.id);
    else if (a.kind === 'remove') restoreRemoved(db, a.id);
  });
}

function restoreColumns(db: Database, actionId: number) {
  const sample = db.prepare("SELECT data FROM undo_row WHERE action_id = ? AND tbl = 'paper:cols' LIMIT 1").pluck().get(actionId) as string | undefined;
  if (!sample) return;
  const cols = Object.keys(JSON.parse(sample) as object).filter((c) => c !== 'id' && ALLOWED_COLUMNS.has(c));
  const set = cols.map((c) => `${c} = json_extract(u.data, '$.${c}')`).join(', ');
  db.prepare(`UPDATE paper SET ${set} FROM undo_row u WHERE u.action_id = ? AND u.tbl = 'paper:cols' AND paper.id = json_extract(u.data, '$.id')`).run(actionId);
}
const ALLOWED_COLUMNS = new Set(['status', 'status_changed_at', 'read_at', 'starred']);

function restoreTags(db: Database, actionId: number) {
  db.prepare(
    `DELETE FROM paper_tag WHERE (paper_id, tag_id) IN
       (SELECT json_extract(data, '$.paper_id'), json_extract(data, '$.tag_id') FROM undo_row WHERE action_id = ? AND tbl = 'paper_tag+')`,
  ).run(actionId);
  db.prepare(
    `INSERT OR IGNORE INTO paper_tag (paper_id, tag_id)
     SELECT json_extract(u.data, '$.paper_id'), json_extract(u.data, '$.tag_id') FROM undo_row u
     WHERE u.action_id = ? AND u.tbl = 'paper_tag-'
       AND EXISTS (SELECT 1 FROM tag WHERE id = json_extract(u.data, '$.tag_id'))
       AND EXISTS (SELECT 1 FROM paper WHERE id = json_extract(u.data, '$.paper_id'))`,
  ).run(actionId);
  db.prepare(
    `DELETE FROM tag WHERE id IN (SELECT json_extract(data, '$.id') FROM undo_row WHERE action_id = ? AND tbl = 'tag+')
       AND NOT EXISTS (SELECT 1 FROM paper_tag WHERE tag_id = tag.id)`,
  ).run(actionId);
}

function restoreRemoved(db: Database, actionId: number) {
  const ids = `SELECT json_extract(data, '$.id') FROM undo_row WHERE action_id = ${Number(actionId)} AND tbl = 'row:paper'`;
  try {
    restoreTableRows(db, actionId, 'paper', false);
  } catch (e) {
    if (e instanceof Error && /UNIQUE|PRIMARY KEY/.test(e.message)) {
      throw new LecternError('CONFLICT', 'The removal cannot be undone: some of these papers were imported again since. Nothing was changed.');
    }
    throw e;
  }
  const tables = db.prepare("SELECT DISTINCT substr(tbl, 5) FROM undo_row WHERE action_id = ? AND tbl LIKE 'row:%' AND tbl <> 'row:paper'").pluck().all(actionId) as string[];
  const known = new Set(tablesReferencingPaper(db).map((t) => t.table));
  for (const t of tables) if (known.has(t)) restoreTableRows(db, actionId, t, true);
  // Tags deleted meanwhile did not come back: recompute the sort key from what did.
  db.prepare(
    `UPDATE paper SET tag_key = (SELECT min(lower(t.name)) FROM paper_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.paper_id = paper.id)
     WHERE id IN (${ids})`,
  ).run();
  // The PDFs' text left the full-text index with the papers (a trigger): forget that it was
  // extracted, so the text queue reads those files again.
  db.prepare(`DELETE FROM fulltext_state WHERE paper_id IN (${ids})`).run();
  // Rows at or below the watermark were in the search index; put them back in it.
  indexRows(db, `id IN (${ids}) AND id <= (SELECT value FROM meta WHERE key = 'fts_indexed_upto')`);
}
