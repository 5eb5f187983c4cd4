import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LecternError } from '../../src/shared/errors';
import type { ParseContext } from '../../src/shared/parsed';
import { plausibleArxivId, textFormat } from '../../src/main/core/import/formats/text';
import { CORPUS } from '../helpers/paths';
import { expectUnreadable } from '../helpers/errors';
import { cpuNow } from '../helpers/time';

const now = new Date('2026-08-01T12:00:00Z');
/** CPU time of this process in ms: unlike wall time, not inflated by other work on the machine. */
const cpuMs = cpuNow;
const ctx = (fileName: string | null = 'notes.md'): ParseContext => ({ fileName, now });
const read = (rel: string): string => fs.readFileSync(path.join(CORPUS, rel), 'utf8');
const VI = 'hf-text/hf-daily-digest-vi-gemini-2026-01-05.md';
const ZH = 'hf-text/hf-daily-zh-newsletter-2025-01-13.md';
const HIWEI = 'hf-text/hf-daily-papers-zh-gpt4-newsletter-2023-09-11.md';


function survive(text: string): void {
  try {
    textFormat.parse(text, ctx());
  } catch (e) {
    expect(e).toBeInstanceOf(LecternError);
  }
}

const parse = (text: string, fileName: string | null = 'notes.md') => textFormat.parse(text, ctx(fileName));

