import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LecternError } from '../../src/shared/errors';
import type { ParseContext } from '../../src/shared/parsed';
import { arxivEmailFormat, parseMailDate, splitAuthors } from '../../src/main/core/import/formats/arxiv-email';
import { CORPUS } from '../helpers/paths';
import { cpuNow } from '../helpers/time';

const now = new Date('2026-08-01T12:00:00Z');
/** CPU time of this process in ms: unlike wall time, not inflated by other work on the machine. */
const cpuMs = cpuNow;
const ctx = (fileName: string | null = 'mail.txt'): ParseContext => ({ fileName, now });
const read = (rel: string): string => fs.readFileSync(path.join(CORPUS, rel), 'utf8');
const QFIN = 'email/arxiv-official-mailing-file-q-fin.CP-2023-03-17-with-headers.txt';
const CS = 'email/arxiv-listing-cs-2024-11-21-excerpt-journalref-doi.txt';
const DASHES = '-'.repeat(78);

function expectUnreadable(fn: () => unknown, ...parts: (string | RegExp)[]): LecternError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LecternError);
    const err = e as LecternError;
    expect(err.code).toBe('UNREADABLE');
    expect(err.message).toMatch(/Nothing was imported\.$/);
    for (const p of parts) expect(err.message).toMatch(p);
    return err;
  }
  throw new Error('expected an UNREADABLE LecternError');
}

/** Parses without ever letting anything but a LecternError escape. */
function survive(text: string): void {
  try {
    arxivEmailFormat.parse(text, ctx());
  } catch (e) {
    expect(e).toBeInstanceOf(LecternError);
  }
}

function entry(id: string, opts: { title?: string; authors?: string; date?: string; abstract?: string | null; cross?: boolean; replaced?: boolean } = {}): string {
  const lines = ['\\\\', `arXiv:${id}${opts.cross ? ' (*cross-listing*)' : ''}`];
  if (opts.replaced) lines.push(`replaced with revised version Tue, 20 Jan 2026 17:44:29 GMT   (306kb)`);
  else lines.push(`Date: ${opts.date ?? 'Wed, 15 Mar 2023 22:37:33 GMT'}   (1742kb,D)`);
  lines.push('', `Title: ${opts.title ?? `Paper ${id}`}`, `Authors: ${opts.authors ?? 'Ada Lovelace and Alan Turing'}`, 'Categories: cs.LG stat.ML');
  if (opts.abstract !== null) lines.push('\\\\', `  ${opts.abstract ?? 'We study things.'}`, 'More of the abstract.');
  lines.push(`\\\\ ( https://arxiv.org/abs/${id} ,  12kb)`);
  return lines.join('\n');
}

function mail(entries: string[], header = true): string {
  const pre = [
    ...(header ? ['Date: Fri, 17 Mar 23 00:51:30 GMT', 'Subject: cs.LG daily Subj-class mailing', ''] : []),
    DASHES,
    'Send any comments regarding submissions directly to submitter.',
    DASHES,
    'To unsubscribe, e-mail To: cs@arXiv.org, Subject: cancel',
    DASHES,
    ' Submissions to:',
    'Machine Learning',
    ' received from  Wed 15 Mar 23 18:00:00 GMT  to  Thu 16 Mar 23 18:00:00 GMT',
    DASHES,
    DASHES,
  ];
  return `${pre.join('\n')}\n${entries.join(`\n${DASHES}\n`)}\n%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---\n`;
}

