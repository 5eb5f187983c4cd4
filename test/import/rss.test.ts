import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LecternError } from '../../src/shared/errors';
import type { DigestFormat, ParsedDigest } from '../../src/shared/parsed';
import { arxivAtomFormat } from '../../src/main/core/import/formats/arxiv-atom';
import { arxivRssFormat } from '../../src/main/core/import/formats/arxiv-rss';
import { hfRssFormat } from '../../src/main/core/import/formats/hf-rss';
import { CORPUS } from '../helpers/paths';
import { cpuNow } from '../helpers/time';
import { unreadableMessage } from '../helpers/errors';

const DIR = path.join(CORPUS, 'rss');
const ARXIV = 'arxiv-rss2-cs.AI-2026-04-27-trimmed-3-items.xml';
const CN = 'derived-arxiv-rss-cn-chat-ncr-escaped-old-title-convention.xml';
const EMPTY = 'derived-arxiv-rss-empty-channel-no-items.xml';
const now = new Date('2026-04-28T10:00:00Z');

const read = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');
const parseWith = (f: DigestFormat, text: string, fileName = 'feed.xml'): ParsedDigest => f.parse(text, { fileName, now });
const parse = (text: string, fileName = 'feed.xml') => parseWith(arxivRssFormat, text, fileName);

const item = (n: number, extra = '') =>
  `<item><title>Paper ${n}</title><link>https://arxiv.org/abs/2604.${String(n).padStart(5, '0')}</link>` +
  `<description>arXiv:2604.${String(n).padStart(5, '0')}v1 Announce Type: new \nAbstract: Abstract ${n}.</description>` +
  `<guid isPermaLink="false">oai:arXiv.org:2604.${String(n).padStart(5, '0')}v1</guid><category>cs.AI</category>` +
  `<pubDate>Mon, 27 Apr 2026 00:00:00 -0400</pubDate><dc:creator>Ann Author, Bob Writer</dc:creator>${extra}</item>`;
const channel = (items: string) =>
  `<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">\n<channel>\n<title>cs.AI updates on arXiv.org</title>\n<link>http://rss.arxiv.org/rss/cs.AI</link>\n<pubDate>Mon, 27 Apr 2026 00:00:00 -0400</pubDate>\n${items}\n</channel>\n</rss>\n`;

describe('arXiv RSS (2024+ format): the real cs.AI feed', () => {
  it('detects it and reads its 3 items', () => {
    const text = read(ARXIV);
    expect(arxivRssFormat.detect(text, ARXIV)).toBe(1);
    expect(hfRssFormat.detect(text, ARXIV)).toBe(0);
    const d = parse(text, ARXIV);
    expect(d.format).toBe('arxiv-rss');
    expect(d.problems).toEqual([]);
    expect(d.entries).toHaveLength(3);
    expect(d.date).toBe('2026-04-27');
    expect(d.name).toBe('arXiv cs.AI RSS 2026-04-27');
  });

  it('takes the id from the description, the abstract after "Abstract:", and all dc:creator authors', () => {
    const d = parse(read(ARXIV), ARXIV);
    const [first, second, third] = d.entries;
    expect(first).toMatchObject({
      line: 16,
      title: 'Math Takes Two: A test for emergent mathematical reasoning in communication',
      arxivId: '2604.21935',
      arxivVersion: 1,
      authors: ['Michael Cooper', 'Samuel Cooper'],
      categories: ['cs.AI', 'cs.LG'],
      published: '2026-04-27',
    });
    expect(first!.abstract).toMatch(/^Although language models demonstrate remarkable proficiency on mathematical benchmarks,/);
    expect(first!.abstract).toMatch(/emergent numerical reasoning capabilities\.$/);
    expect(first!.abstract).not.toMatch(/Announce Type|arXiv:2604/);
    expect(second!.arxivId).toBe('2604.21936');
    expect(second!.authors).toHaveLength(18);
    expect(second!.authors![0]).toBe('Lianrui Zuo');
    expect(second!.authors![17]).toBe('Bennett A. Landman');
    expect(second!.categories).toEqual(['cs.AI', 'cs.CV', 'cs.MA']);
    expect(second!.abstract).toContain('\\textbf{adaptability}');
    expect(third!.title).toBe('MolClaw: An Autonomous Agent with Hierarchical Skills for Drug Molecule Evaluation, Screening, and Optimization');
    expect(third!.authors).toHaveLength(17);
  });

  it('gives no publication date to replacements (they were published earlier)', () => {
    const d = parse(channel(item(1) + item(2, '<arxiv:announce_type>replace</arxiv:announce_type>').replace('2604.00002v1', '2604.00002v3').replace('2604.00002v1', '2604.00002v3')));
    expect(d.entries.map((e) => [e.arxivId, e.arxivVersion, e.published])).toEqual([
      ['2604.00001', 1, '2026-04-27'],
      ['2604.00002', 3, null],
    ]);
  });
});

