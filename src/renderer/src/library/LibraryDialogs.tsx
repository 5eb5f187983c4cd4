import type { Dispatch } from 'react';
import type { WorkStatus } from '../../../shared/methods/arxiv';
import type { Tag } from '../../../shared/model';
import type { ColumnLayout, View } from '../../../shared/query';
import { api } from '../api';
import { DeleteDigestDialog } from '../digests/DeleteDigestDialog';
import { DownloadsDialog } from '../downloads/DownloadsDialog';
import { ReviewDialog } from '../downloads/ReviewDialog';
import { ExportDialog } from '../export/ExportDialog';
import { ImportDialog } from '../import/ImportDialog';
import { ConfirmRemove } from '../selection/ConfirmRemove';
import { TagManager } from '../tags/TagManager';
import { focusGrid } from '../table/LibraryTable';
import { SaveViewDialog } from '../views/SaveViewDialog';
import type { LibraryAction, LibraryState } from './library-state';

interface Props {
  state: LibraryState;
  dispatch: Dispatch<LibraryAction>;
  work: WorkStatus | null;
  revision: number;
  /** Papers in the current query. */
  count: number;
  layout: ColumnLayout;
  currentView: View | null;
  tags: Tag[];
  /** Something changed in the library: refetch what is shown (and the queue, when asked). */
  refresh: (queueToo?: boolean) => void;
  fail: (e: unknown) => void;
}

/** The one dialog open over the library (LibraryState.dialog), wired to the state and the core. */
export function LibraryDialogs({ state, dispatch, work, revision, count, layout, currentView, tags, refresh, fail }: Props) {
  const d = state.dialog;
  if (!d) return null;
  const close = (message?: string) => dispatch({ type: 'close-dialog', message });
  const changed = (message: string) => {
    dispatch({ type: 'message', text: message });
    refresh(true);
  };
  switch (d.kind) {
    case 'pdfs':
      return (
        <DownloadsDialog
          status={work}
          revision={revision}
          onClose={() => (close(), focusGrid())}
          onReview={() => dispatch({ type: 'open-dialog', dialog: { kind: 'review', paperId: null } })}
          onMessage={changed}
        />
      );
    case 'review':
      return <ReviewDialog paperId={d.paperId} onClose={() => (close(), focusGrid())} onChanged={changed} />;
    case 'export':
      return <ExportDialog query={state.query} viewCount={count} onClose={() => close()} onExported={(m) => close(m)} />;
    case 'delete-digest':
      return (
        <DeleteDigestDialog
          digest={d.digest}
          onClose={() => close()}
          onDeleted={(m) => {
            dispatch({ type: 'digest-deleted', id: d.digest.id, message: m });
            refresh(true);
          }}
        />
      );
    case 'confirm-remove':
      return (
        <ConfirmRemove
          count={d.count}
          onCancel={() => close()}
          onConfirm={() => {
            close();
            api
              .removePapers({ papers: d.spec })
              .then((r) => {
                dispatch({ type: 'removed', result: r });
                refresh();
                setTimeout(focusGrid, 0);
              })
              .catch(fail);
          }}
        />
      );
    case 'save-view':
      return (
        <SaveViewDialog
          query={{ ...state.query, search: state.query.search || null }}
          layout={layout}
          current={currentView}
          onClose={() => close()}
          onSaved={(v) => {
            dispatch({ type: 'view-saved', view: v });
            refresh();
          }}
        />
      );
    case 'manage-tags':
      return <TagManager tags={tags} onClose={() => close()} onChanged={(m) => (dispatch({ type: 'message', text: m }), refresh())} />;
    case 'import':
      return (
        <ImportDialog
          initial={d.source}
          onClose={() => close()}
          onImported={(m) => {
            close(m);
            refresh();
            focusGrid();
          }}
        />
      );
  }
}
