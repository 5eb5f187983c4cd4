import { useCallback, useEffect, useRef, useState } from 'react';
import type { SortColumn, Status } from '../../shared/model';
import { api } from './api';
import { ExportDialog } from './export/ExportDialog';
import { ImportDialog, readFile, type ImportSource } from './import/ImportDialog';
import { NoticeBanner } from './notices/NoticeBanner';
import { SidePane } from './pane/SidePane';
import { LibraryTable, type Selection } from './table/LibraryTable';
import { usePagedRows, type TableQuery } from './table/usePagedRows';
import { useRevision } from './useRevision';

const FILTERS: { value: Status | null; label: string }[] = [
  { value: null, label: 'All' },
  { value: 'unread', label: 'Unread' },
  { value: 'reading', label: 'Reading' },
  { value: 'read', label: 'Read' },
];

export function App() {
  const [query, setQuery] = useState<TableQuery>({ status: null, search: '', sort: null, desc: false });
  const [revision, refreshRevision, indexing] = useRevision();
  const { total, error, rowAt, ensureRange, version } = usePagedRows(query, revision);
  const [selection, setSelection] = useState<Selection>({ ids: new Set(), active: 0, anchor: 0 });
  const [importing, setImporting] = useState<ImportSource | 'empty' | null>(null);
  const [exporting, setExporting] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [libraryEmpty, setLibraryEmpty] = useState<boolean | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const gridFocus = () => document.querySelector<HTMLElement>('[role=grid]')?.focus();

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

  // Drop a file anywhere, or paste text outside a text field, to import it.
  useEffect(() => {
    const onDrop = async (e: DragEvent) => {
      e.preventDefault();
      const f = e.dataTransfer?.files?.[0];
      if (f) setImporting(await readFile(f));
    };
    const onDragOver = (e: DragEvent) => e.preventDefault();
    const onPaste = (e: ClipboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) return;
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
          placeholder="Search title, abstract, authors  ( / )"
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
        <span className="spacer" />
        <button type="button" onClick={() => setExporting(true)} disabled={!!libraryEmpty}>Export…</button>
        <button type="button" className="primary" onClick={() => setImporting('empty')}>Import…</button>
      </header>

      <NoticeBanner revision={revision} />

      {selection.ids.size > 1 && (
        <div className="bulkbar" role="toolbar" aria-label="Selected papers">
          <span>{selection.ids.size} selected</span>
          <button type="button" onClick={() => onMark([...selection.ids], 'read')}>Mark read</button>
          <button type="button" onClick={() => onMark([...selection.ids], 'reading')}>Mark reading</button>
          <button type="button" onClick={() => onMark([...selection.ids], 'unread')}>Mark unread</button>
          <button type="button" onClick={resetSelection}>Clear selection</button>
        </div>
      )}

      <main className="main">
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
            onOpen={() => document.querySelector<HTMLElement>('.pane')?.focus()}
            onSearchKey={() => searchRef.current?.focus()}
          />
        )}
        {!libraryEmpty && <SidePane paperId={activeRow?.id ?? null} revision={revision} onMark={onMark} />}
      </main>

      <footer className="statusbar" role="status" aria-live="polite">
        <span className="count">{total === null ? 'Loading…' : `${count} paper${count === 1 ? '' : 's'}`}</span>
        {indexing && <span> · indexing for search…</span>}
        {error && <span className="error"> · {error}</span>}
        {message && <span> · {message}</span>}
        <span className="spacer" />
        <span className="hint">↑↓ move · Space select · R read · U unread · I reading · / search</span>
      </footer>

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
