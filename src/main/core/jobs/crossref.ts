import { fetchWork, searchWorks } from '../crossref/client';
import { decideCrossref } from '../resolve/crossref-score';
import type { TitleWork } from '../resolve/store';
import { HostError, hostOf } from '../downloads/hosts';
import { applyCrossref, applyCrossrefMatch, saveCrossrefCandidates, saveCrossrefFailed, saveCrossrefMissing, type DoiWork } from '../resolve/crossref-store';
import { saveResolveFailed } from '../resolve/store';
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
    if (giveUp) ctx.emit({ type: 'resolved', paperId: w.id, title: w.title, state: 'failed', arxivId: null, note: `Crossref: ${e.message}`, doi: w.doi });
    else backOff(ctx, e, attempt, w.id, w.title, hostOf(ctx.web.crossrefApi));
    return;
  }
  const now = ctx.now().toISOString();
  if (!work) {
    if (w.again || w.arxivId) {
      // The published DOI a preprint named: the paper keeps the preprint's record.
      const note = w.arxivId ? `Crossref does not know the DOI ${w.doi} that arXiv gives.` : `Crossref does not know its published version's DOI ${w.doi}; the preprint's record is kept.`;
      saveCrossrefMissing(db, w.id, note, now, w.arxivId ? 'missing' : 'found');
      // A paper on arXiv was reported by its arXiv lookup: this is no news.
      if (!w.arxivId) ctx.emit({ type: 'resolved', paperId: w.id, title: w.title, state: 'enriched', arxivId: null, note, doi: w.doi });
      return;
    }
    const note = `Crossref does not know the DOI ${w.doi}.`;
    saveCrossrefMissing(db, w.id, note, now);
    ctx.emit({ type: 'resolved', paperId: w.id, title: w.title || `doi:${w.doi}`, state: 'unmatched', arxivId: null, note, doi: w.doi });
    return;
  }
  const out = applyCrossref(db, w.id, work, now);
  const notes = [
    out.merged ? `the same work as paper #${out.paperId}: now one paper` : null,
    work.retraction ? `retracted (${work.retraction.url ?? work.retraction.label})` : null,
    out.lookAgain ? 'a preprint; its published version is looked up next' : null,
  ].filter(Boolean);
  // A paper on arXiv was reported by its arXiv lookup: only news (a retraction, a merge) is said again.
  if (!w.arxivId || notes.length) ctx.emit({ type: 'resolved', paperId: out.paperId, title: work.title || w.title, state: 'enriched', arxivId: null, note: notes.length ? notes.join('; ') : null, doi: w.doi });
}

/** After a transient failure: the host waits (its Retry-After, else exponential backoff), and the retry is reported. */
export function backOff(ctx: StepContext, e: HostError, attempt: number, paperId: number | null, title: string, host: string): void {
  const base = Math.max(ctx.web.hostDelayMs, 50);
  const waitMs = e.opts.retryAfterMs ?? Math.min(10 * 60_000, base * 2 ** Math.max(0, attempt - 1));
  if (e.opts.retryAfterMs === undefined) ctx.hosts.pause(e.opts.host ?? host, waitMs, `backing off ${formatWait(waitMs)} after: ${e.message}`);
  ctx.emit({ type: 'retry', paperId, title, reason: e.message, attempt, waitMs });
}

/**
 * A title from a digest that is not arXiv's (a BibTeX, a journal's feed) is looked up on Crossref
 * (query.bibliographic): a sure match gives the paper its DOI and Crossref's record; an unsure one
 * waits for the user's pick among the works (lectern resolve --review, the review dialog).
 */
export async function resolveOnCrossref(ctx: StepContext, t: TitleWork, signal?: AbortSignal): Promise<void> {
  const { db } = ctx;
  const said = (state: 'matched' | 'review' | 'unmatched' | 'failed', doi: string | null, note: string | null) =>
    ctx.emit({ type: 'resolved', paperId: t.id, title: t.title, state, arxivId: doi ? `doi:${doi}` : null, note });
  let works;
  try {
    works = await searchWorks(ctx.hosts, ctx.web, t.title, signal);
  } catch (e) {
    if (!(e instanceof HostError)) throw e;
    const attempt = t.attempts + 1;
    const giveUp = e.kind === 'permanent' || attempt >= ctx.web.maxAttempts;
    saveResolveFailed(db, t.id, `Crossref: ${e.message}`, giveUp);
    if (giveUp) said('failed', null, e.message);
    else backOff(ctx, e, attempt, t.id, t.title, hostOf(ctx.web.crossrefApi));
    return;
  }
  const d = decideCrossref(t, works);
  if (d.kind === 'sure') {
    applyCrossrefMatch(db, t.id, d.best.work, 'matched', d.best.score, d.note, ctx.now().toISOString());
    return said('matched', d.best.work.doi, d.note);
  }
  saveCrossrefCandidates(db, t.id, d.candidates, d.note, d.kind === 'review' ? 'review' : 'unmatched');
  said(d.kind === 'review' ? 'review' : 'unmatched', null, d.note);
}
