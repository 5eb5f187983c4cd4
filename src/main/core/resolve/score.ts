import type { ArxivEntry } from '../arxiv/atom';
import { searchKey } from '../arxiv/api';

/** What the library knows of a paper before it has an arXiv id. */
export interface Known {
  title: string;
  authorCount: number | null;
  /** YYYY-MM-DD */
  published: string | null;
}

export interface Scored {
  entry: ArxivEntry;
  /** 0..1 overall. */
  score: number;
  /** 0..1 title similarity alone. */
  title: number;
  why: string;
}

export type Decision =
  | { kind: 'sure'; best: Scored; candidates: Scored[] }
  | { kind: 'review'; candidates: Scored[]; note: string }
  | { kind: 'none'; candidates: Scored[]; note: string };

// A sure match needs a near-identical title, agreeing facts, and no rival close behind it.
const SURE_TITLE = 0.92;
const SURE_SCORE = 0.85;
const RIVAL_TITLE = 0.85;
const SURE_MARGIN = 0.12;
const PLAUSIBLE_TITLE = 0.6;
/** A title this short ("Introduction") is never a sure match on its own. */
const SHORT_TITLE = 16;

/** 1 - edit distance / length, over the matching keys (case, accents, punctuation, TeX ignored). */
export function titleSimilarity(a: string, b: string): number {
  const x = searchKey(a);
  const y = searchKey(b);
  if (x === y) return x ? 1 : 0;
  const n = Math.max(x.length, y.length);
  return n === 0 ? 0 : 1 - levenshtein(x, y) / n;
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

function days(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

/** Title counts most; the author count and the date, where known, confirm or contradict it. */
export function scoreEntry(known: Known, entry: ArxivEntry): Scored {
  const t = titleSimilarity(known.title, entry.title);
  const parts: { w: number; v: number }[] = [{ w: 0.7, v: t }];
  const why = [`title ${Math.round(t * 100)}% alike`];
  if (known.authorCount != null && entry.authors.length) {
    const diff = Math.abs(known.authorCount - entry.authors.length);
    parts.push({ w: 0.15, v: diff === 0 ? 1 : diff === 1 ? 0.6 : diff <= 3 ? 0.3 : 0 });
    why.push(diff === 0 ? `${entry.authors.length} authors, as expected` : `${entry.authors.length} authors (expected ${known.authorCount})`);
  }
  if (known.published && entry.published) {
    const d = days(known.published, entry.published);
    parts.push({ w: 0.15, v: d <= 2 ? 1 : d <= 31 ? 0.7 : d <= 365 ? 0.3 : 0 });
    why.push(d <= 2 ? `published ${entry.published}, as expected` : `published ${entry.published} (expected ${known.published})`);
  }
  const weight = parts.reduce((s, p) => s + p.w, 0);
  const score = parts.reduce((s, p) => s + p.w * p.v, 0) / weight;
  return { entry, score: Math.round(score * 1000) / 1000, title: t, why: why.join(' · ') };
}

/** Sure, unsure (the user picks), or nothing plausible. Never a silent guess between rivals. */
export function decide(known: Known, entries: ArxivEntry[]): Decision {
  const candidates = entries
    .map((e) => scoreEntry(known, e))
    .filter((c) => c.title >= PLAUSIBLE_TITLE * 0.75)
    .sort((a, b) => b.score - a.score || b.title - a.title)
    .slice(0, 5);
  const [best, second] = candidates;
  if (!best || best.title < PLAUSIBLE_TITLE) {
    return { kind: 'none', candidates, note: candidates.length ? 'arXiv has no paper with a similar title (the closest are listed).' : 'arXiv has no paper with a similar title.' };
  }
  const rival = second && second.title >= RIVAL_TITLE && best.score - second.score < SURE_MARGIN;
  const short = searchKey(known.title).length < SHORT_TITLE && known.authorCount == null && known.published == null;
  if (best.title >= SURE_TITLE && best.score >= SURE_SCORE && !rival && !short) return { kind: 'sure', best, candidates };
  const note = rival
    ? `${candidates.filter((c) => c.title >= RIVAL_TITLE).length} arXiv papers have nearly this title; pick the right one.`
    : best.title < SURE_TITLE
      ? `The closest arXiv title differs (${Math.round(best.title * 100)}% alike); check it.`
      : short
        ? 'The title is too short to be sure from it alone.'
        : `The best match does not agree on authors or date (${best.why}); check it.`;
  return { kind: 'review', candidates, note };
}
