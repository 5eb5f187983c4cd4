import { bumpRevision } from '../../src/main/core/db/revision';
import { afterEach, describe, expect, it } from 'vitest';
import { SORT_COLUMNS, type PaperRow } from '../../src/shared/model';
import { allRows, idOf, twoDigestLibrary } from '../helpers/library';
import type { Core } from '../../src/main/core/service';
import { rejection } from '../helpers/errors';

const open: Core[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));

async function library() {
  const t = await twoDigestLibrary();
  open.push(t.core);
  return t;
}

const ids = (rows: PaperRow[]) => rows.map((r) => r.id).sort((a, b) => a - b);

describe('column filters over a real library (the seed page and the sample digest)', () => {
  it('filters by status (any of several), PDF state, star and note', async () => {
    const { api, core } = await library();
    const all = await allRows(api);
    expect(all).toHaveLength(35);
    const hs = await idOf(api, /^HumanSense/);
    const bert = await idOf(api, /^BERT/);
    const pref = await idOf(api, /^PrefPalette/);
    await api.markPapers({ papers: { refs: [String(hs), String(bert)] }, status: 'read' });
    await api.markPapers({ papers: { refs: [String(pref)] }, status: 'reading' });
    core.db.prepare("UPDATE paper SET pdf_state = 'downloaded' WHERE id IN (?, ?)").run(hs, pref);
    await api.starPapers({ papers: { ids: [bert, pref] }, starred: true });
    await api.setNote({ id: hs, note: 'Compare with the avatar paper from last week.' });

    expect(ids(await allRows(api, { statuses: ['read', 'reading'] }))).toEqual([hs, bert, pref].sort((a, b) => a - b));
    expect((await api.listPapers({ statuses: ['unread'] })).total).toBe(32);
    expect(ids(await allRows(api, { pdfStates: ['downloaded'] }))).toEqual([hs, pref].sort((a, b) => a - b));
    expect((await api.listPapers({ pdfStates: ['none', 'failed'] })).total).toBe(33);
    expect(ids(await allRows(api, { starred: true }))).toEqual([bert, pref].sort((a, b) => a - b));
    expect((await api.listPapers({ starred: false })).total).toBe(33);
    const noted = await allRows(api, { hasNote: true });
    expect(noted.map((r) => [r.id, r.hasNote])).toEqual([[hs, true]]);
    expect((await api.listPapers({ hasNote: false })).total).toBe(34);
    // Everything combines with AND.
    expect(ids(await allRows(api, { statuses: ['read', 'reading'], starred: true, pdfStates: ['downloaded'] }))).toEqual([pref]);
  });

  it('filters title and authors by text, ignoring case; wildcards typed by the user are literal', async () => {
    const { api, core } = await library();
    const title = await allRows(api, { title: 'LANGUAGE MODEL' });
    expect(title.length).toBeGreaterThan(2);
    expect(title.every((r) => /language model/i.test(r.title))).toBe(true);
    const all = await allRows(api);
    expect(title.length).toBe(all.filter((r) => /language model/i.test(r.title)).length);
    expect((await api.listPapers({ title: '100%' })).total).toBe(0);
    expect((await api.listPapers({ title: 'a_b' })).total).toBe(0);

    // Authors become known when a paper is resolved; the filter goes through the search index,
    // so accents and case do not matter and a name can be typed partly.
    const bert = await idOf(api, /^BERT/);
    core.db.prepare('UPDATE paper SET authors = ? WHERE id = ?').run(JSON.stringify(['Jacob Devlin', 'Ming-Wei Chang', 'Kenton Lee', 'Kristina Toutanová']), bert);
    expect(ids(await allRows(api, { authors: 'toutanova' }))).toEqual([bert]);
    expect(ids(await allRows(api, { authors: 'Devl' }))).toEqual([bert]);
    expect((await api.listPapers({ authors: 'Vaswani' })).total).toBe(0);
    const row = (await allRows(api, { authors: 'kenton lee' }))[0]!;
    expect(row.authors).toEqual(['Jacob Devlin', 'Ming-Wei Chang', 'Kenton Lee', 'Kristina Toutanová']);
  });

  it('filters by date ranges (published, added, read, read this week) and an upvotes range', async () => {
    const { api, core } = await library();
    const all = await allRows(api);
    const in2024 = all.filter((r) => r.published && r.published >= '2024-01-01' && r.published <= '2024-12-31');
    expect(in2024.length).toBeGreaterThan(3);
    expect(ids(await allRows(api, { publishedFrom: '2024-01-01', publishedTo: '2024-12-31' }))).toEqual(ids(in2024));
    expect((await api.listPapers({ publishedTo: '2017-12-31' })).total).toBe(all.filter((r) => r.published! <= '2017-12-31').length);

    // Upvotes: the seed has a few with 1 or 2, the sample has 17 to 42.
    const upv = await allRows(api, { upvotesMin: 2, upvotesMax: 25 });
    expect(ids(upv)).toEqual(ids(all.filter((r) => r.upvotes >= 2 && r.upvotes <= 25)));
    expect(upv.length).toBeGreaterThan(3);

    // Added: both digests were imported "today" (the fixed clock); a range is whole days.
    expect((await api.listPapers({ addedFrom: '2026-11-25', addedTo: '2026-11-25' })).total).toBe(35);
    expect((await api.listPapers({ addedTo: '2026-11-24' })).total).toBe(0);

    // Read dates: one read last Friday, one on Monday of this week (2026-11-23), one today.
    const [a, b, c] = all.slice(0, 3).map((r) => r.id);
    core.db.prepare("UPDATE paper SET status = 'read', read_at = ?, status_changed_at = ? WHERE id = ?").run('2026-11-20T09:00:00.000Z', '2026-11-20T09:00:00.000Z', a);
    core.db.prepare("UPDATE paper SET status = 'read', read_at = ?, status_changed_at = ? WHERE id = ?").run('2026-11-23T08:00:00.000Z', '2026-11-23T08:00:00.000Z', b);
    await api.markPapers({ papers: { refs: [String(c)] }, status: 'read' });
    expect(ids(await allRows(api, { readFrom: '2026-11-20', readTo: '2026-11-20' }))).toEqual([a]);
    expect(ids(await allRows(api, { readFrom: '2026-11-21' }))).toEqual([b, c].sort((x, y) => x! - y!));
    const thisWeek = await allRows(api, { statuses: ['read'], readPeriod: 'week', sort: 'read', desc: true });
    expect(thisWeek.map((r) => r.id)).toEqual([c, b]);
  });

  it('filters by tag (any of several, or untagged) and by digest (any of several)', async () => {
    const { api, seedDigest, sampleDigest } = await library();
    const bert = await idOf(api, /^BERT/);
    const attention = await idOf(api, /^Attention Is All/);
    const hs = await idOf(api, /^HumanSense/);
    await api.tagPapers({ papers: { ids: [bert, attention] }, add: ['nlp', 'classic'] });
    await api.tagPapers({ papers: { ids: [hs] }, add: ['multimodal'] });
    const tags = await api.listTags({});
    const tagId = (n: string) => tags.find((t) => t.name === n)!.id;
    expect(tags.map((t) => [t.name, t.count])).toEqual([['classic', 2], ['multimodal', 1], ['nlp', 2]]);
    expect(ids(await allRows(api, { tagIds: [tagId('nlp')] }))).toEqual([bert, attention].sort((a, b) => a - b));
    expect(ids(await allRows(api, { tagIds: [tagId('nlp'), tagId('multimodal')] }))).toEqual([bert, attention, hs].sort((a, b) => a - b));
    expect((await api.listPapers({ untagged: true })).total).toBe(32);
    const row = (await allRows(api, { tagIds: [tagId('classic')] })).find((r) => r.id === bert)!;
    expect(row.tags).toEqual(['classic', 'nlp']);

    expect((await api.listPapers({ digestIds: [seedDigest] })).total).toBe(29);
    expect((await api.listPapers({ digestIds: [sampleDigest] })).total).toBe(6);
    expect((await api.listPapers({ digestIds: [seedDigest, sampleDigest] })).total).toBe(35);
    expect((await api.listPapers({ digestIds: [sampleDigest], tagIds: [tagId('nlp')] })).total).toBe(2);
  });

  it('combines the quick search with filters, and finds words in notes', async () => {
    const { api } = await library();
    const radiology = await idOf(api, /^Insights into a radiology/);
    expect(ids(await allRows(api, { search: 'pacemaker' }))).toEqual([radiology]);
    expect((await api.listPapers({ search: 'pacemaker', statuses: ['read'] })).total).toBe(0);
    await api.markPapers({ papers: { refs: [String(radiology)] }, status: 'read' });
    expect((await api.listPapers({ search: 'pacemaker', statuses: ['read'] })).total).toBe(1);

    // A word only in the note; a word in the note and another in the abstract.
    await api.setNote({ id: radiology, note: 'Ask Dr. Okonkwo about the zebrafish figure.' });
    expect(ids(await allRows(api, { search: 'zebrafish' }))).toEqual([radiology]);
    expect(ids(await allRows(api, { search: 'zebrafish pacemaker' }))).toEqual([radiology]);
    expect(ids(await allRows(api, { search: 'okonk' }))).toEqual([radiology]);
    expect((await api.listPapers({ search: 'zebrafish cardiomegaly unicorn' })).total).toBe(0);
    // Clearing the note takes it out of the index.
    await api.setNote({ id: radiology, note: '   ' });
    expect((await api.listPapers({ search: 'zebrafish' })).total).toBe(0);
    expect((await api.getPaper({ ref: String(radiology) })).note).toBeNull();
  });

  it('the word being typed completes from its third letter; a shorter one waits (or a space ends it)', async () => {
    const { api } = await library();
    expect((await api.listPapers({ search: 'tr' })).total).toBe(35); // not a filter yet
    const tra = (await api.listPapers({ search: 'tra' })).total;
    expect(tra).toBeGreaterThan(5);
    expect(tra).toBeLessThan(35);
    expect((await api.listPapers({ search: 'sparse au' })).total).toBe((await api.listPapers({ search: 'sparse' })).total);
    const ai = (await api.listPapers({ search: 'ai ' })).total; // "AI" as a finished word
    expect(ai).toBeGreaterThan(0);
    expect(ai).toBeLessThan(35);
    expect((await api.listPapers({ search: 'transformers ' })).total).toBeLessThan((await api.listPapers({ search: 'transformer' })).total + 1);
  });

  it('sorts on every column, both ways, and pages never overlap or skip', async () => {
    const { api } = await library();
    const bert = await idOf(api, /^BERT/);
    await api.tagPapers({ papers: { ids: [bert] }, add: ['alpha'] });
    await api.starPapers({ papers: { ids: [bert] }, starred: true });
    await api.markPapers({ papers: { refs: [String(bert)] }, status: 'read' });
    const all = await allRows(api);
    const key: Record<(typeof SORT_COLUMNS)[number], (r: PaperRow) => string | number> = {
      status: (r) => ({ unread: 0, reading: 1, read: 2 })[r.status],
      title: (r) => r.title.toLowerCase(),
      authors: (r) => (r.authors?.[0] ?? '').toLowerCase(),
      published: (r) => r.published ?? '',
      digest: () => 0,
      upvotes: (r) => r.upvotes,
      added: (r) => r.addedAt,
      pdf: (r) => r.pdf,
      starred: (r) => (r.starred ? 1 : 0),
      read: (r) => r.readAt ?? '',
      tags: (r) => r.tags[0] ?? '',
      interest: (r) => -(r.interest ?? -1), // "For you": the most interesting first, the unscored last
    };
    for (const sort of SORT_COLUMNS) {
      for (const desc of [false, true]) {
        const rows = await allRows(api, { sort, desc });
        expect(ids(rows)).toEqual(ids(all));
        const k = rows.map(key[sort]);
        const sorted = [...k].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0) * (desc ? -1 : 1));
        expect(k, `${sort} ${desc ? 'desc' : 'asc'}`).toEqual(sorted);
      }
    }
    // The default order: newest digest first, each in its own order.
    const def = await allRows(api);
    expect(def.slice(0, 6).map((r) => r.digest)).toEqual(Array(6).fill(def[0]!.digest));
    expect(def[0]!.title).toBe('Attention Is All You Need');
  });

  it('refuses empty ranges and malformed dates with a message saying which', async () => {
    const { api } = await library();
    const e1 = await rejection(api.listPapers({ upvotesMin: 10, upvotesMax: 2 }));
    expect(e1.code).toBe('BAD_INPUT');
    expect(e1.message).toContain('at least 10 but at most 2');
    const e2 = await rejection(api.listPapers({ publishedFrom: '2025-05-01', publishedTo: '2025-01-01' }));
    expect(e2.message).toContain('2025-05-01 is after 2025-01-01');
    const e3 = await rejection(api.listPapers({ readFrom: '1/2/2025' }));
    expect(e3.code).toBe('BAD_INPUT');
    expect(e3.message).toMatch(/readFrom.*YYYY-MM-DD/);
  });

  it('Needs review lists the papers whose arXiv match waits for the user, in the view and its facet', async () => {
    const { api, core } = await library();
    expect((await api.facetCounts({ query: {} })).needsReview).toBe(0);
    expect((await api.listPapers({ needsReview: true })).total).toBe(0);
    // The resolve feature puts an unsure match in this state (and bumps the revision, as every write does).
    core.db.exec("UPDATE paper SET resolve_state = 'review' WHERE id IN (1, 2)");
    bumpRevision(core.db);
    expect(ids(await allRows(api, { needsReview: true }))).toEqual([1, 2]);
    expect((await api.facetCounts({ query: {} })).needsReview).toBe(2);
    expect((await api.facetCounts({ query: { statuses: ['read'] } })).needsReview).toBe(0);
  });
});

