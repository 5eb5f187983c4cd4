import type { Database } from 'better-sqlite3';
import type { ReadableDB } from '../db/handles';
import type { ReadingState } from '../../../shared/methods/reader';
import { LecternError } from '../../../shared/errors';
import type { PdfFile } from '../files/pdf-file';
import { EXPANDS_TOO_MUCH } from './extract';
import { bumpRevision } from '../db/revision';

/** A page's row in fulltext_fts is paper_id * PAGE_SPAN + page (see migration 003). */
export const PAGE_SPAN = 1048576;

export function textStateOf(db: Database, paperId: number, fileSha: string | null): ReadingState['text'] {
  if (fileSha === null) return { state: 'none', pages: 0, chars: 0, error: null };
  const row = db.prepare('SELECT sha256, state, pages, chars, error FROM fulltext_state WHERE paper_id = ?').get(paperId) as
    | { sha256: string; state: 'done' | 'failed'; pages: number; chars: number; error: string | null }
    | undefined;
  if (!row || row.sha256 !== fileSha) return { state: 'pending', pages: 0, chars: 0, error: null };
  return { state: row.state, pages: row.pages, chars: row.chars, error: row.error };
}

/**
 * The file, unless reading its text showed it to be a decompression bomb: then the reader is not
 * given it either (pdf.js in a browser tab has no limit of ours, and a bomb takes the tab's memory
 * to gigabytes).
 */
export function refuseKnownBomb(db: Database, file: PdfFile): PdfFile {
  const error = db.prepare("SELECT error FROM fulltext_state WHERE paper_id = ? AND sha256 = ? AND state = 'failed'").pluck().get(file.paperId, file.sha256) as string | undefined;
  if (error?.startsWith(EXPANDS_TOO_MUCH)) {
    throw new LecternError('UNREADABLE', `${error.replace(/; its text was not read\.$/, '')}: Lectern does not open it.`, file.relPath);
  }
  return file;
}

/** True when the paper's file is still the one that was read (it may have been replaced meanwhile). */
function stillCurrent(db: Database, paperId: number, sha: string): boolean {
  return db.prepare('SELECT 1 FROM paper_file WHERE paper_id = ? AND sha256 = ?').get(paperId, sha) !== undefined;
}

/** Replaces a paper's text in the index with these pages (1-based by position), in one transaction. */
export function saveText(db: Database, paperId: number, sha: string, pages: string[], now: string): boolean {
  return db
    .transaction(() => {
      if (!stillCurrent(db, paperId, sha)) return false;
      const base = paperId * PAGE_SPAN;
      db.prepare('DELETE FROM fulltext_fts WHERE rowid BETWEEN ? AND ?').run(base, base + PAGE_SPAN - 1);
      const insert = db.prepare('INSERT INTO fulltext_fts (rowid, body) VALUES (?, ?)');
      let chars = 0;
      pages.forEach((text, i) => {
        if (!text.trim()) return;
        insert.run(base + i + 1, text);
        chars += text.length;
      });
      db.prepare(
        `INSERT INTO fulltext_state (paper_id, sha256, state, pages, chars, error, extracted_at) VALUES (?, ?, 'done', ?, ?, NULL, ?)
         ON CONFLICT (paper_id) DO UPDATE SET sha256 = excluded.sha256, state = 'done', pages = excluded.pages, chars = excluded.chars,
           error = NULL, extracted_at = excluded.extracted_at`,
      ).run(paperId, sha, pages.length, chars, now);
      bumpRevision(db);
      return true;
    })
    .immediate();
}

/** Records why a file's text could not be read; it is not tried again until the file changes. */
export function saveTextFailure(db: Database, paperId: number, sha: string, error: string, now: string): boolean {
  return db
    .transaction(() => {
      if (!stillCurrent(db, paperId, sha)) return false;
      const base = paperId * PAGE_SPAN;
      db.prepare('DELETE FROM fulltext_fts WHERE rowid BETWEEN ? AND ?').run(base, base + PAGE_SPAN - 1);
      db.prepare(
        `INSERT INTO fulltext_state (paper_id, sha256, state, pages, chars, error, extracted_at) VALUES (?, ?, 'failed', 0, 0, ?, ?)
         ON CONFLICT (paper_id) DO UPDATE SET sha256 = excluded.sha256, state = 'failed', pages = 0, chars = 0,
           error = excluded.error, extracted_at = excluded.extracted_at`,
      ).run(paperId, sha, error.slice(0, 500), now);
      bumpRevision(db);
      return true;
    })
    .immediate();
}

/** Forget failures so the next run tries those files again. */
export function forgetTextFailures(db: Database): number {
  return db
    .transaction(() => {
      const n = db.prepare("DELETE FROM fulltext_state WHERE state = 'failed'").run().changes;
      if (n) bumpRevision(db);
      return n;
    })
    .immediate();
}

/** Where the search hit a paper's text: the best page and a snippet, hits between \u0002 and \u0003. */
export function textMatchOf(db: ReadableDB, paperId: number, fts: string): { page: number; snippet: string } | null {
  const base = paperId * PAGE_SPAN;
  const row = db
    .prepare(
      `SELECT rowid - @base AS page, snippet(fulltext_fts, 0, char(2), char(3), '…', 16) AS snippet
       FROM fulltext_fts WHERE fulltext_fts MATCH @fts AND rowid BETWEEN @base AND @last ORDER BY rank LIMIT 1`,
    )
    .get({ base, last: base + PAGE_SPAN - 1, fts }) as { page: number; snippet: string } | undefined;
  return row ? { page: row.page, snippet: row.snippet.replace(/\s+/g, ' ').trim() } : null;
}

export function textCounts(db: Database): { pending: number; done: number; failed: number } {
  return db
    .prepare(
      `SELECT coalesce(sum(s.paper_id IS NULL OR s.sha256 <> f.sha256), 0) AS pending,
              coalesce(sum(s.sha256 = f.sha256 AND s.state = 'done'), 0) AS done,
              coalesce(sum(s.sha256 = f.sha256 AND s.state = 'failed'), 0) AS failed
       FROM paper_file f LEFT JOIN fulltext_state s ON s.paper_id = f.paper_id`,
    )
    .get() as { pending: number; done: number; failed: number };
}
