import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LecternError } from '../../src/shared/errors';
import type { ParseContext, ParsedDigest } from '../../src/shared/parsed';
import { bibtexFormat } from '../../src/main/core/import/formats/bibtex';
import { risFormat } from '../../src/main/core/import/formats/ris';
import { CORPUS } from '../helpers/paths';
import { expectUnreadable } from '../helpers/errors';

const now = new Date('2026-08-01T12:00:00Z');
const ctx = (fileName: string | null = 'refs.ris'): ParseContext => ({ fileName, now });
const DIR = path.join(CORPUS, 'ris');
const read = (name: string): string => fs.readFileSync(path.join(DIR, name), 'utf8');
const parse = (text: string, fileName: string | null = 'refs.ris'): ParsedDigest => risFormat.parse(text, ctx(fileName));
const parseFile = (name: string): ParsedDigest => parse(read(name), name);


/** Records counted by hand: lines starting with "TY  - ". */
const countRecords = (text: string): number => (text.match(/^\uFEFF?TY {2}- /gm) ?? []).length;

describe('ris: the corpus', () => {
  it('has the files this test knows about', () => {
    expect(fs.readdirSync(DIR).sort()).toEqual([
      'email-converter-output-arxiv.ris',
      'r-written-ris-broken-header-semicolon-authors.ris',
      'zotero-ris-export-partial-dates.ris',
    ]);
  });

  it.each([
    ['email-converter-output-arxiv.ris', 2],
    ['r-written-ris-broken-header-semicolon-authors.ris', 2],
    ['zotero-ris-export-partial-dates.ris', 5],
  ])('%s imports %i records, each at the line of its TY', (name, count) => {
    const text = read(name);
    expect(countRecords(text)).toBe(count);
    expect(risFormat.detect(text, name)).toBe(1);
    expect(bibtexFormat.detect(text, name)).toBe(0);
    const d = parseFile(name);
    expect(d).toMatchObject({ format: 'ris', name: `RIS: ${name}`, problems: [] });
    expect(d.entries).toHaveLength(count);
    const lines = text.split(/\r\n|\r|\n/);
    for (const e of d.entries) expect(lines[e.line - 1]).toMatch(/^TY {2}- /);
  });

  it('Zotero: CRLF, DA 2014/04/03/ and 2017///, T2/J2, A2 editors ignored, L1 PDF links', () => {
    const d = parseFile('zotero-ris-export-partial-dates.ris');
    expect(d.entries.map((e) => [e.line, e.published, e.doi])).toEqual([
      [1, '2014-04-03', '10.1371/journal.pcbi.1003531'],
      [31, '2017-01-01', null],
      [50, '2019-09-10', '10.7554/elife.46923'],
      [80, '2021-01-01', null],
      [98, '2012-02-03', '10.1371/journal.pone.0030126'],
    ]);
    const [first, second, third, fourth] = d.entries;
    expect(first).toMatchObject({
      title: 'Waste Not, Want Not: Why Rarefying Microbiome Data Is Inadmissible',
      authors: ['Paul J. McMurdie', 'Susan Holmes'],
      arxivId: null,
      links: [
        'https://journals.plos.org/ploscompbiol/article?id=10.1371/journal.pcbi.1003531',
        'https://journals.plos.org/ploscompbiol/article/file?id=10.1371/journal.pcbi.1003531&type=printable',
      ],
    });
    expect(first!.abstract).toMatch(/^Current practice in the normalization of microbiome count data is inefficient/);
    expect(second!.title).toBe('Microbiome Datasets Are Compositional: And This Is Not Optional');
    expect(second!.links).toContain('https://www.frontiersin.org/articles/10.3389/fmicb.2017.02224/pdf?isPublishedV2=False');
    // A2 (editors) are not authors.
    expect(third!.authors).toEqual(['Michael R McLaren', 'Amy D Willis', 'Benjamin J Callahan']);
    expect(fourth!.authors).toEqual(['Michael Greenacre', 'Marina Martínez-Álvaro', 'Agustín Blasco']);
    for (const e of d.entries) expect(e.title).not.toMatch(/\r/);
  });

  it('R-written: junk before the first TY, all authors on one AU line with ";", JF, junk after ER', () => {
    const d = parseFile('r-written-ris-broken-header-semicolon-authors.ris');
    const [a, b] = d.entries;
    expect(a).toMatchObject({
      line: 2,
      title: 'Conservation tillage systems: a review of its consequences for greenhouse gas emissions',
      authors: ['Mohamed Abdalla', 'Bruce Osborne', 'Gary Lanigan', 'Dermot Forristal', 'Michael Williams', 'Pete Smith', 'Michael B. Jones'],
      published: '2013-01-01',
      doi: '10.1111/sum.12030',
    });
    expect(a!.abstract).toMatch(/^Conservation tillage \(CT\) is an umbrella term/);
    expect(b).toMatchObject({ line: 16, title: 'Greenhouse Gas Emissions', authors: ['Michael Abberton'], doi: '10.1007/978-3-642-37048-9_13' });
  });

  it('mail converter: " and " authors, untagged abstract lines, arXiv ids from UR, the "31214kb" tail removed', () => {
    const d = parseFile('email-converter-output-arxiv.ris');
    const [a, b] = d.entries;
    expect(a).toMatchObject({
      line: 1,
      title: 'AMSnet-KG: A Netlist Dataset for LLM-based AMS Circuit Auto-Design Using',
      authors: ['Yichen Shi', 'Zhuofu Tao', 'Yuhao Gao', 'Tianjia Zhou', 'Cheng Chang', 'Yaxing Yaxing'],
      arxivId: '2411.13560',
      arxivVersion: null,
      published: '2024-01-01',
      links: [],
    });
    expect(a!.abstract).toMatch(/^High-performance analog and mixed-signal \(AMS\) circuits are mainly full-custom designed, which is time-consuming/);
    expect(a!.abstract).toMatch(/will be open-sourced upon publishing of this paper\.$/);
    expect(b).toMatchObject({ line: 33, arxivId: '2411.13566', title: 'Integrated Water Resource Management in the Segura Hydrographic Basin:' });
    expect(b!.abstract).toContain('approximately 642 million cubic meters ($hm^3$) of water over six months, minimizing the deficit to 9.7% of the total');
    expect(b!.abstract).toMatch(/in the Segura Hydrographic Basin in Spain\.$/);
  });
});

