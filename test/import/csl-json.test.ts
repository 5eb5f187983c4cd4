import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cslDate, cslJsonFormat, parseCslJson } from '../../src/main/core/import/formats/csl-json';
import { hfJsonFormat } from '../../src/main/core/import/formats/hf-json';
import { hfJsonFeedFormat } from '../../src/main/core/import/formats/hf-jsonfeed';
import type { ParsedDigest } from '../../src/shared/parsed';
import { CORPUS } from '../helpers/paths';
import { cpuNow } from '../helpers/time';
import { expectUnreadable } from '../helpers/errors';

const DIR = path.join(CORPUS, 'csl-json');
const now = new Date('2026-11-25T12:00:00Z');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');
const parse = (f: string): ParsedDigest => parseCslJson(read(f), { fileName: f, now });
const BBT2026 = 'betterbibtex-csl-json-2026-string-years-multiline-abstract.json';
const I1179 = 'bbt-fixture-issue1179-pretty-csl-json.json';
const EDTF = 'bbt-fixture-issue360-811-edtf-date-edge-cases.csl.json';

describe('csl-json', () => {
  it('detects CSL-JSON and does not claim the Hugging Face JSON formats', () => {
    for (const f of [BBT2026, I1179, EDTF]) {
      expect(cslJsonFormat.detect(read(f), f)).toBeGreaterThanOrEqual(0.9);
      expect(hfJsonFormat.detect(read(f), f)).toBe(0);
      expect(hfJsonFeedFormat.detect(read(f), f)).toBe(0);
    }
    for (const f of fs.readdirSync(path.join(CORPUS, 'hf-json'))) {
      expect(cslJsonFormat.detect(fs.readFileSync(path.join(CORPUS, 'hf-json', f), 'utf8'), f)).toBe(0);
    }
    expect(cslJsonFormat.detect('[1, 2, 3]')).toBe(0);
    expect(cslJsonFormat.detect('@article{x, title={y}}')).toBe(0);
  });

  it('Better CSL JSON 2026: 5 items, string years, one item per line, hard-wrapped abstracts', () => {
    const d = parse(BBT2026);
    expect(d.format).toBe('csl-json');
    expect(d.problems).toEqual([]);
    expect(d.entries).toHaveLength(5);
    expect(d.entries.map((e) => e.line)).toEqual([2, 3, 4, 5, 6]);
    expect(d.entries.map((e) => e.published)).toEqual(['2015-07-01', '2020-12-01', '2014-03-01', '2025-06-02', '2025-11-25']);
    expect(d.entries.map((e) => e.doi)).toEqual([
      '10.1097/yic.0000000000000078', '10.1002/da.23079', '10.1016/j.cpr.2014.01.002', '10.3389/fpsyg.2025.1600013', '10.3390/healthcare13233057',
    ]);
    expect(d.entries[0]).toMatchObject({
      title: 'Efficacy of treatments for anxiety disorders: a meta-analysis',
      authors: ['Borwin Bandelow', 'Markus Reitt', 'Christian Röver', 'Sophie Michaelis', 'Yvonne Görlich', 'Dirk Wedekind'],
      abstract: null,
      arxivId: null,
      links: ['http://journals.lww.com/00004850-201507000-00002'],
    });
    const carl = d.entries[1]!;
    expect(carl.title).toBe('Efficacy of digital cognitive behavioral therapy for moderate‐to‐severe symptoms of generalized anxiety disorder: A randomized controlled trial');
    expect(carl.authors).toHaveLength(14);
    expect(carl.authors![5]).toBe('Jasper A. J. Smits');
    expect(carl.abstract).toMatch(/^To our knowledge, no previous meta-analysis has attempted to compare the efficacy of pharmacological, psychological and combined/);
    expect(carl.abstract).not.toMatch(/\n|\s{2}/);
    expect(d.entries[3]!.authors).toEqual(['Daniela-Elena Lițan']);
    expect(d.entries[3]!.abstract).toMatch(/^Introduction The aim of the current study/);
    expect(d.name).toBe('CSL-JSON: betterbibtex-csl-json-2026-string-years-multiline-abstract');
    expect(d.date ?? null).toBeNull();
  });

  it('#1179: 26 items; short DOIs are not DOIs, the doi.org URL gives the real one', () => {
    const d = parse(I1179);
    expect(d.problems).toEqual([]);
    expect(d.entries).toHaveLength(26);
    expect(d.entries.slice(0, 3).map((e) => e.line)).toEqual([2, 39, 77]);
    expect(d.entries[0]).toMatchObject({
      title: 'Perceptions of disability and their impact upon involvement in sport for people with disabilities at all levels',
      authors: ['Ian Brittain'],
      published: '2004-01-01',
      doi: '10.1177/0193723504268729', // DOI field is "10/fqd6hj"
      links: [],
    });
    // "10/gfzrww" with a ScienceDirect URL: no usable DOI, the URL is kept as a link.
    const fink = d.entries.find((e) => e.authors?.[0] === 'Janet S. Fink')!;
    expect(fink.doi).toBeNull();
    expect(fink.links).toEqual(['http://www.sciencedirect.com/science/article/pii/S1441352314000369']);
    expect(d.entries.every((e) => e.doi == null || /^10\.\d{4,9}\//.test(e.doi))).toBe(true);
    expect(d.entries[3]).toMatchObject({ title: 'Semenya, ASA and IAAF: Planning update', authors: ['Court of Arbitration for Sport'], published: '2019-03-21' });
    expect(d.entries.find((e) => e.title.startsWith('Macho men'))!.title).toBe('Macho men in a girls’ game: Masculinities and the Otago men’s netball team');
    expect(d.entries.filter((e) => e.doi !== null)).toHaveLength(12); // 15 short DOIs, 12 of them with a doi.org URL
  });

  it('#360/#811: 15 items with every date edge case', () => {
    const d = parse(EDTF);
    expect(d.problems).toEqual([]);
    expect(d.entries.map((e) => [e.line, e.published])).toEqual([
      [2, '2011-05-25'], // range with circa: the start
      [29, '2011-05-25'],
      [56, '2011-05-01'], // month precision
      [77, '2017-01-01'], // a season: year only
      [98, '2011-01-01'],
      [116, '2017-01-01'],
      [135, '1985-01-01'], // int year with a season
      [169, '2017-01-01'],
      [189, '2011-05-25'],
      [216, '2014-12-31'],
      [287, null], // no issued date (only event-date and submitted)
      [330, '2014-12-31'], // open-ended range [.., [0]]
      [354, '2014-12-31'],
      [375, null], // BC: "-334"
      [427, null], // BC range
    ]);
    expect(d.entries[4]!.authors).toEqual(['Doe14']);
    expect(d.entries[0]!.title).toBe('EDTF date range, circa begin & end: 2011-05-25~/2012-06-26~');
  });

  it('finds arXiv ids in URL, container-title, number, note and arXiv DOIs; handles Crossref/Manubot quirks', () => {
    const items = [
      { id: 'j1c', type: 'article-journal', title: 'A Semiparametric Two-Sample Hypothesis Testing Problem for Random Graphs AU  - Tang, Minh', 'container-title': 'arXiv:1701.08140 [stat]', source: 'arXiv.org', URL: 'http://arxiv.org/abs/1701.08140', issued: { 'date-parts': [[2017, 1, 27]] }, author: [{ family: 'Tang', given: 'Minh' }] },
      { id: 'ct', type: 'article-journal', title: 'Only the container title', 'container-title': 'arXiv:2006.06872 [gr-qc, physics:hep-th, cs]' },
      { id: 'doi', type: 'article', title: 'By arXiv DOI', DOI: 'https://doi.org/10.48550/arXiv.2405.15738' },
      { id: 'num', type: 'article', title: 'By number', number: 'arXiv:hep-th/9901001v2', publisher: 'arXiv' },
      { id: 'bare', type: 'article', title: 'Bare number', number: '2501.00001', archive: 'arXiv' },
      { id: 'note', type: 'article', title: 'By note', note: 'arXiv: 1234.56789' },
      { id: 'pdf', type: 'article', title: 'By PDF URL', URL: 'https://arxiv.org/pdf/2507.12950v4.pdf' },
      {
        id: 'tJKvnIaZ', type: 'manuscript', title: 'A bioRxiv preprint', 'container-title': [], 'original-title': [], subtitle: [], 'short-title': [],
        abstract: '<jats:title>Abstract</jats:title><jats:p>Genes &amp; <jats:italic>cells</jats:italic> p&lt;0.05 and p < 0.01.</jats:p><jats:p>More at https://github.com/greenelab/x.</jats:p>',
        author: [{ family: 'greenelab', given: '' }, { given: 'Jean', 'non-dropping-particle': 'de', family: 'La Fontaine', suffix: 'Jr.' }],
        DOI: '10.1101/2020.01.01.123456', indexed: { 'date-time': '2020-01-02T00:00:00Z', timestamp: 1 }, issued: { 'date-parts': [['2020', '1', '31']] },
      },
      { id: 'arr', type: 'article-journal', title: ['', 'Title from an array'], 'container-title': ['Nature'] },
    ];
    const d = parseCslJson(JSON.stringify(items, null, 1), { fileName: 'lib.json', now });
    expect(d.problems).toEqual([]);
    const byTitle = (t: string) => d.entries.find((e) => e.title === t)!;
    expect(d.entries[0]).toMatchObject({
      title: 'A Semiparametric Two-Sample Hypothesis Testing Problem for Random Graphs',
      arxivId: '1701.08140',
      arxivVersion: null,
      authors: ['Minh Tang'],
      published: '2017-01-27',
      links: [],
      categories: null, // "stat" alone is an archive, not a category
    });
    expect(byTitle('Only the container title')).toMatchObject({ arxivId: '2006.06872', categories: ['gr-qc', 'hep-th'] });
    expect(byTitle('By arXiv DOI')).toMatchObject({ arxivId: '2405.15738', doi: '10.48550/arxiv.2405.15738' });
    expect(byTitle('By number')).toMatchObject({ arxivId: 'hep-th/9901001', arxivVersion: 2 });
    expect(byTitle('Bare number').arxivId).toBe('2501.00001');
    expect(byTitle('By note').arxivId).toBe('1234.56789');
    expect(byTitle('By PDF URL')).toMatchObject({ arxivId: '2507.12950', arxivVersion: 4, links: [] });
    expect(byTitle('A bioRxiv preprint')).toMatchObject({
      abstract: 'Genes & cells p<0.05 and p < 0.01. More at https://github.com/greenelab/x.',
      authors: ['greenelab', 'Jean de La Fontaine Jr.'],
      doi: '10.1101/2020.01.01.123456',
      published: '2020-01-31',
      links: ['https://github.com/greenelab/x'],
      arxivId: null,
    });
    expect(byTitle('Title from an array').title).toBe('Title from an array');
  });

  it('reports bad items by line and keeps the rest', () => {
    const text = JSON.stringify([{ type: 'book', title: 'Good', author: [{ literal: 'X' }] }, { type: 'book', title: [] }, 7, { type: 'book', title: 'Dates', issued: { raw: '2019-04' } }], null, 2);
    const d = parseCslJson(text, { fileName: 'x.json', now });
    expect(d.entries.map((e) => [e.title, e.line])).toEqual([['Good', 2], ['Dates', 16]]);
    expect(d.entries[1]!.published).toBe('2019-04-01');
    expect(d.problems).toEqual([
      { line: 11, entry: '{"type": "book", "title": []}', reason: 'no title' },
      { line: 15, entry: '7', reason: 'an item that is not an object' },
    ]);
  });

  it('reads CSL dates of every shape', () => {
    expect(cslDate({ 'date-parts': [['2026', 2, 15]] })).toBe('2026-02-15');
    expect(cslDate({ 'date-parts': [[2019, 2, 30]] })).toBe('2019-02-01');
    expect(cslDate({ 'date-parts': [['2004']] })).toBe('2004-01-01');
    expect(cslDate({ 'date-parts': [[2017, 21]] })).toBe('2017-01-01');
    expect(cslDate({ 'date-parts': [['-1']] })).toBeNull();
    expect(cslDate({ 'date-parts': [[]] })).toBeNull();
    expect(cslDate({ 'date-parts': 'x' as never })).toBeNull();
    expect(cslDate({ raw: '2019-04-28' })).toBe('2019-04-28');
    expect(cslDate({ literal: '13th cent' })).toBeNull();
    expect(cslDate(null)).toBeNull();
  });

  it('an empty list is a valid import with no papers; other JSON is refused', () => {
    expect(parseCslJson('[]', { fileName: 'empty.json', now }).entries).toEqual([]);
    expect(expectUnreadable(() => parseCslJson('{"foo": 1}', { fileName: 'x.json', now })).message).toMatch(/^x\.json line 1: this JSON is not CSL-JSON/);
    expect(expectUnreadable(() => parseCslJson('[1, 2]', { fileName: 'x.json', now })).message).toMatch(/none of them readable/);
    const single = parseCslJson('{"type": "book", "title": "Single", "author": [{"family": "F", "given": "G"}]}', { fileName: 'one.json', now });
    expect(single.entries.map((e) => [e.title, e.authors])).toEqual([['Single', ['G F']]]);
  });

  it('refuses a truncated file, naming the line', () => {
    const text = read(I1179);
    const e = expectUnreadable(() => parseCslJson(text.slice(0, 5000), { fileName: 'cut.json', now }));
    const lastLine = text.slice(0, 5000).split('\n').length;
    expect(e.message).toMatch(new RegExp(`^cut\\.json line (${lastLine}|${lastLine - 1}), column \\d+: this CSL-JSON file is not valid JSON.*cut off`));
    const bad = expectUnreadable(() => parseCslJson('[\n  {"title": "a"},\n  {"title": "b",}\n]', { fileName: 'bad.json', now }));
    expect(bad.message).toMatch(/^bad\.json line 3, column 17: .*expected a quoted key/);
  });

  it('reads 100,000 items in a few seconds', () => {
    const many = JSON.stringify(Array.from({ length: 100_000 }, (_, k) => ({ id: `k${k}`, type: 'article-journal', title: `Paper ${k}`, author: [{ family: 'F', given: 'G' }], issued: { 'date-parts': [[2020, 1, 1]] }, DOI: `10.1000/${k}` })));
    const t = cpuNow();
    const d = parseCslJson(many, { fileName: 'many.json', now });
    expect(d.entries).toHaveLength(100_000);
    expect(d.entries[99_999]!.doi).toBe('10.1000/99999');
    expect(cpuNow() - t).toBeLessThan(8000);
  });

  it('survives a 10 MB field', () => {
    const t = cpuNow();
    const big = parseCslJson(JSON.stringify([{ type: 'book', title: 'Big', abstract: '<jats:p>' + 'word '.repeat(2_000_000) + '</jats:p>' }, { type: 'book', title: 'z'.repeat(10_000_000) }]), { fileName: 'big.json', now });
    expect(big.entries).toHaveLength(1);
    expect(big.problems[0]!.reason).toMatch(/not a paper title/);
    expect(cpuNow() - t).toBeLessThan(8000);
  });

  it('survives deep nesting and empty input', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(cslJsonFormat.detect(deep)).toBe(0);
    expectUnreadable(() => cslJsonFormat.parse(deep, { fileName: 'deep.json', now }));
    const deepField = cslJsonFormat.parse(`[{"title": "x", "author": ${'['.repeat(100_000)}${']'.repeat(100_000)}, "abstract": {"a": ${'{"a": '.repeat(50_000)}1${'}'.repeat(50_000)}}}]`, { fileName: 'deep2.json', now });
    expect(deepField.entries.map((e) => [e.title, e.authors, e.abstract])).toEqual([['x', null, null]]);
    expectUnreadable(() => parseCslJson('', { fileName: 'empty.json', now }));
  });
});
