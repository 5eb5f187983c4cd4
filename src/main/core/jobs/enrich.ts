import { fetchByIds } from '../arxiv/api';
import type { ArxivEntry } from '../arxiv/atom';
import { ArxivError } from '../arxiv/client';
import { applyEntry, saveResolveFailed, saveUnmatched, type IdWork } from '../resolve/store';
import type { StepContext } from './step';

/**
 * Papers that already have an arXiv id get arXiv's record of it (names, categories, DOI, and a
 * title where the importer had to make one up), one id_list request per batch.
 */
export async function enrichKnownIds(ctx: StepContext, batch: IdWork[], signal?: AbortSignal): Promise<void> {
  const { db } = ctx;
  let found: Map<string, ArxivEntry>;
  try {
    found = await fetchByIds(ctx.client, batch.map((b) => b.arxivId), signal);
  } catch (e) {
    if (!(e instanceof ArxivError) || e.kind === 'blocked') throw e;
    const attempt = Math.max(...batch.map((b) => b.attempts)) + 1;
    const giveUp = e.kind === 'permanent' || attempt >= ctx.client.settings.maxAttempts;
    for (const b of batch) saveResolveFailed(db, b.id, e.message, giveUp);
    if (!giveUp) ctx.pause(e, attempt, null, `${batch.length} papers`);
    return;
  }
  const now = ctx.now().toISOString();
  for (const b of batch) {
    const entry = found.get(b.arxivId);
    if (entry) {
      applyEntry(db, b.id, entry, 'enriched', null, null, now);
      ctx.emit({ type: 'resolved', paperId: b.id, title: entry.title, state: 'enriched', arxivId: b.arxivId, note: null });
    } else {
      const note = `arXiv does not know ${b.arxivId}.`;
      saveUnmatched(db, b.id, [], note, null);
      ctx.emit({ type: 'resolved', paperId: b.id, title: b.arxivId, state: 'unmatched', arxivId: b.arxivId, note });
    }
  }
}
