import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hfTextFormat, parseHfText } from '../../src/main/core/import/formats/hf-text';
import { LecternError } from '../../src/shared/errors';
import { SEED_DIGEST } from '../helpers/paths';

const text = fs.readFileSync(SEED_DIGEST, 'utf8');
const now = new Date('2026-11-25T12:00:00Z');

// Read off the fixture by hand: title, "• N authors", date line and the upvotes after it.
const EXPECTED: [string, number, string, number][] = [
  ["Insights into a radiology-specialised multimodal large language model with sparse autoencoders", 6, '2025-07-17', 0],
  ["PrefPalette: Personalized Preference Modeling with Latent Attributes", 10, '2025-07-17', 1],
  ["Mirroring Users: Towards Building Preference-aligned User Simulator with User Feedback in Recommendation", 7, '2025-08-25', 0],
  ["ExaGPT: Example-Based Machine-Generated Text Detection for Human Interpretability", 5, '2025-02-16', 2],
  ["Hyperdimensional Probe: Decoding LLM Representations via Vector Symbolic Architectures", 5, '2025-09-29', 2],
  ["On Behalf of the Stakeholders: Trends in NLP Model Interpretability in the Era of LLMs", 2, '2024-07-27', 0],
  ["Explainable and Interpretable Multimodal Large Language Models: A Comprehensive Survey", 14, '2024-12-02', 0],
  ["Large Language Models for History, Philosophy, and Sociology of Science: Interpretive Uses, Methodological Challenges, and Critical Perspectives", 3, '2025-06-13', 0],
  ["COFAR: Commonsense and Factual Reasoning in Image Search", 6, '2022-10-16', 0],
  ["Overlooked factors in concept-based explanations: Dataset choice, concept learnability, and human capability", 4, '2022-07-19', 0],
  ["A Song of (Dis)agreement: Evaluating the Evaluation of Explainable Artificial Intelligence in Natural Language Processing", 4, '2022-05-09', 0],
  ["MechGPT, a language-based strategy for mechanics and materials modeling that connects knowledge across scales, disciplines and modalities", 1, '2023-10-16', 0],
  ["When Can Models Learn From Explanations? A Formal Framework for Understanding the Roles of Explanation Data", 2, '2021-02-03', 0],
  ["Movie Facts and Fibs (MF^2): A Benchmark for Long Movie Understanding", 31, '2025-06-06', 0],
  ["AVIS: Autonomous Visual Information Seeking with Large Language Models", 8, '2023-06-13', 0],
  ["A Comprehensive Survey on Self-Interpretable Neural Networks", 10, '2025-01-26', 0],
  ["HumanSense: From Multimodal Perception to Empathetic Context-Aware Responses through Reasoning MLLMs", 7, '2025-08-14', 2],
  ["RefHCM: A Unified Model for Referring Perceptions in Human-Centric Scenarios", 5, '2024-12-19', 0],
  ["Knowledge-Augmented Large Language Models for Personalized Contextual Query Suggestion", 5, '2023-11-09', 0],
  ["A Function Interpretation Benchmark for Evaluating Interpretability Methods", 8, '2023-09-07', 0],
  ["KwaiAgents: Generalized Information-seeking Agent System with Large Language Models", 8, '2023-12-08', 0],
  ["Language Models Surface the Unwritten Code of Science and Society", 5, '2025-05-24', 0],
  ["Towards Enhancing Coherence in Extractive Summarization: Dataset and Experiments with LLMs", 6, '2024-07-05', 0],
  ["Allowing humans to interactively guide machines where to look does not always improve a human-AI team's classification accuracy", 4, '2024-04-08', 0],
  ["InterMT: Multi-Turn Interleaved Preference Alignment with Human Feedback", 15, '2025-05-29', 0],
  ["Query Understanding via Intent Description Generation", 5, '2020-08-25', 0],
  ["Under the Surface: Tracking the Artifactuality of LLM-Generated Data", 17, '2024-01-26', 0],
  ["G-Refer: Graph Retrieval-Augmented Large Language Model for Explainable Recommendation", 7, '2025-02-18', 1],
  ["Improving Tool Retrieval by Leveraging Large Language Models for Query Generation", 5, '2024-11-16', 0],
];

