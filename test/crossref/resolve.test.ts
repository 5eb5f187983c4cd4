import { afterEach, describe, expect, it } from 'vitest';
import { webCore } from '../helpers/web-core';
import { RETRACTED_DOI } from '../helpers/crossref-server';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

const BIB = `@article{herdman2014, doi = {10.1103/PhysRevB.89.140501}}
@article{perkins2016, doi = {10.1002/ece3.2314}}
@article{sadasivan2012, doi = {10.1371/journal.pone.0033693}}
@article{unknown, doi = {10.9999/not.in.crossref}}
`;

/** arXiv's record of the PRB paper's preprint (a stand-in record naming the journal DOI, as arXiv's arxiv:doi does). */
const PREPRINT = {
  id: '1312.6177',
  version: 2,
  title: 'Particle entanglement in continuum many-body systems via quantum Monte Carlo',
  authors: ['C. M. Herdman', 'P.-N. Roy', 'R. G. Melko', 'A. Del Maestro'],
  published: '2013-12-20',
  doi: '10.1103/PhysRevB.89.140501',
};

describe('papers with a DOI, resolved through Crossref', () => {
  it('a BibTeX of DOIs only gets titles, names, venue, date, abstract and type; an unknown DOI says so', async () => {
    const t = await webCore();
    close = t.close;
    const imp = await t.api.commitImport({ text: BIB, fileName: 'dois.bib' });
    expect(imp.added).toBe(4);
    expect(await t.api.queueResolve({ papers: { query: {} } })).toEqual({ queued: 4, skipped: 0 });
    await t.run('resolve');
    const prb = await t.api.getPaper({ ref: '10.1103/physrevb.89.140501' });
    expect(prb).toMatchObject({
      title: 'Particle entanglement in continuum many-body systems via quantum Monte Carlo',
      authors: ['C. M. Herdman', 'P.-N. Roy', 'R. G. Melko', 'A. Del Maestro'],
      published: '2014-04-04',
      venue: 'Physical Review B',
      venueYear: 2014,
      workType: 'journal-article',
      publishedIn: { venue: 'Physical Review B', year: 2014, doi: '10.1103/physrevb.89.140501' },
      preprint: null,
      retracted: false,
      crossrefState: 'found',
      resolveState: 'enriched',
    });
    const ece = await t.api.getPaper({ ref: '10.1002/ece3.2314' });
    expect(ece.abstract).toMatch(/^Increased dispersal propensity often evolves/);
    // Its bioRxiv preprint is an alias: importing that DOI finds this paper.
    expect(ece.preprint).toEqual({ server: null, id: '10.1101/014852', version: null });
    expect((await t.api.getPaper({ ref: '10.1101/014852' })).id).toBe(ece.id);
    const unknown = await t.api.getPaper({ ref: '10.9999/not.in.crossref' });
    expect(unknown).toMatchObject({ title: 'doi:10.9999/not.in.crossref', crossrefState: 'missing', resolveState: 'unmatched', crossrefNote: 'Crossref does not know the DOI 10.9999/not.in.crossref.' });
    // The etiquette: the contact address in the User-Agent.
    expect(t.web.log.filter((l) => l.host === 'crossref').every((l) => l.userAgent.includes('mailto:reader@example.org'))).toBe(true);
  });

  it('a retraction notice marks the paper retracted, with its link; the filter finds it', async () => {
    const t = await webCore();
    close = t.close;
    await t.api.commitImport({ text: BIB, fileName: 'dois.bib' });
    await t.api.queueResolve({ papers: { query: {} } });
    await t.run('resolve');
    const p = await t.api.getPaper({ ref: RETRACTED_DOI });
    expect(p.retracted).toBe(true);
    expect(p.retraction).toMatchObject({ url: 'https://doi.org/10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda', date: '2012-05-08', label: 'Retraction' });
    const rows = (await t.api.listPapers({ limit: 10 })).rows;
    expect(rows.filter((r) => r.retracted).map((r) => r.id)).toEqual([p.id]);
    expect((await t.api.listPapers({ retracted: true, limit: 10 })).rows.map((r) => r.id)).toEqual([p.id]);
    expect((await t.api.listPapers({ retracted: false, limit: 10 })).total).toBe(3);
  });

  it('an arXiv preprint and its journal version become one paper, whichever is imported first', async () => {
    for (const order of ['arxiv-first', 'doi-first'] as const) {
      const t = await webCore({ papers: [PREPRINT] });
      const arxiv = () => t.api.commitImport({ text: 'Worth reading: https://arxiv.org/abs/1312.6177\n', fileName: 'chat.txt' });
      const doi = () => t.api.commitImport({ text: '@article{h, doi = {10.1103/PhysRevB.89.140501}}\n', fileName: 'journal.bib' });
      await (order === 'arxiv-first' ? arxiv() : doi());
      await t.api.queueResolve({ papers: { query: {} } });
      await t.run('resolve');
      await (order === 'arxiv-first' ? doi() : arxiv());
      await t.api.queueResolve({ papers: { query: {} } });
      await t.run('resolve');
      const all = (await t.api.listPapers({ limit: 10 })).rows;
      expect(all, order).toHaveLength(1);
      const p = await t.api.getPaper({ ref: '1312.6177' });
      expect(p, order).toMatchObject({
        arxivId: '1312.6177',
        arxivVersion: 2,
        doi: '10.1103/physrevb.89.140501',
        title: PREPRINT.title,
        publishedIn: { venue: 'Physical Review B', year: 2014 },
        preprint: { server: 'arXiv', id: '1312.6177', version: 2 },
      });
      expect(p.digests.map((d) => d.name).sort(), order).toHaveLength(2);
      expect((await t.api.getPaper({ ref: '10.1103/PhysRevB.89.140501' })).id).toBe(p.id);
      await t.close();
    }
  });

  it('a bioRxiv preprint and its journal version (has-preprint) become one paper', async () => {
    const t = await webCore();
    close = t.close;
    await t.api.commitImport({ text: '@misc{pre, doi = {10.1101/014852}}\n', fileName: 'preprint.bib' });
    await t.api.queueResolve({ papers: { query: {} } });
    await t.run('resolve');
    const pre = await t.api.getPaper({ ref: '10.1101/014852' });
    expect(pre).toMatchObject({ workType: 'posted-content', publishedIn: null, preprint: { server: 'bioRxiv', id: '10.1101/014852' } });
    await t.api.commitImport({ text: '@article{pub, doi = {10.1002/ece3.2314}}\n', fileName: 'journal.bib' });
    await t.api.queueResolve({ papers: { query: {} } });
    await t.run('resolve');
    expect((await t.api.listPapers({ limit: 10 })).total).toBe(1);
    const p = await t.api.getPaper({ ref: '10.1002/ece3.2314' });
    expect(p.id).toBe(pre.id);
    expect(p).toMatchObject({ publishedIn: { venue: 'Ecology and Evolution', year: 2016 }, preprint: { server: 'bioRxiv', id: '10.1101/014852' } });
    expect(p.digests).toHaveLength(2);
  });

  it('a preprint that names its published DOI (is-preprint-of) takes it, and importing that DOI finds it', async () => {
    const t = await webCore();
    close = t.close;
    await t.api.commitImport({ text: '@misc{pre, doi = {10.1002/essoar.10504562.1}}\n', fileName: 'preprint.bib' });
    await t.api.queueResolve({ papers: { query: {} } });
    await t.run('resolve');
    const p = await t.api.getPaper({ ref: '10.1002/essoar.10504562.1' });
    expect(p).toMatchObject({ title: 'Leveraging Uncertainty Quantification to Design Ocean Climate Observing Systems', doi: '10.1029/2020ms002386' });
    expect(p.preprint).toEqual({ server: 'Earth and Space Science Open Archive', id: '10.1002/essoar.10504562.1', version: null });
    const again = await t.api.commitImport({ text: '@article{pub, doi = {10.1029/2020MS002386}}\n', fileName: 'journal.bib' });
    expect(again).toMatchObject({ added: 0, merged: 1 });
  });

  it("backs off when Crossref answers 429, honouring its Retry-After, then goes on", async () => {
    const t = await webCore();
    close = t.close;
    t.web.faults.crossref429 = { times: 1, retryAfter: '1' };
    await t.api.commitImport({ text: '@article{h, doi = {10.1103/PhysRevB.89.140501}}\n', fileName: 'journal.bib' });
    await t.api.queueResolve({ papers: { query: {} } });
    await t.run('resolve');
    const cr = t.web.log.filter((l) => l.host === 'crossref');
    expect(cr.map((l) => l.status)).toEqual([429, 200]);
    expect(cr[1]!.at - cr[0]!.end).toBeGreaterThanOrEqual(950);
    expect(t.events.some((e) => e.type === 'retry')).toBe(true);
    expect((await t.api.getPaper({ ref: '10.1103/physrevb.89.140501' })).venue).toBe('Physical Review B');
  });
});
