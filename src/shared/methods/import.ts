import { z } from 'zod';

/**
 * The largest digest Lectern imports at once: the one limit for every way in (the schema, the
 * server's request body, a file given to the CLI or picked in the app).
 */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
/** What a refusal says, the same everywhere. */
export const TOO_LARGE_TO_IMPORT = `larger than ${MAX_IMPORT_BYTES / 1048576} MB, the most Lectern imports at once`;

const importInput = z.object({
  /** The digest's text. */
  text: z.string().max(MAX_IMPORT_BYTES, `The digest is ${TOO_LARGE_TO_IMPORT}.`),
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
  /**
   * The plan's key (the content's SHA-256): commitImport({ plan }) writes this preview without
   * the text again and without parsing it again, for a while (until another preview replaces it).
   */
  planKey: z.string(),
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
  /**
   * Import a digest in one transaction: the text, or the key of a plan previewImport returned
   * (NOT_FOUND once that plan is gone: send the text then). Either way the matches are made again
   * under the write lock if the library changed since they were made.
   */
  commitImport: { input: z.union([importInput, z.object({ plan: z.string().regex(/^[0-9a-f]{64}$/, 'a planKey from previewImport') })]), output: importResultSchema },
  /** The sample digest bundled with the app, for a first try. */
  sampleDigest: { input: z.object({}).default({}), output: z.object({ fileName: z.string(), text: z.string() }) },
} as const;
