import { z } from 'zod';
import { paperRowSchema, paperSchema, sortColumnSchema, statusSchema } from '../model';
import { filterFields, legacyFilterFields } from '../query';

export const listInputSchema = z.object({
  ...legacyFilterFields,
  sort: sortColumnSchema.nullish(),
  desc: z.boolean().nullish(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(100000).default(100),
  /** Column filters (see shared/query.ts); all optional, combined with AND. */
  ...filterFields,
});

export const refSchema = z.string().min(1).max(200);

export const libraryMethods = {
  /** Where the library is and how big it is. */
  libraryInfo: {
    input: z.object({}).default({}),
    output: z.object({ path: z.string(), papers: z.number().int(), digests: z.number().int(), schemaVersion: z.number().int(), appVersion: z.string() }),
  },
  /** A number that changes whenever any process writes to the library; the UI polls it. */
  revision: {
    input: z.object({}).default({}),
    output: z.object({ revision: z.number().int(), indexing: z.boolean() }),
  },
  /** A window of the library table, filtered and sorted in SQL. */
  listPapers: {
    input: listInputSchema,
    output: z.object({ total: z.number().int(), offset: z.number().int(), rows: z.array(paperRowSchema) }),
  },
  /** One paper by id, arXiv id (with or without version) or DOI. */
  getPaper: { input: z.object({ ref: refSchema }), output: paperSchema },
  /** Set the reading status of papers given by ref. */
  markPapers: {
    input: z.object({ refs: z.array(refSchema).min(1).max(100000), status: statusSchema }),
    output: z.object({ changed: z.number().int(), ids: z.array(z.number().int()) }),
  },
} as const;
