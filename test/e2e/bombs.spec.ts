import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lectern } from '../helpers/cli';
import { spacesBomb } from '../helpers/hostile-pdfs';
import { TESO_PDF } from '../helpers/pdfs';
import { expect, SEED_DIGEST, SHOTS, test } from './serve';

// Issue 19 §1: a decompression bomb opened in the reader gives an error, and the tab lives on.
test('a PDF decompression bomb opened in the reader shows an error; the tab keeps working', async ({ page, served }) => {
  test.setTimeout(120_000);
  const bomb = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-bomb-')), 'bomb.pdf');
  fs.writeFileSync(bomb, spacesBomb()); // 4 MB that inflate to 4 GB
  for (const args of [['import', SEED_DIGEST], ['attach', '1', bomb], ['attach', '2', TESO_PDF, '--no-text']]) {
    const r = lectern(['--library', served.library, ...args]);
    expect(r.status, r.stderr).toBe(0);
  }
  let crashed = false;
  page.on('crash', () => (crashed = true));
  await page.goto(served.url);
  const grid = page.getByRole('grid', { name: 'Library' });
  const reader = page.getByRole('region', { name: /^Reader:/ });
  await grid.locator('#row-1').dblclick();
  await expect(reader.getByRole('alert')).toHaveText(/paper-1\.pdf expands to gigabytes when read \(a decompression bomb\): Lectern does not open it/, { timeout: 20_000 });
  await page.screenshot({ path: path.join(SHOTS, '60-bomb-refused.png') });
  await page.keyboard.press('Escape');
  await expect(reader).toBeHidden();
  // The same tab opens the next paper.
  await grid.locator('#row-2').dblclick();
  await expect(page.locator('.page[data-page-number="1"] canvas')).toBeVisible({ timeout: 30_000 });
  expect(crashed).toBe(false);
});