describe('text: corpus digests', () => {
  it('reads the Vietnamese digest: titles from "## N." headings, authors and dates from labels, GitHub links', () => {
    const text = read(VI);
    expect(textFormat.detect(text, VI)).toBe(0.3);
    const d = textFormat.parse(text, ctx(path.basename(VI)));
    expect(d.format).toBe('text');
    expect(d.name).toBe('🤗 Daily Hugging Face Paper Digest - 2026-01-05');
    expect(d.date).toBe('2026-01-05'); // the heading wins over "2026-01-06 10:22:28" on line 3
    expect(d.problems).toEqual([]);
    expect(d.entries).toHaveLength(2);
    expect(d.entries[0]).toMatchObject({
      line: 9,
      title: 'Youtu-Agent: Scaling Agent Productivity with Automated Generation and Hybrid Policy Optimization',
      arxivId: '2512.24615',
      arxivVersion: null,
      published: '2025-12-31',
      links: ['https://github.com/TencentCloudADP/youtu-agent'],
    });
    expect(d.entries[0]!.authors).toHaveLength(18);
    expect(d.entries[0]!.authors!.slice(0, 2)).toEqual(['Yuchen Shi', 'Yuzheng Cai']);
    expect(d.entries[1]).toMatchObject({
      line: 45,
      title: 'NeoVerse: Enhancing 4D World Model with in-the-wild Monocular Videos',
      arxivId: '2601.00393',
      published: '2026-01-01',
      authors: ['Yuxue Yang', 'Lue Fan', 'Ziqi Shi', 'Junran Peng', 'Feng Wang', 'Zhaoxiang Zhang'],
    });
  });

  it('reads the Chinese newsletter: English titles from "**原文标题：**", joined across the wrap', () => {
    const d = textFormat.parse(read(ZH), ctx(path.basename(ZH)));
    expect(d.name).toBe('Hugging Face 2025-01-13 论文日报');
    expect(d.date).toBe('2025-01-13');
    expect(d.entries.map((e) => e.arxivId)).toEqual(['2501.05874', '2501.05727', '2501.03841', '2501.06186', '2501.05707']);
    expect(d.entries[0]!.title).toBe('VideoRAG: Retrieval-Augmented Generation over Video Corpus');
    expect(d.entries[2]!.title).toBe('OmniManip: Towards General Robotic Manipulation via Object-Centric Interaction Primitives as Spatial Constraints');
    expect(d.entries[4]!.title).toBe('Multiagent Finetuning: Self Improvement with Diverse Reasoning Chains');
    expect(d.entries[0]!.line).toBe(11); // its "### 1." heading
    expect(d.entries.every((e) => e.authors === null && e.published === null)).toBe(true);
  });

  it('reads the hiwei93 newsletter: "##" titles (double spaces collapsed), ids from the HF link closing each section', () => {
    const d = textFormat.parse(read(HIWEI), ctx(path.basename(HIWEI)));
    expect(d.date).toBe('2023-09-11'); // 【2023-09-11】 in the heading
    expect(d.name).toBe('【2023-09-11】Huggingface 每日论文速览');
    expect(d.entries.map((e) => [e.arxivId, e.title])).toEqual([
      ['2309.03926', 'Large-Scale Automatic Audiobook Creation'],
      ['2309.04269', 'From Sparse to Dense: GPT-4 Summarization with Chain of Density Prompting'],
      ['2309.04354', 'Mobile V-MoEs: Scaling Down Vision Transformers via Sparse Mixture-of-Experts'],
      ['2309.04247', 'Towards Practical Capture of High-Fidelity Relightable Avatars'],
      ['2309.03907', 'DrugChat: Towards Enabling ChatGPT-Like Capabilities on Drug Molecule Graphs'],
    ]);
    // "[到 Huggingface 论文主页查看详情](…)" ("see details on the HF page") is not taken as a title.
    expect(d.entries.map((e) => e.line)).toEqual([10, 49, 86, 125, 164]);
  });

  it('reads a titles-only digest (hiwei93 without its links) as one entry per "##" title', () => {
    const stripped = read(HIWEI)
      .split('\n')
      .filter((l) => !l.includes('huggingface.co/papers/'))
      .join('\n');
    expect(stripped).not.toMatch(/\d{4}\.\d{5}/);
    expect(textFormat.detect(stripped, 'x.md')).toBeGreaterThan(0);
    expect(textFormat.detect(stripped, 'x.md')).toBeLessThan(0.3);
    const d = parse(stripped);
    expect(d.entries.map((e) => e.title)).toEqual([
      'Large-Scale Automatic Audiobook Creation',
      'From Sparse to Dense: GPT-4 Summarization with Chain of Density Prompting',
      'Mobile V-MoEs: Scaling Down Vision Transformers via Sparse Mixture-of-Experts',
      'Towards Practical Capture of High-Fidelity Relightable Avatars',
      'DrugChat: Towards Enabling ChatGPT-Like Capabilities on Drug Molecule Graphs',
    ]);
    expect(d.entries.every((e) => e.arxivId === null && e.doi === null)).toBe(true);
    expect(d.entries[0]!.line).toBe(10);
  });

  it('titles-only rules: numbered headings only, then title labels, then numbered list items', () => {
    const vi = read(VI)
      .split('\n')
      .filter((l) => !/https?:/.test(l))
      .join('\n');
    const a = parse(vi);
    // "## 📰 Summary of Papers" is skipped: some "##" headings are numbered, so only those count.
    expect(a.entries.map((e) => e.title)).toEqual([
      'Youtu-Agent: Scaling Agent Productivity with Automated Generation and Hybrid Policy Optimization',
      'NeoVerse: Enhancing 4D World Model with in-the-wild Monocular Videos',
    ]);
    expect(a.entries[1]!.published).toBe('2026-01-01');

    const zh = read(ZH)
      .split('\n')
      .filter((l) => !l.includes('/papers/') && !l.includes('arxiv.org'))
      .join('\n');
    const b = parse(zh);
    expect(b.entries).toHaveLength(5);
    expect(b.entries[2]!.title).toBe('OmniManip: Towards General Robotic Manipulation via Object-Centric Interaction Primitives as Spatial Constraints');

    const c = parse('Papers I liked this week\n\n1. Attention Is All You Need\n2. Deep Residual Learning for Image Recognition\n');
    expect(c.entries.map((e) => [e.line, e.title])).toEqual([
      [3, 'Attention Is All You Need'],
      [4, 'Deep Residual Learning for Image Recognition'],
    ]);
  });
});

