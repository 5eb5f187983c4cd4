import { z } from 'zod';

const importInput = z.object({
  /** The digest's text. */
  text: z.string().max(512 * 1024 * 1024),
  /** File name, used for format detection, the digest's name and messages. */
  fileName: z.string().max(1000).nullish(),
  /** Force a format instead of detecting it. */
  format: z.string().max(40).nullish(),
});

const previewEntry = z.object({
  line: z.number().int(),
  title: z.string(),
  arxivId: z.string().nullable(),
  /** 'new', or 'existing' with the id of the paper it matches. */
  state: z.enum(['new', 'existing']),
  paperId: z.number().int().nullable(),
  matchedBy: z.enum(['arxiv', 'doi', 'title']).nullable(),
});

export const importPreviewSchema = z.object({
  format: z.string(),
  formatLabel: z.string(),
  name: z.string(),
  date: z.string().nullable(),
  dateNote: z.string().nullable(),
  found: z.number().int(),
  new: z.number().int(),
  existing: z.number().int(),
  unreadable: z.array(z.object({ line: z.number().int(), entry: z.string().nullable(), reason: z.string() })),
  entries: z.array(previewEntry),
  /** Set when this exact text was imported before: committing it again changes nothing. */
  alreadyImported: z.object({ digestId: z.number().int(), name: z.string(), importedAt: z.string() }).nullable(),
});

export const importResultSchema = importPreviewSchema.extend({
  digestId: z.number().int(),
  added: z.number().int(),
  merged: z.number().int(),
  /** True when every new paper is already in the search index. */
  searchable: z.boolean(),
});

export const importMethods = {
  /** What an import would do, without writing anything. */
  previewImport: { input: importInput, output: importPreviewSchema },
  /** Import a digest in one transaction. */
  commitImport: { input: importInput, output: importResultSchema },
  /** The sample digest bundled with the app, for a first try. */
  sampleDigest: { input: z.object({}).default({}), output: z.object({ fileName: z.string(), text: z.string() }) },
} as const;
