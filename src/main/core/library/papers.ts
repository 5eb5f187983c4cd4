import type { ReadableDB } from '../db/handles';
import type { ListInput } from '../../../shared/contract';
import { LecternError } from '../../../shared/errors';
import type { Paper, PaperRow, Status } from '../../../shared/model';
import { parseArxivId, normalizeDoi } from '../text/ids';
import { textMatchOf } from '../fulltext/store';
import { searchTerms } from './query-plan';
import { textHitsAmong } from './search-hits';
import { countMatches, windowIds } from './window';
import { searchWindow } from './search-window';
import { aliasesOf, aliasLookup, workFacts } from '../resolve/facts';

const ROW_COLUMNS = `p.id, p.arxiv_id, p.title, p.authors, p.author_count, p.published, p.upvotes, p.status,
  p.pdf_state, p.digest_count, p.added_at, d.name AS digest_name, p.pdf_error, p.resolve_state,
  j.state AS job_state, j.bytes AS job_bytes, j.total AS job_total, j.started_at AS job_started, j.last_error AS job_error,
  CASE WHEN rp.page_count > 0 THEN min(100, (100 * rp.furthest_page) / rp.page_count) END AS progress,
  p.read_at, p.starred, p.note IS NOT NULL AS has_note, p.interest, p.interest_because, p.retraction IS NOT NULL AS retracted,
  CASE WHEN p.tag_key IS NULL THEN NULL ELSE (SELECT json_group_array(name) FROM
    (SELECT t.name FROM paper_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.paper_id = p.id ORDER BY t.name)) END AS tag_names`;

/** Rows of a search get a snippet of where the PDF's text matched, up to this many rows. */
const SNIPPET_ROWS = 500;

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
  pdf_error: string | null;
  resolve_state: PaperRow['resolveState'];
  job_state: 'queued' | 'review' | null;
  job_bytes: number | null;
  job_total: number | null;
  job_started: number | null;
  job_error: string | null;
  progress: number | null;
  read_at: string | null;
  starred: number;
  has_note: number;
  tag_names: string | null;
  interest: number | null;
  interest_because: string | null;
  retracted: number;
}

/** A paper's interest and reasons, as its JSON says them: for unread papers only. */
export function interestFields(r: { status: Status; interest: number | null; interest_because: string | null }): { interest: number | null; because: number[] } {
  if (r.status !== 'unread') return { interest: null, because: [] };
  return { interest: r.interest, because: r.interest_because ? (JSON.parse(r.interest_because) as number[]) : [] };
}

/** The PDF's progress and note as the table shows them (the job row is there while queued). */
function pdfDetail(r: Pick<RowRecord, 'pdf_state' | 'pdf_error' | 'job_state' | 'job_bytes' | 'job_total' | 'job_started' | 'job_error'>): {
  pdfProgress: number | null;
  pdfNote: string | null;
} {
  if (r.pdf_state === 'failed') return { pdfProgress: null, pdfNote: r.pdf_error };
  if (r.pdf_state !== 'queued') return { pdfProgress: null, pdfNote: null };
  if (r.job_state === 'review') return { pdfProgress: null, pdfNote: 'Waiting for you to pick its arXiv match' };
  const progress = r.job_started != null ? (r.job_total ? Math.min(1, (r.job_bytes ?? 0) / r.job_total) : 0) : null;
  return { pdfProgress: progress, pdfNote: r.job_error ? `Will retry: ${r.job_error}` : null };
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
    ...pdfDetail(r),
    resolveState: r.resolve_state,
    digest: r.digest_name,
    digestCount: r.digest_count,
    addedAt: r.added_at,
    progress: r.progress,
    textMatch: null,
    readAt: r.read_at,
    starred: r.starred === 1,
    tags: r.tag_names ? (JSON.parse(r.tag_names) as string[]) : [],
    hasNote: r.has_note === 1,
    ...interestFields(r),
    retracted: r.retracted === 1,
  };
}

/**
 * One window of the table: filters, quick search and sort in SQL (see filter.ts); only `limit`
 * rows come back, with the count of all that match. The window's ids are found first (an index
 * walk), then only those rows are read; the quick search alone is answered in memory
 * (search-window.ts). Rows of a search that matched inside the PDF's text say
 * where, with a snippet.
 */
