import { z } from 'zod';

const id = z.number().int();
const count = z.number().int();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');
const words = z.array(z.string().trim().min(1).max(200)).max(100).default([]);

export const SUBSCRIPTION_KINDS = ['hf-daily', 'arxiv', 'feed'] as const;
export const subscriptionKindSchema = z.enum(SUBSCRIPTION_KINDS);
export type SubscriptionKind = z.infer<typeof subscriptionKindSchema>;

/**
 * What a subscription keeps of each fetch, applied before anything is added: words in the title
 * or abstract (any of `keywords`, none of `exclude`), authors (any name contains one), arXiv
 * categories (any), a minimum of HF upvotes, and at most `max` papers per day, the best by
 * upvotes or by interest. A filter on a field an entry lacks (no categories yet, no upvotes in a
 * feed) lets the entry through: unknown is not a mismatch.
 */
export const subscriptionFiltersSchema = z.object({
  keywords: words,
  exclude: words,
  authors: words,
  categories: z.array(z.string().trim().regex(/^[a-z-]+(\.[A-Za-z-]+)?$/, 'an arXiv category looks like cs.CL or hep-th')).max(100).default([]),
  minUpvotes: z.number().int().min(0).nullable().default(null),
  max: z.number().int().min(1).max(10000).nullable().default(null),
  maxBy: z.enum(['upvotes', 'interest']).default('upvotes'),
});
export type SubscriptionFilters = z.output<typeof subscriptionFiltersSchema>;

export const subscriptionSchema = z.object({
  id,
  kind: subscriptionKindSchema,
  /** arXiv categories joined with + ("cs.CL+cs.LG"), the feed's URL, or null (HF Daily Papers). */
  target: z.string().nullable(),
  name: z.string(),
  filters: subscriptionFiltersSchema,
  enabled: z.boolean(),
  createdAt: z.string(),
  lastFetchedAt: z.string().nullable(),
  lastOkAt: z.string().nullable(),
  /** Why the last fetch failed; null once one succeeds. */
  lastError: z.string().nullable(),
  /** Failed fetches in a row. */
  failures: count,
  /** After a failure: not asked again before this (backoff). */
  retryAt: z.string().nullable(),
  /** HF Daily Papers: the last day fetched whole. */
  coveredThrough: z.string().nullable(),
  /** Papers this subscription added to the library today (local day). */
  newToday: count,
});
export type Subscription = z.infer<typeof subscriptionSchema>;

const subscriptionInput = z.object({
  kind: subscriptionKindSchema,
  target: z.string().trim().max(2000).nullish(),
  name: z.string().trim().min(1).max(200).nullish(),
  filters: subscriptionFiltersSchema.default(subscriptionFiltersSchema.parse({})),
});

/** One source's outcome in a fetch: per day (HF) or once (feeds). */
export const fetchOutcomeSchema = z.object({
  id,
  name: z.string(),
  ok: z.boolean(),
  /** Why it failed (the others went on). */
  error: z.string().nullable(),
  /** Days asked (HF), or the feed's date. */
  days: z.array(z.string()),
  found: count,
  /** Papers new to the library. */
  added: count,
  /** Papers the library had already, now linked to the digest too. */
  existing: count,
  /** Entries already brought by this subscription before (nothing done). */
  seen: count,
  filteredOut: count,
  /** Answers that said "not modified" (conditional requests). */
  notModified: count,
  digests: z.array(z.object({ id, name: z.string(), papers: count })),
  /** Set when the source was not asked now (waiting after a failure, or disabled). */
  skipped: z.string().nullable(),
});
export type FetchOutcome = z.infer<typeof fetchOutcomeSchema>;

export const previewItemSchema = z.object({
  title: z.string(),
  arxivId: z.string().nullable(),
  authors: z.array(z.string()).nullable(),
  upvotes: z.number().int().nullable(),
  /** Why the filters drop it; null when it would be added. */
  dropped: z.string().nullable(),
  /** Already in the library (paper id). */
  paperId: id.nullable(),
});