describe('derived feeds in the old arXiv RSS convention', () => {
  it('reads the real titles and ids of the cn-chat-arxiv feed from the description (19 items)', () => {
    const text = read(CN);
    expect(arxivRssFormat.detect(text, CN)).toBeGreaterThanOrEqual(0.8);
    expect(hfRssFormat.detect(text, CN)).toBe(0);
    // grep -o '<item>' | wc -l gives 19.
    const d = parse(text, CN);
    expect(d.problems).toEqual([]);
    expect(d.entries).toHaveLength(19);
    expect(d.name).toBe('Chinese Chat Arxiv CL');
    expect(d.date ?? null).toBeNull();
    expect(d.entries[0]).toMatchObject({
      line: 1,
      title: 'Rewarding Chatbots for Real-World Engagement with Millions of Users',
      arxivId: '2303.06135',
      arxivVersion: 1,
      categories: ['cs.CL'],
      authors: null,
      // The body is a Chinese summary, not the paper's abstract.
      abstract: null,
      published: null,
    });
    expect(d.entries.map((e) => e.arxivId)).toContain('2210.03629');
    // "…Generation?. (arXiv:…)": only the convention's period is dropped.
    expect(d.entries[3]!.title).toBe('Is In-hospital Meta-information Useful for Abstractive Discharge Summary Generation?');
    // "(arXiv:2303.03387v2 [cs.LG] UPDATED)"
    expect(d.entries[9]).toMatchObject({ arxivId: '2303.03387', arxivVersion: 2, categories: ['cs.LG'], title: 'CoSyn: Detecting Implicit Hate Speech in Online Conversations Using a Context Synergized Hyperbolic Network' });
    expect(d.entries.every((e) => !/[\u4e00-\u9fff]/.test(e.title))).toBe(true);
  });

  it('imports the empty channel as zero papers, without an error', () => {
    const d = parse(read(EMPTY), EMPTY);
    expect(d.entries).toEqual([]);
    expect(d.problems).toEqual([]);
    expect(d.name).toBe('Chinese Chat Arxiv CL');
  });

  it('reads the pre-2024 RSS 1.0 (RDF) arXiv feed: title convention, HTML description and creators', () => {
    const rdf = `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://arxiv.org/">
<title>cs.CL updates on arXiv.org</title>
<dc:date>2023-04-06T20:30:00-05:00</dc:date>
</channel>
<item rdf:about="http://arxiv.org/abs/2304.01974">
<title>Self-Refine Revisited: A Study. (arXiv:2304.01974v1 [cs.CL])</title>
<link>http://arxiv.org/abs/2304.01974</link>
<description rdf:parseType="Literal">&lt;p&gt;We study &amp;quot;refinement&amp;quot; &amp;amp; more; code at https://github.com/example/refine.&lt;/p&gt;</description>
<dc:creator> &lt;a href="http://arxiv.org/find/cs/1/au:+Doe_J/0/1/0/all/0/1"&gt;Jane Doe&lt;/a&gt;, &lt;a href="http://arxiv.org/find/cs/1/au:+Sm_A/0/1/0/all/0/1"&gt;Ana Sm&amp;#xed;th&lt;/a&gt;</dc:creator>
</item>
<item rdf:about="http://arxiv.org/abs/2211.01910">
<title>Large Language Models Are Human-Level Prompt Engineers. (arXiv:2211.01910v2 [cs.LG] UPDATED)</title>
<link>http://arxiv.org/abs/2211.01910</link>
<description rdf:parseType="Literal">&lt;p&gt;By conditioning on natural language instructions.&lt;/p&gt;</description>
<dc:creator>&lt;a href="x"&gt;Yongchao Zhou&lt;/a&gt;</dc:creator>
</item>
</rdf:RDF>`;
    expect(arxivRssFormat.detect(rdf, 'old.rdf')).toBeGreaterThanOrEqual(0.9);
    const d = parse(rdf, 'old.rdf');
    expect(d.problems).toEqual([]);
    expect(d.date).toBe('2023-04-06');
    expect(d.name).toBe('arXiv cs.CL RSS 2023-04-06');
    expect(d.entries[0]).toMatchObject({
      line: 7,
      title: 'Self-Refine Revisited: A Study',
      arxivId: '2304.01974',
      arxivVersion: 1,
      categories: ['cs.CL'],
      authors: ['Jane Doe', 'Ana Smíth'],
      abstract: 'We study "refinement" & more; code at https://github.com/example/refine.',
      links: ['https://github.com/example/refine'],
      published: '2023-04-06',
    });
    expect(d.entries[1]).toMatchObject({ arxivId: '2211.01910', arxivVersion: 2, published: null, authors: ['Yongchao Zhou'] });
  });
});

