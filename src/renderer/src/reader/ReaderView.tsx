import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReadingState, Zoom } from '../../../shared/methods/reader';
import type { Status } from '../../../shared/model';
import { api, pdfUrl } from '../api';
import { AttachPdf } from '../pane/AttachPdf';
import { STATUS_LABEL } from '../table/columns';
import { parsePageInput } from './geometry';
import { Outline } from './Outline';
import { describeOpenError } from './pdf-errors';
import { warmReader } from './pdfjs';
import { PdfSession, type FindStatus, type OutlineNode, type ViewState } from './session';
import './reader.css';

interface Props {
  paperId: number;
  /** Back to the library; the position has been saved. */
  onClose: () => void;
  /** Something changed in the library (status, progress). */
  onChanged: () => void;
}

type Phase =
  | { kind: 'loading' }
  | { kind: 'no-file' }
  | { kind: 'error'; message: string }
  | { kind: 'password'; incorrect: boolean }
  | { kind: 'ready' };

const ZOOM_CHOICES: { value: string; label: string }[] = [
  { value: 'page-width', label: 'Fit width' },
  { value: 'page-fit', label: 'Fit page' },
  ...[0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4].map((z) => ({ value: String(z), label: `${Math.round(z * 100)} %` })),
];
const SAVE_DELAY_MS = 700;

/**
 * The reader: one paper's PDF in its own view over the library, which stays mounted behind it so
 * Escape returns to the same row and scroll. pdf.js lives in PdfSession; this component is the
 * host: toolbar, outline, find, messages, and saving the position through the API.
 */
