import { z } from 'zod';

const uiKey = z.string().regex(/^[a-z0-9._-]{1,64}$/, 'a UI state key is 1–64 of a-z 0-9 . _ -');

export const uiStateMethods = {
  /** A remembered UI value (the column layout, the last view), per library. */
  getUiState: { input: z.object({ key: uiKey }), output: z.object({ value: z.unknown() }) },
  setUiState: { input: z.object({ key: uiKey, value: z.unknown() }), output: z.object({ ok: z.literal(true) }) },
} as const;
