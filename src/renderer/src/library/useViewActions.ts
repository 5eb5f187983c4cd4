import { useCallback, useMemo, type Dispatch } from 'react';
import type { ColumnLayout, LibraryQuery, View } from '../../../shared/query';
import { api } from '../api';
import type { LibraryAction } from './library-state';
import type { LibraryCalls } from './useLibraryCalls';

/**
 * The sidebar's and the filter bar's actions: change the query, apply, save or delete a view,
 * start a triage pass, delete a digest, manage tags. Stable, so the memoized sidebar is not
 * drawn again while the user types in the search box.
 */
export function useViewActions(dispatch: Dispatch<LibraryAction>, calls: LibraryCalls, setLayout: (l: ColumnLayout) => void) {
  const { open, fail, refresh } = calls;
  const changeQuery = useCallback((change: Partial<LibraryQuery>) => dispatch({ type: 'query', change }), [dispatch]);
  const applyView = useCallback(
    (view: View) => {
      dispatch({ type: 'apply-view', view });
      if (view.columns) setLayout(view.columns);
    },
    [dispatch, setLayout],
  );
  const deleteView = useCallback(
    (v: View) =>
      void api
        .deleteView({ id: v.id as number })
        .then((r) => {
          dispatch({ type: 'view-deleted', view: { id: v.id, name: r.name } });
          refresh();
        })
        .catch(fail),
    [dispatch, refresh, fail],
  );
  const saveView = useCallback(() => open({ kind: 'save-view' }), [open]);
  const manageTags = useCallback(() => open({ kind: 'manage-tags' }), [open]);
  const triage = useCallback((digestId: number) => dispatch({ type: 'show', screen: { kind: 'triage', digestId } }), [dispatch]);
  const deleteDigest = useCallback((digest: { id: number; name: string }) => open({ kind: 'delete-digest', digest }), [open]);
  return useMemo(
    () => ({ changeQuery, applyView, deleteView, saveView, manageTags, triage, deleteDigest }),
    [changeQuery, applyView, deleteView, saveView, manageTags, triage, deleteDigest],
  );
}