describe('text: finding papers', () => {
  it('finds every id form once per paper, with the highest version', () => {
    const d = parse(
      [
        'see https://arxiv.org/abs/2501.12345v2 and arXiv:2501.12345v3 and https://arxiv.org/pdf/2501.12345.pdf',
        'old style hep-th/9901001 and arXiv:math.AG/0601001v2, and https://arxiv.org/abs/cond-mat/0102003',
        'HF https://huggingface.co/papers/2502.00001 and bare (2607.16051), 0704.0001 and arXiv: 1412.1234',
        'arXiv DOI 10.48550/arXiv.2401.00001 and https://doi.org/10.48550/arXiv.2401.00002 and doi:10.1145/3543507.3583301.',
        'https://dl.acm.org/doi/10.1145/1234567.8901234 and https://doi.org/10.1000/ABC(12)3',
      ].join('\n'),
    );
    expect(d.entries.map((e) => e.arxivId ?? `doi:${e.doi}`)).toEqual([
      '2501.12345',
      'hep-th/9901001',
      'math.AG/0601001',
      'cond-mat/0102003',
      '2502.00001',
      '2607.16051',
      '0704.0001',
      '1412.1234',
      '2401.00001',
      '2401.00002',
      'doi:10.1145/3543507.3583301',
      'doi:10.1145/1234567.8901234',
      'doi:10.1000/abc(12)3',
    ]);
    expect(d.entries[0]).toMatchObject({ arxivVersion: 3, title: 'arXiv:2501.12345', line: 1 });
    expect(d.entries[2]!.arxivVersion).toBe(2);
    expect(d.entries[10]).toMatchObject({ title: 'doi:10.1145/3543507.3583301', arxivId: null });
    expect(d.problems).toEqual([]);
  });

  it('does not take version numbers, dates, phone numbers or ids inside other URLs', () => {
    const noise = [
      'Version 1.2.3 released on 2023.09.13, see 2023.09 notes and build 2023.0913.',
      'Call +1 555.1234 or 2312.123456 or 2313.12345 or 0612.12345 or 1501.1234 or 0701.0001.',
      'Code: https://github.com/org/repo/blob/2501.12345/file and https://example.com/?id=2501.12345',
      'IP 192.168.1.1 and a price 1234.56 and v2501.12345',
    ].join('\n');
    expect(textFormat.detect(noise, 'x.txt')).toBe(0);
    expectUnreadable(() => parse(noise, 'noise.txt'), /noise\.txt/, /no arXiv ids/);
    expect(plausibleArxivId('2501.12345')).toBe(true);
    expect(plausibleArxivId('2513.12345')).toBe(false);
    expect(plausibleArxivId('2501.1234')).toBe(false);
    expect(plausibleArxivId('1409.1556')).toBe(true);
    expect(plausibleArxivId('hep-th/9901001')).toBe(true);
    expect(plausibleArxivId('hep-th/9913001')).toBe(false);
  });

  it('reports an "arXiv:" id that cannot exist, and keeps the rest', () => {
    const d = parse('Read arXiv:2313.12345 and arXiv:2501.00001 today');
    expect(d.entries.map((e) => e.arxivId)).toEqual(['2501.00001']);
    expect(d.problems).toEqual([{ line: 1, entry: 'arXiv:2313.12345', reason: expect.stringMatching(/not a valid arXiv id/) }]);
  });

  it('takes titles from link text, bold, headings with the link, and title labels; never from generic link text', () => {
    const d = parse(
      [
        '# Reading list 2026-07-20',
        '',
        '| Paper | Links |',
        '|---|---|',
        '| **2607.11683 — RAGU** | [arXiv](https://arxiv.org/abs/2607.11683) · [PDF](https://arxiv.org/pdf/2607.11683v2) |',
        '| **2607.16051 — π₀.₅: a “curly” model** | [abs](https://arxiv.org/abs/2607.16051) |',
        '',
        '- [Attention Is All You Need](https://arxiv.org/abs/1706.03762) &amp; more',
        '- **Deep Residual Learning** https://arxiv.org/abs/1512.03385',
        '- [HuggingFace](https://huggingface.co/papers/2401.00009) | [arXiv](https://arxiv.org/abs/2401.00009)',
        '- [VideoRAG：基于视频语料库的检索增强生成](https://arxiv.org/abs/2501.05874)',
        '',
        'Title: A Labelled Paper',
        'Authors: Ada Lovelace, Alan Turing and Grace Hopper',
        'Published: 2024-01-02',
        'Link: https://arxiv.org/abs/2401.01234 code https://github.com/x/y',
        '',
        '## [Korean Style Heading Link](https://arxiv.org/abs/1810.04805)',
      ].join('\n'),
      'list.md',
    );
    expect(d.name).toBe('Reading list 2026-07-20');
    expect(d.date).toBe('2026-07-20');
    expect(d.entries.map((e) => [e.arxivId, e.title])).toEqual([
      ['2607.11683', 'RAGU'],
      ['2607.16051', 'π₀.₅: a “curly” model'],
      ['1706.03762', 'Attention Is All You Need'],
      ['1512.03385', 'Deep Residual Learning'],
      ['2401.00009', 'arXiv:2401.00009'],
      ['2501.05874', 'arXiv:2501.05874'], // a translated title is not the paper's title
      ['2401.01234', 'A Labelled Paper'],
      ['1810.04805', 'Korean Style Heading Link'],
    ]);
    expect(d.entries[0]!.arxivVersion).toBe(2);
    expect(d.entries[6]).toMatchObject({
      line: 13,
      authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper'],
      published: '2024-01-02',
      links: ['https://github.com/x/y'],
    });
  });

  it('takes the title from a list item whose link sits on the indented line below', () => {
    const d = parse('1. Attention Is All You Need\n   https://arxiv.org/abs/1706.03762\n2. **Bold Title** (NeurIPS)\n   arXiv:1512.03385\n- great stuff\n  https://arxiv.org/abs/2401.00001\n');
    expect(d.entries.map((e) => [e.line, e.title])).toEqual([
      [1, 'Attention Is All You Need'],
      [3, 'Bold Title'],
      [6, 'arXiv:2401.00001'], // a bulleted remark is not a title
    ]);
  });

  it('does not use a document title or a shared heading as a paper title', () => {
    const single = parse('# My notes\n\nSomething about https://arxiv.org/abs/2501.00001 here.\n');
    expect(single.entries[0]!.title).toBe('arXiv:2501.00001');
    const shared = parse('# Digest\n\n## Vision\n\nhttps://arxiv.org/abs/2501.00001\nhttps://arxiv.org/abs/2501.00002\n\n## Language\n\nhttps://arxiv.org/abs/2501.00003\n');
    expect(shared.entries.map((e) => e.title)).toEqual(['arXiv:2501.00001', 'arXiv:2501.00002', 'Language']);
  });

  it('merges a DOI on the same line as one arXiv id into that paper', () => {
    const d = parse('- [Some Paper](https://arxiv.org/abs/2501.11111) (DOI: 10.1000/abc.123)\n- again 10.1000/abc.123\n- https://arxiv.org/abs/2501.22222 https://arxiv.org/abs/2501.33333 10.1000/xyz\n');
    expect(d.entries.map((e) => [e.arxivId, e.doi])).toEqual([
      ['2501.11111', '10.1000/abc.123'],
      ['2501.22222', null],
      ['2501.33333', null],
      [null, '10.1000/xyz'],
    ]);
  });

  it('reads pasted HTML as text', () => {
    const d = parse('<!DOCTYPE html><html><head><style>a{color:red}</style></head><body><h2>List</h2><ul><li><a href="https://arxiv.org/abs/2401.00001?x=1&amp;y=2">Nice &amp; Good</a></li></ul></body></html>');
    expect(d.entries).toEqual([expect.objectContaining({ arxivId: '2401.00001', title: 'Nice & Good' })]);
    // Entities are decoded exactly once, in HTML and in Markdown.
    const once = parse('<html><body><p><a href="https://arxiv.org/abs/2401.00003">Double &amp;amp; once</a></p><p>x</p><p>y</p></body></html>');
    expect(once.entries[0]!.title).toBe('Double &amp; once');
    expect(parse('- [Fish &amp; Chips](https://arxiv.org/abs/2401.00004)').entries[0]!.title).toBe('Fish & Chips');
  });

  it('dates: heading, early lines, then the file name (noted)', () => {
    expect(parse('Daily list for 2024/03/05\n\nhttps://arxiv.org/abs/2403.00001\n').date).toBe('2024-03-05');
    const f = parse('https://arxiv.org/abs/2403.00001\n', '20230911-hf-daily-papers.md');
    expect(f.date).toBe('2023-09-11');
    expect(f.dateNote).toMatch(/file name/);
    expect(f.name).toBe('20230911-hf-daily-papers');
    const g = parse('Title: X\nPublished: 2024-01-02\nhttps://arxiv.org/abs/2401.00001\n', null);
    expect(g.date).toBeNull(); // a paper's own date is not the digest's
    expect(g.name).toBe('Text digest');
  });

  it('refuses empty text and text without papers', () => {
    expectUnreadable(() => parse('', 'empty.md'), /empty\.md/, /empty/);
    expectUnreadable(() => parse('  \n\n', 'empty.md'), /empty/);
    expectUnreadable(() => parse('Just a note.\nNothing to see.', 'note.md'), /note\.md/);
    expect(textFormat.detect('Just a note.', null)).toBe(0);
  });

  it('claims structured files only weakly', () => {
    const json = read('hf-json/hfapi-daily_papers-2024-12-26-python-repr-strings.json');
    expect(textFormat.detect(json, 'x.json')).toBeLessThan(0.3);
    expect(textFormat.detect(read('email/arxiv-listing-cs-2024-11-21-excerpt-journalref-doi.txt'), 'x.txt')).toBe(0.3);
  });
});

