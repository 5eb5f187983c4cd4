import { z } from 'zod';
import { retractionSchema, statusSchema } from '../model';
import { refSchema } from '../query';

/** A preset the reader recomputes from the window size, or a fixed scale (1 = 100 %). */
const zoomSchema = z.union([z.enum(['page-width', 'page-fit', 'auto']), z.number().min(0.1).max(10)]);
export type Zoom = z.infer<typeof zoomSchema>;

/** An exact place in a document: the page at the top of the view and how far into it (0..1). */
const readingPositionSchema = z.object({
  page: z.number().int().min(1),
  offset: z.number().min(0).max(1),
  zoom: zoomSchema,
});
export type ReadingPosition = z.infer<typeof readingPositionSchema>;

const readerSettingsSchema = z.object({
  /** Reaching the last page marks the paper read instead of offering to. */
  autoMarkRead: z.boolean(),
  /** Pages drawn light on dark. */
  darkPages: z.boolean(),
});
export type ReaderSettings = z.infer<typeof readerSettingsSchema>;

const TEXT_STATES = ['none', 'pending', 'done', 'failed'] as const;

const readingStateSchema = z.object({
  paperId: z.number().int(),
  title: z.string(),
  status: statusSchema,
  readAt: z.string().nullable(),
  /** Crossref's retraction notice for the paper, shown above the pages; null when none. */
  retraction: retractionSchema.nullable(),
  /** The paper's PDF in the library folder, or null when it has none yet. */
  file: z.object({ name: z.string(), bytes: z.number().int() }).nullable(),
  position: readingPositionSchema.nullable(),
  furthestPage: z.number().int().nullable(),
  pageCount: z.number().int().nullable(),
  /** 0–100: the furthest page seen over the page count. */
  progress: z.number().int().nullable(),
  /** Whether the PDF's text is in the search index. */
  text: z.object({ state: z.enum(TEXT_STATES), pages: z.number().int(), chars: z.number().int(), error: z.string().nullable() }),
  settings: readerSettingsSchema,
  /** Open in the system viewer / reveal in folder are available (the desktop app only). */
  desktop: z.boolean(),
});
export type ReadingState = z.infer<typeof readingStateSchema>;

export const readerMethods = {
  /** What the reader needs to open a paper: its file, where it was left, the settings. Read-only. */
  readingState: { input: z.object({ ref: refSchema }), output: readingStateSchema },
  /**
   * Where the reader is now. The first save makes an unread paper *reading*; the furthest page
   * only grows. Reaching the last page marks the paper read when autoMarkRead is set, and
   * otherwise says so (justReachedEnd) so the reader can offer it.
   */
  saveReadingPosition: {
    input: readingPositionSchema.extend({
      paperId: z.number().int(),
      pageCount: z.number().int().min(1).max(1_000_000),
      /** The furthest page the reader has had in view (the last one counts once its end showed); 0 for none. */
      seenPage: z.number().int().min(0),
    }),
    output: z.object({
      status: statusSchema,
      progress: z.number().int(),
      furthestPage: z.number().int(),
      justReachedEnd: z.boolean(),
      markedRead: z.boolean(),
    }),
  },
  /**
   * Copy a PDF into the library folder as the paper's PDF (replacing any earlier one). The file
   * must be a PDF; its text is then extracted in the background. `file` is the one-use handle of
   * a file the transport received — an upload's bytes (HTTP), a file the user picked or dropped
   * (the desktop app), the path on the command line (CLI) — never a path: no caller can name an
   * arbitrary file on the machine.
   */
  attachPdf: {
    input: z.object({ ref: refSchema, file: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'a handle of a received file') }),
    output: z.object({
      paperId: z.number().int(),
      file: z.string(),
      bytes: z.number().int(),
      replaced: z.boolean(),
      /** Things the user should know about a file that was still accepted (e.g. it looks cut off). */
      warnings: z.array(z.string()),
    }),
  },
  readerSettings: { input: z.object({}).default({}), output: readerSettingsSchema },
  setReaderSettings: { input: readerSettingsSchema.partial(), output: readerSettingsSchema },
  /** How far the background text extraction has got. */
  textExtraction: {
    input: z.object({}).default({}),
    output: z.object({ pending: z.number().int(), done: z.number().int(), failed: z.number().int(), running: z.boolean() }),
  },
  /** Open the paper's PDF in the system's viewer, or show it in its folder (desktop app only). */
  showPdf: { input: z.object({ ref: refSchema, how: z.enum(['open', 'reveal']) }), output: z.object({ path: z.string() }) },
} as const;
