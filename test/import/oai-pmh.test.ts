import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LecternError } from '../../src/shared/errors';
import type { ParsedDigest } from '../../src/shared/parsed';
import { oaiPmhFormat } from '../../src/main/core/import/formats/oai-pmh';
import { CORPUS } from '../helpers/paths';
import { cpuNow } from '../helpers/time';
import { unreadableMessage } from '../helpers/errors';

const FILE = 'oai-pmh-2016-listrecords-cs-final-page.xml';
const now = new Date('2026-05-12T10:00:00Z');
const corpusText = () => fs.readFileSync(path.join(CORPUS, 'arxiv-atom', FILE), 'utf8');
let parsedCorpus: ParsedDigest | null = null;
const corpus = (): ParsedDigest => (parsedCorpus ??= oaiPmhFormat.parse(corpusText(), { fileName: FILE, now }));

function parse(text: string, fileName = 'harvest.xml'): ParsedDigest {
  return oaiPmhFormat.parse(text, { fileName, now });
}

const arxivRecord = (id: string, title: string, extra = '') =>
  `<record><header><identifier>oai:arXiv.org:${id}</identifier><datestamp>2024-01-02</datestamp><setSpec>cs</setSpec></header>` +
  `<metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>${id}</id><created>2024-01-01</created>` +
  `<authors><author><keyname>Doe</keyname><forenames>Jane</forenames></author></authors><title>${title}</title><categories>cs.AI</categories>${extra}</arXiv></metadata></record>`;