describe('arXiv listing e-mail: corpus', () => {
  it('reads arXiv’s own q-fin.CP mailing file (2 papers: one new, one cross-list)', () => {
    const text = read(QFIN);
    expect(arxivEmailFormat.detect(text, QFIN)).toBeGreaterThanOrEqual(0.9);
    const d = arxivEmailFormat.parse(text, ctx(QFIN));
    expect(d.format).toBe('arxiv-email');
    expect(d.name).toBe('arXiv q-fin.CP 2023-03-17');
    expect(d.date).toBe('2023-03-17'); // from "Date: Fri, 17 Mar 23 00:51:30 GMT" (two-digit year)
    expect(d.dateNote ?? null).toBeNull();
    expect(d.problems).toEqual([]);
    expect(d.entries).toHaveLength(2);

    const [a, b] = d.entries;
    expect(a).toMatchObject({
      line: 17,
      arxivId: '2303.08968',
      arxivVersion: null,
      title: 'A parsimonious neural network approach to solve portfolio optimization problems without using dynamic programming',
      authors: ['Pieter M. van Staden', 'Peter A. Forsyth', 'Yuying Li'],
      published: '2023-03-15',
      categories: ['q-fin.CP'],
      doi: null,
    });
    expect(a!.abstract).toMatch(/^We present a parsimonious neural network approach, which does not rely on dynamic programming techniques/);
    expect(a!.abstract).toMatch(/\(iii\) generative adversarial network \(GAN\)-generated synthetic asset returns\.$/);
    expect(a!.abstract).not.toMatch(/\n|\\\\|1742kb/);

    expect(b).toMatchObject({
      line: 52,
      arxivId: '2303.09406',
      title: 'Stock Price Prediction Using Temporal Graph Model with Value Chain Data',
      authors: ['Chang Liu', 'Sandra Paterlini'],
      published: '2023-03-07', // the cross-list keeps its own submission date
      categories: ['q-fin.ST', 'cs.LG', 'q-fin.CP'],
    });
  });

  it('reads the pasted cs excerpt: wrapped titles, a name wrapped in two, DOI, date from the preamble', () => {
    const text = read(CS);
    expect(arxivEmailFormat.detect(text, CS)).toBeGreaterThanOrEqual(0.9);
    const d = arxivEmailFormat.parse(text, ctx(CS));
    expect(d.entries).toHaveLength(2);
    expect(d.problems).toEqual([]);
    expect(d.name).toBe('arXiv cs 2024-11-21');
    expect(d.date).toBe('2024-11-21');
    expect(d.dateNote).toMatch(/no Date header.*submission window.*line 12/);

    const [a, b] = d.entries;
    expect(a!.title).toBe('AMSnet-KG: A Netlist Dataset for LLM-based AMS Circuit Auto-Design Using Knowledge Graph RAG');
    expect(a!.arxivId).toBe('2411.13560');
    expect(a!.published).toBe('2024-11-07');
    expect(a!.authors).toHaveLength(12);
    expect(a!.authors).toContain('Yaxing Wang'); // "Yaxing\n  Wang"
    expect(a!.authors!.at(-1)).toBe('Lei He');
    expect(a!.categories).toEqual(['cs.AI', 'cs.ET', 'eess.SP']);
    expect(a!.abstract).toMatch(/^High-performance analog and mixed-signal \(AMS\) circuits/);
    expect(a!.abstract).toMatch(/publishing of this paper\.$/);

    expect(b).toMatchObject({
      arxivId: '2411.13566',
      title: 'Integrated Water Resource Management in the Segura Hydrographic Basin: An Artificial Intelligence Approach',
      authors: ['Urtzi Otamendi', 'Mikel Maiza', 'Igor G. Olaizola', 'Basilio Sierra', 'Markel Flores', 'Marco Quartulli'],
      doi: '10.1016/j.jenvman.2024.122526',
      published: '2024-11-11',
    });
    expect(b!.abstract).toMatch(/\(\$hm\^3\$\) of water/);
  });

  it('does not claim other corpus files', () => {
    for (const rel of ['hf-text/hf-daily-zh-newsletter-2025-01-13.md', 'hf-text/hf-daily-digest-vi-gemini-2026-01-05.md', 'ris/email-converter-output-arxiv.ris', 'bibtex/email-converter-output-arxiv.bib']) {
      expect(arxivEmailFormat.detect(read(rel), rel)).toBe(0);
    }
  });
});

