import type { Handlers } from '../../../shared/contract';
import { LecternError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { attachPdf, existingPdfFile } from '../files/pdf-file';
import { textCounts } from '../fulltext/store';
import { resolveRef } from '../library/papers';
import { readingState, saveReadingPosition } from '../reader/position';
import { readerSettings, setReaderSettings } from '../reader/settings';

type ReaderHandlers = Pick<Handlers, 'readingState' | 'saveReadingPosition' | 'attachPdf' | 'readerSettings' | 'setReaderSettings' | 'textExtraction' | 'showPdf'>;

export function readerHandlers(ctx: CoreContext): ReaderHandlers {
  const { db, dataDir, now } = ctx;
  return {
    readingState: (input) => readingState(db, dataDir, input.ref, ctx.desktop !== null),
    saveReadingPosition: (input) => saveReadingPosition(db, input, now().toISOString()),
    attachPdf: async (input) => {
      const file = ctx.received.take(input.file);
      try {
        const r = await attachPdf(db, dataDir, input.ref, file.path, now().toISOString());
        ctx.text.schedule();
        return r;
      } finally {
        ctx.received.release(file);
      }
    },
    readerSettings: () => readerSettings(db),
    setReaderSettings: (input) => setReaderSettings(db, input),
    textExtraction: () => ({ ...textCounts(db), running: ctx.text.running() }),
    showPdf: async (input) => {
      if (!ctx.desktop) throw new LecternError('FORBIDDEN', 'Opening a PDF outside Lectern works in the desktop app only.');
      const id = resolveRef(db, input.ref);
      if (id === null) throw new LecternError('NOT_FOUND', `No paper "${input.ref}" in this library.`, input.ref);
      const file = existingPdfFile(db, dataDir, id);
      if (input.how === 'reveal') ctx.desktop.showItemInFolder(file.path);
      else {
        const error = await ctx.desktop.openPath(file.path);
        if (error) throw new LecternError('NOT_FOUND', `The system could not open the PDF: ${error}`, file.relPath);
      }
      return { path: file.path };
    },
  };
}
