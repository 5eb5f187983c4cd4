import fs from 'node:fs';
import path from 'node:path';
import { parse as parseWithLibrary } from '@retorquere/bibtex-parser';
import { describe, expect, it } from 'vitest';
import { LecternError } from '../../src/shared/errors';
import type { ParseContext, ParsedDigest, ParsedEntry } from '../../src/shared/parsed';
import { bibtexFormat, creatorNames, simpleNames } from '../../src/main/core/import/formats/bibtex';
import { scanBibtex } from '../../src/main/core/import/formats/bibtex-scan';
import { risFormat } from '../../src/main/core/import/formats/ris';
import { isSimpleLatex, latexToText } from '../../src/main/core/text/latex';
import { cleanText } from '../../src/main/core/text/normalize';
import { CORPUS } from '../helpers/paths';
import { expectUnreadable } from '../helpers/errors';

const now = new Date('2026-08-01T12:00:00Z');
const ctx = (fileName: string | null = 'refs.bib'): ParseContext => ({ fileName, now });
const DIR = path.join(CORPUS, 'bibtex');
const read = (name: string): string => fs.readFileSync(path.join(DIR, name), 'utf8');
const parse = (text: string, fileName: string | null = 'refs.bib'): ParsedDigest => bibtexFormat.parse(text, ctx(fileName));
const parseFile = (name: string): ParsedDigest => parse(read(name), name);
const byLine = (d: ParsedDigest, line: number): ParsedEntry => {
  const e = d.entries.find((x) => x.line === line);
  if (!e) throw new Error(`no entry at line ${line}`);
  return e;
};


