import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/service';
import { snapshot, testCore } from '../helpers/core';
import { allRows, idOf, twoDigestLibrary } from '../helpers/library';
import { rejection } from '../helpers/errors';

const open: Core[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));

async function library(now?: string) {
  const t = await twoDigestLibrary(now);
  open.push(t.core);
  return t;
}

/** Everything a user could lose, including what this feature adds. */
function fullSnapshot(core: Core) {
  const db = core.db;
  return {
    ...snapshot(core),
    tags: db.prepare('SELECT * FROM tag ORDER BY id').all(),
    paperTags: db.prepare('SELECT * FROM paper_tag ORDER BY paper_id, tag_id').all(),
    events: db.prepare('SELECT * FROM status_event ORDER BY id').all(),
  };
}
const noMeta = (s: ReturnType<typeof fullSnapshot>) => ({ ...s, meta: undefined });

describe('selections', () => {
  it('resolve ids, a whole filter minus exceptions, and a window of rows in the table order, in SQL', async () => {
    const { api, sampleDigest } = await library();
    const sample = await allRows(api, { digestIds: [sampleDigest] });
    expect((await api.countPapers({ papers: { ids: [sample[0]!.id, sample[1]!.id, 99999] } })).count).toBe(2);
    expect((await api.countPapers({ papers: { query: { digestIds: [sampleDigest] } } })).count).toBe(6);
    expect((await api.countPapers({ papers: { query: {}, except: [sample[0]!.id] } })).count).toBe(34);
    // Rows 2..4 of the table sorted by title (a shift-click range).
    const byTitle = await allRows(api, { sort: 'title' });
    const r = await api.tagPapers({ papers: { query: { sort: 'title', offset: 2, limit: 3 } }, add: ['range'] });
    expect(r.changed).toBe(3 + 1);
    const tagged = await allRows(api, { tagIds: [(await api.listTags({}))[0]!.id] });
    expect(tagged.map((x) => x.id).sort()).toEqual(byTitle.slice(2, 5).map((x) => x.id).sort());
  });
});

