import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths';

export const BIN = path.join(ROOT, 'bin', 'lectern.mjs');

/** Runs the built `lectern` command as a user would. */
export function lectern(args: string[], opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  if (!fs.existsSync(path.join(ROOT, 'out', 'main', 'cli.js'))) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
  return spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input,
    encoding: 'utf8',
    env: { ...process.env, LECTERN_LIBRARY: '', ...opts.env },
    timeout: 60_000,
  });
}
