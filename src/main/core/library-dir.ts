import os from 'node:os';
import path from 'node:path';

/**
 * Where the library lives: --library, else LECTERN_LIBRARY, else the OS's app-data folder,
 * the same one the desktop app uses (Electron's userData for an app named "Lectern").
 */
export function resolveLibraryDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (flag) return path.resolve(flag);
  if (env.LECTERN_LIBRARY) return path.resolve(env.LECTERN_LIBRARY);
  return path.join(appDataDir(env, platform), 'Lectern', 'library');
}

function appDataDir(env: NodeJS.ProcessEnv, platform: string): string {
  const home = env.HOME ?? os.homedir();
  if (platform === 'win32') return env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? path.join(home, '.config');
}
