import type { Database } from 'better-sqlite3';
import type { ListInput } from '../../../shared/contract';
import { LecternError } from '../../../shared/errors';
import type { Paper, PaperRow, Status } from '../../../shared/model';
import { parseArxivId, normalizeDoi } from '../text/ids';
import { countMatches, windowIds } from './filter';
import { bumpRevision } from './revision';

const ROW_COLUMNS = `p.id, p.arxiv_id, p.title, p.authors, p.author_count, p.published, p.upvotes, p.status,
  p.pdf_state, p.digest_count, p.added_at, d.name AS digest_name, p.read_at, p.starred, p.note IS NOT NULL AS has_note,
  CASE WHEN p.tag_key IS NULL THEN NULL ELSE (SELECT json_group_array(name) FROM
    (SELECT t.name FROM paper_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.paper_id = p.id ORDER BY t.name)) END AS tag_names`;

interface RowRecord {
  id: number;
  arxiv_id: string | null;
  title: string;
  authors: string | null;
  author_count: number | null;
  published: string | null;
  upvotes: number;
  status: Status;
  pdf_state: PaperRow['pdf'];
  digest_count: number;
  added_at: string;
  digest_name: string | null;
  read_at: string | null;
  starred: number;
  has_note: number;
  tag_names: string | null;
}

function toRow(r: RowRecord): PaperRow {
  return {
    id: r.id,
    arxivId: r.arxiv_id,
    title: r.title,
    authors: r.authors ? (JSON.parse(r.authors) as string[]) : null,
    authorCount: r.author_count,
    published: r.published,
    upvotes: r.upvotes,
    status: r.status,
    pdf: r.pdf_state,
    digest: r.digest_name,
    digestCount: r.digest_count,
    addedAt: r.added_at,
    readAt: r.read_at,
    starred: r.starred === 1,
    tags: r.tag_names ? (JSON.parse(r.tag_names) as string[]) : [],
    hasNote: r.has_note === 1,
  };
}

/**
 * One window of the table: filters, quick search and sort in SQL (see filter.ts); only `limit`
 * rows come back, with the count of all that match. The window's ids are found first (an index
 * walk), then only those rows are read.
 */
export function listPapers(db: Database, input: ListInput, now = new Date()): { total: number; offset: number; rows: PaperRow[] } {
  const total = countMatches(db, input, now);
  if (total === 0 || input.offset >= total) return { total, offset: input.offset, rows: [] };
  const ids = windowIds(db, input, now, total, input.offset, input.limit);
  return { total, offset: input.offset, rows: rowsByIds(db, ids) };
}

/** Table rows for these ids, in the order given. */
export function rowsByIds(db: Database, ids: number[]): PaperRow[] {
  const found = db
    .prepare(`SELECT ${ROW_COLUMNS} FROM paper p LEFT JOIN digest d ON d.id = p.last_digest_id WHERE p.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as RowRecord[];
  const byId = new Map(found.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [toRow(r)] : [];
  });
}

/** A ref is a numeric id, an arXiv id (any version, with or without "arXiv:"), or a DOI. */
export function resolveRef(db: Database, ref: string): number | null {
  const s = ref.trim();
  if (/^\d+$/.test(s)) {
    const id = db.prepare('SELECT id FROM paper WHERE id = ?').pluck().get(Number(s)) as number | undefined;
    if (id !== undefined) return id;
  }
  const ax = parseArxivId(s.replace(/^https?:\/\/(?:www\.)?arxiv\.org\/(?:abs|pdf)\//i, '').replace(/\.pdf$/i, ''));
  if (ax) {
    const id = db.prepare('SELECT id FROM paper WHERE arxiv_id = ?').pluck().get(ax.id) as number | undefined;
    if (id !== undefined) return id;
  }
  const doi = normalizeDoi(s);
  if (doi) {
    const id = db.prepare('SELECT id FROM paper WHERE doi = ? ORDER BY id LIMIT 1').pluck().get(doi) as number | undefined;
    if (id !== undefined) return id;
  }
  return null;
}

export function mustResolve(db: Database, ref: string): number {
  const id = resolveRef(db, ref);
  if (id === null) throw new LecternError('NOT_FOUND', `No paper "${ref}" in this library (a ref is an id, an arXiv id or a DOI).`, ref);
  return id;
}

export function getPaper(db: Database, ref: string): Paper {
  const id = mustResolve(db, ref);
  const r = db.prepare('SELECT * FROM paper WHERE id = ?').get(id) as Record<string, unknown>;
  const digests = db
    .prepare(
      `SELECT d.id, d.name, d.date, pd.rank, pd.upvotes FROM paper_digest pd JOIN digest d ON d.id = pd.digest_id
       WHERE pd.paper_id = ? ORDER BY d.id`,
    )
    .all(id) as Paper['digests'];
  return {
    id,
    arxivId: r.arxiv_id as string | null,
    arxivVersion: r.arxiv_version as number | null,
    doi: r.doi as string | null,
    title: r.title as string,
    abstract: r.abstract as string | null,
    authors: r.authors ? (JSON.parse(r.authors as string) as string[]) : null,
    authorCount: r.author_count as number | null,
    published: r.published as string | null,
    upvotes: r.upvotes as number,
    status: r.status as Status,
    statusChangedAt: r.status_changed_at as string,
    readAt: r.read_at as string | null,
    pdf: r.pdf_state as Paper['pdf'],
    links: JSON.parse(r.links as string) as string[],
    categories: r.categories ? (JSON.parse(r.categories as string) as string[]) : null,
    addedAt: r.added_at as string,
    digests,
    starred: r.starred === 1,
    tags: db
      .prepare('SELECT t.name FROM paper_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.paper_id = ? ORDER BY t.name')
      .pluck()
      .all(id) as string[],
    note: r.note as string | null,
    noteUpdatedAt: r.note_updated_at as string | null,
  };
}

/** Sets the status of every ref; all refs must exist or nothing changes. */
export function markPapers(db: Database, refs: string[], status: Status, now: string): { changed: number; ids: number[] } {
  const update = db.prepare(
    `UPDATE paper SET status = @status, status_changed_at = @now,
       read_at = CASE WHEN @status = 'read' THEN @now ELSE read_at END
     WHERE id = @id AND status <> @status`,
  );
  return db
    .transaction(() => {
      const ids = [...new Set(refs.map((r) => mustResolve(db, r)))];
      let changed = 0;
      for (const id of ids) changed += update.run({ id, status, now }).changes;
      if (changed) bumpRevision(db);
      return { changed, ids };
    })
    .immediate();
}
