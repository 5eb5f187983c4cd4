import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { CSP } from '../../shared/csp';
import { LecternError } from '../../shared/errors';

/**
 * The per-launch token travels only in this header, never in a cookie: a cookie for 127.0.0.1 is
 * sent by the browser to every other server on 127.0.0.1 (cookies are not scoped by port), and
 * any of them could replay it. The page keeps the token in sessionStorage, which is per origin.
 */
export const TOKEN_HEADER = 'x-lectern-token';

/** On every response, errors included; each line names what it stops. */
export function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP); // injected script, inline or from elsewhere
  res.setHeader('X-Content-Type-Options', 'nosniff'); // a JSON or text answer run as script
  res.setHeader('X-Frame-Options', 'DENY'); // clickjacking (older browsers; CSP frame-ancestors for the rest)
  res.setHeader('Referrer-Policy', 'no-referrer'); // the launch URL's token leaking to a linked site
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin'); // a page that opened us reaching into our window
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin'); // other sites embedding our answers (Spectre-style reads)
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()');
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Serving beyond this machine is a decision the user makes out loud (--allow-remote). */
export function assertBindable(host: string, allowRemote: boolean): void {
  if (isLoopback(host) || allowRemote) return;
  throw new LecternError(
    'BAD_INPUT',
    `Refusing to serve on ${host}: other machines could reach your library there. Lectern serves on 127.0.0.1 unless you add --allow-remote (then anyone who gets the printed URL can read and change the library, and the traffic is not encrypted).`,
  );
}

/** host:port as a Host header carries it (IPv6 in brackets). */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`.toLowerCase();
}

/**
 * The Host values that are us: the loopback names and the name or address bound (every local
 * address for a wildcard). A DNS-rebinding page reaches us under
 * its own name, which is never in the list.
 */
export function allowedHosts(bound: string, port: number, localAddresses: string[] = []): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  names.push(...(bound === '0.0.0.0' || bound === '::' ? localAddresses : [bound]));
  return new Set(names.map((n) => hostPort(n, port)));
}

export function hostAllowed(req: IncomingMessage, allowed: Set<string>): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && allowed.has(host);
}

/**
 * A state-changing request from a browser must come from our own origin. `Origin: null`
 * (a sandboxed frame, a data: URL, a file) is not ours; Sec-Fetch-Site says the same for
 * browsers that leave Origin out.
 */
export function originAllowed(req: IncomingMessage, allowed: Set<string>): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser cross-origin request (curl, the CLI)
  const m = /^http:\/\/(.+)$/.exec(origin.toLowerCase());
  return m !== null && allowed.has(m[1]!);
}

export function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request carries: the X-Lectern-Token header, and nothing else. */
export function requestToken(req: IncomingMessage): string | undefined {
  const v = req.headers[TOKEN_HEADER];
  return typeof v === 'string' ? v : undefined;
}
