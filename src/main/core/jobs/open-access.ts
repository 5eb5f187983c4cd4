import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { StoppedError } from '../arxiv/client';
import { fetchOpenPdf } from '../downloads/fetch-open';
import { HostError, hostOf } from '../downloads/hosts';
import { markDownloaded, markFailed, markRetry, markStarted, type Job } from '../downloads/queue';
import { confinedPath, pdfRelPath } from '../files/confine';
import { citationPdfUrl } from '../oa/landing';
import { preprintPdfUrl } from '../oa/preprints';
import { askUnpaywall, type OpenCopy } from '../oa/unpaywall';
import { adoptArxivCopy } from '../resolve/crossref-store';
import { backOff } from './crossref';
import type { StepContext } from './step';

/** Said when no open copy was found: what was tried, and what the user can do. */
export const ATTACH_HINT = 'Attach a PDF you have: "Attach a PDF…" in the side pane, or lectern attach <ref> <file.pdf>.';

/**
 * A paper known by its DOI alone: its PDF from bioRxiv/medRxiv (a 10.1101 DOI), else from the open
 * copies Unpaywall lists (an arXiv copy gives the paper its arXiv id, and arXiv's PDF is fetched
 * next through the arXiv queue), else from the landing page's citation_pdf_url. Each copy goes
 * through the same checks as arXiv's PDFs. A paper with no open copy fails with what was tried
 * and the offer to attach a PDF.
 */
export async function downloadOpenCopy(ctx: StepContext, withDoi: Job & { doi: string }, signal?: AbortSignal): Promise<void> {
  const { db } = ctx;
  // A paper Crossref did not know may have no title at all: it is named by its DOI.
  const job = { ...withDoi, title: withDoi.title.trim() || `doi:${withDoi.doi}` };
  const rel = pdfRelPath({ id: job.paperId, arxivId: null });
  const final = confinedPath(ctx.dataDir, rel);
  const target = { final, part: `${final}.part` };
  const tried: string[] = [];
  markStarted(db, job.paperId, ctx.clock());
  ctx.emit({ type: 'download-start', paperId: job.paperId, arxivId: job.doi, title: job.title, resumeFrom: 0 });
  const started = ctx.clock();
  const attempt = async (url: string, via: string): Promise<boolean> => {
    try {
      const { bytes } = await fetchOpenPdf(ctx.hosts, url, target, signal, (b, total) => ctx.emit({ type: 'progress', paperId: job.paperId, bytes: b, total }));
      const sha256 = createHash('sha256').update(fs.readFileSync(final)).digest('hex');
      markDownloaded(db, job.paperId, { path: rel, bytes, version: null, sha256 }, ctx.clock() - started, ctx.now().toISOString(), 'open-access');
      ctx.emit({ type: 'downloaded', paperId: job.paperId, arxivId: job.doi, title: job.title, bytes, already: false });
      return true;
    } catch (e) {
      if (e instanceof HostError && e.kind === 'permanent') {
        tried.push(`${via}: ${e.message}`);
        return false;
      }
      throw e;
    }
  };
  try {
    const server = preprintPdfUrl(ctx.web, job.doi, job.preprintServer);
    if (server && (await attempt(server, job.preprintServer ?? 'bioRxiv'))) return;
    let copies: OpenCopy[] = [];
    if (ctx.web.contactEmail) {
      const u = await askUnpaywall(ctx.hosts, ctx.web, job.doi, signal);
      if (u.arxivId && adoptArxivCopy(db, job.paperId, u.arxivId)) {
        // Its arXiv preprint: the job stays queued and is worked next as an arXiv download.
        ctx.emit({ type: 'resolved', paperId: job.paperId, title: job.title, state: 'enriched', arxivId: u.arxivId, note: `open copy on arXiv (${u.arxivId}), found through Unpaywall` });
        return;
      }
      if (!u.known) tried.push(`Unpaywall does not know ${job.doi}`);
      else if (!u.copies.length) tried.push(`Unpaywall lists no open copy${u.status ? ` (${u.status})` : ''}`);
      copies = u.copies;
    } else tried.push('Unpaywall was not asked (it needs LECTERN_CONTACT_EMAIL)');
    copies.push({ url: `${ctx.web.doiResolver}${job.doi}`, kind: 'landing', via: 'the DOI\u2019s landing page' });
    for (const c of copies) {
      if (c.kind === 'pdf') {
        if (await attempt(c.url, c.via)) return;
        continue;
      }
      const page = await ctx.hosts.getText(c.url, { Accept: 'text/html,application/xhtml+xml' }, signal, 4 * 1024 * 1024).catch((e: unknown) => {
        if (e instanceof HostError && e.kind === 'permanent') return null;
        throw e;
      });
      const pdf = page && page.status === 200 ? citationPdfUrl(page.text, page.url) : null;
      if (!pdf) {
        tried.push(`${c.via}${page ? (page.status === 200 ? ' names no PDF (no citation_pdf_url)' : ` answered ${page.status}`) : ' could not be read'}`);
        continue;
      }
      if (await attempt(pdf, `${c.via} (citation_pdf_url)`)) return;
    }
    const reason = `No open-access copy found. ${tried.join('; ')}. ${ATTACH_HINT}`;
    markFailed(db, job.paperId, reason, null);
    ctx.emit({ type: 'failed', paperId: job.paperId, title: job.title, reason });
  } catch (e) {
    if (e instanceof StoppedError) throw e;
    if (!(e instanceof HostError)) throw e;
    const n = markRetry(db, job.paperId, e.message, true);
    if (n >= ctx.web.maxAttempts) {
      const reason = `${e.message} (gave up after ${n} tries). ${ATTACH_HINT}`;
      markFailed(db, job.paperId, reason, null);
      ctx.emit({ type: 'failed', paperId: job.paperId, title: job.title, reason });
    } else backOff(ctx, e, n, job.paperId, job.title, e.opts.host ?? hostOf(ctx.web.unpaywallApi));
  }
}
