import type { Database } from 'better-sqlite3';
import type { ReadableDB } from '../db/handles';
import { LecternError } from '../../../shared/errors';
import { BUILTIN_VIEWS, columnLayoutSchema, libraryQuerySchema, type ColumnLayout, type LibraryQuery, type View } from '../../../shared/query';
import { bumpRevision } from '../db/revision';

interface ViewRow {
  id: number;
  name: string;
  spec: string;
}

function toView(r: ViewRow): View {
  const spec = JSON.parse(r.spec) as { query?: unknown; columns?: unknown };
  // A view saved by another version may carry fields this one does not know: keep what parses.
  const query = libraryQuerySchema.safeParse(asLists(spec.query ?? {}));
  const columns = columnLayoutSchema.safeParse(spec.columns);
  return { id: r.id, name: r.name, builtin: false, query: query.success ? query.data : {}, columns: columns.success ? columns.data : null };
}

/**
 * Views saved while queries still had single-value filters (status, digestId, pdf) keep them as
 * the lists that replaced them: stored data outlives the contract's older fields.
 */
function asLists(query: unknown): unknown {
  if (typeof query !== 'object' || query === null) return query;
  const { status, digestId, pdf, ...rest } = query as Record<string, unknown>;
  const q: Record<string, unknown> = { ...rest };
  const add = (key: string, v: unknown) => {
    if (v == null) return;
    const list = Array.isArray(q[key]) ? (q[key] as unknown[]) : [];
    q[key] = list.length ? list.filter((x) => x === v) : [v];
  };
  add('statuses', status);
  add('digestIds', digestId);
  add('pdfStates', pdf);
  return q;
}

/** The built-in views, then the saved ones in the user's order. */
export function listViews(db: ReadableDB): View[] {
  const saved = db.prepare('SELECT id, name, spec FROM saved_view ORDER BY position, id').all() as ViewRow[];
  return [...BUILTIN_VIEWS, ...saved.map(toView)];
}

function viewName(raw: string): string {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (!name) throw new LecternError('BAD_INPUT', 'A view needs a name.', 'view');
  if (name.length > 80) throw new LecternError('BAD_INPUT', 'View names are at most 80 characters.', 'view');
  if (BUILTIN_VIEWS.some((v) => v.name.toLowerCase() === name.toLowerCase())) {
    throw new LecternError('CONFLICT', `“${name}” is a built-in view; choose another name.`, name);
  }
  return name;
}

/** Saves a new view, or replaces the one with this id (or, without an id, with this name). */
export function saveView(db: Database, input: { id?: number | null; name: string; query: LibraryQuery; columns: ColumnLayout | null }, now: string): View {
  const name = viewName(input.name);
  // Paging and selection state never belong in a view.
  const spec = JSON.stringify({ query: input.query, columns: input.columns });
  return db
    .transaction(() => {
      const clash = db.prepare('SELECT id FROM saved_view WHERE name = ?').pluck().get(name) as number | undefined;
      let id = input.id ?? clash ?? null;
      if (input.id != null) {
        if (!db.prepare('SELECT 1 FROM saved_view WHERE id = ?').get(input.id)) throw new LecternError('NOT_FOUND', `There is no saved view #${input.id}.`, `view ${input.id}`);
        if (clash !== undefined && clash !== input.id) throw new LecternError('CONFLICT', `Another view is named “${name}” already.`, name);
      }
      if (id === null) {
        const position = (db.prepare('SELECT coalesce(max(position), 0) + 1 FROM saved_view').pluck().get() as number) ?? 1;
        id = Number(db.prepare('INSERT INTO saved_view (name, spec, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(name, spec, position, now, now).lastInsertRowid);
      } else {
        db.prepare('UPDATE saved_view SET name = ?, spec = ?, updated_at = ? WHERE id = ?').run(name, spec, now, id);
      }
      bumpRevision(db);
      return toView(db.prepare('SELECT id, name, spec FROM saved_view WHERE id = ?').get(id) as ViewRow);
    })
    .immediate();
}

export function deleteView(db: Database, id: number): { name: string } {
  return db
    .transaction(() => {
      const name = db.prepare('SELECT name FROM saved_view WHERE id = ?').pluck().get(id) as string | undefined;
      if (name === undefined) throw new LecternError('NOT_FOUND', `There is no saved view #${id}.`, `view ${id}`);
      db.prepare('DELETE FROM saved_view WHERE id = ?').run(id);
      bumpRevision(db);
      return { name };
    })
    .immediate();
}