export const subscriptionSettingsSchema = z.object({
  /** The local hour (0–23) of the daily fetch. */
  fetchHour: z.number().int().min(0).max(23),
  /** Rank unread papers by a model of the user's own reading (trained and kept on this machine). */
  interestEnabled: z.boolean(),
});
export type SubscriptionSettings = z.infer<typeof subscriptionSettingsSchema>;

export const interestStatusSchema = z.object({
  /** off: turned off; learning: too few signals yet (ranked by upvotes, then date); ready: a model ranks. */
  state: z.enum(['off', 'learning', 'ready']),
  positives: count,
  negatives: count,
  /** Signals of each kind needed before a model ranks. */
  needed: count,
  trainedAt: z.string().nullable(),
  /** One sentence for the UI: how the Inbox is ordered and why. */
  reason: z.string(),
});
export type InterestStatus = z.infer<typeof interestStatusSchema>;

export const subscriptionMethods = {
  /** Every subscription with how its last fetch went, and the schedule. */
  listSubscriptions: {
    input: z.object({}).default({}),
    output: z.object({
      subscriptions: z.array(subscriptionSchema),
      settings: subscriptionSettingsSchema,
      /** When the next scheduled fetch is due (the app and `lectern serve` fetch then). */
      nextFetchAt: z.string(),
      /** A fetch is under way in this process. */
      fetching: z.boolean(),
    }),
  },
  /** Subscribes to a source; the name defaults to the source's ("HF Daily Papers", "arXiv cs.CL"). */
  addSubscription: { input: subscriptionInput, output: subscriptionSchema },
  /** Changes a subscription's name, filters or whether it is fetched. */
  updateSubscription: {
    input: z.object({ id, name: z.string().trim().min(1).max(200).nullish(), filters: subscriptionFiltersSchema.nullish(), enabled: z.boolean().nullish() }),
    output: subscriptionSchema,
  },
  /** Unsubscribes; the digests it made stay in the library. */
  removeSubscription: { input: z.object({ id }), output: z.object({ id, name: z.string() }) },
  /**
   * What today's fetch of a source would bring with these filters, without writing anything:
   * the source is asked now (HF: the newest whole day).
   */
  previewSubscription: {
    input: subscriptionInput,
    output: z.object({ name: z.string(), day: z.string().nullable(), found: count, kept: count, filteredOut: count, items: z.array(previewItemSchema) }),
  },
  /**
   * One round: every enabled subscription (or those given) is asked, missed HF days are caught up
   * (up to 14 days back, or from `since`), and each day that brings papers becomes a digest. A
   * source that fails says why and does not hold up the others.
   */
  fetchSubscriptions: {
    input: z.object({ ids: z.array(id).max(1000).nullish(), since: day.nullish() }),
    output: z.object({ outcomes: z.array(fetchOutcomeSchema) }),
  },
  subscriptionSettings: { input: z.object({}).default({}), output: subscriptionSettingsSchema },
  setSubscriptionSettings: { input: subscriptionSettingsSchema.partial(), output: subscriptionSettingsSchema },
} as const;

export const interestMethods = {
  /** How the Inbox's "For you" order is made now, and on how many signals. */
  interestStatus: { input: z.object({}).default({}), output: interestStatusSchema },
  /** Train and score now if the signals changed (the app does it in the background by itself). */
  refreshInterest: { input: z.object({}).default({}), output: interestStatusSchema },
  /** Why a paper is ranked where it is: its interest and the read or starred papers it is most like. */
  explainInterest: {
    input: z.object({ id }),
    output: z.object({ interest: z.number().nullable(), because: z.array(z.object({ id, title: z.string() })), reason: z.string() }),
  },
  /** Records papers skipped in triage (a "no" for the interest model), or takes that back. */
  skipPapers: { input: z.object({ ids: z.array(id).min(1).max(10000), undo: z.boolean().default(false) }), output: z.object({ changed: count }) },
} as const;
