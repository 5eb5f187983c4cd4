import type { MethodOutput } from '../../../shared/contract';
import type { PaperRow, Status } from '../../../shared/model';
import type { LibraryQuery, Target, View } from '../../../shared/query';
import { EMPTY_SELECTION, type Selection } from '../selection/selection';

/**
 * The library window's state as plain data: the query, the selection, the one open dialog, what
 * the main area shows, the paper in the reader, the last undoable action and the status bar's
 * message. A pure reducer, tested without a browser; `App` hosts it and does the calls.
 */

export const EMPTY_QUERY: LibraryQuery = { search: '', sort: null, desc: false };

/** The one dialog open over the library, if any. */
export type Dialog =
  | { kind: 'import'; source: { text: string; fileName: string | null } | null }
  | { kind: 'export' }
  | { kind: 'pdfs' }
  /** Pick the arXiv match: of one paper, or of every paper waiting (null). */
  | { kind: 'review'; paperId: number | null }
  | { kind: 'delete-digest'; digest: { id: number; name: string } }
  | { kind: 'confirm-remove'; count: number; spec: Target }
  | { kind: 'save-view' }
  | { kind: 'manage-tags' };

/** What the main area shows beside the sidebar. */
export type Screen = { kind: 'table' } | { kind: 'stats' } | { kind: 'triage'; digestId: number };

export interface LibraryState {
  query: LibraryQuery;
  selection: Selection;
  /** The view last applied (the status bar says when the query has changed since). */
  activeView: View['id'] | null;
  screen: Screen;
  dialog: Dialog | null;
  /** The paper open in the reader; the table stays mounted behind it. */
  reading: number | null;
  /** The last action that can be undone (the toast, Ctrl/Cmd+Z). */
  undoable: { id: number; label: string } | null;
  /** The status bar's message. */
  message: string | null;
  /** Bumped to open the bulk bar's tag editor (T with several rows selected). */
  tagSignal: number;
}

export const INITIAL_STATE: LibraryState = {
  query: EMPTY_QUERY,
  selection: EMPTY_SELECTION,
  activeView: null,
  screen: { kind: 'table' },
  dialog: null,
  reading: null,
  undoable: null,
  message: null,
  tagSignal: 0,
};

/** What an undoable action answers (status, star, tags, remove). */
export interface ActionResult {
  undoId: number | null;
  label: string;
}

export type LibraryAction =
  | { type: 'query'; change: Partial<LibraryQuery> }
  | { type: 'apply-view'; view: View }
  | { type: 'view-saved'; view: Pick<View, 'id' | 'name'> }
  | { type: 'view-deleted'; view: Pick<View, 'id' | 'name'> }
  | { type: 'select'; selection: Selection }
  | { type: 'show'; screen: Screen }
  | { type: 'open-dialog'; dialog: Dialog }
  /** The dialog is closed, with what it did to say in the status bar. */
  | { type: 'close-dialog'; message?: string }
  | { type: 'open-paper'; paper: Pick<PaperRow, 'id' | 'pdf' | 'title'> }
  | { type: 'close-reader' }
  | { type: 'message'; text: string | null }
  | { type: 'acted'; result: ActionResult }
  /** Papers were removed: the selection went with them. */
  | { type: 'removed'; result: ActionResult }
  | { type: 'undo-finished'; message: string }
  | { type: 'dismiss-undo' }
  | { type: 'digest-deleted'; id: number; message: string }
  | { type: 'tag-key' }
  | { type: 'triage-left'; message: string | null };

function withQuery(s: LibraryState, change: Partial<LibraryQuery>): LibraryState {
  return { ...s, query: { ...s.query, ...change }, selection: EMPTY_SELECTION };
}

function acted(s: LibraryState, r: ActionResult): LibraryState {
  return r.undoId !== null
    ? { ...s, undoable: { id: r.undoId, label: r.label }, message: null }
    : { ...s, undoable: null, message: `${r.label} (nothing changed).` };
}

