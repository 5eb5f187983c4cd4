import { createHash } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { fetchByIds, ID_BATCH, searchByTitle } from '../arxiv/api';
import { ArxivClient, ArxivError, formatWait, StoppedError } from '../arxiv/client';
import type { ArxivSettings } from '../arxiv/settings';
import { heartbeatWorker, pauseArxiv, readArxivState, releaseWorker, tryAcquireWorker, workerName } from '../arxiv/state';
import { fetchPdf } from '../downloads/fetch-pdf';
import { checkPdfFile, cleanStaleTemps, pdfPathFor, pdfRelPath } from '../downloads/files';
import { markDownloaded, markFailed, markInterrupted, markRetry, markStarted, nextJob, queuedArxivIds, setJobWaitingReview, type Job } from '../downloads/queue';
import type { Logger } from '../logger';
import { decide } from '../resolve/score';
import { applyEntry, nextTitleToResolve, nextToEnrich, saveForReview, saveResolveFailed, saveUnmatched, type TitleWork } from '../resolve/store';
import { bumpRevision } from '../library/revision';

export type WorkEvent =
  | { type: 'resolving'; paperId: number; title: string }
  | { type: 'resolved'; paperId: number; title: string; state: 'matched' | 'review' | 'unmatched' | 'enriched' | 'failed'; arxivId: string | null; note: string | null }
  | { type: 'download-start'; paperId: number; arxivId: string; title: string; resumeFrom: number }
  | { type: 'progress'; paperId: number; bytes: number; total: number | null }
  | { type: 'downloaded'; paperId: number; arxivId: string; title: string; bytes: number; already: boolean }
  | { type: 'failed'; paperId: number; title: string; reason: string }
  | { type: 'retry'; paperId: number | null; title: string; reason: string; attempt: number; waitMs: number }
  | { type: 'waiting'; ms: number; reason: string | null }
  | { type: 'other-worker' }
  | { type: 'blocked'; reason: string }
  | { type: 'cleaned'; files: string[] };

export type WorkScope = 'resolve' | 'all';

export interface WorkerDeps {
  db: Database;
  dataDir: string;
  arxiv: () => ArxivSettings;
  fetch: typeof fetch;
  clock: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => Date;
  logger: Logger;
}

export interface RunOutcome {
  /** Set when a 403 stopped traffic to arXiv. */
  blocked: string | null;
  stopped: boolean;
}

const HEARTBEAT_MS = 5000;
const POLL_MS = 2000;

/**
 * Works the queue: first enrichment of known ids (id_list, in batches), then title lookups, then
 * downloads, one request at a time through one ArxivClient. Only one process works a library's
 * queue at a time (a lease in arxiv_state, taken over when its holder dies), so arXiv sees one
 * connection however many Lecterns are open. Runs in the background (app, server) or until the
 * queue is empty (CLI).
 */
export class Worker {
  private readonly me = workerName(randomBytes(4).toString('hex'));
  private client: ArxivClient | null = null;
  private held = false;
  private heartbeat: NodeJS.Timeout | null = null;
  private cleaned = false;
  private lastJobEnd: number | null = null;
  private emit: (e: WorkEvent) => void = () => {};
  private background: { stop: AbortController; done: Promise<void>; wake: () => void } | null = null;
  private settingsError: string | null = null;

  constructor(private readonly d: WorkerDeps) {}

  /** The one client all of this process's arXiv traffic goes through (downloads, lookups, subscriptions' feeds). */
  arxivClient(): ArxivClient {
    if (!this.client) {
      this.client = new ArxivClient({
        db: this.d.db,
        settings: this.d.arxiv(),
        fetch: this.d.fetch,
        clock: this.d.clock,
        sleep: this.d.sleep,
        nowIso: () => this.d.now().toISOString(),
        logger: this.d.logger,
        onWait: (ms, reason) => this.emit({ type: 'waiting', ms, reason }),
      });
    }
    return this.client;
  }

  /** The pause between requests (for messages). */
  delayMs(): number {
    return this.d.arxiv().delayMs;
  }

  /** Whether anything in scope is waiting to be done (cheap, indexed). */
  hasWork(scope: WorkScope): boolean {
    const { db } = this.d;
    if (db.prepare("SELECT 1 FROM paper WHERE resolve_state = 'queued' LIMIT 1").get()) return true;
    return scope === 'all' && !!db.prepare("SELECT 1 FROM download_job WHERE state = 'queued' LIMIT 1").get();
  }

