import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WireResult } from '../../src/shared/contract';
import { backupDatabase } from '../../src/main/core/backup/backup';
import { CSP } from '../../src/shared/csp';
import { readText, testCore } from '../helpers/core';
import { damageHeader } from '../helpers/damage';
import { ROOT, SEED_DIGEST, tempDir } from '../helpers/paths';

/**
 * The Electron shell (src/main/index.ts) run against a recording stand-in of Electron's API:
 * Electron cannot run here, and what matters is what the shell asks of it.
 */
type Fn = (...args: unknown[]) => unknown;
const fake = vi.hoisted(() => {
  class Emitter {
    listeners = new Map<string, Fn[]>();
    on(ev: string, fn: Fn) {
      this.listeners.set(ev, [...(this.listeners.get(ev) ?? []), fn]);
      return this;
    }
    once(ev: string, fn: Fn) {
      return this.on(ev, fn);
    }
    emit(ev: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(ev) ?? []) fn(...args);
    }
  }
  class WebContents extends Emitter {
    openHandler: Fn | null = null;
    setWindowOpenHandler(fn: Fn) {
      this.openHandler = fn;
    }
  }
  const state = {
    calls: [] as string[],
    windows: [] as { options: unknown; webContents: WebContents; loaded: string | null }[],
    ipc: new Map<string, Fn>(),
    session: { request: null as Fn | null, check: null as Fn | null, device: null as Fn | null, headers: null as Fn | null, events: new Emitter() },
    opened: [] as string[],
    errors: [] as [string, string][],
    quit: 0,
    app: new Emitter(),
  };
  class BrowserWindow extends Emitter {
    webContents = new WebContents();
    loaded: string | null = null;
    constructor(public options: unknown) {
      super();
      state.calls.push('new BrowserWindow');
      state.windows.push(this);
    }
    loadFile(p: string) {
      this.loaded = p;
      return Promise.resolve();
    }
    show() {}
    static getAllWindows() {
      return state.windows;
    }
  }
  return { state, Emitter, WebContents, BrowserWindow };
});

vi.mock('electron', () => {
  const s = fake.state;
  const app = Object.assign(s.app, {
    enableSandbox: () => s.calls.push('enableSandbox'),
    whenReady: () => {
      s.calls.push('whenReady');
      return Promise.resolve();
    },
    quit: () => s.quit++,
  });
  const sessionEvents = s.session.events;
  const defaultSession = {
    setPermissionRequestHandler: (fn: Fn) => (s.session.request = fn),
    setPermissionCheckHandler: (fn: Fn) => (s.session.check = fn),
    setDevicePermissionHandler: (fn: Fn) => (s.session.device = fn),
    on: (ev: string, fn: Fn) => sessionEvents.on(ev, fn),
    webRequest: { onHeadersReceived: (fn: Fn) => (s.session.headers = fn) },
  };
  return {
    app,
    BrowserWindow: fake.BrowserWindow,
    ipcMain: { handle: (ch: string, fn: Fn) => s.ipc.set(ch, fn) },
    session: { defaultSession },
    shell: { openExternal: async (url: string) => void s.opened.push(url) },
    dialog: { showErrorBox: (title: string, body: string) => void s.errors.push([title, body]) },
    protocol: { registerSchemesAsPrivileged: () => {}, handle: () => {} },
  };
});

const RENDERER_URL = pathToFileURL(path.join(ROOT, 'src', 'renderer', 'index.html')).href;

/** Starts the shell on `library`, as `electron . --library DIR` would, and waits until it is up (or gave up). */
async function startShell(library: string) {
  const s = fake.state;
  s.calls.length = 0;
  s.windows.length = 0;
  s.ipc.clear();
  s.opened.length = 0;
  s.errors.length = 0;
  s.quit = 0;
  s.app.listeners.clear();
  s.session.events.listeners.clear();
  const argv = process.argv;
  process.argv = [...argv, '--library', library];
  vi.resetModules();
  await import('../../src/main/index');
  process.argv = argv;
  await vi.waitFor(() => expect(s.windows.length + s.errors.length).toBeGreaterThan(0), { timeout: 10_000 });
  return s;
}

const event = (extra: object = {}) => ({ preventDefault: vi.fn(), ...extra });
const call = (s: typeof fake.state, url: string, method: string, input: unknown, parent: unknown = null) =>
  s.ipc.get('lectern:call')!({ senderFrame: { url, parent } }, method, input) as Promise<WireResult>;

afterEach(() => fake.state.app.emit('will-quit'));