describe('bulk actions and undo', () => {
  it('set a status on a whole filtered selection, record it in the history, and undo exactly', async () => {
    const { api, core, seedDigest } = await library();
    const one = await idOf(api, /^HumanSense/);
    await api.markPapers({ papers: { refs: [String(one)] }, status: 'read' });
    const before = fullSnapshot(core);
    const r = await api.markPapers({ papers: { query: { digestIds: [seedDigest] }, except: [one] }, status: 'reading' });
    expect(r).toMatchObject({ selected: 28, changed: 28, label: 'Marked 28 papers reading' });
    expect((await api.listPapers({ statuses: ['reading'] })).total).toBe(28);
    expect(core.db.prepare("SELECT count(*) FROM status_event WHERE to_status = 'reading'").pluck().get()).toBe(28);
    expect(await api.lastUndo({})).toMatchObject({ id: r.undoId, label: 'Marked 28 papers reading' });

    expect(await api.undo({ undoId: r.undoId! })).toEqual({ label: 'Marked 28 papers reading' });
    expect(noMeta(fullSnapshot(core))).toEqual(noMeta(before));
    const again = await rejection(api.undo({ undoId: r.undoId! }));
    expect(again.code).toBe('NOT_FOUND');
    expect(again.message).toContain('can no longer be undone');
  });

  it('star and unstar, with nothing to undo when nothing changed', async () => {
    const { api } = await library();
    const rows = await allRows(api);
    const r = await api.starPapers({ papers: { ids: rows.slice(0, 4).map((x) => x.id) }, starred: true });
    expect(r).toMatchObject({ changed: 4, label: 'Starred 4 papers' });
    const none = await api.starPapers({ papers: { ids: rows.slice(0, 2).map((x) => x.id) }, starred: true });
    expect(none).toMatchObject({ changed: 0, undoId: null });
    await api.undo({ undoId: r.undoId! });
    expect((await api.listPapers({ starred: true })).total).toBe(0);
  });

  it('add and remove tags in bulk; undo also deletes the tags the action created', async () => {
    const { api, core } = await library();
    const rows = await allRows(api);
    await api.tagPapers({ papers: { ids: [rows[0]!.id] }, add: ['keep'] });
    const before = fullSnapshot(core);
    const keep = (await api.listTags({}))[0]!;
    const r = await api.tagPapers({ papers: { query: {} }, add: ['  to   read ', 'Keep'], remove: [] });
    // 35 new "to read" links and 34 new "keep" links (one paper had it).
    expect(r).toMatchObject({ selected: 35, changed: 35 + 34 + 1, label: 'Tagged 35 papers “to read”, “keep”' });
    expect((await api.listTags({})).map((t) => [t.name, t.count])).toEqual([['keep', 35], ['to read', 35]]);
    const r2 = await api.tagPapers({ papers: { ids: rows.slice(0, 10).map((x) => x.id) }, remove: [keep.id] });
    expect(r2).toMatchObject({ changed: 10, label: 'Removed a tag from 10 papers' });
    await api.undo({ undoId: r2.undoId! });
    expect((await api.listTags({})).find((t) => t.name === 'keep')!.count).toBe(35);
    await api.undo({ undoId: r.undoId! });
    expect(noMeta(fullSnapshot(core))).toEqual(noMeta(before));
  });

  it('remove papers with everything attached, then undo brings all of it back, searchable', async () => {
    const { api, core, sampleDigest } = await library();
    const bert = await idOf(api, /^BERT/);
    await api.tagPapers({ papers: { ids: [bert] }, add: ['nlp'] });
    await api.setNote({ id: bert, note: 'bidirectional zebra' });
    await api.markPapers({ papers: { refs: [String(bert)] }, status: 'read' });
    const before = fullSnapshot(core);
    const r = await api.removePapers({ papers: { query: { digestIds: [sampleDigest] } } });
    expect(r).toMatchObject({ selected: 6, changed: 6, label: 'Removed 6 papers' });
    expect((await api.libraryInfo({})).papers).toBe(29);
    expect((await api.listPapers({ search: 'bidirectional' })).total).toBe(0);
    expect((await api.listPapers({ search: 'zebra' })).total).toBe(0);
    expect((await api.listTags({}))[0]!.count).toBe(0);
    expect((await rejection(api.getPaper({ ref: String(bert) }))).code).toBe('NOT_FOUND');

    await api.undo({ undoId: r.undoId! });
    expect(noMeta(fullSnapshot(core))).toEqual(noMeta(before));
    expect((await api.listPapers({ search: 'bidirectional' })).rows.map((x) => x.id)).toEqual([bert]);
    expect((await api.listPapers({ search: 'zebra' })).rows.map((x) => x.id)).toEqual([bert]);
    expect(await api.getPaper({ ref: String(bert) })).toMatchObject({ status: 'read', tags: ['nlp'], note: 'bidirectional zebra' });
  });

  it('a removal cannot be undone once its papers were imported again; the library is left as it was', async () => {
    const { api, core, sampleDigest } = await library();
    const r = await api.removePapers({ papers: { query: { digestIds: [sampleDigest] } } });
    // The same papers come back through another digest (a new file with the same entries).
    const fs = await import('node:fs');
    const { SAMPLE_DIGEST } = await import('../helpers/library');
    await api.commitImport({ text: fs.readFileSync(SAMPLE_DIGEST, 'utf8') + '\n', fileName: 'again.txt' });
    const before = fullSnapshot(core);
    const e = await rejection(api.undo({ undoId: r.undoId! }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('imported again');
    expect(fullSnapshot(core)).toEqual(before);
    // The new papers took the removed ones' ids (they were the newest) and are still indexed.
    expect((await api.listPapers({ search: 'lectern' })).total).toBe(6);
  });
});

describe('tags', () => {
  it('create, rename, merge and delete, with clear refusals', async () => {
    const { api } = await library();
    const rows = await allRows(api);
    const ml = await api.createTag({ name: 'ML' });
    expect((await rejection(api.createTag({ name: 'ml' }))).message).toBe('A tag named “ml” exists already.');
    expect((await rejection(api.createTag({ name: '   ' }))).code).toBe('BAD_INPUT');
    expect((await rejection(api.createTag({ name: 'x'.repeat(61) }))).message).toContain('at most 60 characters');
    await api.tagPapers({ papers: { ids: [rows[0]!.id, rows[1]!.id] }, add: ['machine learning'] });
    await api.tagPapers({ papers: { ids: [rows[1]!.id, rows[2]!.id] }, add: ['ML'] });
    const tags = await api.listTags({});
    const long = tags.find((t) => t.name === 'machine learning')!;

    const conflict = await rejection(api.renameTag({ id: long.id, name: 'ml' }));
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.message).toContain('merge');
    expect(await api.renameTag({ id: ml.id, name: 'Ml' })).toMatchObject({ name: 'Ml', count: 2 });

    const merged = await api.mergeTags({ from: [long.id], into: ml.id });
    expect(merged).toEqual({ tag: { id: ml.id, name: 'Ml', count: 3 }, merged: 1 });
    expect((await api.listTags({})).map((t) => t.name)).toEqual(['Ml']);
    // Descending puts the tagged papers first (no tag sorts as empty, like every empty value).
    expect((await allRows(api, { sort: 'tags', desc: true })).slice(0, 3).every((r) => r.tags[0] === 'Ml')).toBe(true);

    expect(await api.deleteTag({ id: ml.id })).toEqual({ name: 'Ml', untagged: 3 });
    expect(await api.listTags({})).toEqual([]);
    expect((await api.listPapers({ untagged: true })).total).toBe(35);
    expect((await rejection(api.deleteTag({ id: ml.id }))).code).toBe('NOT_FOUND');
  });
});

describe('notes', () => {
  it('are kept per paper, shown in the row and the paper, and refused when too long without losing the old one', async () => {
    const { api, core } = await library();
    const id = (await allRows(api))[0]!.id;
    const saved = await api.setNote({ id, note: 'line one\r\nline two\n' });
    expect(saved).toEqual({ note: 'line one\nline two', noteUpdatedAt: '2026-11-25T12:00:00.000Z' });
    expect((await allRows(api)).find((r) => r.id === id)!.hasNote).toBe(true);
    const rev = core.db.prepare("SELECT value FROM meta WHERE key = 'revision'").pluck().get();
    const e = await rejection(api.setNote({ id, note: 'x'.repeat(100_001) }));
    expect(e.message).toContain('at most 100,000 characters');
    expect((await api.getPaper({ ref: String(id) })).note).toBe('line one\nline two');
    expect(core.db.prepare("SELECT value FROM meta WHERE key = 'revision'").pluck().get()).toBe(rev);
    expect((await rejection(api.setNote({ id: 9999, note: 'x' }))).code).toBe('NOT_FOUND');
  });
});

describe('saved views and remembered layout', () => {
  it('lists the built-in views, saves, replaces and deletes user views', async () => {
    const { api } = await library();
    const builtin = await api.listViews({});
    expect(builtin.map((v) => v.name)).toEqual(['Inbox', 'Reading', 'Read this week', 'Needs review']);
    const columns = { order: ['title', 'status'], hidden: ['upvotes'], widths: { title: 400 } };
    const v = await api.saveView({ name: 'Unread with PDF', query: { statuses: ['unread'], pdfStates: ['downloaded'], sort: 'published', desc: true }, columns });
    expect(v).toMatchObject({ name: 'Unread with PDF', builtin: false, columns });
    expect(v.query).toMatchObject({ statuses: ['unread'], pdfStates: ['downloaded'], sort: 'published', desc: true });
    const replaced = await api.saveView({ name: 'unread WITH pdf', query: { statuses: ['unread'] } });
    expect(replaced.id).toBe(v.id);
    expect(replaced.columns).toBeNull();
    expect((await rejection(api.saveView({ name: 'inbox', query: {} }))).message).toContain('built-in view');
    const other = await api.saveView({ name: 'Other', query: {} });
    const otherId = other.id as number;
    expect((await rejection(api.saveView({ id: otherId, name: 'Unread with PDF', query: {} }))).code).toBe('CONFLICT');
    expect((await api.listViews({})).map((x) => x.name)).toEqual(['Inbox', 'Reading', 'Read this week', 'Needs review', 'unread WITH pdf', 'Other']);
    expect(await api.deleteView({ id: otherId })).toEqual({ name: 'Other' });
    expect((await rejection(api.deleteView({ id: otherId }))).code).toBe('NOT_FOUND');
  });

  it('the built-in views select what their names say', async () => {
    const { api } = await library();
    const views = await api.listViews({});
    const rows = await allRows(api);
    await api.markPapers({ papers: { ids: rows.slice(0, 3).map((r) => r.id) }, status: 'reading' });
    await api.markPapers({ papers: { ids: rows.slice(3, 5).map((r) => r.id) }, status: 'read' });
    const count = async (name: string) => (await api.listPapers({ ...views.find((v) => v.name === name)!.query })).total;
    expect(await count('Inbox')).toBe(30);
    expect(await count('Reading')).toBe(3);
    expect(await count('Read this week')).toBe(2);
    expect(await count('Needs review')).toBe(0);
    const inbox = await allRows(api, views[0]!.query);
    expect(inbox[0]!.digest).toBe(rows[0]!.digest); // newest digest first
  });

  it('remembers UI state per library, refusing oversized values', async () => {
    const { api, dir } = await library();
    expect(await api.getUiState({ key: 'table.layout' })).toEqual({ value: null });
    await api.setUiState({ key: 'table.layout', value: { order: ['title'], hidden: [], widths: {} } });
    const again = testCore('2026-11-25T12:00:00Z', dir);
    open.push(again.core);
    expect(await again.api.getUiState({ key: 'table.layout' })).toEqual({ value: { order: ['title'], hidden: [], widths: {} } });
    expect((await rejection(api.setUiState({ key: 'Bad Key', value: 1 }))).code).toBe('BAD_INPUT');
    expect((await rejection(api.setUiState({ key: 'big', value: 'x'.repeat(70_000) }))).message).toContain('too large');
  });
});

describe('triage and statistics', () => {
  it('the triage queue is a digest’s unread papers in the digest’s order', async () => {
    const { api, seedDigest } = await library();
    const q = await api.triageQueue({ digestId: seedDigest });
    expect(q.digest).toMatchObject({ id: seedDigest, name: 'Daily Papers 2026-01-08', papers: 29 });
    expect(q.ids).toHaveLength(29);
    const first = await api.getPaper({ ref: String(q.ids[0]) });
    expect(first.title).toMatch(/^Insights into a radiology/);
    await api.markPapers({ papers: { ids: [q.ids[0]!, q.ids[2]!] }, status: 'read' });
    const after = await api.triageQueue({ digestId: seedDigest });
    expect(after.ids).toEqual(q.ids.filter((_, i) => i !== 0 && i !== 2));
    expect((await rejection(api.triageQueue({ digestId: 999 }))).code).toBe('NOT_FOUND');
  });

  it('reading statistics per week: read, backlog, digests imported and cleared', async () => {
    // Week of Monday 2026-11-09: import the sample; week of 11-16: read 4 of it; 11-23: clear it
    // and import the seed page.
    const t = testCore('2026-11-10T10:00:00Z');
    open.push(t.core);
    const fs = await import('node:fs');
    const { SAMPLE_DIGEST } = await import('../helpers/library');
    const clock = { now: '2026-11-10T10:00:00Z' };
    // The core's clock is fixed per core: reopen the same library at each date.
    const at = (when: string) => {
      clock.now = when;
      const c = testCore(when, t.dir);
      open.push(c.core);
      return c.api;
    };
    await t.api.commitImport({ text: fs.readFileSync(SAMPLE_DIGEST, 'utf8'), fileName: 'sample.txt' });
    const ids = (await allRows(t.api)).map((r) => r.id);
    await at('2026-11-17T09:00:00Z').markPapers({ papers: { ids: ids.slice(0, 4) }, status: 'read' });
    await at('2026-11-18T09:00:00Z').markPapers({ papers: { ids: ids.slice(4) }, status: 'reading' });
    const api = at('2026-11-24T09:00:00Z');
    await api.markPapers({ papers: { ids: ids.slice(4) }, status: 'read' });
    const { readText } = await import('../helpers/core');
    const { SEED_DIGEST } = await import('../helpers/paths');
    await api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });

    const s = await at('2026-11-25T12:00:00Z').readingStats({ weeks: 4 });
    expect(s.weeks).toHaveLength(4);
    expect(s.readPerWeek).toEqual([0, 0, 4, 2]);
    expect(s.backlog).toEqual([0, 6, 0, 29]); // reading is not backlog
    expect(s.digestsImported).toEqual([0, 1, 0, 1]);
    expect(s.digestsCleared).toEqual([0, 0, 1, 0]); // its last unread paper went to reading on the 18th
    expect(s.totals).toEqual({ unread: 29, reading: 0, read: 6, readThisWeek: 2, digests: 2, digestsWithUnread: 1 });
  });
});
