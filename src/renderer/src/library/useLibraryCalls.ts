import { useCallback, useMemo, type Dispatch } from 'react';
import { api } from '../api';
import { queuedMessage, type ActionResult, type Dialog, type LibraryAction } from './library-state';

/**
 * What the library does with the core's answers: an undoable action's answer arms the undo toast,
 * queued PDFs are counted in the status bar, an error is said there. Every function is stable.
 */
export function useLibraryCalls(dispatch: Dispatch<LibraryAction>, refreshRevision: () => void, refreshWork: () => void) {
  const refresh = useCallback(
    (queueToo = false) => {
      refreshRevision();
      if (queueToo) refreshWork();
    },
    [refreshRevision, refreshWork],
  );
  const fail = useCallback((e: unknown) => dispatch({ type: 'message', text: (e as Error).message }), [dispatch]);
  const say = useCallback((text: string) => dispatch({ type: 'message', text }), [dispatch]);
  const open = useCallback((dialog: Dialog) => dispatch({ type: 'open-dialog', dialog }), [dispatch]);
  /** Something changed in the library or its queue, with what to say about it. */
  const changed = useCallback(
    (message: string) => {
      say(message);
      refresh(true);
    },
    [say, refresh],
  );
  const acted = useCallback(
    (call: Promise<ActionResult>) =>
      void call
        .then((result) => {
          dispatch({ type: 'acted', result });
          refreshRevision();
        })
        .catch(fail),
    [dispatch, refreshRevision, fail],
  );
  const queue = useCallback(
    (call: ReturnType<typeof api.queueDownloads>) =>
      void call
        .then((r) => {
          say(queuedMessage(r));
          refresh(true);
        })
        .catch(fail),
    [say, refresh, fail],
  );
  return useMemo(() => ({ refresh, fail, say, open, changed, acted, queue }), [refresh, fail, say, open, changed, acted, queue]);
}

export type LibraryCalls = ReturnType<typeof useLibraryCalls>;
