import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CORPUS } from './paths';

/**
 * A local stand-in for arXiv, for tests and the bench: the API's Atom (search_query and
 * id_list, shaped like corpus/arxiv-atom: the 2026 format by default, the 2016 one on request,
 * the error feed with HTTP 400 for a malformed id) and PDFs (corpus/pdf files) with Range,
 * ETag and If-Range. Faults are injected per PDF id, for every PDF ('*'), or for the API ('api').
 */
export interface FakePaper {
  id: string;
  version?: number;
  title: string;
  authors: string[];
  published: string;
  updated?: string;
  abstract?: string;
  categories?: string[];
  doi?: string;
  comment?: string;
  /** The PDF served for it (default: one of the corpus PDFs, chosen by position). */
  pdf?: Buffer;
}

export type Fault =
  /** Sends the body in `chunk`-byte pieces every `everyMs`. */
  | { kind: 'slow'; chunk: number; everyMs: number; times?: number }
  /** Stops sending after `afterBytes` for `ms`, then goes on (an idle connection). */
  | { kind: 'stall'; afterBytes: number; ms: number; times?: number }
  /** Answers with this status (503 and 429 with an optional Retry-After). */
  | { kind: 'status'; status: number; retryAfter?: string; times?: number }
  /** A web page with status 200 instead of the PDF (a captcha). */
  | { kind: 'html'; times?: number }
  /** Closes the connection after `afterBytes` of the body. */
  | { kind: 'cut'; afterBytes: number; times?: number }
  /** Announces Content-Length + delta and sends the real bytes (then closes). */
  | { kind: 'wrong-length'; delta: number; times?: number }
  /** Ignores Range: always the whole file with 200. */
  | { kind: 'ignore-range'; times?: number }
  /** Answers a Range with 206 but a Content-Range that starts elsewhere. */
  | { kind: 'bad-range'; times?: number }
  /** The file "changes" between requests: a new ETag (and no If-Range support). */
  | { kind: 'change-etag'; times?: number }
  /** Redirects `hops` times before serving; `to` replaces the last Location (e.g. file:///etc/passwd). */
  | { kind: 'redirect'; hops: number; to?: string; times?: number }
  /** Only the first `bytes` of the PDF exist (no %%EOF), served as if whole. */
  | { kind: 'truncated-file'; bytes: number; times?: number };

export interface RequestLog {
  /** performance.now() at arrival and when the response ended. */
  at: number;
  end: number;
  path: string;
  status: number;
  headers: http.IncomingHttpHeaders;
}

export interface FakeArxiv {
  url: string;
  apiUrl: string;
  pdfUrl: string;
  env: Record<string, string>;
  requests: RequestLog[];
  papers: Map<string, FakePaper>;
  add(...papers: FakePaper[]): void;
  fault(target: string, fault: Fault): void;
  clearFaults(): void;
  /** The bytes served as this paper's PDF. */
  pdfOf(id: string): Buffer;
  /** Most connections open at once, over the server's life. */
  maxConcurrent: number;
  close(): Promise<void>;
}

