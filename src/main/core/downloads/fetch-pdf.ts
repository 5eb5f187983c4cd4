import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { ArxivError, StoppedError, type ArxivClient } from '../arxiv/client';
import { acceptDownloadedPdf, commitFile, partPathFor, pdfPathFor, sniffStart } from './files';
import { recordProgress, type Job } from './queue';

interface FetchPdfDeps {
  client: ArxivClient;
  db: Database;
  dataDir: string;
  clock: () => number;
  signal?: AbortSignal;
  onProgress?: (bytes: number, total: number | null) => void;
}

const PROGRESS_EVERY_MS = 400;

function pdfUrlFor(base: string, arxivId: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}${arxivId.split('/').map(encodeURIComponent).join('/')}`;
}

function parseContentRange(v: string | null): { start: number; end: number; total: number | null } | null {
  const m = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(v ?? '');
  if (!m) return null;
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? null : Number(m[3]) };
}

export function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Fetches one paper's PDF into <library>/pdfs/<id>.pdf. Bytes go to <id>.pdf.part; an interrupted
 * part is resumed with Range (206 appends; 200 starts again; a changed ETag or a Content-Range that
 * does not fit starts again). The finished part is synced, checked (PDF header, %%EOF, announced
 * length, size) and only then renamed into place. Throws ArxivError (transient: try later, the
 * part kept when its bytes are good; permanent: give up) or StoppedError.
 */
export async function fetchPdf(d: FetchPdfDeps, job: Job & { arxivId: string }): Promise<{ bytes: number }> {
  const final = pdfPathFor(d.dataDir, job.arxivId);
  const part = partPathFor(d.dataDir, job.arxivId);
  fs.mkdirSync(path.dirname(final), { recursive: true });
  const url = pdfUrlFor(d.client.settings.pdfUrl, job.arxivId);
  let known = { total: job.total, etag: job.etag };
  let restarted = false;

  const startAgain = (why: string) => {
    fs.rmSync(part, { force: true });
    recordProgress(d.db, job.paperId, 0, null, null);
    known = { total: null, etag: null };
    if (restarted) throw new ArxivError('transient', `${why}; the download starts again next time`, { discardPart: true });
    restarted = true;
  };

  for (;;) {
    const offset = sizeOf(part);
    const headers: Record<string, string> = { Accept: 'application/pdf', 'Accept-Encoding': 'identity' };
    if (offset > 0) {
      headers.Range = `bytes=${offset}-`;
      if (known.etag && !known.etag.startsWith('W/')) headers['If-Range'] = known.etag;
    }
    const r = await d.client.open(url, headers, d.signal);
    let total: number | null;
    let append: boolean;
    let size: number;
    try {
      const { res } = r;
      const etag = res.headers.get('etag');
      if (res.status === 206) {
        const cr = parseContentRange(res.headers.get('content-range'));
        const problem = !cr
          ? 'the server sent part of the file without saying which part'
          : cr.start !== offset
            ? `the server sent bytes from ${cr.start}, not from ${offset} as asked`
            : known.total !== null && cr.total !== null && cr.total !== known.total
              ? `the file's size changed on the server (${known.total} -> ${cr.total} bytes)`
              : known.etag && etag && etag !== known.etag
                ? 'the file changed on the server (another ETag)'
                : null;
        if (problem) {
          await res.body?.cancel().catch(() => {});
          r.done();
          startAgain(problem);
          continue;
        }
        append = offset > 0;
        total = cr!.total ?? known.total;
      } else if (res.status === 200) {
        // A full answer: the server ignored our Range, or there was nothing to resume.
        append = false;
        const len = res.headers.get('content-length');
        total = len && /^\d+$/.test(len) ? Number(len) : null;
      } else if (res.status === 416) {
        await res.body?.cancel().catch(() => {});
        r.done();
        const real = /\*\/(\d+)/.exec(res.headers.get('content-range') ?? '');
        if (real && known.total !== null && Number(real[1]) !== known.total && offset >= Number(real[1])) {
          recordProgress(d.db, job.paperId, 0, null, null);
          // Two answers about one file disagree: asking again will not make the length right.
          throw new ArxivError('permanent', `the server announced ${known.total} bytes, but the file ends at ${real[1]}`, { discardPart: true });
        }
        startAgain('the server could not resume the partial file');
        continue;
      } else {
        await res.body?.cancel().catch(() => {});
        const what = res.status === 404 || res.status === 410 ? `arXiv has no PDF for ${job.arxivId} (HTTP ${res.status})` : `arXiv answered ${res.status} for the PDF`;
        throw new ArxivError('permanent', what, { status: res.status });
      }
      known = { total, etag: append ? (known.etag ?? etag) : etag };
      recordProgress(d.db, job.paperId, append ? offset : 0, total, known.etag);
      size = await writeBody(d, r, part, append, total, res.headers.get('content-type'), job.paperId, known.etag);
    } catch (e) {
      if (e instanceof ArxivError && e.opts.discardPart) fs.rmSync(part, { force: true });
      if (e instanceof ArxivError || e instanceof StoppedError) throw e;
      throw d.client.bodyError(e, d.signal);
    } finally {
      r.done();
    }

    if (total !== null && size < total) {
      throw new ArxivError('transient', `the connection ended after ${size} of ${total} bytes; the rest will be fetched later`);
    }
    const check = acceptDownloadedPdf(part, total);
    if (!check.ok) {
      fs.rmSync(part, { force: true });
      recordProgress(d.db, job.paperId, 0, null, null);
      throw new ArxivError('transient', check.reason, { discardPart: true });
    }
    commitFile(part, final);
    return { bytes: check.size };
  }
}

async function writeBody(
  d: FetchPdfDeps,
  r: { res: Response; touch(): void; done(): void },
  part: string,
  append: boolean,
  total: number | null,
  contentType: string | null,
  paperId: number,
  etag: string | null,
): Promise<number> {
  const fh = await fs.promises.open(part, append ? 'a' : 'w');
  let written = append ? (await fh.stat()).size : 0;
  // The start of a new file is held back until it is known to be a PDF: a web page never lands.
  let head: Buffer | null = append ? null : Buffer.alloc(0);
  let last = d.clock();
  const sniff = async (final: boolean) => {
    if (!head || (!final && head.length < 1024)) return;
    const s = sniffStart(head, contentType);
    if (!s.ok) throw new ArxivError('permanent', s.html ? s.reason : `arXiv's answer ${s.reason}`, { discardPart: true });
    await fh.write(head);
    written += head.length;
    head = null;
  };
  try {
    const reader = r.res.body?.getReader();
    if (reader) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        r.touch();
        if (head) {
          head = Buffer.concat([head, value]);
          await sniff(false);
        } else {
          await fh.write(value);
          written += value.length;
        }
        if (d.clock() - last >= PROGRESS_EVERY_MS) {
          last = d.clock();
          recordProgress(d.db, paperId, written, total, etag);
          d.onProgress?.(written, total);
        }
      }
    }
    await sniff(true);
    // The network part is over: the pause before the next request runs while the file syncs.
    r.done();
    await fh.sync();
  } catch (e) {
    // Whatever reached the file is a good prefix of it: make it durable for the resume.
    await fh.sync().catch(() => {});
    if (e instanceof ArxivError || d.signal?.aborted) throw e;
    const why = d.client.bodyError(e, d.signal);
    throw new ArxivError('transient', `${why.message}, after ${written} of ${total ?? 'an unknown number of'} bytes; the rest will be fetched later`);
  } finally {
    await fh.close();
  }
  recordProgress(d.db, paperId, written, total, etag);
  d.onProgress?.(written, total);
  return written;
}
