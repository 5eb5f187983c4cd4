import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MethodOutput } from '../../shared/contract';
import type { PaperRow, SortColumn, Status } from '../../shared/model';
import type { LibraryQuery, SelectionSpec, View } from '../../shared/query';
import { api } from './api';
import { DeleteDigestDialog } from './digests/DeleteDigestDialog';
import { DownloadsDialog } from './downloads/DownloadsDialog';
import type { PdfActions } from './downloads/PdfCell';
import { ReviewDialog } from './downloads/ReviewDialog';
import { useWorkStatus } from './downloads/useWorkStatus';
import { WorkProgress } from './downloads/WorkProgress';
import { ExportDialog } from './export/ExportDialog';
import { FilterBar } from './filters/FilterBar';
import { ImportDialog, readFile, type ImportSource } from './import/ImportDialog';
import { useFacets } from './library/useFacets';
import { useLibraryLists } from './library/useLibraryLists';
import { useUiState } from './library/useUiState';
import { NoticeBanner } from './notices/NoticeBanner';
import { PaperOrganize } from './pane/PaperOrganize';
import { SidePane } from './pane/SidePane';
import { BulkBar } from './selection/BulkBar';
import { ConfirmRemove } from './selection/ConfirmRemove';
import { EMPTY_SELECTION, selectAll, selectedCount, toSpec, type Selection } from './selection/selection';
import { UndoToast } from './selection/UndoToast';
import { StatsView } from './stats/StatsView';
import { ColumnMenu } from './table/ColumnMenu';
import { makeColumns, type ColumnMeta } from './table/columns';
import { acceptLayout, defaultLayout, fitLayout, LAYOUT_KEY, type LayoutColumn } from './table/layout';
import { LibraryTable, type SelectionKey } from './table/LibraryTable';
import { usePagedRows, type TableQuery } from './table/usePagedRows';
import { TagManager } from './tags/TagManager';
import { TriageView } from './triage/TriageView';
import { useRevision } from './useRevision';
import { useTextExtraction } from './useTextExtraction';
import { SaveViewDialog } from './views/SaveViewDialog';
import { Sidebar } from './views/Sidebar';
import { InterestReason } from './subscriptions/InterestReason';
import { SubscribeButton } from './subscriptions/SubscribeButton';
import './organize.css';
import { formatCount } from './format';

// pdf.js comes with the reader: loaded when the browser is idle once the library is on screen
// (or at the first open, if that comes sooner), never before the table's first rows.
const ReaderView = lazy(() => import('./reader/ReaderView'));

const FILTERS: { value: Status | null; label: string }[] = [
  { value: null, label: 'All' },
  { value: 'unread', label: 'Unread' },
  { value: 'reading', label: 'Reading' },
  { value: 'read', label: 'Read' },
];

const EMPTY_QUERY: TableQuery = { search: '', sort: null, desc: false };

