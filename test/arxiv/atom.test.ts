import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArxivFeedError, parseArxivFeed } from '../../src/main/core/arxiv/atom';
import { startFakeArxiv } from '../helpers/arxiv-server';
import { CORPUS } from '../helpers/paths';

const atom = (f: string) => fs.readFileSync(path.join(CORPUS, 'arxiv-atom', f), 'utf8');

describe("arXiv API Atom", () => {
  it('reads the 2016 format: per-element namespaces, hard-wrapped titles, the DOI twice', () => {
    const feed = parseArxivFeed(atom('api-2016-id_list-1111.2011v2.xml'));
    expect(feed.totalResults).toBe(1);
    expect(feed.entries[0]).toMatchObject({
      arxivId: '1111.2011',
      version: 2,
      title: 'Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit',
      authors: ['James M. Murray', 'Adrian Del Maestro', 'Zlatko Tesanovic'],
      published: '2011-11-08',
      categories: ['cond-mat.str-el', 'cond-mat.stat-mech'],
      doi: '10.1103/physrevb.85.115117',
      pdfUrl: 'http://arxiv.org/pdf/1111.2011v2',
    });
    expect(feed.entries[0]!.abstract).toMatch(/^Theoretical description of anisotropic systems, such as layered superconductors/);
  });

  it('reads the 2026 format with an old-style id, and a search of 10 entries', () => {
    const e = parseArxivFeed(atom('api-2026-id_list-astro-ph-0601001-oldstyle-id.xml')).entries[0]!;
    expect(e).toMatchObject({ arxivId: 'astro-ph/0601001', version: 1, published: '2006-01-02', doi: null, primaryCategory: 'astro-ph' });
    expect(e.authors).toEqual(['Andrew Gould', 'Susan Dorsher', 'B. Scott Gaudi', 'Andrzej Udalski']);
    expect(e.abstract).toContain('Gould & Morgan (2003)');
    const search = parseArxivFeed(atom('api-2016-search-au-del_maestro.xml'));
    expect(search.totalResults).toBe(31);
    expect(search.entries).toHaveLength(10);
    expect(search.entries.every((x) => x.authors.some((a) => a.includes('Del Maestro')))).toBe(true);
  });

  it("treats the API's error feed as an error, not as a paper", () => {
    expect(() => parseArxivFeed(atom('api-2026-error-entry-id_list-abc.xml'))).toThrow(ArxivFeedError);
    expect(() => parseArxivFeed(atom('api-2026-error-entry-id_list-abc.xml'))).toThrow(/incorrect id format for abc/);
    expect(() => parseArxivFeed('<html><body>Service unavailable</body></html>')).toThrow(/not an Atom feed/);
    expect(() => parseArxivFeed('<feed><entry>')).toThrow(/not valid XML/);
  });

  it('reads what the test server sends, in both formats, the same way', async () => {
    for (const format of ['new', 'old'] as const) {
      const fake = await startFakeArxiv({
        format,
        papers: [{ id: '2507.12963', version: 2, title: 'A Title with\n  a Wrap & an Ampersand', authors: ['Ada Lovelace', 'Émilie du Châtelet'], published: '2025-07-17', doi: '10.1103/PhysRevB.85.115117', categories: ['cs.CL', 'cs.AI'] }],
      });
      const text = await (await fetch(`${fake.apiUrl}?id_list=2507.12963&max_results=1`)).text();
      expect(parseArxivFeed(text).entries[0]).toMatchObject({
        arxivId: '2507.12963',
        version: 2,
        title: 'A Title with a Wrap & an Ampersand',
        authors: ['Ada Lovelace', 'Émilie du Châtelet'],
        doi: '10.1103/physrevb.85.115117',
        categories: ['cs.CL', 'cs.AI'],
      });
      const bad = await fetch(`${fake.apiUrl}?id_list=abc`);
      expect(bad.status).toBe(400);
      const awaitText = await bad.text();
      expect(() => parseArxivFeed(awaitText)).toThrow(/incorrect id format for abc/);
      await fake.close();
    }
  });
});
