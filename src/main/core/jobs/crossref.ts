import { fetchWork } from '../crossref/client';
import { HostError, hostOf } from '../downloads/hosts';
import { applyCrossref, saveCrossrefFailed, saveCrossrefMissing, type DoiWork } from '../resolve/crossref-store';
import { formatWait } from '../arxiv/client';
import type { StepContext } from './step';

/**
 * A paper with a DOI gets Crossref's record of it (title, names, venue, date, abstract, type,
 * retraction, its preprint or published version). A transient failure (429, 5xx, a timeout)
 * pauses Crossref and tries again later; the host's Retry-After is honoured.
 */
export async function lookUpDoi(ctx: StepContext, w: DoiWork, signal?: AbortSignal): Promise<void> {
  const { db } = ctx;
  ctx.emit({ type: 'resolving', paperId: w.id, title: w.title });
  let work;
  try {
    work = await fetchWork(ctx.hosts, ctx.web, w.doi, signal);
  } catch (e) {
    if (!(e instanceof HostError)) throw e;
    const attempt = w.attempts + 1;
    const giveUp = e.kind === 'permanent' || attempt >= ctx.web.maxAttempts;
    saveCrossrefFailed(db, w.id, e.message, giveUp);
    if (giveUp) ctx.emit({ type: 'resolved', paperId: w.id, title: w.title, state: 'failed', arxivId: null, note: `Crossref: ${e.message}` });
    else backOff(ctx, e, attempt, w.id, w.title, hostOf(ctx.web.crossrefApi));
    return;
  }
  const now = ctx.now().toISOString();
  if (!work) {
    const note = `Crossref does not know the DOI ${w.doi}.`;
    saveCrossrefMissing(db, w.id, note, now);
    ctx.emit({ type: 'resolved', paperId: w.id, title: w.title, state: 'unmatched', arxivId: null, note });
    return;
  }
  const out = applyCrossref(db, w.id, work, now);
  const notes = [
    out.merged ? `the same work as paper #${out.paperId}: now one paper` : null,
    work.retraction ? `retracted (${work.retraction.url ?? work.retraction.label})` : null,
    out.lookAgain ? 'a preprint; its published version is looked up next' : null,
  ].filter(Boolean);
  ctx.emit({ type: 'resolved', paperId: out.paperId, title: work.title || w.title, state: 'enriched', arxivId: null, note: notes.length ? notes.join('; ') : null });
}

/** After a transient failure: the host waits (its Retry-After, else exponential backoff), and the retry is reported. */
export function backOff(ctx: StepContext, e: HostError, attempt: number, paperId: number | null, title: string, host: string): void {
  const base = Math.max(ctx.web.hostDelayMs, 50);
  const waitMs = e.opts.retryAfterMs ?? Math.min(10 * 60_000, base * 2 ** Math.max(0, attempt - 1));
  if (e.opts.retryAfterMs === undefined) ctx.hosts.pause(e.opts.host ?? host, waitMs, `backing off ${formatWait(waitMs)} after: ${e.message}`);
  ctx.emit({ type: 'retry', paperId, title, reason: e.message, attempt, waitMs });
}