export function listPapers(db: ReadableDB, input: ListInput, now = new Date()): { total: number; offset: number; rows: PaperRow[] } {
  const fast = searchWindow(db, input, now, input.offset, input.limit);
  const total = fast ? fast.total : countMatches(db, input, now);
  if (total === 0 || input.offset >= total) return { total, offset: input.offset, rows: [] };
  const ids = fast ? fast.ids : windowIds(db, input, now, total, input.offset, input.limit);
  const rows = rowsByIds(db, ids);
  const terms = input.search ? searchTerms(input.search) : [];
  if (terms.length && rows.length <= SNIPPET_ROWS) {
    const fts = terms.join(' ');
    const inText = textHitsAmong(db, ids, fts);
    for (const row of rows) if (inText.has(row.id)) row.textMatch = textMatchOf(db, row.id, fts);
  }
  return { total, offset: input.offset, rows };
}

/** Table rows for these ids, in the order given. */
function rowsByIds(db: ReadableDB, ids: number[]): PaperRow[] {
  const found = db
    .prepare(
      `SELECT ${ROW_COLUMNS} FROM paper p LEFT JOIN digest d ON d.id = p.last_digest_id
       LEFT JOIN download_job j ON j.paper_id = p.id LEFT JOIN reader_position rp ON rp.paper_id = p.id
       WHERE p.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as RowRecord[];
  const byId = new Map(found.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [toRow(r)] : [];
  });
}

/** A ref is a numeric id, an arXiv id (any version, with or without "arXiv:"), or a DOI. */
export function resolveRef(db: ReadableDB, ref: string): number | null {
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
  // Another identifier of a paper's work (a preprint's DOI or arXiv id, resolve/merge.ts).
  if (ax) return aliasLookup(db)('arxiv', ax.id);
  if (doi) return aliasLookup(db)('doi', doi);
  return null;
}

export function mustResolve(db: ReadableDB, ref: string): number {
  const id = resolveRef(db, ref);
  if (id === null) throw new LecternError('NOT_FOUND', `No paper "${ref}" in this library (a ref is an id, an arXiv id or a DOI).`, ref);
  return id;
}

export function getPaper(db: ReadableDB, ref: string): Paper {
  return paperById(db, mustResolve(db, ref));
}

/** A paper by its id, which must exist. */
function paperById(db: ReadableDB, id: number): Paper {
  const r = db
    .prepare(
      `SELECT p.*, j.state AS job_state, j.bytes AS job_bytes, j.total AS job_total, j.started_at AS job_started, j.last_error AS job_error,
         CASE WHEN rp.page_count > 0 THEN min(100, (100 * rp.furthest_page) / rp.page_count) END AS progress,
         f.rel_path AS pdf_path, f.bytes AS pdf_bytes
       FROM paper p LEFT JOIN download_job j ON j.paper_id = p.id LEFT JOIN reader_position rp ON rp.paper_id = p.id
         LEFT JOIN paper_file f ON f.paper_id = p.id WHERE p.id = ?`,
    )
    .get(id) as Record<string, unknown>;
  return paperFromRow(r, digestsOf(db)(id), tagsOf(db)(id), aliasesOf(db)(id));
}

/** The digests of one paper; prepared once, for callers that go through many papers. */
export function digestsOf(db: ReadableDB): (paperId: number) => Paper['digests'] {
  const stmt = db.prepare(
    `SELECT d.id, d.name, d.date, pd.rank, pd.upvotes FROM paper_digest pd JOIN digest d ON d.id = pd.digest_id
     WHERE pd.paper_id = ? ORDER BY d.id`,
  );
  return (paperId) => stmt.all(paperId) as Paper['digests'];
}

/** The tags of one paper, by name; prepared once, for callers that go through many papers. */
export function tagsOf(db: ReadableDB): (paperId: number) => string[] {
  const stmt = db.prepare('SELECT t.name FROM paper_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.paper_id = ? ORDER BY t.name').pluck();
  return (paperId) => stmt.all(paperId) as string[];
}

/** A row of `paper` (SELECT *) as the model's Paper. */
export function paperFromRow(r: Record<string, unknown>, digests: Paper['digests'], tags: string[], aliases: Paper['otherIds'] = []): Paper {
  return {
    id: r.id as number,
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
    // From paper_file, where a caller joined it (paperById); null elsewhere.
    pdfPath: (r.pdf_path ?? null) as string | null,
    pdfBytes: (r.pdf_bytes ?? null) as number | null,
    ...pdfDetail(r as unknown as RowRecord),
    resolveState: r.resolve_state as Paper['resolveState'],
    resolveNote: r.resolve_note as string | null,
    links: JSON.parse(r.links as string) as string[],
    categories: r.categories ? (JSON.parse(r.categories as string) as string[]) : null,
    addedAt: r.added_at as string,
    digests,
    progress: r.progress as number | null,
    starred: r.starred === 1,
    tags,
    note: r.note as string | null,
    noteUpdatedAt: r.note_updated_at as string | null,
    ...interestFields(r as { status: Status; interest: number | null; interest_because: string | null }),
    ...workFacts(r, aliases),
  };
}
