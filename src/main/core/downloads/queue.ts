import type { Database } from 'better-sqlite3';
import { bumpRevision } from '../db/revision';
import { PLACEHOLDER_TITLE_SQL } from '../library/placeholder';

/**
 * The download queue, kept in the library (download_job). A job exists exactly while its paper's
 * pdf_state is 'queued'; it ends as 'downloaded' (with its paper_file row) or 'failed' (with pdf_error).
 * Every change is one IMMEDIATE transaction that bumps the revision, so a killed process leaves a
 * consistent queue and open windows see the change.
 */
export interface Job {
  paperId: number;
  arxivId: string | null;
  arxivVersion: number | null;
  /** A paper without an arXiv id is fetched by its DOI (an open copy: Unpaywall, its landing page, bioRxiv). */
  doi: string | null;
  preprintServer: string | null;
  title: string;
  resolveState: string | null;
  resolveNote: string | null;
  attempts: number;
  bytes: number;
  total: number | null;
  etag: string | null;
}

export interface EnqueueOutcome {
  queued: number;
  /** Left out: not on arXiv (by lookup or by the user's review); naming them tries again. */
  notOnArxiv: number;
  alreadyDownloaded: number;
  alreadyQueued: number;
  needResolving: number;
  ids: number[];
}

/**
 * The batch (the progress bar's "12 of 29") counts the jobs that can run: it starts when work is
 * queued on an idle queue, and a job waiting for the user's review leaves it until picked.
 */
function runnable(db: Database): boolean {
  return !!db.prepare("SELECT 1 FROM download_job WHERE state = 'queued' LIMIT 1").get();
}

export function enqueueDownloads(db: Database, ids: number[], opts: { retryFailed?: boolean; named?: boolean }, nowIso: string): EnqueueOutcome {
  const get = db.prepare(`SELECT id, arxiv_id, doi, crossref_state, pdf_state, resolve_state, coalesce(${PLACEHOLDER_TITLE_SQL}, 0) AS made_up FROM paper WHERE id = ?`);
  const crossrefFirst = db.prepare("UPDATE paper SET crossref_state = 'queued', crossref_attempts = 0 WHERE id = ?");
  const insert = db.prepare("INSERT INTO download_job (paper_id, seq, state, queued_at) VALUES (?, ?, ?, ?)");
  const setQueued = db.prepare("UPDATE paper SET pdf_state = 'queued', pdf_error = NULL WHERE id = ?");
  const resolveFirst = db.prepare("UPDATE paper SET resolve_state = 'queued', resolve_attempts = 0, resolve_note = NULL WHERE id = ?");
  return db
    .transaction((): EnqueueOutcome => {
      const out: EnqueueOutcome = { queued: 0, notOnArxiv: 0, alreadyDownloaded: 0, alreadyQueued: 0, needResolving: 0, ids: [] };
      let counted = 0;
      const wasEmpty = !runnable(db);
      let seq = (db.prepare('SELECT coalesce(max(seq), 0) FROM download_job').pluck().get() as number) + 1;
      for (const id of ids) {
        const p = get.get(id) as { id: number; arxiv_id: string | null; doi: string | null; crossref_state: string | null; pdf_state: string; resolve_state: string | null; made_up: number } | undefined;
        if (!p) continue;
        if (p.pdf_state === 'downloaded') {
          out.alreadyDownloaded++;
          continue;
        }
        if (p.pdf_state === 'queued') {
          out.alreadyQueued++;
          continue;
        }
        if (opts.retryFailed && p.pdf_state !== 'failed') continue;
        if (!p.arxiv_id && !p.doi && p.resolve_state === 'unmatched' && !opts.named) {
          out.notOnArxiv++;
          continue;
        }
        let state = 'queued';
        if (!p.arxiv_id && p.doi) {
          // Fetched by its DOI; Crossref's record first (its title, and the server of a preprint).
          if (p.crossref_state === null) {
            crossrefFirst.run(id);
            out.needResolving++;
          }
        } else if (!p.arxiv_id) {
          out.needResolving++;
          if (p.resolve_state === 'review') state = 'review';
          else if (p.resolve_state !== 'queued') resolveFirst.run(id);
        } else if (p.made_up && p.resolve_state === null) {
          // Known by its id alone (a bare link): arXiv's record, fetched before the PDF, gives it a title.
          resolveFirst.run(id);
        }
        insert.run(id, seq++, state, nowIso);
        setQueued.run(id);
        out.queued++;
        if (state === 'queued') counted++;
        out.ids.push(id);
      }
      if (out.queued) {
        if (wasEmpty) db.prepare('UPDATE arxiv_state SET batch_total = 0, batch_done = 0 WHERE id = 1').run();
        db.prepare('UPDATE arxiv_state SET batch_total = batch_total + ? WHERE id = 1').run(counted);
        bumpRevision(db);
      }
      return out;
    })
    .immediate();
}

