import type { Database } from 'better-sqlite3';
import { columnsOf } from '../db/columns';
import { PLACEHOLDER_TITLE_SQL } from '../library/placeholder';

/** SQL over a `paper` row: its title is missing (made up from its id, or empty, as a BibTeX entry with only a DOI leaves it). */
export const TITLE_MISSING_SQL = `(${PLACEHOLDER_TITLE_SQL} OR trim(title) = '')`;

/**
 * One work, one paper: when a lookup shows that two papers of the library are one work (an arXiv
 * preprint and its journal version, a bioRxiv preprint and the article it became), the newer paper
 * folds into the older one. Nothing the user did is lost: digests, tags, notes, the star, the
 * furthest reading status, the reading position, annotations and a PDF move over; every table
 * that keeps rows per paper (a paper_id column, found from the schema, so tables added later move
 * too) is carried, and a row the kept paper already has of its own wins. The folded paper's ids
 * stay findable as the kept paper's aliases. Runs inside the caller's transaction.
 */
export function mergePapers(db: Database, keep: number, drop: number): void {
  if (keep === drop) return;
  const hadFile = !!db.prepare('SELECT 1 FROM paper_file WHERE paper_id = ?').get(keep);
  const ids = db.prepare('SELECT arxiv_id AS arxivId, doi, work_type AS type FROM paper WHERE id = ?').get(drop) as { arxivId: string | null; doi: string | null; type: string | null } | undefined;
  const kept = db.prepare('SELECT doi, work_type AS type FROM paper WHERE id = ?').get(keep) as { doi: string | null; type: string | null } | undefined;
  if (!ids || !kept) return;
  // The paper's DOI is the version of record's: a kept preprint takes the journal's DOI, its own becomes an alias.
  const takeDoi = kept.type === 'posted-content' && ids.type !== null && ids.type !== 'posted-content' && ids.doi !== null;
  // The unique arXiv id moves only once the folded paper no longer holds it.
  db.prepare('UPDATE paper SET arxiv_id = NULL WHERE id = ?').run(drop);
  db.prepare(
    `UPDATE paper SET
       title = CASE WHEN ${TITLE_MISSING_SQL} THEN (SELECT title FROM paper WHERE id = @drop) ELSE title END,
       title_key = CASE WHEN ${TITLE_MISSING_SQL} THEN (SELECT title_key FROM paper WHERE id = @drop) ELSE title_key END,
       arxiv_id = coalesce(arxiv_id, @arxivId),
       doi = CASE WHEN @takeDoi THEN @doi ELSE coalesce(doi, @doi) END
     WHERE id = @keep`,
  ).run({ keep, drop, arxivId: ids.arxivId, doi: ids.doi, takeDoi: takeDoi ? 1 : 0 });
  db.prepare(
    `UPDATE paper AS k SET
       arxiv_version = CASE WHEN k.arxiv_version IS NULL THEN d.arxiv_version WHEN d.arxiv_version IS NULL THEN k.arxiv_version ELSE max(k.arxiv_version, d.arxiv_version) END,
       abstract = coalesce(k.abstract, d.abstract),
       authors = coalesce(k.authors, d.authors),
       author_count = coalesce(k.author_count, d.author_count),
       published = coalesce(k.published, d.published),
       categories = coalesce(k.categories, d.categories),
       pdf_url = coalesce(k.pdf_url, d.pdf_url),
       links = CASE WHEN k.links = '[]' THEN d.links ELSE k.links END,
       upvotes = max(k.upvotes, d.upvotes),
       venue = coalesce(k.venue, d.venue),
       venue_year = coalesce(k.venue_year, d.venue_year),
       work_type = CASE WHEN k.work_type = 'posted-content' AND d.work_type IS NOT NULL THEN d.work_type ELSE coalesce(k.work_type, d.work_type) END,
       preprint_server = coalesce(k.preprint_server, d.preprint_server),
       retraction = coalesce(k.retraction, d.retraction),
       starred = max(k.starred, d.starred),
       note = CASE WHEN k.note IS NULL THEN d.note WHEN d.note IS NULL OR d.note = k.note THEN k.note ELSE k.note || char(10) || char(10) || d.note END,
       note_updated_at = CASE WHEN k.note_updated_at IS NULL THEN d.note_updated_at WHEN d.note_updated_at IS NULL THEN k.note_updated_at ELSE max(k.note_updated_at, d.note_updated_at) END,
       status = CASE WHEN d.status = 'read' OR (d.status = 'reading' AND k.status = 'unread') THEN d.status ELSE k.status END,
       read_at = coalesce(k.read_at, d.read_at),
       status_changed_at = CASE WHEN d.status = 'read' OR (d.status = 'reading' AND k.status = 'unread') THEN d.status_changed_at ELSE k.status_changed_at END,
       added_at = min(k.added_at, d.added_at),
       last_digest_id = max(coalesce(k.last_digest_id, 0), coalesce(d.last_digest_id, 0)),
       pdf_state = CASE WHEN k.pdf_state = 'downloaded' THEN k.pdf_state WHEN d.pdf_state = 'downloaded' THEN d.pdf_state
                        WHEN 'queued' IN (k.pdf_state, d.pdf_state) THEN 'queued' ELSE k.pdf_state END,
       pdf_error = CASE WHEN k.pdf_state <> 'downloaded' AND d.pdf_state = 'downloaded' THEN NULL ELSE k.pdf_error END
     FROM paper AS d WHERE k.id = @keep AND d.id = @drop`,
  ).run({ keep, drop });
  for (const t of paperTables(db)) {
    db.prepare(`UPDATE OR IGNORE "${t}" SET paper_id = ? WHERE paper_id = ?`).run(keep, drop);
  }
  if (!hadFile && db.prepare('SELECT 1 FROM paper_file WHERE paper_id = ?').get(keep)) {
    // The PDF came over, but its text was indexed under the folded paper: read it again.
    db.prepare('DELETE FROM fulltext_state WHERE paper_id = ?').run(keep);
  }
  // A job exists exactly while its paper's PDF is queued (downloads/queue.ts).
  db.prepare("DELETE FROM download_job WHERE paper_id = ? AND (SELECT pdf_state FROM paper WHERE id = ?) <> 'queued'").run(keep, keep);
  if (takeDoi) addAlias(db, keep, 'doi', kept.doi, 'preprint');
  else addAlias(db, keep, 'doi', ids.doi, ids.type === 'posted-content' ? 'preprint' : 'version');
  addAlias(db, keep, 'arxiv', ids.arxivId, 'preprint');
  db.prepare('DELETE FROM paper WHERE id = ?').run(drop);
  db.prepare('UPDATE paper SET digest_count = (SELECT count(*) FROM paper_digest WHERE paper_id = ?) WHERE id = ?').run(keep, keep);
}

