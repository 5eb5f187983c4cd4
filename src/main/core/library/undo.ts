import type { Database } from 'better-sqlite3';
import type { ReadableDB } from '../db/handles';
import { LecternError } from '../../../shared/errors';
import type { ParsedTarget } from '../../../shared/query';
import { columnsOf } from '../db/columns';
import { bumpRevision } from '../db/revision';
import { selectInto } from './selection';

/** How many actions can be undone; older ones are forgotten. */
const UNDO_KEEP = 20;

type UndoKind = 'status' | 'star' | 'tags' | 'remove' | 'note';

/** What every undoable action returns: how many papers it targeted and changed, and how to take it back. */
export interface BulkResult {
  selected: number;
  changed: number;
  /** Null when nothing changed (nothing to undo). */
  undoId: number | null;
  label: string;
}

/** An action's undo record, passed to the change so it saves what it overwrites. */
export interface UndoRecord {
  id: number;
  now: string;
}

/** What a change over temp.sel reports: how many it changed, and the label of its undo. */
export interface Change {
  changed: number;
  label: string;
}

/**
 * Undo as a decorator at handler registration (after Actual's `mutator(undoable(fn))`): the
 * handler it returns resolves the input's target into temp.sel, opens an undo action, runs the
 * change in the same IMMEDIATE transaction, and keeps the action only when something changed. So
 * a method is undoable for every caller, and a change only says what it overwrites.
 */
export function undoable<I extends { papers: ParsedTarget }>(
  db: Database,
  now: () => Date,
  kind: UndoKind,
  change: (input: I, undo: UndoRecord) => Change,
): (input: I) => BulkResult {
  return (input) =>
    db
      .transaction((): BulkResult => {
        const at = now();
        const nowIso = at.toISOString();
        const selected = selectInto(db, input.papers, at);
        const id = beginUndo(db, kind, '', nowIso);
        const { changed, label } = change(input, { id, now: nowIso });
        if (changed === 0) {
          db.prepare('DELETE FROM undo_action WHERE id = ?').run(id);
          return { selected, changed, undoId: null, label };
        }
        setUndoLabel(db, id, label);
        bumpRevision(db);
        return { selected, changed, undoId: id, label };
      })
      .immediate();
}

/**
 * Starts an undoable action over the papers in temp.sel: records which papers it touches and
 * where the status history stands, so undoing can also take back the history it wrote.
 * Call inside the action's transaction, before changing anything.
 */
function beginUndo(db: Database, kind: UndoKind, label: string, now: string): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO undo_action (kind, label, created_at, event_upto, paper_ids)
         VALUES (?, ?, ?, (SELECT coalesce(max(id), 0) FROM status_event), (SELECT json_group_array(id) FROM temp.sel))`,
      )
      .run(kind, label, now).lastInsertRowid,
  );
  db.prepare('DELETE FROM undo_action WHERE id <= ?').run(id - UNDO_KEEP);
  return id;
}

function setUndoLabel(db: Database, id: number, label: string): void {
  db.prepare('UPDATE undo_action SET label = ? WHERE id = ?').run(label, id);
}

/** Saves some columns of paper rows (those matching `where`) as they are now. */
export function saveColumns(db: Database, actionId: number, columns: string[], where: string, params: Record<string, unknown> = {}): void {
  const obj = ['id', ...columns].map((c) => `'${c}', ${c}`).join(', ');
  db.prepare(`INSERT INTO undo_row (action_id, tbl, data) SELECT @actionId, 'paper:cols', json_object(${obj}) FROM paper WHERE ${where}`).run({
    ...params,
    actionId,
  });
}

/**
 * Saves whole rows of `table` matching `where`, every column, in a form that survives the JSON
 * round trip (BLOBs as hex). Used by remove, for every table that refers to a paper, whatever
 * other features added.
 */
export function saveTableRows(db: Database, actionId: number, table: string, where: string): void {
  const cols = columnsOf(db, table);
  const obj = cols.map((c) => `'${c}', CASE WHEN typeof("${c}") = 'blob' THEN json_object('hex', hex("${c}")) ELSE "${c}" END`).join(', ');
  db.prepare(`INSERT INTO undo_row (action_id, tbl, data) SELECT ?, ?, json_object(${obj}) FROM "${table}" WHERE ${where}`).run(actionId, `row:${table}`);
}

/** Puts back the rows saved by saveTableRows, skipping any whose other parent rows are gone. */
export function restoreTableRows(db: Database, actionId: number, table: string, orIgnore: boolean): number {
  const cols = columnsOf(db, table);
  const values = cols.map(
    (c) => `CASE WHEN json_type(u.data, '$."${c}"') = 'object' THEN unhex(json_extract(u.data, '$."${c}".hex')) ELSE json_extract(u.data, '$."${c}"') END`,
  );
  const parentsExist = (db.prepare(`SELECT "table", "from", "to" FROM pragma_foreign_key_list(?)`).all(table) as { table: string; from: string; to: string | null }[])
    .filter((fk) => fk.table !== 'paper')
    .map((fk) => {
      const v = `json_extract(u.data, '$."${fk.from}"')`;
      return `(${v} IS NULL OR EXISTS (SELECT 1 FROM "${fk.table}" WHERE ${fk.to ? `"${fk.to}"` : 'rowid'} = ${v}))`;
    });
  const where = [`u.action_id = ?`, `u.tbl = ?`, ...parentsExist].join(' AND ');
  return db
    .prepare(`INSERT ${orIgnore ? 'OR IGNORE ' : ''}INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) SELECT ${values.join(', ')} FROM undo_row u WHERE ${where}`)
    .run(actionId, `row:${table}`).changes;
}

/** Tables with a foreign key to paper, and the column that holds the paper's id. */
export function tablesReferencingPaper(db: ReadableDB): { table: string; column: string }[] {
  return db
    .prepare(
      `SELECT m.name AS "table", f."from" AS "column" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
       WHERE m.type = 'table' AND f."table" = 'paper' ORDER BY m.name`,
    )
    .all() as { table: string; column: string }[];
}

interface UndoAction {
  id: number;
  kind: UndoKind;
  label: string;
  eventUpto: number;
}

/** Runs `restore` for the action and forgets it; the status history the action wrote goes too. */
export function undoAction(db: Database, id: number, restore: (a: UndoAction) => void): { label: string } {
  return db
    .transaction(() => {
      const a = db.prepare('SELECT id, kind, label, event_upto AS eventUpto FROM undo_action WHERE id = ?').get(id) as UndoAction | undefined;
      if (!a) throw new LecternError('NOT_FOUND', 'That action can no longer be undone (it was undone already, or is too old).', `undo ${id}`);
      restore(a);
      db.prepare(
        `DELETE FROM status_event WHERE id > ? AND paper_id IN (SELECT value FROM json_each((SELECT paper_ids FROM undo_action WHERE id = ?)))`,
      ).run(a.eventUpto, id);
      // Later actions over the same papers were built on this one: they cannot be undone any more.
      db.prepare('DELETE FROM undo_action WHERE id >= ?').run(id);
      bumpRevision(db);
      return { label: a.label };
    })
    .immediate();
}

/** The newest action that can be undone, for "Undo" after a restart or from the CLI. */
export function lastUndo(db: ReadableDB): { id: number; label: string; createdAt: string } | null {
  return (
    (db.prepare('SELECT id, label, created_at AS createdAt FROM undo_action ORDER BY id DESC LIMIT 1').get() as
      | { id: number; label: string; createdAt: string }
      | undefined) ?? null
  );
}
