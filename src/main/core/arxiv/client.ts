import type { Database } from 'better-sqlite3';
import type { Logger } from '../logger';
import type { ArxivSettings } from './settings';
import { pauseArxiv, readArxivState, recordRequestActivity, setBlocked } from './state';

/**
 * blocked: arXiv refused us (403); all traffic stops until the user resumes it.
 * transient: try again later (timeouts, 5xx, 429/503, cut bodies); retryAfterMs when arXiv said when.
 * permanent: this request will not work (404, not a PDF, too many redirects).
 */
type ArxivErrorKind = 'blocked' | 'transient' | 'permanent';

export class ArxivError extends Error {
  constructor(
    readonly kind: ArxivErrorKind,
    message: string,
    readonly opts: { status?: number; retryAfterMs?: number; discardPart?: boolean } = {},
  ) {
    super(message);
    this.name = 'ArxivError';
  }
}

/** The work was stopped (Ctrl-C, app closing); nothing is wrong with arXiv or the paper. */
export class StoppedError extends Error {
  constructor() {
    super('stopped');
    this.name = 'StoppedError';
  }
}

interface ClientDeps {
  db: Database;
  settings: ArxivSettings;
  fetch: typeof fetch;
  /** Epoch ms; shared across processes, so pacing holds across them. */
  clock: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  nowIso: () => string;
  logger: Logger;
  /** Told when a request has to wait (pacing, Retry-After, backoff), for progress displays. */
  onWait?: (ms: number, reason: string | null) => void;
}

interface OpenResponse {
  res: Response;
  /** The URL that answered, after redirects. */
  url: string;
  /** Call on every chunk read: the idle timeout starts over. */
  touch(): void;
  /** Call once the body is read or abandoned: the pause before the next request starts now. */
  done(): void;
}

export const MAX_REDIRECTS = 5;

/**
 * The only way Lectern talks to arXiv: one request at a time (a queue in this process, one
 * worker per library across processes), at least settings.delayMs from the end of one request
 * to the start of the next (remembered in the library, so restarts and other processes keep the
 * pace), a User-Agent naming Lectern, Retry-After honoured, at most 5 http(s) redirects, an idle
 * timeout, and a 403 that stops everything and says why.
 */
export class ArxivClient {
  private chain: Promise<void> = Promise.resolve();
  private lastEnd = 0;

  constructor(private readonly d: ClientDeps) {}

  get settings(): ArxivSettings {
    return this.d.settings;
  }

  /** Waits for its turn, then returns the response; the caller reads the body and calls done(). */
  async open(url: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<OpenResponse> {
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const before = this.chain;
    this.chain = before.then(() => mine);
    await before;
    try {
      return await this.follow(url, headers, signal, release);
    } catch (e) {
      release();
      throw e;
    }
  }

  /** GET as text (the API's Atom), within the same rules. */
  async getText(url: string, signal?: AbortSignal): Promise<{ status: number; text: string }> {
    const r = await this.open(url, { Accept: 'application/atom+xml' }, signal);
    try {
      const chunks: Uint8Array[] = [];
      const reader = r.res.body?.getReader();
      if (reader) {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          r.touch();
          chunks.push(value);
        }
      }
      return { status: r.res.status, text: Buffer.concat(chunks).toString('utf8') };
    } catch (e) {
      throw this.bodyError(e, signal);
    } finally {
      r.done();
    }
  }

  /** Maps an error thrown while reading a body to what the queue should do about it. */
  bodyError(e: unknown, signal?: AbortSignal): Error {
    if (signal?.aborted) return new StoppedError();
    if (e instanceof ArxivError || e instanceof StoppedError) return e;
    if (e instanceof Error && e.name === 'TimeoutError') return new ArxivError('transient', `arXiv sent nothing for ${Math.round(this.d.settings.timeoutMs / 1000)} s`);
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
    return new ArxivError('transient', `the connection to arXiv broke off (${e instanceof Error ? e.message : String(e)}${cause})`);
  }

