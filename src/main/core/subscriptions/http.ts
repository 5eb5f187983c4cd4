import { ArxivError, formatWait, parseRetryAfter, StoppedError, type ArxivClient } from '../arxiv/client';

/** The largest answer a source may send (a day of HF papers is ~100 KB; a big feed a few MB). */
export const MAX_FEED_BYTES = 32 * 1024 * 1024;

/** A source could not be read now: the reason a user reads, and when to ask again if it said. */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

export type Fetched =
  | { status: 'ok'; text: string; etag: string | null; lastModified: string | null; contentType: string }
  | { status: 'not-modified' };

export interface HttpDeps {
  fetch: typeof fetch;
  userAgent: string;
  /** A request that has not finished by then is given up. */
  timeoutMs: number;
  clock: () => number;
}

const conditional = (c: { etag: string | null; lastModified: string | null }): Record<string, string> => ({
  ...(c.etag ? { 'If-None-Match': c.etag } : {}),
  ...(c.lastModified ? { 'If-Modified-Since': c.lastModified } : {}),
});

/**
 * GET with a conditional request (ETag / Last-Modified from the last answer), a timeout, and a
 * refusal of what is not a feed: an error status, a web page where data was expected, an
 * oversized body. Through the arXiv client for arXiv's feeds, so they keep arXiv's pace (one
 * connection, the delay between requests, Retry-After, a 403 stopping everything).
 */
export async function getConditional(url: string, cond: { etag: string | null; lastModified: string | null }, deps: HttpDeps, arxiv: ArxivClient | null): Promise<Fetched> {
  const headers = { Accept: 'application/json, application/rss+xml, application/atom+xml, application/feed+json, text/xml;q=0.9, */*;q=0.5', ...conditional(cond) };
  if (arxiv) return viaArxiv(url, headers, arxiv);
  const signal = AbortSignal.timeout(deps.timeoutMs);
  let res: Response;
  try {
    res = await deps.fetch(url, { headers: { 'User-Agent': deps.userAgent, ...headers }, redirect: 'follow', signal });
  } catch (e) {
    throw networkError(e, deps.timeoutMs, url);
  }
  try {
    return await readAnswer(res, url, deps.clock());
  } catch (e) {
    if (e instanceof SourceError) throw e;
    throw networkError(e, deps.timeoutMs, url);
  }
}

async function viaArxiv(url: string, headers: Record<string, string>, client: ArxivClient): Promise<Fetched> {
  let opened;
  try {
    opened = await client.open(url, headers);
  } catch (e) {
    throw arxivError(e);
  }
  try {
    const res = opened.res;
    if (res.status === 304) return { status: 'not-modified' };
    const bytes = await readBody(res, url, opened.touch);
    return checked(res, url, bytes);
  } catch (e) {
    throw e instanceof SourceError ? e : arxivError(client.bodyError(e));
  } finally {
    opened.done();
  }
}

function arxivError(e: unknown): SourceError {
  if (e instanceof ArxivError) return new SourceError(e.message, e.opts.retryAfterMs ?? null);
  if (e instanceof StoppedError) return new SourceError('stopped before arXiv answered');
  return new SourceError(e instanceof Error ? e.message : String(e));
}

async function readAnswer(res: Response, url: string, nowMs: number): Promise<Fetched> {
  if (res.status === 304) {
    await res.body?.cancel().catch(() => {});
    return { status: 'not-modified' };
  }
  if (res.status !== 200) {
    const retry = parseRetryAfter(res.headers.get('retry-after'), nowMs);
    await res.body?.cancel().catch(() => {});
    const what = res.status === 503 ? ' (service unavailable)' : res.status === 429 ? ' (too many requests)' : res.status === 404 ? ' (not found)' : '';
    throw new SourceError(`${host(url)} answered HTTP ${res.status}${what}${retry !== null ? `, and asked to wait ${formatWait(retry)}` : ''}`, retry);
  }
  return checked(res, url, await readBody(res, url, () => {}));
}

function checked(res: Response, url: string, bytes: Buffer): Fetched {
  if (res.status !== 200) throw new SourceError(`${host(url)} answered HTTP ${res.status}`);
  const contentType = res.headers.get('content-type') ?? '';
  const text = bytes.toString('utf8');
  const head = text.slice(0, 2000).replace(/^\uFEFF/, '').trimStart();
  if (/^text\/html/i.test(contentType) || /^<!doctype html|^<html[\s>]/i.test(head)) {
    throw new SourceError(`${host(url)} answered with a web page, not a feed (HTTP 200, ${contentType || 'no content type'}): perhaps a login, captcha or error page`);
  }
  return { status: 'ok', text, etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified'), contentType };
}

async function readBody(res: Response, url: string, touch: () => void): Promise<Buffer> {
  const announced = Number(res.headers.get('content-length') ?? NaN);
  if (announced > MAX_FEED_BYTES) {
    await res.body?.cancel().catch(() => {});
    throw new SourceError(`${host(url)} sent ${Math.round(announced / 1048576)} MB; a feed of more than ${MAX_FEED_BYTES / 1048576} MB is refused`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      touch();
      size += value.byteLength;
      if (size > MAX_FEED_BYTES) {
        await reader.cancel().catch(() => {});
        throw new SourceError(`${host(url)} sent more than ${MAX_FEED_BYTES / 1048576} MB; refused`);
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

function networkError(e: unknown, timeoutMs: number, url: string): SourceError {
  const err = e as Error & { cause?: Error };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return new SourceError(`${host(url)} did not answer within ${Math.round(timeoutMs / 1000)} s`);
  const cause = err?.cause?.message ? `: ${err.cause.message}` : '';
  return new SourceError(`could not reach ${host(url)} (${err?.message ?? String(e)}${cause})`);
}

export function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
