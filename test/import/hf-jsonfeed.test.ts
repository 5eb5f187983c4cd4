import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cslJsonFormat } from '../../src/main/core/import/formats/csl-json';
import { hfJsonFormat } from '../../src/main/core/import/formats/hf-json';
import { hfJsonFeedFormat, parseHfJsonFeed } from '../../src/main/core/import/formats/hf-jsonfeed';
import { CORPUS } from '../helpers/paths';
import { cpuNow } from '../helpers/time';
import { expectUnreadable } from '../helpers/errors';

const FILE = path.join(CORPUS, 'hf-json', 'hf-papers-jsonfeed-v1-2025-06.json');
const text = fs.readFileSync(FILE, 'utf8');
const now = new Date('2026-11-25T12:00:00Z');
const ctx = { fileName: 'hf_papers.json', now };

const feed = (items: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Test feed', ...extra, items }, null, 2);

describe('hf-jsonfeed: Hugging Face papers JSON Feed', () => {
  it('is detected, and not confused with the other JSON formats', () => {
    expect(hfJsonFeedFormat.detect(text, 'hf_papers.json')).toBe(1);
    expect(hfJsonFormat.detect(text, 'hf_papers.json')).toBe(0);
    expect(cslJsonFormat.detect(text, 'hf_papers.json')).toBe(0);
    for (const dir of ['hf-json', 'csl-json']) {
      for (const f of fs.readdirSync(path.join(CORPUS, dir))) {
        if (f === path.basename(FILE)) continue;
        expect(hfJsonFeedFormat.detect(fs.readFileSync(path.join(CORPUS, dir, f), 'utf8'), f)).toBe(0);
      }
    }
    expect(hfJsonFeedFormat.detect('{"version": "https://jsonfeed.org/version/1", "items": []}')).toBe(0.3);
    expect(hfJsonFeedFormat.detect('<rss version="2.0"></rss>')).toBe(0);
  });

  it('reads the 4 papers: arXiv id from the URL, unwrapped title, abstract without the AI summary', () => {
    const d = parseHfJsonFeed(text, ctx);
    expect(d.format).toBe('hf-jsonfeed');
    expect(d.problems).toEqual([]);
    expect(d.entries.map((e) => e.arxivId)).toEqual(['2506.14965', '2506.15154', '2506.09827', '2506.14837']);
    expect(d.entries.map((e) => e.title)).toEqual([
      'Revisiting Reinforcement Learning for LLM Reasoning from A Cross-Domain Perspective',
      'SonicVerse: Multi-Task Learning for Music Feature-Informed Captioning',
      'EmoNet-Voice: A Fine-Grained, Expert-Verified Benchmark for Speech Emotion Detection',
      'Improved Iterative Refinement for Chart-to-Code Generation via Structured Instruction',
    ]);
    const first = d.entries[0]!;
    expect(first.abstract).toMatch(/^Reinforcement learning \(RL\) has emerged as a promising approach to improve large language model \(LLM\) reasoning/);
    expect(first.abstract).toMatch(/general-purpose reasoning at: https:\/\/github\.com\/LLM360\/Reasoning360$/);
    expect(first.links).toEqual(['https://github.com/LLM360/Reasoning360']);
    for (const e of d.entries) {
      expect(e.abstract).not.toMatch(/AI-generated summary|\t|\s{2}/);
      expect(e.arxivVersion).toBeNull();
      expect(e.authors).toBeNull();
      // date_published is the day the paper was listed on HF, not its arXiv date.
      expect(e.published).toBeNull();
      expect(e.line).toBe(1); // the whole feed is on one line
    }
    expect(d.entries[1]!.abstract).toMatch(/^Detailed captions that accurately reflect the characteristics of a music piece/);
    expect(d.entries[3]!.abstract).toMatch(/we propose \{ChartIR\}, an iterative refinement method/);
  });

  it('dates the digest from date_published, read as written (no time zone)', () => {
    const d = parseHfJsonFeed(text, ctx);
    expect(d.date).toBe('2025-06-20');
    expect(d.dateNote).toMatch(/without a time zone/);
    expect(d.name).toBe('Hugging Face Papers 2025-06-20');
    // 23:30 without a zone stays on its own day; it is not shifted by the machine's zone.
    const late = feed([{ id: 'https://huggingface.co/papers/2506.00001', url: 'https://huggingface.co/papers/2506.00001', title: 'X', date_published: '2025-06-20T23:30:00' }]);
    expect(parseHfJsonFeed(late, ctx).date).toBe('2025-06-20');
  });

  it('reads JSON Feed 1.1 authors, content_html, arXiv URLs, and reports bad items by line', () => {
    const text2 = feed([
      { id: 'a', url: 'https://arxiv.org/abs/2501.00001v3', title: 'Caf&eacute; models', authors: [{ name: 'Ada Lovelace' }, { name: '' }], content_html: '<p>First part.</p><p>Second &amp; last, see <a href="https://x.org">https://example.org/code</a>.</p>', external_url: 'https://example.org/project', date_published: '2025-01-01T10:00:00Z' },
      { id: 'b', url: 'https://huggingface.co/papers/2501.00002' },
      'not an item',
      { id: 'c', title: 'No id at all', author: { name: 'Solo Author' } },
    ]);
    const d = parseHfJsonFeed(text2, ctx);
    expect(d.entries).toHaveLength(2);
    expect(d.entries[0]).toMatchObject({
      title: 'Café models',
      arxivId: '2501.00001',
      arxivVersion: 3,
      authors: ['Ada Lovelace'],
      abstract: 'First part. Second & last, see https://example.org/code.',
      links: ['https://example.org/project', 'https://example.org/code'],
      line: 5,
    });
    expect(d.entries[1]).toMatchObject({ title: 'No id at all', arxivId: null, authors: ['Solo Author'], line: 26 });
    expect(d.problems).toEqual([
      { line: 21, entry: 'https://huggingface.co/papers/2501.00002', reason: 'no title' },
      { line: 25, entry: '"not an item"', reason: 'a feed item that is not an object' },
    ]);
    expect(d.date).toBe('2025-01-01');
    expect(d.dateNote).not.toMatch(/time zone/);
  });

  it('an empty feed is a valid digest with no papers; a broken one is refused', () => {
    const empty = parseHfJsonFeed(feed([]), ctx);
    expect(empty.entries).toEqual([]);
    expect(empty.name).toBe('Test feed');
    expect(expectUnreadable(() => parseHfJsonFeed('{"items": []}', ctx)).message).toMatch(/not a JSON Feed/);
    expect(expectUnreadable(() => parseHfJsonFeed('{"version": "https://jsonfeed.org/version/1", "items": "x"}', ctx)).message).toMatch(/"items" is not a list/);
    expect(expectUnreadable(() => parseHfJsonFeed(feed([{ id: 'x' }, { id: 'y' }]), ctx)).message).toMatch(/none of them a readable paper/);
    const cut = expectUnreadable(() => parseHfJsonFeed(text.slice(0, 3000), ctx));
    expect(cut.message).toMatch(/^hf_papers\.json line 1, column \d+: this JSON Feed is not valid JSON .*cut off/);
  });

  it('reads 100,000 items in a few seconds', () => {
    const many = feed(Array.from({ length: 100_000 }, (_, k) => ({ id: `https://huggingface.co/papers/2506.${String(k).padStart(5, '0')}`, title: `Paper ${k}`, content_text: 'AI. AI-generated summary Abstract.', date_published: '2025-06-20T07:55:47' })));
    const t = cpuNow();
    const d = parseHfJsonFeed(many, ctx);
    expect(d.entries).toHaveLength(100_000);
    expect(d.entries[99_999]).toMatchObject({ arxivId: '2506.99999', abstract: 'Abstract.', line: 5 + 6 * 99_999 }); // 6 lines per item after the 4-line header
    expect(cpuNow() - t).toBeLessThan(8000);
  });

  it('survives a 10 MB field', () => {
    const t = cpuNow();
    const big = parseHfJsonFeed(feed([{ id: 'https://huggingface.co/papers/2506.00001', title: 'Big', content_text: 'summary AI-generated summary ' + 'word '.repeat(2_000_000) }, { id: 'https://huggingface.co/papers/2506.00002', title: 'y'.repeat(10_000_000) }]), ctx);
    expect(big.entries).toHaveLength(1);
    expect(big.problems[0]!.reason).toMatch(/not a paper title/);
    expect(cpuNow() - t).toBeLessThan(8000);
  });

  it('survives deep nesting and empty input', () => {
    const deep = `{"version": "https://jsonfeed.org/version/1", "items": [${'['.repeat(200_000)}${']'.repeat(200_000)}]}`;
    expectUnreadable(() => hfJsonFeedFormat.parse(deep, ctx));
    expectUnreadable(() => parseHfJsonFeed('', ctx));
  });
});
