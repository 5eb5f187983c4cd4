import { z } from 'zod';
import { columnLayoutSchema, libraryQuerySchema, viewSchema } from '../query';

const id = z.number().int();

export const viewMethods = {
  /** The built-in views, then the saved ones. */
  listViews: { input: z.object({}).default({}), output: z.array(viewSchema) },
  /** Saves a view (a name, a query with filters and sort, and optionally a column layout). */
  saveView: {
    input: z.object({ id: id.nullish(), name: z.string().max(200), query: libraryQuerySchema, columns: columnLayoutSchema.nullable().default(null) }),
    output: viewSchema,
  },
  deleteView: { input: z.object({ id }), output: z.object({ name: z.string() }) },
} as const;
