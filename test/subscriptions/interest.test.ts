import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readText, testCore } from '../helpers/core';
import { CORPUS, ROOT, SEED_DIGEST } from '../helpers/paths';

const OAI = path.join(CORPUS, 'arxiv-atom', 'oai-pmh-2016-listrecords-cs-final-page.xml');

/** A library of the real OAI-PMH page; the reader reads the quant-ph papers among the oldest 200 and skips the rest. */
async function library(extra = {}) {
  const t = testCore('2016-03-09T12:00:00Z', undefined, extra);
  await t.api.commitImport({ text: readText(OAI), fileName: 'oai.xml' });
  const first = t.core.db.prepare('SELECT id, categories FROM paper ORDER BY published, id LIMIT 200').all() as { id: number; categories: string }[];
  const liked = first.filter((p) => p.categories.includes('quant-ph')).map((p) => p.id);
  const skipped = first.filter((p) => !p.categories.includes('quant-ph')).map((p) => p.id);
  return { ...t, liked, skipped };
}

describe('the interest model in the library', () => {
  it('falls back to upvotes, then date, and says so, until there are 10 of each signal; then ranks with reasons', async () => {
    const { api, core, liked, skipped } = await library();
    expect(liked.length).toBeGreaterThanOrEqual(10);
    expect(skipped.length).toBeGreaterThanOrEqual(10);

    await api.markPapers({ papers: { refs: liked.slice(0, 3).map(String) }, status: 'read' });
    let st = await api.refreshInterest({});
    expect(st).toMatchObject({ state: 'learning', positives: 3, negatives: 0 });
    expect(st.reason).toContain('Ordered by upvotes, then date, until Lectern has learned from 10 papers you read');
    const fallback = await api.listPapers({ statuses: ['unread'], sort: 'interest', limit: 5 });
    const dates = fallback.rows.map((r) => r.published!);
    expect(dates).toEqual([...dates].sort().reverse()); // no upvotes in OAI-PMH: the newest first
    expect(fallback.rows.every((r) => r.interest === null)).toBe(true);
    expect((await api.explainInterest({ id: fallback.rows[0]!.id })).reason).toBe(st.reason);

    await api.markPapers({ papers: { refs: liked.slice(3).map(String) }, status: 'read' });
    await api.skipPapers({ ids: skipped });
    st = await api.refreshInterest({});
    expect(st).toMatchObject({ state: 'ready', positives: liked.length, negatives: skipped.length });
    expect(st.reason).toContain('nothing leaves it');

    const ranked = await api.listPapers({ statuses: ['unread'], sort: 'interest', limit: 20 });
    const cats = (id: number) => (core.db.prepare('SELECT categories FROM paper WHERE id = ?').pluck().get(id) as string).includes('quant-ph');
    expect(ranked.rows.filter((r) => cats(r.id)).length).toBeGreaterThanOrEqual(18);
    const top = ranked.rows[0]!;
    expect(top.interest).toBeGreaterThan(0.5);
    expect(top.because.length).toBeGreaterThan(0);
    for (const id of top.because) expect(liked).toContain(id);
    const why = await api.explainInterest({ id: top.id });
    expect(why.because[0]!.id).toBe(top.because[0]);
    expect(why.reason).toMatch(/^\d+% for you; like: “/);
    // The paper's JSON says the same.
    const paper = await api.getPaper({ ref: String(top.id) });
    expect(paper).toMatchObject({ interest: top.interest, because: top.because });
    // A read paper carries no score.
    expect(await api.getPaper({ ref: String(liked[0]) })).toMatchObject({ interest: null, because: [] });

    // Papers arriving later are scored without training again.
    const bottom = (await api.listPapers({ statuses: ['unread'], sort: 'interest', desc: true, limit: 1 })).rows[0]!;
    expect(bottom.interest!).toBeLessThan(top.interest!);

    // A skip can be taken back; turning the model off orders by upvotes, then date again.
    expect((await api.skipPapers({ ids: [skipped[0]!], undo: true })).changed).toBe(1);
    await api.setSubscriptionSettings({ interestEnabled: false });
    st = await api.refreshInterest({});
    expect(st.state).toBe('off');
    expect((await api.listPapers({ statuses: ['unread'], sort: 'interest', limit: 3 })).rows.every((r) => r.interest === null)).toBe(true);
    core.close();
  });

  it('trains and scores in its worker thread when the built file is given', async () => {
    const file = path.join(ROOT, 'out', 'main', 'interest-worker.js');
    if (!fs.existsSync(file)) throw new Error('The interest worker is not built: run `npm run build` first (npm test does).');
    const { api, core, liked, skipped } = await library({ interestWorkerFile: file });
    await api.markPapers({ papers: { refs: liked.map(String) }, status: 'read' });
    await api.skipPapers({ ids: skipped });
    const st = await api.refreshInterest({});
    expect(st.state).toBe('ready');
    const top = (await api.listPapers({ statuses: ['unread'], sort: 'interest', limit: 1 })).rows[0]!;
    expect(top.interest).toBeGreaterThan(0.5);
    core.close();
  });

  it('a removal of unread papers is a "no"; the seed digest (no arXiv metadata yet) is ranked too', async () => {
    const { api, core } = testCore();
    await api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    const r = await api.removePapers({ papers: { ids: [1, 2] } });
    expect(r.changed).toBe(2);
    const st = await api.refreshInterest({});
    expect(st).toMatchObject({ state: 'learning', negatives: 2, positives: 0 });
    expect(core.db.prepare("SELECT count(*) FROM paper WHERE status = 'unread' AND interest_rank IS NULL").pluck().get()).toBe(0);
    core.close();
  });
});

describe('highlights as signals', () => {
  it('a paper the user highlighted is a "yes", once the reader keeps annotations (not those read from the PDF, nor deleted ones)', async () => {
    const { api, core } = testCore();
    await api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    // The shape of the reader's annotation table (its own migration adds it).
    core.db.exec(`CREATE TABLE IF NOT EXISTS annotation (id INTEGER PRIMARY KEY, paper_id INTEGER NOT NULL REFERENCES paper(id) ON DELETE CASCADE,
      source TEXT NOT NULL DEFAULT 'lectern', removed_at TEXT)`);
    const full = core.db.prepare("SELECT 1 FROM pragma_table_info('annotation') WHERE name = 'type'").get(); // the reader's own table
    const extra = full ? ", type, color, created_at, modified_at" : '';
    const vals = full ? ", 'highlight', 'yellow', '2026-01-01', '2026-01-01'" : '';
    for (const [id, source, removed] of [[1, 'lectern', null], [2, 'pdf', null], [3, 'lectern', '2026-01-01']] as const) {
      core.db.prepare(`INSERT INTO annotation (paper_id, source, removed_at${extra}) VALUES (?, ?, ?${vals})`).run(id, source, removed);
    }
    expect((await api.refreshInterest({})).positives).toBe(1);
    core.close();
  });
});