describe('text: hostile input', () => {
  it('parses 100,000 papers in a few seconds', () => {
    const lines: string[] = ['# Big list 2026-01-01', ''];
    for (let i = 0; i < 100_000; i++) lines.push(`- [Paper number ${i}](https://arxiv.org/abs/25${String(1 + (i % 12)).padStart(2, '0')}.${String(i).padStart(5, '0')}v1)`);
    const t0 = cpuMs();
    const d = parse(lines.join('\n'));
    expect(cpuMs() - t0).toBeLessThan(10_000);
    expect(d.entries).toHaveLength(100_000);
    expect(d.entries[99_999]).toMatchObject({ title: 'Paper number 99999', arxivVersion: 1 });
  });

  it('survives 10 MB lines, deep nesting and pathological Markdown', () => {
    const t0 = cpuMs();
    const ten = 'x'.repeat(10_000_000);
    expect(parse(`# ${ten}\n\nhttps://arxiv.org/abs/2501.00001 ${ten}`).entries).toHaveLength(1);
    survive(`${' '.repeat(10_000_000)}2501.00001`);
    survive(`# ${' '.repeat(5_000_000)}#\n2501.00001`);
    survive('['.repeat(1_000_000) + 'https://arxiv.org/abs/2501.00001' + ')'.repeat(1_000_000));
    survive('**'.repeat(1_000_000) + ' 2501.00001');
    survive(`Title: ${'a '.repeat(2_000_000)}\n2501.00001`);
    survive('https://'.repeat(1_000_000));
    survive('10.1000/'.repeat(1_000_000));
    survive('arXiv: '.repeat(1_000_000));
    survive('#'.repeat(100_000) + '\n' + '> '.repeat(1_000_000) + '2501.00001');
    const nested = [];
    for (let i = 0; i < 100_000; i++) nested.push(`${'#'.repeat(1 + (i % 6))} h${i}\n2501.${String(i % 99999).padStart(5, '0')}`);
    survive(nested.join('\n'));
    survive('<div>'.repeat(100_000) + '<a href="https://arxiv.org/abs/2501.00001">x</a>');
    survive('<html><style>' + 'x'.repeat(1_000_000));
    survive('<html><a href="' + 'x'.repeat(1_000_000));
    expect(cpuMs() - t0).toBeLessThan(9000);
  });

  it('survives truncation of every corpus digest', () => {
    for (const rel of [VI, ZH, HIWEI]) {
      const text = read(rel);
      for (let cut = 0; cut <= text.length; cut += 173) survive(text.slice(0, cut));
    }
  });
});
