import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base } from '@playwright/test';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHARED = path.resolve(ROOT, '..', 'shared');
export const SEED_DIGEST = path.join(SHARED, 'fixtures', 'digests', 'hf-daily-papers-page.txt');
export const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
export const BIN = path.join(ROOT, 'bin', 'lectern.mjs');

export interface Served {
  url: string;
  origin: string;
  port: number;
  token: string;
  library: string;
}

/** Starts `lectern serve` on a fresh temporary library, as a user would, and stops it after. */
export async function startServe(opts: { library?: string; env?: Record<string, string> } = {}): Promise<{ served: Served; stop: () => Promise<void>; stderr: () => string }> {
  const library = opts.library ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin', 'lectern.mjs'), '--library', library, 'serve'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`lectern serve did not start: ${err}`)), 20_000);
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /^Lectern is serving at (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (c) => (err += c));
    child.on('exit', (code) => reject(new Error(`lectern serve exited with ${code}: ${err}`)));
  });
  const u = new URL(url);
  return {
    stderr: () => stderr,
    served: { url, origin: u.origin, port: Number(u.port), token: new URLSearchParams(u.hash.slice(1)).get('token')!, library },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const test = base.extend<{ served: Served }>({
  served: async ({}, use) => { // eslint-disable-line no-empty-pattern
    const { served, stop } = await startServe();
    await use(served);
    await stop();
  },
});
export { expect } from '@playwright/test';
