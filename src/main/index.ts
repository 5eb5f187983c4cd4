import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, session, shell, dialog } from 'electron';
import { createCore, type Core } from './core/service';
import { resolveLibraryDir } from './core/library-dir';
import { stderrLogger } from './core/logger';
import { registerIpc } from './ipc';
import { electronNativeBinding } from './native-binding';
import { CSP, isExternalUrlAllowed, windowOptions } from './window-options';

// Electron only: lifecycle, the window and its guards. Everything else is the core.
const here = path.dirname(fileURLToPath(import.meta.url));
const appRoot = path.resolve(here, '../..');
const rendererIndex = path.join(here, '../renderer/index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;
let core: Core | null = null;

const isTrustedUrl = (url: string) => url === rendererUrl || url.startsWith(`${rendererUrl}#`) || url.startsWith(`${rendererUrl}?`);

/** `--library DIR` works for the app too, as for every command. */
function libraryFlag(argv: string[]): string | undefined {
  const i = argv.indexOf('--library');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--library='))?.slice('--library='.length);
}

function createWindow(): void {
  const win = new BrowserWindow(windowOptions(path.join(here, '../preload/index.cjs')));
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalUrlAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  void win.loadFile(rendererIndex);
}

app.whenReady().then(() => {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  try {
    core = createCore({
      dataDir: resolveLibraryDir(libraryFlag(process.argv)),
      nativeBinding: electronNativeBinding(appRoot),
      logger: stderrLogger,
      backgroundIndexing: true,
      resourcesDir: path.join(appRoot, 'resources'),
      facetsWorkerFile: path.join(here, 'facets-worker.js'),
    });
  } catch (e) {
    dialog.showErrorBox('Lectern cannot open its library', e instanceof Error ? e.message : String(e));
    app.quit();
    return;
  }
  registerIpc(ipcMain, core.handlers, isTrustedUrl, stderrLogger);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (e) => e.preventDefault());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => core?.close());
