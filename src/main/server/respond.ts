import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WireResult } from '../../shared/contract';

/** A request body over its bound: answered with 413. */
export class BodyTooLarge extends Error {}

export function sizeInWords(bytes: number): string {
  return bytes >= 1048576 ? `${Math.round(bytes / 1048576)} MB` : `${bytes} bytes`;
}

/** The whole body as text, refused past `max` bytes (the rest is not read into memory). */
export function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge(`The request is larger than ${sizeInWords(max)}.`));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Answers 413 before the body is read: the client may finish sending (discarded) so it can read
 * the answer, and the connection is cut a moment later if it keeps sending.
 */
export function tooLarge(req: IncomingMessage, res: ServerResponse, message: string): void {
  req.resume();
  res.on('finish', () => setTimeout(() => req.socket.destroy(), 2000).unref());
  res.setHeader('Connection', 'close');
  json(res, 413, { ok: false, error: { code: 'BAD_INPUT', message } });
}

export function json(res: ServerResponse, status: number, body: WireResult): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(data);
}

export function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${text}\n`);
}
