import { useCallback, useMemo, type Dispatch } from 'react';
import type { PaperRow, Status } from '../../../shared/model';
import { api } from '../api';
import type { PdfActions } from '../downloads/PdfCell';
import { selectedCount, toSpec } from '../selection/selection';
import type { SelectionKey } from '../table/LibraryTable';
import type { LibraryAction, LibraryState } from './library-state';
import type { LibraryCalls } from './useLibraryCalls';

interface Options {
  state: LibraryState;
  dispatch: Dispatch<LibraryAction>;
  calls: LibraryCalls;
  total: number | null;
  rowAt: (i: number) => PaperRow | undefined;
}

/**
 * What acts on papers: one row (its status pill, its star, its PDF), the selection (keys, the
 * bulk bar), each call resolved in SQL from the selection (selection/selection.ts).
 */
export function useSelectionActions({ state, dispatch, calls, total, rowAt }: Options) {
  const { selection, query } = state;
  const { acted, queue, open, fail } = calls;
  const activeRow = total ? rowAt(selection.active) : undefined;
  const selected = selectedCount(selection, total ?? 0);
  const spec = () => toSpec(selection, query, activeRow?.id ?? null);

  const onMark = useCallback(
    (ids: number[], status: Status) => {
      if (ids.length) acted(api.markPapers({ papers: { ids }, status }));
    },
    [acted],
  );
  const onStarRow = useCallback((row: PaperRow) => acted(api.starPapers({ papers: { ids: [row.id] }, starred: !row.starred })), [acted]);
  const onDownload = useCallback((ids: number[]) => ids.length > 0 && queue(api.queueDownloads({ papers: { refs: ids.map(String) } })), [queue]);
  const pdfActions = useMemo<PdfActions>(() => ({ onDownload, onReview: (paperId) => open({ kind: 'review', paperId }) }), [onDownload, open]);

  const askRemove = async () => {
    const s = spec();
    try {
      const { count } = await api.countPapers({ papers: s });
      if (count > 0) open({ kind: 'confirm-remove', count, spec: s });
    } catch (e) {
      fail(e);
    }
  };
  const bulk = {
    onStatus: (status: Status) => acted(api.markPapers({ papers: spec(), status })),
    onStar: (starred: boolean) => acted(api.starPapers({ papers: spec(), starred })),
    onTags: (add: string[], remove: number[]) => acted(api.tagPapers({ papers: spec(), add, remove })),
    onRemove: () => void askRemove(),
    onDownload: () => queue(api.queueDownloads({ papers: spec() })),
  };
  const onSelectionKey = (key: SelectionKey) => {
    if (key === 'read' || key === 'unread' || key === 'reading') bulk.onStatus(key);
    else if (key === 'star') bulk.onStar(!(selected <= 1 && activeRow?.starred));
    else if (key === 'tag') {
      if (selected > 1) dispatch({ type: 'tag-key' });
      else document.querySelector<HTMLInputElement>('.pane input[aria-label="Add tags to this paper"]')?.focus();
    } else if (key === 'remove') bulk.onRemove();
    else if (key === 'download') bulk.onDownload();
  };
  return { activeRow, selected, onMark, onStarRow, pdfActions, bulk, onSelectionKey };
}
