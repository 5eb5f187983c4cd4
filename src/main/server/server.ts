import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { isLecternError, type ErrorCode } from '../../shared/errors';
import { dispatch } from '../core/dispatch';
import { MAX_PDF_BYTES } from '../core/files/pdf-file';
import { pdfResponse } from '../core/files/serve-pdf';
import type { Core } from '../core/service';
import type { Logger } from '../core/logger';
import { BodyTooLarge, json, plain, readBody, tooLarge } from './respond';
import { serveStatic } from './static';
import { uploadRoute } from './upload';
import { allowedHosts, assertBindable, hostAllowed, hostPort, isLoopback, originAllowed, requestToken, securityHeaders, tokenMatches } from './security';

interface ServerOptions {
  core: Core;
  port: number;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  logger?: Logger;
  /** Largest request body accepted (imports arrive as text). */
  maxBody?: number;
  /** Largest file accepted by /upload (default: the largest PDF the library takes). */
  maxUpload?: number;
  /** Address to listen on; anything but loopback needs `allowRemote` (default 127.0.0.1). */
  host?: string;
  /** Serve to other machines: the token is then all that protects the library, over plain HTTP. */
  allowRemote?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const STATUS_OF: Partial<Record<ErrorCode, number>> = { BAD_INPUT: 400, UNREADABLE: 422, NOT_FOUND: 404, FORBIDDEN: 403, LIBRARY_BUSY: 503, LIBRARY_DAMAGED: 503 };

/**
 * The contract over localhost HTTP, for the browser UI and end-to-end tests. Listens on 127.0.0.1
 * unless told otherwise with allowRemote. Every call and every PDF needs the per-launch token in
 * the X-Lectern-Token header: the printed URL carries it in its fragment (`/#token=…`), which the
 * browser never sends anywhere; the page keeps it in sessionStorage and sends it as that header.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = randomBytes(24).toString('base64url'); // 192 bits
  const maxBody = opts.maxBody ?? 256 * 1024 * 1024;
  const bind = opts.host ?? '127.0.0.1';
  assertBindable(bind, !!opts.allowRemote);
  let port = 0;
  let hosts = new Set<string>();
  const upload = uploadRoute(opts.core.received, opts.maxUpload ?? MAX_PDF_BYTES);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    securityHeaders(res);
    if (!hostAllowed(req, hosts)) return plain(res, 421, 'Misdirected request: unknown Host.');
    // The path as sent, never re-parsed as a URL: `//evil.example/` is a path here, not a host.
    const rawPath = (req.url ?? '/').split('?')[0]!;

    // The page and its assets are the app's public code and hold nothing of the library: they are
    // served without the token, so that the token can stay in the URL's fragment (never sent to
    // any server) and from there in the page's sessionStorage. Everything with data needs it.
    if (!rawPath.startsWith('/api/') && !rawPath.startsWith('/pdf/') && rawPath !== '/upload') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed.');
      const pathName = rawPath === '/' ? '/index.html' : rawPath;
      if (serveStatic(opts.rendererDir, pathName, res)) return;
      if (pathName === '/index.html') return plain(res, 500, `The UI is not built (no index.html in ${opts.rendererDir}). Run: npm run build`);
      return plain(res, 404, 'Not found.');
    }

    if (!tokenMatches(requestToken(req), token)) return plain(res, 403, 'Forbidden: this Lectern server needs the token from the URL that `lectern serve` printed.');
    if (!originAllowed(req, hosts)) return plain(res, 403, 'Forbidden: cross-origin request.');

    if (rawPath.startsWith('/api/')) {
      if (req.method !== 'POST') return plain(res, 405, 'API calls are POST.');
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return plain(res, 415, 'API calls send application/json.');
      const method = decodeURIComponent(rawPath.slice('/api/'.length));
      let input: unknown;
      try {
        input = JSON.parse(await readBody(req, maxBody));
      } catch (e) {
        if (e instanceof BodyTooLarge) return tooLarge(req, res, e.message);
        return json(res, 400, { ok: false, error: { code: 'BAD_INPUT', message: 'The request body is not valid JSON.' } });
      }
      const result = await dispatch(opts.core.handlers, method, input, opts.logger);
      return json(res, result.ok ? 200 : (STATUS_OF[result.error.code] ?? 500), result);
    }

    if (rawPath === '/upload') {
      if (req.method !== 'POST') return plain(res, 405, 'Uploads are POST.');
      return upload(req, res, new URLSearchParams((req.url ?? '').split('?')[1] ?? ''));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed.');
    // A paper's PDF, by paper id only: the file is looked up and confined to the library folder.
    const m = /^\/pdf\/(\d{1,15})$/.exec(rawPath);
    if (!m) return plain(res, 404, 'Not found: a PDF is asked for as /pdf/<paper id>.');
    try {
      const file = opts.core.pdfFile(Number(m[1]));
      const r = pdfResponse(file.path, req.headers.range, req.method);
      res.writeHead(r.status, r.headers);
      if (!r.body) return res.end();
      r.body.on('error', () => res.destroy());
      r.body.pipe(res);
    } catch (e) {
      if (isLecternError(e)) return plain(res, STATUS_OF[e.code] ?? 500, e.message);
      throw e;
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      opts.logger?.error('request failed', e);
      if (!res.headersSent) plain(res, 500, 'Internal error.');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, bind, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const addresses = Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
  hosts = allowedHosts(bind, port, [...addresses, os.hostname()]);
  const shown = isLoopback(bind) ? '127.0.0.1' : bind === '0.0.0.0' || bind === '::' ? (addresses.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a) && !a.startsWith('127.')) ?? os.hostname()) : bind;
  return {
    url: `http://${hostPort(shown, port)}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
