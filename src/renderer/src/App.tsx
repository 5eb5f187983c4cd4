import { lazy, Suspense, useCallback, useEffect, useMemo, useReducer, useRef, useState, type Dispatch, type ReactNode } from 'react';
import type { PaperRow, SortColumn, Tag } from '../../shared/model';
import { api } from './api';
import { useWorkStatus } from './downloads/useWorkStatus';
import { FilterBar } from './filters/FilterBar';
import { LibraryDialogs } from './library/LibraryDialogs';
import { INITIAL_STATE, libraryHasKeys, libraryReducer, viewModified, type LibraryAction, type Screen } from './library/library-state';
import { StatusBar } from './library/StatusBar';
import { Toolbar } from './library/Toolbar';
import { useFacets } from './library/useFacets';
import { useLibraryCalls } from './library/useLibraryCalls';
import { useLibraryLists } from './library/useLibraryLists';
import { useSelectionActions } from './library/useSelectionActions';
import { useUiState } from './library/useUiState';
import { useViewActions } from './library/useViewActions';
import { useDropAndPaste, useWindowKeys } from './library/useWindowInput';
import { loadMath } from './math/TexText';
import { NoticeBanner } from './notices/NoticeBanner';
import { PaperOrganize } from './pane/PaperOrganize';
import { SidePane } from './pane/SidePane';
import { BulkBar } from './selection/BulkBar';
import { EMPTY_SELECTION, selectAll, type Selection } from './selection/selection';
import { UndoToast } from './selection/UndoToast';
import { StatsView } from './stats/StatsView';
import { InterestReason } from './subscriptions/InterestReason';
import { SubscribeButton } from './subscriptions/SubscribeButton';
import { LAYOUT_COLUMNS } from './table/columns';
import { acceptLayout, defaultLayout, fitLayout, LAYOUT_KEY } from './table/layout';
import { focusGrid, LibraryTable } from './table/LibraryTable';
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
 * The library window. It hosts the library's state (library/library-state.ts, a pure reducer),
 * connects it to the core through a few hooks (the rows, the facets, the calls each action makes)
 * and lays the window's parts out; each part is its own component. Longer than most functions
 * because it is only that wiring: every decision is in the reducer or in the hooks.
 */
