import { describe, expect, it } from 'vitest';
import type { ArxivEntry } from '../../src/main/core/arxiv/atom';
import { phraseQuery, wordsQuery } from '../../src/main/core/arxiv/api';
import { decide, titleSimilarity } from '../../src/main/core/resolve/score';

const entry = (arxivId: string, title: string, authors: number, published: string): ArxivEntry => ({
  arxivId,
  version: 1,
  title,
  abstract: null,
  authors: Array.from({ length: authors }, (_, i) => `Author ${i + 1}`),
  published,
  updated: published,
  categories: ['cs.CL'],
  primaryCategory: 'cs.CL',
  doi: null,
  pdfUrl: null,
  journalRef: null,
  comment: null,
});

describe('matching a title to arXiv', () => {
  it('ignores case, punctuation, hard wraps and TeX', () => {
    expect(titleSimilarity('Movie Facts and Fibs (MF^2): A Benchmark', 'Movie Facts and Fibs (MF$^2$): A\n  Benchmark')).toBe(1);
    expect(titleSimilarity('Chain of Density  Prompting', 'chain-of-density prompting')).toBe(1);
    expect(titleSimilarity('Query Suggestion', 'Query Suggestions')).toBeGreaterThan(0.9);
    expect(titleSimilarity('Graph neural networks', 'Sparse autoencoders')).toBeLessThan(0.5);
  });

  it('builds a phrase query and a words query arXiv understands', () => {
    expect(phraseQuery('PrefPalette: Personalized Preference Modeling')).toBe('ti:"prefpalette personalized preference modeling"');
    expect(wordsQuery('A Song of (Dis)agreement: Evaluating the Evaluation')).toBe('ti:evaluating AND ti:evaluation AND ti:agreement AND ti:song AND ti:dis');
  });

  const known = { title: 'A Comprehensive Survey on Self-Interpretable Neural Networks', authorCount: 10, published: '2025-01-26' };

  it('is sure of one close title whose facts agree', () => {
    const d = decide(known, [entry('2501.15638', known.title, 10, '2025-01-27'), entry('2409.01001', 'Interpretable Neural Networks: A Survey', 3, '2024-09-01')]);
    expect(d.kind).toBe('sure');
    expect(d.kind === 'sure' && d.best.entry.arxivId).toBe('2501.15638');
  });

  it('is sure when the facts tell two same-titled papers apart', () => {
    const d = decide(known, [entry('2311.00917', known.title, 3, '2023-11-02'), entry('2501.15638', known.title, 10, '2025-01-26')]);
    expect(d.kind === 'sure' && d.best.entry.arxivId).toBe('2501.15638');
  });

  it('leaves near-duplicates to the user, never guessing between them', () => {
    const d = decide(known, [entry('2501.15638', known.title, 10, '2025-01-26'), entry('2501.17325', known.title, 9, '2025-01-29')]);
    expect(d.kind).toBe('review');
    expect(d.candidates.map((c) => c.entry.arxivId)).toEqual(['2501.15638', '2501.17325']);
    expect(d.kind === 'review' && d.note).toMatch(/2 arXiv papers have this title/);
  });

  it('asks when the only title is close but not the same, or the facts disagree', () => {
    const changed = decide(known, [entry('2501.15638', 'A Survey on Self-Interpretable Deep Networks', 10, '2025-01-26')]);
    expect(changed.kind).toBe('review');
    const facts = decide(known, [entry('1901.00001', known.title, 2, '2019-01-01')]);
    expect(facts.kind).toBe('review');
    expect(facts.kind === 'review' && facts.note).toMatch(/does not agree on authors or date/);
  });

  it('is sure of the one exact title among look-alikes that differ by a word, however alike they score', () => {
    const lookalike = entry('2501.19962', 'A Comprehensive Survey on Self-Interpretable Neural Models', 10, '2025-01-26');
    const d = decide(known, [lookalike, entry('2501.15638', known.title, 10, '2025-01-27')]);
    expect(d).toMatchObject({ kind: 'sure', best: { entry: { arxivId: '2501.15638' } }, note: null });
    expect(d.candidates.map((c) => c.entry.arxivId)).toEqual(['2501.15638', '2501.19962']);
    // Alone, the look-alike is a title that differs: asked, never taken.
    expect(decide(known, [lookalike])).toMatchObject({ kind: 'review', note: expect.stringMatching(/closest arXiv title differs \(88% alike\)/) });
  });

  it('takes a plural, a date within the versions and an author count off by two; not a date outside, or three authors off', () => {
    const plural = decide({ ...known, title: 'A Comprehensive Survey on Self-Interpretable Neural Network' }, [entry('2501.15638', known.title, 10, '2025-01-26')]);
    expect(plural.kind).toBe('sure');
    const v2 = { ...entry('2501.15638', known.title, 10, '2024-11-02'), updated: '2025-01-30', version: 3 };
    expect(decide(known, [v2]).kind).toBe('sure');
    expect(decide(known, [entry('2501.15638', known.title, 10, '2025-01-22')]).kind).toBe('sure');
    expect(decide(known, [entry('2501.15638', known.title, 10, '2025-01-14')])).toMatchObject({ kind: 'review', note: expect.stringMatching(/does not agree on authors or date/) });
    expect(decide(known, [entry('2501.15638', known.title, 12, '2025-01-26')])).toMatchObject({ kind: 'sure', note: 'arXiv lists 12 authors; the digest said 10.' });
    expect(decide(known, [entry('2501.15638', known.title, 7, '2025-01-26')])).toMatchObject({ kind: 'review', note: expect.stringMatching(/7 authors \(expected 10\)/) });
  });

  it('says so when nothing plausible is found, and never trusts a very short bare title', () => {
    expect(decide(known, []).kind).toBe('none');
    expect(decide(known, [entry('2409.01001', 'Graph Transformers for Molecules', 10, '2025-01-26')]).kind).toBe('none');
    expect(decide({ title: 'Introduction', authorCount: null, published: null }, [entry('1', 'Introduction', 1, '2020-01-01')]).kind).toBe('review');
  });
});
