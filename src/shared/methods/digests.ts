import { z } from 'zod';
import { digestSchema } from '../model';

export const digestMethods = {
  /** Every digest, newest first, with its paper and unread counts. */
  listDigests: { input: z.object({}).default({}), output: z.array(digestSchema) },
  /**
   * Delete a digest. Papers that came only from it are removed; papers that other digests also
   * brought keep everything and only lose the link. `dryRun` tells what would happen.
   */
  deleteDigest: {
    input: z.object({ id: z.number().int(), dryRun: z.boolean().default(false) }),
    output: z.object({ id: z.number().int(), name: z.string(), removedPapers: z.number().int(), keptPapers: z.number().int(), dryRun: z.boolean() }),
  },
} as const;
