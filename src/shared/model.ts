import { z } from 'zod';

export const STATUSES = ['unread', 'reading', 'read'] as const;
export const statusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof statusSchema>;

export const PDF_STATES = ['none', 'queued', 'downloaded', 'failed'] as const;
export const pdfStateSchema = z.enum(PDF_STATES);
export type PdfState = z.infer<typeof pdfStateSchema>;

/**
 * Where a paper stands with arXiv: queued for resolution, matched by title (sure), waiting for the
 * user's review among candidates, unmatched, chosen by the user, enriched by id, or failed.
 * null: never looked up.
 */
const RESOLVE_STATES = ['queued', 'matched', 'review', 'unmatched', 'chosen', 'enriched', 'failed'] as const;
const resolveStateSchema = z.enum(RESOLVE_STATES);
export type ResolveState = z.infer<typeof resolveStateSchema>;

/** A digest a paper came from, with the paper's place in it. */
const paperDigestSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  date: z.string().nullable(),
  rank: z.number().int(),
  upvotes: z.number().int().nullable(),
});

/** A retraction notice Crossref links to the paper's DOI (updated-by of type retraction). */
export const retractionSchema = z.object({
  /** The notice's DOI, and where to read it (https://doi.org/…). */
  doi: z.string().nullable(),
  url: z.string().nullable(),
  /** YYYY-MM-DD, when Crossref dates it. */
  date: z.string().nullable(),
  label: z.string(),
});
export type Retraction = z.infer<typeof retractionSchema>;

/**
 * Where a work stands beyond arXiv: the version of record ("Published in <venue>, <year>"), its
 * preprint ("Preprint arXiv:ID vN", or a bioRxiv DOI), a retraction, and its other identifiers
 * (importing any of them finds this paper).
 */
export const workFactsSchema = {
  /** The journal, proceedings or book of the published version (Crossref's container, or arXiv's journal_ref). */
  venue: z.string().nullable(),
  venueYear: z.number().int().nullable(),
  /** Crossref's type of the DOI's record: journal-article, proceedings-article, posted-content, … */
  workType: z.string().nullable(),
  /** The published version, when one is known: shown as "Published in <venue>, <year>". */
  publishedIn: z.object({ venue: z.string(), year: z.number().int().nullable(), doi: z.string().nullable() }).nullable(),
  /** The preprint of the same work: arXiv (id and version) or a preprint server known by DOI. */
  preprint: z.object({ server: z.string().nullable(), id: z.string(), version: z.number().int().nullable() }).nullable(),
  /** True when Crossref lists a retraction notice for the paper's DOI. */
  retracted: z.boolean(),
  retraction: retractionSchema.nullable(),
  /** The work's other identifiers (a preprint's DOI, an earlier version's). */
  otherIds: z.array(z.object({ kind: z.enum(['doi', 'arxiv']), value: z.string(), role: z.enum(['preprint', 'published', 'version']) })),
  /** The DOI's lookup on Crossref: queued, found, missing (Crossref does not know it) or failed; null when never asked. */
  crossrefState: z.enum(['queued', 'found', 'missing', 'failed']).nullable(),
  crossrefNote: z.string().nullable(),
};

/** A paper as `show` and the side pane see it (DESIGN.md lists the JSON fields others rely on). */
export const paperSchema = z.object({
  id: z.number().int(),
  arxivId: z.string().nullable(),
  arxivVersion: z.number().int().nullable(),
  doi: z.string().nullable(),
  title: z.string(),
  abstract: z.string().nullable(),
  authors: z.array(z.string()).nullable(),
  authorCount: z.number().int().nullable(),
  published: z.string().nullable(),
  upvotes: z.number().int(),
  status: statusSchema,
  statusChangedAt: z.string(),
  readAt: z.string().nullable(),
  pdf: pdfStateSchema,
  /** The PDF's path relative to the library folder (pdfs/<id>.pdf), once downloaded. */
  pdfPath: z.string().nullable(),
  pdfBytes: z.number().int().nullable(),
  /** Why the last download failed, or what the queued download waits for. */
  pdfNote: z.string().nullable(),
  /** 0..1 while the PDF is being downloaded. */
  pdfProgress: z.number().nullable(),
  resolveState: resolveStateSchema.nullable(),
  resolveNote: z.string().nullable(),
  links: z.array(z.string()),
  categories: z.array(z.string()).nullable(),
  addedAt: z.string(),
  digests: z.array(paperDigestSchema),
  /** 0–100: how far into its PDF the reader has been; null before it was opened. */
  progress: z.number().int().nullable(),
  starred: z.boolean(),
  tags: z.array(z.string()),
  /** The user's free-text note, searchable with the quick search. */
  note: z.string().nullable(),
  noteUpdatedAt: z.string().nullable(),
  /** 0–1: how likely the user is to want it, by a model of their own reading; null when read, or before there is a model. */
  interest: z.number().nullable(),
  /** Ids of the papers the user read or starred that it is most like (the "like: <title>" reason). */
  because: z.array(z.number().int()),
  ...workFactsSchema,
});
export type Paper = z.infer<typeof paperSchema>;

/** A row of the library table: what the visible columns need, nothing more. */
export const paperRowSchema = z.object({
  id: z.number().int(),
  arxivId: z.string().nullable(),
  title: z.string(),
  authors: z.array(z.string()).nullable(),
  authorCount: z.number().int().nullable(),
  published: z.string().nullable(),
  upvotes: z.number().int(),
  status: statusSchema,
  pdf: pdfStateSchema,
  /** 0..1 while the PDF is being downloaded. */
  pdfProgress: z.number().nullable(),
  /** Why the download failed, or what a queued download waits for. */
  pdfNote: z.string().nullable(),
  resolveState: resolveStateSchema.nullable(),
  digest: z.string().nullable(),
  digestCount: z.number().int(),
  addedAt: z.string(),
  /** 0–100: how far into its PDF the reader has been; null before it was opened. */
  progress: z.number().int().nullable(),
  /** When a search matched the PDF's text: the page and a snippet, the hits between \u0002 and \u0003. */
  textMatch: z.object({ page: z.number().int(), snippet: z.string() }).nullable(),
  readAt: z.string().nullable(),
  starred: z.boolean(),
  tags: z.array(z.string()),
  hasNote: z.boolean(),
  /** As Paper.interest and Paper.because. */
  interest: z.number().nullable(),
  because: z.array(z.number().int()),
  /** Crossref lists a retraction notice for its DOI. */
  retracted: z.boolean(),
});
export type PaperRow = z.infer<typeof paperRowSchema>;

export const digestSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  date: z.string().nullable(),
  format: z.string(),
  sourceName: z.string().nullable(),
  importedAt: z.string(),
  paperCount: z.number().int(),
  unreadCount: z.number().int(),
});
export type Digest = z.infer<typeof digestSchema>;

/** `interest` is "For you": the most interesting first (upvotes, then date, before there is a model). */
export const SORT_COLUMNS = ['status', 'title', 'authors', 'published', 'digest', 'upvotes', 'added', 'pdf', 'starred', 'read', 'tags', 'interest'] as const;
export const sortColumnSchema = z.enum(SORT_COLUMNS);
export type SortColumn = z.infer<typeof sortColumnSchema>;

export const tagSchema = z.object({ id: z.number().int(), name: z.string(), count: z.number().int() });
export type Tag = z.infer<typeof tagSchema>;