  private async follow(url: string, headers: Record<string, string>, signal: AbortSignal | undefined, release: () => void): Promise<OpenResponse> {
    let current = url;
    for (let hop = 0; ; hop++) {
      await this.pace(signal);
      const { db, clock, settings } = this.d;
      const controller = new AbortController();
      const onAbort = () => controller.abort(new StoppedError());
      signal?.addEventListener('abort', onAbort, { once: true });
      let timer: NodeJS.Timeout | null = null;
      const touch = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => controller.abort(Object.assign(new Error('idle timeout'), { name: 'TimeoutError' })), settings.timeoutMs);
        timer.unref?.();
      };
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.lastEnd = clock();
        recordRequestActivity(db, this.lastEnd);
      };
      recordRequestActivity(db, clock()); // a process killed mid-request still leaves the pace behind
      touch();
      let res: Response;
      try {
        res = await this.d.fetch(current, {
          headers: { 'User-Agent': settings.userAgent, ...headers },
          redirect: 'manual',
          signal: controller.signal,
        });
      } catch (e) {
        end();
        throw this.bodyError(controller.signal.reason?.name === 'TimeoutError' ? controller.signal.reason : e, signal);
      }
      const status = res.status;
      if (status >= 300 && status < 400 && status !== 304) {
        await res.body?.cancel().catch(() => {});
        end();
        const location = res.headers.get('location');
        if (!location) throw new ArxivError('permanent', `arXiv answered ${status} without saying where to go (${current})`, { status });
        if (hop >= MAX_REDIRECTS) throw new ArxivError('permanent', `more than ${MAX_REDIRECTS} redirects, last to ${location}`, { status });
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          throw new ArxivError('permanent', `redirected to something that is not a URL ("${location}")`, { status });
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new ArxivError('permanent', `redirected to a ${next.protocol.replace(':', '')} address (${next.href}); only http(s) is followed`, { status });
        }
        current = next.href;
        continue;
      }
      if (status === 403) {
        await res.body?.cancel().catch(() => {});
        end();
        const reason =
          `arXiv refused access (HTTP 403) to ${current} at ${this.d.nowIso().slice(0, 19).replace('T', ' ')}. ` +
          'arXiv does this to clients it thinks are too fast or automated; Lectern has stopped all traffic to arXiv so as not to make it worse. ' +
          'Check that you can open arxiv.org in a browser, wait a while, then resume downloads (the Resume button, or lectern download --resume-arxiv).';
        setBlocked(db, reason, this.d.nowIso());
        throw new ArxivError('blocked', reason, { status });
      }
      if (status === 429 || status >= 500) {
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), clock());
        await res.body?.cancel().catch(() => {});
        end();
        const what = status === 429 ? 'too many requests' : status === 503 ? 'service unavailable' : 'server error';
        if (retryAfterMs !== null) pauseArxiv(db, clock() + retryAfterMs, `arXiv asked to wait ${formatWait(retryAfterMs)} (HTTP ${status}, Retry-After)`);
        throw new ArxivError('transient', `arXiv answered ${status} (${what})`, { status, retryAfterMs: retryAfterMs ?? undefined });
      }
      return {
        res,
        url: current,
        touch,
        done: () => {
          end();
          release();
        },
      };
    }
  }

  /** Waits until this process may send: delay after the last request anywhere, pauses, no block. */
  private async pace(signal?: AbortSignal): Promise<void> {
    const { db, clock, settings } = this.d;
    for (;;) {
      if (signal?.aborted) throw new StoppedError();
      const st = readArxivState(db);
      if (st.blocked_at) throw new ArxivError('blocked', st.blocked_reason ?? 'arXiv refused access (HTTP 403).');
      const ready = Math.max(st.last_request_end, this.lastEnd) + settings.delayMs;
      const paused = st.not_before > ready;
      const wait = Math.max(ready, st.not_before) - clock();
      if (wait <= 0) return;
      this.d.onWait?.(wait, paused ? st.pause_reason : null);
      // Re-read now and then: another process may have resumed, paused or blocked arXiv.
      await this.d.sleep(Math.min(wait, 1000), signal);
    }
  }
}

/** Retry-After in ms from now: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v), 24 * 3600) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - nowMs), 24 * 3600 * 1000);
}

export function formatWait(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** setTimeout as a promise that ends early (without throwing) when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
