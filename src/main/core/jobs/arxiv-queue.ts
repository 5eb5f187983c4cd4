import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { ID_BATCH } from '../arxiv/api';
import { ArxivClient, ArxivError, formatWait, StoppedError } from '../arxiv/client';
import type { ArxivSettings } from '../arxiv/settings';
import type { WebSettings } from '../crossref/settings';
import { HostClient } from '../downloads/hosts';
import { nextDoiToLookUp } from '../resolve/crossref-store';
import { lookUpDoi } from './crossref';
import { heartbeatWorker, pauseArxiv, readArxivState, releaseWorker, tryAcquireWorker, workerName } from '../arxiv/state';
import { cleanStaleTemps } from '../downloads/files';
import { nextJob, queuedArxivIds } from '../downloads/queue';
import type { Logger } from '../logger';
import { nextTitleToResolve, nextToEnrich } from '../resolve/store';
import { downloadJob, type DownloadPace } from './download';
import { enrichKnownIds } from './enrich';
import type { WorkEvent, WorkScope } from './events';
import { resolveByTitle } from './resolve-title';
import type { StepContext } from './step';

export interface ArxivQueueDeps {
  db: Database;
  dataDir: string;
  arxiv: () => ArxivSettings;
  /** Crossref, Unpaywall, doi.org and preprint servers, and the pace per host. */
  web: () => WebSettings;
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
 * Works the library's queue through four pipelines, in this order: enrichment of known arXiv ids
 * (id_list, in batches; enrich.ts), DOI lookups on Crossref (crossref.ts), title lookups
 * (resolve-title.ts), then PDF downloads (download.ts: arXiv's, or an open copy of a DOI's), one
 * request at a time through one ArxivClient, and one at a time per host through one HostClient. Only one process works a
 * library's queue at a time (a lease in arxiv_state, taken over when its holder dies), so arXiv
 * sees one connection however many Lecterns are open. Runs in the background (app, server) or
 * until the queue is empty (CLI).
 */
export class ArxivQueue {
  private readonly me = workerName(randomBytes(4).toString('hex'));
  private client: ArxivClient | null = null;
  private hosts: HostClient | null = null;
  private held = false;
  private heartbeat: NodeJS.Timeout | null = null;
  private cleaned = false;
  private readonly pace: DownloadPace = { lastJobEnd: null };
  private emit: (e: WorkEvent) => void = () => {};
  private background: { stop: AbortController; done: Promise<void>; wake: () => void } | null = null;
  private settingsError: string | null = null;

  constructor(private readonly d: ArxivQueueDeps) {}

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

  /** The one client of every host but arXiv (Crossref, Unpaywall, publishers, preprint servers). */
  hostClient(): HostClient {
    if (!this.hosts) {
      this.hosts = new HostClient({
        db: this.d.db,
        fetch: this.d.fetch,
        clock: this.d.clock,
        sleep: this.d.sleep,
        settings: () => this.d.web(),
        onWait: (ms, reason) => this.emit({ type: 'waiting', ms, reason }),
      });
    }
    return this.hosts;
  }

  /** The pause between requests (for messages); reading it refuses a malformed setting. */
  delayMs(): number {
    return this.d.arxiv().delayMs;
  }

  /** Whether anything in scope is waiting to be done (cheap, indexed). */
  hasWork(scope: WorkScope): boolean {
    const { db } = this.d;
    if (db.prepare("SELECT 1 FROM paper WHERE resolve_state = 'queued' LIMIT 1").get()) return true;
    if (db.prepare("SELECT 1 FROM paper WHERE crossref_state = 'queued' LIMIT 1").get()) return true;
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

  private context(): StepContext {
    const { db, dataDir, now, clock, logger } = this.d;
    return { db, dataDir, now, clock, logger, client: this.arxivClient(), hosts: this.hostClient(), web: this.d.web(), emit: (e) => this.emit(e), pause: (e, attempt, paperId, title) => this.pause(e, attempt, paperId, title) };
  }

  /** One piece of work from the first pipeline that has any. */
  private async step(scope: WorkScope, signal?: AbortSignal): Promise<'worked' | 'idle' | 'blocked'> {
    const { db } = this.d;
    try {
      const batch = nextToEnrich(db, ID_BATCH);
      if (batch.length) {
        await enrichKnownIds(this.context(), batch, signal);
        return 'worked';
      }
      const doi = nextDoiToLookUp(db);
      if (doi) {
        await lookUpDoi(this.context(), doi, signal);
        return 'worked';
      }
      const t = nextTitleToResolve(db);
      if (t) {
        await resolveByTitle(this.context(), t, signal);
        return 'worked';
      }
      if (scope === 'resolve') return 'idle';
      const job = nextJob(db);
      if (job) {
        await downloadJob(this.context(), job, this.pace, signal);
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
}
