import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_DIGEST } from '../helpers/paths';
import { readText, snapshot, testCore } from '../helpers/core';
import { rejection } from '../helpers/errors';

const seed = readText(SEED_DIGEST);
const open: { close(): void }[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));
function fresh() {
  const t = testCore();
  open.push(t.core);
  return t;
}

describe('importing the Daily Papers page into a library', () => {
  it('previews without writing, then commits 29 papers as one digest', async () => {
    const { core, api } = fresh();
    const before = snapshot(core);
    const preview = await api.previewImport({ text: seed, fileName: 'hf-daily-papers-page.txt' });
    expect(preview).toMatchObject({ format: 'hf-text', found: 29, new: 29, existing: 0, unreadable: [], date: '2026-01-08', alreadyImported: null });
    expect(snapshot(core)).toEqual(before);

    const result = await api.commitImport({ text: seed, fileName: 'hf-daily-papers-page.txt' });
    expect(result).toMatchObject({ added: 29, merged: 0, searchable: true });
    const digests = await api.listDigests({});
    expect(digests).toEqual([
      expect.objectContaining({ id: result.digestId, name: 'Daily Papers 2026-01-08', date: '2026-01-08', format: 'hf-text', sourceName: 'hf-daily-papers-page.txt', paperCount: 29, unreadCount: 29 }),
    ]);
    // The raw text is kept byte for byte.
    expect(core.db.prepare('SELECT raw FROM digest').pluck().get()).toBe(seed);

    const page = await api.listPapers({ limit: 100 });
    expect(page.total).toBe(29);
    // Default order: the digest's own order.
    expect(page.rows[0]!.title).toBe('Insights into a radiology-specialised multimodal large language model with sparse autoencoders');
    expect(page.rows[28]!.title).toBe('Improving Tool Retrieval by Leveraging Large Language Models for Query Generation');

    const p = await api.getPaper({ ref: String(page.rows[1]!.id) });
    expect(p).toMatchObject({
      title: 'PrefPalette: Personalized Preference Modeling with Latent Attributes',
      authors: null,
      authorCount: 10,
      published: '2025-07-17',
      upvotes: 1,
      status: 'unread',
      pdf: 'none',
      arxivId: null,
      digests: [{ id: result.digestId, name: 'Daily Papers 2026-01-08', date: '2026-01-08', rank: 2, upvotes: 1 }],
    });
  });

  it('imports the same file again without adding anything, and keeps statuses', async () => {
    const { core, api } = fresh();
    await api.commitImport({ text: seed, fileName: 'a.txt' });
    const ids = (await api.listPapers({ limit: 3 })).rows.map((r) => String(r.id));
    await api.markPapers({ papers: { refs: ids }, status: 'read' });
    const before = snapshot(core);

    const again = await api.previewImport({ text: seed, fileName: 'a.txt' });
    expect(again).toMatchObject({ found: 29, new: 0, existing: 29 });
    expect(again.alreadyImported).not.toBeNull();
    const r = await api.commitImport({ text: seed, fileName: 'a.txt' });
    expect(r).toMatchObject({ added: 0, merged: 0 });
    expect(snapshot(core)).toEqual(before);
    expect((await api.listPapers({ statuses: ['read'], limit: 10 })).total).toBe(3);
  });

  it('links a second digest to the papers it shares, never touching the status', async () => {
    const { api } = fresh();
    await api.commitImport({ text: seed, fileName: 'a.txt' });
    const first = (await api.listPapers({ limit: 1 })).rows[0]!;
    await api.markPapers({ papers: { refs: [String(first.id)] }, status: 'reading' });
    // Another day's page that repeats the first paper, with more upvotes, plus one new paper.
    const other = `Daily Papers\n\nJan 9\n\n${first.title}\n\nAbstract again.\n\n  • 6 authors\n·\nJul 17, 2025 7\n\nA New Paper\n\nSomething new.\n\n  • 2 authors\n·\nJan 2, 2026\n`;
    const r = await api.commitImport({ text: other, fileName: 'b.txt' });
    expect(r).toMatchObject({ found: 2, new: 1, existing: 1, added: 1, merged: 1 });
    const p = await api.getPaper({ ref: String(first.id) });
    expect(p.status).toBe('reading');
    expect(p.upvotes).toBe(7);
    expect(p.abstract).toMatch(/^Interpretability can improve/); // the fuller abstract is kept
    expect(p.digests.map((d) => [d.name, d.rank, d.upvotes])).toEqual([
      ['Daily Papers 2026-01-08', 1, 0],
      ['Daily Papers 2026-01-09', 1, 7],
    ]);
    expect((await api.listPapers({ limit: 1 })).total).toBe(30);
  });

  it.each([
    ['the file cut in half', seed.slice(0, Math.floor(seed.length / 2)), /the text ends inside an entry/],
    ['an empty file', '', /is empty/],
    ['a file of blanks', '\n  \n\t\n', /is empty/],
    ['a binary file', String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13) + 'IHDR', /binary data/],
    ['text in no known format', 'Dear colleague,\nplease find attached the minutes.\n', /not a digest Lectern can read/],
  ])('refuses %s with a clear error and leaves the library as it was', async (_name, text, message) => {
    const { core, api } = fresh();
    await api.commitImport({ text: seed, fileName: 'a.txt' });
    await api.markPapers({ papers: { refs: ['1', '2'] }, status: 'read' });
    const before = snapshot(core);
    for (const call of [api.previewImport, api.commitImport]) {
      const err = await rejection(call({ text, fileName: 'bad.txt' }));
      expect(err.code).toBe('UNREADABLE');
      expect(err.message).toMatch(message);
      expect(err.message).toMatch(/bad\.txt/);
    }
    expect(snapshot(core)).toEqual(before);
  });

  it('makes imported papers searchable over title, abstract and authors', async () => {
    const { api } = fresh();
    await api.commitImport({ text: seed, fileName: 'a.txt' });
    const titles = async (search: string) => (await api.listPapers({ search, limit: 100 })).rows.map((r) => r.title);
    expect(await titles('PrefPalette')).toEqual(['PrefPalette: Personalized Preference Modeling with Latent Attributes']);
    expect(await titles('pacemaker')).toEqual(['Insights into a radiology-specialised multimodal large language model with sparse autoencoders']);
    expect((await titles('interpretab')).length).toBe(12); // prefix of the last word
    // FTS syntax typed into the box is inert: words are quoted.
    expect(await titles('"; DROP TABLE paper; --')).toEqual([]);
    expect(await titles('NEAR(title abstract)')).toEqual([]);
    expect((await api.listPapers({ search: 'interpretability', statuses: ['read'], limit: 10 })).total).toBe(0);
  });

  it('sorts and filters in SQL', async () => {
    const { api } = fresh();
    await api.commitImport({ text: seed, fileName: 'a.txt' });
    const byDate = await api.listPapers({ sort: 'published', desc: false, limit: 3 });
    expect(byDate.rows.map((r) => r.published)).toEqual(['2020-08-25', '2021-02-03', '2022-05-09']);
    const byVotes = await api.listPapers({ sort: 'upvotes', desc: true, limit: 4 });
    expect(byVotes.rows.map((r) => r.upvotes)).toEqual([2, 2, 2, 1]);
    await api.markPapers({ papers: { refs: ['3', '4'] }, status: 'reading' });
    const reading = await api.listPapers({ statuses: ['reading'], limit: 10 });
    expect(reading.rows.map((r) => r.id).sort()).toEqual([3, 4]);
    const window = await api.listPapers({ offset: 25, limit: 10 });
    expect(window).toMatchObject({ total: 29, offset: 25 });
    expect(window.rows).toHaveLength(4);
  });

  it('marks by id and by arXiv id, all or nothing', async () => {
    const { core, api } = fresh();
    await api.commitImport({ text: seed, fileName: 'a.txt' });
    core.db.prepare("UPDATE paper SET arxiv_id = '2507.12950' WHERE id = 5").run();
    const r = await api.markPapers({ papers: { refs: ['arXiv:2507.12950v2', '6'] }, status: 'read' });
    expect(r).toMatchObject({ selected: 2, changed: 2, label: 'Marked 2 papers read' });
    const p = await api.getPaper({ ref: '2507.12950' });
    expect(p.status).toBe('read');
    expect(p.readAt).toBe('2026-11-25T12:00:00.000Z');
    const before = snapshot(core);
    const err = await rejection(api.markPapers({ papers: { refs: ['7', '9999.99999'] }, status: 'read' }));
    expect(err.code).toBe('NOT_FOUND');
    expect(snapshot(core)).toEqual(before);
  });

  it('refuses input the contract does not allow', async () => {
    const { api } = fresh();
    const err = await rejection(api.markPapers({ papers: { refs: ['1'] }, status: 'done' as never }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toMatch(/markPapers at status/);
  });

  it('keeps the library readable by a second process while the first is open', async () => {
    const a = fresh();
    await a.api.commitImport({ text: seed, fileName: 'a.txt' });
    const { createCore } = await import('../../src/main/core/service');
    const b = createCore({ dataDir: a.dir });
    open.push(b);
    const rev = b.handlers.revision({}) as { revision: number };
    await a.api.markPapers({ papers: { refs: ['1'] }, status: 'read' });
    expect((b.handlers.revision({}) as { revision: number }).revision).toBe(rev.revision + 1);
    expect(fs.existsSync(`${a.dir}/lectern.sqlite-wal`)).toBe(true);
  });
});