export function libraryReducer(s: LibraryState, a: LibraryAction): LibraryState {
  switch (a.type) {
    case 'query':
      return withQuery(s, a.change);
    case 'apply-view':
      return { ...s, query: { ...EMPTY_QUERY, ...a.view.query, search: a.view.query.search ?? '' }, activeView: a.view.id, selection: EMPTY_SELECTION, screen: { kind: 'table' } };
    case 'view-saved':
      return { ...s, dialog: null, activeView: a.view.id, message: `Saved view “${a.view.name}”.` };
    case 'view-deleted':
      return { ...s, activeView: s.activeView === a.view.id ? null : s.activeView, message: `Deleted view “${a.view.name}”.` };
    case 'select':
      return { ...s, selection: a.selection };
    case 'show':
      return { ...s, screen: a.screen };
    case 'open-dialog':
      return { ...s, dialog: a.dialog };
    case 'close-dialog':
      return { ...s, dialog: null, message: a.message ?? s.message };
    case 'open-paper':
      return a.paper.pdf === 'downloaded' ? { ...s, reading: a.paper.id, message: null } : { ...s, message: `No PDF yet for “${a.paper.title}”.` };
    case 'close-reader':
      return { ...s, reading: null };
    case 'message':
      return { ...s, message: a.text };
    case 'acted':
      return acted(s, a.result);
    case 'removed':
      return acted({ ...s, selection: EMPTY_SELECTION }, a.result);
    case 'undo-finished':
      return { ...s, undoable: null, message: a.message };
    case 'dismiss-undo':
      return { ...s, undoable: null };
    case 'digest-deleted': {
      // A filter on the deleted digest goes with it.
      const closed = { ...s, dialog: null, message: a.message };
      return s.query.digestIds?.includes(a.id) ? withQuery(closed, { digestIds: s.query.digestIds.filter((d) => d !== a.id) }) : closed;
    }
    case 'tag-key':
      return { ...s, tagSignal: s.tagSignal + 1 };
    case 'triage-left':
      return { ...s, screen: { kind: 'table' }, message: a.message ?? s.message };
  }
}

/** Window-wide keys (1–9, Ctrl/Cmd+Z) are the library's only when nothing else has the user. */
export function libraryHasKeys(s: LibraryState): boolean {
  return s.dialog === null && s.reading === null && s.screen.kind !== 'triage';
}

/** A query with its empty fields dropped, for comparing a view with what is shown. */
function normalized(q: Partial<LibraryQuery>): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q)) {
    if (v == null || v === '' || (v === false && k === 'desc') || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return JSON.stringify(Object.keys(out).sort().map((k) => [k, out[k]]));
}

/** True when the query shown is no longer the view's. */
export function viewModified(view: View | null, query: LibraryQuery): boolean {
  return !!view && normalized(view.query) !== normalized({ ...query, search: query.search || null });
}

/**
 * The toolbar's status radio: the one status filtered on, null for all, undefined when the
 * filter is something the radio cannot say (two statuses).
 */
export function statusRadio(query: LibraryQuery): Status | null | undefined {
  const statuses = query.statuses ?? [];
  if (statuses.length === 0) return null;
  return statuses.length === 1 ? statuses[0] : undefined;
}

/** What the status bar says after PDFs were asked for. */
export function queuedMessage(r: MethodOutput<'queueDownloads'>): string {
  const parts = [`${r.queued} PDF${r.queued === 1 ? '' : 's'} queued`];
  if (r.needResolving) parts.push(`${r.needResolving} to be found on arXiv first`);
  if (r.alreadyDownloaded) parts.push(`${r.alreadyDownloaded} already downloaded`);
  if (r.alreadyQueued) parts.push(`${r.alreadyQueued} already queued`);
  if (r.notOnArxiv) parts.push(`${r.notOnArxiv} not on arXiv`);
  return `${parts.join(', ')}.`;
}
