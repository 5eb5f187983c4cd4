import fs from 'node:fs';
import { parentPort, threadId } from 'node:worker_threads';
import { extractPdfText, type ExtractLimits } from './extract';

/**
 * The text extraction thread (built to out/main/fulltext-worker.js). It reads one file per
 * message and answers with the text of its pages; the main thread owns the database, the
 * timeouts and the memory limit (it terminates this thread when either is passed).
 */
export interface ExtractJob {
  id: number;
  file: string;
  limits: ExtractLimits;
}

parentPort!.on('message', async (job: ExtractJob) => {
  let data: Uint8Array;
  try {
    data = new Uint8Array(fs.readFileSync(job.file));
  } catch (e) {
    parentPort!.postMessage({ id: job.id, threadId, result: { ok: false, code: 'MISSING', message: `The PDF file cannot be read: ${(e as Error).message}` } });
    return;
  }
  const result = await extractPdfText(data, job.limits);
  parentPort!.postMessage({ id: job.id, threadId, result });
});
