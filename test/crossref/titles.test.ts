import { afterEach, describe, expect, it } from 'vitest';
import { webCore } from '../helpers/web-core';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

const BIB = `@article{herdman,
  title = {Particle entanglement in continuum many-body systems via quantum {Monte Carlo}},
  author = {Herdman, C. M. and Roy, P.-N. and Melko, R. G. and Del Maestro, A.},
  year = {2014}
}
@article{perkins,
  title = {After the games are over: life-history trade-offs drive dispersal attenuation following range expansion},
  year = {2016}
}
@article{loose,
  title = {Leveraging Uncertainty Quantification to Design Ocean Climate Observing Systems},
  author = {Loose, Nora and Heimbach, Patrick}
}
@article{nothing,
  title = {Zymurgy of quiescent marmalades under lunar gravity}
}
`;

describe('title-only entries of a non-arXiv digest, looked up on Crossref', () => {
  it('takes a sure match (the journal version over its preprint), asks about two works of one title, says when there is none', async () => {
    const t = await webCore();
    close = t.close;
    await t.api.commitImport({ text: BIB, fileName: 'refs.bib' });
    await t.api.queueResolve({ papers: { query: {} } });
    await t.run('resolve');
    // Not one request to arXiv: these came from a BibTeX, not an arXiv digest.
    expect(t.fake.requests).toHaveLength(0);
    expect(t.web.log.filter((l) => l.host === 'crossref' && l.path.startsWith('/works?query.bibliographic='))).toHaveLength(4);

    const prb = await t.api.getPaper({ ref: '10.1103/physrevb.89.140501' });
    expect(prb).toMatchObject({ resolveState: 'matched', venue: 'Physical Review B', publishedIn: { venue: 'Physical Review B', year: 2014 } });
    const ece = await t.api.getPaper({ ref: '10.1002/ece3.2314' });
    expect(ece).toMatchObject({ resolveState: 'matched', preprint: { id: '10.1101/014852' } });

    const review = await t.api.reviewList({ limit: 10 });
    expect(review.total).toBe(1);
    const item = review.items[0]!;
    expect(item.note).toBe('2 Crossref works have this title; pick the right one.');
    expect(item.candidates.map((c) => [c.source, c.arxivId])).toEqual(
      expect.arrayContaining([
        ['crossref', 'doi:10.1002/essoar.10504562.1'],
        ['crossref', 'doi:10.1002/essoar.10504562.2'],
      ]),
    );
    const picked = await t.api.chooseCandidate({ ref: String(item.paperId), arxivId: 'doi:10.1002/essoar.10504562.1' });
    expect(picked.paper).toMatchObject({ resolveState: 'chosen', preprint: { id: '10.1002/essoar.10504562.1' } });
    // The pick named its published version: that DOI is looked up next.
    await t.run('resolve');
    expect((await t.api.getPaper({ ref: '10.1029/2020ms002386' })).id).toBe(item.paperId);

    const none = (await t.api.listPapers({ limit: 10, title: 'marmalades' })).rows[0]!;
    expect(await t.api.getPaper({ ref: String(none.id) })).toMatchObject({ resolveState: 'unmatched', resolveNote: 'Crossref has no work with a similar title.', doi: null });
  });
});
