import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLecternError, type ErrorCode } from '../../shared/errors';
import { dispatch } from '../core/dispatch';
import { pdfResponse } from '../core/files/serve-pdf';
import type { Logger } from '../core/logger';
import type { Core } from '../core/service';
import { BodyTooLarge, json, plain, readBody, ServerBusy, sizeInWords, tooLarge, type BodyBudget } from './respond';

export const STATUS_OF: Partial<Record<ErrorCode, number>> = { BAD_INPUT: 400, UNREADABLE: 422, NOT_FOUND: 404, FORBIDDEN: 403, LIBRARY_BUSY: 503, LIBRARY_DAMAGED: 503 };

/** A path segment's %-escapes decoded, or null when one is malformed (a 400, not a URIError's 500). */
export function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** POST /api/<method>, a JSON body: the contract, through the one dispatch function. */
export function apiRoute(core: Core, maxBody: number, budget: BodyBudget, logger?: Logger) {
  return async (req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> => {
    if (req.method !== 'POST') return plain(res, 405, 'API calls are POST.');
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return plain(res, 415, 'API calls send application/json.');
    const method = safeDecode(rawPath.slice('/api/'.length));
    if (method === null) return json(res, 400, { ok: false, error: { code: 'BAD_INPUT', message: 'The API path has a malformed % escape.' } });
    if (Number(req.headers['content-length'] ?? 0) > maxBody) return tooLarge(req, res, `The request is larger than ${sizeInWords(maxBody)}.`);
    let body: Awaited<ReturnType<typeof readBody>>;
    try {
      body = await readBody(req, maxBody, budget);
    } catch (e) {
      if (e instanceof BodyTooLarge) return tooLarge(req, res, e.message);
      if (e instanceof ServerBusy) return tooLarge(req, res, e.message, 503);
      throw e;
    }
    try {
      let input: unknown;
      try {
        input = JSON.parse(body.text);
      } catch {
        return json(res, 400, { ok: false, error: { code: 'BAD_INPUT', message: 'The request body is not valid JSON.' } });
      }
      const result = await dispatch(core.handlers, method, input, logger);
      json(res, result.ok ? 200 : (STATUS_OF[result.error.code] ?? 500), result);
    } finally {
      body.release();
    }
  };
}

/** GET /pdf/<paper id>: the paper's file, confined to the library's pdfs/ folder, with ranges. */
export function pdfRoute(core: Core) {
  return (req: IncomingMessage, res: ServerResponse, rawPath: string): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed.');
    const m = /^\/pdf\/(\d{1,15})$/.exec(rawPath);
    if (!m) return plain(res, 404, 'Not found: a PDF is asked for as /pdf/<paper id>.');
    try {
      const file = core.pdfFile(Number(m[1]));
      const r = pdfResponse(file.path, req.headers.range, req.method);
      res.writeHead(r.status, r.headers);
      if (!r.body) return void res.end();
      r.body.on('error', () => res.destroy());
      r.body.pipe(res);
    } catch (e) {
      if (isLecternError(e)) return plain(res, STATUS_OF[e.code] ?? 500, e.message);
      throw e;
    }
  };
}
