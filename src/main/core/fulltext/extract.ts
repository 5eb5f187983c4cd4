import { createRequire } from 'node:module';
import path from 'node:path';
import { MAX_STREAM_BYTES, takeStreamOverflow, useSyncInflate } from './inflate';
import { loadBoundedPdfjsWorker } from './pdfjs-bounded';

/**
 * PDF text with pdf.js's legacy build. Load this module only inside the extraction process
 * (worker.ts) or a test: the legacy build installs core-js polyfills on the global objects of its
 * process (Array.prototype.push among them), which must not slow down the main process; this
 * module puts a synchronous DecompressionStream in place of Node's (inflate.ts), and bounds every
 * stream pdf.js decodes (pdfjs-bounded.ts).
 */

export interface ExtractLimits {
  /** Pages beyond this are not read (the index keeps the first ones). */
  maxPages: number;
  /** Stop once this much text was read. */
  maxChars: number;
}

export const DEFAULT_LIMITS: ExtractLimits = { maxPages: 5000, maxChars: 20_000_000 };

export type ExtractErrorCode = 'EMPTY' | 'PASSWORD' | 'INVALID' | 'TIMEOUT' | 'CRASHED' | 'MISSING' | 'FAILED' | 'TOO_LARGE';

/** The words every decompression bomb's failure starts with (the stream limit, the memory limit, the file size). */
export const EXPANDS_TOO_MUCH = 'The PDF expands to more than';

export function expandsTooMuch(mb: number, what = ''): ExtractResult {
  return { ok: false, code: 'TOO_LARGE', message: `${EXPANDS_TOO_MUCH} ${mb} MB${what}; its text was not read.` };
}

const streamBomb = () => expandsTooMuch(MAX_STREAM_BYTES / 1048576, ' in one of its streams');

export type ExtractResult =
  | { ok: true; pageCount: number; pages: string[]; truncated: boolean; pageErrors: number }
  | { ok: false; code: ExtractErrorCode; message: string };

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    const push = Array.prototype.push;
    const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // The worker's code, loaded here rather than on the first document: pdf.js then uses it in
    // this thread, and its polyfills are installed now, before the line below.
    await loadBoundedPdfjsWorker();
    // core-js replaces push on V8 < 12.2 only to throw a better error on frozen arrays; the
    // native one is much faster, and pdf.js calls it in every inner loop.
    Array.prototype.push = push;
    useSyncInflate();
    return lib;
  })();
  return pdfjs;
}

function assetsDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
}

/** The text of each page of a PDF, or why it could not be read. Never throws. */
export async function extractPdfText(data: Uint8Array, limits: ExtractLimits = DEFAULT_LIMITS): Promise<ExtractResult> {
  if (data.length === 0) return { ok: false, code: 'EMPTY', message: 'The PDF file is empty (0 bytes).' };
  const lib = await loadPdfJs();
  takeStreamOverflow(); // one file at a time: what the previous one did is not this one's
  const root = assetsDir();
  const task = lib.getDocument({
    data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    // Text needs no images: do not decode large ones at all.
    maxImageSize: 1,
    cMapUrl: path.join(root, 'cmaps') + path.sep,
    cMapPacked: true,
    // No standardFontDataUrl: the 14 standard fonts' widths are built into pdf.js; their glyph
    // programs only draw, and loading and converting them cost a document up to a quarter of its time
    // here (the text was the same without them on every corpus file).
    wasmUrl: path.join(root, 'wasm') + path.sep,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    return takeStreamOverflow() ? streamBomb() : describeOpenError(e);
  }
  try {
    if (takeStreamOverflow()) return streamBomb();
    const count = doc.numPages;
    const upto = Math.min(count, limits.maxPages);
    const pages: string[] = [];
    let chars = 0;
    let pageErrors = 0;
    let truncated = upto < count;
    for (let i = 1; i <= upto; i++) {
      let text = '';
      try {
        const page = await doc.getPage(i);
        const content = await page.getTextContent();
        for (const item of content.items) {
          if (!('str' in item)) continue;
          text += item.str;
          if (item.hasEOL) text += '\n';
        }
        page.cleanup();
      } catch {
        pageErrors++; // a broken page: keep the others (a partial text is still worth searching)
      }
      if (takeStreamOverflow()) return streamBomb();
      text = text.replace(/[ \t\f\r]+/g, ' ').replace(/ ?\n ?/g, '\n').trim();
      pages.push(text);
      chars += text.length;
      if (chars >= limits.maxChars) {
        truncated = i < count;
        break;
      }
    }
    if (pageErrors === upto && upto > 0) return { ok: false, code: 'INVALID', message: `No page of this PDF could be read (${count} pages).` };
    return { ok: true, pageCount: count, pages, truncated, pageErrors };
  } finally {
    await doc.destroy();
  }
}

function describeOpenError(e: unknown): ExtractResult {
  const name = (e as { name?: string })?.name ?? '';
  const message = e instanceof Error ? e.message : String(e);
  if (name === 'PasswordException') {
    return { ok: false, code: 'PASSWORD', message: 'The PDF is protected by a password, so its text cannot be read.' };
  }
  if (/empty/i.test(message)) return { ok: false, code: 'EMPTY', message: 'The PDF file is empty (0 bytes).' };
  if (name === 'InvalidPDFException') return { ok: false, code: 'INVALID', message: `This file is not a readable PDF (${message}).` };
  return { ok: false, code: 'FAILED', message: `The PDF could not be read: ${message}` };
}