describe('ris: shapes from other writers', () => {
  it('Publish or Perish: BOM, TY - HTML, PY 2019///, UR twice, M1/N1 notes, initials-only authors', () => {
    const text = [
      '\uFEFFTY  - HTML',
      'AU  - Riolo, F',
      'AU  - Smith, J.',
      'TI  - Some Page Title',
      'PY  - 2019///',
      'UR  - https://example.org/paper',
      'UR  - https://example.org/paper',
      'AB  - A snippet that stops …',
      'M1  - Query date: 2020-07-03 10:00:00',
      'M1  - 17 cites: https://scholar.google.com/scholar?cites=1',
      'N1  - Cited By (since 2019): 17',
      'ER  - ',
      '',
    ].join('\n');
    expect(risFormat.detect(text, null)).toBe(1);
    const [e] = parse(text).entries;
    expect(e).toMatchObject({
      line: 1,
      title: 'Some Page Title',
      authors: ['F Riolo', 'J. Smith'],
      published: '2019-01-01',
      abstract: 'A snippet that stops …',
      links: ['https://example.org/paper'],
    });
  });

  it('Scopus: N1 References running over untagged lines, trailing spaces, T1/JO/Y1, an arXiv DOI', () => {
    const text = [
      'TY  - JOUR',
      'T1  - Deep learning for things',
      'A1  - Doe, Jane, Jr.',
      'A1  - Roe, Richard',
      'JO  - Nature ',
      'Y1  - 2015/05/28/',
      'SN  - 01678655 (ISSN) ',
      'N1  - Cited By :1066',
      'N1  - References: Smith, A., A paper (2001) J. Things, 1, pp. 1-2; ',
      'Jones, B., Another paper (2002) J. Stuff, 3, pp. 4-5; ',
      'Brown, C., arXiv:1234.5678; ',
      'DO  - 10.48550/arXiv.1502.00001v2',
      'ER  -',
      '',
    ].join('\n');
    const d = parse(text);
    expect(d.problems).toEqual([]);
    expect(d.entries[0]).toMatchObject({
      title: 'Deep learning for things',
      authors: ['Jane Doe Jr.', 'Richard Roe'],
      published: '2015-05-28',
      doi: '10.48550/arxiv.1502.00001v2',
      arxivId: '1502.00001',
      arxivVersion: 2,
    });
  });

  it('arXiv ids from JO/N1 text, /pdf/ URLs and ADS bibcodes; Zotero categories from N1', () => {
    const rec = (...lines: string[]): string => ['TY  - JOUR', ...lines, 'ER  - ', ''].join('\n');
    const d = parse(
      [
        rec('TI  - A', 'JO  - arXiv preprint arXiv:2006.06872'),
        rec('TI  - B', 'N1  - arXiv:2306.06918 [cs.CL, cs.AI]'),
        rec('TI  - C', 'L1  - https://arxiv.org/pdf/2101.00002v3.pdf'),
        rec('TI  - D', 'UR  - https://ui.adsabs.harvard.edu/abs/2021arXiv211010164D'),
        rec('TI  - E', 'UR  - https://example.org/e', 'DO  - https://doi.org/10.1000/XYZ'),
      ].join('\n'),
    );
    expect(d.entries.map((e) => [e.title, e.arxivId, e.arxivVersion, e.doi, e.categories])).toEqual([
      ['A', '2006.06872', null, null, null],
      ['B', '2306.06918', null, null, ['cs.CL', 'cs.AI']],
      ['C', '2101.00002', 3, null, null],
      ['D', '2110.10164', null, null, null],
      ['E', null, null, '10.1000/xyz', null],
    ]);
  });

  it('records without ER end at the next TY; a cut-off last record is a problem; a writer without any ER is fine', () => {
    const d = parse('TY  - JOUR\nTI  - One\nTY  - JOUR\nTI  - Two\nER  - \nTY  - JOUR\nTI  - Cut\nAB  - The abstract stops in the mid');
    expect(d.entries.map((e) => [e.line, e.title])).toEqual([
      [1, 'One'],
      [3, 'Two'],
    ]);
    expect(d.problems).toEqual([{ line: 6, entry: 'Cut', reason: expect.stringMatching(/file ends inside this record/) }]);
    const noEr = parse('TY  - JOUR\nTI  - One\n\nTY  - JOUR\nTI  - Two\n');
    expect(noEr.entries.map((e) => e.title)).toEqual(['One', 'Two']);
    expect(noEr.problems).toEqual([]);
  });

  it('a record with no title and no id is a problem, the others are kept', () => {
    const d = parse('TY  - JOUR\nAU  - Doe, J\nER  - \n\nTY  - JOUR\nTI  - Kept\nER  - \n');
    expect(d.entries.map((e) => e.title)).toEqual(['Kept']);
    expect(d.problems).toEqual([{ line: 1, entry: 'TY  - JOUR', reason: expect.stringMatching(/no title/) }]);
  });

  it('refuses empty input and text without any TY line, naming the file', () => {
    expectUnreadable(() => parse('\uFEFF \r\n', 'empty.ris'), /^empty\.ris is empty/);
    expectUnreadable(() => parse('"1" "\nhello\n', 'junk.ris'), /^junk\.ris line 1: no RIS records/);
  });

  it('detects RIS, not BibTeX or prose', () => {
    expect(risFormat.detect('TY  - JOUR\r\nTI  - x\r\nER  - \r\n', null)).toBe(1);
    expect(risFormat.detect('@article{x, title = {T}}', 'x.bib')).toBe(0);
    expect(risFormat.detect('Type - of thing\nno tags here', null)).toBe(0);
  });
});

