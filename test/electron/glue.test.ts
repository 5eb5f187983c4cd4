import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, type WireResult } from '../../src/shared/contract';
import { readText, testCore } from '../helpers/core';
import { SEED_DIGEST } from '../helpers/paths';
import { TESO_PDF } from '../helpers/pdfs';

// Electron cannot run here: the glue is tested against a recording stand-in of its API.
const handlers = new Map<string, (...args: unknown[]) => unknown>();
// The preload's side: what it exposes, and the calls it makes.
const exposed: Record<string, Record<string, (...a: unknown[]) => unknown>> = {};
const invoked: unknown[][] = [];
const pathOf = new Map<unknown, string>();
vi.mock('electron', () => ({
  ipcMain: { handle: (ch: string, fn: (...a: unknown[]) => unknown) => handlers.set(ch, fn) },
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...a: unknown[]) => unknown>) => (exposed[key] = api) },
  ipcRenderer: { invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, value: { file: 'h'.repeat(24) } }) },
  // Electron gives a path only for a File the user picked or dropped; one made by the page has none.
  webUtils: { getPathForFile: (f: unknown) => pathOf.get(f) ?? '' },
}));

const { registerIpc, IPC_CHANNEL, FILE_CHANNEL } = await import('../../src/main/ipc');
const { windowOptions, isExternalUrlAllowed } = await import('../../src/main/window-options');
const { CSP } = await import('../../src/shared/csp');
const { ipcMain } = await import('electron');

const TRUSTED = 'file:///app/out/renderer/index.html';
const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

describe('IPC', () => {
  beforeEach(() => handlers.clear());

  it('handles every contract method over one channel', async () => {
    const { core } = testCore();
    registerIpc(ipcMain, core, (u) => u === TRUSTED);
    const call = handlers.get(IPC_CHANNEL)!;
    expect([...handlers.keys()]).toEqual([IPC_CHANNEL, FILE_CHANNEL]);
    for (const method of METHOD_NAMES) {
      const r = (await call(frame(TRUSTED), method, {})) as WireResult;
      // Every method is reached: it either answers or rejects its (empty) input as BAD_INPUT/NOT_FOUND.
      if (!r.ok) expect(['BAD_INPUT', 'NOT_FOUND', 'UNREADABLE']).toContain(r.error.code);
    }
    const ok = (await call(frame(TRUSTED), 'libraryInfo', {})) as WireResult;
    expect(ok).toMatchObject({ ok: true, value: { papers: 0 } });
    core.close();
  });

  it('refuses calls from other pages, subframes, unknown methods and bad input', async () => {
    const { core } = testCore();
    registerIpc(ipcMain, core, (u) => u === TRUSTED);
    const call = handlers.get(IPC_CHANNEL)!;
    expect(await call(frame('https://evil.example/'), 'libraryInfo', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(frame(TRUSTED, {}), 'libraryInfo', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call({ senderFrame: null }, 'libraryInfo', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(frame(TRUSTED), '__proto__', {})).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call(frame(TRUSTED), 'markPapers', { papers: { refs: 'all' }, status: 'read' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    core.close();
  });
});

describe('attaching a file in the desktop app', () => {
  beforeEach(() => handlers.clear());

  it('a path the page makes up cannot reach attachPdf: the contract takes only a handle, and the preload reads paths from real Files only', async () => {
    const { core, api } = testCore();
    await api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    registerIpc(ipcMain, core, (u) => u === TRUSTED);
    const call = handlers.get(IPC_CHANNEL)!;
    const give = handlers.get(FILE_CHANNEL)!;
    // The attack of issue 19 over IPC: a path as attachPdf's input is not even valid input.
    const attack = (await call(frame(TRUSTED), 'attachPdf', { ref: '3', path: '/etc/shadow' })) as WireResult;
    expect(attack).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const guessed = (await call(frame(TRUSTED), 'attachPdf', { ref: '3', file: 'A'.repeat(24) })) as WireResult;
    expect(guessed).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    // The preload: a File the page made has no path, so nothing is sent to the main process.
    await import('../../src/preload/index');
    const made = { name: 'shadow.pdf' };
    expect(await exposed.lectern!.fileHandle!(made)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(invoked).toEqual([]);
    const picked = { name: 'paper.pdf' };
    pathOf.set(picked, TESO_PDF);
    await exposed.lectern!.fileHandle!(picked);
    expect(invoked).toEqual([[FILE_CHANNEL, TESO_PDF]]);

    // The main process: only from our window, only a file; then the handle attaches it, once.
    expect(await give(frame('https://evil.example/'), TESO_PDF)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await give(frame(TRUSTED), 'relative.pdf')).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await give(frame(TRUSTED), path.dirname(TESO_PDF))).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const handed = (await give(frame(TRUSTED), TESO_PDF)) as WireResult<{ file: string }>;
    expect(handed.ok).toBe(true);
    const file = handed.ok ? handed.value.file : '';
    expect(await call(frame(TRUSTED), 'attachPdf', { ref: '3', file })).toMatchObject({ ok: true, value: { paperId: 3, file: 'pdfs/paper-3.pdf' } });
    expect(await call(frame(TRUSTED), 'attachPdf', { ref: '4', file })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(fs.existsSync(TESO_PDF)).toBe(true); // the user's own file is never removed
    core.close();
  });
});

describe('the window', () => {
  it('isolates the renderer: no Node, context isolation, sandbox', () => {
    const o = windowOptions('/app/out/preload/index.cjs');
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
  });

  it('has a strict CSP: no inline script, no eval, no remote origins', () => {
    expect(CSP).toContain("default-src 'self'");
    expect(CSP).toContain("object-src 'none'");
    expect(CSP).not.toMatch(/'unsafe-inline'|'unsafe-eval'|https?:/);
  });

  it('lets the reader fetch PDFs from the lectern-pdf: protocol and nothing else new', async () => {
    const { PDF_SCHEME, PDF_SCHEME_PRIVILEGES } = await import('../../src/main/pdf-protocol');
    expect(CSP).toContain(`connect-src 'self' ${PDF_SCHEME}:`);
    expect(PDF_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true, supportFetchAPI: true, stream: true });
    expect(PDF_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
  });

  it('opens only http(s) links outside', () => {
    expect(isExternalUrlAllowed('https://arxiv.org/abs/2507.12950')).toBe(true);
    expect(isExternalUrlAllowed('http://example.org/')).toBe(true);
    for (const u of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,hi', 'smb://host/share', 'not a url', '']) {
      expect(isExternalUrlAllowed(u)).toBe(false);
    }
  });
});