describe('RSS quirks', () => {
  it('takes text as already decoded when the declared encoding lies', () => {
    // The aggregator feed says iso-8859-1 but holds UTF-8; the text reaches the importer as a
    // JavaScript string already decoded, so nothing may be decoded again.
    const text = `<?xml version="1.0" encoding="iso-8859-1"?>
<rss version="2.0"><channel><title>Aggregator</title><pubDate>Tue, 28 Apr 2026 08:00:00 +0800</pubDate>
<item><title>[1] [大V/权威] Größere Modelle 🚀: Café-Tests</title><link>https://arxiv.org/abs/2604.12345</link>
<description>&lt;p&gt;摘要 with &amp;lt;b&amp;gt; and é&lt;/p&gt;</description><pubDate>Tue, 28 Apr 2026 08:00:00 +0800</pubDate></item>
</channel></rss>`;
    const d = parse(text, 'aggregator.xml');
    expect(d.entries).toHaveLength(1);
    // The aggregator's rank and label ("[1] [大V/权威]") are not part of the paper's title.
    expect(d.entries[0]!.title).toBe('Größere Modelle 🚀: Café-Tests');
    expect(d.entries[0]!.arxivId).toBe('2604.12345');
    expect(d.entries[0]!.abstract).toBe('摘要 with <b> and é');
    expect(d.date).toBe('2026-04-28');
  });

  it('keeps bracketed words that belong to a title', () => {
    const d = parse(
      `<rss version="2.0"><channel><title>Aggregator</title>` +
        `<item><title>[Re] Reproducing [CLS] pooling</title><link>https://arxiv.org/abs/2604.00001</link><description>Plain.</description></item>` +
        `<item><title>[12] [推荐] A real title</title><link>https://arxiv.org/abs/2604.00002</link><description>Plain.</description></item>` +
        `</channel></rss>`,
    );
    expect(d.entries.map((e) => e.title)).toEqual(['[Re] Reproducing [CLS] pooling', 'A real title']);
  });

  it('decodes references in plain-text descriptions exactly once', () => {
    const d = parse(channel(item(1).replace('Abstract: Abstract 1.', 'Abstract: a &amp;lt; b &#x3b1; &amp;amp; c')));
    expect(d.entries[0]!.abstract).toBe('a &lt; b α &amp; c');
  });

  it('refuses what is not an RSS feed', () => {
    expect(unreadableMessage(() => parse('<html><body><p>Nope</p></body></html>', 'page.html'))).toMatch(/^page\.html line 1: .*RSS feed.*<html>/);
    expect(unreadableMessage(() => parse('<rss version="2.0"></rss>', 'nochannel.xml'))).toMatch(/no <channel>/);
    expect(unreadableMessage(() => parse('just some words', 'words.txt'))).toMatch(/not XML/);
  });
});

