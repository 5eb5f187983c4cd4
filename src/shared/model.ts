import { z } from 'zod';

export const STATUSES = ['unread', 'reading', 'read'] as const;
export const statusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof statusSchema>;

export const PDF_STATES = ['none', 'queued', 'downloaded', 'failed'] as const;
export const pdfStateSchema = z.enum(PDF_STATES);
export type PdfState = z.infer<typeof pdfStateSchema>;

/** A digest a paper came from, with the paper's place in it. */
export const paperDigestSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  date: z.string().nullable(),
  rank: z.number().int(),
  upvotes: z.number().int().nullable(),
});
export type PaperDigest = z.infer<typeof paperDigestSchema>;

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
  links: z.array(z.string()),
  categories: z.array(z.string()).nullable(),
  addedAt: z.string(),
  digests: z.array(paperDigestSchema),
  starred: z.boolean(),
  tags: z.array(z.string()),
  /** The user's free-text note, searchable with the quick search. */
  note: z.string().nullable(),
  noteUpdatedAt: z.string().nullable(),
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
  digest: z.string().nullable(),
  digestCount: z.number().int(),
  addedAt: z.string(),
  readAt: z.string().nullable(),
  starred: z.boolean(),
  tags: z.array(z.string()),
  hasNote: z.boolean(),
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

export const SORT_COLUMNS = ['status', 'title', 'authors', 'published', 'digest', 'upvotes', 'added', 'pdf', 'starred', 'read', 'tags'] as const;
export const sortColumnSchema = z.enum(SORT_COLUMNS);
export type SortColumn = z.infer<typeof sortColumnSchema>;

export const tagSchema = z.object({ id: z.number().int(), name: z.string(), count: z.number().int() });
export type Tag = z.infer<typeof tagSchema>;
