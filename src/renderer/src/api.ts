import type { Api, MethodName, WireResult } from '../../shared/contract';
import { makeApi, type Transport } from '../../shared/client';
import { LecternError } from '../../shared/errors';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. */
    lectern?: {
      call: (method: string, input: unknown) => Promise<WireResult>;
      /** A File the user picked or dropped, as a handle for attachPdf (the preload reads its path). */
      fileHandle: (file: File) => Promise<WireResult>;
    };
  }
}

const TOKEN_KEY = 'lectern-token';

/**
 * The browser mode's per-launch token. `lectern serve` prints it in the URL's fragment, which no
 * browser sends to any server; it is moved to sessionStorage (this origin and this tab only —
 * another server on 127.0.0.1, even in the same tab, cannot read it) and out of the address bar.
 * It travels only as the X-Lectern-Token header, never as a cookie: cookies for 127.0.0.1 go to
 * every port.
 */
function launchToken(): string | null {
  if (typeof window === 'undefined' || window.lectern) return null;
  const m = /^#(?:.*&)?token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (m) {
    window.sessionStorage.setItem(TOKEN_KEY, m[1]!);
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  }
  return window.sessionStorage.getItem(TOKEN_KEY);
}

const token = launchToken();

/** The headers that open the server's API and PDFs (none in the desktop app, whose calls go over IPC). */
export function authHeaders(): Record<string, string> {
  return token ? { 'X-Lectern-Token': token } : {};
}

export const NO_TOKEN = 'This page was opened without its token. Open the URL that `lectern serve` printed (it ends in #token=…).';
const STALE_TOKEN = 'The Lectern server refused this page’s token (each launch of `lectern serve` has its own). Open the URL it printed.';

/** In the desktop app the preload carries calls over IPC; in a browser they go to `lectern serve`. */
const httpTransport: Transport = async (method: MethodName, input: unknown) => {
  if (!token) return { ok: false, error: { code: 'FORBIDDEN', message: NO_TOKEN } };
  const res = await fetch(`/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...authHeaders() },
    body: JSON.stringify(input ?? {}),
    credentials: 'omit',
  });
  if (!(res.headers.get('content-type') ?? '').startsWith('application/json')) {
    if (res.status === 403) return { ok: false, error: { code: 'FORBIDDEN', message: STALE_TOKEN } };
    return { ok: false, error: { code: 'NETWORK', message: `The Lectern server answered ${res.status}: ${(await res.text()).trim()}` } };
  }
  return (await res.json()) as WireResult;
};

const ipcTransport: Transport = (method, input) => window.lectern!.call(method, input);

export const api: Api = makeApi(window.lectern ? ipcTransport : httpTransport);

/**
 * Hands a file the user picked or dropped to Lectern and returns the handle attachPdf takes: in
 * the desktop app the preload reads the file's path from the File object; in a browser its bytes
 * are uploaded (the server never takes a path).
 */
export async function sendFile(file: File): Promise<string> {
  let result: WireResult;
  if (window.lectern) result = await window.lectern.fileHandle(file);
  else {
    if (!token) throw new LecternError('FORBIDDEN', NO_TOKEN);
    const res = await fetch(`/upload?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/pdf', ...authHeaders() },
      body: file,
      credentials: 'omit',
    });
    result = (res.headers.get('content-type') ?? '').startsWith('application/json')
      ? ((await res.json()) as WireResult)
      : { ok: false, error: { code: res.status === 403 ? 'FORBIDDEN' : 'NETWORK', message: res.status === 403 ? STALE_TOKEN : `The Lectern server answered ${res.status}.` } };
  }
  if (!result.ok) throw LecternError.fromWire(result.error);
  return (result.value as { file: string }).file;
}

/** Where the renderer fetches a paper's PDF: the desktop app's protocol, or the server's route (with authHeaders()). */
export function pdfUrl(paperId: number): string {
  return window.lectern ? `lectern-pdf://paper/${paperId}` : new URL(`/pdf/${paperId}`, window.location.href).href;
}

/** In a browser opened without the launch token: nothing can be shown but how to get it. */
export const tokenMissing = (): boolean => !window.lectern && !token;
