import type { FetchOutcome, SubscriptionFilters, SubscriptionKind } from '../../../shared/methods/subscriptions';
import { planImport } from '../library/import';
import { applyFilters } from './filters';
import { fetchRound, parseAnswer, type FetchDeps } from './fetch';
import { getConditional } from './http';
import { startSchedule, type Schedule } from './schedule';
import { arxivRssUrl, hfDaysToFetch, hfDayUrl, normaliseSource } from './sources';

export interface SubscriptionService {
  /** One round (the CLI's fetch, the UI's "Fetch now", the schedule). Rounds never overlap. */
  round(opts?: { ids?: number[] | null; since?: string | null }): Promise<FetchOutcome[]>;
  preview(input: { kind: SubscriptionKind; target?: string | null; filters: SubscriptionFilters }): Promise<Preview>;
  fetching(): boolean;
  /** Fetch on start, then daily at the chosen hour (the app, `lectern serve`). */
  startSchedule(opts?: { startDelayMs?: number; tickMs?: number }): void;
  close(): void;
}

export interface Preview {
  name: string;
  day: string | null;
  found: number;
  kept: number;
  filteredOut: number;
  items: { title: string; arxivId: string | null; authors: string[] | null; upvotes: number | null; dropped: string | null; paperId: number | null }[];
}

const PREVIEW_TTL_MS = 5 * 60_000;

export function createSubscriptions(d: FetchDeps): SubscriptionService {
  const previews = new Map<string, { at: number; text: string }>();
  let current: Promise<FetchOutcome[]> | null = null;
  let schedule: Schedule | null = null;

  const round: SubscriptionService['round'] = async (opts = {}) => {
    // A round asked while one runs waits for it, then makes its own (the sources asked may differ).
    while (current) await current.catch(() => {});
    current = fetchRound(d, opts);
    try {
      return await current;
    } finally {
      current = null;
    }
  };

  return {
    round,
    fetching: () => current !== null,
    preview: async (input) => {
      const { target, name } = normaliseSource(input.kind, input.target);
      const day = input.kind === 'hf-daily' ? hfDaysToFetch(d.now(), null, null).at(-1)! : null;
      const url = input.kind === 'hf-daily' ? hfDayUrl(d.feeds().hfApi, day!) : input.kind === 'arxiv' ? arxivRssUrl(d.arxiv().rssUrl, target!) : target!;
      // The dialog asks again as the filters are edited: the source is asked once every few minutes.
      const cached = previews.get(url);
      let text = cached && cached.at > d.clock() - PREVIEW_TTL_MS ? cached.text : null;
      if (text === null) {
        const feeds = d.feeds();
        const answer = await getConditional(url, { etag: null, lastModified: null }, { fetch: d.fetch, userAgent: feeds.userAgent, timeoutMs: feeds.timeoutMs, clock: d.clock }, input.kind === 'arxiv' ? d.arxivClient() : null);
        text = answer.status === 'ok' ? answer.text : '';
        previews.set(url, { at: d.clock(), text });
        if (previews.size > 20) previews.delete(previews.keys().next().value!);
      }
      if (!text) return { name, day, found: 0, kept: 0, filteredOut: 0, items: [] };
      const { digest } = parseAnswer(text, url, input.kind === 'hf-daily' ? 'hf-json' : null, d.now());
      const { kept, dropped } = applyFilters(digest.entries, input.filters, d.interestOf);
      const why = new Map(dropped.map((x) => [x.entry, x.reason]));
      const plan = planImport(d.db, digest, '', name, '', { match: true });
      return {
        name,
        day: day ?? digest.date ?? null,
        found: digest.entries.length,
        kept: kept.length,
        filteredOut: dropped.length,
        items: plan.planned.map((p) => ({
          title: p.entry.title,
          arxivId: p.entry.arxivId ?? null,
          authors: p.entry.authors ?? null,
          upvotes: p.entry.upvotes ?? null,
          dropped: why.get(p.entry) ?? null,
          paperId: p.match?.paperId ?? null,
        })),
      };
    },
    startSchedule: (opts = {}) => {
      schedule ??= startSchedule({ db: d.db, now: d.now, logger: d.logger, round: () => round(), ...opts });
    },
    close: () => schedule?.stop(),
  };
}
