import fs from 'node:fs';
import path from 'node:path';
import { expect, SEED_DIGEST, SHOTS, test } from './serve';

test('import the Daily Papers page through the UI, filter, mark three read by keyboard, reload', async ({ page, served }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.goto(served.url);
  // The first start explains how to bring a digest in.
  await expect(page.getByRole('heading', { name: 'Bring in today’s digest' })).toBeVisible();
  await expect(page).toHaveURL(`${served.origin}/`); // the token left the address bar for a cookie
  await page.screenshot({ path: path.join(SHOTS, '01-first-start.png') });

  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('Digest file').setInputFiles(SEED_DIGEST);
  await expect(page.getByRole('status').filter({ hasText: 'found' })).toHaveText('29 found · 29 new · 0 already in the library · 0 unreadable');
  await page.screenshot({ path: path.join(SHOTS, '02-import-preview.png') });
  await page.getByRole('button', { name: 'Import 29 papers' }).click();

  const grid = page.getByRole('grid', { name: 'Library' });
  await expect(grid).toHaveAttribute('aria-rowcount', '30');
  await expect(page.locator('.statusbar .count')).toHaveText('29 papers');
  await expect(grid.getByRole('row', { name: /PrefPalette/ })).toBeVisible();
  // Only the rows near the view are in the page; the last paper's row is there once scrolled to.
  await grid.evaluate((g) => (g.scrollTop = g.scrollHeight));
  await expect(grid.locator('[role=row][aria-rowindex="30"]')).toBeVisible();
  await grid.evaluate((g) => (g.scrollTop = 0));

  // Selecting a row shows its abstract and links.
  await grid.getByRole('row', { name: /HumanSense/ }).click();
  const pane = page.getByRole('complementary', { name: 'Paper details' });
  await expect(pane.getByRole('heading', { level: 2 })).toHaveText(/^HumanSense: From Multimodal Perception/);
  await expect(pane.getByRole('link', { name: 'https://digital-avatar.github.io/ai/HumanSense/' })).toBeVisible();

  // Filter unread, then mark three read with the keyboard alone.
  await page.getByRole('radio', { name: 'Unread', exact: true }).click();
  await expect(page.locator('.statusbar .count')).toHaveText('29 papers');
  await grid.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(grid.locator('[aria-selected=true]')).toHaveCount(3);
  const chosen = await grid.locator('[aria-selected=true] .cell-title').allTextContents();
  await page.keyboard.press('r');
  await expect(page.locator('.statusbar .count')).toHaveText('26 papers');
  await page.screenshot({ path: path.join(SHOTS, '03-after-marking.png') });

  await page.reload();
  await page.getByRole('radio', { name: 'Read', exact: true }).click();
  await expect(page.locator('.statusbar .count')).toHaveText('3 papers');
  expect((await grid.locator('.cell-title').allTextContents()).sort()).toEqual(chosen.sort());

  // Quick search runs in the core over title and abstract.
  await page.getByRole('radio', { name: 'All' }).click();
  await page.getByRole('searchbox', { name: 'Search' }).fill('pacemaker');
  await expect(page.locator('.statusbar .count')).toHaveText('1 paper');
  await expect(grid.locator('.cell-title')).toHaveText(['Insights into a radiology-specialised multimodal large language model with sparse autoencoders']);
  await page.screenshot({ path: path.join(SHOTS, '04-search.png') });
});

test('the sample digest can be tried from the first start', async ({ page, served }) => {
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Try the sample digest' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'found' })).toHaveText('6 found · 6 new · 0 already in the library · 0 unreadable');
  await page.getByRole('button', { name: 'Import 6 papers' }).click();
  await expect(page.locator('.statusbar .count')).toHaveText('6 papers');
});

test('the server refuses requests without the token or with a foreign Host', async ({ request, served }) => {
  const noToken = await request.get(`${served.origin}/`);
  expect(noToken.status()).toBe(403);
  const api = await request.post(`${served.origin}/api/listPapers`, { data: {} });
  expect(api.status()).toBe(403);
  const foreign = await request.get(served.url, { headers: { Host: `rebind.example:${served.port}` } });
  expect(foreign.status()).toBe(421);
  const ok = await request.post(`${served.origin}/api/libraryInfo`, { data: {}, headers: { 'X-Lectern-Token': served.token } });
  expect(ok.status()).toBe(200);
});

test('an open window shows what another process did to the library within seconds', async ({ page, served }) => {
  const { spawnSync } = await import('node:child_process');
  const bin = path.resolve(SHOTS, '..', '..', 'bin', 'lectern.mjs');
  await page.goto(served.url);
  await expect(page.getByRole('heading', { name: 'Bring in today’s digest' })).toBeVisible();
  const imp = spawnSync(process.execPath, [bin, '--library', served.library, 'import', SEED_DIGEST], { encoding: 'utf8' });
  expect(imp.status).toBe(0);
  await expect(page.locator('.statusbar .count')).toHaveText('29 papers', { timeout: 5000 });
  const mark = spawnSync(process.execPath, [bin, '--library', served.library, 'mark', '1', '2', 'read'], { encoding: 'utf8' });
  expect(mark.stdout).toContain('2 of 2 papers marked read');
  await page.getByRole('radio', { name: 'Read', exact: true }).click();
  await expect(page.locator('.statusbar .count')).toHaveText('2 papers', { timeout: 5000 });
});