/** Entries counted by hand: `@type{` / `@type(` lines, minus @string, @preamble and @comment. */
function countEntries(text: string): number {
  return (text.match(/^[ \t]*@(?!string\b|preamble\b|comment\b)[A-Za-z]+[ \t]*[{(]/gim) ?? []).length;
}

describe('bibtex: the corpus', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.bib'));

  it('has the files this test knows about', () => {
    expect(files.sort()).toEqual([
      'bbt-fixture-endnote-missing-citekey.bib',
      'bbt-fixture-qiqqa-export-leading-commas.bib',
      'bbt-issue95-96-preamble-percent-mojibake.bib',
      'email-converter-output-arxiv.bib',
      'zotero-betterbibtex-latex-accents-astro.bib',
      'zotero-native-export-windows-paths-cjk-filename.bib',
    ]);
  });

  it.each([
    ['bbt-fixture-endnote-missing-citekey.bib', 1],
    ['bbt-fixture-qiqqa-export-leading-commas.bib', 2],
    ['bbt-issue95-96-preamble-percent-mojibake.bib', 1],
    ['email-converter-output-arxiv.bib', 2],
    ['zotero-betterbibtex-latex-accents-astro.bib', 175],
    ['zotero-native-export-windows-paths-cjk-filename.bib', 1],
  ])('%s imports %i entries, each at the line of its @', (name, count) => {
    const text = read(name);
    expect(countEntries(text)).toBe(count);
    expect(bibtexFormat.detect(text, name)).toBeGreaterThanOrEqual(0.8);
    const d = parseFile(name);
    expect(d.format).toBe('bibtex');
    expect(d.name).toBe(`BibTeX: ${name}`);
    expect(d.problems).toEqual([]);
    expect(d.entries).toHaveLength(count);
    const lines = text.split(/\r\n|\r|\n/);
    for (const e of d.entries) {
      expect(lines[e.line - 1]!.trimStart().startsWith('@')).toBe(true);
      // Backslashes may remain where BBT escaped math as text (Z$\\sim$9-15); braces and markup may not.
      expect(e.title).not.toMatch(/[{}]|<\/?i>|<span/);
      for (const a of e.authors ?? []) expect(a).not.toMatch(/[{}\\]/);
    }
  });

  it('EndNote: an entry with no cite key, tab-indented, after a blank first line', () => {
    const [e] = parseFile('bbt-fixture-endnote-missing-citekey.bib').entries;
    expect(e).toMatchObject({
      line: 2,
      title: 'Alzheimer mechanisms and therapeutic strategies',
      authors: ['Y. Huang', 'L. Mucke'],
      published: '2012-01-01',
      arxivId: null,
      doi: null,
    });
    expect(e!.abstract).toMatch(/^There are still no effective treatments to prevent, halt, or reverse Alzheimer's disease/);
    expect(e!.abstract).toMatch(/multifactoriality of the disease\.$/);
  });

  it('Qiqqa: leading commas, unbraced K\\"uhne, Windows paths', () => {
    const d = parseFile('bbt-fixture-qiqqa-export-leading-commas.bib');
    expect(d.entries.map((e) => [e.line, e.title, e.authors, e.published])).toEqual([
      [8, 'Matters of (meta-) modeling', ['Thomas Kühne'], '2006-01-01'],
      [23, 'The present situation in the foundations of mathematics', ['Kurt Gödel'], '1933-01-01'],
    ]);
  });

  it('@PREAMBLE with \\makeatletter is skipped; % in values is text; the mojibake is repaired', () => {
    const [e] = parseFile('bbt-issue95-96-preamble-percent-mojibake.bib').entries;
    expect(e!.line).toBe(7);
    expect(e!.title).toBe('Synthesis and electrochromic study of sol-gel cuprous oxide nanoparticles accumulated on silica thin film');
    expect(e!.authors).toEqual(['O. Akhavan', 'H. Tohidi', 'A. Z. Moshfegh']);
    expect(e!.doi).toBe('10.1016/j.tsf.2009.05.016');
    expect(e!.published).toBe('2009-01-01');
    // "%" used to swallow the rest of the line as a TeX comment.
    expect(e!.abstract).toContain('reduction of about 50% in a narrow wavelength range of 400-500 nm, as compared to the bleached state');
    expect(e!.abstract).toContain('from 2.2% and 0.8 nm to 51% and 21 nm, respectively.');
    expect(e!.abstract).toContain('from 220 to 300°C in an N2 environment for 1 h.');
    expect(e!.abstract).not.toMatch(/Â/);
  });

  it('mail converter: arXiv ids from url/journal, the trailing "\\\\ ( https://… , 31214kb)" removed', () => {
    const d = parseFile('email-converter-output-arxiv.bib');
    const [a, b] = d.entries;
    expect(a).toMatchObject({
      line: 1,
      title: 'AMSnet-KG: A Netlist Dataset for LLM-based AMS Circuit Auto-Design Using',
      arxivId: '2411.13560',
      arxivVersion: null,
      published: '2024-01-01',
    });
    expect(a!.authors).toEqual(['Yichen Shi', 'Zhuofu Tao', 'Yuhao Gao', 'Tianjia Zhou', 'Cheng Chang', 'Yaxing Yaxing']);
    expect(a!.abstract).toMatch(/^High-performance analog and mixed-signal \(AMS\) circuits are mainly full-custom designed/);
    expect(a!.abstract).toMatch(/upon publishing of this paper\.$/);
    expect(b).toMatchObject({ line: 33, arxivId: '2411.13566', title: 'Integrated Water Resource Management in the Segura Hydrographic Basin:' });
    expect(b!.abstract).toContain('approximately 642 million cubic meters (hm³) of water over six months, minimizing the deficit to 9.7% of the total estimated demand.');
    expect(b!.abstract).toMatch(/operational water management practices in the Segura Hydrographic Basin in Spain\.$/);
    for (const e of d.entries) expect(e.abstract).not.toMatch(/kb\)|\\\\/);
  });

  it('Zotero native export: note = {arXiv:… [cs]}, month macro, Chinese names kept as the file gives them', () => {
    const [e] = parseFile('zotero-native-export-windows-paths-cjk-filename.bib').entries;
    expect(e).toMatchObject({
      line: 2,
      title: 'The Devil is in the Details: On the Pitfalls of Event Extraction Evaluation',
      arxivId: '2306.06918',
      published: '2023-06-01',
      // "[cs]" names only the archive, not a category.
      categories: null,
    });
    // The file writes "Hao, Peng" for Hao Peng; Lectern shows what the file says.
    expect(e!.authors).toEqual(['Peng Hao', 'Wang Xiaozhi', 'Yao Feng', 'Zeng Kaisheng', 'Hou Lei', 'Li Juanzi', 'Liu Zhiyuan', 'Shen Weixing']);
    expect(e!.links).toEqual(['https://github.com/THU-KEG/OmniEvent']);
    expect(e!.abstract).toMatch(/^Event extraction \(EE\) is a crucial task/);
  });

  describe('Better BibTeX astro library', () => {
    const d = parseFile('zotero-betterbibtex-latex-accents-astro.bib');

    it('finds 65 arXiv ids in eprint, arXiv DOIs, arXiv/ADS URLs and "arXiv:" journals', () => {
      expect(d.entries.filter((e) => e.arxivId)).toHaveLength(65);
      expect(byLine(d, 2)).toMatchObject({ title: 'Adam: A Method for Stochastic Optimization', arxivId: '1412.6980', authors: ['Diederik P. Kingma', 'Jimmy Ba'], published: '2015-01-01' });
    });

    it('old Zotero arXiv style journal = {arXiv:2006.06872 [gr-qc, physics:hep-th]}', () => {
      expect(byLine(d, 28)).toMatchObject({
        title: 'The Entropy of Hawking Radiation',
        arxivId: '2006.06872',
        published: '2020-06-01',
        categories: ['gr-qc', 'hep-th'],
        authors: ['Ahmed Almheiri', 'Thomas Hartman', 'Juan Maldacena', 'Edgar Shaghoulian', 'Amirhossein Tajdini'],
      });
    });

    it('old-style ids and arXiv DOIs', () => {
      expect(byLine(d, 958)).toMatchObject({ title: 'The K Correction', arxivId: 'astro-ph/0210394', doi: '10.48550/arxiv.astro-ph/0210394', published: '2002-10-01' });
      const naidu = byLine(d, 1810);
      expect(naidu).toMatchObject({ arxivId: '2207.09434', doi: '10.48550/arxiv.2207.09434', published: '2022-07-01' });
      expect(naidu.authors!.slice(0, 3)).toEqual(['Rohan P. Naidu', 'Pascal A. Oesch', 'Pieter van Dokkum']);
      // BBT escaped the dollars (\$…\$), so they are text, as written.
      expect(naidu.title).toBe('Two Remarkably Luminous Galaxy Candidates at $z\\approx11-13$ Revealed by JWST');
    });

    it('ADS bibcodes in the URL give the arXiv id (2022arXiv220201242C)', () => {
      const chime = byLine(d, 380);
      expect(chime.arxivId).toBe('2202.01242');
      expect(chime.authors![0]).toBe('CHIME Collaboration');
      expect(chime.published).toBe('2022-02-01');
    });

    it('LaTeX accents in every style and braced names', () => {
      expect(byLine(d, 12).authors).toEqual(['Alex Alarcon', 'Carles Sánchez', 'Gary M. Bernstein', 'Enrique Gaztañaga']);
      const des = byLine(d, 688).authors!;
      expect(des[0]).toBe('M Garcia-Fernandez');
      expect(des).toEqual(expect.arrayContaining(['J Aleksić', 'A Benoit-Lévy', 'J García-Bellido', 'E Buckley-Geer']));
      expect(byLine(d, 1521).title).toBe('Gravitational Lensing as Signal and Noise in Lyman-α Forest Measurements');
    });

    it('titles are left as written (no sentence case), and the broken micro sign stays as the file has it', () => {
      expect(byLine(d, 127).title).toBe('Low-Resolution Spectral Templates for Galaxies from 0.2 to 10 Mm');
      expect(d.entries.find((e) => e.title.startsWith('Deblending Galaxies'))!.title).toBe(
        'Deblending Galaxies with Variational Autoencoders: A Joint Multi-Band, Multi-Instrument Approach',
      );
    });

    it('a lone $ in a file path does not cost the entry its fields', () => {
      const ishak = d.entries.find((e) => e.title.startsWith('Modified Gravity'))!;
      expect(ishak).toMatchObject({ arxivId: '1905.09687', published: '2019-09-01', categories: ['astro-ph', 'gr-qc'] });
      expect(ishak.title).toBe('Modified Gravity and Dark Energy Models Beyond $w(z)$CDM Testable by LSST');
    });

    it('keeps both copies of a paper exported twice (de-duplication happens in the library)', () => {
      const gemici = d.entries.filter((e) => e.arxivId === '1611.02304');
      expect(gemici.map((e) => [e.line, e.published])).toEqual([
        [720, '2016-01-01'],
        [735, '2016-11-01'],
      ]);
    });
  });
});

describe('bibtex: the fast LaTeX path agrees with @retorquere/bibtex-parser', () => {
  const library = (field: string, v: string): unknown =>
    parseWithLibrary(`@misc{x, ${field} = {${v.replace(/(?<!\\)%/g, '\\%')}}}`, { sentenceCase: false, english: false }).entries[0]!.fields[field];

  const samples = [
    String.raw`{\'a}{\`e}{\^o}{\"O}{\~n}{\=u}{\.z} \'e {\c c}{\v Z}{\u g}{\H o}{\k a}{\r A} \c{c} \v{s}`,
    String.raw`{\l}ód{\'z} {\L}{\o}{\O}{\aa}{\AA}{\ae}{\AE}{\oe}{\ss} Stra\ss e Gau\ss{} and \ss`,
    String.raw`{{Protected}} {Words} in a {{Title}}: {BERT} -- en --- em ${'``'}quoted'' 50\% \& \$5 \_x\#`,
  ];

  it('except that \\"\\i is ï here (the library gives a dotless ı with a loose diaeresis)', () => {
    expect(latexToText(String.raw`na\"{\i}ve Ho\"\i{}`)).toBe('naïve Hoï');
  });

  it('latexToText on its own (also the fallback for values the grammar is not given)', () => {
    expect(latexToText(String.raw`\textasciitilde{}user hyphen\-ation a~b \url{x} \\ {\relax}end`)).toBe('~user hyphenation a\u00a0b x   end');
    expect(latexToText(String.raw`C:\\path\ and a lone \ backslash`)).toBe('C: path and a lone  backslash');
    expect(latexToText('no latex at all')).toBe('no latex at all');
  });

  it('on hand-made accents', () => {
    for (const v of samples) {
      expect(isSimpleLatex(v)).toBe(true);
      expect(cleanText(latexToText(v))).toBe(cleanText(library('title', v) as string));
    }
  });

  it('on every simple title, journal and author list in the corpus', () => {
    let titles = 0;
    let names = 0;
    for (const f of fs.readdirSync(DIR)) {
      for (const e of scanBibtex(read(f)).entries) {
        for (const name of ['title', 'journal', 'booktitle', 'abstract']) {
          const v = e.fields.get(name);
          if (!v || !isSimpleLatex(v)) continue;
          titles++;
          expect(cleanText(latexToText(v))).toBe(cleanText(library('title', v) as string));
        }
        const authors = e.fields.get('author');
        if (authors && isSimpleLatex(authors)) {
          names++;
          expect(simpleNames(authors)).toEqual(creatorNames(library('author', authors) as never));
        }
      }
    }
    expect(titles).toBeGreaterThan(300);
    expect(names).toBeGreaterThan(180);
  });
});

describe('bibtex: real-world shapes not in the corpus', () => {
  it('Better BibLaTeX: date, eprint/eprinttype, primaryclass, double braces, escapes, the same paper twice', () => {
    const text = String.raw`
@misc{akyurek2020,
  title = {{{Distributional View}} on Learning: $\alpha$-Divergences},
  author = {Akyürek, Ekin and {de Bernardis}, Francesco and Ludwig van Beethoven and Ford, Jr., Henry and others},
  date = {2020-05-15},
  eprint = {2005.07513v2},
  eprinttype = {arxiv},
  primaryclass = {cs.LG},
  number = {arXiv:2005.07513},
  publisher = {{arXiv}},
  abstract = {We fit pairs \$(x, f(x))\$ with code at https://github.com/x/v\_Z9F2\_eKk4 and get >90% accuracy.},
  options = {useprefix=true},
  langid = {english},
  file = {/Users/me/Zotero/storage/A/2005.07513.pdf;/Users/me/Zotero/storage/B/2005.07513.html}
}

@article{akyurek2020a,
  title = {{Distributional View} on Learning},
  author = {Akyürek, Ekin},
  date = {2020-05},
  eprint = {2005.07513},
  eprinttype = {arxiv},
  primaryclass = {cs, stat},
  journaltitle = {arXiv:2005.07513 [cs, stat]},
  urldate = {2021-01-01}
}
`;
    const d = parse(text);
    expect(d.problems).toEqual([]);
    const [a, b] = d.entries;
    expect(a).toMatchObject({
      line: 2,
      title: 'Distributional View on Learning: α-Divergences',
      authors: ['Ekin Akyürek', 'Francesco de Bernardis', 'Ludwig van Beethoven', 'Henry Ford Jr.'],
      published: '2020-05-15',
      arxivId: '2005.07513',
      arxivVersion: 2,
      categories: ['cs.LG'],
    });
    expect(a!.abstract).toBe('We fit pairs $(x, f(x))$ with code at https://github.com/x/v_Z9F2_eKk4 and get >90% accuracy.');
    expect(a!.links).toEqual(['https://github.com/x/v_Z9F2_eKk4']);
    expect(b).toMatchObject({ line: 17, title: 'Distributional View on Learning', arxivId: '2005.07513', arxivVersion: null, published: '2020-05-01', categories: null });
  });

  it('@techreport( … ) with parentheses, # concatenation, @string macros and a bare May', () => {
    const text = `@string{MCDERMOTT = "Drew McDermott"}
@techreport(AIM-259,
  author = MCDERMOTT # { and Gerald J. Sussman},
  title = "The {CONNIVER} Reference Manual",
  institution = "MIT AI Lab",
  month = May,
  year = 1972
)
@techreport(AIM-260, author = UNDEFINED # " and Someone Else", title = "Second", year = 1973, month = dec)
`;
    const d = parse(text);
    expect(d.problems).toEqual([]);
    expect(d.entries.map((e) => [e.line, e.title, e.authors, e.published])).toEqual([
      [2, 'The CONNIVER Reference Manual', ['Drew McDermott', 'Gerald J. Sussman'], '1972-05-01'],
      [9, 'Second', ['UNDEFINED', 'Someone Else'], '1973-12-01'],
    ]);
  });

  it('finds arXiv ids in every place exporters put them', () => {
    const text = String.raw`
@article{a, title = {A}, journal = {arXiv:2006.06872 [gr-qc, physics:hep-th]}}
@article{b, title = {B}, note = {arXiv:2306.06918 [cs.CL]}}
@article{c, title = {C}, journal = {arXiv e-prints}, pages = {astro-ph/0609591}}
@article{d, title = {D}, url = {https://arxiv.org/abs/arXiv:2411.13560}}
@article{e, title = {E}, doi = {10.48550/arXiv.2207.09434}}
@article{f, title = {F}, doi = {https://doi.org/10.1103/PhysRevD.82.103507}}
@article{g, title = {G}, url = {http://arxiv.org/pdf/2101.00002v2.pdf}}
@article{h, title = {H}, eprint = {12345678}, archiveprefix = {PubMed}}
@article{i, title = {I}, eprint = {hep-th/9901001v1}, archivePrefix = {arXiv}}
@article{j, title = {J}, pages = {1234.5678}}
@article{k, title = {K}, howpublished = {\url{https://arxiv.org/abs/2401.00001}}}
`;
    const got = parse(text).entries.map((e) => [e.title, e.arxivId, e.arxivVersion, e.doi, e.categories]);
    expect(got).toEqual([
      ['A', '2006.06872', null, null, ['gr-qc', 'hep-th']],
      ['B', '2306.06918', null, null, ['cs.CL']],
      ['C', 'astro-ph/0609591', null, null, null],
      ['D', '2411.13560', null, null, null],
      ['E', '2207.09434', null, '10.48550/arxiv.2207.09434', null],
      ['F', null, null, '10.1103/physrevd.82.103507', null],
      ['G', '2101.00002', 2, null, null],
      ['H', null, null, null, null],
      ['I', 'hep-th/9901001', 1, null, null],
      ['J', null, null, null, null],
      ['K', '2401.00001', null, null, null],
    ]);
  });

  it('decodes accents in every style, keeps <, > and %, strips \\textit markup', () => {
    const text = String.raw`@article{x,
  title = {Scaling to >100B Parameters with $\alpha$ < 1: H$_2$O and \textit{Italic} {\"O}zel -- 50\% more},
  author = {Wo{\l}ek, K. and {\v Z}i{\v z}ek, S. and Ja{\.z}d{\.z}ewski, K. and Pe{\~n}a, M. and Fran{\c c}ois, C. and {\"O}zel, F. and {Barnes, and Noble, Inc.}},
  year = {2021}, month = {June}
}`;
    const [e] = parse(text).entries;
    expect(e!.title).toBe('Scaling to >100B Parameters with α < 1: H₂O and Italic Özel – 50% more');
    expect(e!.authors).toEqual(['K. Wołek', 'S. Žižek', 'K. Jażdżewski', 'M. Peña', 'C. François', 'F. Özel', 'Barnes, and Noble, Inc.']);
    expect(e!.published).toBe('2021-06-01');
  });

  it('\\url and \\href: the text stays, the targets become links, % in a URL survives', () => {
    const text = String.raw`@misc{a,
  title = {Q\&A for $x$: see \url{https://x.org/a_b%20c}},
  abstract = {Para one.

Para two with \textbf{bold} and \href{https://y.org/p}{our page}.}
}`;
    const [e] = parse(text).entries;
    expect(e!.title).toBe('Q&A for x: see https://x.org/a_b%20c');
    expect(e!.abstract).toBe('Para one. Para two with bold and our page.');
    expect(e!.links).toEqual(['https://y.org/p']);
  });

  it('imports what it can around broken entries and says where the broken ones are', () => {
    const text = `@article{good1, title = {First}}

@article{broken, title = {Unbalanced {brace}, year = {2020}

@article{good2, title = {Second}}
@article{noequals, title {x}}
@article{notitle, year = {2020}}
@misc{good3,
  % a comment between fields, with } and { in it
  title = {Third}, abstract = {100% sure}
}
@book{cut,
  title = {Cut off`;
    const d = parse(text);
    expect(d.entries.map((e) => [e.line, e.title, e.abstract ?? null])).toEqual([
      [1, 'First', null],
      [5, 'Second', null],
      [8, 'Third', '100% sure'],
    ]);
    expect(d.problems.map((p) => [p.line, p.entry])).toEqual([
      [3, '@article{broken, title = {Unbalanced {brace}, year = {2020}'],
      [6, '@article{noequals, title {x}}'],
      [7, '@article{notitle'],
      [12, '@book{cut,'],
    ]);
    expect(d.problems[0]!.reason).toMatch(/not closed before the next entry at line 5/);
    expect(d.problems[1]!.reason).toMatch(/"title".*no "="/);
    expect(d.problems[2]!.reason).toMatch(/no title/);
    expect(d.problems[3]!.reason).toMatch(/file ends inside this entry/);
  });

  it('the 31-byte unterminated file: no papers, one problem, no crash', () => {
    const d = parse('@book{key,\n  title = {A book}\n');
    expect(d.entries).toEqual([]);
    expect(d.problems).toEqual([{ line: 1, entry: '@book{key,', reason: expect.stringMatching(/file ends inside this entry/) }]);
  });

  it('a file of only @string/@comment/@preamble is valid and empty', () => {
    const d = parse('@comment{jabref-meta: databaseType:bibtex;}\n@string{x = "y"}\n@preamble{"\\makeatletter"}\n');
    expect(d.entries).toEqual([]);
    expect(d.problems).toEqual([]);
  });

  it('refuses empty input and text that is not BibTeX, naming the file', () => {
    expectUnreadable(() => parse('  \n', 'empty.bib'), /^empty\.bib is empty/);
    expectUnreadable(() => parse('Just some notes, mail me@example.org', 'notes.bib'), /^notes\.bib line 1: no BibTeX entries/);
  });

  it('detects BibTeX, not RIS or prose', () => {
    expect(bibtexFormat.detect('@article{x,\n title = {T}\n}', null)).toBe(1);
    expect(bibtexFormat.detect('% comment\n\n@Misc(key, title = "T")', 'a.txt')).toBe(1);
    expect(bibtexFormat.detect('TY  - JOUR\nTI  - T\nER  - \n', 'a.ris')).toBe(0);
    expect(bibtexFormat.detect('Contact @alice{ or see https://arxiv.org/abs/2401.00001', null)).toBe(0);
    // Markdown that quotes a citation is the text importer's, unless the file says .bib.
    const md = '# Digest\n\nhttps://arxiv.org/abs/2401.00001\n\n```bibtex\n@article{x,\n title={T}}\n```\n';
    expect(bibtexFormat.detect(md, 'digest.md')).toBe(0.5);
    expect(bibtexFormat.detect(md, 'digest.bib')).toBe(1);
    expect(risFormat.detect(read('zotero-betterbibtex-latex-accents-astro.bib'), 'x.bib')).toBe(0);
  });
});

describe('bibtex: hostile input', () => {
  it('100,000 nested braces: no stack overflow, the text inside survives', () => {
    const deep = `@misc{a, title = {${'{'.repeat(100_000)}Deep title${'}'.repeat(100_000)} $x$}}\n@misc{b, title = {After}}\n`;
    const d = parse(deep);
    expect(d.entries.map((e) => e.title)).toEqual(['Deep title $x$', 'After']);
    const open = parse(`@misc{a, title = {${'{'.repeat(100_000)}x}\n@misc{b, title = {After}}\n`);
    expect(open.entries.map((e) => e.title)).toEqual(['After']);
    expect(open.problems).toHaveLength(1);
  });

  it('a 10 MB field', () => {
    const big = 'accurate r{\\\'e}sum{\\\'e} of 50% '.repeat(330_000);
    expect(big.length).toBeGreaterThan(9_900_000);
    const d = parse(`@misc{a, title = {Big}, abstract = {${big}}}\n@misc{b, title = {Small}}`);
    expect(d.entries).toHaveLength(2);
    expect(d.entries[0]!.abstract!.length).toBeGreaterThan(7_500_000);
    expect(d.entries[0]!.abstract!.startsWith('accurate résumé of 50% accurate')).toBe(true);
  });

  it('100,000 entries parse in a few seconds', () => {
    const parts: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      parts.push(
        `@article{k${i},\n  title = {Paper {{Number}} ${i} on Gal{\\'a}xies},\n  author = {Doe, Jane and M{\\"u}ller, Richard},\n  year = {2020}, month = jun,\n  eprint = {2001.${String(i).padStart(5, '0')}}, archivePrefix = {arXiv}\n}\n`,
      );
    }
    const text = parts.join('\n');
    const cpu0 = process.cpuUsage();
    const d = parse(text);
    const cpu = process.cpuUsage(cpu0);
    expect(d.entries).toHaveLength(100_000);
    expect(d.entries[99_999]).toMatchObject({ line: 99_999 * 7 + 1, title: 'Paper Number 99999 on Galáxies', authors: ['Jane Doe', 'Richard Müller'], arxivId: '2001.99999', published: '2020-06-01' });
    // About 2 s of CPU here. CPU time, not wall time, so a machine busy with other work does
    // not fail the test; a quadratic slip (minutes) still does.
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(7_000);
  });

  it('the corpus cut at every 997th character never throws and never invents entries', () => {
    const text = read('zotero-betterbibtex-latex-accents-astro.bib');
    for (let cut = 1; cut < text.length; cut += 997) {
      const piece = text.slice(0, cut);
      let d: ParsedDigest;
      try {
        d = parse(piece);
      } catch (e) {
        expect(e).toBeInstanceOf(LecternError);
        continue;
      }
      expect(d.entries.length).toBeLessThanOrEqual(countEntries(piece));
      expect(d.entries.length + d.problems.length).toBeGreaterThanOrEqual(countEntries(piece) - 1);
    }
  });

  it('junk: @ everywhere, one line of unclosed entries, quotes never closed', () => {
    expectUnreadable(() => parse('@'.repeat(1_000_000)), /no BibTeX entries/);
    const oneLine = parse('@a{x,t={'.repeat(100_000));
    expect(oneLine.entries).toEqual([]);
    expect(oneLine.problems).toHaveLength(1);
    const quotes = parse('@misc{a, title = "x'.repeat(50_000));
    expect(quotes.entries).toEqual([]);
    expect(parse(`@misc{a, title = {T}, author = {x${' '.repeat(1_000_000)}and${' '.repeat(1_000_000)}y}}`).entries[0]!.authors).toEqual(['x', 'y']);
  });
});
