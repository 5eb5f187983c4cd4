import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import 'pdfjs-dist/web/pdf_viewer.css';
import { authHeaders } from '../api';

/**
 * pdf.js for the reader, loaded on first use (the library table never pays for it). Everything it
 * needs ships with the app under ./pdfjs/ (see electron.vite.config.ts): nothing from a CDN.
 */
type PdfLib = typeof import('pdfjs-dist');
export type PdfViewerLib = typeof import('pdfjs-dist/web/pdf_viewer.mjs');

let loaded: Promise<{ lib: PdfLib; viewer: PdfViewerLib }> | null = null;

export function loadPdfJs(): Promise<{ lib: PdfLib; viewer: PdfViewerLib }> {
  loaded ??= (async () => {
    const lib = await import('pdfjs-dist');
    lib.GlobalWorkerOptions.workerSrc = workerUrl;
    // The viewer components read the library from this global when their module is evaluated.
    (globalThis as { pdfjsLib?: PdfLib }).pdfjsLib = lib;
    const viewer = await import('pdfjs-dist/web/pdf_viewer.mjs');
    return { lib, viewer };
  })();
  loaded.catch(() => (loaded = null));
  return loaded;
}

type PdfWorker = InstanceType<PdfLib['PDFWorker']>;
let worker: PdfWorker | null = null;

/**
 * One pdf.js worker for every document: starting one parses 1.2 MB of script, which would
 * otherwise be paid at each open. A document that fails or hangs gets it replaced (dropWorker).
 */
export function sharedWorker(lib: PdfLib): PdfWorker {
  if (!worker || worker.destroyed) worker = new lib.PDFWorker();
  return worker;
}

export function dropWorker(): void {
  worker?.destroy();
  worker = null;
}

/** Loads pdf.js and starts its worker ahead of need (a paper with a PDF was selected). */
export async function warmReader(): Promise<void> {
  const { lib } = await loadPdfJs();
  await sharedWorker(lib).promise;
}

const asset = (dir: string) => new URL(`pdfjs/${dir}/`, document.baseURI).href;

/** Images inside a PDF larger than this many pixels are not decoded (a hostile file's 100k x 100k image). */
const MAX_IMAGE_PIXELS = 8192 * 8192;
/** The largest canvas a page gets; beyond it pdf.js zooms by CSS and draws the visible part sharp. */
export const MAX_CANVAS_PIXELS = 4096 * 4096;

export function documentOptions(url: string, worker: PdfWorker) {
  return {
    url,
    // The server's token, as a header (browser mode); pdf.js sends it with every range request.
    httpHeaders: authHeaders(),
    worker,
    cMapUrl: asset('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: asset('standard_fonts'),
    wasmUrl: asset('wasm'),
    iccUrl: asset('iccs'),
    useSystemFonts: false,
    // The CSP allows no eval; pdf.js must not try it.
    isEvalSupported: false,
    enableXfa: false,
    maxImageSize: MAX_IMAGE_PIXELS,
    // Keep the whole file from being fetched ahead of need for huge documents.
    disableAutoFetch: true,
  };
}