const envelope = (records: string, tail = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">\n<responseDate>2024-01-03T04:10:27Z</responseDate>\n<request verb="ListRecords" metadataPrefix="arXiv" set="cs">http://export.arxiv.org/oai2</request>\n<ListRecords>\n${records}\n${tail}</ListRecords>\n</OAI-PMH>\n`;

describe('OAI-PMH (metadataPrefix=arXiv): the real last page of a harvest', () => {
  it('detects the file and reads all 538 records', () => {
    const text = corpusText();
    expect(oaiPmhFormat.detect(text, FILE)).toBe(1);
    // grep -c '<record>' gives 538; none is marked deleted.
    const d = corpus();
    expect(d.format).toBe('oai-pmh');
    expect(d.problems).toEqual([]);
    expect(d.entries).toHaveLength(538);
    expect(d.date).toBe('2016-03-09');
    expect(d.name).toBe('arXiv OAI-PMH cs 2016-03-09 (records 102001–102538 of 102538)');
  });

  it('reads ids, titles, authors, dates, categories and abstracts', () => {
    const d = corpus();
    const first = d.entries[0]!;
    expect(first).toMatchObject({
      line: 6,
      arxivId: 'math/0611918',
      arxivVersion: null,
      title: 'Solving random equations in Garside groups using length functions',
      authors: ['Martin Hock', 'Boaz Tsaban'],
      published: '2006-11-29',
      categories: ['math.GR', 'cs.CR', 'math.AG'],
      doi: null,
    });
    expect(first.abstract).toMatch(/^We give a systematic exposition of memory-length algorithms for solving equations in noncommutative groups\./);
    expect(first.abstract).toContain('Length functions. After a self-contained introduction');
    const last = d.entries[537]!;
    expect(last).toMatchObject({
      arxivId: 'quant-ph/9912100',
      title: 'Quantum Computing, NP-complete Problems and Chaotic Dynamics',
      authors: ['Masanori Ohya', 'Igor V. Volovich'],
      published: '1999-12-21',
      categories: ['quant-ph', 'chao-dyn', 'cond-mat.mes-hall', 'cs.CC', 'nlin.CD', 'physics.atom-ph'],
    });
    // 168 records carry a <doi>.
    expect(d.entries.filter((e) => e.doi)).toHaveLength(168);
    expect(d.entries.find((e) => e.arxivId === 'physics/0405044')!.doi).toBe('10.1103/physreve.70.066123');
    expect(d.entries.every((e) => e.arxivId && e.title && e.authors?.length && e.published)).toBe(true);
  });

  it('decodes numeric character references and TeX left in names and abstracts', () => {
    const d = corpus();
    const byId = (id: string) => d.entries.find((e) => e.arxivId === id)!;
    // <keyname>Letr&#xe9;my</keyname> and <keyname>Letr{&#xe9;}my</keyname>
    expect(byId('math/0701142').authors).toEqual(['Eric De Bodt', 'Marie Cottrell', 'Patrick Letrémy', 'Michel Verleysen']);
    expect(byId('math/0702866').authors).toEqual(['Patrick Letrémy', 'Marie Cottrell', 'Eric Esposito', 'Valérie Laffite', 'Sally Showk']);
    expect(byId('physics/0405044').authors![0]).toBe('Harald Stögbauer');
    // Li\'{e}nard in the abstract; the math next to it stays as written.
    expect(byId('nlin/0603076').abstract).toMatch(/^Liénard equations, \$\\ddot\{x\}\+\\epsilon f\(x\)\\dot\{x\}\+x=0\$/);
    // <keyname>Forney,</keyname><forenames>G. David</forenames><suffix>Jr.</suffix>
    expect(byId('quant-ph/0501099').authors).toContain('G. David Forney Jr.');
  });
});

describe('OAI-PMH: other answers', () => {
  it('reports deleted records and keeps the rest', () => {
    const d = parse(
      envelope(
        arxivRecord('2401.00001', 'Kept') +
          '\n<record><header status="deleted"><identifier>oai:arXiv.org:2401.00002</identifier><datestamp>2024-01-02</datestamp></header></record>\n' +
          arxivRecord('2401.00003', 'Also kept'),
      ),
    );
    expect(d.entries.map((e) => e.arxivId)).toEqual(['2401.00001', '2401.00003']);
    expect(d.problems).toEqual([{ line: 7, entry: 'oai:arXiv.org:2401.00002', reason: 'the record is marked deleted in the repository' }]);
    expect(d.name).toBe('arXiv OAI-PMH cs 2024-01-03');
  });

  it('treats noRecordsMatch as an empty harvest and other OAI errors as unreadable', () => {
    const empty = `<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-03T00:00:00Z</responseDate><request verb="ListRecords">http://export.arxiv.org/oai2</request><error code="noRecordsMatch">No records</error></OAI-PMH>`;
    const d = parse(empty);
    expect(d.entries).toEqual([]);
    expect(d.problems).toEqual([]);
    const bad = empty.replace('code="noRecordsMatch">No records', 'code="badResumptionToken">The value of the resumptionToken argument is invalid or expired');
    expect(unreadableMessage(() => parse(bad, 'page2.xml'))).toMatch(/^page2\.xml line 1: .*badResumptionToken \("The value of the resumptionToken argument is invalid or expired"\)/);
  });

  it('refuses an answer to a verb that lists no records', () => {
    const identify = `<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-03T00:00:00Z</responseDate><request verb="Identify">http://export.arxiv.org/oai2</request><Identify><repositoryName>arXiv</repositoryName></Identify></OAI-PMH>`;
    expect(unreadableMessage(() => parse(identify, 'identify.xml'))).toMatch(/verb Identify/);
  });

  it('reads arXivRaw records (version history) and Dublin Core records', () => {
    const raw = `<record><header><identifier>oai:arXiv.org:0704.0002</identifier></header><metadata>
<arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/"><id>0704.0002</id><submitter>Louis Theran</submitter>
<version version="v1"><date>Sun, 1 Apr 2007 13:06:50 GMT</date><size>20kb</size></version>
<version version="v2"><date>Sat, 13 Dec 2008 17:26:00 GMT</date><size>20kb</size></version>
<title>Sparsity-certifying Graph Decompositions</title><authors>Ileana Streinu and Louis Theran</authors>
<categories>math.CO cs.CG</categories><abstract>We describe a new algorithm.</abstract></arXivRaw></metadata></record>`;
    const dc = `<record><header><identifier>oai:arXiv.org:0704.0001</identifier></header><metadata>
<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>Calculation of prompt diphoton production cross sections at Tevatron and LHC energies</dc:title>
<dc:creator>Bal\\'azs, C.</dc:creator><dc:creator>Berger, E. L.</dc:creator>
<dc:subject>High Energy Physics - Phenomenology</dc:subject>
<dc:description>A fully differential calculation in perturbative quantum chromodynamics is presented.</dc:description>
<dc:date>2007-04-02</dc:date><dc:date>2007-07-24</dc:date>
<dc:identifier>http://arxiv.org/abs/0704.0001</dc:identifier><dc:identifier>doi:10.1103/PhysRevD.76.013009</dc:identifier>
</oai_dc:dc></metadata></record>`;
    const d = parse(envelope(raw + '\n' + dc));
    expect(d.problems).toEqual([]);
    expect(d.entries[0]).toMatchObject({
      arxivId: '0704.0002',
      arxivVersion: 2,
      published: '2007-04-01',
      authors: ['Ileana Streinu', 'Louis Theran'],
      categories: ['math.CO', 'cs.CG'],
    });
    expect(d.entries[1]).toMatchObject({
      arxivId: '0704.0001',
      title: 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
      authors: ['C. Balázs', 'E. L. Berger'],
      published: '2007-04-02',
      doi: '10.1103/physrevd.76.013009',
    });
  });

  it('refuses a harvest in a metadata format it cannot read, naming the format', () => {
    const mods = `<record><header><identifier>oai:x:1</identifier></header><metadata><mods xmlns="http://www.loc.gov/mods/v3"><titleInfo><title>T</title></titleInfo></mods></metadata></record>`;
    expect(unreadableMessage(() => parse(envelope(mods), 'mods.xml'))).toMatch(/<mods>.*metadataPrefix=arXiv/);
  });
});

describe('OAI-PMH: hostile input', () => {
  it('does not expand a billion-laughs DOCTYPE', () => {
    const decl = Array.from({ length: 10 }, (_, i) =>
      i === 0 ? '<!ENTITY l0 "lol">' : `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`,
    ).join('\n');
    const text = envelope(arxivRecord('2401.00001', 'Laughs &l9;', '<abstract>&l9;&l9;</abstract>')).replace('<OAI-PMH', `<!DOCTYPE OAI-PMH [\n${decl}\n]>\n<OAI-PMH`);
    const t0 = cpuNow();
    const d = parse(text);
    expect(cpuNow() - t0).toBeLessThan(2000);
    expect(d.entries[0]!.title).toBe('Laughs &l9;');
    expect(JSON.stringify(d)).not.toContain('lollol');
  });

  it('refuses deep nesting without hanging', () => {
    const t0 = cpuNow();
    const deep = `<OAI-PMH>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</OAI-PMH>`;
    expect(unreadableMessage(() => parse(deep, 'deep.xml'))).toMatch(/nested more than/);
    expect(cpuNow() - t0).toBeLessThan(5000);
  });

  it('keeps the complete records of a cut-off harvest', () => {
    const text = corpusText();
    const at = text.indexOf('<id>quant-ph/0501099</id>');
    const d = parse(text.slice(0, at + 200), 'cut.xml');
    const before = text.slice(0, at).split('<record>').length - 2;
    expect(d.entries).toHaveLength(before);
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]!.reason).toMatch(/cut off/);
    expect(d.problems[0]!.line).toBe(text.slice(0, text.lastIndexOf('<record>', at)).split('\n').length);
  });

  it('reads a record with a 10 MB abstract', () => {
    const d = parse(envelope(arxivRecord('2401.00001', 'Big', `<abstract>${'x &#x160; '.repeat(1_000_000)}</abstract>`)));
    expect(d.entries[0]!.abstract!.length).toBeGreaterThan(3_900_000);
    expect(d.entries[0]!.abstract!.startsWith('x Š x Š')).toBe(true);
  });

  it('reads 100,000 records in a few seconds', () => {
    const parts: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const id = `2401.${String(i).padStart(5, '0')}`;
      parts.push(`<record><header><identifier>oai:arXiv.org:${id}</identifier></header><metadata><arXiv><id>${id}</id><title>T ${i}</title></arXiv></metadata></record>`);
    }
    const t0 = cpuNow();
    const d = parse(envelope(parts.join('\n')));
    expect(cpuNow() - t0).toBeLessThan(10_000);
    expect(d.entries).toHaveLength(100_000);
    expect(d.entries[99_999]).toMatchObject({ arxivId: '2401.99999', title: 'T 99999', line: 100_005 });
  });

  it('never fails with anything but a clear error when the harvest is cut anywhere', () => {
    const text = corpusText();
    const step = Math.floor(text.length / 16);
    for (let k = 1; k < text.length; k += step) {
      for (const part of [text.slice(0, k), text.slice(k, k + 60_000)]) {
        try {
          expect(parse(part, FILE).entries.length).toBeLessThanOrEqual(538);
        } catch (e) {
          expect(e).toBeInstanceOf(LecternError);
        }
      }
    }
  });
});
