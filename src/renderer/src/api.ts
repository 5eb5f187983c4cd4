import type { Api, MethodName, WireResult } from '../../shared/contract';
import { makeApi, type Transport } from '../../shared/client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. */
    lectern?: { call: (method: string, input: unknown) => Promise<WireResult> };
  }
}

/** In the desktop app the preload carries calls over IPC; in a browser they go to `lectern serve`. */
const httpTransport: Transport = async (method: MethodName, input: unknown) => {
  const res = await fetch(`/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(input ?? {}),
    credentials: 'same-origin',
  });
  if (!(res.headers.get('content-type') ?? '').startsWith('application/json')) {
    return { ok: false, error: { code: 'NETWORK', message: `The Lectern server answered ${res.status}: ${(await res.text()).trim()}` } };
  }
  return (await res.json()) as WireResult;
};

const ipcTransport: Transport = (method, input) => window.lectern!.call(method, input);

export const api: Api = makeApi(window.lectern ? ipcTransport : httpTransport);

/** Where the renderer fetches a paper's PDF: the desktop app's protocol, or the server's route. */
export function pdfUrl(paperId: number): string {
  return window.lectern ? `lectern-pdf://paper/${paperId}` : new URL(`/pdf/${paperId}`, window.location.href).href;
}

