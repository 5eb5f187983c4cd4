import { z } from 'zod';
import { digestSchema, paperRowSchema, paperSchema, sortColumnSchema, statusSchema } from './model';

/**
 * The one contract: every method the library offers, with runtime schemas for its input and
 * output. IPC, the HTTP server and the CLI all dispatch through it; the renderer's client is
 * typed from it. Add a method here and every transport carries it.
 */

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

const importPreview = z.object({
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

const importResult = importPreview.extend({
  digestId: z.number().int(),
  added: z.number().int(),
  merged: z.number().int(),
  /** True when every new paper is already in the search index. */
  searchable: z.boolean(),
});

const listInput = z.object({
  status: statusSchema.nullish(),
  search: z.string().max(500).nullish(),
  digestId: z.number().int().nullish(),
  sort: sortColumnSchema.nullish(),
  desc: z.boolean().nullish(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(100000).default(100),
});

const refSchema = z.string().min(1).max(200);

export const contract = {
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
  /** What an import would do, without writing anything. */
  previewImport: { input: importInput, output: importPreview },
  /** Import a digest in one transaction. */
  commitImport: { input: importInput, output: importResult },
  /** A window of the library table, filtered and sorted in SQL. */
  listPapers: {
    input: listInput,
    output: z.object({ total: z.number().int(), offset: z.number().int(), rows: z.array(paperRowSchema) }),
  },
  /** One paper by id, arXiv id (with or without version) or DOI. */
  getPaper: { input: z.object({ ref: refSchema }), output: paperSchema },
  /** Set the reading status of papers given by ref. */
  markPapers: {
    input: z.object({ refs: z.array(refSchema).min(1).max(100000), status: statusSchema }),
    output: z.object({ changed: z.number().int(), ids: z.array(z.number().int()) }),
  },
  /** The sample digest bundled with the app, for a first try. */
  sampleDigest: { input: z.object({}).default({}), output: z.object({ fileName: z.string(), text: z.string() }) },
  /** Every digest, newest first. */
  listDigests: { input: z.object({}).default({}), output: z.array(digestSchema) },
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;
export type ImportPreview = z.infer<typeof importPreview>;
export type ImportResult = z.infer<typeof importResult>;
export type ListInput = z.output<typeof listInput>;

/** The implementation side: one function per method. */
export type Handlers = { [M in MethodName]: (input: MethodParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> };
/** The calling side: what the renderer, tests and other clients hold. */
export type Api = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

export const METHOD_NAMES = Object.keys(contract) as MethodName[];
export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** The wire form of a call's outcome, the same on every transport. */
export type WireResult<T = unknown> = { ok: true; value: T } | { ok: false; error: import('./errors').WireError };
