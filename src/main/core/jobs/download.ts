import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { ArxivError, StoppedError } from '../arxiv/client';
import { fetchPdf, sizeOf } from '../downloads/fetch-pdf';
import { acceptDownloadedPdf, pdfPathFor, pdfRelPath } from '../downloads/files';
import { markDownloaded, markFailed, markInterrupted, markRetry, markStarted, setJobWaitingReview, type Job } from '../downloads/queue';
import { bumpRevision } from '../db/revision';
import { downloadOpenCopy } from './open-access';
import type { StepContext } from './step';

/** When the previous download ended, for the time per paper the status bar's estimate uses. */
export interface DownloadPace {
  lastJobEnd: number | null;
}

/**
 * One queued PDF: fetched (resumed where a part exists), checked and moved into place; a
 * transient failure pauses all traffic and tries again later, a permanent one fails the paper
 * with the reason. A paper without an arXiv id gets here only after its lookup ended without one;
 * one with a DOI is fetched from an open copy (open-access.ts).
 */
export async function downloadJob(ctx: StepContext, job: Job, pace: DownloadPace, signal?: AbortSignal): Promise<void> {
  const { db, clock } = ctx;
  if (!job.arxivId && job.doi) return downloadOpenCopy(ctx, { ...job, doi: job.doi }, signal);
  if (!job.arxivId) return settleWithoutId(ctx, job);
  const withId = { ...job, arxivId: job.arxivId };
  const final = pdfPathFor(ctx.dataDir, job.arxivId);
  const saved = (bytes: number, jobMs: number | null) =>
    markDownloaded(db, job.paperId, { path: pdfRelPath(withId.arxivId), bytes, version: job.arxivVersion, sha256: sha256File(final) }, jobMs, ctx.now().toISOString());
  if (fs.existsSync(final) && acceptDownloadedPdf(final, null).ok) {
    // A previous run renamed the file into place but stopped before saying so.
    const bytes = fs.statSync(final).size;
    saved(bytes, null);
    ctx.emit({ type: 'downloaded', paperId: job.paperId, arxivId: job.arxivId, title: job.title, bytes, already: true });
    return;
  }
  markStarted(db, job.paperId, clock());
  ctx.emit({ type: 'download-start', paperId: job.paperId, arxivId: job.arxivId, title: job.title, resumeFrom: sizeOf(`${final}.part`) });
  const started = clock();
  try {
    const { bytes } = await fetchPdf(
      { client: ctx.client, db, dataDir: ctx.dataDir, clock, signal, onProgress: (b, total) => ctx.emit({ type: 'progress', paperId: job.paperId, bytes: b, total }) },
      withId,
    );
    const end = clock();
    const jobMs = pace.lastJobEnd !== null ? end - pace.lastJobEnd : end - started + ctx.client.settings.delayMs;
    pace.lastJobEnd = end;
    saved(bytes, jobMs);
    ctx.emit({ type: 'downloaded', paperId: job.paperId, arxivId: job.arxivId, title: job.title, bytes, already: false });
  } catch (e) {
    recordFailure(ctx, job, e);
  }
}

/** Resolution runs before downloads, so the lookup has ended without an id: wait for the user's pick, or fail. */
function settleWithoutId(ctx: StepContext, job: Job): void {
  const { db } = ctx;
  db.transaction(() => {
    if (job.resolveState === 'review') setJobWaitingReview(db, job.paperId);
    bumpRevision(db);
  }).immediate();
  if (job.resolveState === 'review') return;
  const reason = job.resolveNote ? `Not found on arXiv: ${job.resolveNote}` : 'The paper has no arXiv id, and none was found for its title.';
  markFailed(db, job.paperId, reason, null);
  ctx.emit({ type: 'failed', paperId: job.paperId, title: job.title, reason });
}

function recordFailure(ctx: StepContext, job: Job, e: unknown): void {
  const { db } = ctx;
  if (e instanceof StoppedError || (e instanceof ArxivError && e.kind === 'blocked')) {
    try {
      markInterrupted(db, job.paperId);
    } catch {}
    throw e;
  }
  if (e instanceof ArxivError && e.kind === 'transient') {
    const attempt = markRetry(db, job.paperId, e.message, !!e.opts.discardPart);
    if (attempt >= ctx.client.settings.maxAttempts) {
      const reason = `${capitalize(e.message)} (gave up after ${attempt} tries).`;
      markFailed(db, job.paperId, reason, null);
      ctx.emit({ type: 'failed', paperId: job.paperId, title: job.title, reason });
    } else ctx.pause(e, attempt, job.paperId, job.title);
    return;
  }
  // Permanent: arXiv's answer will not change (404, a web page, not a PDF), or the disk refused.
  const reason = e instanceof ArxivError ? capitalize(e.message) : `Could not save the PDF: ${e instanceof Error ? e.message : String(e)}`;
  if (!(e instanceof ArxivError)) ctx.logger.error(`download of ${job.arxivId} failed`, e);
  markFailed(db, job.paperId, reason, null);
  ctx.emit({ type: 'failed', paperId: job.paperId, title: job.title, reason });
}

function capitalize(s: string): string {
  return s.startsWith('arXiv') ? s : s.charAt(0).toUpperCase() + s.slice(1);
}

function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
