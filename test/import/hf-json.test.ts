import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cslJsonFormat } from '../../src/main/core/import/formats/csl-json';
import { hfJsonFormat, parseHfJson } from '../../src/main/core/import/formats/hf-json';
import { hfJsonFeedFormat } from '../../src/main/core/import/formats/hf-jsonfeed';
import { parsePyLiteral, PyLiteralError } from '../../src/main/core/import/pyliteral';
import type { ParsedDigest } from '../../src/shared/parsed';
import { CORPUS } from '../helpers/paths';
import { cpuNow } from '../helpers/time';
import { expectUnreadable } from '../helpers/errors';

const DIR = path.join(CORPUS, 'hf-json');
const now = new Date('2026-11-25T12:00:00Z');
const read = (f: string) => fs.readFileSync(path.join(DIR, f), 'utf8');
const parse = (f: string, fileName: string | null = f): ParsedDigest => parseHfJson(read(f), { fileName, now });

describe('hf-json: Hugging Face daily_papers API', () => {
  it('detects every schema and refuses other JSON', () => {
    for (const f of [
      'hfapi-daily_papers-2024-05-27.json',
      'hfapi-daily_papers-2025-01-21.json',
      'hfapi-daily_papers-2026-01-02.json',
      'hfapi-daily_papers-2024-12-26-python-repr-strings.json',
      'hfapi-daily_papers-2025-01-10-wrapped-stringified.json',
    ]) {
      expect(hfJsonFormat.detect(read(f), f)).toBeGreaterThanOrEqual(0.9);
      expect(cslJsonFormat.detect(read(f), f)).toBe(0);
      expect(hfJsonFeedFormat.detect(read(f), f)).toBe(0);
    }
    expect(hfJsonFormat.detect(read('hf-papers-jsonfeed-v1-2025-06.json'), 'hf_papers.json')).toBe(0);
    for (const f of fs.readdirSync(path.join(CORPUS, 'csl-json'))) {
      expect(hfJsonFormat.detect(fs.readFileSync(path.join(CORPUS, 'csl-json', f), 'utf8'), f)).toBe(0);
    }
    expect(hfJsonFormat.detect('Title\n\nSome abstract', 'a.txt')).toBe(0);
    expect(hfJsonFormat.detect('[{"id": 1, "title": "x"}]', 'x.json')).toBe(0);
  });

  it('2024-05-27 (earliest schema): 13 papers with ids, unwrapped titles, authors, dates and upvotes', () => {
    const d = parse('hfapi-daily_papers-2024-05-27.json');
    expect(d.format).toBe('hf-json');
    expect(d.problems).toEqual([]);
    expect(d.entries).toHaveLength(13);
    expect(d.entries.map((e) => e.arxivId)).toEqual([
      '2405.15738', '2405.15574', '2405.15071', '2405.15032', '2405.15682', '2405.15319', '2405.14979',
      '2405.15223', '2405.14908', '2405.14906', '2405.15613', '2405.15216', '2405.15125',
    ]);
    expect(d.entries.map((e) => e.upvotes)).toEqual([32, 28, 19, 11, 10, 9, 9, 7, 7, 7, 5, 4, 3]);
    const first = d.entries[0]!;
    expect(first.title).toBe('ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models');
    expect(first.authors).toEqual(['Chunjiang Ge', 'Sijie Cheng', 'Ziming Wang', 'Jiale Yuan', 'Yuan Gao', 'Jun Song', 'Shiji Song', 'Gao Huang', 'Bo Zheng']);
    expect(first.published).toBe('2024-05-24');
    expect(first.arxivVersion).toBeNull();
    expect(first.line).toBe(2);
    expect(first.abstract).toMatch(/^High-resolution Large Multimodal Models \(LMMs\) encounter the challenges of excessive visual tokens/);
    expect(first.abstract).not.toMatch(/\n|\s{2}/);
    expect(first.links).toEqual(['https://github.com/alibaba/conv-llava']);
    expect(d.entries[1]!.line).toBe(89);
    expect(d.entries[9]!.title).toBe('AutoCoder: Enhancing Code Large Language Model with AIEV-Instruct');
    expect(d.entries[12]!.title).toBe('HDR-GS: Efficient High Dynamic Range Novel View Synthesis at 1000x Speed via Gaussian Splatting');
    expect(d.entries[12]!.authors).toEqual(['Yuanhao Cai', 'Zihao Xiao', 'Yixun Liang', 'Yulun Zhang', 'Xiaokang Yang', 'Yaoyao Liu', 'Alan Yuille']);
    expect(d.date).toBe('2024-05-27');
    expect(d.name).toBe('Hugging Face Daily Papers 2024-05-27');
  });

  it('2025-01-21: one paper, dated by the list day (posted 22:21 UTC the evening before)', () => {
    const d = parse('hfapi-daily_papers-2025-01-21.json', null);
    expect(d.entries).toHaveLength(1);
    const e = d.entries[0]!;
    expect(e).toMatchObject({
      arxivId: '2501.08325',
      title: 'GameFactory: Creating New Games with Generative Interactive Videos',
      authors: ['Jiwen Yu', 'Yiran Qin', 'Xintao Wang', 'Pengfei Wan', 'Di Zhang', 'Xihui Liu'],
      published: '2025-01-14',
      upvotes: 28,
      links: ['https://vvictoryuki.github.io/gamefactory/'],
    });
    // Without a file name: the posting time 2025-01-20T22:21Z falls in the 2025-01-21 list.
    expect(d.date).toBe('2025-01-21');
    expect(d.dateNote).toMatch(/22:00 UTC/);
    // With the scraper's file name, which agrees.
    expect(parse('hfapi-daily_papers-2025-01-21.json', '2025-01-21.json').date).toBe('2025-01-21');
  });

  it('2026-01-02: dated by submittedOnDailyAt, not the shifted top-level publishedAt; githubRepo and projectPage are links', () => {
    const d = parse('hfapi-daily_papers-2026-01-02.json', 'daily.json');
    expect(d.entries.map((e) => e.arxivId)).toEqual(['2512.24617', '2512.24165', '2512.22630']);
    expect(d.entries.map((e) => e.published)).toEqual(['2025-12-31', '2025-12-30', '2025-12-27']);
    expect(d.entries.map((e) => e.upvotes)).toEqual([12, 5, 3]);
    expect(d.entries.map((e) => e.line)).toEqual([2, 148, 221]);
    expect(d.date).toBe('2026-01-02');
    expect(d.dateNote ?? null).toBeNull();
    expect(d.entries[0]!.authors).toHaveLength(19);
    expect(d.entries[0]!.abstract).toMatch(/decoupled μP parametrization/);
    const diff = d.entries[1]!;
    expect(diff.title).toBe('DiffThinker: Towards Generative Multimodal Reasoning with Diffusion Models');
    expect(diff.links).toEqual(['https://github.com/lcqysl/DiffThinker', 'https://diffthinker-project.github.io/']);
    expect(d.entries[2]).toMatchObject({
      title: 'On the Role of Discreteness in Diffusion LLMs',
      authors: ['Ziqi Jin', 'Bin Wang', 'Xiang Lin', 'Lidong Bing', 'Aixin Sun'],
    });
  });

  it('reads the Python-repr-string items with the literal evaluator (4 papers)', () => {
    const d = parse('hfapi-daily_papers-2024-12-26-python-repr-strings.json', null);
    expect(d.problems).toEqual([]);
    expect(d.entries.map((e) => e.arxivId)).toEqual(['2412.18547', '2412.18609', '2412.18319', '2412.17780']);
    expect(d.entries.map((e) => e.upvotes)).toEqual([10, 0, 0, 0]);
    expect(d.entries.map((e) => e.line)).toEqual([2, 3, 4, 5]);
    expect(d.entries[0]).toMatchObject({
      title: 'Token-Budget-Aware LLM Reasoning',
      authors: ['Tingxu Han', 'Chunrong Fang', 'Shiyu Zhao', 'Shiqing Ma', 'Zhenyu Chen', 'Zhenting Wang'],
      published: '2024-12-24',
      links: ['https://github.com/GeniusHTX/TALE'],
    });
    expect(d.entries[0]!.abstract).toMatch(/^Reasoning is critical for large language models \(LLMs\) to excel in a wide range of tasks\./);
    // "video-language\nunderstanding" in the repr: an escaped line break, not a backslash and an n.
    expect(d.entries[1]!.title).toBe('Video-Panda: Parameter-efficient Alignment for Encoder-free Video-Language Models');
    expect(d.entries[1]!.abstract).toMatch(/^We present an efficient encoder-free approach for video-language understanding/);
    expect(d.entries[1]!.abstract).not.toMatch(/\\/);
    // A double-quoted repr string (the abstract holds an apostrophe): "model's effectiveness".
    expect(d.entries[1]!.abstract).toMatch(/our model's effectiveness/);
    expect(d.entries[3]!.title).toBe('PepTune: De Novo Generation of Therapeutic Peptides with Multi-Objective-Guided Discrete Diffusion');
    expect(d.date).toBe('2024-12-26');
  });

  it('reads the {status, date, count, data:[repr strings]} envelope (9 papers, dated by the envelope)', () => {
    const d = parse('hfapi-daily_papers-2025-01-10-wrapped-stringified.json');
    expect(d.problems).toEqual([]);
    expect(d.entries.map((e) => e.arxivId)).toEqual([
      '2501.05441', '2501.05453', '2501.05032', '2501.04003', '2501.05122', '2501.03489', '2501.05040', '2501.04377', '2501.04828',
    ]);
    expect(d.entries.map((e) => e.upvotes)).toEqual([51, 28, 23, 20, 12, 11, 8, 8, 6]);
    expect(d.entries[0]!.title).toBe('The GAN is dead; long live the GAN! A Modern GAN Baseline');
    expect(d.entries[0]!.line).toBe(6);
    expect(d.entries[8]!.authors).toEqual(['Şaziye Betül Özateş', 'Tarık Emre Tıraş', 'Ece Elif Adak', 'Berat Doğan', 'Fatih Burak Karagöz', 'Efe Eren Genç', 'Esma F. Bilgin Taşdemir']);
    expect(d.entries[1]!.links).toEqual(['https://brjathu.github.io/toto/']);
    expect(d.date).toBe('2025-01-10');
    expect(d.dateNote ?? null).toBeNull();
  });

  it('undoes a second level of escaping in scraped repr strings', () => {
    const item = `{'paper': {'id': '2412.10360', 'authors': [{'name': 'Orr Zohar', 'hidden': False}], 'publishedAt': '2024-12-13T18:53:24.000Z', 'title': 'Apollo: An Exploration of Video\\\\n  Understanding', 'summary': 'Despite the rapid integration\\\\nof video into large\\\\nmultimodal models, the\\\\nmechanisms; the \\\\\\\\nabla stays.', 'upvotes': 62}, 'publishedAt': '2024-12-15T23:38:35.355Z', 'title': 'Apollo'}`;
    const d = parseHfJson(JSON.stringify([item]), { fileName: '2024-12-16.json', now });
    expect(d.entries[0]!.title).toBe('Apollo: An Exploration of Video Understanding');
    expect(d.entries[0]!.abstract).toBe('Despite the rapid integration of video into large multimodal models, the mechanisms; the \\nabla stays.');
    expect(d.date).toBe('2024-12-16');
  });

  it('keeps the good papers and reports the bad ones', () => {
    const good = { paper: { id: '2501.00001', title: 'A good paper', authors: [{ name: 'A B', hidden: false }, { name: 'Hidden Person', hidden: true }], publishedAt: '2025-01-01T00:00:00.000Z', upvotes: 3 }, publishedAt: '2025-01-02T01:00:00.000Z' };
    const text = JSON.stringify([good, { title: 'no paper object' }, "{'paper': {'id': os.system('x')}}", 42, { paper: { id: '2501.00002', title: '   ' } }], null, 2);
    const d = parseHfJson(text, { fileName: 'mixed.json', now });
    expect(d.entries).toHaveLength(1);
    expect(d.entries[0]!.authors).toEqual(['A B']);
    expect(d.problems.map((p) => p.line)).toEqual([21, 24, 25, 26]);
    expect(d.problems[0]!.reason).toMatch(/no "paper" object/);
    expect(d.problems[1]!.reason).toMatch(/not a literal/);
    expect(d.problems[3]!.reason).toMatch(/no title/);
    expect(d.date).toBe('2025-01-02');
  });

  it('reads bare paper objects (api/papers) but not other JSON with ids and titles', () => {
    const bare = { id: '2501.00003', title: 'Bare', authors: [{ name: 'C D' }], summary: 'S.', upvotes: 1, publishedAt: '2025-01-03T00:00:00.000Z' };
    expect(parseHfJson(JSON.stringify([bare]), { fileName: 'p.json', now }).entries[0]).toMatchObject({ arxivId: '2501.00003', authors: ['C D'], published: '2025-01-03' });
    const csl = fs.readFileSync(path.join(CORPUS, 'csl-json', 'bbt-fixture-issue360-811-edtf-date-edge-cases.csl.json'), 'utf8');
    expect(expectUnreadable(() => parseHfJson(csl, { fileName: 'lib.json', now })).message).toMatch(/15 items\. None of its items is a readable paper\. First problem, at line 2: no "paper" object/);
  });

  it('an empty list is a valid digest with no papers', () => {
    expect(parseHfJson('[]', { fileName: 'daily_papers.json', now }).entries).toEqual([]);
  });

  it('refuses, clearly, files that are not daily papers or whose items are all unreadable', () => {
    expect(expectUnreadable(() => parseHfJson('{"a": 1}', { fileName: 'x.json', now })).message).toMatch(/^x\.json line 1: this JSON is not a Hugging Face daily papers list/);
    const allBad = JSON.stringify(["{'paper': {'id': '1'", "{'paper': None"], null, 1);
    const e = expectUnreadable(() => parseHfJson(allBad, { fileName: 'bad.json', now }));
    expect(e.message).toMatch(/Python-style records/);
    expect(e.message).toMatch(/line 2/);
  });

  it('refuses a truncated file, naming the line', () => {
    const text = read('hfapi-daily_papers-2024-05-27.json');
    const cut = text.slice(0, Math.floor(text.length / 2));
    const e = expectUnreadable(() => parseHfJson(cut, { fileName: 'cut.json', now }));
    expect(e.message).toMatch(/^cut\.json line \d+, column \d+: this Hugging Face daily papers file is not valid JSON/);
    expect(e.message).toMatch(/cut off/);
    const lines = cut.split('\n').length;
    expect(Number(/line (\d+)/.exec(e.message)![1])).toBeGreaterThanOrEqual(lines - 1);
  });

  const one = (k: number) => ({ paper: { id: `2501.${String(k).padStart(5, '0')}`, title: `Paper ${k}`, authors: [{ name: 'A B', hidden: false }], publishedAt: '2025-01-01T00:00:00.000Z', summary: 'Abstract.', upvotes: k % 50 }, publishedAt: '2025-01-02T01:00:00.000Z' });

  it('reads 100,000 papers in a few seconds', () => {
    const many = JSON.stringify(Array.from({ length: 100_000 }, (_, k) => one(k)));
    const t = cpuNow();
    const d = parseHfJson(many, { fileName: 'many.json', now });
    expect(d.entries).toHaveLength(100_000);
    expect(d.entries[99_999]!.arxivId).toBe('2501.99999');
    expect(cpuNow() - t).toBeLessThan(8000);
  });

  it('survives a 10 MB field', () => {
    const big = one(1);
    big.paper.summary = 'word '.repeat(2_000_000);
    const t = cpuNow();
    const dBig = parseHfJson(JSON.stringify([big, { ...one(2), paper: { ...one(2).paper, title: 'x'.repeat(10_000_000) } }]), { fileName: 'big.json', now });
    expect(dBig.entries).toHaveLength(1);
    expect(dBig.entries[0]!.abstract!.length).toBeGreaterThan(9_000_000);
    expect(dBig.problems[0]!.reason).toMatch(/not a paper title/);
    expect(cpuNow() - t).toBeLessThan(8000);
  });

  it('survives deep nesting and empty input', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(hfJsonFormat.detect(deep, 'deep.json')).toBe(0);
    expectUnreadable(() => parseHfJson(deep, { fileName: 'deep.json', now }));
    const deepRepr = JSON.stringify(["{'paper': " + '['.repeat(100_000) + ']'.repeat(100_000) + '}']);
    expect(expectUnreadable(() => parseHfJson(deepRepr, { fileName: 'deep2.json', now })).message).toMatch(/nested more than/);
    expectUnreadable(() => parseHfJson('', { fileName: 'empty.json', now }));
    expectUnreadable(() => parseHfJson('\uFEFF[{"paper": {"id": "2501.00001", "title": "x"', { fileName: 'cut.json', now }));
  });
});

