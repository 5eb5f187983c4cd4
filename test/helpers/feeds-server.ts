import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CORPUS } from './paths';

/**
 * A local stand-in for the sources subscriptions read, speaking their real formats with real
 * files from the corpus:
 * - HF's daily papers API, by date: GET /api/daily_papers?date=YYYY-MM-DD answers the JSON of
 *   corpus/hf-json mapped to that day (an empty list, as the API does, for a day without papers);
 * - arXiv's category RSS: GET /rss/cs.AI (corpus/rss, the real rss.arxiv.org feed), /rss/cs.CL
 *   (the derived cs.CL feed), and "a+b" as one feed with the items of both;
 * - any other feed: GET /feeds/<file> serves corpus/<file> (journal RSS, JSON Feed).
 * Every answer has an ETag and a Last-Modified and honours If-None-Match / If-Modified-Since with
 * 304. Faults per path: a status (503 with Retry-After), an HTML page with 200, or silence.
 */
export type FeedFault = { kind: 'status'; status: number; retryAfter?: string } | { kind: 'html' } | { kind: 'hang' };

export interface FeedRequest {
  path: string;
  status: number;
  headers: http.IncomingHttpHeaders;
}

export interface FeedsServer {
  url: string;
  env: Record<string, string>;
  requests: FeedRequest[];
  /** day → corpus file under hf-json/ (or null: no papers that day). */
  days: Map<string, string | null>;
  /** A fault for every request whose path starts with `prefix`, until cleared. */
  fault(prefix: string, f: FeedFault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

/** The three raw API answers of the corpus (the other hf-json files are scrapers' saves). */
export const HF_API_FILES = ['hfapi-daily_papers-2024-05-27.json', 'hfapi-daily_papers-2025-01-21.json', 'hfapi-daily_papers-2026-01-02.json'];

const RSS: Record<string, string> = {
  'cs.AI': 'rss/arxiv-rss2-cs.AI-2026-04-27-trimmed-3-items.xml',
  'cs.CL': 'rss/derived-arxiv-rss-cn-chat-ncr-escaped-old-title-convention.xml',
};

const read = (rel: string) => fs.readFileSync(path.join(CORPUS, rel), 'utf8');

/** One RSS channel with the items of several: what rss.arxiv.org answers for "cs.AI+cs.CL". */
function joinRss(cats: string[]): string | null {
  const feeds = cats.map((c) => (RSS[c] ? read(RSS[c]) : null));
  if (feeds.some((f) => f === null)) return null;
  const [first, ...rest] = feeds as string[];
  const items = rest.map((f) => (f.match(/<item[\s>][\s\S]*?<\/item>/g) ?? []).join('\n')).join('\n');
  return first!.replace(/<\/channel>/, `${items}\n</channel>`);
}

export async function startFeedsServer(opts: { days?: Record<string, string | null>; lastModified?: Date } = {}): Promise<FeedsServer> {
  const days = new Map(Object.entries(opts.days ?? {}));
  const faults: { prefix: string; f: FeedFault }[] = [];
  const requests: FeedRequest[] = [];
  const lastModified = (opts.lastModified ?? new Date('2026-11-25T06:00:00Z')).toUTCString();
  const hanging = new Set<ServerResponse>();

  const send = (req: IncomingMessage, res: ServerResponse, body: string, type: string) => {
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    const fresh = req.headers['if-none-match'] === etag || (!req.headers['if-none-match'] && req.headers['if-modified-since'] === lastModified);
    if (fresh) {
      res.writeHead(304, { ETag: etag, 'Last-Modified': lastModified });
      return res.end();
    }
    res.writeHead(200, { 'Content-Type': type, ETag: etag, 'Last-Modified': lastModified, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.on('finish', () => requests.push({ path: url.pathname + url.search, status: res.statusCode, headers: req.headers }));
    const fault = faults.find((x) => url.pathname.startsWith(x.prefix))?.f;
    if (fault?.kind === 'hang') {
      hanging.add(res);
      return;
    }
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'Content-Type': 'text/html', ...(fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {}) });
      return res.end(`<html><body><h1>${fault.status}</h1></body></html>`);
    }
    if (fault?.kind === 'html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end('<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>');
    }
    if (url.pathname === '/api/daily_papers') {
      const date = url.searchParams.get('date') ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ error: 'Invalid date' }));
      }
      const file = days.get(date);
      return send(req, res, file ? read(`hf-json/${file}`) : '[]', 'application/json; charset=utf-8');
    }
    if (url.pathname.startsWith('/rss/')) {
      const body = joinRss(decodeURIComponent(url.pathname.slice(5)).split('+'));
      if (body) return send(req, res, body, 'application/rss+xml; charset=utf-8');
    }
    if (url.pathname.startsWith('/feeds/')) {
      const rel = decodeURIComponent(url.pathname.slice(7));
      if (/^[\w-]+\/[\w.-]+$/.test(rel) && fs.existsSync(path.join(CORPUS, rel))) {
        return send(req, res, read(rel), rel.endsWith('.json') ? 'application/feed+json' : 'application/rss+xml; charset=utf-8');
      }
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    env: { LECTERN_HF_API: `${base}/api/daily_papers`, LECTERN_ARXIV_RSS: `${base}/rss/`, LECTERN_ARXIV_DELAY_MS: '20' },
    requests,
    days,
    fault: (prefix, f) => faults.unshift({ prefix, f }),
    clearFaults: () => faults.splice(0),
    close: () =>
      new Promise<void>((r) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
