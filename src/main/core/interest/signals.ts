import type { Database } from 'better-sqlite3';
import type { PaperText } from './features';

/** Signals of each kind needed before a model ranks the Inbox. */
export const NEEDED = 10;
/** The newest signals of each kind a model learns from (older tastes fade). */
export const MAX_SIGNALS = 10_000;

export interface Signal extends PaperText {
  /** The paper's id; null for a paper removed since. */
  id: number | null;
  positive: boolean;
  /** Read or starred: a paper "like" which another can be said to be. */
  likeable: boolean;
}

function hasTable(db: Database, name: string): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}

/**
 * Highlights, where the reader keeps them (its annotations table, when this library has one): a
 * highlighted paper is one the user cared about.
 */
function annotatedCondition(db: Database): string {
  for (const t of ['annotation', 'annotations', 'paper_annotation']) {
    if (!hasTable(db, t)) continue;
    const cols = new Set(db.prepare(`SELECT name FROM pragma_table_info('${t}')`).pluck().all() as string[]);
    if (!cols.has('paper_id')) continue;
    // The user's own marks only: not those read from the PDF file, not those deleted.
    const own = [cols.has('source') ? "source = 'lectern'" : '', cols.has('removed_at') ? 'removed_at IS NULL' : ''].filter(Boolean);
    return ` OR p.id IN (SELECT paper_id FROM ${t}${own.length ? ` WHERE ${own.join(' AND ')}` : ''})`;
  }
  return '';
}

/** The ids of the papers that are a "yes", as a subquery that uses an index per kind. */
export function positiveIds(db: Database, likeableOnly = false): string {
  const parts = ["SELECT id FROM paper WHERE status = 'read'", 'SELECT id FROM paper WHERE starred = 1'];
  if (!likeableOnly) {
    parts.push("SELECT id FROM paper WHERE status = 'reading'", 'SELECT id FROM paper WHERE tag_key IS NOT NULL');
    const annotated = annotatedCondition(db);
    if (annotated) parts.push(`SELECT p.id FROM paper p WHERE 0${annotated}`);
  }
  return parts.join(' UNION ');
}

/**
 * What the user told by acting: a paper read, being read (kept in triage makes it so), starred,
 * tagged or highlighted is a "yes"; a paper skipped in triage, or removed while unread, a "no".
 * A paper with both (skipped, then read) counts as a "yes".
 */
export function readSignals(db: Database): Signal[] {
  const positive = `(p.status IN ('reading', 'read') OR p.starred = 1 OR p.tag_key IS NOT NULL${annotatedCondition(db)})`;
  // Each kind through its own index: an OR over the rows would read every paper of the library.
  const yes = db
    .prepare(
      `SELECT p.id, p.title, p.abstract, p.authors, p.categories, (p.status = 'read' OR p.starred = 1) AS likeable
       FROM paper p WHERE p.id IN (${positiveIds(db)}) ORDER BY p.status_changed_at DESC LIMIT ${MAX_SIGNALS}`,
    )
    .all() as (PaperText & { id: number; likeable: number })[];
  const skipped = db
    .prepare(
      `SELECT p.id, p.title, p.abstract, p.authors, p.categories FROM interest_signal s JOIN paper p ON p.id = s.paper_id
       WHERE s.kind = 'skipped' AND NOT ${positive} ORDER BY s.at DESC LIMIT ${MAX_SIGNALS}`,
    )
    .all() as (PaperText & { id: number })[];
  const removed = db
    .prepare(`SELECT title, abstract, authors, categories FROM interest_removed ORDER BY id DESC LIMIT ${MAX_SIGNALS}`)
    .all() as PaperText[];
  return [
    ...yes.map((r) => ({ ...r, positive: true, likeable: r.likeable === 1 })),
    ...[...skipped, ...removed.map((r) => ({ ...r, id: null }))].slice(0, MAX_SIGNALS).map((r) => ({ ...r, positive: false, likeable: false })),
  ];
}

/**
 * Changes whenever the signals may have: status changes, stars, tags, skips, removals,
 * highlights, the setting. Cheap (indexes and small tables): checked on every library change.
 */
export function signalSignature(db: Database): string {
  const parts = db
    .prepare(
      `SELECT (SELECT coalesce(max(id), 0) FROM status_event), (SELECT count(*) FROM paper WHERE starred = 1),
              (SELECT count(*) FROM paper_tag), (SELECT count(*) || '.' || coalesce(max(at), '') FROM interest_signal),
              (SELECT count(*) || '.' || coalesce(max(id), 0) FROM interest_removed),
              (SELECT value FROM setting WHERE key = 'interest.enabled')`,
    )
    .raw()
    .get() as unknown[];
  const annotated = annotatedCondition(db);
  const extra = annotated ? db.prepare(`SELECT count(*) FROM paper p WHERE 0${annotated}`).pluck().get() : '';
  return `${parts.join('|')}|${extra}`;
}