/** Every table with a paper_id column (the schema says which: tables others add later are found too). */
function paperTables(db: Database): string[] {
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'paper' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'").pluck().all() as string[];
  return names.filter((n) => columnsOf(db, n).includes('paper_id'));
}

/**
 * Records another identifier of a paper's work, unless it is already the paper's own. An
 * identifier another paper holds as its own is left to mergePapers (the caller decides).
 */
export function addAlias(db: Database, paperId: number, kind: 'doi' | 'arxiv', value: string | null, role: 'preprint' | 'published' | 'version'): void {
  if (!value) return;
  const own = db.prepare(`SELECT 1 FROM paper WHERE id = ? AND ${kind === 'doi' ? 'doi' : 'arxiv_id'} = ?`).get(paperId, value);
  if (own) return;
  db.prepare('INSERT INTO paper_alias (kind, value, paper_id, role) VALUES (?, ?, ?, ?) ON CONFLICT (kind, value) DO UPDATE SET paper_id = excluded.paper_id, role = excluded.role').run(kind, value, paperId, role);
}

/** The paper that holds an identifier, as its own or as an alias; null when none does. */
export function paperWithId(db: Database, kind: 'doi' | 'arxiv', value: string, except: number | null = null): number | null {
  const own = db.prepare(`SELECT id FROM paper WHERE ${kind === 'doi' ? 'doi' : 'arxiv_id'} = ? AND id IS NOT ? ORDER BY id LIMIT 1`).pluck().get(value, except) as number | undefined;
  if (own !== undefined) return own;
  const alias = db.prepare('SELECT paper_id FROM paper_alias WHERE kind = ? AND value = ? AND paper_id IS NOT ?').pluck().get(kind, value, except) as number | undefined;
  return alias ?? null;
}

/**
 * Makes `paperId` and every other paper holding one of `ids` one paper (the oldest is kept).
 * Returns the id of the paper that remains.
 */
export function joinWork(db: Database, paperId: number, ids: { kind: 'doi' | 'arxiv'; value: string }[]): number {
  let keep = paperId;
  for (const { kind, value } of ids) {
    const other = paperWithId(db, kind, value, keep);
    if (other === null) continue;
    const [older, newer] = other < keep ? [other, keep] : [keep, other];
    mergePapers(db, older, newer);
    keep = older;
  }
  return keep;
}
