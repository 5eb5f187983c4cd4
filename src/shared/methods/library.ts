import { z } from 'zod';
import { PDF_STATES, STATUSES, paperRowSchema, paperSchema, sortColumnSchema } from '../model';
import { filterFields, libraryQuerySchema, refSchema } from '../query';

const id = z.number().int();
const count = z.number().int();

export const listInputSchema = z.object({
  search: z.string().max(500).nullish(),
  sort: sortColumnSchema.nullish(),
  desc: z.boolean().nullish(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(100000).default(100),
  /** Column filters (see shared/query.ts); all optional, combined with AND. */
  ...filterFields,
});

const facetsSchema = z.object({
  total: count,
  statuses: z.record(z.enum(STATUSES), count),
  pdf: z.record(z.enum(PDF_STATES), count),
  starred: count,
  withNotes: count,
  untagged: count,
  needsReview: count.nullable(),
  years: z.array(z.object({ year: z.string().nullable(), count })),
  tags: z.array(z.object({ id, name: z.string(), count })),
  /** The newest digests: papers matching the query in each (count), all its papers, and its unread ones. */
  digests: z.array(z.object({ id, name: z.string(), date: z.string().nullable(), format: z.string(), importedAt: z.string(), count, papers: count, unread: count })),
  digestTotal: count,
});

export const libraryMethods = {
  /** Where the library is and how big it is. */
  libraryInfo: {
    input: z.object({}).default({}),
    output: z.object({ path: z.string(), papers: count, digests: count, schemaVersion: count, appVersion: z.string() }),
  },
  /** A number that changes whenever any process writes to the library; the UI polls it. */
  revision: {
    input: z.object({}).default({}),
    output: z.object({ revision: count, indexing: z.boolean() }),
  },
  /** A window of the library table, filtered and sorted in SQL. */
  listPapers: {
    input: listInputSchema,
    output: z.object({ total: count, offset: count, rows: z.array(paperRowSchema) }),
  },
  /** Counts beside the filters: per status, PDF state, year, tag and (newest) digest, for a query. */
  facetCounts: {
    input: z.object({ query: libraryQuerySchema.default({}), digestLimit: z.number().int().min(0).max(1000).default(60) }),
    output: facetsSchema,
  },
  /** One paper by id, arXiv id (with or without version) or DOI. */
  getPaper: { input: z.object({ ref: refSchema }), output: paperSchema },
} as const;