describe('arXiv listing e-mail: layout variants', () => {
  it('handles cross-lists, replacements without abstract, TeX accents and every author-list style', () => {
    const text = mail([
      entry('2303.00001', { authors: 'Joan Sol\\`a, Ren{\\\'e} Desc{\\^a}rtes, and Kurt G\\"odel' }),
      entry('2303.00002', { authors: 'A. One and B. Two and C. Three', cross: true }),
      entry('2301.00003', { replaced: true, abstract: null, authors: 'Erd\\H{o}s P\\\'al (R\\\'enyi Institute), Jr Smith, Jr.' }),
    ]);
    const d = arxivEmailFormat.parse(text, ctx());
    expect(d.name).toBe('arXiv cs.LG 2023-03-17');
    expect(d.entries.map((e) => e.arxivId)).toEqual(['2303.00001', '2303.00002', '2301.00003']);
    expect(d.entries[0]!.authors).toEqual(['Joan Solà', 'René Descârtes', 'Kurt Gödel']);
    expect(d.entries[1]!.authors).toEqual(['A. One', 'B. Two', 'C. Three']);
    const repl = d.entries[2]!;
    expect(repl.abstract).toBeNull();
    expect(repl.published).toBeNull(); // "replaced with revised version <date>" is not the publication date
    expect(repl.authors).toEqual(['Erdős Pál', 'Jr Smith, Jr.']);
    expect(repl.title).toBe('Paper 2301.00003');
  });

  it('reads CRLF mails, old-style ids and "Paper:" lines, and skips a repeated id', () => {
    const old = entry('hep-th/9901001', { date: 'Fri, 1 Jan 1999 10:00:00 GMT' }).replace('arXiv:hep-th/9901001', 'Paper: hep-th/9901001');
    const text = mail([old, entry('2303.00001'), entry('2303.00001')]).replace(/\n/g, '\r\n');
    const d = arxivEmailFormat.parse(text, ctx());
    expect(d.entries.map((e) => [e.arxivId, e.published])).toEqual([
      ['hep-th/9901001', '1999-01-01'],
      ['2303.00001', '2023-03-15'],
    ]);
    expect(d.entries[1]!.abstract).toBe('We study things. More of the abstract.');
  });

  it('keeps good entries and reports the bad ones with their line', () => {
    const noTitle = entry('2303.00009').replace(/Title: .*\n/, '');
    const badId = entry('2303.00001').replace('arXiv:2303.00001', 'arXiv:not-an-id');
    const text = mail([entry('2303.00005'), noTitle, badId]);
    const d = arxivEmailFormat.parse(text, ctx());
    expect(d.entries.map((e) => e.arxivId)).toEqual(['2303.00005']);
    expect(d.problems).toHaveLength(2);
    expect(d.problems[0]).toMatchObject({ reason: expect.stringMatching(/no Title/) });
    expect(text.split('\n')[d.problems[0]!.line - 1]).toBe('arXiv:2303.00009');
    expect(d.problems[1]!.reason).toMatch(/"not-an-id" is not an arXiv id/);
  });

  it('reports a mail cut off inside its last entry, keeping the entries before it', () => {
    const full = mail([entry('2303.00001'), entry('2303.00002', { abstract: 'A long abstract that is cut' })]);
    const cut = full.slice(0, full.indexOf('A long abstract that is cut') + 10);
    const d = arxivEmailFormat.parse(cut, ctx());
    expect(d.entries.map((e) => e.arxivId)).toEqual(['2303.00001']);
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]!.reason).toMatch(/cut off/);
    expect(d.problems[0]!.entry).toBe('Paper 2303.00002');
  });

  it('accepts a listing with no papers (empty day) but refuses text that is no listing', () => {
    const empty = arxivEmailFormat.parse(mail([]), ctx('empty.txt'));
    expect(empty.entries).toEqual([]);
    expect(empty.date).toBe('2023-03-17');
    expectUnreadable(() => arxivEmailFormat.parse('Hello,\nsee you tomorrow.\n', ctx('note.txt')), /note\.txt/, /not an arXiv listing/);
    expectUnreadable(() => arxivEmailFormat.parse('', ctx('blank.txt')), /blank\.txt/);
  });

  it('parses mail dates in both formats', () => {
    expect(parseMailDate('Fri, 17 Mar 23 00:51:30 GMT')).toBe('2023-03-17');
    expect(parseMailDate('Thu, 7 Nov 2024 02:49:53 GMT   (31214kb,D)')).toBe('2024-11-07');
    expect(parseMailDate('Tue, 28 Jul 2026 09:15:02 -0500')).toBe('2026-07-28');
    expect(parseMailDate('Mon, 3 May 99 10:00:00 GMT')).toBe('1999-05-03');
    expect(parseMailDate('31 Feb 2024')).toBeNull();
    expect(splitAuthors('A, B, and C')).toEqual(['A', 'B', 'C']);
    expect(splitAuthors('A (1), B (2) ((1) MIT, (2) Inria)')).toEqual(['A', 'B']);
  });
});

describe('arXiv listing e-mail: hostile input', () => {
  it('parses 100,000 entries in a few seconds', () => {
    const one = entry('2303.00001');
    const parts: string[] = [];
    for (let i = 0; i < 100_000; i++) parts.push(one.replaceAll('2303.00001', `23${String(1 + (i % 12)).padStart(2, '0')}.${String(10000 + i).slice(-5)}`));
    const text = mail(parts);
    const t0 = cpuMs();
    const d = arxivEmailFormat.parse(text, ctx());
    const ms = cpuMs() - t0;
    expect(d.problems).toEqual([]);
    expect(d.entries.length).toBe(100_000);
    expect(ms).toBeLessThan(10_000);
  });

  it('survives a 10 MB abstract, title and author field', () => {
    const big = 'word '.repeat(2_000_000);
    const d = arxivEmailFormat.parse(mail([entry('2303.00001', { abstract: big }), entry('2303.00002')]), ctx());
    expect(d.entries).toHaveLength(2);
    expect(d.entries[0]!.abstract!.length).toBeGreaterThan(9_000_000);
    const t0 = cpuMs();
    survive(mail([entry('2303.00003', { title: 'x'.repeat(10_000_000), authors: `${'('.repeat(100_000)}A${')'.repeat(100_000)} and ${' '.repeat(1_000_000)}B` })]));
    survive(`\\\\\narXiv:2303.00004\nDate: ${'Mon, '.repeat(1_000_000)}\n`);
    survive(`${' '.repeat(5_000_000)}\\\\ ( http${'s'.repeat(1_000_000)}`);
    expect(cpuMs() - t0).toBeLessThan(10_000);
  });

  it('survives truncation at any point and random junk', () => {
    const text = read(QFIN);
    for (let cut = 0; cut <= text.length; cut += 97) survive(text.slice(0, cut));
    for (let cut = 0; cut <= text.length; cut += 211) survive(text.slice(cut));
    survive('\\\\\n'.repeat(200_000));
    survive('\\\\\narXiv:2303.00001\n'.repeat(50_000));
    survive('%-%-%-\n'.repeat(100_000));
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = ['\\\\', '\n', 'arXiv:2303.00001', 'Title: ', 'Authors: ', '  ', '(', ')', DASHES, 'Date: ', ' and ', ','];
    for (let k = 0; k < 50; k++) {
      let s = '';
      for (let j = 0; j < 300; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      survive(s);
    }
  });
});