export function App() {
  const [state, dispatch] = useReducer(libraryReducer, INITIAL_STATE);
  const { query, selection, screen, reading } = state;
  const [revision, refreshRevision, indexing] = useRevision();
  const [work, refreshWork] = useWorkStatus(revision);
  const { total, error, rowAt, loadedWhere, ensureRange, version } = usePagedRows(query, revision);
  const libraryEmpty = useLibraryEmpty(revision);
  const [storedLayout, setLayout] = useUiState(LAYOUT_KEY, DEFAULT_LAYOUT, acceptLayout);
  const layout = useMemo(() => fitLayout(storedLayout, LAYOUT_COLUMNS), [storedLayout]);
  const facets = useFacets(query, revision);
  const { views, tags } = useLibraryLists(revision);
  const extraction = useTextExtraction(revision);
  const searchRef = useRef<HTMLInputElement>(null);
  const calls = useLibraryCalls(dispatch, refreshRevision, refreshWork);
  const act = useSelectionActions({ state, dispatch, calls, total, rowAt });
  const viewActions = useViewActions(dispatch, calls, setLayout);
  const { openPaper, closeReader } = useReader(reading, dispatch, refreshRevision);
  const currentView = views.find((v) => v.id === state.activeView) ?? null;
  const setSelection = useCallback((s: Selection) => dispatch({ type: 'select', selection: s }), []);
  const dismissUndo = useCallback(() => dispatch({ type: 'dismiss-undo' }), []);

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
  useDropAndPaste(reading === null, (source) => calls.open({ kind: 'import', source }));
  useWindowKeys(libraryHasKeys(state), {
    undo: () => void undo(),
    view: (n) => {
      const v = views[n];
      if (v) viewActions.applyView(v);
      return !!v;
    },
    escape: () => act.selected > 1 && setSelection(EMPTY_SELECTION),
  });

  const inTable = screen.kind === 'table';
  const table = (
    <LibraryTable
      query={query}
      onSort={(sort: SortColumn | null, desc: boolean) => viewActions.changeQuery({ sort, desc })}
      total={total ?? 0}
      rowAt={rowAt}
      loadedWhere={loadedWhere}
      ensureRange={ensureRange}
      version={version}
      selection={selection}
      onSelection={setSelection}
      onMark={act.onMark}
      onSelectionKey={act.onSelectionKey}
      onStar={act.onStarRow}
      pdf={act.pdfActions}
      onOpen={(i) => {
        const r = rowAt(i);
        if (r) openPaper(r);
      }}
      onSearchKey={() => searchRef.current?.focus()}
      layout={layout}
      onLayout={setLayout}
    />
  );
  return (
    <div className="app">
      <div className="library" inert={reading !== null} aria-hidden={reading !== null || undefined}>
        <Toolbar
          query={query}
          screen={screen}
          dispatch={dispatch}
          searchRef={searchRef}
          empty={!!libraryEmpty}
          layout={layout}
          onLayout={setLayout}
          triageDigest={facets?.digests.find((d) => d.unread > 0) ?? null}
        />
        <NoticeBanner revision={revision} />
        {work?.blocked && (
          <div className="banner" role="alert">
            <span>{work.blocked.reason}</span>
            <button type="button" onClick={() => api.resumeArxiv({}).then(() => calls.changed('Downloads from arXiv may start again.')).catch(calls.fail)}>
              Resume downloads
            </button>
          </div>
        )}
        {!libraryEmpty && inTable && <FilterBar query={query} onChange={viewActions.changeQuery} facets={facets} tags={tags} />}
        {act.selected > 1 && inTable && (
          <BulkBar
            count={act.selected}
            total={total ?? 0}
            allSelected={selection.all}
            tags={tags}
            tagSignal={state.tagSignal}
            {...act.bulk}
            onSelectAll={() => setSelection(selectAll(selection))}
            onClear={() => setSelection(EMPTY_SELECTION)}
          />
        )}

        <main className="main">
          {libraryEmpty ? (
            <Welcome
              onOpen={() => calls.open({ kind: 'import', source: null })}
              onSample={() => api.sampleDigest({}).then((source) => calls.open({ kind: 'import', source })).catch(calls.fail)}
              onSubscribed={calls.changed}
            />
          ) : (
            <>
              <Sidebar
                views={views}
                activeView={state.activeView}
                modified={viewModified(currentView, query)}
                onView={viewActions.applyView}
                onDeleteView={viewActions.deleteView}
                onSaveView={viewActions.saveView}
                query={query}
                onChange={viewActions.changeQuery}
                facets={facets}
                tags={tags}
                onTriage={viewActions.triage}
                onDeleteDigest={viewActions.deleteDigest}
                onManageTags={viewActions.manageTags}
              />
              <MainScreen screen={screen} dispatch={dispatch} revision={revision} tags={tags} onChanged={refreshRevision} table={table} />
              {inTable && (
                <SidePane paperId={act.activeRow?.id ?? null} revision={revision} onMark={act.onMark} pdf={act.pdfActions} onChanged={calls.changed} onRead={openPaper}>
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
          selected={act.selected}
          view={currentView && { name: currentView.name, modified: viewModified(currentView, query) }}
          indexing={indexing}
          extraction={extraction}
          error={error}
          message={state.message}
          work={work}
          onReview={() => calls.open({ kind: 'review', paperId: null })}
        />
      </div>

      {reading !== null && (
        <Suspense fallback={<div className="reader" role="status">Opening the reader…</div>}>
          <ReaderView key={reading} paperId={reading} onClose={closeReader} onChanged={refreshRevision} />
        </Suspense>
      )}
      <LibraryDialogs state={state} dispatch={dispatch} work={work} revision={revision} count={total ?? 0} layout={layout} currentView={currentView} tags={tags} refresh={calls.refresh} fail={calls.fail} />
      {state.undoable && <UndoToast label={state.undoable.label} onUndo={() => void undo()} onDismiss={dismissUndo} />}
    </div>
  );
}

/**
 * Whether the library has no paper yet (the welcome screen). Once it has, the reader and KaTeX
 * are made ready while the user looks at the table, so the first paper opens as fast as the next
 * and formulas are drawn at once.
 */
function useLibraryEmpty(revision: number): boolean | null {
  const [empty, setEmpty] = useState<boolean | null>(null);
  useEffect(() => {
    api.libraryInfo({}).then((i) => setEmpty(i.papers === 0)).catch(() => setEmpty(false));
  }, [revision]);
  useEffect(() => {
    if (empty !== false) return;
    const warm = () => {
      void loadMath();
      void import('./reader/pdfjs').then((m) => m.warmReader()).catch(() => {});
    };
    const handle = window.requestIdleCallback(warm, { timeout: 3000 });
    return () => window.cancelIdleCallback(handle);
  }, [empty]);
  return empty;
}

/** Opening a paper in the reader, and coming back to the same row of the table. */
function useReader(reading: number | null, dispatch: Dispatch<LibraryAction>, refreshRevision: () => void) {
  const openPaper = useCallback(
    (paper: Pick<PaperRow, 'id' | 'pdf' | 'title'>) => {
      dispatch({ type: 'open-paper', paper });
      if (paper.pdf !== 'downloaded') document.querySelector<HTMLElement>('.pane')?.focus();
    },
    [dispatch],
  );
  const closeReader = useCallback(() => {
    dispatch({ type: 'close-reader' });
    refreshRevision();
  }, [dispatch, refreshRevision]);
  // The table stayed mounted behind the reader, with its scroll and selection; it gets the focus
  // once it is no longer inert.
  const wasReading = useRef(false);
  useEffect(() => {
    if (wasReading.current && reading === null) focusGrid();
    wasReading.current = reading !== null;
  }, [reading]);
  return { openPaper, closeReader };
}

/** The main area: the table, or the statistics, or a triage pass. */
function MainScreen(p: { screen: Screen; dispatch: Dispatch<LibraryAction>; revision: number; tags: Tag[]; onChanged: () => void; table: ReactNode }) {
  const { screen, dispatch } = p;
  if (screen.kind === 'triage') {
    const leave = (message: string | null) => {
      dispatch({ type: 'triage-left', message });
      setTimeout(focusGrid, 0);
    };
    return <TriageView digestId={screen.digestId} tags={p.tags} onChanged={p.onChanged} onExit={leave} />;
  }
  if (screen.kind === 'stats') return <StatsView revision={p.revision} onClose={() => dispatch({ type: 'show', screen: { kind: 'table' } })} />;
  return p.table;
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
