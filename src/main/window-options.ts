import type { BrowserWindowConstructorOptions } from 'electron';

/** The main window's options. Kept apart (and free of electron at runtime) so tests can check them. */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    title: 'Lectern',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // A middle click would open a link in a new window; window.open is denied anyway, this stops it earlier.
      disableBlinkFeatures: 'Auxclick',
    },
  };
}

/**
 * Only http(s) links leave the app, and only to the system browser: the URL is parsed, and
 * what is handed on is the parser's serialisation, not the string the page sent.
 */
export function externalUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 8192) return null;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    if (!u.hostname || u.username || u.password) return null;
    return u.href;
  } catch {
    return null;
  }
}

export function isExternalUrlAllowed(raw: string): boolean {
  return externalUrl(raw) !== null;
}
