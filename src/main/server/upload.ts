import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { ReceivedFiles } from '../core/received-files';
import { json, sizeInWords, tooLarge } from './respond';

/** Uploads written at once; more wait for one to finish (each is streamed to disk, not held). */
const MAX_UPLOADS = 4;

/** The name shown in messages: the base name the browser gave, reduced to harmless characters. */
export function uploadName(given: string | null): string {
  const base = (given ?? '').split(/[\\/]/).pop()!.replace(/[^\p{L}\p{N} ._()+-]/gu, '_').trim().slice(0, 120);
  return base && base !== '.' && base !== '..' ? base : 'upload.pdf';
}

/**
 * POST /upload?name=<file name>: the body is a file's bytes (a PDF to attach), written to a
 * temporary folder of its own, bounded by `maxBytes`, and registered as a received file; the
 * answer is its one-use handle, which attachPdf takes. This is how a file reaches the library
 * over HTTP: as bytes the user's browser sent, never as a path on this machine.
 */
export function uploadRoute(received: ReceivedFiles, maxBytes: number) {
  let active = 0;
  return async (req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> => {
    if (req.headers['content-type'] !== 'application/pdf') {
      return json(res, 415, { ok: false, error: { code: 'BAD_INPUT', message: 'An upload is sent as application/pdf.' } });
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > maxBytes) return tooLarge(req, res, `The file is larger than ${sizeInWords(maxBytes)}.`);
    if (active >= MAX_UPLOADS) {
      return json(res, 503, { ok: false, error: { code: 'LIBRARY_BUSY', message: `${MAX_UPLOADS} files are being uploaded already; try again when one is done.` } });
    }
    active++;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-upload-'));
    const file = path.join(dir, uploadName(query.get('name')));
    let bytes = 0;
    let outcome: 'ok' | 'too-large' | 'cut';
    try {
      outcome = await new Promise((resolve, reject) => {
        const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
        req.on('data', (c: Buffer) => {
          bytes += c.length;
          if (bytes <= maxBytes) return;
          req.unpipe(out);
          out.destroy();
          resolve('too-large');
        });
        req.on('aborted', () => resolve('cut'));
        req.on('error', () => resolve('cut'));
        out.on('error', reject);
        out.on('finish', () => resolve(req.complete ? 'ok' : 'cut'));
        req.pipe(out);
      });
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    } finally {
      active--;
    }
    if (outcome !== 'ok') fs.rmSync(dir, { recursive: true, force: true });
    if (outcome === 'too-large') return tooLarge(req, res, `The file is larger than ${sizeInWords(maxBytes)}.`);
    if (outcome === 'cut') return void res.destroy();
    json(res, 200, { ok: true, value: { file: received.add({ path: file, temporary: true }), bytes } });
  };
}
