import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PdfState, SortColumn, Status } from '../../shared/model';
import { api } from './api';
import { DigestList } from './digests/DigestList';
import { DownloadsDialog } from './downloads/DownloadsDialog';
import type { PdfActions } from './downloads/PdfCell';
import { ReviewDialog } from './downloads/ReviewDialog';
import { useWorkStatus } from './downloads/useWorkStatus';
import { WorkProgress } from './downloads/WorkProgress';
import { ExportDialog } from './export/ExportDialog';
import { ImportDialog, readFile, type ImportSource } from './import/ImportDialog';
import { NoticeBanner } from './notices/NoticeBanner';
import { SidePane } from './pane/SidePane';
import { LibraryTable, type Selection } from './table/LibraryTable';
import { usePagedRows, type TableQuery } from './table/usePagedRows';
import { useRevision } from './useRevision';
import { useTextExtraction } from './useTextExtraction';

// pdf.js is loaded with the reader, the first time a paper is opened.
const ReaderView = lazy(() => import('./reader/ReaderView'));

const FILTERS: { value: Status | null; label: string }[] = [
  { value: null, label: 'All' },
  { value: 'unread', label: 'Unread' },
  { value: 'reading', label: 'Reading' },
  { value: 'read', label: 'Read' },
];

const PDF_FILTERS: { value: PdfState | ''; label: string }[] = [
  { value: '', label: 'Any PDF state' },
  { value: 'none', label: 'No PDF yet' },
  { value: 'queued', label: 'Queued' },
  { value: 'downloaded', label: 'Downloaded' },
  { value: 'failed', label: 'Failed' },
];