describe('facet counts', () => {
  it('count each dimension over the filter minus itself, and agree with the rows', async () => {
    const { api, seedDigest, sampleDigest } = await library();
    const all = await allRows(api);
    await api.markPapers({ papers: { ids: all.slice(0, 5).map((r) => r.id) }, status: 'read' });
    await api.markPapers({ papers: { ids: all.slice(5, 7).map((r) => r.id) }, status: 'reading' });
    await api.tagPapers({ papers: { ids: all.slice(3, 9).map((r) => r.id) }, add: ['survey'] });

    const f = await api.facetCounts({ query: {} });
    expect(f.total).toBe(35);
    expect(f.statuses).toEqual({ unread: 28, reading: 2, read: 5 });
    expect(f.untagged).toBe(29);
    expect(f.tags).toEqual([expect.objectContaining({ name: 'survey', count: 6 })]);
    const years = new Map<string | null, number>();
    for (const r of all) years.set(r.published?.slice(0, 4) ?? null, (years.get(r.published?.slice(0, 4) ?? null) ?? 0) + 1);
    expect(f.years).toEqual([...years].map(([year, count]) => ({ year, count })).sort((a, b) => b.year!.localeCompare(a.year!)));
    expect(f.digests.map((d) => [d.id, d.count, d.unread])).toEqual([
      [sampleDigest, 6, 6 - all.slice(0, 7).filter((r) => r.digest === f.digests[0]!.name).length],
      [seedDigest, 29, 29 - all.slice(0, 7).filter((r) => r.digest !== f.digests[0]!.name).length],
    ]);

    // Filtered to read: the status facet still shows every status (it ignores its own filter),
    // the others count within "read".
    const read = await api.facetCounts({ query: { statuses: ['read'] } });
    expect(read.total).toBe(5);
    expect(read.statuses).toEqual({ unread: 28, reading: 2, read: 5 });
    const readRows = await allRows(api, { statuses: ['read'] });
    expect(read.tags[0]!.count).toBe(readRows.filter((r) => r.tags.includes('survey')).length);
    expect(read.untagged).toBe(readRows.filter((r) => r.tags.length === 0).length);
    const digestRead = await api.facetCounts({ query: { statuses: ['read'], digestIds: [seedDigest] } });
    expect(digestRead.digests.find((d) => d.id === sampleDigest)!.count).toBe(readRows.filter((r) => r.digest === f.digests[0]!.name).length);

    // With a search: counts within the hits.
    const s = await api.facetCounts({ query: { search: 'transformer' } });
    expect(s.total).toBe((await api.listPapers({ search: 'transformer' })).total);
    expect(s.statuses.unread + s.statuses.reading + s.statuses.read).toBe(s.total);
  });
});
