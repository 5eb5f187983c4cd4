import fs from 'node:fs';
import { expandsTooMuch, extractPdfText, type ExtractLimits, type ExtractResult } from './extract';

/**
 * The text extraction process (built to out/main/fulltext-worker.js, started by runner.ts as a
 * child process). It reads one file per message and answers with the text of its pages; the
 * parent owns the database, the timeouts and the memory limit, and kills this process when
 * either is passed. Everything a hostile PDF makes pdf.js allocate is allocated here, never in
 * the app, the server or the command.
 */
export interface ExtractJob {
  id: number;
  file: string;
  limits: ExtractLimits;
}

/** Files larger than this are not read for text: pdf.js holds the whole file in memory. */
export const MAX_TEXT_FILE_BYTES = 256 * 1024 * 1024;

async function extractFile(job: ExtractJob): Promise<ExtractResult> {
  let data: Buffer;
  try {
    const size = fs.statSync(job.file).size;
    if (size > MAX_TEXT_FILE_BYTES) return expandsTooMuch(MAX_TEXT_FILE_BYTES / 1048576, ` (the file alone is ${(size / 1048576).toFixed(0)} MB)`);
    data = fs.readFileSync(job.file);
  } catch (e) {
    return { ok: false, code: 'MISSING', message: `The PDF file cannot be read: ${(e as Error).message}` };
  }
  // A view, not a copy: pdf.js takes a Uint8Array that spans its whole buffer as it is.
  return extractPdfText(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), job.limits);
}

process.on('message', (job: ExtractJob) => {
  void extractFile(job).then((result) => process.send!({ id: job.id, pid: process.pid, result }));
});
// The parent went away (closed, or killed): nothing is left to answer to.
process.on('disconnect', () => process.exit(0));
