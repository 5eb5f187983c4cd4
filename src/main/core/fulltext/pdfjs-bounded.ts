import fs from 'node:fs';
import { createRequire } from 'node:module';
import { MAX_STREAM_BYTES, streamOverflow } from './inflate';

/**
 * pdf.js's worker code (the parser), loaded with one line added: every decoder of pdf.js
 * (Flate, LZW, ASCII85, RunLength, ... and the lenient Flate it falls back to on damaged data)
 * grows its buffer in `DecodeStream.ensureBuffer`, and that method now refuses to grow past
 * MAX_STREAM_BYTES. pdf.js has no option for this, and a bomb that inflates to gigabytes must
 * not reach the memory limit of the extraction process before it is named as one. Loaded as a
 * data: URL from the installed file, so the installed package stays as it shipped; an upgrade of
 * pdf.js that changes the method makes extraction refuse to start (a test runs it) rather than
 * run unbounded.
 */
const GROW = /(\n {2}ensureBuffer\(requested\) \{\n {4}const buffer = this\.buffer;\n {4}if \(requested <= buffer\.byteLength\) \{\n {6}return buffer;\n {4}\}\n)/g;
const HOOK = '__lecternStreamGrows';

export async function loadBoundedPdfjsWorker(): Promise<void> {
  const file = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');
  const source = fs.readFileSync(file, 'utf8');
  const found = source.match(GROW)?.length ?? 0;
  if (found !== 1) {
    throw new Error(`This pdf.js (${file}) no longer has the method that bounds its streams (found ${found} times); text extraction does not run unbounded.`);
  }
  (globalThis as Record<string, unknown>)[HOOK] = (requested: number) => {
    if (requested > MAX_STREAM_BYTES) streamOverflow(requested);
  };
  const patched = source.replace(GROW, `$1    globalThis.${HOOK}(requested);\n`).replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  await import(/* @vite-ignore */ `data:text/javascript;base64,${Buffer.from(patched).toString('base64')}`);
  if (!(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker) throw new Error('pdf.js did not install its worker code.');
}
