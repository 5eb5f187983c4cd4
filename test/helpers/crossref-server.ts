import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CORPUS } from './paths';
import { corpusPdfs } from './arxiv-server';

/**
 * Local stand-ins for Crossref, Unpaywall, doi.org, two publishers and bioRxiv, each on its own
 * port (so each is its own host to the per-host pacing), answering with the recorded responses of
 * ../shared/corpus/crossref-json and unpaywall-json. Every request is logged with its host and
 * times, so tests can measure the pace per host.
 *
 * Crossref knows the DOIs of the corpus files (the single records, and every item of the two
 * recorded searches, each served as /works/<doi> in the single-work envelope). A retraction is
 * made from the PLOS record by turning its `updated-by` correction into a retraction (no recorded
 * response has one; corpus/README.md says a retraction has this same shape), under the DOI
 * RETRACTED_DOI. Unpaywall knows the four recorded DOIs, with publishers' URLs pointed at the
 * stand-ins; `open` adds more open copies on the stand-in publishers.
 */
export const RETRACTED_DOI = '10.1371/journal.pone.0033693';

const CR = path.join(CORPUS, 'crossref-json');
const UP = path.join(CORPUS, 'unpaywall-json');

type Json = Record<string, unknown>;

export interface HostLog {
  host: 'crossref' | 'unpaywall' | 'doi' | 'publisher' | 'repository' | 'biorxiv';
  path: string;
  status: number;
  /** performance.now() at arrival and at the end of the answer. */
  at: number;
  end: number;
  userAgent: string;
}

export interface WebFaults {
  /** Crossref answers 429 this many times (with Retry-After: retryAfter seconds when given). */
  crossref429?: { times: number; retryAfter?: string };
}

export interface FakeWeb {
  env: Record<string, string>;
  log: HostLog[];
  base: Record<HostLog['host'], string>;
  /** A PDF at the publisher (path → bytes) and a landing page naming it. */
  pdfs: Map<string, Buffer>;
  /** DOIs whose landing page names a "PDF" link that serves a sign-in page instead. */
  paywalled: Set<string>;
  faults: WebFaults;
  close(): Promise<void>;
}

function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
}

