import type { SubscriptionFilters } from '../../../shared/methods/subscriptions';
import type { ParsedEntry } from '../../../shared/parsed';

export interface FilterOutcome {
  kept: ParsedEntry[];
  /** Every entry left out, with the reason a user reads in the preview. */
  dropped: { entry: ParsedEntry; reason: string }[];
}

/** Lower case without accents, so "Muller" finds "Müller" and "LLM" finds "llms". */
function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A word or phrase at the start of a word: "diffusion" finds "diffusion models", "LLM" finds "LLMs". */
function wordMatcher(words: string[]): ((text: string) => string | null) | null {
  if (words.length === 0) return null;
  const tests = words.map((w) => ({ w, re: new RegExp(`(?:^|[^\\p{L}\\p{N}])${escape(fold(w.trim())).replace(/\s+/g, '\\s+')}`, 'u') }));
  return (text) => tests.find((t) => t.re.test(text))?.w ?? null;
}

/**
 * A subscription's filters over one fetch's entries, in order: words (any keyword, no excluded
 * word), authors, categories, minimum upvotes, then at most `max` of what is left, the best by
 * upvotes or by interest (`interestOf`, when there is a model; upvotes otherwise). A filter on a
 * field the entry does not have lets it through.
 */
export function applyFilters(entries: ParsedEntry[], f: SubscriptionFilters, interestOf?: (entries: ParsedEntry[]) => (number | null)[] | null): FilterOutcome {
  const kept: ParsedEntry[] = [];
  const dropped: FilterOutcome['dropped'] = [];
  const include = wordMatcher(f.keywords);
  const exclude = wordMatcher(f.exclude);
  const authors = f.authors.map(fold);
  const categories = new Set(f.categories.map((c) => c.toLowerCase()));
  for (const e of entries) {
    const text = fold(`${e.title}\n${e.abstract ?? ''}`);
    const reason = (() => {
      if (include && !include(text)) return `mentions none of: ${f.keywords.join(', ')}`;
      const bad = exclude?.(text);
      if (bad) return `mentions “${bad}”`;
      if (authors.length && e.authors?.length && !e.authors.some((a) => authors.some((x) => fold(a).includes(x)))) return `by none of: ${f.authors.join(', ')}`;
      if (categories.size && e.categories?.length && !e.categories.some((c) => categories.has(c.toLowerCase()))) return `in none of: ${f.categories.join(', ')}`;
      if (f.minUpvotes != null && e.upvotes != null && e.upvotes < f.minUpvotes) return `${e.upvotes} upvote${e.upvotes === 1 ? '' : 's'}, fewer than ${f.minUpvotes}`;
      return null;
    })();
    if (reason) dropped.push({ entry: e, reason });
    else kept.push(e);
  }
  if (f.max == null || kept.length <= f.max) return { kept, dropped };

  const scores = f.maxBy === 'interest' ? interestOf?.(kept) ?? null : null;
  const by = scores ? 'interest' : 'upvotes';
  const order = kept.map((e, i) => ({ e, i, key: scores ? (scores[i] ?? -1) : (e.upvotes ?? -1) }));
  // Stable: equal keys keep the source's own order (its ranking).
  order.sort((a, b) => b.key - a.key || a.i - b.i);
  const best = new Set(order.slice(0, f.max).map((o) => o.i));
  const out = kept.filter((_, i) => best.has(i));
  for (const [i, e] of kept.entries()) if (!best.has(i)) dropped.push({ entry: e, reason: `not among the ${f.max} best of the day by ${by}` });
  return { kept: out, dropped };
}
