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

function arxivId(i: number): string {
  return `${String(15 + (i % 11)).padStart(2, '0')}${String(1 + (i % 12)).padStart(2, '0')}.${String(10000 + i).padStart(5, '0')}`;
}

/** The Hugging Face api/daily_papers JSON shape (as in the corpus). */
export function hfJsonDigest(papers: GenPaper[]): string {
  const items = papers.map((p, i) => {
    const date = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}T10:00:00.000Z`;
    return {
      paper: {
        id: arxivId(i),
        title: p.title,
        summary: p.abstract,
        authors: Array.from({ length: Math.min(p.authors, 6) }, (_, k) => ({ _id: `${i}-${k}`, name: `Author ${k} Of ${i}`, hidden: false })),
        publishedAt: date,
        upvotes: p.upvotes,
        submittedOnDailyAt: '2026-01-08T00:00:00.000Z',
      },
      publishedAt: date,
      title: p.title,
      numComments: 0,
    };
  });
  return JSON.stringify(items);
}

/** A BibTeX file as a reference manager exports it. */
export function bibtexDigest(papers: GenPaper[]): string {
  return papers
    .map((p, i) => {
      const authors = Array.from({ length: Math.min(p.authors, 6) }, (_, k) => `Of${i}, Author ${k}`).join(' and ');
      return `@article{key${i},\n  title = {${p.title}},\n  author = {${authors}},\n  year = {${p.year}},\n  eprint = {${arxivId(i)}},\n  archivePrefix = {arXiv},\n  abstract = {${p.abstract}},\n}\n`;
    })
    .join('\n');
}
