import { z } from 'zod';

export const noteMethods = {
  /** Sets a paper's free-text note; an empty text clears it. Notes are found by the quick search. */
  setNote: {
    input: z.object({ id: z.number().int(), note: z.string().max(1_000_000) }),
    output: z.object({ note: z.string().nullable(), noteUpdatedAt: z.string().nullable() }),
  },
} as const;