  private acquire(): boolean {
    if (this.held) return true;
    if (!tryAcquireWorker(this.d.db, this.me, this.d.clock())) return false;
    this.held = true;
    this.heartbeat = setInterval(() => {
      try {
        if (!heartbeatWorker(this.d.db, this.me, this.d.clock())) this.held = false;
      } catch {}
    }, HEARTBEAT_MS);
    this.heartbeat.unref?.();
    if (!this.cleaned) {
      // At start, as the only worker: no one else can be writing a temporary file now.
      this.cleaned = true;
      const files = cleanStaleTemps(this.d.dataDir, queuedArxivIds(this.d.db));
      if (files.length) this.emit({ type: 'cleaned', files });
    }
    return true;
  }

  private release(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    if (this.held) {
      this.held = false;
      try {
        releaseWorker(this.d.db, this.me);
      } catch {}
    }
  }

  /** Works until nothing in scope is left (or a 403, or the signal). Waits while another process works. */
  async runUntilIdle(opts: { scope: WorkScope; signal?: AbortSignal; onEvent?: (e: WorkEvent) => void }): Promise<RunOutcome> {
    this.emit = opts.onEvent ?? (() => {});
    const signal = opts.signal;
    let toldOther = false;
    try {
      while (!signal?.aborted) {
        const st = readArxivState(this.d.db);
        if (st.blocked_at) {
          this.emit({ type: 'blocked', reason: st.blocked_reason ?? 'arXiv refused access.' });
          return { blocked: st.blocked_reason, stopped: false };
        }
        if (!this.hasWork(opts.scope)) return { blocked: null, stopped: false };
        if (!this.acquire()) {
          if (!toldOther) this.emit({ type: 'other-worker' });
          toldOther = true;
          await this.d.sleep(500, signal);
          continue;
        }
        const r = await this.step(opts.scope, signal);
        if (r === 'blocked') {
          const reason = readArxivState(this.d.db).blocked_reason ?? 'arXiv refused access.';
          return { blocked: reason, stopped: false };
        }
        if (r === 'idle') return { blocked: null, stopped: false };
      }
      return { blocked: null, stopped: true };
    } catch (e) {
      if (e instanceof StoppedError) return { blocked: null, stopped: true };
      throw e;
    } finally {
      this.release();
      this.emit = () => {};
    }
  }

  /** Works whenever there is work, until stop(); polls for work queued by other processes. */
  startBackground(): void {
    if (this.background) return;
    const stop = new AbortController();
    let wake: () => void = () => {};
    const idle = (ms: number) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    const loop = async () => {
      while (!stop.signal.aborted) {
        let worked = false;
        try {
          if (!readArxivState(this.d.db).blocked_at && this.hasWork('all') && this.acquire()) {
            const r = await this.step('all', stop.signal);
            worked = r === 'worked';
          }
          this.settingsError = null;
        } catch (e) {
          // Once stopped, the library may already be closed under us: nothing left to report.
          if (!(e instanceof StoppedError) && !stop.signal.aborted) {
            const msg = e instanceof Error ? e.message : String(e);
            if (msg !== this.settingsError) this.d.logger.error(`download queue: ${msg}`);
            this.settingsError = msg;
          }
        }
        if (!worked) {
          this.release();
          await idle(POLL_MS);
        }
      }
      this.release();
    };
    this.background = { stop, done: loop(), wake: () => wake() };
  }

  /** Starts the background loop's next round now (new work was queued in this process). */
  wake(): void {
    this.background?.wake();
  }

  async stop(): Promise<void> {
    if (!this.background) return;
    this.background.stop.abort();
    this.background.wake();
    await this.background.done;
    this.background = null;
  }

  private async step(scope: WorkScope, signal?: AbortSignal): Promise<'worked' | 'idle' | 'blocked'> {
    const { db } = this.d;
    try {
      const batch = nextToEnrich(db, ID_BATCH);
      if (batch.length) {
        await this.enrich(batch, signal);
        return 'worked';
      }
      const t = nextTitleToResolve(db);
      if (t) {
        await this.resolveTitle(t, signal);
        return 'worked';
      }
      if (scope === 'resolve') return 'idle';
      const job = nextJob(db);
      if (job) {
        await this.download(job, signal);
        return 'worked';
      }
      return 'idle';
    } catch (e) {
      if (e instanceof ArxivError && e.kind === 'blocked') {
        this.emit({ type: 'blocked', reason: e.message });
        return 'blocked';
      }
      throw e;
    }
  }

