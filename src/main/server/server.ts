import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { MAX_IMPORT_BYTES } from '../../shared/methods/import';
import { MAX_PDF_BYTES } from '../core/files/pdf-file';
import type { Core } from '../core/service';
import type { Logger } from '../core/logger';
import { bodyBudget, plain } from './respond';
import { bindAddress, listen } from './listen';
import { apiRoute, pdfRoute } from './routes';
import { serveStatic } from './static';
import { uploadRoute } from './upload';
import { allowedHosts, assertBindable, hostAllowed, hostPort, originAllowed, requestToken, securityHeaders, tokenMatches } from './security';

interface ServerOptions {
  core: Core;
  port: number;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  logger?: Logger;
  /** Largest request body accepted (imports arrive as text); MAX_IMPORT_BYTES by default. */
  maxBody?: number;
  /** The most request-body bytes held at once over all requests (1.25 × maxBody by default). */
  maxBodiesInFlight?: number;
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


/**
 * The contract over localhost HTTP, for the browser UI and end-to-end tests. Listens on 127.0.0.1
 * unless told otherwise with allowRemote. Every call and every PDF needs the per-launch token in
 * the X-Lectern-Token header: the printed URL carries it in its fragment (`/#token=…`), which the
 * browser never sends anywhere; the page keeps it in sessionStorage and sends it as that header.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = randomBytes(24).toString('base64url'); // 192 bits
  // One limit (MAX_IMPORT_BYTES): the largest digest is the largest body.
  const maxBody = opts.maxBody ?? MAX_IMPORT_BYTES;
  // One largest body and some room for everything else, over all requests in flight.
  const budget = bodyBudget(opts.maxBodiesInFlight ?? Math.floor(maxBody * 1.25));
  const bind = bindAddress(opts.host ?? '127.0.0.1');
  assertBindable(bind, !!opts.allowRemote);
  let port = 0;
  let hosts = new Set<string>();
  const api = apiRoute(opts.core, maxBody, budget, opts.logger);
  const upload = uploadRoute(opts.core.received, opts.maxUpload ?? MAX_PDF_BYTES);
  const pdf = pdfRoute(opts.core);

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

    if (rawPath.startsWith('/api/')) return api(req, res, rawPath);
    if (rawPath === '/upload') {
      if (req.method !== 'POST') return plain(res, 405, 'Uploads are POST.');
      return upload(req, res, new URLSearchParams((req.url ?? '').split('?')[1] ?? ''));
    }
    return pdf(req, res, rawPath);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      opts.logger?.error('request failed', e);
      if (!res.headersSent) plain(res, 500, 'Internal error.');
      else res.destroy();
    });
  });
  const listening = await listen(server, opts.port, bind);
  port = listening.port;
  hosts = allowedHosts(bind, port, listening.addresses);
  const shown = listening.shown;
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