describe('Python literal evaluator', () => {
  it('reads what repr() writes', () => {
    expect(parsePyLiteral(`{'a': [1, -2.5, 1e3, True, False, None], "b": ('t', 'u',), 'c': {}}`)).toEqual({ a: [1, -2.5, 1000, true, false, null], b: ['t', 'u'], c: {} });
    expect(parsePyLiteral(String.raw`'it\'s \"q\" \\ \n\t \x41 \u00e9 \U0001F600 \101'`)).toBe('it\'s "q" \\ \n\t A é 😀 A');
    expect(parsePyLiteral(`"don't"`)).toBe("don't");
    expect(parsePyLiteral(`'a' "b"  'c'`)).toBe('abc');
    expect(parsePyLiteral(`'''x'y'''`)).toBe("x'y");
    expect(parsePyLiteral(String.raw`r'\d+'`)).toBe('\\d+');
    expect(parsePyLiteral(String.raw`'\d'`)).toBe('\\d');
    expect(parsePyLiteral(`{1: 'x', None: 'y'}`)).toEqual({ 1: 'x', null: 'y' });
    const proto = parsePyLiteral(`{'__proto__': {'polluted': True}}`) as Record<string, unknown>;
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses anything that is not a literal, with the offset', () => {
    for (const bad of [`__import__('os')`, `{'a': 1`, `'abc`, `[1, 2 3]`, `{'a' 1}`, `datetime.datetime(2024, 1, 1)`, `{[1]: 2}`, `1j`, `'a\nb'`, ``]) {
      expect(() => parsePyLiteral(bad)).toThrow(PyLiteralError);
    }
    try {
      parsePyLiteral(`[1, 2, x]`);
    } catch (e) {
      expect((e as PyLiteralError).offset).toBe(7);
    }
    expect(() => parsePyLiteral('['.repeat(1000) + ']'.repeat(1000))).toThrow(/nested more than 256/);
  });
});