export function cancelDownloads(db: Database, ids: number[]): number {
  const del = db.prepare('DELETE FROM download_job WHERE paper_id = ?');
  const reset = db.prepare("UPDATE paper SET pdf_state = 'none' WHERE id = ? AND pdf_state = 'queued'");
  const state = db.prepare('SELECT state FROM download_job WHERE paper_id = ?').pluck();
  return db
    .transaction(() => {
      let n = 0;
      let counted = 0;
      for (const id of ids) {
        if (state.get(id) === 'queued') counted++;
        if (del.run(id).changes) {
          reset.run(id);
          n++;
        }
      }
      if (n) {
        db.prepare('UPDATE arxiv_state SET batch_total = max(batch_done, batch_total - ?) WHERE id = 1').run(counted);
        bumpRevision(db);
      }
      return n;
    })
    .immediate();
}

const JOB_SQL = `SELECT j.paper_id AS paperId, p.arxiv_id AS arxivId, p.arxiv_version AS arxivVersion, p.doi, p.preprint_server AS preprintServer, p.title,
  p.resolve_state AS resolveState, p.resolve_note AS resolveNote, j.attempts, j.bytes, j.total, j.etag
  FROM download_job j JOIN paper p ON p.id = j.paper_id`;

/** The next job to work on, in queue order; jobs waiting for a review are passed over. */
export function nextJob(db: Database): Job | null {
  return (db.prepare(`${JOB_SQL} WHERE j.state = 'queued' ORDER BY j.seq LIMIT 1`).get() as Job | undefined) ?? null;
}

export function queuedArxivIds(db: Database): Set<string> {
  return new Set(db.prepare('SELECT p.arxiv_id FROM download_job j JOIN paper p ON p.id = j.paper_id WHERE p.arxiv_id IS NOT NULL').pluck().all() as string[]);
}

function tx(db: Database, fn: () => void): void {
  db.transaction(() => {
    fn();
    bumpRevision(db);
  }).immediate();
}

export function markStarted(db: Database, paperId: number, atMs: number): void {
  tx(db, () => {
    db.prepare('UPDATE download_job SET started_at = ? WHERE paper_id = ?').run(atMs, paperId);
    db.prepare('UPDATE arxiv_state SET current_paper = ? WHERE id = 1').run(paperId);
  });
}

/** What the file being written is: its size so far, announced total and ETag (for resuming). */
export function recordProgress(db: Database, paperId: number, bytes: number, total: number | null, etag: string | null): void {
  tx(db, () => db.prepare('UPDATE download_job SET bytes = ?, total = ?, etag = ? WHERE paper_id = ?').run(bytes, total, etag, paperId));
}

function finishJob(db: Database, paperId: number, jobMs: number | null): void {
  const state = db.prepare('SELECT state FROM download_job WHERE paper_id = ?').pluck().get(paperId);
  db.prepare('DELETE FROM download_job WHERE paper_id = ?').run(paperId);
  if (state === 'queued') db.prepare('UPDATE arxiv_state SET batch_done = min(batch_total, batch_done + 1) WHERE id = 1').run();
  db.prepare('UPDATE arxiv_state SET current_paper = NULL WHERE id = 1').run();
  if (jobMs !== null) {
    // A moving average of the time per paper (pauses included): the basis of "time left".
    db.prepare('UPDATE arxiv_state SET avg_job_ms = CASE WHEN avg_job_ms IS NULL THEN ? ELSE CAST(avg_job_ms * 0.7 + ? * 0.3 AS INTEGER) END WHERE id = 1').run(jobMs, jobMs);
  }
}

