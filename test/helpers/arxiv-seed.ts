import fs from 'node:fs';
import { parseHfText } from '../../src/main/core/import/formats/hf-text';
import type { FakePaper } from './arxiv-server';
import { SEED_DIGEST } from './paths';

/**
 * What our stand-in arXiv holds for the seed digest's 29 papers (the page gives no ids; these are
 * made up, in the yymm.nnnnn form of each paper's month). arXiv's own records differ from the page
 * the way real ones do: a hard-wrapped title, TeX in a title, title case, a plural, an extra
 * author, a date a day off. Two titles are ambiguous on purpose, as on the real arXiv:
 *  - #15's generic survey title also belongs to another group's survey, nearly the same size and
 *    posted three days later;
 *  - #21 was submitted twice the same day (a duplicate submission).
 * #6's title is shared by an older, smaller paper that the author count and date tell apart.
 */
export const SEED_IDS = [
  '2507.12963', '2507.13541', '2508.17924', '2502.11336', '2509.25045', '2407.19200', '2412.02104', '2506.12242',
  '2210.08554', '2207.09615', '2205.04559', '2310.10445', '2102.02201', '2506.06275', '2306.08129', '2501.15638',
  '2508.10576', '2412.14643', '2311.06318', '2309.03886', '2312.04889', '2505.18942', '2407.04855', '2404.05238',
  '2505.23950', '2008.10891', '2401.14698', '2502.12586', '2411.10793',
];
/** Positions (0-based, page order) whose match must be left to the user. */
export const AMBIGUOUS = [15, 21];
export const DECOY_IDS: Record<number, string> = { 15: '2501.17325', 21: '2505.18937', 6: '2311.00917' };

const FIRST = ['Wei', 'Anna', 'Rahul', 'Sofia', 'Kenji', 'Lena', 'Omar', 'Chloé', 'Diego', 'Mei', 'Tomasz', 'Aisha', 'Jonas', 'Priya', 'Mateo', 'Yuki', 'Hana', 'Ivan', 'Nora', 'Samuel'];
const LAST = ['Zhang', 'Müller', 'Gupta', 'Rossi', 'Tanaka', 'Schmidt', 'Haddad', 'Dubois', 'García', 'Chen', 'Nowak', 'Okafor', 'Berg', 'Iyer', 'Silva', 'Sato', 'Kim', 'Petrov', 'Larsen', 'Cohen'];

export function authorNames(n: number, seed: number): string[] {
  return Array.from({ length: n }, (_, i) => `${FIRST[(seed * 7 + i * 3) % FIRST.length]} ${LAST[(seed * 11 + i * 5) % LAST.length]}`);
}

const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export function seedEntries() {
  return parseHfText(fs.readFileSync(SEED_DIGEST, 'utf8'), { fileName: 'seed', now: new Date('2026-11-25T12:00:00Z') }).entries;
}

export function seedArxivPapers(): FakePaper[] {
  const entries = seedEntries();
  if (entries.length !== SEED_IDS.length) throw new Error(`the seed digest has ${entries.length} papers, expected ${SEED_IDS.length}`);
  const papers: FakePaper[] = entries.map((e, i) => ({
    id: SEED_IDS[i]!,
    version: 1 + (i % 3),
    title: e.title,
    authors: authorNames(e.authorCount ?? 3, i),
    published: e.published!,
    abstract: e.abstract ?? undefined,
    categories: i % 4 === 0 ? ['cs.CV', 'cs.CL'] : ['cs.CL', 'cs.AI'],
    doi: i % 5 === 0 ? `10.48550/arXiv.${SEED_IDS[i]}` : undefined,
  }));
  const p = (i: number) => papers[i]!;
  p(2).title = 'Mirroring Users: Towards Building Preference-aligned User Simulator with\n  User Feedback in Recommendation';
  p(9).title = 'Overlooked Factors in Concept-Based Explanations: Dataset Choice, Concept Learnability, and Human Capability';
  p(13).title = 'Movie Facts and Fibs (MF$^2$): A Benchmark for Long Movie Understanding';
  p(18).title = 'Knowledge-Augmented Large Language Models for Personalized Contextual Query Suggestions';
  p(25).published = shift(p(25).published, -1);
  p(26).authors = authorNames(18, 26);

  const decoys: FakePaper[] = [
    { id: DECOY_IDS[15]!, title: 'A Comprehensive Survey on Self-Interpretable Neural Networks', authors: authorNames(9, 3), published: shift(p(15).published, 3), categories: ['cs.LG'] },
    { id: DECOY_IDS[21]!, title: p(21).title, authors: authorNames(5, 121), published: p(21).published, categories: ['cs.CL'], comment: 'Duplicate submission' },
    { id: DECOY_IDS[6]!, title: p(6).title, authors: authorNames(3, 106), published: '2023-11-02', categories: ['cs.CV'] },
  ];
  // Unrelated papers that share words with the seed titles, so word searches find more than one.
  const noise: FakePaper[] = [
    ['2409.01001', 'Interpretable Multimodal Large Language Models: A Survey'],
    ['2403.02002', 'Sparse Autoencoders Find Interpretable Features in Language Models'],
    ['2310.03003', 'Preference Modeling for Recommendation with Large Language Models'],
    ['2402.04004', 'A Benchmark for Machine-Generated Text Detection'],
    ['2308.05005', 'Query Generation for Tool Retrieval'],
    ['2406.06006', 'AVIS-2: Visual Information Seeking Agents'],
    ['2311.07007', 'Explanations in Natural Language Processing: A Survey of Evaluation'],
    ['2412.08008', 'Graph Retrieval for Explainable Recommendation'],
  ].map(([id, title], k) => ({ id: id!, title: title!, authors: authorNames(3 + k, 200 + k), published: '2024-03-01', categories: ['cs.CL'] }));
  return [...papers, ...decoys, ...noise];
}

