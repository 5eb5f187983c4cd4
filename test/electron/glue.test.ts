import { beforeEach, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, type WireResult } from '../../src/shared/contract';
import { testCore } from '../helpers/core';

// Electron cannot run here: the glue is tested against a recording stand-in of its API.
const handlers = new Map<string, (...args: unknown[]) => unknown>();
vi.mock('electron', () => ({ ipcMain: { handle: (ch: string, fn: (...a: unknown[]) => unknown) => handlers.set(ch, fn) } }));

const { registerIpc, IPC_CHANNEL } = await import('../../src/main/ipc');
const { windowOptions, isExternalUrlAllowed } = await import('../../src/main/window-options');
const { CSP } = await import('../../src/shared/csp');
const { ipcMain } = await import('electron');

const TRUSTED = 'file:///app/out/renderer/index.html';
const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

describe('IPC', () => {
  beforeEach(() => handlers.clear());

  it('handles every contract method over one channel', async () => {
    const { core } = testCore();
    registerIpc(ipcMain, core.handlers, (u) => u === TRUSTED);
    const call = handlers.get(IPC_CHANNEL)!;
    expect([...handlers.keys()]).toEqual([IPC_CHANNEL]);
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
    registerIpc(ipcMain, core.handlers, (u) => u === TRUSTED);
    const call = handlers.get(IPC_CHANNEL)!;
    expect(await call(frame('https://evil.example/'), 'libraryInfo', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(frame(TRUSTED, {}), 'libraryInfo', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call({ senderFrame: null }, 'libraryInfo', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(frame(TRUSTED), '__proto__', {})).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call(frame(TRUSTED), 'markPapers', { papers: { refs: 'all' }, status: 'read' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
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
