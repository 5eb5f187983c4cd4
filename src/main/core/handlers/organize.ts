import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { removePapers, setStarred, setStatus, tagPapers, undo } from '../library/bulk';
import { setNote } from '../library/notes';
import { countSelection } from '../library/selection';
import { readingStats } from '../library/stats';
import { createTag, deleteTag, listTags, mergeTags, renameTag } from '../library/tags';
import { triageQueue } from '../library/triage';
import { getUiState, setUiState } from '../library/ui-state';
import { lastUndo } from '../library/undo';
import { INDEX_INLINE, indexPending } from '../search/fts';
import { deleteView, listViews, saveView } from '../library/views';

type OrganizeHandlers = Pick<
  Handlers,
  | 'facetCounts' | 'countSelection' | 'setStatus' | 'starPapers' | 'tagPapers' | 'removePapers' | 'undo' | 'lastUndo'
  | 'listTags' | 'createTag' | 'renameTag' | 'mergeTags' | 'deleteTag' | 'setNote' | 'listViews' | 'saveView' | 'deleteView'
  | 'getUiState' | 'setUiState' | 'triageQueue' | 'readingStats'
>;

/** Filters' facets, bulk actions with undo, tags, notes, views, triage and statistics. */
export function organizeHandlers(ctx: CoreContext): OrganizeHandlers {
  const { db, now, facets } = ctx;
  const iso = () => now().toISOString();
  return {
    facetCounts: (i) => facets.count(i.query, now(), i.digestLimit),
    countSelection: (i) => ({ count: countSelection(db, i.selection, now()) }),
    setStatus: (i) => setStatus(db, i.selection, i.status, now()),
    starPapers: (i) => setStarred(db, i.selection, i.starred, now()),
    tagPapers: (i) => tagPapers(db, i.selection, i.add, i.remove, now()),
    removePapers: (i) => removePapers(db, i.selection, now()),
    undo: (i) => {
      const out = undo(db, i.undoId);
      // Papers brought back above the search index's watermark (a removal lowers it) are indexed
      // again, and their PDFs' text is extracted again.
      indexPending(db, INDEX_INLINE);
      ctx.scheduleIndexing();
      ctx.text.schedule();
      return out;
    },
    lastUndo: () => lastUndo(db),
    listTags: () => listTags(db),
    createTag: (i) => createTag(db, i.name, iso()),
    renameTag: (i) => renameTag(db, i.id, i.name),
    mergeTags: (i) => mergeTags(db, i.from, i.into),
    deleteTag: (i) => deleteTag(db, i.id),
    setNote: (i) => setNote(db, i.id, i.note, iso()),
    listViews: () => listViews(db),
    saveView: (i) => saveView(db, { id: i.id, name: i.name, query: i.query, columns: i.columns }, iso()),
    deleteView: (i) => deleteView(db, i.id),
    getUiState: (i) => ({ value: getUiState(db, i.key) }),
    setUiState: (i) => (setUiState(db, i.key, i.value, iso()), { ok: true as const }),
    triageQueue: (i) => triageQueue(db, i.digestId, i.order),
    readingStats: (i) => readingStats(db, i.weeks, now()),
  };
}
