import { z } from 'zod';

const count = z.number().int();

const statsSchema = z.object({
  weeks: z.array(z.string()),
  readPerWeek: z.array(count),
  backlog: z.array(count),
  digestsImported: z.array(count),
  digestsCleared: z.array(count),
  totals: z.object({ unread: count, reading: count, read: count, readThisWeek: count, digests: count, digestsWithUnread: count }),
});

export const statsMethods = {
  /** Reading statistics per week: read, backlog, digests imported and cleared. */
  readingStats: { input: z.object({ weeks: z.number().int().min(1).max(520).default(26) }), output: statsSchema },
} as const;