describe('the Electron shell', () => {
  it('sandboxes every renderer before anything starts, and loads only its own page', async () => {
    const s = await startShell(tempDir());
    expect(s.calls.indexOf('enableSandbox')).toBeLessThan(s.calls.indexOf('whenReady'));
    expect(s.windows).toHaveLength(1);
    expect(s.windows[0]!.loaded).toBe(path.join(ROOT, 'src', 'renderer', 'index.html'));
    expect(s.windows[0]!.options).toMatchObject({ webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false } });
  });

  it('refuses every navigation and <webview>, in the window and in any other web contents', async () => {
    const s = await startShell(tempDir());
    const other = new fake.WebContents();
    s.app.emit('web-contents-created', {}, other);
    for (const wc of [s.windows[0]!.webContents, other]) {
      for (const ev of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
        for (const url of ['https://evil.example/', 'file:///etc/passwd', RENDERER_URL]) {
          const e = event({ url, isMainFrame: true });
          wc.emit(ev, e, url);
          expect(e.preventDefault, `${ev} ${url}`).toHaveBeenCalled();
        }
      }
    }
  });

  it('denies window.open, handing only parsed http(s) links to the system browser', async () => {
    const s = await startShell(tempDir());
    const open = s.windows[0]!.webContents.openHandler!;
    const links = ['https://arxiv.org/abs/2507.12950', 'HTTP://Example.ORG/a b', 'javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox', 'smb://host/share', 'https://user:secret@evil.example/', 'ms-msdt:/id', 'about:blank', '//evil.example/', ''];
    for (const url of links) expect(open({ url }), url).toEqual({ action: 'deny' });
    expect(s.opened).toEqual(['https://arxiv.org/abs/2507.12950', 'http://example.org/a%20b']);
  });

  it('denies every permission request and check, and downloads from anywhere but the page itself', async () => {
    const s = await startShell(tempDir());
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial']) {
      const cb = vi.fn();
      s.session.request!({}, permission, cb, {});
      expect(cb).toHaveBeenCalledWith(false);
      expect(s.session.check!({}, permission, 'file://', {})).toBe(false);
    }
    expect(s.session.device!({ deviceType: 'usb' })).toBe(false);
    const remote = event();
    s.session.events.emit('will-download', remote, { getURL: () => 'https://evil.example/payload.exe' });
    expect(remote.preventDefault).toHaveBeenCalled();
    const blob = event();
    s.session.events.emit('will-download', blob, { getURL: () => 'blob:file:///2f1c8a5e-export' });
    expect(blob.preventDefault).not.toHaveBeenCalled();
  });

  it('sends a CSP without unsafe-inline or unsafe-eval, the same as the page declares', async () => {
    const s = await startShell(tempDir());
    const cb = vi.fn();
    s.session.headers!({ responseHeaders: { 'Content-Type': ['text/html'] } }, cb);
    expect(cb).toHaveBeenCalledWith({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CSP] } });
    expect(CSP).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|https?:|data:text/);
    expect(CSP).toContain("script-src 'self' 'wasm-unsafe-eval'"); // pdf.js's wasm decoders, nothing else
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(readText(path.join(ROOT, 'src', 'renderer', 'index.html')))![1];
    // A <meta> policy cannot carry frame-ancestors; everything else is the same.
    expect(meta).toBe(CSP.replace("; frame-ancestors 'none'", ''));
  });

  it('answers IPC only from its own page, validating every argument against the contract', async () => {
    const s = await startShell(tempDir());
    expect(await call(s, RENDERER_URL, 'libraryInfo', {})).toMatchObject({ ok: true, value: { papers: 0 } });
    for (const url of ['https://evil.example/', `${RENDERER_URL}.evil`, 'file:///tmp/other.html', 'devtools://devtools/bundled/inspector.html']) {
      expect(await call(s, url, 'libraryInfo', {}), url).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await call(s, RENDERER_URL, 'libraryInfo', {}, { url: RENDERER_URL })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(s, RENDERER_URL, 'markPapers', { papers: { refs: [{ toString: 1 }] }, status: 'read' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call(s, RENDERER_URL, 'exportPapers', { format: 'bibtex', limit: -1, search: 'x'.repeat(501) })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await call(s, RENDERER_URL, 'constructor', {})).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('restores a damaged library from its backup at start, and the window hears about it', async () => {
    const t = testCore();
    await t.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    await backupDatabase(t.core.db, t.dir, { reason: 'daily', now: new Date() });
    t.core.close();
    damageHeader(path.join(t.dir, 'lectern.sqlite'));
    const s = await startShell(t.dir);
    expect(s.errors).toEqual([]);
    const r = (await call(s, RENDERER_URL, 'listNotices', {})) as WireResult<{ notices: { title: string }[] }>;
    expect(r.ok && r.value.notices.map((n) => n.title)).toEqual(['Your library was damaged and has been restored from a backup']);
    expect(await call(s, RENDERER_URL, 'libraryInfo', {})).toMatchObject({ ok: true, value: { papers: 29 } });
  });

  it('refuses to open a damaged library it cannot restore, saying why, instead of starting empty', async () => {
    const t = testCore();
    await t.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    t.core.close();
    damageHeader(path.join(t.dir, 'lectern.sqlite'));
    const s = await startShell(t.dir);
    expect(s.windows).toHaveLength(0);
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0]![0]).toBe('Lectern cannot open its library');
    expect(s.errors[0]![1]).toMatch(/is damaged .* no good backup to restore\. Nothing was moved or deleted/);
    expect(s.quit).toBe(1);
    expect(fs.existsSync(path.join(t.dir, 'damaged'))).toBe(false);
  });
});