describe('Hugging Face Daily Papers page (text)', () => {
  const parsed = parseHfText(text, { fileName: 'hf-daily-papers-page.txt', now });

  it('is detected', () => {
    expect(hfTextFormat.detect(text)).toBe(1);
    expect(hfTextFormat.detect('just some words\nand more')).toBe(0);
  });

  it('finds all 29 papers with their exact title, author count, date and upvotes', () => {
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries.map((e) => [e.title, e.authorCount, e.published, e.upvotes])).toEqual(EXPECTED);
  });

  it('keeps each abstract as one paragraph', () => {
    for (const e of parsed.entries) {
      expect(e.abstract).toBeTruthy();
      expect(e.abstract).not.toMatch(/\n|\s{2}/);
    }
    expect(parsed.entries[0]!.abstract).toMatch(/^Interpretability can improve the safety/);
    expect(parsed.entries[0]!.abstract).toMatch(/interpretations: https:\/\/huggingface\.co\/microsoft\/maira-2-sae\.$/);
    expect(parsed.entries[28]!.abstract).toMatch(/\(unseen tools\) settings\.$/);
  });

  it('finds the links in abstracts, including one glued to a word', () => {
    const links = (title: string) => parsed.entries.find((e) => e.title.startsWith(title))!.links;
    expect(links('Insights into a radiology')).toEqual(['https://huggingface.co/microsoft/maira-2-sae']);
    expect(links('HumanSense')).toEqual(['https://digital-avatar.github.io/ai/HumanSense/']);
    expect(links('COFAR')).toEqual(['https://vl2g.github.io/projects/cofar']);
    expect(links('Allowing humans')).toEqual(['https://anonymous.4open.science/r/CHMCorrPlusPlus/', 'http://137.184.82.109:7080/']);
    expect(links('PrefPalette')).toEqual([]);
  });

  it('dates the digest: "Jan 8" is the most recent Jan 8 not after the import', () => {
    expect(parsed.date).toBe('2026-01-08');
    expect(parsed.dateNote).toMatch(/without a year/);
    expect(parseHfText(text, { fileName: 'x', now: new Date('2027-01-07T10:00:00Z') }).date).toBe('2026-01-08');
    expect(parseHfText(text, { fileName: 'x', now: new Date('2027-01-08T10:00:00Z') }).date).toBe('2027-01-08');
    expect(parsed.name).toBe('Daily Papers 2026-01-08');
  });

  it('reads a copy without the page header, and CRLF line ends', () => {
    const body = text.slice(text.indexOf('Insights into a radiology')).replace(/\n/g, '\r\n');
    const p = parseHfText(body, { fileName: 'x', now });
    expect(p.entries).toHaveLength(29);
    expect(p.entries[0]!.title).toBe(EXPECTED[0]![0]);
    expect(p.date).toBeUndefined();
  });

  it('refuses a copy cut in the middle of an entry, saying where', () => {
    const half = text.slice(0, Math.floor(text.length / 2));
    let err: unknown;
    try {
      parseHfText(half, { fileName: 'half.txt', now });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LecternError);
    expect((err as LecternError).code).toBe('UNREADABLE');
    expect((err as LecternError).message).toMatch(/^half\.txt line \d+: the text ends inside an entry/);
    expect((err as LecternError).message).toMatch(/Nothing was imported\.$/);
  });

  it('reports an entry with a broken date line and keeps the others', () => {
    const broken = text.replace('Jul 17, 2025 1\n', 'sometime in July\n');
    const p = parseHfText(broken, { fileName: 'b.txt', now });
    expect(p.entries).toHaveLength(28);
    expect(p.problems).toHaveLength(1);
    expect(p.problems[0]!.entry).toMatch(/^PrefPalette/);
    expect(p.problems[0]!.reason).toMatch(/expected a date like "Jul 17, 2025"/);
    expect(p.problems[0]!.line).toBe(text.split('\n').indexOf('Jul 17, 2025 1') + 1);
  });
});
