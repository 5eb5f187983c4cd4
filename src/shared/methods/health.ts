import { z } from 'zod';

const noticeSchema = z.object({
  id: z.number().int(),
  level: z.enum(['info', 'warning', 'error']),
  title: z.string(),
  message: z.string(),
  createdAt: z.string(),
});
export type Notice = z.infer<typeof noticeSchema>;

export const healthMethods = {
  /**
   * What the library has to tell its user and they have not dismissed yet: a backup restored
   * after damage (and what may be missing), a damaged file set aside, a backup that failed.
   * Any process may have written them (a CLI run restores too); the UI shows them as a banner.
   */
  listNotices: { input: z.object({}).default({}), output: z.object({ notices: z.array(noticeSchema) }) },
  /** Hide a notice for good. */
  dismissNotice: { input: z.object({ id: z.number().int() }), output: z.object({ dismissed: z.boolean() }) },
} as const;