  private backoffMs(attempt: number): number {
    const base = Math.max(this.arxivClient().settings.delayMs, 50);
    return Math.min(10 * 60_000, base * 2 ** Math.max(0, attempt - 1));
  }

  /** After a transient failure: every request to arXiv waits (Retry-After, else exponential backoff). */
  private pause(e: ArxivError, attempt: number, paperId: number | null, title: string): void {
    const waitMs = e.opts.retryAfterMs ?? this.backoffMs(attempt);
    pauseArxiv(this.d.db, this.d.clock() + waitMs, e.opts.retryAfterMs !== undefined ? `arXiv asked to wait ${formatWait(waitMs)}` : `backing off ${formatWait(waitMs)} after: ${e.message}`);
    this.emit({ type: 'retry', paperId, title, reason: e.message, attempt, waitMs });
  }

  private async enrich(batch: { id: number; arxivId: string; attempts: number }[], signal?: AbortSignal): Promise<void> {
    const { db } = this.d;
    const max = this.arxivClient().settings.maxAttempts;
    let found: Map<string, import('../arxiv/atom').ArxivEntry>;
    try {
      found = await fetchByIds(this.arxivClient(), batch.map((b) => b.arxivId), signal);
    } catch (e) {
      if (!(e instanceof ArxivError) || e.kind === 'blocked') throw e;
      const attempt = Math.max(...batch.map((b) => b.attempts)) + 1;
      const giveUp = e.kind === 'permanent' || attempt >= max;
      for (const b of batch) saveResolveFailed(db, b.id, e.message, giveUp);
      if (!giveUp) this.pause(e, attempt, null, `${batch.length} papers`);
      return;
    }
    const now = this.d.now().toISOString();
    for (const b of batch) {
      const entry = found.get(b.arxivId);
      if (entry) {
        applyEntry(db, b.id, entry, 'enriched', null, null, now);
        this.emit({ type: 'resolved', paperId: b.id, title: entry.title, state: 'enriched', arxivId: b.arxivId, note: null });
      } else {
        const note = `arXiv does not know ${b.arxivId}.`;
        saveUnmatched(db, b.id, [], note, null);
        this.emit({ type: 'resolved', paperId: b.id, title: b.arxivId, state: 'unmatched', arxivId: b.arxivId, note });
      }
    }
  }

  private async resolveTitle(t: TitleWork, signal?: AbortSignal): Promise<void> {
    const { db } = this.d;
    this.emit({ type: 'resolving', paperId: t.id, title: t.title });
    let entries;
    try {
      entries = await searchByTitle(this.arxivClient(), t.title, signal, (found) => decide(t, found).kind === 'sure');
    } catch (e) {
      if (!(e instanceof ArxivError) || e.kind === 'blocked') throw e;
      const attempt = t.attempts + 1;
      const giveUp = e.kind === 'permanent' || attempt >= this.arxivClient().settings.maxAttempts;
      saveResolveFailed(db, t.id, e.message, giveUp);
      if (giveUp) this.emit({ type: 'resolved', paperId: t.id, title: t.title, state: 'failed', arxivId: null, note: e.message });
      else this.pause(e, attempt, t.id, t.title);
      return;
    }
    const decision = decide(t, entries);
    if (decision.kind === 'sure') {
      const other = applyEntry(db, t.id, decision.best.entry, 'matched', decision.best.score, decision.note, this.d.now().toISOString());
      if (other === null) {
        this.emit({ type: 'resolved', paperId: t.id, title: t.title, state: 'matched', arxivId: decision.best.entry.arxivId, note: decision.note });
        return;
      }
      const note = `arXiv ${decision.best.entry.arxivId} is already paper #${other} in your library: the same work twice?`;
      saveForReview(db, t.id, decision.candidates, note);
      this.emit({ type: 'resolved', paperId: t.id, title: t.title, state: 'review', arxivId: null, note });
    } else if (decision.kind === 'review') {
      saveForReview(db, t.id, decision.candidates, decision.note);
      this.emit({ type: 'resolved', paperId: t.id, title: t.title, state: 'review', arxivId: null, note: decision.note });
    } else {
      saveUnmatched(db, t.id, decision.candidates, decision.note, null);
      this.emit({ type: 'resolved', paperId: t.id, title: t.title, state: 'unmatched', arxivId: null, note: decision.note });
    }
  }

