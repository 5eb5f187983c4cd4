import { z } from 'zod';
import { pdfStateSchema, sortColumnSchema, statusSchema } from './model';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');
const id = z.number().int();

/** Relative periods, resolved against the core's clock when the query runs (weeks start on Monday). */
const PERIODS = ['today', 'week', 'month', 'year'] as const;
const periodSchema = z.enum(PERIODS);
export type Period = z.infer<typeof periodSchema>;

/**
 * The library's filters, one field per column filter. Every field is optional and the fields
 * combine with AND; within a list (statuses, tags, digests) the values combine with OR. Each
 * becomes a condition over an indexed column in SQL (see core/library/filter.ts).
 */
export const filterFields = {
  /** Any of these reading statuses. */
  statuses: z.array(statusSchema).max(3).nullish(),
  /** Any of these PDF states. */
  pdfStates: z.array(pdfStateSchema).max(10).nullish(),
  /** Title contains this text (case-insensitive). */
  title: z.string().max(200).nullish(),
  /** Author names contain this text (case-insensitive). */
  authors: z.string().max(200).nullish(),
  publishedFrom: day.nullish(),
  publishedTo: day.nullish(),
  addedFrom: day.nullish(),
  addedTo: day.nullish(),
  readFrom: day.nullish(),
  readTo: day.nullish(),
  /** Read within this period (e.g. this week), resolved when the query runs. */
  readPeriod: periodSchema.nullish(),
  upvotesMin: z.number().int().min(0).nullish(),
  upvotesMax: z.number().int().min(0).nullish(),
  /** Tagged with any of these tags. */
  tagIds: z.array(id).max(500).nullish(),
  /** Only papers without any tag. */
  untagged: z.boolean().nullish(),
  /** In any of these digests. */
  digestIds: z.array(id).max(2000).nullish(),
  starred: z.boolean().nullish(),
  hasNote: z.boolean().nullish(),
  /** Papers whose arXiv match waits for the user (the resolve feature sets this state). */
  needsReview: z.boolean().nullish(),
  /** Papers Crossref lists a retraction notice for (true), or none (false). */
  retracted: z.boolean().nullish(),
};

/** Filters, quick search and sort: what a table, a saved view and a target's query are made of. */
export const libraryQuerySchema = z.object({
  /** The quick search: words in the title, abstract, authors, note or the PDF's text. */
  search: z.string().max(500).nullish(),
  ...filterFields,
  sort: sortColumnSchema.nullish(),
  desc: z.boolean().nullish(),
});
export type LibraryQuery = z.output<typeof libraryQuerySchema>;

/** One paper as a person names it: its id, its arXiv id (any version, "arXiv:" or a URL) or its DOI. */
export const refSchema = z.string().min(1).max(200);

/**
 * Which papers an action applies to, the same for every action (status, star, tags, remove,
 * downloads, resolution): papers named by ref (each must exist), by id, and the rows of a query
 * (`{}` is the whole library; with offset/limit, that window in the query's order), minus the
 * excepted ids. A query is resolved in SQL, so "select all" over 100,000 papers never loads them.
 */
export const targetSchema = z.object({
  refs: z.array(refSchema).max(100000).default([]),
  ids: z.array(id).max(200000).default([]),
  query: libraryQuerySchema
    .extend({ offset: z.number().int().min(0).nullish(), limit: z.number().int().min(1).nullish() })
    .nullish(),
  except: z.array(id).max(200000).default([]),
});
export type Target = z.input<typeof targetSchema>;
export type ParsedTarget = z.output<typeof targetSchema>;

/** Column ids of the library table (the renderer's layout and saved views refer to them). */
export const columnLayoutSchema = z.object({
  order: z.array(z.string().max(40)).max(60),
  hidden: z.array(z.string().max(40)).max(60),
  widths: z.record(z.string().max(40), z.number().int().min(30).max(2000)),
});
export type ColumnLayout = z.infer<typeof columnLayoutSchema>;

export const viewSchema = z.object({
  /** Built-in views have string ids ("inbox"), saved ones numbers. */
  id: z.union([z.number().int(), z.string()]),
  name: z.string(),
  builtin: z.boolean(),
  query: libraryQuerySchema,
  columns: columnLayoutSchema.nullable(),
});
export type View = z.infer<typeof viewSchema>;

/** The views every library has. Inbox is the default order (newest digest first, digest rank). */
export const BUILTIN_VIEWS: View[] = [
  { id: 'inbox', name: 'Inbox', builtin: true, query: { statuses: ['unread'], sort: null, desc: false }, columns: null },
  { id: 'reading', name: 'Reading', builtin: true, query: { statuses: ['reading'], sort: null, desc: false }, columns: null },
  { id: 'read-this-week', name: 'Read this week', builtin: true, query: { statuses: ['read'], readPeriod: 'week', sort: 'read', desc: true }, columns: null },
  { id: 'needs-review', name: 'Needs review', builtin: true, query: { needsReview: true, sort: null, desc: false }, columns: null },
];

/** True when the query filters nothing (search included). */
export function isEmptyQuery(q: Partial<LibraryQuery>): boolean {
  return Object.entries(q).every(([k, v]) => k === 'sort' || k === 'desc' || v == null || v === '' || (Array.isArray(v) && v.length === 0));
}
