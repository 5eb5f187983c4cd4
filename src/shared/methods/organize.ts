import { z } from 'zod';
import { PDF_STATES, STATUSES, statusSchema, tagSchema } from '../model';
import { columnLayoutSchema, libraryQuerySchema, selectionSchema, viewSchema } from '../query';

const id = z.number().int();
const count = z.number().int();

/** What every bulk action answers: how many were selected and changed, and the undo handle. */
const bulkResult = z.object({ selected: count, changed: count, undoId: id.nullable(), label: z.string() });

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

const statsSchema = z.object({
  weeks: z.array(z.string()),
  readPerWeek: z.array(count),
  backlog: z.array(count),
  digestsImported: z.array(count),
  digestsCleared: z.array(count),
  totals: z.object({ unread: count, reading: count, read: count, readThisWeek: count, digests: count, digestsWithUnread: count }),
});

const uiKey = z.string().regex(/^[a-z0-9._-]{1,64}$/, 'a UI state key is 1–64 of a-z 0-9 . _ -');

export const organizeMethods = {
  /** Counts beside the filters: per status, PDF state, year, tag and (newest) digest, for a query. */
  facetCounts: {
    input: z.object({ query: libraryQuerySchema.default({}), digestLimit: z.number().int().min(0).max(1000).default(60) }),
    output: facetsSchema,
  },
  /** How many papers a selection holds (for "Remove 3,214 papers?"). */
  countSelection: { input: z.object({ selection: selectionSchema }), output: z.object({ count }) },
  /** Sets the reading status of every selected paper. Undoable. */
  setStatus: { input: z.object({ selection: selectionSchema, status: statusSchema }), output: bulkResult },
  /** Stars or unstars the selected papers. Undoable. */
  starPapers: { input: z.object({ selection: selectionSchema, starred: z.boolean() }), output: bulkResult },
  /** Adds tags by name (created when new) and removes tags by id, on the selected papers. Undoable. */
  tagPapers: {
    input: z.object({ selection: selectionSchema, add: z.array(z.string().max(200)).max(50).default([]), remove: z.array(id).max(500).default([]) }),
    output: bulkResult,
  },
  /** Removes the selected papers from the library. Undoable. */
  removePapers: { input: z.object({ selection: selectionSchema }), output: bulkResult },
  /** Takes back an action by its undo id. */
  undo: { input: z.object({ undoId: id }), output: z.object({ label: z.string() }) },
  /** The newest action that can still be undone. */
  lastUndo: { input: z.object({}).default({}), output: z.object({ id, label: z.string(), createdAt: z.string() }).nullable() },

  /** Every tag with its number of papers, by name. */
  listTags: { input: z.object({}).default({}), output: z.array(tagSchema) },
  createTag: { input: z.object({ name: z.string().max(200) }), output: tagSchema },
  /** Renames a tag; refuses a name another tag has (merge those instead). */
  renameTag: { input: z.object({ id, name: z.string().max(200) }), output: tagSchema },
  /** Moves the papers of the `from` tags to `into` and deletes the `from` tags. */
  mergeTags: { input: z.object({ from: z.array(id).min(1).max(500), into: id }), output: z.object({ tag: tagSchema, merged: count }) },
  /** Deletes a tag; its papers stay. */
  deleteTag: { input: z.object({ id }), output: z.object({ name: z.string(), untagged: count }) },

  /** Sets a paper's free-text note; an empty text clears it. Notes are found by the quick search. */
  setNote: {
    input: z.object({ id, note: z.string().max(1_000_000) }),
    output: z.object({ note: z.string().nullable(), noteUpdatedAt: z.string().nullable() }),
  },

  /** The built-in views, then the saved ones. */
  listViews: { input: z.object({}).default({}), output: z.array(viewSchema) },
  /** Saves a view (a name, a query with filters and sort, and optionally a column layout). */
  saveView: {
    input: z.object({ id: id.nullish(), name: z.string().max(200), query: libraryQuerySchema, columns: columnLayoutSchema.nullable().default(null) }),
    output: viewSchema,
  },
  deleteView: { input: z.object({ id }), output: z.object({ name: z.string() }) },

  /** A remembered UI value (the column layout, the last view), per library. */
  getUiState: { input: z.object({ key: uiKey }), output: z.object({ value: z.unknown() }) },
  setUiState: { input: z.object({ key: uiKey, value: z.unknown() }), output: z.object({ ok: z.literal(true) }) },

  /** A digest's unread papers in the digest's order (or "For you": the most interesting first), for a triage pass. */
  triageQueue: {
    input: z.object({ digestId: id, order: z.enum(['digest', 'interest']).default('digest') }),
    output: z.object({ digest: z.object({ id, name: z.string(), date: z.string().nullable(), papers: count }), ids: z.array(id) }),
  },
  /** Reading statistics per week: read, backlog, digests imported and cleared. */
  readingStats: { input: z.object({ weeks: z.number().int().min(1).max(520).default(26) }), output: statsSchema },
} as const;
