import type { Database } from 'better-sqlite3';
import { formatWait, MAX_REDIRECTS, parseRetryAfter, StoppedError } from '../arxiv/client';

/**
 * transient: try again later (timeouts, 429, 5xx, cut bodies); retryAfterMs when the host said when.
 * permanent: this request will not work (404, a web page instead of a PDF, too many redirects).
 */
export class HostError extends Error {
  constructor(
    readonly kind: 'transient' | 'permanent',
    message: string,
    readonly opts: { status?: number; retryAfterMs?: number; host?: string } = {},
  ) {
    super(message);
    this.name = 'HostError';
  }
}

export interface HostClientDeps {
  db: Database;
  fetch: typeof fetch;
  /** Epoch ms, shared across processes (the pace per host is kept in the library). */
  clock: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  settings: () => { hostDelayMs: number; timeoutMs: number; userAgent: string };
  onWait?: (ms: number, reason: string | null) => void;
}

export interface HostResponse {
  res: Response;
  /** The URL that answered, after redirects. */
  url: string;
  touch(): void;
  /** Call once the body is read or abandoned: the host's pause starts now and the next request may go. */
  done(): void;
}

interface HostRow {
  last_request_end: number;
  not_before: number;
  pause_reason: string | null;
}

/** The host a URL's requests are paced by (its name, lower-cased, with the port when one is given). */
export function hostOf(u: string): string {
  return new URL(u).host.toLowerCase();
}

/**
 * Every request Lectern makes to a host other than arXiv (Crossref, Unpaywall, doi.org,
 * publishers, bioRxiv): one at a time per host, at least hostDelayMs from the end of one to the
 * start of the next, a 429 or 503 pausing that host (its Retry-After, else exponential backoff),
 * and the pace kept in the library (host_state) so a restart does not start over. Redirects are
 * followed (http(s) only, at most 5), each hop taking its own host's turn.
 */
