import fs from 'node:fs';
import path from 'node:path';
import type { Locator } from '@playwright/test';
import { expect, SEED_DIGEST, SHOTS, test } from './serve';

/**
 * How many characters of a cell's text are in view before its ellipsis, measured in the page
 * (plain JavaScript in a string: it runs in Chromium as written).
 */
const VISIBLE_CHARS = `(el) => {
  const text = el.firstChild;
  const style = getComputedStyle(el);
  const canvas = document.createElement('canvas').getContext('2d');
  canvas.font = style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
  const end = el.getBoundingClientRect().right - parseFloat(style.paddingRight) - canvas.measureText('…').width;
  const range = document.createRange();
  range.setStart(text, 0);
  let shown = 0;
  for (let i = 1; i <= text.textContent.length; i++) {
    range.setEnd(text, i);
    if (range.getBoundingClientRect().right > end + 0.5) break;
    shown = i;
  }
  return shown;
}`;
async function visibleChars(row: Locator, cell: string): Promise<number> {
  const id = await row.getAttribute('id');
  return (await row.page().evaluate(`(${VISIBLE_CHARS})(document.querySelector('#${id} ${cell}'))`)) as number;
}

test('import the Daily Papers page through the UI, filter, mark three read by keyboard, reload', async ({ page, served }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.goto(served.url);
  // The first start explains how to bring a digest in.
  await expect(page.getByRole('heading', { name: 'Bring in today’s digest' })).toBeVisible();
  await expect(page).toHaveURL(`${served.origin}/`); // the token left the address bar for the tab's sessionStorage
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

  // The title is what people read: at 1400 px with the sidebar and the side pane open, the title
  // column shows at least 50 characters, and the whole title on hover.
  const insights = grid.getByRole('row', { name: /Insights into a radiology/ });
  await expect(insights.locator('.cell-title')).toHaveAttribute('title', 'Insights into a radiology-specialised multimodal large language model with sparse autoencoders');
  expect(await visibleChars(insights, '.cell-title')).toBeGreaterThanOrEqual(50);
  const shown: number[] = [];
  for (const row of await grid.locator('.grid-row').all()) shown.push(await visibleChars(row, '.cell-title'));
  expect(shown.sort((a, b) => a - b)[Math.floor(shown.length / 2)]).toBeGreaterThanOrEqual(50); // the median title, too
  await page.screenshot({ path: path.join(SHOTS, '02b-title-column.png') });

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
  const noToken = await request.get(`${served.origin}/pdf/1`);
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
