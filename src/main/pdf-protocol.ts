import { Readable } from 'node:stream';
import { isLecternError, type ErrorCode } from '../shared/errors';
import { pdfResponse } from './core/files/serve-pdf';
import type { Core } from './core/service';

/** The desktop app's PDF URLs: lectern-pdf://paper/<paper id>. */
export const PDF_SCHEME = 'lectern-pdf';

/** Registered before the app is ready: fetchable by pdf.js (with Range), streamed, secure. */
export const PDF_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } as const;

const STATUS: Partial<Record<ErrorCode, number>> = { NOT_FOUND: 404, FORBIDDEN: 403, BAD_INPUT: 400, UNREADABLE: 422 };

/**
 * The handler behind protocol.handle(PDF_SCHEME): a paper id in, that paper's PDF out. It holds
 * no Electron, so it is tested as is; the file is chosen and confined by the core (pdfFile).
 */
export function pdfProtocolHandler(core: Pick<Core, 'pdfFile'>): (request: Request) => Promise<Response> {
  return async (request) => {
    // The page is a file:// document, so its origin is "null"; only our page runs in the window.
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Accept-Ranges, Content-Range, Content-Length' };
    const fail = (status: number, text: string) => new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...cors } });
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405, 'Method not allowed.');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return fail(400, 'Bad URL.');
    }
    const m = /^\/(\d{1,15})\/?$/.exec(url.pathname);
    if (url.protocol !== `${PDF_SCHEME}:` || url.hostname !== 'paper' || !m) return fail(404, `Not found: a PDF is asked for as ${PDF_SCHEME}://paper/<paper id>.`);
    try {
      const file = core.pdfFile(Number(m[1]));
      const r = pdfResponse(file.path, request.headers.get('range'), request.method);
      const body = r.body ? (Readable.toWeb(r.body) as ReadableStream<Uint8Array>) : null;
      return new Response(body, { status: r.status, headers: { ...r.headers, ...cors } });
    } catch (e) {
      if (isLecternError(e)) return fail(STATUS[e.code] ?? 500, e.message);
      return fail(500, 'Internal error.');
    }
  };
}
