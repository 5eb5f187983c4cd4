import os from 'node:os';
import type { Database } from 'better-sqlite3';
import { bumpRevision } from '../db/revision';

/**
 * The one row every process on a library shares about arXiv (see migration 002): who works the
 * queue, when the last request ended, pauses and a 403 stop. Reads are cheap; each write is a
 * small IMMEDIATE transaction.
 */
interface ArxivStateRow {
  worker: string | null;
  worker_heartbeat: number;
  current_paper: number | null;
  last_request_end: number;
  not_before: number;
  pause_reason: string | null;
  blocked_at: string | null;
  blocked_reason: string | null;
  batch_total: number;
  batch_done: number;
  avg_job_ms: number | null;
}

/** A worker that has not said it is alive for this long is taken over. */
const WORKER_STALE_MS = 30_000;

export function readArxivState(db: Database): ArxivStateRow {
  return db.prepare('SELECT * FROM arxiv_state WHERE id = 1').get() as ArxivStateRow;
}

function write(db: Database, sql: string, ...params: unknown[]): void {
  db.transaction(() => {
    db.prepare(sql).run(...params);
    bumpRevision(db);
  }).immediate();
}

/** Politeness across processes and restarts: the next request waits from this moment. */
export function recordRequestActivity(db: Database, atMs: number): void {
  write(db, 'UPDATE arxiv_state SET last_request_end = max(last_request_end, ?) WHERE id = 1', atMs);
}

/** Every process holds off arXiv until `untilMs` (Retry-After, backoff). */
export function pauseArxiv(db: Database, untilMs: number, reason: string): void {
  write(db, 'UPDATE arxiv_state SET not_before = ?, pause_reason = ? WHERE id = 1 AND not_before < ?', untilMs, reason, untilMs);
}

export function setBlocked(db: Database, reason: string, atIso: string): void {
  write(db, 'UPDATE arxiv_state SET blocked_at = ?, blocked_reason = ? WHERE id = 1', atIso, reason);
}

export function clearBlocked(db: Database): void {
  write(db, 'UPDATE arxiv_state SET blocked_at = NULL, blocked_reason = NULL, not_before = 0, pause_reason = NULL WHERE id = 1');
}

/** "host pid nonce": unique per process and per worker, so two workers of one process differ too. */
export function workerName(nonce: string): string {
  return `${os.hostname()} ${process.pid} ${nonce}`;
}

/** Whether the process a worker name belongs to still runs (only knowable on this host). */
function workerAlive(name: string): boolean {
  const [host, pidText] = name.split(' ');
  if (host !== os.hostname()) return true; // another machine on a shared folder: trust the heartbeat
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function workerActive(st: ArxivStateRow, nowMs: number, alive = workerAlive): boolean {
  return !!st.worker && nowMs - st.worker_heartbeat < WORKER_STALE_MS && alive(st.worker);
}

/**
 * Takes the queue if nobody works it, or if its worker died (killed, crashed) or went silent.
 * One worker per library keeps arXiv at one connection even with the app, a server and a
 * script open on the same folder.
 */
export function tryAcquireWorker(db: Database, me: string, nowMs: number, alive = workerAlive): boolean {
  return db
    .transaction(() => {
      const st = readArxivState(db);
      if (st.worker === me) {
        db.prepare('UPDATE arxiv_state SET worker_heartbeat = ? WHERE id = 1').run(nowMs);
        return true;
      }
      if (st.worker && nowMs - st.worker_heartbeat < WORKER_STALE_MS && alive(st.worker)) return false;
      db.prepare('UPDATE arxiv_state SET worker = ?, worker_heartbeat = ?, current_paper = NULL WHERE id = 1').run(me, nowMs);
      // A worker that died mid-download left its job marked as running.
      db.prepare('UPDATE download_job SET started_at = NULL WHERE started_at IS NOT NULL').run();
      bumpRevision(db);
      return true;
    })
    .immediate();
}

export function heartbeatWorker(db: Database, me: string, nowMs: number): boolean {
  return db.prepare('UPDATE arxiv_state SET worker_heartbeat = ? WHERE id = 1 AND worker = ?').run(nowMs, me).changes === 1;
}

export function releaseWorker(db: Database, me: string): void {
  db.transaction(() => {
    if (db.prepare('UPDATE arxiv_state SET worker = NULL, current_paper = NULL WHERE id = 1 AND worker = ?').run(me).changes) bumpRevision(db);
  }).immediate();
}