export const CORPUS_PDFS = ['arxiv-1111.2011v2-2012-pdftex.pdf', 'arxiv-2404.01230-pdftex-1.40.25-empty-info-title.pdf', 'arxiv-2512.24007-genpdf-outline.pdf', 'nature-1986-rumelhart-scanned-ccitt-with-textlayer.pdf'].map(
  (f) => path.join(CORPUS, 'pdf', f),
);
let corpusCache: Buffer[] | null = null;
export function corpusPdfs(): Buffer[] {
  return (corpusCache ??= CORPUS_PDFS.map((f) => fs.readFileSync(f)));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const key = (s: string) =>
  s
    .replace(/\\[a-zA-Z]+/g, ' ')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * How arXiv's search answers a ti:"phrase": 'phrase' finds the phrase on word boundaries only;
 * 'relevance' also finds titles that miss one of its words (the same title with one word
 * changed, ranked after the exact one), as arXiv's relevance-ranked search really returns.
 */
export type SearchMode = 'phrase' | 'relevance';

/** arXiv's search, roughly: ti:"phrase" (see SearchMode), ti:word with plural folding, AND/OR. */
function matches(p: FakePaper, query: string, mode: SearchMode): number {
  const title = ` ${key(p.title)} `;
  const words = new Set(key(p.title).split(' '));
  const stem = (w: string) => w.replace(/s$/, '');
  const has = (w: string) => [...words].some((x) => x === w || stem(x) === stem(w));
  // 1 for a full hit; less for a phrase that misses one word (relevance mode).
  const term = (t: string): number => {
    const m = /^(ti|all|abs):(?:"([^"]*)"|(\S+))$/.exec(t.trim());
    if (!m) return 0;
    if (m[2] === undefined) return has(key(m[3]!)) ? 1 : 0;
    if (title.includes(` ${key(m[2])} `)) return 1;
    if (mode === 'phrase') return 0;
    const phrase = key(m[2]).split(' ');
    const missing = phrase.filter((w) => !has(w)).length;
    return phrase.length >= 4 && missing <= 1 && words.size <= phrase.length + 1 ? 0.5 : 0;
  };
  const ors = query.split(/\s+OR\s+/);
  let best = 0;
  for (const or of ors) {
    const scores = or.split(/\s+AND\s+/).map(term);
    if (scores.every((x) => x > 0)) best = Math.max(best, scores.reduce((a, b) => a + b, 0));
  }
  return best;
}

function entryXml(p: FakePaper, old: boolean): string {
  const v = `${p.id}v${p.version ?? 1}`;
  const updated = `${p.updated ?? p.published}T12:00:00Z`;
  const published = `${p.published}T17:59:59Z`;
  const cats = p.categories ?? ['cs.CL'];
  const abstract = p.abstract ?? `We study ${p.title.toLowerCase()}.`;
  const authors = p.authors.map((a) => `    <author>\n      <name>${esc(a)}</name>\n    </author>`).join('\n');
  if (old) {
    const ns = ' xmlns:arxiv="http://arxiv.org/schemas/atom"';
    return `  <entry>
    <id>http://arxiv.org/abs/${v}</id>
    <updated>${updated}</updated>
    <published>${published}</published>
    <title>${esc(p.title)}</title>
    <summary>  ${esc(abstract)}
</summary>
${authors}
${p.doi ? `    <arxiv:doi${ns}>${esc(p.doi)}</arxiv:doi>\n    <link title="doi" href="http://dx.doi.org/${esc(p.doi)}" rel="related"/>\n` : ''}    <link href="http://arxiv.org/abs/${v}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/${v}" rel="related" type="application/pdf"/>
    <arxiv:primary_category${ns} term="${cats[0]}" scheme="http://arxiv.org/schemas/atom"/>
${cats.map((c) => `    <category term="${c}" scheme="http://arxiv.org/schemas/atom"/>`).join('\n')}
  </entry>`;
  }
  return `  <entry>
    <id>http://arxiv.org/abs/${v}</id>
    <title>${esc(p.title)}</title>
    <updated>${updated}</updated>
    <link href="https://arxiv.org/abs/${v}" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/${v}" rel="related" type="application/pdf" title="pdf"/>
    <summary>${esc(abstract)}</summary>
${cats.map((c) => `    <category term="${c}" scheme="http://arxiv.org/schemas/atom"/>`).join('\n')}
    <published>${published}</published>
${p.comment ? `    <arxiv:comment>${esc(p.comment)}</arxiv:comment>\n` : ''}    <arxiv:primary_category term="${cats[0]}"/>
${p.doi ? `    <arxiv:doi>${esc(p.doi)}</arxiv:doi>\n` : ''}${authors}
  </entry>`;
}