  private async download(job: Job, signal?: AbortSignal): Promise<void> {
    const { db, clock } = this.d;
    if (!job.arxivId) {
      // Resolution runs before downloads, so the lookup has ended without an id.
      db.transaction(() => {
        if (job.resolveState === 'review') setJobWaitingReview(db, job.paperId);
        bumpRevision(db);
      }).immediate();
      if (job.resolveState !== 'review') {
        const reason = job.resolveNote ? `Not found on arXiv: ${job.resolveNote}` : 'The paper has no arXiv id, and none was found for its title.';
        markFailed(db, job.paperId, reason, null);
        this.emit({ type: 'failed', paperId: job.paperId, title: job.title, reason });
      }
      return;
    }
    const withId = { ...job, arxivId: job.arxivId };
    const final = pdfPathFor(this.d.dataDir, job.arxivId);
    if (fs.existsSync(final) && checkPdfFile(final, null).ok) {
      // A previous run renamed the file into place but stopped before saying so.
      const bytes = fs.statSync(final).size;
      markDownloaded(db, job.paperId, { path: pdfRelPath(job.arxivId), bytes, version: job.arxivVersion, sha256: sha256File(final) }, null, this.d.now().toISOString());
      this.emit({ type: 'downloaded', paperId: job.paperId, arxivId: job.arxivId, title: job.title, bytes, already: true });
      return;
    }
    markStarted(db, job.paperId, clock());
    this.emit({ type: 'download-start', paperId: job.paperId, arxivId: job.arxivId, title: job.title, resumeFrom: fileSize(`${final}.part`) });
    const started = clock();
    try {
      const { bytes } = await fetchPdf(
        { client: this.arxivClient(), db, dataDir: this.d.dataDir, clock, signal, onProgress: (b, total) => this.emit({ type: 'progress', paperId: job.paperId, bytes: b, total }) },
        withId,
      );
      const end = clock();
      const jobMs = this.lastJobEnd !== null ? end - this.lastJobEnd : end - started + this.arxivClient().settings.delayMs;
      this.lastJobEnd = end;
      markDownloaded(db, job.paperId, { path: pdfRelPath(job.arxivId), bytes, version: job.arxivVersion, sha256: sha256File(final) }, jobMs, this.d.now().toISOString());
      this.emit({ type: 'downloaded', paperId: job.paperId, arxivId: job.arxivId, title: job.title, bytes, already: false });
    } catch (e) {
      if (e instanceof StoppedError || (e instanceof ArxivError && e.kind === 'blocked')) {
        try {
          markInterrupted(db, job.paperId);
        } catch {}
        throw e;
      }
      if (e instanceof ArxivError && e.kind === 'transient') {
        const attempt = markRetry(db, job.paperId, e.message, !!e.opts.discardPart);
        if (attempt >= this.arxivClient().settings.maxAttempts) {
          const reason = `${capitalize(e.message)} (gave up after ${attempt} tries).`;
          markFailed(db, job.paperId, reason, null);
          this.emit({ type: 'failed', paperId: job.paperId, title: job.title, reason });
        } else this.pause(e, attempt, job.paperId, job.title);
        return;
      }
      // Permanent: arXiv's answer will not change (404, a web page, not a PDF), or the disk refused.
      const reason = e instanceof ArxivError ? capitalize(e.message) : `Could not save the PDF: ${e instanceof Error ? e.message : String(e)}`;
      if (!(e instanceof ArxivError)) this.d.logger.error(`download of ${job.arxivId} failed`, e);
      markFailed(db, job.paperId, reason, null);
      this.emit({ type: 'failed', paperId: job.paperId, title: job.title, reason });
    }
  }
}

function capitalize(s: string): string {
  return s.startsWith('arXiv') ? s : s.charAt(0).toUpperCase() + s.slice(1);
}

function fileSize(f: string): number {
  try {
    return fs.statSync(f).size;
  } catch {
    return 0;
  }
}

function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
