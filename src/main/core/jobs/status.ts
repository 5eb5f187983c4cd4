import type { Database } from 'better-sqlite3';
import type { WorkStatus } from '../../../shared/methods/arxiv';
import { readArxivState, workerActive } from '../arxiv/state';
import { queueCounts } from '../downloads/queue';
import { resolveCounts } from '../resolve/store';

/**
 * Where the queue stands, read from the library, so any process (the UI of the app, `lectern
 * serve`, a CLI waiting on another process) shows the same progress. Time left is the remaining
 * papers times the recent time per paper (pauses included), never less than the pacing allows.
 */
export function workStatus(db: Database, nowMs: number, delayMs: number): WorkStatus {
  const st = readArxivState(db);
  const q = queueCounts(db);
  const r = resolveCounts(db);
  const current = st.current_paper
    ? ((db
        .prepare('SELECT p.id AS paperId, p.arxiv_id AS arxivId, p.title, j.bytes, j.total FROM download_job j JOIN paper p ON p.id = j.paper_id WHERE j.paper_id = ?')
        .get(st.current_paper) as WorkStatus['download']['current'] | undefined) ?? null)
    : null;
  const perPaper = Math.max(st.avg_job_ms ?? delayMs + 2000, delayMs);
  let eta: number | null = null;
  if (q.queued > 0) {
    const partDone = current?.total ? current.bytes / current.total : 0;
    const pause = Math.max(0, st.not_before - nowMs);
    eta = Math.round(((q.queued - partDone) * perPaper + pause + r.queued * delayMs) / 1000);
  }
  return {
    active: workerActive(st, nowMs),
    resolve: r,
    download: {
      queued: q.queued,
      waitingReview: q.waitingReview,
      downloaded: q.downloaded,
      failed: q.failed,
      batchDone: st.batch_done,
      batchTotal: st.batch_total,
      etaSeconds: eta,
      current,
    },
    blocked: st.blocked_at ? { at: st.blocked_at, reason: st.blocked_reason ?? 'arXiv refused access (HTTP 403).' } : null,
    pausedUntil: st.not_before > nowMs ? new Date(st.not_before).toISOString() : null,
    pauseReason: st.not_before > nowMs ? st.pause_reason : null,
  };
}