/** Every Crossref work the corpus records, by lower-cased DOI, as the single-work envelope. */
export function recordedWorks(): Map<string, Json> {
  const works = new Map<string, Json>();
  const envelope = (m: Json) => ({ status: 'ok', 'message-type': 'work', 'message-version': '1.0.0', message: m });
  for (const f of ['crossref-works-doi-2019-aps-prl-python-indent2.json', 'crossref-works-doi-2026-plos-one-updated-by-correction.json']) {
    const m = readJson(path.join(CR, f)).message as Json;
    works.set(String(m.DOI).toLowerCase(), envelope(m));
  }
  for (const f of ['crossref-works-query-2026-habanero-cassette-has-preprint.json', 'crossref-works-query-nsf-2022-rcrossref-cassette-is-preprint-of.json']) {
    for (const m of (readJson(path.join(CR, f)).message as { items: Json[] }).items) works.set(String(m.DOI).toLowerCase(), envelope(m));
  }
  // The retraction: the PLOS record's own update, as a retraction notice.
  const plos = structuredClone(works.get(RETRACTED_DOI)!) as { message: { 'updated-by': Json[] } };
  plos.message['updated-by'] = plos.message['updated-by'].map((u) => ({ ...u, type: 'retraction', label: 'Retraction' }));
  works.set(RETRACTED_DOI, plos as unknown as Json);
  return works;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function startFakeWeb(opts: { delayMs?: number; email?: string | null; arxivPdf?: string } = {}): Promise<FakeWeb> {
  const works = recordedWorks();
  const log: HostLog[] = [];
  const faults: WebFaults = {};
  const pdfs = new Map<string, Buffer>();
  const paywalled = new Set<string>();
  const [pdfA, pdfB] = corpusPdfs();
  const servers: http.Server[] = [];
  const base = {} as FakeWeb['base'];

  const logged = (host: HostLog['host'], fn: (req: IncomingMessage, res: ServerResponse, p: string) => void) => (req: IncomingMessage, res: ServerResponse) => {
    const entry: HostLog = { host, path: req.url ?? '', status: 0, at: performance.now(), end: 0, userAgent: String(req.headers['user-agent'] ?? '') };
    log.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
      entry.end = performance.now();
    });
    fn(req, res, decodeURIComponent((req.url ?? '').split('?')[0]!));
  };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const sendPdf = (res: ServerResponse, bytes: Buffer) => {
    res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': String(bytes.length) });
    res.end(bytes);
  };

  const crossref = await listen(
    logged('crossref', (req, res, p) => {
      if (faults.crossref429 && faults.crossref429.times > 0) {
        faults.crossref429.times--;
        res.writeHead(429, faults.crossref429.retryAfter ? { 'Retry-After': faults.crossref429.retryAfter } : {});
        return res.end('Too many requests');
      }
      const m = /^\/works\/(.+)$/.exec(p);
      if (m) {
        const w = works.get(m[1]!.toLowerCase());
        if (w) return json(res, 200, w);
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        return res.end('Resource not found.');
      }
      if (p === '/works') {
        const q = new URL(req.url ?? '', 'http://x').searchParams.get('query.bibliographic') ?? '';
        const words = new Set(q.toLowerCase().split(/\W+/).filter((w) => w.length > 3));
        const items = [...works.values()]
          .map((w) => (w as { message: Json }).message)
          .map((m) => ({ m, hits: String((m.title as string[] | undefined)?.[0] ?? '').toLowerCase().split(/\W+/).filter((w) => words.has(w)).length }))
          .filter((x) => x.hits > 0)
          .sort((a, b) => b.hits - a.hits)
          .slice(0, 5)
          .map((x) => ({ ...x.m, score: x.hits * 10 }));
        return json(res, 200, { status: 'ok', 'message-type': 'work-list', 'message-version': '1.0.0', message: { 'total-results': items.length, items } });
      }
      res.writeHead(404);
      res.end();
    }),
  );
  servers.push(crossref.server);
  base.crossref = crossref.url;

  const publisher = await listen(
    logged('publisher', (_req, res, p) => {
      const bytes = pdfs.get(p);
      if (bytes) return sendPdf(res, bytes);
      if (p.startsWith('/landing/')) {
        const doi = p.slice('/landing/'.length);
        const pdf = paywalled.has(doi) ? `/paywall/${doi}` : [...pdfs.keys()].find((k) => k === `/pdf/${doi}.pdf`);
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(
          `<!DOCTYPE html><html><head><title>Article</title><meta name="citation_title" content="An article">${pdf ? `<meta name="citation_pdf_url" content="${pdf}">` : ''}</head><body>Landing page of ${doi}</body></html>`,
        );
      }
      if (p.startsWith('/paywall/')) {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        return res.end('<!DOCTYPE html><html><head><title>Sign in to read</title></head><body>Subscribe to read this article.</body></html>');
      }
      res.writeHead(404);
      res.end();
    }),
  );
  servers.push(publisher.server);
  base.publisher = publisher.url;

  const repository = await listen(
    logged('repository', (_req, res, p) => {
      const bytes = pdfs.get(p);
      if (bytes) return sendPdf(res, bytes);
      res.writeHead(404);
      res.end();
    }),
  );
  servers.push(repository.server);
  base.repository = repository.url;

  // Unpaywall's recorded answers, with the hosts of their copies pointed at the stand-ins.
  const point = (text: string) =>
    text
      .replaceAll('https://academic.oup.com', publisher.url)
      .replaceAll('https://cdr.lib.unc.edu', repository.url)
      .replaceAll('https://doi.org/', `${publisher.url}/landing/`);
  const unpaywallAnswers = new Map<string, string>();
  for (const f of fs.readdirSync(UP)) {
    const text = fs.readFileSync(path.join(UP, f), 'utf8');
    const doi = (JSON.parse(text) as Json).doi;
    if (typeof doi === 'string') unpaywallAnswers.set(doi.toLowerCase(), point(text));
  }
  const notFound = fs.readFileSync(path.join(UP, 'unpaywall-v2-2023-http404-error-body-vcr.json'), 'utf8');
  // The bronze copy's PDF exists at the stand-in publisher.
  pdfs.set('/bioscience/article-pdf/55/10/851/26896247/55-10-851.pdf', pdfA!);
  const unpaywall = await listen(
    logged('unpaywall', (req, res, p) => {
      const email = new URL(req.url ?? '', 'http://x').searchParams.get('email');
      if (!email) return json(res, 422, { HTTP_status_code: 422, error: true, message: 'You must provide an email' });
      const m = /^\/v2\/(.+)$/.exec(p);
      const answer = m ? unpaywallAnswers.get(m[1]!.toLowerCase()) : undefined;
      if (answer) return json(res, 200, answer);
      return json(res, 404, notFound);
    }),
  );
  servers.push(unpaywall.server);
  base.unpaywall = unpaywall.url;

  const doiOrg = await listen(
    logged('doi', (_req, res, p) => {
      res.writeHead(302, { Location: `${publisher.url}/landing${p}` });
      res.end();
    }),
  );
  servers.push(doiOrg.server);
  base.doi = doiOrg.url;

  const biorxiv = await listen(
    logged('biorxiv', (_req, res, p) => {
      const m = /^\/content\/(10\.1101\/.+)\.full\.pdf$/.exec(p);
      if (m) return sendPdf(res, pdfB!);
      res.writeHead(404);
      res.end();
    }),
  );
  servers.push(biorxiv.server);
  base.biorxiv = biorxiv.url;

  const env: Record<string, string> = {
    LECTERN_CROSSREF_API: `${crossref.url}/works`,
    LECTERN_UNPAYWALL_API: `${unpaywall.url}/v2`,
    LECTERN_DOI_RESOLVER: `${doiOrg.url}/`,
    LECTERN_BIORXIV_PDF: `${biorxiv.url}/content/`,
    LECTERN_MEDRXIV_PDF: `${biorxiv.url}/content/`,
    LECTERN_HOST_DELAY_MS: String(opts.delayMs ?? 0),
  };
  if (opts.email !== null) env.LECTERN_CONTACT_EMAIL = opts.email ?? 'reader@example.org';
  return {
    env,
    log,
    base,
    pdfs,
    paywalled,
    faults,
    close: async () => {
      for (const s of servers) {
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
      }
    },
  };
}
