import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { removePapers, setStarred, setStatus, undo } from '../library/bulk';
import { countTarget } from '../library/selection';
import { lastUndo, undoable } from '../library/undo';
import { INDEX_INLINE, indexPending } from '../search/fts';

type SelectionHandlers = Pick<Handlers, 'countPapers' | 'markPapers' | 'starPapers' | 'removePapers' | 'undo' | 'lastUndo'>;

/** Actions over a target, each made undoable here, at registration, and the undo itself. */
export function selectionHandlers(ctx: CoreContext): SelectionHandlers {
  const { db, now } = ctx;
  return {
    countPapers: (i) => ({ count: countTarget(db, i.papers, now()) }),
    markPapers: undoable(db, now, 'status', (i, u) => setStatus(db, u, i.status)),
    starPapers: undoable(db, now, 'star', (i, u) => setStarred(db, u, i.starred)),
    removePapers: undoable(db, now, 'remove', (_i, u) => removePapers(db, u)),
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
  };
}