describe('ris: hostile input', () => {
  it('100,000 records parse in a few seconds', () => {
    const parts: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      parts.push(`TY  - JOUR\r\nTI  - Paper ${i}\r\nAU  - Doe, Jane; Roe, R.\r\nDA  - 2020/05/0${1 + (i % 9)}/\r\nUR  - https://arxiv.org/abs/2001.${String(i).padStart(5, '0')}v2\r\nAB  - line one\r\nline two\r\nER  - \r\n\r\n`);
    }
    const text = parts.join('');
    const cpu0 = process.cpuUsage();
    const d = parse(text);
    const cpu = process.cpuUsage(cpu0);
    expect(d.entries).toHaveLength(100_000);
    expect(d.entries[99_999]).toMatchObject({ line: 99_999 * 9 + 1, title: 'Paper 99999', authors: ['Jane Doe', 'R. Roe'], arxivId: '2001.99999', arxivVersion: 2, abstract: 'line one line two', published: '2020-05-01' });
    // About 1.5 s of CPU here; CPU time so that a busy machine does not fail the test.
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(6_000);
  });

  it('a 10 MB field, a million continuation lines, 5 MB of spaces inside an AU line', () => {
    expect(parse(`TY  - JOUR\nTI  - T\nAB  - ${'word '.repeat(2_000_000)}\nER  - \n`).entries[0]!.abstract!.length).toBe(9_999_999);
    expect(parse(`TY  - JOUR\nTI  - T\nAB  - x\n${'word word\n'.repeat(1_000_000)}ER  - \n`).entries[0]!.abstract!.length).toBe(10_000_001);
    expect(parse(`TY  - JOUR\nTI  - T\nAU  - a${' '.repeat(5_000_000)}b\nER  - \n`).entries[0]!.authors).toEqual(['a b']);
  });

  it('the corpus cut anywhere never throws and never invents records', () => {
    const text = read('zotero-ris-export-partial-dates.ris');
    for (let cut = 1; cut < text.length; cut += 97) {
      const piece = text.slice(0, cut);
      let d: ParsedDigest;
      try {
        d = parse(piece);
      } catch (e) {
        expect(e).toBeInstanceOf(LecternError);
        expect(countRecords(piece)).toBe(0);
        continue;
      }
      expect(d.entries.length).toBeLessThanOrEqual(countRecords(piece));
      expect(d.entries.length + d.problems.length).toBe(countRecords(piece));
    }
  });

  it('binary junk and one endless line', () => {
    expectUnreadable(() => parse('\u0001\u0002'.repeat(100_000)), /no RIS records/);
    const d = parse('TY  - JOUR'.repeat(1_000_000));
    expect(d.entries).toEqual([]);
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]!.entry!.length).toBeLessThanOrEqual(60);
  });
});
