import { describe, expect, it } from 'vitest';
import { BUILTIN_VIEWS, type View } from '../../src/shared/query';
import {
  INITIAL_STATE,
  libraryHasKeys,
  libraryReducer,
  queuedMessage,
  statusRadio,
  viewModified,
  type LibraryAction,
  type LibraryState,
} from '../../src/renderer/src/library/library-state';
import { single } from '../../src/renderer/src/selection/selection';

const run = (...actions: LibraryAction[]) => actions.reduce(libraryReducer, INITIAL_STATE);
const inbox = BUILTIN_VIEWS.find((v) => v.id === 'inbox')!;

describe('the library state', () => {
  it('a query change keeps the rest of the query and clears the selection', () => {
    const s = run({ type: 'query', change: { statuses: ['unread'] } }, { type: 'select', selection: single(4, 17) }, { type: 'query', change: { search: 'diffusion' } });
    expect(s.query).toMatchObject({ statuses: ['unread'], search: 'diffusion' });
    expect(s.selection.ids.size).toBe(0);
  });

  it('applying a view replaces the query, shows the table and is remembered until the query changes', () => {
    const s = run({ type: 'show', screen: { kind: 'stats' } }, { type: 'query', change: { search: 'x', starred: true } }, { type: 'apply-view', view: inbox });
    expect(s.query).toEqual({ search: '', sort: null, desc: false, statuses: ['unread'] });
    expect(s.activeView).toBe('inbox');
    expect(s.screen).toEqual({ kind: 'table' });
    expect(viewModified(inbox, s.query)).toBe(false);
    expect(viewModified(inbox, libraryReducer(s, { type: 'query', change: { search: 'graph' } }).query)).toBe(true);
    expect(viewModified(inbox, libraryReducer(s, { type: 'query', change: { sort: 'title' } }).query)).toBe(true);
    expect(viewModified(null, s.query)).toBe(false);
  });

  it('only one dialog is open at a time, and closing one can leave a message', () => {
    let s = run({ type: 'open-dialog', dialog: { kind: 'pdfs' } }, { type: 'open-dialog', dialog: { kind: 'review', paperId: null } });
    expect(s.dialog).toEqual({ kind: 'review', paperId: null });
    s = libraryReducer(s, { type: 'close-dialog', message: 'Exported 3 papers.' });
    expect([s.dialog, s.message]).toEqual([null, 'Exported 3 papers.']);
    expect(libraryReducer(s, { type: 'close-dialog' }).message).toBe('Exported 3 papers.');
  });

  it('window keys belong to the library only when no dialog, reader or triage has the user', () => {
    expect(libraryHasKeys(INITIAL_STATE)).toBe(true);
    expect(libraryHasKeys(run({ type: 'show', screen: { kind: 'stats' } }))).toBe(true);
    expect(libraryHasKeys(run({ type: 'open-dialog', dialog: { kind: 'export' } }))).toBe(false);
    expect(libraryHasKeys(run({ type: 'show', screen: { kind: 'triage', digestId: 2 } }))).toBe(false);
    expect(libraryHasKeys(run({ type: 'open-paper', paper: { id: 3, pdf: 'downloaded', title: 'A' } }))).toBe(false);
  });

  it('opens the reader only for a paper with its PDF, and says why not otherwise', () => {
    const opened = run({ type: 'message', text: 'old' }, { type: 'open-paper', paper: { id: 3, pdf: 'downloaded', title: 'A' } });
    expect([opened.reading, opened.message]).toEqual([3, null]);
    expect(libraryReducer(opened, { type: 'close-reader' }).reading).toBeNull();
    const refused = run({ type: 'open-paper', paper: { id: 4, pdf: 'none', title: 'B' } });
    expect([refused.reading, refused.message]).toEqual([null, 'No PDF yet for “B”.']);
  });

  it('an action that changed something can be undone once; one that changed nothing says so', () => {
    let s = run({ type: 'acted', result: { undoId: 9, label: 'Marked 3 papers read' } });
    expect([s.undoable, s.message]).toEqual([{ id: 9, label: 'Marked 3 papers read' }, null]);
    s = libraryReducer(s, { type: 'undo-finished', message: 'Undone: Marked 3 papers read.' });
    expect([s.undoable, s.message]).toEqual([null, 'Undone: Marked 3 papers read.']);
    s = libraryReducer(s, { type: 'acted', result: { undoId: null, label: 'Starred 0 papers' } });
    expect([s.undoable, s.message]).toEqual([null, 'Starred 0 papers (nothing changed).']);
  });

  it('removing papers clears the selection', () => {
    const s = run({ type: 'select', selection: single(2, 5) }, { type: 'removed', result: { undoId: 1, label: 'Removed 1 paper' } });
    expect(s.selection.ids.size).toBe(0);
    expect(s.undoable?.id).toBe(1);
  });

  it('deleting a digest drops it from the digest filter and closes the dialog', () => {
    const open: LibraryState = run({ type: 'query', change: { digestIds: [4, 7] } }, { type: 'open-dialog', dialog: { kind: 'delete-digest', digest: { id: 7, name: 'HF' } } });
    const s = libraryReducer(open, { type: 'digest-deleted', id: 7, message: 'Deleted “HF”.' });
    expect([s.query.digestIds, s.dialog, s.message]).toEqual([[4], null, 'Deleted “HF”.']);
    const other = libraryReducer(run({ type: 'select', selection: single(1, 1) }), { type: 'digest-deleted', id: 7, message: 'm' });
    expect(other.selection.ids.size).toBe(1); // a digest not filtered on leaves the query and selection alone
  });

  it('a view saved becomes the active one; a view deleted stops being it', () => {
    const saved = run({ type: 'open-dialog', dialog: { kind: 'save-view' } }, { type: 'view-saved', view: { id: 12, name: 'Mine' } });
    expect([saved.dialog, saved.activeView, saved.message]).toEqual([null, 12, 'Saved view “Mine”.']);
    expect(libraryReducer(saved, { type: 'view-deleted', view: { id: 12, name: 'Mine' } }).activeView).toBeNull();
    expect(libraryReducer(saved, { type: 'view-deleted', view: { id: 13, name: 'Other' } }).activeView).toBe(12);
  });

  it('leaving triage shows the table with what the pass did', () => {
    const s = run({ type: 'show', screen: { kind: 'triage', digestId: 3 } }, { type: 'triage-left', message: 'Triage: 2 kept, 1 read, 0 skipped.' });
    expect([s.screen, s.message]).toEqual([{ kind: 'table' }, 'Triage: 2 kept, 1 read, 0 skipped.']);
  });

  it('the status radio says one status, all, or nothing it can show', () => {
    expect(statusRadio({})).toBeNull();
    expect(statusRadio({ statuses: ['read'] })).toBe('read');
    expect(statusRadio({ statuses: ['read', 'unread'] })).toBeUndefined();
  });

  it('says what was queued and why the rest was not', () => {
    expect(queuedMessage({ queued: 1, needResolving: 2, alreadyDownloaded: 0, alreadyQueued: 1, notOnArxiv: 3 } as never)).toBe(
      '1 PDF queued, 2 to be found on arXiv first, 1 already queued, 3 not on arXiv.',
    );
  });

  it('views given to the reducer are data: a saved view with a search applies it', () => {
    const v: View = { id: 5, name: 'S', builtin: false, query: { search: 'llm', sort: 'title', desc: true }, columns: null };
    expect(run({ type: 'apply-view', view: v }).query).toEqual({ search: 'llm', sort: 'title', desc: true });
  });
});
