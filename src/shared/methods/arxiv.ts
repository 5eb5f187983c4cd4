import { z } from 'zod';
import { paperSchema } from '../model';
import { refSchema, targetSchema } from '../query';

const candidateSchema = z.object({
  arxivId: z.string(),
  version: z.number().int().nullable(),
  title: z.string(),
  authors: z.array(z.string()),
  published: z.string().nullable(),
  categories: z.array(z.string()),
  /** 0..1: how sure the match is. */
  score: z.number(),
  /** Why it scored so, in words ("title 98% alike · 10 authors, as expected · …"). */
  why: z.string(),
  /** arXiv's paper (arxivId is its id), or a Crossref work (arxivId is "doi:<DOI>", what --choose takes). */
  source: z.enum(['arxiv', 'crossref']).default('arxiv'),
  /** The journal or proceedings (Crossref), or arXiv's journal reference. */
  venue: z.string().nullable().default(null),
});
export type Candidate = z.infer<typeof candidateSchema>;

const reviewItemSchema = z.object({
  paperId: z.number().int(),
  title: z.string(),
  authorCount: z.number().int().nullable(),
  published: z.string().nullable(),
  note: z.string().nullable(),
  candidates: z.array(candidateSchema),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

const workStatusSchema = z.object({
  /** A process is working the queue (this one or another on the same library). */
  active: z.boolean(),
  resolve: z.object({ queued: z.number().int(), review: z.number().int() }),
  download: z.object({
    queued: z.number().int(),
    /** Queued downloads that wait for the user to pick the paper's arXiv match. */
    waitingReview: z.number().int(),
    downloaded: z.number().int(),
    failed: z.number().int(),
    /** The current batch (since the queue was last empty): done of total. */
    batchDone: z.number().int(),
    batchTotal: z.number().int(),
    /** Seconds until the queue is empty at the current pace; null when unknown. */
    etaSeconds: z.number().nullable(),
    current: z
      .object({ paperId: z.number().int(), arxivId: z.string().nullable(), title: z.string(), bytes: z.number().int(), total: z.number().int().nullable() })
      .nullable(),
  }),
  /** Set when arXiv refused access (HTTP 403): all traffic to arXiv is stopped until resumed. */
  blocked: z.object({ at: z.string(), reason: z.string() }).nullable(),
  /** Set while arXiv asked us to wait (Retry-After) or while backing off after errors. */
  pausedUntil: z.string().nullable(),
  pauseReason: z.string().nullable(),
});
export type WorkStatus = z.infer<typeof workStatusSchema>;

export const arxivMethods = {
  /**
   * Puts papers' PDFs in the download queue, in the target's order. Papers without an arXiv id are
   * looked up by title first; already downloaded or queued papers are left as they are.
   * retryFailed: only the failed. Papers matched by a query leave out those known not to be on
   * arXiv; naming them (refs or ids) tries again.
   */
  queueDownloads: {
    input: z.object({ papers: targetSchema, retryFailed: z.boolean().nullish() }),
    output: z.object({
      queued: z.number().int(),
      notOnArxiv: z.number().int(),
      alreadyDownloaded: z.number().int(),
      alreadyQueued: z.number().int(),
      /** Of the queued, how many need their arXiv id found first. */
      needResolving: z.number().int(),
    }),
  },
  /** Takes papers out of the download queue (their PDF state goes back to none). */
  cancelDownloads: {
    input: z.object({ papers: targetSchema }),
    output: z.object({ cancelled: z.number().int() }),
  },
  /**
   * Queues papers for arXiv: those without an id are matched by title, those with one are
   * enriched (authors, categories, DOI, versions). force: look up again papers already done.
   */
  queueResolve: {
    input: z.object({ papers: targetSchema, force: z.boolean().nullish() }),
    output: z.object({ queued: z.number().int(), skipped: z.number().int() }),
  },
  /** The queue's progress, for the progress bar and the CLI. */
  workStatus: { input: z.object({}).default({}), output: workStatusSchema },
  /** Lets traffic to arXiv start again after a 403 stopped it. */
  resumeArxiv: { input: z.object({}).default({}), output: workStatusSchema },
  /** Papers whose arXiv match is unsure, each with its candidates, best first. */
  reviewList: {
    input: z.object({ limit: z.number().int().min(1).max(1000).default(100) }),
    output: z.object({ total: z.number().int(), items: z.array(reviewItemSchema) }),
  },
  /** The user's pick for an unsure match: one candidate's arXiv id, or null for none of them. */
  chooseCandidate: {
    input: z.object({ ref: refSchema, arxivId: z.string().min(1).max(400).nullable() }),
    output: z.object({ paper: paperSchema, requeued: z.boolean() }),
  },
} as const;
