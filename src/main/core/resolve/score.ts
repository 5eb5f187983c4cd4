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
  /** 0..1 title similarity alone (1 when exact). */
  title: number;
  /** The normalised titles are equal (see sameTitleKey). */
  exact: boolean;
  /** The entry's date falls in the candidate's versions; null when the entry has no date. */
  dateAgrees: boolean | null;
  /** arXiv's author count minus the digest's; null when either is unknown. */
  authorDiff: number | null;
  why: string;
}

export type Decision =
  | { kind: 'sure'; best: Scored; candidates: Scored[]; note: string | null }
  | { kind: 'review'; candidates: Scored[]; note: string }
  | { kind: 'none'; candidates: Scored[]; note: string };

const PLAUSIBLE_TITLE = 0.6;
/** A title this short ("Introduction") is never a sure match on its own. */
const SHORT_TITLE = 16;
/** Digests date a paper by its listing, a few days after v1 at most. */
const DATE_SLACK_DAYS = 5;
/** Digests miscount authors (a late addition, a merged name): this far apart is still the paper. */
const AUTHOR_SLACK = 2;

/**
 * The title a match must equal: the matching key (case, accents, punctuation, white space and TeX
 * ignored) with each word's plural folded ("Suggestion"/"Suggestions"): a word form, never a
 * different word.
 */
export function sameTitleKey(title: string): string {
  return searchKey(title)
    .split(' ')
    .map((w) => (w.length > 3 && /[^s]s$/.test(w) ? w.slice(0, -1) : w))
    .join(' ');
}

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

const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** The entry's date lies between v1 and the latest version, give or take a few days. */
function dateAgrees(published: string, e: ArxivEntry): boolean | null {
  if (!e.published) return null;
  const slack = DATE_SLACK_DAYS * 86_400_000;
  const d = dayMs(published);
  return d >= dayMs(e.published) - slack && d <= dayMs(e.updated && e.updated > e.published ? e.updated : e.published) + slack;
}

/** Title counts most; the author count and the date, where known, confirm or contradict it. */
export function scoreEntry(known: Known, entry: ArxivEntry): Scored {
  const t = titleSimilarity(known.title, entry.title);
  const exact = sameTitleKey(known.title) === sameTitleKey(entry.title) && searchKey(known.title) !== '';
  const parts: { w: number; v: number }[] = [{ w: 0.7, v: exact ? 1 : t }];
  const why = [exact ? 'the same title' : `title ${Math.round(t * 100)}% alike`];
  let authorDiff: number | null = null;
  if (known.authorCount != null && entry.authors.length) {
    authorDiff = entry.authors.length - known.authorCount;
    const diff = Math.abs(authorDiff);
    parts.push({ w: 0.15, v: diff === 0 ? 1 : diff === 1 ? 0.6 : diff <= 3 ? 0.3 : 0 });
    const n = `${entry.authors.length} author${entry.authors.length === 1 ? '' : 's'}`;
    why.push(diff === 0 ? `${n}, as expected` : `${n} (expected ${known.authorCount})`);
  }
  let agrees: boolean | null = null;
  if (known.published && entry.published) {
    agrees = dateAgrees(known.published, entry);
    const d = Math.abs(dayMs(known.published) - dayMs(entry.published)) / 86_400_000;
    parts.push({ w: 0.15, v: agrees ? 1 : d <= 31 ? 0.7 : d <= 365 ? 0.3 : 0 });
    why.push(agrees ? `published ${entry.published}, as expected` : `published ${entry.published} (expected ${known.published})`);
  }
  const weight = parts.reduce((s, p) => s + p.w, 0);
  const score = parts.reduce((s, p) => s + p.w * p.v, 0) / weight;
  return { entry, score: Math.round(score * 1000) / 1000, title: exact ? 1 : t, exact, dateAgrees: agrees, authorDiff, why: why.join(' · ') };
}

/**
 * Sure, unsure (the user picks), or nothing plausible. Sure only for the one candidate whose
 * title is the same as the entry's and whose facts agree (the date within its versions, the author
 * count within two), when no other candidate of the same title could be it. A differing title, two
 * papers of the same title, or facts that disagree are the user's to settle: never a guess.
 */
export function decide(known: Known, entries: ArxivEntry[]): Decision {
  const scored = entries.map((e) => scoreEntry(known, e));
  const candidates = scored
    .filter((c) => c.title >= PLAUSIBLE_TITLE * 0.75)
    .sort((a, b) => Number(b.exact) - Number(a.exact) || b.score - a.score || b.title - a.title)
    .slice(0, 5);
  const best = candidates[0];
  if (!best || best.title < PLAUSIBLE_TITLE) {
    return { kind: 'none', candidates, note: candidates.length ? 'arXiv has no paper with a similar title (the closest are listed).' : 'arXiv has no paper with a similar title.' };
  }
  const exact = scored.filter((c) => c.exact);
  // A paper of the same title whose date is off by more than its versions is another work (an
  // older namesake); one whose date fits, or that cannot be dated, is a rival.
  const rivals = exact.filter((c) => c.dateAgrees !== false);
  if (rivals.length > 1) return { kind: 'review', candidates, note: `${rivals.length} arXiv papers have this title; pick the right one.` };
  if (!best.exact) return { kind: 'review', candidates, note: `The closest arXiv title differs (${Math.round(best.title * 100)}% alike); check it.` };
  const one = rivals[0];
  if (!one || (one.authorDiff !== null && Math.abs(one.authorDiff) > AUTHOR_SLACK)) {
    return { kind: 'review', candidates, note: `The paper of this title does not agree on authors or date (${(one ?? best).why}); check it.` };
  }
  if (one.dateAgrees === null && known.authorCount == null && searchKey(known.title).length < SHORT_TITLE) {
    return { kind: 'review', candidates, note: 'The title is too short to be sure from it alone.' };
  }
  const note = one.authorDiff ? `arXiv lists ${one.entry.authors.length} authors; the digest said ${known.authorCount}.` : null;
  return { kind: 'sure', best: one, candidates, note };
}