export class HostClient {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly d: HostClientDeps) {}

  get settings() {
    return this.d.settings();
  }

  /** Waits for the host's turn, then returns the response; the caller reads the body and calls done(). */
  async open(url: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<HostResponse> {
    let current = url;
    for (let hop = 0; ; hop++) {
      const host = hostOf(current);
      const release = await this.turn(host);
      let r: { res: Response; end: () => void; touch: () => void };
      try {
        r = await this.request(host, current, headers, signal);
      } catch (e) {
        release();
        throw e;
      }
      const { res } = r;
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        await res.body?.cancel().catch(() => {});
        r.end();
        release();
        const location = res.headers.get('location');
        if (!location) throw new HostError('permanent', `${host} answered ${res.status} without saying where to go`, { status: res.status, host });
        if (hop >= MAX_REDIRECTS) throw new HostError('permanent', `more than ${MAX_REDIRECTS} redirects, last to ${location}`, { status: res.status, host });
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          throw new HostError('permanent', `${host} redirected to something that is not a URL ("${location.slice(0, 200)}")`, { host });
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new HostError('permanent', `${host} redirected to a ${next.protocol.replace(':', '')} address; only http(s) is followed`, { host });
        current = next.href;
        continue;
      }
      if (res.status === 429 || res.status === 503 || res.status >= 500) {
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.d.clock());
        await res.body?.cancel().catch(() => {});
        r.end();
        release();
        if (retryAfterMs !== null) this.pause(host, retryAfterMs, `${host} asked to wait ${formatWait(retryAfterMs)} (HTTP ${res.status})`);
        const what = res.status === 429 ? 'too many requests' : res.status === 503 ? 'service unavailable' : 'server error';
        throw new HostError('transient', `${host} answered ${res.status} (${what})`, { status: res.status, retryAfterMs: retryAfterMs ?? undefined, host });
      }
      return {
        res,
        url: current,
        touch: r.touch,
        done: () => {
          r.end();
          release();
        },
      };
    }
  }

  /** GET a body of at most maxBytes as text, within the same rules. */
  async getText(url: string, headers: Record<string, string>, signal?: AbortSignal, maxBytes = 16 * 1024 * 1024): Promise<{ status: number; text: string; url: string; contentType: string }> {
    const r = await this.open(url, headers, signal);
    try {
      const chunks: Uint8Array[] = [];
      let size = 0;
      const reader = r.res.body?.getReader();
      if (reader) {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          r.touch();
          size += value.length;
          if (size > maxBytes) {
            await reader.cancel().catch(() => {});
            throw new HostError('permanent', `${hostOf(r.url)} sent more than ${Math.round(maxBytes / 1024 / 1024)} MB where a small answer was expected`);
          }
          chunks.push(value);
        }
      }
      return { status: r.res.status, text: Buffer.concat(chunks).toString('utf8'), url: r.url, contentType: r.res.headers.get('content-type') ?? '' };
    } catch (e) {
      throw this.bodyError(e, signal, r.url);
    } finally {
      r.done();
    }
  }

  /** Holds every request to `host` off for `ms` (Retry-After, or backoff after a failure). */
  pause(host: string, ms: number, reason: string): void {
    const until = this.d.clock() + ms;
    this.d.db
      .prepare(
        `INSERT INTO host_state (host, not_before, pause_reason) VALUES (?, ?, ?)
         ON CONFLICT (host) DO UPDATE SET not_before = max(not_before, excluded.not_before), pause_reason = excluded.pause_reason`,
      )
      .run(host, until, reason);
  }

  /** Maps an error thrown while reading a body to what the queue should do about it. */
  bodyError(e: unknown, signal: AbortSignal | undefined, url: string): Error {
    if (signal?.aborted) return new StoppedError();
    if (e instanceof HostError || e instanceof StoppedError) return e;
    const host = safeHost(url);
    if (e instanceof Error && e.name === 'TimeoutError') return new HostError('transient', `${host} sent nothing for ${Math.round(this.d.settings().timeoutMs / 1000)} s`, { host });
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
    return new HostError('transient', `the connection to ${host} broke off (${e instanceof Error ? e.message : String(e)}${cause})`, { host });
  }

  /** One request at a time per host: resolves with the function that lets the next one go. */
  private async turn(host: string): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const before = this.chains.get(host) ?? Promise.resolve();
    this.chains.set(host, before.then(() => mine));
    await before;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  }

  private async request(host: string, url: string, headers: Record<string, string>, signal?: AbortSignal) {
    await this.pace(host, signal);
    const { timeoutMs, userAgent } = this.d.settings();
    const controller = new AbortController();
    const onAbort = () => controller.abort(new StoppedError());
    signal?.addEventListener('abort', onAbort, { once: true });
    let timer: NodeJS.Timeout | null = null;
    const touch = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => controller.abort(Object.assign(new Error('idle timeout'), { name: 'TimeoutError' })), timeoutMs);
      timer.unref?.();
    };
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      this.record(host);
    };
    this.record(host); // a process killed mid-request still leaves the pace behind
    touch();
    try {
      const res = await this.d.fetch(url, { headers: { 'User-Agent': userAgent, ...headers }, redirect: 'manual', signal: controller.signal });
      return { res, end, touch };
    } catch (e) {
      end();
      throw this.bodyError(controller.signal.reason?.name === 'TimeoutError' ? controller.signal.reason : e, signal, url);
    }
  }

  private record(host: string): void {
    this.d.db
      .prepare(
        `INSERT INTO host_state (host, last_request_end) VALUES (?, ?)
         ON CONFLICT (host) DO UPDATE SET last_request_end = max(last_request_end, excluded.last_request_end)`,
      )
      .run(host, this.d.clock());
  }

  private async pace(host: string, signal?: AbortSignal): Promise<void> {
    const get = this.d.db.prepare('SELECT last_request_end, not_before, pause_reason FROM host_state WHERE host = ?');
    for (;;) {
      if (signal?.aborted) throw new StoppedError();
      const st = (get.get(host) as HostRow | undefined) ?? { last_request_end: 0, not_before: 0, pause_reason: null };
      const ready = st.last_request_end + this.d.settings().hostDelayMs;
      const wait = Math.max(ready, st.not_before) - this.d.clock();
      if (wait <= 0) return;
      this.d.onWait?.(wait, st.not_before > ready ? st.pause_reason : null);
      await this.d.sleep(Math.min(wait, 1000), signal);
    }
  }
}

function safeHost(u: string): string {
  try {
    return hostOf(u);
  } catch {
    return 'the server';
  }
}
