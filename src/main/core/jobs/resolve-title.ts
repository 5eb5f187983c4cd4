import { searchByTitle } from '../arxiv/api';
import { ArxivError } from '../arxiv/client';
import { decide } from '../resolve/score';
import { applyEntry, saveForReview, saveResolveFailed, saveUnmatched, type TitleWork } from '../resolve/store';
import { resolveOnCrossref } from './crossref';
import type { StepContext } from './step';

const NO_TITLE = 'Only its DOI is known, not its title, so it cannot be looked up on arXiv by title.';

/** A paper without an arXiv id is looked up by its title: a sure match is applied, an unsure one waits for the user. */
export async function resolveByTitle(ctx: StepContext, t: TitleWork, signal?: AbortSignal): Promise<void> {
  const { db } = ctx;
  const said = (state: 'matched' | 'review' | 'unmatched' | 'failed', arxivId: string | null, note: string | null) =>
    ctx.emit({ type: 'resolved', paperId: t.id, title: t.title, state, arxivId, note });
  if (t.madeUp) {
    // Its title is a placeholder ("doi:10.…"): searching arXiv for those words finds nothing true.
    saveUnmatched(db, t.id, [], NO_TITLE, null);
    return said('unmatched', null, NO_TITLE);
  }
  ctx.emit({ type: 'resolving', paperId: t.id, title: t.title });
  if (t.viaCrossref) return resolveOnCrossref(ctx, t, signal);
  let entries;
  try {
    entries = await searchByTitle(ctx.client, t.title, signal, (found) => decide(t, found).kind === 'sure');
  } catch (e) {
    if (!(e instanceof ArxivError) || e.kind === 'blocked') throw e;
    const attempt = t.attempts + 1;
    const giveUp = e.kind === 'permanent' || attempt >= ctx.client.settings.maxAttempts;
    saveResolveFailed(db, t.id, e.message, giveUp);
    if (giveUp) said('failed', null, e.message);
    else ctx.pause(e, attempt, t.id, t.title);
    return;
  }
  const decision = decide(t, entries);
  if (decision.kind === 'sure') {
    const other = applyEntry(db, t.id, decision.best.entry, 'matched', decision.best.score, decision.note, ctx.now().toISOString());
    if (other === null) return said('matched', decision.best.entry.arxivId, decision.note);
    const note = `arXiv ${decision.best.entry.arxivId} is already paper #${other} in your library: the same work twice?`;
    saveForReview(db, t.id, decision.candidates, note);
    said('review', null, note);
  } else if (decision.kind === 'review') {
    saveForReview(db, t.id, decision.candidates, decision.note);
    said('review', null, decision.note);
  } else {
    saveUnmatched(db, t.id, decision.candidates, decision.note, null);
    said('unmatched', null, decision.note);
  }
}
