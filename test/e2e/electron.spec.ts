import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SEED = path.resolve(ROOT, '..', 'shared', 'fixtures', 'digests', 'hf-daily-papers-page.txt');

/** The Electron binary, or why there is none (its download is not possible on every machine). */
function electronBinary(): { path: string } | { why: string } {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    if (typeof p === 'string' && fs.existsSync(p)) return { path: p };
    return { why: 'the electron package has no binary' };
  } catch (e) {
    return { why: `Electron's binary is not installed on this machine (${(e as Error).message.split('\n')[0]}); npm install could not download it here` };
  }
}

const found = electronBinary();
const reason = 'path' in found ? '' : `Desktop app e2e not run: ${found.why}. The same UI is tested in Chromium against lectern serve.`;
if (reason) console.warn(reason);

test('the desktop app opens the library, imports the Daily Papers page and marks a paper read', async () => {
  test.skip(!('path' in found), reason);
  const library = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-electron-'));
  const app = await electron.launch({ executablePath: (found as { path: string }).path, args: [ROOT, '--library', library] });
  const win = await app.firstWindow();
  // The renderer has no Node and only the preload's bridge.
  expect(await win.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');
  expect(await win.evaluate(() => typeof (globalThis as unknown as { lectern?: { call?: unknown } }).lectern?.call)).toBe('function');
  await win.getByRole('button', { name: 'Open or paste a digest…' }).click();
  await win.getByLabel('Digest file').setInputFiles(SEED);
  await win.getByRole('button', { name: 'Import 29 papers' }).click();
  await expect(win.locator('.statusbar .count')).toHaveText('29 papers');
  const grid = win.getByRole('grid', { name: 'Library' });
  await grid.focus();
  await win.keyboard.press('Home');
  await win.keyboard.press('r');
  await win.getByRole('radio', { name: 'Read', exact: true }).click();
  await expect(win.locator('.statusbar .count')).toHaveText('1 paper');
  await app.close();
});