export function markDownloaded(
  db: Database,
  paperId: number,
  file: { path: string; bytes: number; version: number | null; sha256: string },
  jobMs: number | null,
  now: string,
  source = 'arxiv',
): void {
  tx(db, () => {
    db.prepare("UPDATE paper SET pdf_state = 'downloaded', pdf_version = ?, pdf_error = NULL WHERE id = ?").run(file.version, paperId);
    // The file itself is recorded once, in paper_file (migration 009).
    db.prepare(
      `INSERT INTO paper_file (paper_id, rel_path, bytes, sha256, source, added_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (paper_id) DO UPDATE SET rel_path = excluded.rel_path, bytes = excluded.bytes, sha256 = excluded.sha256,
         source = excluded.source, added_at = excluded.added_at`,
    ).run(paperId, file.path, file.bytes, file.sha256, source, now);
    finishJob(db, paperId, jobMs);
  });
}

export function markFailed(db: Database, paperId: number, reason: string, jobMs: number | null): void {
  tx(db, () => {
    db.prepare("UPDATE paper SET pdf_state = 'failed', pdf_error = ? WHERE id = ?").run(reason, paperId);
    finishJob(db, paperId, jobMs);
  });
}

/** A try that failed but may work later; the job keeps its place. */
export function markRetry(db: Database, paperId: number, reason: string, resetFile: boolean): number {
  let attempts = 0;
  tx(db, () => {
    db.prepare(`UPDATE download_job SET attempts = attempts + 1, last_error = ?, started_at = NULL${resetFile ? ', bytes = 0, total = NULL, etag = NULL' : ''} WHERE paper_id = ?`).run(reason, paperId);
    attempts = (db.prepare('SELECT attempts FROM download_job WHERE paper_id = ?').pluck().get(paperId) as number | undefined) ?? 0;
    db.prepare('UPDATE arxiv_state SET current_paper = NULL WHERE id = 1').run();
  });
  return attempts;
}

/** The download stopped without a verdict (Ctrl-C, a 403): it keeps its place and its partial file. */
export function markInterrupted(db: Database, paperId: number): void {
  tx(db, () => {
    db.prepare('UPDATE download_job SET started_at = NULL WHERE paper_id = ?').run(paperId);
    db.prepare('UPDATE arxiv_state SET current_paper = NULL WHERE id = 1').run();
  });
}

/** The paper's arXiv match waits for the user; the job steps aside (and out of the batch) until then. */
export function setJobWaitingReview(db: Database, paperId: number): void {
  if (db.prepare("UPDATE download_job SET state = 'review' WHERE paper_id = ? AND state = 'queued'").run(paperId).changes) {
    db.prepare('UPDATE arxiv_state SET batch_total = max(batch_done, batch_total - 1) WHERE id = 1').run();
  }
}

/** The user picked the paper's match: its download joins the batch (a new one if the queue was idle). */
export function setJobRunnable(db: Database, paperId: number): boolean {
  const wasEmpty = !runnable(db);
  if (!db.prepare("UPDATE download_job SET state = 'queued' WHERE paper_id = ? AND state = 'review'").run(paperId).changes) return false;
  if (wasEmpty) db.prepare('UPDATE arxiv_state SET batch_total = 0, batch_done = 0 WHERE id = 1').run();
  db.prepare('UPDATE arxiv_state SET batch_total = batch_total + 1 WHERE id = 1').run();
  return true;
}

export interface QueueCounts {
  queued: number;
  waitingReview: number;
  downloaded: number;
  failed: number;
}

export function queueCounts(db: Database): QueueCounts {
  const j = db.prepare("SELECT count(*) AS n, coalesce(sum(state = 'review'), 0) AS review FROM download_job").get() as { n: number; review: number };
  const p = db.prepare("SELECT coalesce(sum(pdf_state = 'downloaded'), 0) AS downloaded, coalesce(sum(pdf_state = 'failed'), 0) AS failed FROM paper WHERE pdf_state IN ('downloaded', 'failed')").get() as { downloaded: number; failed: number };
  return { queued: j.n - j.review, waitingReview: j.review, downloaded: p.downloaded, failed: p.failed };
}
