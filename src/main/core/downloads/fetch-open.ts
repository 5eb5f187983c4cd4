import fs from 'node:fs';
import path from 'node:path';
import { looksLikeHtml, pdfStartProblem } from '../files/pdf-check';
import { MAX_PDF_BYTES } from '../files/pdf-file';
import { acceptDownloadedPdf, commitFile } from './files';
import { HostError, hostOf, type HostClient } from './hosts';

export interface OpenPdfTarget {
  /** The file the PDF ends up as, and its temporary name while it is written. */
  final: string;
  part: string;
}

/**
 * Fetches a PDF from any host (a publisher, a repository, bioRxiv) through the HostClient: its
 * first bytes must be a PDF (a web page served instead, a login or a captcha, is refused before
 * anything lands), the whole file passes the download checks (header, %%EOF, announced length),
 * and only then is it renamed into place. Throws HostError (transient or permanent) or StoppedError.
 */
export async function fetchOpenPdf(hosts: HostClient, url: string, t: OpenPdfTarget, signal?: AbortSignal, onProgress?: (bytes: number, total: number | null) => void): Promise<{ bytes: number }> {
  fs.mkdirSync(path.dirname(t.final), { recursive: true });
  const host = hostOf(url);
  const r = await hosts.open(url, { Accept: 'application/pdf', 'Accept-Encoding': 'identity' }, signal);
  let written = 0;
  let total: number | null = null;
  try {
    const { res } = r;
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => {});
      throw new HostError('permanent', `${hostOf(r.url)} answered ${res.status} for the PDF`, { status: res.status, host });
    }
    const len = res.headers.get('content-length');
    total = len && /^\d+$/.test(len) ? Number(len) : null;
    if (total !== null && total > MAX_PDF_BYTES) throw new HostError('permanent', `${hostOf(r.url)} offers a file of ${total} bytes, more than a paper can be`, { host });
    const fh = await fs.promises.open(t.part, 'w');
    let head: Buffer | null = Buffer.alloc(0);
    const sniff = async (final: boolean) => {
      if (!head || (!final && head.length < 1024)) return;
      const problem = pdfStartProblem(head);
      if (looksLikeHtml(head) || (problem && /^text\/html/i.test(res.headers.get('content-type') ?? ''))) {
        const title = /<title[^>]*>([^<]{1,200})/i.exec(head.subarray(0, 4096).toString('latin1'))?.[1]?.replace(/\s+/g, ' ').trim();
        throw new HostError('permanent', `${hostOf(r.url)} sent a web page${title ? ` (“${title}”)` : ''} instead of the PDF; nothing was saved`, { host });
      }
      if (problem) throw new HostError('permanent', `the file from ${hostOf(r.url)} was refused: ${problem.reason}`, { host });
      await fh.write(head);
      written += head.length;
      head = null;
    };
    try {
      const reader = res.body?.getReader();
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
          if (written > MAX_PDF_BYTES) throw new HostError('permanent', `${hostOf(r.url)} sent more than ${MAX_PDF_BYTES} bytes`, { host });
          onProgress?.(written, total);
        }
      }
      await sniff(true);
      r.done();
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (e) {
    fs.rmSync(t.part, { force: true });
    throw hosts.bodyError(e, signal, url);
  } finally {
    r.done();
  }
  if (total !== null && written < total) {
    fs.rmSync(t.part, { force: true });
    throw new HostError('transient', `the connection to ${host} ended after ${written} of ${total} bytes`, { host });
  }
  const check = acceptDownloadedPdf(t.part, total);
  if (!check.ok) {
    fs.rmSync(t.part, { force: true });
    throw new HostError('permanent', `the file from ${host} was refused: ${check.reason}`, { host });
  }
  commitFile(t.part, t.final);
  return { bytes: check.size };
}
