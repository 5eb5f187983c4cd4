import { z } from 'zod';
import { statusSchema } from '../model';
import { targetSchema } from '../query';

const count = z.number().int();

/** What every undoable action answers: how many papers it targeted and changed, and the undo handle. */
export const bulkResultSchema = z.object({ selected: count, changed: count, undoId: z.number().int().nullable(), label: z.string() });

/** Actions over a target (see targetSchema), each undoable, and the undo itself. */
export const selectionMethods = {
  /** How many papers a target holds (for "Remove 3,214 papers?"). */
  countPapers: { input: z.object({ papers: targetSchema }), output: z.object({ count }) },
  /** Sets the reading status of papers (the read date is kept per paper). Undoable. */
  markPapers: { input: z.object({ papers: targetSchema, status: statusSchema }), output: bulkResultSchema },
  /** Stars or unstars papers. Undoable. */
  starPapers: { input: z.object({ papers: targetSchema, starred: z.boolean() }), output: bulkResultSchema },
  /** Removes papers from the library. Undoable. */
  removePapers: { input: z.object({ papers: targetSchema }), output: bulkResultSchema },
  /** Takes back an action by its undo id. */
  undo: { input: z.object({ undoId: z.number().int() }), output: z.object({ label: z.string() }) },
  /** The newest action that can still be undone. */
  lastUndo: { input: z.object({}).default({}), output: z.object({ id: z.number().int(), label: z.string(), createdAt: z.string() }).nullable() },
} as const;