export default function ReaderView({ paperId, onClose, onChanged }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const findRef = useRef<HTMLInputElement>(null);
  const sessionRef = useRef<PdfSession | null>(null);
  const passwordRef = useRef<((pw: string | null) => void) | null>(null);
  const pendingSave = useRef<ViewState | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const firstPaint = useRef(false);

  const [reading, setReading] = useState<ReadingState | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [view, setView] = useState<ViewState | null>(null);
  const [pageText, setPageText] = useState('');
  const [find, setFind] = useState('');
  const [found, setFound] = useState<FindStatus>({ state: 'idle', current: 0, total: 0 });
  const [outline, setOutline] = useState<OutlineNode[]>([]);
  const [showOutline, setShowOutline] = useState(true);
  const [dark, setDark] = useState(false);
  const [status, setStatus] = useState<Status | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [offerRead, setOfferRead] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  /** Marking read here is undoable like any other action: the handle of the last one. */
  const [undoId, setUndoId] = useState<number | null>(null);
  const [password, setPassword] = useState('');
  // Bumped when a PDF is attached from the "no PDF yet" message: the document is opened again.
  const [attached, setAttached] = useState(0);

  const save = useCallback(
    async (v: ViewState) => {
      const zoom: Zoom = typeof v.zoom === 'number' ? Math.min(10, Math.max(0.1, v.zoom)) : v.zoom;
      try {
        const r = await api.saveReadingPosition({ paperId, page: v.page, offset: v.offset, zoom, pageCount: v.pageCount, seenPage: v.seenPage });
        setStatus(r.status);
        setProgress(r.progress);
        if (r.markedRead) setNotice('You reached the end: marked read.');
        else if (r.justReachedEnd && r.status !== 'read') setOfferRead(true);
        onChanged();
      } catch (e) {
        setNotice(`Your place could not be saved: ${(e as Error).message}`);
      }
    },
    [paperId, onChanged],
  );

  const flush = useCallback(async () => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = null;
    const v = pendingSave.current;
    pendingSave.current = null;
    if (v) await save(v);
  }, [save]);

  const close = useCallback(async () => {
    // Keep the place even if the library is slow to answer, but never keep the user waiting long.
    await Promise.race([flush(), new Promise((r) => setTimeout(r, 1500))]);
    onClose();
  }, [flush, onClose]);

  // Open: what the library knows, then the PDF itself.
  useEffect(() => {
    let live = true;
    performance.clearMarks('lectern:reader-open');
    performance.mark('lectern:reader-open');
    // pdf.js and its worker load while the library answers, not after (a no-op once loaded).
    warmReader().catch(() => {});
    (async () => {
      let rs: ReadingState;
      try {
        rs = await api.readingState({ ref: String(paperId) });
      } catch (e) {
        if (live) setPhase({ kind: 'error', message: (e as Error).message });
        return;
      }
      if (!live) return;
      setReading(rs);
      setDark(rs.settings.darkPages);
      setStatus(rs.status);
      setProgress(rs.progress);
      if (!rs.file) return setPhase({ kind: 'no-file' });
      try {
        const session = await PdfSession.open(containerRef.current!, pdfUrl(paperId), rs.position, {
          onView: (v) => {
            setView(v);
            pendingSave.current = v;
            if (saveTimer.current) clearTimeout(saveTimer.current);
            saveTimer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
          },
          onFind: setFound,
          onPageRendered: (page, ms, failed) => {
            performance.measure('lectern:page-render', { start: performance.now() - ms, duration: ms, detail: { page, failed } });
            if (!firstPaint.current && !failed) {
              firstPaint.current = true;
              const m = performance.measure('lectern:first-page', 'lectern:reader-open');
              rootRef.current?.setAttribute('data-first-page-ms', m.duration.toFixed(0));
            }
          },
          onPassword: (incorrect) =>
            new Promise<string | null>((resolve) => {
              if (!live) return resolve(null);
              passwordRef.current = resolve;
              setPassword('');
              setPhase({ kind: 'password', incorrect });
            }),
        });
        if (!live) return void session.destroy();
        sessionRef.current = session;
        setPhase({ kind: 'ready' });
        const v = session.viewState();
        setView(v);
        containerRef.current?.focus({ preventScroll: true });
        void save(v); // opening the paper makes it *reading*
        session.outline().then((o) => live && setOutline(o), () => {});
      } catch (e) {
        if (live) setPhase({ kind: 'error', message: describeOpenError(e, rs.file.name) });
      }
    })();
    return () => {
      live = false;
      passwordRef.current?.(null);
      if (saveTimer.current) clearTimeout(saveTimer.current);
      void sessionRef.current?.destroy();
      sessionRef.current = null;
    };
  }, [paperId, attached]); // one document per mount (or per PDF attached here)

  useEffect(() => {
    if (view && document.activeElement?.id !== 'reader-page') setPageText(String(view.page));
  }, [view]);

  const s = sessionRef.current;
  const ready = phase.kind === 'ready' && s !== null;

  const toggleDark = () => {
    const next = !dark;
    setDark(next);
    api.setReaderSettings({ darkPages: next }).catch(() => {});
  };

  const markRead = async (always: boolean) => {
    setOfferRead(false);
    containerRef.current?.focus({ preventScroll: true });
    try {
      if (always) await api.setReaderSettings({ autoMarkRead: true });
      const r = await api.markPapers({ papers: { ids: [paperId] }, status: 'read' });
      setUndoId(r.undoId);
      setStatus('read');
      setNotice(always ? 'Marked read. Papers will be marked read whenever you reach their end.' : 'Marked read.');
      onChanged();
    } catch (e) {
      setNotice((e as Error).message);
    }
  };

  const undoMark = async () => {
    if (undoId === null) return;
    setUndoId(null);
    try {
      const r = await api.undo({ undoId });
      setStatus((await api.readingState({ ref: String(paperId) })).status);
      setNotice(`Undone: ${r.label}.`);
      onChanged();
    } catch (e) {
      setNotice((e as Error).message);
    }
  };

  const runFind = (q: string, opts: { again?: boolean; previous?: boolean } = {}) => {
    if (!s) return;
    if (!q.trim()) s.clearFind();
    else s.find(q, opts);
  };

  // Keys reach the reader wherever the focus is (the row that opened it is now inert, a button
  // that was clicked may be gone): the listener is on the window while the reader is open.
  const keys = useRef<(e: globalThis.KeyboardEvent) => void>(() => {});
  keys.current = (e) => {
    const t = e.target as HTMLElement;
    if (t !== document.body && t !== document.documentElement && !rootRef.current?.contains(t)) return;
    const inField = t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA';
    const mod = e.ctrlKey || e.metaKey;
    if (e.key === 'Escape') {
      e.preventDefault();
      if (t === findRef.current && find) {
        setFind('');
        s?.clearFind();
        containerRef.current?.focus();
      } else if (phase.kind === 'password') {
        passwordRef.current?.(null);
      } else void close();
      return;
    }
    if (mod && e.key.toLowerCase() === 'f') {
      e.preventDefault();
      findRef.current?.focus();
      findRef.current?.select();
      return;
    }
    if (!s || inField || e.altKey) return;
    const actions: Record<string, () => void> = {
      PageDown: () => s.scrollByScreen(1),
      PageUp: () => s.scrollByScreen(-1),
      Home: () => s.toStart(),
      End: () => s.toEnd(),
      '+': () => s.zoom(1),
      '=': () => s.zoom(1),
      '-': () => s.zoom(-1),
    };
    const act = actions[e.key];
    if (act && (!mod || e.key === '+' || e.key === '=' || e.key === '-')) {
      e.preventDefault();
      act();
    }
  };
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', onKey);
    rootRef.current?.focus({ preventScroll: true });
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const zoomValue = view ? (typeof view.zoom === 'string' ? view.zoom : String(view.zoom)) : 'page-width';
  const zoomChoices = ZOOM_CHOICES.some((z) => z.value === zoomValue) ? ZOOM_CHOICES : [...ZOOM_CHOICES, { value: zoomValue, label: `${Math.round(Number(zoomValue) * 100)} %` }];
  const findText =
    found.state === 'found' || found.state === 'wrapped'
      ? `${found.current} of ${found.total} match${found.total === 1 ? '' : 'es'}${found.state === 'wrapped' ? ' (from the start)' : ''}`
      : found.state === 'not-found'
        ? 'Not found'
        : found.state === 'pending'
          ? 'Searching…'
          : '';
  const title = reading?.title ?? 'Opening…';

  return (
    <div className={`reader${dark ? ' reader-dark' : ''}`} role="region" aria-label={`Reader: ${title}`} ref={rootRef} tabIndex={-1}>
      <div className="reader-toolbar" role="toolbar" aria-label="Reader">
        <button type="button" onClick={() => void close()} title="Back to the library (Escape)">
          ← Library
        </button>
        <span className="reader-title" title={title}>
          {reading?.retraction && (
            <a className="retracted-mark" href={reading.retraction.url ?? undefined} target="_blank" rel="noopener noreferrer" title={`Retracted${reading.retraction.date ? ` (${reading.retraction.date})` : ''}: read the notice`}>
              Retracted
            </a>
          )}
          {title}
        </span>
        {outline.length > 0 && (
          <button type="button" aria-pressed={showOutline} onClick={() => setShowOutline((x) => !x)}>
            Outline
          </button>
        )}
        <span className="reader-group">
          <input
            id="reader-page"
            className="reader-page"
            aria-label="Page number"
            inputMode="numeric"
            disabled={!ready}
            value={pageText}
            onChange={(e) => setPageText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter' || !s) return;
              const n = parsePageInput(pageText, s.pageCount);
              if (n === null) {
                setNotice(`There is no page “${pageText}”: this PDF has pages 1 to ${s.pageCount}.`);
                setPageText(String(view?.page ?? 1));
              } else {
                s.goToPage(n);
                containerRef.current?.focus();
              }
            }}
            onBlur={() => view && setPageText(String(view.page))}
          />
          <span className="reader-count" aria-label="Page count">
            of {view?.pageCount ?? '…'}
          </span>
        </span>
        <span className="reader-group">
          <button type="button" aria-label="Zoom out" title="Zoom out (−)" disabled={!ready} onClick={() => s?.zoom(-1)}>
            −
          </button>
          <select aria-label="Zoom" disabled={!ready} value={zoomValue} onChange={(e) => s?.setZoom(e.target.value.startsWith('page') ? (e.target.value as Zoom) : Number(e.target.value))}>
            {zoomChoices.map((z) => (
              <option key={z.value} value={z.value}>
                {z.label}
              </option>
            ))}
          </select>
          <button type="button" aria-label="Zoom in" title="Zoom in (+)" disabled={!ready} onClick={() => s?.zoom(1)}>
            +
          </button>
        </span>
        <span className="reader-group reader-find">
          <input
            ref={findRef}
            type="search"
            placeholder="Find in document (Ctrl+F)"
            aria-label="Find in document"
            disabled={!ready}
            value={find}
            onChange={(e) => {
              setFind(e.target.value);
              runFind(e.target.value);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                runFind(find, { again: true, previous: e.shiftKey });
              }
            }}
          />
          <button type="button" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={!ready || !find} onClick={() => runFind(find, { again: true, previous: true })}>
            ↑
          </button>
          <button type="button" aria-label="Next match" title="Next match (Enter)" disabled={!ready || !find} onClick={() => runFind(find, { again: true })}>
            ↓
          </button>
          <span className="reader-find-status" role="status" aria-label="Matches">
            {findText}
          </span>
        </span>
        <span className="spacer" />
        <button type="button" aria-pressed={dark} onClick={toggleDark} title="Draw pages light on dark">
          Dark pages
        </button>
        {reading?.desktop && reading.file && (
          <>
            <button type="button" onClick={() => api.showPdf({ ref: String(paperId), how: 'open' }).catch((e: Error) => setNotice(e.message))}>
              Open in system viewer
            </button>
            <button type="button" onClick={() => api.showPdf({ ref: String(paperId), how: 'reveal' }).catch((e: Error) => setNotice(e.message))}>
              Show in folder
            </button>
          </>
        )}
      </div>

      <div className="reader-body">
        {showOutline && outline.length > 0 && <Outline nodes={outline} onGo={(n) => s?.goToOutline(n)} />}
        <div className="reader-stage">
          {/* pdf.js requires an absolutely positioned scroll container with the viewer inside. */}
          <div className="reader-pages" ref={containerRef} tabIndex={0} aria-label="Pages">
            <div className="pdfViewer" />
          </div>
          {phase.kind === 'loading' && (
            <p className="reader-message" role="status">
              Opening {reading?.file?.name ?? 'the paper'}…
            </p>
          )}
          {phase.kind === 'no-file' && (
            <div className="reader-message" role="alert">
              <p>This paper has no PDF yet.</p>
              <p className="note">Download it, or attach a file you have.</p>
              <div className="actions">
                <AttachPdf paperId={paperId} onDone={(m, ok) => (setNotice(m), ok && (onChanged(), setAttached((n) => n + 1)))} />
                <button type="button" onClick={() => void close()}>Back to the library</button>
              </div>
            </div>
          )}
          {phase.kind === 'error' && (
            <div className="reader-message" role="alert">
              <p>{phase.message}</p>
              <button type="button" onClick={() => void close()}>Back to the library</button>
            </div>
          )}
          {phase.kind === 'password' && (
            <form
              className="reader-message"
              onSubmit={(e) => {
                e.preventDefault();
                setPhase({ kind: 'loading' });
                passwordRef.current?.(password);
              }}
            >
              <p role="alert">{phase.incorrect ? 'That password is not right; try again.' : 'This PDF is protected by a password.'}</p>
              <label className="field">
                <span>Password</span>
                <input type="password" autoFocus aria-label="Password" value={password} onChange={(e) => setPassword(e.target.value)} />
              </label>
              <div className="actions">
                <button type="submit" className="primary">Open</button>
                <button type="button" onClick={() => passwordRef.current?.(null)}>Cancel</button>
              </div>
            </form>
          )}
        </div>
      </div>

      <div className="reader-statusbar">
        {offerRead ? (
          <div className="reader-offer" role="group" aria-label="Finished reading">
            <span>You reached the last page. Mark this paper read?</span>
            <button type="button" className="primary" onClick={() => void markRead(false)}>Mark read</button>
            <button type="button" onClick={() => void markRead(true)}>Always mark read at the end</button>
            <button type="button" onClick={() => (setOfferRead(false), containerRef.current?.focus({ preventScroll: true }))}>Not now</button>
          </div>
        ) : (
          <span role="status" aria-label="Reading progress">
            {[
              view ? `Page ${view.page} of ${view.pageCount}` : '',
              progress !== null ? `${progress} % read` : '',
              status ? STATUS_LABEL[status] : '',
              reading?.file ? textNote(reading.text) : '',
              notice ?? '',
            ]
              .filter(Boolean)
              .join(' · ')}
            {undoId !== null && (
              <button type="button" className="link" onClick={() => void undoMark()}>
                Undo
              </button>
            )}
          </span>
        )}
        <span className="spacer" />
        <span className="hint">PgUp/PgDn · Home/End · +/− zoom · Ctrl+F find · Esc library</span>
      </div>
    </div>
  );
}

function textNote(t: ReadingState['text']): string {
  if (t.state === 'done') return t.chars ? 'text searchable' : 'no text layer (scanned?)';
  if (t.state === 'failed') return `text not searchable: ${t.error}`;
  return t.state === 'pending' ? 'text being indexed…' : '';
}