function feedXml(query: string, entries: FakePaper[], total: number, old: boolean): string {
  const qid = createHash('sha1').update(query).digest('base64').slice(0, 27);
  if (old) {
    return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?${esc(encodeURIComponent(query))}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: ${esc(query)}</title>
  <id>http://arxiv.org/api/${qid}</id>
  <updated>2016-10-09T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${entries.length}</opensearch:itemsPerPage>
${entries.map((e) => entryXml(e, true)).join('\n')}
</feed>
`;
  }
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/${qid}</id>
  <title>arXiv Query: ${esc(query)}</title>
  <updated>2026-05-11T23:51:23Z</updated>
  <link href="https://arxiv.org/api/query?${esc(query)}" type="application/atom+xml"/>
  <opensearch:itemsPerPage>${entries.length}</opensearch:itemsPerPage>
  <opensearch:totalResults>${total}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
${entries.map((e) => entryXml(e, false)).join('\n')}
</feed>
`;
}

function errorFeed(bad: string): string {
  const tag = `incorrect_id_format_for_${bad.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/</id>
  <title>arXiv Search Results</title>
  <updated>2026-04-12T22:59:06Z</updated>
  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>
  <opensearch:totalResults>1</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <entry>
    <id>https://arxiv.org/api/errors#${tag}</id>
    <title>Error</title>
    <updated>2026-04-12T22:59:06Z</updated>
    <link href="https://arxiv.org/api/errors#${tag}" rel="alternate" type="text/html"/>
    <summary>incorrect id format for ${esc(bad)}</summary>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
</feed>
`;
}

const CAPTCHA = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>arXiv.org - Are you a robot?</title></head>
<body><h1>Please verify you are a human</h1><p>Access to this page has been denied because we believe you are using automation tools to browse the website.</p></body></html>
`;

const ID_RE = /^(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(v\d+)?$/;

export async function startFakeArxiv(opts: { papers?: FakePaper[]; format?: 'new' | 'old'; delayMs?: number; search?: SearchMode } = {}): Promise<FakeArxiv> {
  const papers = new Map<string, FakePaper>();
  const order: string[] = [];
  const faults = new Map<string, Fault[]>();
  const requests: RequestLog[] = [];
  let open = 0;
  const fake = {} as FakeArxiv;

  const pdfOf = (id: string): Buffer => {
    const p = papers.get(id);
    if (!p) throw new Error(`no fake paper ${id}`);
    return p.pdf ?? corpusPdfs()[order.indexOf(id) % corpusPdfs().length]!;
  };

  /** The first fault for a target that applies, counting down its `times`. */
  const takeFault = (target: string, kinds?: Fault['kind'][]): Fault | null => {
    for (const t of [target, '*']) {
      if (t === '*' && target === 'api') continue;
      const list = faults.get(t);
      const f = list?.find((x) => !kinds || kinds.includes(x.kind));
      if (!f) continue;
      if (f.times !== undefined) {
        f.times--;
        if (f.times <= 0) list!.splice(list!.indexOf(f), 1);
      }
      return f;
    }
    return null;
  };

  const peekFault = (target: string, kind: Fault['kind']): Fault | null => faults.get(target)?.find((x) => x.kind === kind) ?? faults.get('*')?.find((x) => x.kind === kind) ?? null;

  const sendStatus = (res: ServerResponse, f: Extract<Fault, { kind: 'status' }>) => {
    const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8' };
    if (f.retryAfter !== undefined) headers['Retry-After'] = f.retryAfter;
    res.writeHead(f.status, headers);
    res.end(`<html><body><h1>${f.status}</h1></body></html>`);
  };

  const api = (url: URL, res: ServerResponse) => {
    const f = takeFault('api', ['status', 'stall', 'cut']);
    if (f?.kind === 'status') return sendStatus(res, f);
    const old = opts.format === 'old';
    const max = Number(url.searchParams.get('max_results') ?? 10);
    const idList = url.searchParams.get('id_list');
    const query = url.searchParams.get('search_query') ?? '';
    let body: string;
    if (idList) {
      const ids = idList.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = ids.find((i) => !ID_RE.test(i));
      if (bad) {
        res.writeHead(400, { 'Content-Type': 'application/atom+xml; charset=utf-8' });
        return res.end(errorFeed(bad));
      }
      const found = ids.map((i) => papers.get(i.replace(/v\d+$/, ''))).filter((p): p is FakePaper => !!p);
      body = feedXml(`search_query=&id_list=${idList}&start=0&max_results=${max}`, found.slice(0, max), found.length, old);
    } else {
      const hits = order
        .map((id) => ({ p: papers.get(id)!, n: matches(papers.get(id)!, query, opts.search ?? 'phrase') }))
        .filter((h) => h.n > 0)
        .sort((a, b) => b.n - a.n);
      body = feedXml(`search_query=${query}&id_list=&start=0&max_results=${max}`, hits.slice(0, max).map((h) => h.p), hits.length, old);
    }
    res.writeHead(200, { 'Content-Type': 'application/atom+xml; charset=utf-8' });
    if (f?.kind === 'cut') {
      res.write(body.slice(0, f.afterBytes));
      return void setTimeout(() => res.socket?.destroy(), 5);
    }
    res.end(body);
  };

  const pdf = async (req: IncomingMessage, url: URL, res: ServerResponse) => {
    const raw = decodeURIComponent(url.pathname.slice('/pdf/'.length));
    const id = raw.replace(/v\d+$/, '');
    const redirect = peekFault(id, 'redirect') as Extract<Fault, { kind: 'redirect' }> | null;
    const hop = Number(url.searchParams.get('hop') ?? 0);
    if (redirect && hop < redirect.hops) {
      const last = hop + 1 === redirect.hops;
      if (last) takeFault(id, ['redirect']); // one use per whole chain
      const location = last && redirect.to ? redirect.to : `/pdf/${raw}?hop=${hop + 1}`;
      res.writeHead(hop % 2 ? 301 : 302, { Location: location });
      return res.end();
    }
    if (!papers.has(id)) {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      return res.end('<html><body>Paper not found</body></html>');
    }
    const f = takeFault(id, ['status', 'html', 'cut', 'wrong-length', 'ignore-range', 'bad-range', 'change-etag', 'slow', 'stall', 'truncated-file']);
    if (f?.kind === 'status') return sendStatus(res, f);
    if (f?.kind === 'html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(CAPTCHA) });
      return res.end(CAPTCHA);
    }
    let file = pdfOf(id);
    if (f?.kind === 'truncated-file') file = file.subarray(0, f.bytes);
    const etag = f?.kind === 'change-etag' ? `"${createHash('sha1').update(file).digest('hex').slice(0, 16)}-${requests.length}"` : `"${createHash('sha1').update(file).digest('hex').slice(0, 16)}"`;
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
    const ifRange = req.headers['if-range'];
    const honourRange = range && f?.kind !== 'ignore-range' && (!ifRange || ifRange === etag || f?.kind === 'change-etag');
    let start = 0;
    let end = file.length - 1;
    const headers: Record<string, string | number> = { 'Content-Type': 'application/pdf', ETag: etag, 'Accept-Ranges': 'bytes', 'Last-Modified': 'Tue, 01 Jul 2025 00:00:00 GMT' };
    let status = 200;
    if (honourRange) {
      start = Number(range[1]);
      if (range[2]) end = Math.min(end, Number(range[2]));
      if (start >= file.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${file.length}` });
        return res.end();
      }
      status = 206;
      const shown = f?.kind === 'bad-range' ? Math.max(0, start - 1000) : start;
      headers['Content-Range'] = `bytes ${shown}-${end}/${file.length}`;
    }
    const body = file.subarray(start, end + 1);
    headers['Content-Length'] = f?.kind === 'wrong-length' ? body.length + f.delta : body.length;
    if (f?.kind === 'wrong-length') headers.Connection = 'close';
    res.writeHead(status, headers);
    if (req.method === 'HEAD') return res.end();
    const chunk = f?.kind === 'slow' ? f.chunk : 64 * 1024;
    // Too long a Content-Length: the body ends early and the connection closes. Too short: the
    // client reads what was announced (and the rest is lost with the connection).
    const cutAt = f?.kind === 'cut' ? f.afterBytes : f?.kind === 'wrong-length' ? (f.delta > 0 ? body.length : body.length + f.delta) : Infinity;
    const sendLen = body.length;
    let sent = 0;
    let stalled = false;
    while (sent < sendLen && !res.destroyed) {
      if (sent >= cutAt) break;
      const n = Math.min(chunk, sendLen - sent, cutAt - sent);
      const ok = res.write(body.subarray(sent, sent + n));
      sent += n;
      if (f?.kind === 'stall' && !stalled && sent >= f.afterBytes) {
        stalled = true;
        await new Promise((r) => setTimeout(r, f.ms));
      }
      if (f?.kind === 'slow') await new Promise((r) => setTimeout(r, f.everyMs));
      else if (!ok) await new Promise((r) => res.once('drain', r));
    }
    if (f?.kind === 'cut' || (f?.kind === 'wrong-length' && f.delta > 0) || (sent < body.length && cutAt === Infinity)) {
      // Cut mid-way, or more promised than sent: the connection just ends.
      return void setTimeout(() => res.socket?.destroy(), 5);
    }
    res.end();
  };

  const server = http.createServer((req, res) => {
    if (/^\/(crossref|unpaywall|doi|biorxiv|medrxiv)\//.test(req.url ?? '')) {
      // Not arXiv (see env): these hosts know nothing here, and are not arXiv's requests.
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('Resource not found.');
    }
    const at = performance.now();
    open++;
    fake.maxConcurrent = Math.max(fake.maxConcurrent, open);
    const log: RequestLog = { at, end: at, path: req.url ?? '', status: 0, headers: req.headers };
    requests.push(log);
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      open--;
      log.end = performance.now();
      log.status = res.statusCode;
    };
    res.on('finish', done);
    res.on('close', done);
    const url = new URL(req.url ?? '/', 'http://x');
    const go = async () => {
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (url.pathname === '/api/query') return api(url, res);
      if (url.pathname.startsWith('/pdf/')) return pdf(req, url, res);
      res.writeHead(404);
      res.end();
    };
    go().catch(() => res.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(fake, {
    url: base,
    apiUrl: `${base}/api/query`,
    pdfUrl: `${base}/pdf/`,
    env: {
      LECTERN_ARXIV_API: `${base}/api/query`,
      LECTERN_ARXIV_PDF: `${base}/pdf/`,
      LECTERN_ARXIV_DELAY_MS: '5',
      LECTERN_ARXIV_TIMEOUT_MS: '5000',
      // No test reaches Crossref, Unpaywall or doi.org: here they know nothing (404). Tests of them use crossref-server.ts.
      LECTERN_CROSSREF_API: `${base}/crossref/works`,
      LECTERN_UNPAYWALL_API: `${base}/unpaywall/v2`,
      LECTERN_DOI_RESOLVER: `${base}/doi/`,
      LECTERN_BIORXIV_PDF: `${base}/biorxiv/`,
      LECTERN_MEDRXIV_PDF: `${base}/medrxiv/`,
      LECTERN_HOST_DELAY_MS: '0',
    },
    requests,
    papers,
    maxConcurrent: 0,
    add: (...ps: FakePaper[]) => {
      for (const p of ps) {
        if (!papers.has(p.id)) order.push(p.id);
        papers.set(p.id, p);
      }
    },
    fault: (target: string, f: Fault) => {
      const list = faults.get(target) ?? [];
      list.push(f);
      faults.set(target, list);
    },
    clearFaults: () => faults.clear(),
    pdfOf,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  } satisfies Omit<FakeArxiv, 'maxConcurrent'> & { maxConcurrent: number });
  fake.add(...(opts.papers ?? []));
  return fake;
}

/** Papers with made-up ids in a yymm.nnnnn range, for queue tests and the bench. */
export function numberedPapers(n: number, prefix = '2501'): FakePaper[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}.${String(10001 + i).padStart(5, '0')}`,
    title: `Numbered test paper ${i + 1}`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    published: '2025-01-15',
  }));
}
