import { afterEach, describe, expect, it } from 'vitest';
import { addPapers, arxivCore } from '../helpers/arxiv-core';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

const REAL = { id: '2512.22630', title: 'On the Role of Discreteness in Diffusion LLMs', authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper'], published: '2025-12-27' };

describe('a title the importer made up from the id', () => {
  it('is replaced by the real one when the paper is resolved: library, search, table and reader', async () => {
    const t = await arxivCore({ papers: [REAL] });
    close = t.close;
    const imp = await t.api.commitImport({ text: 'Read this: https://arxiv.org/abs/2512.22630\n', fileName: 'note.txt' });
    expect(imp.added).toBe(1);
    const before = await t.api.getPaper({ ref: '2512.22630' });
    expect(before).toMatchObject({ title: 'arXiv:2512.22630', authors: null });

    expect(await t.api.queueResolve({ papers: { query: {} } })).toEqual({ queued: 1, skipped: 0 });
    await t.run('resolve');
    const p = await t.api.getPaper({ ref: '2512.22630' });
    expect(p).toMatchObject({ title: REAL.title, authors: REAL.authors, resolveState: 'enriched' });
    expect((await t.api.listPapers({ digestIds: [imp.digestId], limit: 10 })).rows.map((r) => r.title)).toEqual([REAL.title]);
    expect((await t.api.listPapers({ search: 'discreteness', limit: 10 })).rows.map((r) => r.id)).toEqual([p.id]);
    expect((await t.api.readingState({ ref: String(p.id) })).title).toBe(REAL.title);

    // The real title is now the paper's match key: the same paper by title alone is not a second one.
    const again = await t.api.commitImport({ text: `@article{x, title = {${REAL.title}}, author = {Lovelace, Ada}}\n`, fileName: 'colleague.bib' });
    expect(again).toMatchObject({ added: 0, merged: 1 });
  });

  it('never replaces a title a digest gave, even when arXiv calls the paper otherwise', async () => {
    const t = await arxivCore({ papers: [REAL, { id: '2401.00002', title: 'arXiv says this', authors: ['A B'], published: '2024-01-02' }] });
    close = t.close;
    // A digest's own title, and a title that only looks like an id but is another paper's.
    const [given, other] = addPapers(t.core.db, [
      { arxivId: REAL.id, title: 'Discreteness in diffusion language models (workshop version)' },
      { arxivId: '2401.00002', title: 'arXiv:2512.22630' },
    ]);
    await t.api.queueResolve({ papers: { query: {} } });
    await t.run('resolve');
    expect((await t.api.getPaper({ ref: String(given) })).title).toBe('Discreteness in diffusion language models (workshop version)');
    expect((await t.api.getPaper({ ref: String(other) })).title).toBe('arXiv:2512.22630');
  });

  it('is filled by a later digest that gives the title, which otherwise only fills gaps', async () => {
    const t = await arxivCore({ papers: [] });
    close = t.close;
    await t.api.commitImport({ text: 'Two links:\n- https://arxiv.org/abs/2512.22630v2\n- https://doi.org/10.1145/3580305.3599256\n', fileName: 'links.txt' });
    expect((await t.api.listPapers({ limit: 10, sort: 'title' })).rows.map((r) => r.title)).toEqual(['arXiv:2512.22630', 'doi:10.1145/3580305.3599256']);
    const bib = `@article{a, title = {${REAL.title}}, eprint = {2512.22630}, archiveprefix = {arXiv}, author = {Lovelace, Ada}}
@inproceedings{b, title = {Knowledge Graphs in Practice}, doi = {10.1145/3580305.3599256}}
`;
    expect(await t.api.commitImport({ text: bib, fileName: 'refs.bib' })).toMatchObject({ added: 0, merged: 2 });
    expect((await t.api.listPapers({ limit: 10, sort: 'title' })).rows.map((r) => r.title)).toEqual(['Knowledge Graphs in Practice', REAL.title]);
    // A title that is real stays, whatever a later digest calls the paper.
    await t.api.commitImport({ text: bib.replace(REAL.title, 'Another Name'), fileName: 'refs2.bib' });
    expect((await t.api.getPaper({ ref: '2512.22630' })).title).toBe(REAL.title);
  });

  it('is not searched for on arXiv: a paper known only by its DOI is looked up on Crossref instead', async () => {
    const t = await arxivCore({ papers: [REAL] });
    close = t.close;
    await t.api.commitImport({ text: 'Two links:\n- https://arxiv.org/abs/2512.22630\n- https://doi.org/10.1145/3580305.3599256\n', fileName: 'links.txt' });
    expect(await t.api.queueResolve({ papers: { query: {} } })).toMatchObject({ queued: 2 });
    await t.run('resolve');
    // The stand-in's Crossref does not know it (the Crossref tests have one that does).
    expect(await t.api.getPaper({ ref: '10.1145/3580305.3599256' })).toMatchObject({
      title: 'doi:10.1145/3580305.3599256',
      resolveState: 'unmatched',
      resolveNote: 'Crossref does not know the DOI 10.1145/3580305.3599256.',
    });
    // One id_list request for the arXiv link; no title search.
    expect(t.fake.requests.map((r) => decodeURIComponent(r.path).replace(/&.*/, ''))).toEqual(['/api/query?id_list=2512.22630']);
  });
});
