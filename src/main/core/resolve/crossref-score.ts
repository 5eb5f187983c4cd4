import type { CrossrefWork } from '../crossref/record';
import { sameTitleKey, titleSimilarity, type Known } from './score';

/** A Crossref work as a candidate for a title-only entry. */
export interface CrossrefScored {
  work: CrossrefWork;
  score: number;
  title: number;
  exact: boolean;
  why: string;
}

export type CrossrefDecision =
  | { kind: 'sure'; best: CrossrefScored; candidates: CrossrefScored[]; note: string | null }
  | { kind: 'review'; candidates: CrossrefScored[]; note: string }
  | { kind: 'none'; candidates: CrossrefScored[]; note: string };

const PLAUSIBLE_TITLE = 0.6;
const AUTHOR_SLACK = 2;

function score(known: Known, w: CrossrefWork): CrossrefScored {
  const exact = sameTitleKey(known.title) === sameTitleKey(w.title) && sameTitleKey(w.title) !== '';
  const t = exact ? 1 : titleSimilarity(known.title, w.title);
  const why = [exact ? 'the same title' : `title ${Math.round(t * 100)}% alike`];
  let s = 0.7 * t;
  let weight = 0.7;
  if (known.authorCount != null && w.authors.length) {
    const d = Math.abs(w.authors.length - known.authorCount);
    s += 0.15 * (d === 0 ? 1 : d <= AUTHOR_SLACK ? 0.6 : 0);
    weight += 0.15;
    why.push(`${w.authors.length} author${w.authors.length === 1 ? '' : 's'}${d ? ` (expected ${known.authorCount})` : ', as expected'}`);
  }
  if (known.published && w.published) {
    const d = Math.abs(Number(known.published.slice(0, 4)) - Number(w.published.slice(0, 4)));
    s += 0.15 * (d === 0 ? 1 : d === 1 ? 0.6 : 0);
    weight += 0.15;
    why.push(`published ${w.published}${d > 1 ? ` (expected ${known.published.slice(0, 4)})` : ''}`);
  }
  if (w.container) why.push(w.container);
  return { work: w, score: Math.round((s / weight) * 1000) / 1000, title: t, exact, why: why.join(' · ') };
}

/**
 * Sure only for one work whose title is the entry's and whose facts agree (the year within one,
 * the author count within two). A preprint and its journal version of the same title are one
 * work: the journal's record is taken. Anything else is the user's to pick, never a guess.
 */
export function decideCrossref(known: Known, works: CrossrefWork[]): CrossrefDecision {
  const scored = works.map((w) => score(known, w));
  const candidates = scored.filter((c) => c.title >= PLAUSIBLE_TITLE * 0.75).sort((a, b) => Number(b.exact) - Number(a.exact) || b.score - a.score).slice(0, 5);
  const best = candidates[0];
  if (!best || best.title < PLAUSIBLE_TITLE) return { kind: 'none', candidates, note: 'Crossref has no work with a similar title.' };
  if (!best.exact) return { kind: 'review', candidates, note: `The closest Crossref title differs (${Math.round(best.title * 100)}% alike); check it.` };
  const exact = candidates.filter((c) => c.exact);
  const versions = exact.filter((c) => !c.work.preprint);
  const rivals = versions.length ? versions : exact;
  if (rivals.length > 1) return { kind: 'review', candidates, note: `${rivals.length} Crossref works have this title; pick the right one.` };
  const one = rivals[0]!;
  const yearOff = known.published && one.work.published ? Math.abs(Number(known.published.slice(0, 4)) - Number(one.work.published.slice(0, 4))) > 1 : false;
  const authorsOff = known.authorCount != null && one.work.authors.length > 0 && Math.abs(one.work.authors.length - known.authorCount) > AUTHOR_SLACK;
  if (yearOff || authorsOff) return { kind: 'review', candidates, note: `The work of this title does not agree on authors or year (${one.why}); check it.` };
  return { kind: 'sure', best: one, candidates, note: null };
}