/** A query with its empty fields dropped, for comparing a view with what is shown. */
function normalized(q: Partial<LibraryQuery>): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q)) {
    if (v == null || v === '' || v === false && k === 'desc' || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return JSON.stringify(Object.keys(out).sort().map((k) => [k, out[k]]));
}

const NO_PDF_ACTIONS: PdfActions = { onDownload: () => {}, onReview: () => {} };
const LAYOUT_COLUMNS: LayoutColumn[] = makeColumns(() => {}, () => {}, NO_PDF_ACTIONS).map((c) => ({
  id: c.id ?? (c as { accessorKey?: string }).accessorKey ?? '',
  header: typeof c.header === 'string' ? c.header : '',
  meta: c.meta as ColumnMeta,
}));

type BulkResult = MethodOutput<'setStatus'>;

export function App() {
  const [query, setQuery] = useState<TableQuery>(EMPTY_QUERY);
  const [revision, refreshRevision, indexing] = useRevision();
  const [work, refreshWork] = useWorkStatus(revision);
  const [reviewing, setReviewing] = useState<{ paperId: number | null } | null>(null);
  const [pdfDialog, setPdfDialog] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [deletingDigest, setDeletingDigest] = useState<{ id: number; name: string } | null>(null);
  const { total, error, rowAt, loadedWhere, ensureRange, version } = usePagedRows(query, revision);
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [importing, setImporting] = useState<ImportSource | 'empty' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [libraryEmpty, setLibraryEmpty] = useState<boolean | null>(null);
  const [activeView, setActiveView] = useState<View['id'] | null>(null);
  const [mode, setMode] = useState<'table' | 'stats'>('table');
  const [triage, setTriage] = useState<number | null>(null);
  const [undoable, setUndoable] = useState<{ id: number; label: string } | null>(null);
  const [confirmRemove, setConfirmRemove] = useState<{ count: number; spec: SelectionSpec } | null>(null);
  const [dialog, setDialog] = useState<'save-view' | 'tags' | null>(null);
  const [tagSignal, setTagSignal] = useState(0);
  const [storedLayout, setLayout] = useUiState(LAYOUT_KEY, defaultLayout(LAYOUT_COLUMNS), acceptLayout);
  const layout = useMemo(() => fitLayout(storedLayout, LAYOUT_COLUMNS), [storedLayout]);
  const facets = useFacets(query, revision);
  const { views, tags } = useLibraryLists(revision);
  const [readerId, setReaderId] = useState<number | null>(null);
  const readerOpen = useRef(false);
  readerOpen.current = readerId !== null;
  const extraction = useTextExtraction(revision);
  const searchRef = useRef<HTMLInputElement>(null);
  const gridFocus = () => document.querySelector<HTMLElement>('[role=grid]')?.focus();

  const openPaper = useCallback(
    (id: number | undefined, pdf: string | undefined, title: string | undefined) => {
      if (id === undefined) return;
      if (pdf === 'downloaded') {
        setMessage(null);
        setReaderId(id);
      } else {
        setMessage(`No PDF yet for “${title ?? `#${id}`}”.`);
        document.querySelector<HTMLElement>('.pane')?.focus();
      }
    },
    [],
  );
  const closeReader = useCallback(() => {
    setReaderId(null);
    refreshRevision();
  }, [refreshRevision]);
  // Back to the same row: the table stayed mounted behind the reader, with its scroll and
  // selection; it gets the focus once it is no longer inert.
  const wasReading = useRef(false);
  useEffect(() => {
    if (wasReading.current && readerId === null) gridFocus();
    wasReading.current = readerId !== null;
  }, [readerId]);

  useEffect(() => {
    api.libraryInfo({}).then((i) => setLibraryEmpty(i.papers === 0)).catch(() => setLibraryEmpty(false));
  }, [revision]);

  // The library is on screen: get the reader ready while the user looks at it, so the first paper
  // opens as fast as the next one.
  useEffect(() => {
    if (libraryEmpty !== false) return;
    const warm = () => void import('./reader/pdfjs').then((m) => m.warmReader()).catch(() => {});
    const handle = window.requestIdleCallback(warm, { timeout: 3000 });
    return () => window.cancelIdleCallback(handle);
  }, [libraryEmpty]);

  const resetSelection = useCallback(() => setSelection(EMPTY_SELECTION), []);
  const changeQuery = useCallback((q: Partial<TableQuery>) => {
    setQuery((old) => ({ ...old, ...q }));
    setSelection(EMPTY_SELECTION);
  }, []);
  const applyView = useCallback((v: View) => {
    setQuery({ ...EMPTY_QUERY, ...v.query, search: v.query.search ?? '' });
    setActiveView(v.id);
    if (v.columns) setLayout(v.columns);
    setSelection(EMPTY_SELECTION);
    setMode('table');
    setTriage(null);
  }, [setLayout]);
  const currentView = views.find((v) => v.id === activeView) ?? null;
  const fail = useCallback((e: unknown) => setMessage((e as Error).message), []);
  const onDeleteView = useCallback(
    (v: View) =>
      void api
        .deleteView({ id: v.id as number })
        .then((r) => {
          setMessage(`Deleted view “${r.name}”.`);
          setActiveView((a) => (a === v.id ? null : a));
          refreshRevision();
        })
        .catch(fail),
    [refreshRevision, fail],
  );
  const onSaveView = useCallback(() => setDialog('save-view'), []);
  const onManageTags = useCallback(() => setDialog('tags'), []);
  const modified = !!currentView && normalized(currentView.query) !== normalized({ ...query, search: query.search || null });

  const activeRow = total ? rowAt(selection.active) : undefined;
  const count = total ?? 0;
  const selected = selectedCount(selection, count);

  const done = useCallback(
    (r: BulkResult) => {
      setMessage(null);
      setUndoable(r.undoId !== null ? { id: r.undoId, label: r.label } : null);
      if (r.undoId === null) setMessage(`${r.label} (nothing changed).`);
      refreshRevision();
    },
    [refreshRevision],
  );

  const onMark = useCallback(
    (ids: number[], status: Status) => {
      if (ids.length) api.setStatus({ selection: { ids }, status }).then(done).catch(fail);
    },
    [done, fail],
  );
  const onStarRow = useCallback((row: PaperRow) => void api.starPapers({ selection: { ids: [row.id] }, starred: !row.starred }).then(done).catch(fail), [done, fail]);

  const spec = () => toSpec(selection, query, activeRow?.id ?? null);

  const queued = useCallback(
    (r: MethodOutput<'queueDownloads'>) => {
      const parts = [`${r.queued} PDF${r.queued === 1 ? '' : 's'} queued`];
      if (r.needResolving) parts.push(`${r.needResolving} to be found on arXiv first`);
      if (r.alreadyDownloaded) parts.push(`${r.alreadyDownloaded} already downloaded`);
      if (r.alreadyQueued) parts.push(`${r.alreadyQueued} already queued`);
      if (r.notOnArxiv) parts.push(`${r.notOnArxiv} not on arXiv`);
      setMessage(`${parts.join(', ')}.`);
      refreshRevision();
      refreshWork();
    },
    [refreshRevision, refreshWork],
  );
  const onDownload = useCallback(
    (ids: number[]) => {
      if (ids.length) api.queueDownloads({ refs: ids.map(String) }).then(queued).catch(fail);
    },
    [queued, fail],
  );
  const downloadSelection = () => api.queueDownloads({ selection: spec() }).then(queued).catch(fail);
  const pdfActions = useMemo<PdfActions>(() => ({ onDownload, onReview: (paperId) => setReviewing({ paperId }) }), [onDownload]);
  const changed = (m: string) => {
    setMessage(m);
    refreshRevision();
    refreshWork();
  };
  const askRemove = async () => {
    const s = spec();
    try {
      const { count: n } = await api.countSelection({ selection: s });
      if (n > 0) setConfirmRemove({ count: n, spec: s });
    } catch (e) {
      fail(e);
    }
  };
  const onSelectionKey = (key: SelectionKey) => {
    if (key === 'read' || key === 'unread' || key === 'reading') api.setStatus({ selection: spec(), status: key }).then(done).catch(fail);
    else if (key === 'star') {
      const starred = !(selected <= 1 && activeRow?.starred);
      api.starPapers({ selection: spec(), starred }).then(done).catch(fail);
    } else if (key === 'tag') {
      if (selected > 1) setTagSignal((x) => x + 1);
      else document.querySelector<HTMLInputElement>('.pane input[aria-label="Add tags to this paper"]')?.focus();
    } else if (key === 'remove') void askRemove();
    else if (key === 'download') void downloadSelection();
  };
  const undo = useCallback(async () => {
    if (!undoable) return;
    try {
      const r = await api.undo({ undoId: undoable.id });
      setUndoable(null);
      setMessage(`Undone: ${r.label}.`);
      refreshRevision();
    } catch (e) {
      setUndoable(null);
      setMessage((e as Error).message);
    }
  }, [undoable, refreshRevision]);

  // Drop a file anywhere, or paste text outside a text field, to import it.
  useEffect(() => {
    const onDrop = async (e: DragEvent) => {
      e.preventDefault();
      if (readerOpen.current) return;
      const f = e.dataTransfer?.files?.[0];
      if (f) setImporting(await readFile(f));
    };
    const onDragOver = (e: DragEvent) => e.preventDefault();
    const onPaste = (e: ClipboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (readerOpen.current || (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA'))) return;
      const text = e.clipboardData?.getData('text/plain');
      if (text && text.trim()) setImporting({ text, fileName: null });
    };
    window.addEventListener('drop', onDrop);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('paste', onPaste);
    };
  }, []);

  // Views are a key away (1–9), and Ctrl/Cmd+Z undoes the last action, outside text fields.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const typing = !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
      if (typing || importing || dialog || confirmRemove || triage !== null || readerOpen.current || exporting || pdfDialog || reviewing || deletingDigest) return;
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        void undo();
      } else if (!e.ctrlKey && !e.metaKey && !e.altKey && /^[1-9]$/.test(e.key)) {
        const v = views[Number(e.key) - 1];
        if (v) {
          e.preventDefault();
          applyView(v);
        }
      } else if (e.key === 'Escape' && t?.getAttribute('role') === 'grid' && selected > 1) resetSelection();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [views, undo, applyView, importing, dialog, confirmRemove, triage, selected, exporting, pdfDialog, reviewing, deletingDigest]);

  const trySample = async () => {
    try {
      setImporting(await api.sampleDigest({}));
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  const radioValue = !query.status && query.statuses?.length === 1 ? query.statuses[0]! : !query.status && !query.statuses?.length ? null : undefined;
  const firstUnreadDigest = facets?.digests.find((d) => d.unread > 0) ?? null;

  return (
    <div className="app">
      <div className="library" inert={readerId !== null} aria-hidden={readerId !== null || undefined}>
      <header className="toolbar">
        <h1 className="brand">Lectern</h1>
        <div className="filters" role="radiogroup" aria-label="Status filter">
          {FILTERS.map((f) => (
            <button key={f.label} type="button" role="radio" aria-checked={radioValue === f.value} onClick={() => changeQuery({ statuses: f.value ? [f.value] : null, status: null })}>
              {f.label}
            </button>
          ))}
        </div>
        <input
          ref={searchRef}
          className="search"
          type="search"
          placeholder="Search titles, abstracts, authors, notes, full text  ( / )"
          aria-label="Search"
          value={query.search ?? ''}
          onChange={(e) => changeQuery({ search: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === 'ArrowDown') {
              e.preventDefault();
              gridFocus();
            }
            if (e.key === 'Escape') changeQuery({ search: '' });
          }}
        />
        <span className="spacer" />
        {!libraryEmpty && (
          <>
            <ColumnMenu columns={LAYOUT_COLUMNS} layout={layout} onLayout={setLayout} onReset={() => setLayout(defaultLayout(LAYOUT_COLUMNS))} />
            <button type="button" disabled={!firstUnreadDigest} title={firstUnreadDigest ? `Triage ${firstUnreadDigest.name}` : 'No unread papers'} onClick={() => firstUnreadDigest && setTriage(firstUnreadDigest.id)}>
              Triage
            </button>
            <button type="button" aria-pressed={mode === 'stats'} onClick={() => setMode(mode === 'stats' ? 'table' : 'stats')}>Statistics</button>
            <button type="button" onClick={() => setPdfDialog(true)}>PDFs…</button>
            <button type="button" onClick={() => setExporting(true)}>Export…</button>
          </>
        )}
        <button type="button" className="primary" onClick={() => setImporting('empty')}>Import…</button>
      </header>

      <NoticeBanner revision={revision} />
      {work?.blocked && (
        <div className="banner" role="alert">
          <span>{work.blocked.reason}</span>
          <button type="button" onClick={() => api.resumeArxiv({}).then(() => changed('Downloads from arXiv may start again.')).catch((e: Error) => setMessage(e.message))}>
            Resume downloads
          </button>
        </div>
      )}

      {!libraryEmpty && mode === 'table' && triage === null && <FilterBar query={query} onChange={changeQuery} facets={facets} tags={tags} />}

      {selected > 1 && mode === 'table' && triage === null && (
        <BulkBar
          count={selected}
          total={count}
          allSelected={selection.all}
          tags={tags}
          tagSignal={tagSignal}
          onStatus={(s) => api.setStatus({ selection: spec(), status: s }).then(done).catch(fail)}
          onStar={(starred) => api.starPapers({ selection: spec(), starred }).then(done).catch(fail)}
          onTags={(add, remove) => api.tagPapers({ selection: spec(), add, remove }).then(done).catch(fail)}
          onRemove={() => void askRemove()}
          onDownload={() => void downloadSelection()}
          onSelectAll={() => setSelection(selectAll(selection))}
          onClear={resetSelection}
        />
      )}

      <main className="main">
        {libraryEmpty ? (
          <section className="welcome" aria-label="Welcome">
            <h2>Bring in today’s digest</h2>
            <p>Drop a digest file anywhere in this window, paste its text (Ctrl+V), or open a file. Lectern reads Hugging Face Daily Papers pages, arXiv listings and feeds, BibTeX, RIS, CSL-JSON and any text with arXiv links.</p>
            <div className="actions">
              <button type="button" className="primary" onClick={() => setImporting('empty')}>Open or paste a digest…</button>
              <button type="button" onClick={trySample}>Try the sample digest</button>
              <SubscribeButton onSubscribed={(m) => changed(m)} />
            </div>
          </section>
        ) : (
          <>
            <Sidebar
              views={views}
              activeView={activeView}
              modified={modified}
              onView={applyView}
              onDeleteView={onDeleteView}
              onSaveView={onSaveView}
              query={query}
              onChange={changeQuery}
              facets={facets}
              tags={tags}
              onTriage={setTriage}
              onDeleteDigest={setDeletingDigest}
              onManageTags={onManageTags}
            />
            {triage !== null ? (
              <TriageView
                digestId={triage}
                tags={tags}
                onChanged={refreshRevision}
                onExit={(m) => {
                  setTriage(null);
                  if (m) setMessage(m);
                  setTimeout(gridFocus, 0);
                }}
              />
            ) : mode === 'stats' ? (
              <StatsView revision={revision} onClose={() => setMode('table')} />
            ) : (
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
                  openPaper(r?.id, r?.pdf, r?.title);
                }}
                onSearchKey={() => searchRef.current?.focus()}
                layout={layout}
                onLayout={setLayout}
              />
            )}
            {mode === 'table' && triage === null && (
              <SidePane
                paperId={activeRow?.id ?? null}
                revision={revision}
                onMark={onMark}
                pdf={pdfActions}
                onChanged={changed}
                onRead={(p) => openPaper(p.id, p.pdf, p.title)}
              >
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

      <footer className="statusbar">
        {/* Only the messages are announced; the progress below changes too often to be read out. */}
        <span role="status" aria-live="polite">
          <span className="count">{total === null ? 'Loading…' : `${formatCount(count)} paper${count === 1 ? '' : 's'}`}</span>
          {selected > 1 && <span className="selected-count"> · {formatCount(selected)} selected</span>}
          {currentView && <span> · {currentView.name}{modified ? ' (changed)' : ''}</span>}
          {indexing && <span> · indexing for search…</span>}
          {extraction && <span> · {extraction}</span>}
          {error && <span className="error"> · {error}</span>}
          {message && <span className="message"> · {message}</span>}
        </span>
        <WorkProgress status={work} onReview={() => setReviewing({ paperId: null })} />
        <span className="spacer" />
        <span className="hint">↑↓ move · Enter read · Shift/Ctrl select · R read · U unread · I reading · S star · T tag · D download · Del remove · 1–9 views · / search</span>
      </footer>
      </div>

      {readerId !== null && (
        <Suspense fallback={<div className="reader" role="status">Opening the reader…</div>}>
          <ReaderView key={readerId} paperId={readerId} onClose={closeReader} onChanged={refreshRevision} />
        </Suspense>
      )}

      {pdfDialog && (
        <DownloadsDialog
          status={work}
          revision={revision}
          onClose={() => (setPdfDialog(false), gridFocus())}
          onReview={() => (setPdfDialog(false), setReviewing({ paperId: null }))}
          onMessage={changed}
        />
      )}
      {reviewing && <ReviewDialog paperId={reviewing.paperId} onClose={() => (setReviewing(null), gridFocus())} onChanged={changed} />}

      {exporting && (
        <ExportDialog
          query={query}
          viewCount={count}
          onClose={() => setExporting(false)}
          onExported={(m) => {
            setExporting(false);
            setMessage(m);
          }}
        />
      )}
      {deletingDigest && (
        <DeleteDigestDialog
          digest={deletingDigest}
          onClose={() => setDeletingDigest(null)}
          onDeleted={(m) => {
            const id = deletingDigest.id;
            setDeletingDigest(null);
            if (query.digestIds?.includes(id) || query.digestId === id) changeQuery({ digestIds: query.digestIds?.filter((d) => d !== id) ?? null, digestId: null });
            changed(m);
          }}
        />
      )}

      {undoable && <UndoToast label={undoable.label} onUndo={() => void undo()} onDismiss={() => setUndoable(null)} />}

      {confirmRemove && (
        <ConfirmRemove
          count={confirmRemove.count}
          onCancel={() => setConfirmRemove(null)}
          onConfirm={() => {
            const s = confirmRemove.spec;
            setConfirmRemove(null);
            api
              .removePapers({ selection: s })
              .then((r) => {
                resetSelection();
                done(r);
                setTimeout(gridFocus, 0);
              })
              .catch(fail);
          }}
        />
      )}
      {dialog === 'save-view' && (
        <SaveViewDialog
          query={{ ...query, search: query.search || null }}
          layout={layout}
          current={currentView}
          onClose={() => setDialog(null)}
          onSaved={(v) => {
            setDialog(null);
            setActiveView(v.id);
            setMessage(`Saved view “${v.name}”.`);
            refreshRevision();
          }}
        />
      )}
      {dialog === 'tags' && <TagManager tags={tags} onClose={() => setDialog(null)} onChanged={(m) => (setMessage(m), refreshRevision())} />}

      {importing && (
        <ImportDialog
          initial={importing === 'empty' ? null : importing}
          onClose={() => setImporting(null)}
          onImported={(m) => {
            setImporting(null);
            setMessage(m);
            refreshRevision();
            gridFocus();
          }}
        />
      )}
    </div>
  );
}
