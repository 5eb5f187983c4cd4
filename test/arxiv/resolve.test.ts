import { afterEach, describe, expect, it } from 'vitest';
import { addPapers, arxivCore } from '../helpers/arxiv-core';
import { AMBIGUOUS, DECOY_IDS, seedArxivPapers, SEED_IDS } from '../helpers/arxiv-seed';
import { readText } from '../helpers/core';
import { SEED_DIGEST } from '../helpers/paths';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

async function seeded(format: 'new' | 'old' = 'new') {
  const t = await arxivCore({ papers: seedArxivPapers(), format });
  close = t.close;
  const imp = await t.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'hf-daily-papers-page.txt' });
  expect(imp.added).toBe(29);
  const ids = (await t.api.listPapers({ digestIds: [imp.digestId], limit: 100 })).rows.map((r) => r.id).sort((a, b) => a - b);
  return { ...t, digestId: imp.digestId, ids };
}

describe('resolving the seed digest on arXiv', () => {
  it('gets the right id for every sure title and leaves the ambiguous ones to the user', async () => {
    const t = await seeded();
    const q = await t.api.queueResolve({ papers: { query: { digestIds: [t.digestId] } } });
    expect(q).toEqual({ queued: 29, skipped: 0 });
    expect(await t.run('resolve')).toEqual({ blocked: null, stopped: false });

    for (const [i, id] of t.ids.entries()) {
      const p = await t.api.getPaper({ ref: String(id) });
      if (AMBIGUOUS.includes(i)) {
        expect(p.arxivId, p.title).toBeNull();
        expect(p.resolveState).toBe('review');
        expect(p.resolveNote).toMatch(/2 arXiv papers have this title; pick the right one/);
      } else {
        expect(p.arxivId, p.title).toBe(SEED_IDS[i]);
        expect(p.resolveState).toBe('matched');
        // Filled from arXiv: full names in order, categories, version; the title stays the page's.
        expect(p.authors).toHaveLength(i === 26 ? 18 : p.authorCount!);
        expect(p.categories!.length).toBeGreaterThan(0);
        expect(p.arxivVersion).toBe(1 + (i % 3));
      }
    }
    const mf2 = await t.api.getPaper({ ref: SEED_IDS[13]! });
    expect(mf2.title).toBe('Movie Facts and Fibs (MF^2): A Benchmark for Long Movie Understanding');
    expect((await t.api.getPaper({ ref: SEED_IDS[0]! })).doi).toBe(`10.48550/arxiv.${SEED_IDS[0]}`);

    const review = await t.api.reviewList({});
    expect(review.total).toBe(2);
    const byPaper = new Map(review.items.map((it) => [it.paperId, it]));
    for (const i of AMBIGUOUS) {
      const item = byPaper.get(t.ids[i]!)!;
      expect(item.candidates.map((c) => c.arxivId).sort()).toEqual([SEED_IDS[i], DECOY_IDS[i]].sort());
      expect(item.candidates[0]!.why).toMatch(/the same title/);
    }
    // #6's title is shared with an older, smaller paper: told apart by authors and date.
    expect((await t.api.getPaper({ ref: String(t.ids[6]) })).arxivId).toBe(SEED_IDS[6]);

    const list = await t.api.listPapers({ needsReview: true, limit: 100 });
    expect(list.total).toBe(2);
    expect(list.rows.every((r) => r.resolveState === 'review')).toBe(true);
  });

  it('applies the pick, refuses a stranger, and re-queues the download that waited for it', async () => {
    const t = await seeded();
    const q = await t.api.queueDownloads({ papers: { query: { digestIds: [t.digestId] } } });
    expect(q).toMatchObject({ queued: 29, needResolving: 29 });
    await t.run();
    let st = await t.api.workStatus({});
    // The two waiting for a review left the batch: the bar read 27 of 27 at the end.
    expect(st.download).toMatchObject({ downloaded: 27, waitingReview: 2, queued: 0, failed: 0, batchDone: 27, batchTotal: 27 });
    const [a, b] = AMBIGUOUS.map((i) => t.ids[i]!);
    expect((await t.api.listPapers({ pdfStates: ['queued'], limit: 100 })).rows.map((r) => [r.id, r.pdfNote])).toEqual(
      [a, b].map((id) => [id, 'Waiting for you to pick its arXiv match']),
    );

    await expect(t.api.chooseCandidate({ ref: String(a), arxivId: '2401.00001' })).rejects.toThrow(/not one of this paper's candidates/);
    const picked = await t.api.chooseCandidate({ ref: String(a), arxivId: `${SEED_IDS[AMBIGUOUS[0]!]}v1` });
    expect(picked.requeued).toBe(true);
    expect(picked.paper).toMatchObject({ arxivId: SEED_IDS[AMBIGUOUS[0]!], resolveState: 'chosen', pdf: 'queued' });
    const none = await t.api.chooseCandidate({ ref: String(b), arxivId: null });
    expect(none.paper).toMatchObject({ arxivId: null, resolveState: 'unmatched', pdf: 'failed', pdfNote: 'Not on arXiv: you said none of the candidates is this paper.' });

    await t.run();
    st = await t.api.workStatus({});
    // The pick started a batch of its own on the idle queue.
    expect(st.download).toMatchObject({ downloaded: 28, waitingReview: 0, queued: 0, failed: 1, batchDone: 1, batchTotal: 1 });
    expect(st.resolve).toEqual({ queued: 0, review: 0 });
    expect((await t.api.getPaper({ ref: String(a) })).pdfPath).toBe(`pdfs/${SEED_IDS[AMBIGUOUS[0]!]}.pdf`);

    // "Download the digest" again leaves out what you said is not on arXiv; naming it tries again.
    expect(await t.api.queueDownloads({ papers: { query: { digestIds: [t.digestId] } }, retryFailed: true })).toMatchObject({ queued: 0, notOnArxiv: 1 });
    const named = await t.api.queueDownloads({ papers: { refs: [String(b)] } });
    expect(named).toMatchObject({ queued: 1, notOnArxiv: 0, needResolving: 1 });
    expect((await t.api.getPaper({ ref: String(b) })).resolveState).toBe('queued');
  });

  it('reads arXiv answers in the 2016 format the same way', async () => {
    const t = await seeded('old');
    await t.api.queueResolve({ papers: { refs: [String(t.ids[2]), String(t.ids[13])] } });
    await t.run('resolve');
    expect((await t.api.getPaper({ ref: String(t.ids[2]) })).arxivId).toBe(SEED_IDS[2]);
    expect((await t.api.getPaper({ ref: String(t.ids[13]) })).arxivId).toBe(SEED_IDS[13]);
  });

  it('says "not found" rather than guessing when arXiv has nothing close', async () => {
    const t = await seeded();
    const [id] = addPapers(t.core.db, [{ title: 'A Paper That Exists Nowhere on arXiv at All', authorCount: 3, published: '2025-01-01' }]);
    await t.api.queueResolve({ papers: { refs: [String(id)] } });
    await t.run('resolve');
    const p = await t.api.getPaper({ ref: String(id) });
    expect(p).toMatchObject({ arxivId: null, resolveState: 'unmatched', resolveNote: 'arXiv has no paper with a similar title.' });
    // Both searches were tried, and nothing else.
    expect(t.fake.requests).toHaveLength(2);
  });

  it('enriches known ids in batches with id_list: full names in order, categories, DOI, version', async () => {
    const t = await arxivCore({ papers: seedArxivPapers() });
    close = t.close;
    const ids = addPapers(t.core.db, SEED_IDS.slice(0, 5).map((id) => ({ arxivId: id, title: `Title of ${id}` })).concat([{ arxivId: '2401.99999', title: 'Unknown to arXiv' }]));
    const q = await t.api.queueResolve({ papers: { query: {} } });
    expect(q.queued).toBe(6);
    await t.run('resolve');
    expect(t.fake.requests).toHaveLength(1);
    expect(decodeURIComponent(t.fake.requests[0]!.path)).toMatch(/id_list=2507\.12963,2507\.13541,2508\.17924,2502\.11336,2509\.25045,2401\.99999&/);
    const p = await t.api.getPaper({ ref: String(ids[0]) });
    expect(p).toMatchObject({ arxivId: '2507.12963', arxivVersion: 1, resolveState: 'enriched', title: 'Title of 2507.12963', doi: '10.48550/arxiv.2507.12963' });
    expect(p.authors).toEqual(seedArxivPapers()[0]!.authors);
    expect(p.categories).toEqual(['cs.CV', 'cs.CL']);
    expect(await t.api.getPaper({ ref: String(ids[5]) })).toMatchObject({ resolveState: 'unmatched', resolveNote: 'arXiv does not know 2401.99999.' });
    // Done is done: nothing is queued again without --force.
    expect(await t.api.queueResolve({ papers: { query: {} } })).toEqual({ queued: 0, skipped: 6 });
  });

  it('retries a failed API call with backoff, then gives up with the reason', async () => {
    const t = await seeded();
    t.fake.fault('api', { kind: 'status', status: 503, times: 2 });
    await t.api.queueResolve({ papers: { refs: [String(t.ids[1])] } });
    await t.run('resolve');
    expect((await t.api.getPaper({ ref: String(t.ids[1]) })).arxivId).toBe(SEED_IDS[1]);
    expect(t.fake.requests.map((r) => r.status)).toEqual([503, 503, 200]);

    t.fake.fault('api', { kind: 'status', status: 500 });
    await t.api.queueResolve({ papers: { refs: [String(t.ids[3])] } });
    await t.run('resolve');
    expect(await t.api.getPaper({ ref: String(t.ids[3]) })).toMatchObject({ arxivId: null, resolveState: 'failed', resolveNote: 'arXiv answered 500 (server error)' });
  });
});
