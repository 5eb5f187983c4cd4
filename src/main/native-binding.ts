import fs from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 needs one build per runtime ABI. `npm install` builds it for Node (tests, CLI)
 * and, where Electron is installed, a second copy for Electron (scripts/prepare.mjs) here.
 */
export function electronNativeBinding(appRoot: string): string | undefined {
  const file = path.join(appRoot, 'node_modules', '.lectern-electron', 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}
