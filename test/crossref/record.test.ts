import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCrossrefList, parseCrossrefWork } from '../../src/main/core/crossref/record';
import { readUnpaywall } from '../../src/main/core/oa/unpaywall';
import { citationPdfUrl } from '../../src/main/core/oa/landing';
import { CORPUS } from '../helpers/paths';
import { recordedWorks, RETRACTED_DOI } from '../helpers/crossref-server';

const cr = (f: string) => JSON.parse(fs.readFileSync(path.join(CORPUS, 'crossref-json', f), 'utf8'));
const up = (f: string) => JSON.parse(fs.readFileSync(path.join(CORPUS, 'unpaywall-json', f), 'utf8'));

describe("Crossref's records (corpus/crossref-json)", () => {
  it('a journal article: title, names, container, date, type; papis re-saved it indented, values are the same', () => {
    const w = parseCrossrefWork(cr('crossref-works-doi-2019-aps-prl-python-indent2.json'))!;
    expect(w).toMatchObject({
      doi: '10.1103/physrevb.89.140501',
      title: 'Particle entanglement in continuum many-body systems via quantum Monte Carlo',
      container: 'Physical Review B',
      published: '2014-04-04',
      type: 'journal-article',
      preprint: false,
      retraction: null,
      preprints: [],
      preprintOf: [],
    });
    expect(w.authors).toEqual(['C. M. Herdman', 'P.-N. Roy', 'R. G. Melko', 'A. Del Maestro']);
  });

  it("PLOS ONE's correction is not a retraction; the same record with type retraction is, with the notice's link", () => {
    const plos = parseCrossrefWork(cr('crossref-works-doi-2026-plos-one-updated-by-correction.json'))!;
    expect(plos).toMatchObject({ doi: RETRACTED_DOI, container: 'PLoS ONE', published: '2012-03-21', retraction: null });
    const retracted = parseCrossrefWork(recordedWorks().get(RETRACTED_DOI) as never)!;
    expect(retracted.retraction).toEqual({
      doi: '10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda',
      url: 'https://doi.org/10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda',
      date: '2012-05-08',
      label: 'Retraction',
    });
  });

  it('a search of 20 items: JATS titles and abstracts to text, a journal article with its bioRxiv preprint', () => {
    const items = parseCrossrefList(cr('crossref-works-query-2026-habanero-cassette-has-preprint.json'));
    expect(items).toHaveLength(20);
    expect(items.filter((w) => w.abstract).length).toBe(15);
    for (const w of items) expect(w.title).not.toMatch(/<|\n| {2}/);
    const journal = items.find((w) => w.doi === '10.1002/ece3.2314')!;
    expect(journal).toMatchObject({ container: 'Ecology and Evolution', type: 'journal-article', preprints: [{ kind: 'doi', value: '10.1101/014852' }] });
    expect(journal.abstract).toMatch(/^Increased dispersal propensity often evo/);
    const pre = items.find((w) => w.doi === '10.1101/014852')!;
    expect(pre).toMatchObject({ preprint: true, server: 'bioRxiv', container: 'bioRxiv', type: 'posted-content', preprintOf: [] });
    expect(items.find((w) => /role of AI in ecology/i.test(w.title))?.title).toBe('The role of AI in ecology’s computational carbon footprint');
    // Crossref's own JATS, spaces as it has them.
    expect(items.find((w) => /reebase/.test(w.title))?.title).toBe('Treebase: anRpackage for discovery, access and manipulation of online phylogenies');
  });

  it('an ESSOAr preprint that names its published version (is-preprint-of)', () => {
    const items = parseCrossrefList(cr('crossref-works-query-nsf-2022-rcrossref-cassette-is-preprint-of.json'));
    expect(items).toHaveLength(20);
    const v1 = items.find((w) => w.doi === '10.1002/essoar.10504562.1')!;
    expect(v1).toMatchObject({ preprint: true, server: 'Earth and Space Science Open Archive', preprintOf: [{ kind: 'doi', value: '10.1029/2020ms002386' }] });
  });
});

describe("Unpaywall's records (corpus/unpaywall-json)", () => {
  it('green through arXiv gives the arXiv id; the other repository copy is a PDF', () => {
    const u = readUnpaywall(up('unpaywall-v2-2017-green-arxiv-repository-copy.json'));
    expect(u).toMatchObject({ known: true, status: 'green', arxivId: 'gr-qc/9801069' });
    expect(u.copies.map((c) => [c.kind, c.url])).toEqual([
      ['pdf', 'https://cdr.lib.unc.edu/downloads/hm50v1675'],
      ['landing', 'https://doi.org/10.17615/qyzk-xf22'],
    ]);
  });

  it('bronze: the publisher PDF first, then its landing page; closed: no copy; the 404 body: not known', () => {
    const b = readUnpaywall(up('unpaywall-v2-2022-bronze-sici-doi-brackets-vcr-body.json'));
    expect(b.copies.map((c) => c.kind)).toEqual(['pdf', 'landing']);
    expect(b.copies[0]!.url).toBe('https://academic.oup.com/bioscience/article-pdf/55/10/851/26896247/55-10-851.pdf');
    expect(readUnpaywall(up('unpaywall-v2-closed-no-oa-locations.json'))).toEqual({ known: true, status: 'closed', arxivId: null, copies: [] });
    expect(readUnpaywall(up('unpaywall-v2-2023-http404-error-body-vcr.json')).known).toBe(false);
  });
});

describe('a landing page', () => {
  it("names its PDF in citation_pdf_url (any attribute order and quotes, relative to the page), or nothing", () => {
    expect(citationPdfUrl('<head><meta content="/a/b.pdf" name="citation_pdf_url"/></head>', 'https://pub.example/article/1')).toBe('https://pub.example/a/b.pdf');
    expect(citationPdfUrl("<meta name='citation_pdf_url' content='https://x.example/p.pdf?x=1&amp;y=2'>", 'https://pub.example/')).toBe('https://x.example/p.pdf?x=1&y=2');
    expect(citationPdfUrl('<meta name="citation_title" content="T">', 'https://pub.example/')).toBeNull();
    expect(citationPdfUrl('<meta name="citation_pdf_url" content="javascript:alert(1)">', 'https://pub.example/')).toBeNull();
  });
});
