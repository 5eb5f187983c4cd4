import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WireResult } from '../../shared/contract';

/** A request body over its bound: answered with 413. */
export class BodyTooLarge extends Error {}

export function sizeInWords(bytes: number): string {
  return bytes >= 1048576 ? `${Math.round(bytes / 1048576)} MB` : `${bytes} bytes`;
}

/**
 * The bytes of request bodies held in memory at once, over all requests: four 250 MB imports sent
 * together took the server to 2 GB. A body that would pass the total is refused as busy.
 */
export interface BodyBudget {
  take(bytes: number): boolean;
  give(bytes: number): void;
  readonly total: number;
}

export function bodyBudget(total: number): BodyBudget {
  let used = 0;
  return {
    total,
    take: (bytes) => {
      if (used + bytes > total) return false;
      used += bytes;
      return true;
    },
    give: (bytes) => {
      used = Math.max(0, used - bytes);
    },
  };
}

/** Other requests hold the budget: answered 503, try again. */
export class ServerBusy extends Error {}

/**
 * The whole body as text, refused past `max` bytes (the rest is not read into memory), its bytes
 * taken from `budget` until `release` is called (after the call has been answered).
 */
export async function readBody(req: IncomingMessage, max: number, budget: BodyBudget): Promise<{ text: string; release: () => void }> {
  let held = 0;
  const release = () => {
    budget.give(held);
    held = 0;
  };
  try {
    const text = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const stop = (e: Error) => {
        req.removeAllListeners('data');
        reject(e);
      };
      req.on('data', (c: Buffer) => {
        if (held + c.length > max) return stop(new BodyTooLarge(`The request is larger than ${sizeInWords(max)}.`));
        if (!budget.take(c.length)) return stop(new ServerBusy(`The server is receiving other large requests (${sizeInWords(budget.total)} at once at most); try again when they are done.`));
        held += c.length;
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
    return { text, release };
  } catch (e) {
    release();
    throw e;
  }
}

/**
 * Answers 413 (or 503 when busy) before the body is read: the client may finish sending (discarded) so it can read
 * the answer, and the connection is cut a moment later if it keeps sending.
 */
export function tooLarge(req: IncomingMessage, res: ServerResponse, message: string, status = 413): void {
  req.resume();
  res.on('finish', () => setTimeout(() => req.socket.destroy(), 2000).unref());
  res.setHeader('Connection', 'close');
  json(res, status, { ok: false, error: { code: status === 413 ? 'BAD_INPUT' : 'LIBRARY_BUSY', message } });
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
