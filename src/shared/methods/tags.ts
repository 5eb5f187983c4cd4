import { z } from 'zod';
import { tagSchema } from '../model';
import { targetSchema } from '../query';
import { bulkResultSchema } from './selection';

const id = z.number().int();

export const tagMethods = {
  /** Adds tags by name (created when new) and removes tags by id, on the target's papers. Undoable. */
  tagPapers: {
    input: z.object({ papers: targetSchema, add: z.array(z.string().max(200)).max(50).default([]), remove: z.array(id).max(500).default([]) }),
    output: bulkResultSchema,
  },
  /** Every tag with its number of papers, by name. */
  listTags: { input: z.object({}).default({}), output: z.array(tagSchema) },
  createTag: { input: z.object({ name: z.string().max(200) }), output: tagSchema },
  /** Renames a tag; refuses a name another tag has (merge those instead). */
  renameTag: { input: z.object({ id, name: z.string().max(200) }), output: tagSchema },
  /** Moves the papers of the `from` tags to `into` and deletes the `from` tags. */
  mergeTags: { input: z.object({ from: z.array(id).min(1).max(500), into: id }), output: z.object({ tag: tagSchema, merged: z.number().int() }) },
  /** Deletes a tag; its papers stay. */
  deleteTag: { input: z.object({ id }), output: z.object({ name: z.string(), untagged: z.number().int() }) },
} as const;