/**
 * The seed digest against an arXiv whose search also returns look-alikes: for each paper,
 * another paper whose title is the same with one word changed, posted around the same time by
 * about as many authors (the kind of near-title arXiv's relevance search ranks right after the
 * exact one; serve with `search: 'relevance'`). Unlike seedArxivPapers() no two titles are the
 * same, but two papers are hard on purpose:
 *  - RENAMED: arXiv's record has one word of the page's title changed ("Roles" became "Value" in v2);
 *  - NOT_ON_ARXIV: the paper itself is missing; only its look-alike is there.
 * A resolver may take the other 27 without asking, and must give neither of these two an id.
 */
export const RENAMED = 12;
export const NOT_ON_ARXIV = 23;
const SWAP = ['Robust', 'Efficient', 'Scalable', 'Adaptive', 'Unified', 'Sparse', 'Hierarchical', 'Contrastive', 'Federated', 'Causal', 'Implicit', 'Generative'];
const CHANGEABLE = /^[A-Za-z][a-z]{3,}$/;

/** The title with its k-th changeable word (mod their number) replaced by another word. */
export function oneWordChanged(title: string, k: number): string {
  const words = title.split(' ');
  const at = words.map((w, i) => (CHANGEABLE.test(w) ? i : -1)).filter((i) => i >= 0);
  const i = at[k % at.length]!;
  const old = words[i]!;
  let swap = SWAP[k % SWAP.length]!;
  if (swap.toLowerCase() === old.toLowerCase()) swap = SWAP[(k + 1) % SWAP.length]!;
  words[i] = /^[A-Z]/.test(old) ? swap : swap.toLowerCase();
  return words.join(' ');
}

/** Another id of the same month, clear of the seed's own. */
export function lookalikeId(id: string): string {
  const [month, n] = id.split('.') as [string, string];
  return `${month}.${String((Number(n) + 4321) % 100000).padStart(5, '0')}`;
}

export function lookalikeArxivPapers(): FakePaper[] {
  const decoys = new Set(Object.values(DECOY_IDS));
  const base = seedArxivPapers().filter((p) => !decoys.has(p.id) || p.id === DECOY_IDS[6]);
  const entries = seedEntries();
  const out: FakePaper[] = [];
  for (const p of base) {
    const i = SEED_IDS.indexOf(p.id);
    if (i < 0) {
      out.push(p); // the noise, and #6's older namesake
      continue;
    }
    const e = entries[i]!;
    const n = p.authors.length;
    out.push({
      id: lookalikeId(p.id),
      title: oneWordChanged(e.title, i + 1),
      authors: authorNames(Math.max(1, n + (i % 3) - 1), 300 + i),
      published: shift(p.published, i % 4),
      categories: p.categories,
    });
    if (i === NOT_ON_ARXIV) continue;
    out.push(i === RENAMED ? { ...p, title: e.title.replace('Roles', 'Value'), version: 2, updated: shift(p.published, 40) } : p);
  }
  return out;
}