describe('Hugging Face papers RSS', () => {
  // Written after the rfeed-generated feed of MichaelMarkert/rss (hf_papers.xml): links to
  // huggingface.co/papers/ID, wrapped titles, AI summary + tab-padded label + abstract.
  const HF = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Hugging Face Papers</title><link>https://huggingface.co/</link><description>This is a website scraping RSS feed for the HuggingFace Papers.</description><generator>rfeed v1.1.1</generator>
<item><title>Revisiting Reinforcement Learning for LLM Reasoning from A Cross-Domain
  Perspective</title><link>https://huggingface.co/papers/2506.14965</link><description>Guru, a diverse RL reasoning corpus, highlights domain-specific training needs.  \t\t\t\t\tAI-generated summary \t\t\t\t Reinforcement learning (RL) has emerged as a promising approach to improve large language model reasoning. We release data, models, training and evaluation code at: https://github.com/LLM360/Reasoning360</description><pubDate>Fri, 20 Jun 2025 07:55:47 GMT</pubDate><guid isPermaLink="true">https://huggingface.co/papers/2506.14965</guid></item>
<item><title>SonicVerse: Multi-Task Learning for Music Feature-Informed Captioning</title><link>https://huggingface.co/papers/2506.15154</link><description>Detailed captions that accurately reflect the characteristics of a music piece can enrich music databases &amp; drive research.</description><pubDate>Fri, 20 Jun 2025 06:02:24 GMT</pubDate><guid isPermaLink="true">https://huggingface.co/papers/2506.15154</guid></item>
<item><title>EmoNet-Voice: A Fine-Grained, Expert-Verified Benchmark for Speech
  Emotion Detection</title><link>https://huggingface.co/papers/2506.09827</link><description>EmoNet-Voice advances speech emotion recognition.  \t\t\t\t\tAI-generated summary \t\t\t\t The advancement of text-to-speech and audio generation models necessitates robust benchmarks.</description><pubDate>Thu, 19 Jun 2025 08:23:47 GMT</pubDate><guid isPermaLink="true">https://huggingface.co/papers/2506.09827</guid></item>
</channel></rss>`;

  it('is detected as hf-rss and not as arXiv RSS', () => {
    expect(hfRssFormat.detect(HF, 'hf_papers.xml')).toBe(1);
    expect(arxivRssFormat.detect(HF, 'hf_papers.xml')).toBeLessThan(0.2);
    expect(arxivAtomFormat.detect(HF, 'hf_papers.xml')).toBe(0);
  });

  it('reads ids from the paper URLs, unwraps titles and keeps only the abstract', () => {
    const d = parseWith(hfRssFormat, HF, 'hf_papers.xml');
    expect(d.format).toBe('hf-rss');
    expect(d.problems).toEqual([]);
    expect(d.entries).toHaveLength(3);
    expect(d.entries[0]).toMatchObject({
      line: 3,
      title: 'Revisiting Reinforcement Learning for LLM Reasoning from A Cross-Domain Perspective',
      arxivId: '2506.14965',
      arxivVersion: null,
      authors: null,
      published: null,
      links: ['https://github.com/LLM360/Reasoning360'],
    });
    expect(d.entries[0]!.abstract).toMatch(/^Reinforcement learning \(RL\) has emerged/);
    expect(d.entries[0]!.abstract).not.toContain('Guru, a diverse');
    expect(d.entries[1]!.abstract).toBe('Detailed captions that accurately reflect the characteristics of a music piece can enrich music databases & drive research.');
    expect(d.entries[2]!.title).toBe('EmoNet-Voice: A Fine-Grained, Expert-Verified Benchmark for Speech Emotion Detection');
    expect(d.entries[2]!.abstract).toBe('The advancement of text-to-speech and audio generation models necessitates robust benchmarks.');
    // No channel date: the newest item's day, said so.
    expect(d.date).toBe('2025-06-20');
    expect(d.dateNote).toMatch(/newest item/);
    expect(d.name).toBe('Hugging Face Papers RSS 2025-06-20');
  });
});

describe('RSS: hostile input', () => {
  it('does not expand a billion-laughs DOCTYPE', () => {
    const decl = Array.from({ length: 10 }, (_, i) => (i === 0 ? '<!ENTITY l0 "lol">' : `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`)).join('\n');
    const text = `<?xml version="1.0"?>\n<!DOCTYPE rss [\n${decl}\n]>\n` + channel(item(1).replace('Paper 1', 'Paper &l9;'));
    const t0 = cpuNow();
    for (const f of [arxivRssFormat, hfRssFormat]) {
      const d = parseWith(f, text);
      expect(d.entries[0]!.title).toBe('Paper &l9;');
      expect(JSON.stringify(d)).not.toContain('lollol');
    }
    expect(cpuNow() - t0).toBeLessThan(2000);
  });

  it('refuses deep nesting outside items, and reports a deeply nested item alone', () => {
    const t0 = cpuNow();
    expect(unreadableMessage(() => parse(`<rss><channel>${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}</channel></rss>`, 'deep.xml'))).toMatch(/nested more than/);
    const d = parse(channel(item(1) + item(2, `${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}`) + item(3)));
    expect(d.entries.map((e) => e.arxivId)).toEqual(['2604.00001', '2604.00003']);
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]!.reason).toMatch(/nested more than/);
    expect(cpuNow() - t0).toBeLessThan(5000);
  });

  it('keeps the complete items of a cut-off feed', () => {
    const text = read(ARXIV);
    const cut = text.slice(0, text.indexOf('MolClaw') + 300);
    const d = parse(cut, 'cut.xml');
    expect(d.entries.map((e) => e.arxivId)).toEqual(['2604.21935', '2604.21936']);
    expect(d.problems).toEqual([{ line: 43, entry: 'MolClaw: An Autonomous Agent with Hierarchical Skills for D…', reason: 'the file ends inside this item (it looks cut off)' }]);
  });

  it('stays fast on text full of unmatched "<" and "&" and on a 10 MB description', () => {
    const t0 = cpuNow();
    const junk = '&lt;p'.repeat(300_000) + '&amp;'.repeat(300_000) + ' \t'.repeat(300_000);
    const d = parse(channel(item(1).replace('Abstract 1.', junk) + item(2).replace('Paper 2', `Paper 2${' '.repeat(100_000)}(arXiv:x`)));
    expect(d.entries).toHaveLength(2);
    const big = parse(channel(item(1).replace('Abstract 1.', 'word '.repeat(2_000_000))));
    expect(big.entries[0]!.abstract!.length).toBeGreaterThan(9_000_000);
    expect(cpuNow() - t0).toBeLessThan(8000);
  });

  it('reads 100,000 items in a few seconds', () => {
    const parts: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const id = `2604.${String(i).padStart(5, '0')}`;
      parts.push(`<item><title>T ${i}</title><link>https://arxiv.org/abs/${id}</link><description>arXiv:${id}v1 Announce Type: new \nAbstract: A.</description></item>`);
    }
    const t0 = cpuNow();
    const d = parse(channel(parts.join('\n')));
    expect(cpuNow() - t0).toBeLessThan(10_000);
    expect(d.entries).toHaveLength(100_000);
    // Two lines per item: the description holds a newline.
    expect(d.entries[99_999]).toMatchObject({ arxivId: '2604.99999', title: 'T 99999', line: 200_004 });
  });

  it('never fails with anything but a clear error when the real feeds are cut anywhere', () => {
    for (const [file, step] of [[ARXIV, 53], [CN, 397], [EMPTY, 7]] as const) {
      const text = read(file);
      const whole = parse(text, file).entries.length;
      for (let k = 0; k < text.length; k += step) {
        for (const part of [text.slice(0, k), text.slice(k)]) {
          for (const f of [arxivRssFormat, hfRssFormat]) {
            try {
              expect(parseWith(f, part, file).entries.length).toBeLessThanOrEqual(whole);
            } catch (e) {
              expect(e).toBeInstanceOf(LecternError);
            }
          }
        }
      }
    }
  });
});
