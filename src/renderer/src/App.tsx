import { lazy, Suspense, useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { PaperRow, SortColumn, Status, Tag } from '../../shared/model';
import type { LibraryQuery, View } from '../../shared/query';
import { api } from './api';
import type { PdfActions } from './downloads/PdfCell';
import { useWorkStatus } from './downloads/useWorkStatus';
import { FilterBar } from './filters/FilterBar';
import { focusGrid, LibraryDialogs } from './library/LibraryDialogs';
import { INITIAL_STATE, libraryHasKeys, libraryReducer, queuedMessage, viewModified, type ActionResult, type Dialog, type Screen } from './library/library-state';
import { StatusBar } from './library/StatusBar';
import { Toolbar } from './library/Toolbar';
import { useFacets } from './library/useFacets';
import { useLibraryLists } from './library/useLibraryLists';
import { useUiState } from './library/useUiState';
import { useDropAndPaste, useWindowKeys } from './library/useWindowInput';
import { loadMath } from './math/TexText';
import { NoticeBanner } from './notices/NoticeBanner';
import { PaperOrganize } from './pane/PaperOrganize';
import { SidePane } from './pane/SidePane';
import { BulkBar } from './selection/BulkBar';
import { EMPTY_SELECTION, selectAll, selectedCount, toSpec, type Selection } from './selection/selection';
import { UndoToast } from './selection/UndoToast';
import { StatsView } from './stats/StatsView';
import { InterestReason } from './subscriptions/InterestReason';
import { SubscribeButton } from './subscriptions/SubscribeButton';
import { LAYOUT_COLUMNS } from './table/columns';
import { acceptLayout, defaultLayout, fitLayout, LAYOUT_KEY } from './table/layout';
import { LibraryTable, type SelectionKey } from './table/LibraryTable';
import { usePagedRows } from './table/usePagedRows';
import { TriageView } from './triage/TriageView';
import { useRevision } from './useRevision';
import { useTextExtraction } from './useTextExtraction';
import { Sidebar } from './views/Sidebar';

// pdf.js comes with the reader: loaded when the browser is idle once the library is on screen
// (or at the first open, if that comes sooner), never before the table's first rows.
const ReaderView = lazy(() => import('./reader/ReaderView'));

const DEFAULT_LAYOUT = defaultLayout(LAYOUT_COLUMNS);

/**
 * The library window: hosts the library's state (library/library-state.ts, a pure reducer) and
 * connects it to the core: the rows, the facets, the calls each action makes, the reader.
 */
export function App() {
  const [state, dispatch] = useReducer(libraryReducer, INITIAL_STATE);
  const { query, selection, screen, reading } = state;
  const [revision, refreshRevision, indexing] = useRevision();
  const [work, refreshWork] = useWorkStatus(revision);
  const { total, error, rowAt, loadedWhere, ensureRange, version } = usePagedRows(query, revision);
  const [libraryEmpty, setLibraryEmpty] = useState<boolean | null>(null);
  const [storedLayout, setLayout] = useUiState(LAYOUT_KEY, DEFAULT_LAYOUT, acceptLayout);
  const layout = useMemo(() => fitLayout(storedLayout, LAYOUT_COLUMNS), [storedLayout]);
  const facets = useFacets(query, revision);
  const { views, tags } = useLibraryLists(revision);
  const extraction = useTextExtraction(revision);
  const searchRef = useRef<HTMLInputElement>(null);

  const refresh = useCallback(
    (queueToo = false) => {
      refreshRevision();
      if (queueToo) refreshWork();
    },
    [refreshRevision, refreshWork],
  );
  const fail = useCallback((e: unknown) => dispatch({ type: 'message', text: (e as Error).message }), []);
  /** An undoable action's answer: the toast offers to undo it. */
  const acted = useCallback(
    (call: Promise<ActionResult>) =>
      void call
        .then((result) => {
          dispatch({ type: 'acted', result });
          refreshRevision();
        })
        .catch(fail),
    [refreshRevision, fail],
  );
  const say = useCallback((text: string) => dispatch({ type: 'message', text }), []);
  const open = useCallback((dialog: Dialog) => dispatch({ type: 'open-dialog', dialog }), []);

  const openPaper = useCallback((paper: Pick<PaperRow, 'id' | 'pdf' | 'title'>) => {
    dispatch({ type: 'open-paper', paper });
    if (paper.pdf !== 'downloaded') document.querySelector<HTMLElement>('.pane')?.focus();
  }, []);
  const closeReader = useCallback(() => {
    dispatch({ type: 'close-reader' });
    refreshRevision();
  }, [refreshRevision]);
  // Back to the same row: the table stayed mounted behind the reader, with its scroll and
  // selection; it gets the focus once it is no longer inert.
  const wasReading = useRef(false);
  useEffect(() => {
    if (wasReading.current && reading === null) focusGrid();
    wasReading.current = reading !== null;
  }, [reading]);

  useEffect(() => {
    api.libraryInfo({}).then((i) => setLibraryEmpty(i.papers === 0)).catch(() => setLibraryEmpty(false));
  }, [revision]);

  // The library is on screen: get the reader and KaTeX ready while the user looks at it, so the
  // first paper opens as fast as the next one and formulas are drawn at once.
  useEffect(() => {
    if (libraryEmpty !== false) return;
    const warm = () => {
      void loadMath();
      void import('./reader/pdfjs').then((m) => m.warmReader()).catch(() => {});
    };
    const handle = window.requestIdleCallback(warm, { timeout: 3000 });
    return () => window.cancelIdleCallback(handle);
  }, [libraryEmpty]);

  const changeQuery = useCallback((change: Partial<LibraryQuery>) => dispatch({ type: 'query', change }), []);
  const setSelection = useCallback((s: Selection) => dispatch({ type: 'select', selection: s }), []);
  const resetSelection = useCallback(() => setSelection(EMPTY_SELECTION), [setSelection]);
  const applyView = useCallback(
    (view: View) => {
      dispatch({ type: 'apply-view', view });
      if (view.columns) setLayout(view.columns);
    },
    [setLayout],
  );
  const onDeleteView = useCallback(
    (v: View) =>
      void api
        .deleteView({ id: v.id as number })
        .then((r) => {
          dispatch({ type: 'view-deleted', view: { id: v.id, name: r.name } });
          refreshRevision();
        })
        .catch(fail),
    [refreshRevision, fail],
  );
  const onSaveView = useCallback(() => open({ kind: 'save-view' }), [open]);
  const onManageTags = useCallback(() => open({ kind: 'manage-tags' }), [open]);
  const onTriage = useCallback((digestId: number) => dispatch({ type: 'show', screen: { kind: 'triage', digestId } }), []);
  const onDeleteDigest = useCallback((digest: { id: number; name: string }) => open({ kind: 'delete-digest', digest }), [open]);
  const currentView = views.find((v) => v.id === state.activeView) ?? null;

  const activeRow = total ? rowAt(selection.active) : undefined;
  const count = total ?? 0;
  const selected = selectedCount(selection, count);
  const spec = () => toSpec(selection, query, activeRow?.id ?? null);

  const onMark = useCallback(
    (ids: number[], status: Status) => {
      if (ids.length) acted(api.setStatus({ selection: { ids }, status }));
    },
    [acted],
  );
  const onStarRow = useCallback((row: PaperRow) => acted(api.starPapers({ selection: { ids: [row.id] }, starred: !row.starred })), [acted]);
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
  const onDownload = useCallback((ids: number[]) => ids.length > 0 && queue(api.queueDownloads({ refs: ids.map(String) })), [queue]);
  const pdfActions = useMemo<PdfActions>(() => ({ onDownload, onReview: (paperId) => open({ kind: 'review', paperId }) }), [onDownload, open]);
  const changed = (m: string) => {
    say(m);
    refresh(true);
  };
  const askRemove = async () => {
    const s = spec();
    try {
      const { count: n } = await api.countSelection({ selection: s });
      if (n > 0) open({ kind: 'confirm-remove', count: n, spec: s });
    } catch (e) {
      fail(e);
    }
  };
  const onSelectionKey = (key: SelectionKey) => {
    if (key === 'read' || key === 'unread' || key === 'reading') acted(api.setStatus({ selection: spec(), status: key }));
    else if (key === 'star') acted(api.starPapers({ selection: spec(), starred: !(selected <= 1 && activeRow?.starred) }));
    else if (key === 'tag') {
      if (selected > 1) dispatch({ type: 'tag-key' });
      else document.querySelector<HTMLInputElement>('.pane input[aria-label="Add tags to this paper"]')?.focus();
    } else if (key === 'remove') void askRemove();
    else if (key === 'download') queue(api.queueDownloads({ selection: spec() }));
  };
  const undo = async () => {
    if (!state.undoable) return;
    try {
      const r = await api.undo({ undoId: state.undoable.id });
      dispatch({ type: 'undo-finished', message: `Undone: ${r.label}.` });
      refreshRevision();
    } catch (e) {
      dispatch({ type: 'undo-finished', message: (e as Error).message });
    }
  };
  const dismissUndo = useCallback(() => dispatch({ type: 'dismiss-undo' }), []);

  useDropAndPaste(reading === null, (source) => open({ kind: 'import', source }));
  useWindowKeys(libraryHasKeys(state), {
    undo: () => void undo(),
    view: (n) => {
      const v = views[n];
      if (v) applyView(v);
      return !!v;
    },
    escape: () => selected > 1 && resetSelection(),
  });

  const trySample = () =>
    api
      .sampleDigest({})
      .then((source) => open({ kind: 'import', source }))
      .catch(fail);
  const firstUnreadDigest = facets?.digests.find((d) => d.unread > 0) ?? null;
  const inTable = screen.kind === 'table';

  return (
    <div className="app">
      <div className="library" inert={reading !== null} aria-hidden={reading !== null || undefined}>
        <Toolbar query={query} screen={screen} dispatch={dispatch} searchRef={searchRef} empty={!!libraryEmpty} layout={layout} onLayout={setLayout} triageDigest={firstUnreadDigest} />

        <NoticeBanner revision={revision} />
        {work?.blocked && (
          <div className="banner" role="alert">
            <span>{work.blocked.reason}</span>
            <button type="button" onClick={() => api.resumeArxiv({}).then(() => changed('Downloads from arXiv may start again.')).catch(fail)}>
              Resume downloads
            </button>
          </div>
        )}

        {!libraryEmpty && inTable && <FilterBar query={query} onChange={changeQuery} facets={facets} tags={tags} />}

        {selected > 1 && inTable && (
          <BulkBar
            count={selected}
            total={count}
            allSelected={selection.all}
            tags={tags}
            tagSignal={state.tagSignal}
            onStatus={(s) => acted(api.setStatus({ selection: spec(), status: s }))}
            onStar={(starred) => acted(api.starPapers({ selection: spec(), starred }))}
            onTags={(add, remove) => acted(api.tagPapers({ selection: spec(), add, remove }))}
            onRemove={() => void askRemove()}
            onDownload={() => queue(api.queueDownloads({ selection: spec() }))}
            onSelectAll={() => setSelection(selectAll(selection))}
            onClear={resetSelection}
          />
        )}

        <main className="main">
          {libraryEmpty ? (
            <Welcome onOpen={() => open({ kind: 'import', source: null })} onSample={trySample} onSubscribed={changed} />
          ) : (
            <>
              <Sidebar
                views={views}
                activeView={state.activeView}
                modified={viewModified(currentView, query)}
                onView={applyView}
                onDeleteView={onDeleteView}
                onSaveView={onSaveView}
                query={query}
                onChange={changeQuery}
                facets={facets}
                tags={tags}
                onTriage={onTriage}
                onDeleteDigest={onDeleteDigest}
                onManageTags={onManageTags}
              />
              <MainScreen
                screen={screen}
                revision={revision}
                tags={tags}
                onChanged={refreshRevision}
                onTriageLeft={(message) => {
                  dispatch({ type: 'triage-left', message });
                  setTimeout(focusGrid, 0);
                }}
                onStatsClosed={() => dispatch({ type: 'show', screen: { kind: 'table' } })}
              >
                <LibraryTable
                  query={query}
                  onSort={(sort: SortColumn | null, desc: boolean) => changeQuery({ sort, desc })}
                  total={count}
                  rowAt={rowAt}
                  loadedWhere={loadedWhere}
                  ensureRange={ensureRange}
                  version={version}
                  selection={selection}
                  onSelection={setSelection}
                  onMark={onMark}
                  onSelectionKey={onSelectionKey}
                  onStar={onStarRow}
                  pdf={pdfActions}
                  onOpen={(i) => {
                    const r = rowAt(i);
                    if (r) openPaper(r);
                  }}
                  onSearchKey={() => searchRef.current?.focus()}
                  layout={layout}
                  onLayout={setLayout}
                />
              </MainScreen>
              {inTable && (
                <SidePane paperId={activeRow?.id ?? null} revision={revision} onMark={onMark} pdf={pdfActions} onChanged={changed} onRead={openPaper}>
                  {(paper) => (
                    <>
                      <InterestReason paper={paper} />
                      <PaperOrganize paper={paper} tags={tags} onChanged={refreshRevision} />
                    </>
                  )}
                </SidePane>
              )}
            </>
          )}
        </main>

        <StatusBar
          total={total}
          selected={selected}
          view={currentView && { name: currentView.name, modified: viewModified(currentView, query) }}
          indexing={indexing}
          extraction={extraction}
          error={error}
          message={state.message}
          work={work}
          onReview={() => open({ kind: 'review', paperId: null })}
        />
      </div>

      {reading !== null && (
        <Suspense fallback={<div className="reader" role="status">Opening the reader…</div>}>
          <ReaderView key={reading} paperId={reading} onClose={closeReader} onChanged={refreshRevision} />
        </Suspense>
      )}

      <LibraryDialogs state={state} dispatch={dispatch} work={work} revision={revision} count={count} layout={layout} currentView={currentView} tags={tags} refresh={refresh} fail={fail} />

      {state.undoable && <UndoToast label={state.undoable.label} onUndo={() => void undo()} onDismiss={dismissUndo} />}
    </div>
  );
}

/** The main area: the table, or the statistics, or a triage pass. */
function MainScreen(p: {
  screen: Screen;
  revision: number;
  tags: Tag[];
  onChanged: () => void;
  onTriageLeft: (message: string | null) => void;
  onStatsClosed: () => void;
  children: React.ReactNode;
}) {
  if (p.screen.kind === 'triage') return <TriageView digestId={p.screen.digestId} tags={p.tags} onChanged={p.onChanged} onExit={p.onTriageLeft} />;
  if (p.screen.kind === 'stats') return <StatsView revision={p.revision} onClose={p.onStatsClosed} />;
  return p.children;
}

/** The first start: how to bring a digest in, and the sample to try at once. */
function Welcome({ onOpen, onSample, onSubscribed }: { onOpen: () => void; onSample: () => void; onSubscribed: (message: string) => void }) {
  return (
    <section className="welcome" aria-label="Welcome">
      <h2>Bring in today’s digest</h2>
      <p>
        Drop a digest file anywhere in this window, paste its text (Ctrl+V), or open a file. Lectern reads Hugging Face Daily Papers pages, arXiv listings and feeds, BibTeX, RIS,
        CSL-JSON and any text with arXiv links.
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={onOpen}>Open or paste a digest…</button>
        <button type="button" onClick={onSample}>Try the sample digest</button>
        <SubscribeButton onSubscribed={onSubscribed} />
      </div>
    </section>
  );
}
