import { z } from 'zod';

const id = z.number().int();

export const triageMethods = {
  /** A digest's unread papers in the digest's order (or "For you": the most interesting first), for a triage pass. */
  triageQueue: {
    input: z.object({ digestId: id, order: z.enum(['digest', 'interest']).default('digest') }),
    output: z.object({ digest: z.object({ id, name: z.string(), date: z.string().nullable(), papers: z.number().int() }), ids: z.array(id) }),
  },
} as const;
