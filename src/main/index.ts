import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, type WebContents } from 'electron';
import { prepareLibrary } from './core/health/startup';
import { resolveLibraryDir } from './core/library-dir';
import { stderrLogger } from './core/logger';
import { createCore, type Core } from './core/service';
import { registerIpc } from './ipc';
import { electronNativeBinding } from './native-binding';
import { PDF_SCHEME, PDF_SCHEME_PRIVILEGES, pdfProtocolHandler } from './pdf-protocol';
import { CSP } from '../shared/csp';
import { externalUrl, windowOptions } from './window-options';

// Electron only: lifecycle, the window and its guards. Everything else is the core.
const here = path.dirname(fileURLToPath(import.meta.url));
const appRoot = path.resolve(here, '../..');
const rendererIndex = path.join(here, '../renderer/index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;
let core: Core | null = null;

// PDFs reach the reader by URL (lectern-pdf://paper/<id>), never as bytes over IPC.
protocol.registerSchemesAsPrivileged([{ scheme: PDF_SCHEME, privileges: PDF_SCHEME_PRIVILEGES }]);

const isTrustedUrl = (url: string) => url === rendererUrl || url.startsWith(`${rendererUrl}#`) || url.startsWith(`${rendererUrl}?`);

/** `--library DIR` works for the app too, as for every command. */
function libraryFlag(argv: string[]): string | undefined {
  const i = argv.indexOf('--library');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--library='))?.slice('--library='.length);
}

/**
 * Every web contents, the window's and any other (a devtools page, a stray frame): it never
 * navigates away from the app, never opens a window of its own, never hosts a <webview>, and
 * hands http(s) links — parsed, nothing else — to the system browser.
 */
function guard(contents: WebContents): void {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-frame-navigate', (e) => e.preventDefault());
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const href = externalUrl(url);
    if (href) void shell.openExternal(href);
    return { action: 'deny' };
  });
}

function createWindow(): void {
  const win = new BrowserWindow(windowOptions(path.join(here, '../preload/index.cjs')));
  guard(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadFile(rendererIndex);
}

function lockDownSession(): void {
  const ses = session.defaultSession;
  // No camera, microphone, notifications, geolocation, HID, serial, USB...: the app needs none.
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // The page's own downloads (an export is a blob it made) go through; nothing fetched from elsewhere.
  ses.on('will-download', (e, item) => {
    if (!item.getURL().startsWith('blob:')) e.preventDefault();
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
}

// Before ready: every renderer is sandboxed, whatever a window's options say.
app.enableSandbox();
app.on('web-contents-created', (_e, contents) => guard(contents));

app.whenReady().then(async () => {
  lockDownSession();
  const dataDir = resolveLibraryDir(libraryFlag(process.argv));
  const nativeBinding = electronNativeBinding(appRoot);
  try {
    // Checked (and repaired from a backup if damaged), backed up before any upgrade; what
    // happened is stored as notices, which the window shows as a banner.
    const { db } = await prepareLibrary(dataDir, { nativeBinding, logger: stderrLogger, fullCheckMaxBytes: 64 * 1024 * 1024, keepOpen: true });
    core = createCore({
      dataDir,
      db,
      nativeBinding,
      logger: stderrLogger,
      backgroundIndexing: true,
      backgroundWork: true,
      env: process.env,
      autoBackup: true,
      subscriptionSchedule: true,
      resourcesDir: path.join(appRoot, 'resources'),
      fulltextWorker: path.join(here, 'fulltext-worker.js'),
      desktop: { openPath: (file) => shell.openPath(file), showItemInFolder: (file) => shell.showItemInFolder(file) },
      facetsWorkerFile: path.join(here, 'facets-worker.js'),
      interestWorkerFile: path.join(here, 'interest-worker.js'),
      importWorkerFile: path.join(here, 'import-worker.js'),
    });
  } catch (e) {
    dialog.showErrorBox('Lectern cannot open its library', e instanceof Error ? e.message : String(e));
    app.quit();
    return;
  }
  registerIpc(ipcMain, core, isTrustedUrl, stderrLogger);
  protocol.handle(PDF_SCHEME, pdfProtocolHandler(core));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => core?.close());
