/** Generated digests for benchmarks: realistic sizes (titles ~80 chars, abstracts ~1.2 KB). */
const WORDS = 'model language learning large neural data training attention vision reasoning benchmark agent retrieval diffusion transformer graph policy reward alignment evaluation robust efficient sparse multimodal generation representation inference scaling'.split(' ');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function words(r: () => number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(r() * WORDS.length)]!);
  return out.join(' ');
}

export interface GenPaper {
  title: string;
  abstract: string;
  authors: number;
  month: number;
  day: number;
  year: number;
  upvotes: number;
}

export function generatePapers(n: number, seed = 1): GenPaper[] {
  const r = rng(seed);
  const papers: GenPaper[] = [];
  for (let i = 0; i < n; i++) {
    papers.push({
      title: `${words(r, 8)} ${i}`.replace(/^./, (c) => c.toUpperCase()),
      abstract: `${words(r, 150)} (${i}).`,
      authors: 1 + Math.floor(r() * 20),
      month: 1 + Math.floor(r() * 12),
      day: 1 + Math.floor(r() * 28),
      year: 2015 + Math.floor(r() * 11),
      upvotes: r() < 0.6 ? 0 : Math.floor(r() * 200),
    });
  }
  return papers;
}

/** The Hugging Face Daily Papers page text format, as in the seed fixture. */
export function hfTextDigest(papers: GenPaper[]): string {
  const parts = ['Daily Papers', '', 'byAK and the research community', '', 'Jan 8', ''];
  for (const p of papers) {
    parts.push(p.title, '', p.abstract, '', `  • ${p.authors} authors`, '·', `${MONTHS[p.month - 1]} ${p.day}, ${p.year}${p.upvotes ? ` ${p.upvotes}` : ''}`, '');
  }
  return parts.join('\n');
}