export function App() {
  const [query, setQuery] = useState<TableQuery>({ status: null, pdf: null, search: '', digestId: null, sort: null, desc: false });
  const [revision, refreshRevision, indexing] = useRevision();
  const [work, refreshWork] = useWorkStatus(revision);
  const [reviewing, setReviewing] = useState<{ paperId: number | null } | null>(null);
  const [pdfDialog, setPdfDialog] = useState(false);
  const { total, error, rowAt, ensureRange, version } = usePagedRows(query, revision);
  const [selection, setSelection] = useState<Selection>({ ids: new Set(), active: 0, anchor: 0 });
  const [importing, setImporting] = useState<ImportSource | 'empty' | null>(null);
  const [exporting, setExporting] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [libraryEmpty, setLibraryEmpty] = useState<boolean | null>(null);
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

  const resetSelection = () => setSelection({ ids: new Set(), active: 0, anchor: 0 });
  const changeQuery = (q: Partial<TableQuery>) => {
    setQuery((old) => ({ ...old, ...q }));
    resetSelection();
  };

  const onMark = useCallback(
    (ids: number[], status: Status) => {
      if (ids.length === 0) return;
      api
        .markPapers({ refs: ids.map(String), status })
        .then((r) => {
          setMessage(`${ids.length === 1 ? 'Marked' : `${r.ids.length} papers marked`} ${status}.`);
          refreshRevision();
        })
        .catch((e: Error) => setMessage(e.message));
    },
    [refreshRevision],
  );

  const onDownload = useCallback(
    (ids: number[]) => {
      if (ids.length === 0) return;
      api
        .queueDownloads({ refs: ids.map(String) })
        .then((r) => {
          const parts = [`${r.queued} PDF${r.queued === 1 ? '' : 's'} queued`];
          if (r.needResolving) parts.push(`${r.needResolving} to be found on arXiv first`);
          if (r.alreadyDownloaded) parts.push(`${r.alreadyDownloaded} already downloaded`);
          if (r.alreadyQueued) parts.push(`${r.alreadyQueued} already queued`);
          setMessage(`${parts.join(', ')}.`);
          refreshRevision();
          refreshWork();
        })
        .catch((e: Error) => setMessage(e.message));
    },
    [refreshRevision, refreshWork],
  );
  const pdfActions = useMemo<PdfActions>(() => ({ onDownload, onReview: (paperId) => setReviewing({ paperId }) }), [onDownload]);
  const changed = (m: string) => {
    setMessage(m);
    refreshRevision();
    refreshWork();
  };

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

  const trySample = async () => {
    try {
      setImporting(await api.sampleDigest({}));
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  const activeRow = total ? rowAt(selection.active) : undefined;
  const count = total ?? 0;
  return (
    <div className="app">
      <div className="library" inert={readerId !== null} aria-hidden={readerId !== null || undefined}>
      <header className="toolbar">
        <h1 className="brand">Lectern</h1>
        <div className="filters" role="radiogroup" aria-label="Status filter">
          {FILTERS.map((f) => (
            <button key={f.label} type="button" role="radio" aria-checked={query.status === f.value} onClick={() => changeQuery({ status: f.value })}>
              {f.label}
            </button>
          ))}
        </div>
        <input
          ref={searchRef}
          className="search"
          type="search"
          placeholder="Search titles, abstracts, authors, full text  ( / )"
          aria-label="Search"
          value={query.search}
          onChange={(e) => changeQuery({ search: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === 'ArrowDown') {
              e.preventDefault();
              gridFocus();
            }
            if (e.key === 'Escape') changeQuery({ search: '' });
          }}
        />
        <select aria-label="PDF filter" value={query.pdf ?? ''} onChange={(e) => changeQuery({ pdf: (e.target.value || null) as PdfState | null })}>
          {PDF_FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
        <span className="spacer" />
        <button type="button" onClick={() => setPdfDialog(true)}>PDFs…</button>
        <button type="button" onClick={() => setExporting(true)} disabled={!!libraryEmpty}>Export…</button>
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

      {selection.ids.size > 1 && (
        <div className="bulkbar" role="toolbar" aria-label="Selected papers">
          <span>{selection.ids.size} selected</span>
          <button type="button" onClick={() => onMark([...selection.ids], 'read')}>Mark read</button>
          <button type="button" onClick={() => onMark([...selection.ids], 'reading')}>Mark reading</button>
          <button type="button" onClick={() => onMark([...selection.ids], 'unread')}>Mark unread</button>
          <button type="button" onClick={() => onDownload([...selection.ids])}>Download PDFs</button>
          <button type="button" onClick={resetSelection}>Clear selection</button>
        </div>
      )}

      <main className="main">
        {!libraryEmpty && (
          <DigestList
            revision={revision}
            selected={query.digestId}
            onSelect={(digestId) => changeQuery({ digestId })}
            onChanged={(m) => {
              setMessage(m);
              refreshRevision();
            }}
          />
        )}
        {libraryEmpty ? (
          <section className="welcome" aria-label="Welcome">
            <h2>Bring in today’s digest</h2>
            <p>Drop a digest file anywhere in this window, paste its text (Ctrl+V), or open a file. Lectern reads Hugging Face Daily Papers pages, arXiv listings and feeds, BibTeX, RIS, CSL-JSON and any text with arXiv links.</p>
            <div className="actions">
              <button type="button" className="primary" onClick={() => setImporting('empty')}>Open or paste a digest…</button>
              <button type="button" onClick={trySample}>Try the sample digest</button>
            </div>
          </section>
        ) : (
          <LibraryTable
            query={query}
            onSort={(sort: SortColumn | null, desc: boolean) => changeQuery({ sort, desc })}
            total={count}
            rowAt={rowAt}
            ensureRange={ensureRange}
            version={version}
            selection={selection}
            onSelection={setSelection}
            onMark={onMark}
            pdf={pdfActions}
            onOpen={(i) => {
              const r = rowAt(i);
              openPaper(r?.id, r?.pdf, r?.title);
            }}
            onSearchKey={() => searchRef.current?.focus()}
          />
        )}
        {!libraryEmpty && (
          <SidePane
            paperId={activeRow?.id ?? null}
            revision={revision}
            onMark={onMark}
            pdf={pdfActions}
            onChanged={changed}
            onRead={(p) => openPaper(p.id, p.pdf, p.title)}
          />
        )}
      </main>

      <footer className="statusbar">
        {/* Only the messages are announced; the progress below changes too often to be read out. */}
        <span role="status" aria-live="polite">
          <span className="count">{total === null ? 'Loading…' : `${count} paper${count === 1 ? '' : 's'}`}</span>
          {indexing && <span> · indexing for search…</span>}
          {extraction && <span> · {extraction}</span>}
          {error && <span className="error"> · {error}</span>}
          {message && <span className="message"> · {message}</span>}
        </span>
        <WorkProgress status={work} onReview={() => setReviewing({ paperId: null })} />
        <span className="spacer" />
        <span className="hint">↑↓ move · Enter read · Space select · R read · U unread · I reading · D download · / search</span>
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
