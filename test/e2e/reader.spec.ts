import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { lectern } from '../helpers/cli';
import { hostileFiles, TESO_PAGE3_WORD, TESO_PDF, TESO_SECTION } from '../helpers/pdfs';
import { expect, SEED_DIGEST, SHOTS, test, type Served } from './serve';

/** Dark pixels on a page's canvas: more than a few thousand means the page was really drawn. */
function inkOnPage(page: Page, n: number): Promise<number> {
  // A string, evaluated in the page: this project's Node types have no DOM.
  return page.evaluate<number>(`(() => {
    const c = document.querySelector('.page[data-page-number="${n}"] canvas');
    if (!c || !c.width) return 0;
    // A drawn page is shown by a bitmaprenderer canvas (settle-canvas.ts): copy it to read it.
    const copy = document.createElement('canvas');
    copy.width = c.width;
    copy.height = c.height;
    const ctx = copy.getContext('2d');
    ctx.drawImage(c, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 128 && d[i + 3] > 0) ink++;
    return ink;
  })()`);
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, name) });
const cli = (served: Served, ...args: string[]) => {
  const r = lectern(['--library', served.library, ...args]);
  if (r.status !== 0) throw new Error(`lectern ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
};

test.beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));

test('read a real paper: first page painted, find, outline, links, resume where it was left, unread -> reading', async ({ page, served }) => {
  test.setTimeout(120_000); // a long walk through the reader; on a busy machine it needs more than the default
  cli(served, 'import', SEED_DIGEST);
  cli(served, 'attach', '3', TESO_PDF); // another process, while the server runs
  await page.goto(served.url);
  const grid = page.getByRole('grid', { name: 'Library' });
  const row = grid.getByRole('row', { name: /Mirroring Users/ });
  await expect(row.getByRole('button', { name: /^Status Unread/ })).toBeVisible();

  // Open it from the keyboard: select the row, Enter.
  await row.click();
  await page.keyboard.press('Enter');
  const reader = page.getByRole('region', { name: /^Reader: Mirroring Users/ });
  await expect(reader).toBeVisible();
  await expect(reader.getByLabel('Page count')).toHaveText('of 11');
  await expect.poll(() => inkOnPage(page, 1), { timeout: 20_000 }).toBeGreaterThan(5000);
  // The drawn page was handed over as a bitmap (no 2D context left to copy at each frame).
  await expect.poll(() => page.evaluate<boolean>(`document.querySelector('.page[data-page-number="1"] canvas').getContext('2d') === null`)).toBe(true);
  const firstPageMs = Number(await reader.getAttribute('data-first-page-ms'));
  expect(firstPageMs).toBeGreaterThan(0);
  test.info().annotations.push({ type: 'first page painted', description: `${firstPageMs} ms after opening` });
  await expect(reader.getByRole('status', { name: 'Reading progress' })).toContainText('Reading');
  await shot(page, '10-reader-first-page.png');

  // An external link leaves only through window.open (the desktop shell hands it to the system browser).
  await page.evaluate('window.opened = []; window.open = (u) => (window.opened.push(String(u)), null);');
  await page.locator('.page[data-page-number="1"] .annotationLayer a[href^="https://github.com"]').click();
  expect(await page.evaluate('window.opened')).toEqual(['https://github.com/bulentsoykan/TESO']);

  // Find a word that is only on page 3: counted, highlighted, scrolled to.
  await page.keyboard.press('Control+f');
  await expect(reader.getByRole('searchbox', { name: 'Find in document' })).toBeFocused();
  await page.keyboard.type(TESO_PAGE3_WORD);
  await expect(reader.getByRole('status', { name: 'Matches' })).toHaveText('1 of 1 match');
  const hit = page.locator('.page[data-page-number="3"] .textLayer .highlight.selected');
  await expect(hit).toBeVisible();
  await expect(hit).toHaveText(TESO_PAGE3_WORD);
  await expect(reader.getByLabel('Page number')).toHaveValue('3');
  await shot(page, '11-reader-find-page-3.png');
  await page.keyboard.press('Escape'); // clears the find, stays in the reader
  await expect(reader).toBeVisible();
  await expect(page.locator('.textLayer .highlight')).toHaveCount(0);
  // The text layer is real text: it can be selected and copied.
  await page.locator('.page[data-page-number="3"] .textLayer span', { hasText: TESO_PAGE3_WORD }).first().click({ clickCount: 3 });
  expect(await page.evaluate('String(getSelection())')).toContain(TESO_PAGE3_WORD);

  // The outline jumps to a section.
  const outline = reader.getByRole('navigation', { name: 'Outline' });
  await outline.getByRole('button', { name: TESO_SECTION.title, exact: true }).click();
  await expect(reader.getByLabel('Page number')).toHaveValue(String(TESO_SECTION.page));
  await expect.poll(() => inkOnPage(page, TESO_SECTION.page), { timeout: 20_000 }).toBeGreaterThan(5000);
  await shot(page, '12-reader-outline-section.png');

  // An internal link (a citation) jumps inside the document.
  await page.getByLabel('Page number').fill('3');
  await page.getByLabel('Page number').press('Enter');
  await expect(reader.getByLabel('Page number')).toHaveValue('3');
  await page.locator('.page[data-page-number="3"] .annotationLayer a[href^="#"]').first().click();
  await expect(reader.getByLabel('Page number')).not.toHaveValue('3');

  // Go somewhere precise: page 7, zoom 150 %, a little way down; then back to the library.
  await page.getByLabel('Page number').fill('7');
  await page.getByLabel('Page number').press('Enter');
  await reader.getByRole('combobox', { name: 'Zoom' }).selectOption('1.5');
  await page.locator('.reader-pages').focus();
  await page.keyboard.press('PageDown');
  await expect(reader.getByLabel('Page number')).toHaveValue(/^[78]$/);
  const left = { page: await reader.getByLabel('Page number').inputValue(), scroll: await page.locator('.reader-pages').evaluate((e) => e.scrollTop) };
  await page.keyboard.press('Escape');
  await expect(reader).toBeHidden();
  await expect(grid).toBeFocused();
  await expect(grid).toHaveAttribute('aria-activedescendant', 'row-3'); // the same row, not lost
  await expect(row.getByRole('button', { name: /^Status Reading/ })).toBeVisible();
  await expect(row.locator('.cell-progress')).toHaveText(/^\d+%$/);
  await shot(page, '13-back-in-the-library.png');
  const shown = JSON.parse(cli(served, 'show', '3', '--json'));
  expect(shown).toMatchObject({ status: 'reading' });
  expect(shown.progress).toBeGreaterThanOrEqual(63);

  // Reopen (double click): the same page, the same zoom, the same spot.
  await row.dblclick();
  await expect(reader).toBeVisible();
  await expect(reader.getByLabel('Page number')).toHaveValue(left.page);
  await expect(reader.getByRole('combobox', { name: 'Zoom' })).toHaveValue('1.5');
  await expect.poll(() => page.locator('.reader-pages').evaluate((e) => e.scrollTop)).toBeGreaterThan(left.scroll - 3);
  expect(Math.abs((await page.locator('.reader-pages').evaluate((e) => e.scrollTop)) - left.scroll)).toBeLessThanOrEqual(3);
  await expect.poll(() => inkOnPage(page, Number(left.page)), { timeout: 20_000 }).toBeGreaterThan(5000);
  await shot(page, '14-reopened-same-place.png');

  // Keyboard zoom, dark pages, and the end of the paper offers "read".
  await page.locator('.reader-pages').focus();
  await page.keyboard.press('-');
  await expect(reader.getByRole('combobox', { name: 'Zoom' })).toHaveValue('1.25');
  await reader.getByRole('button', { name: 'Dark pages' }).click();
  await expect(reader.getByRole('button', { name: 'Dark pages' })).toHaveAttribute('aria-pressed', 'true');
  await shot(page, '15-dark-pages.png');
  await page.locator('.reader-pages').focus();
  await page.keyboard.press('End');
  await expect(reader.getByLabel('Page number')).toHaveValue('11');
  const offer = reader.getByRole('group', { name: 'Finished reading' });
  await expect(offer).toBeVisible();
  await shot(page, '16-end-of-paper-offers-read.png');
  await offer.getByRole('button', { name: 'Mark read', exact: true }).click();
  await expect(reader.getByRole('status', { name: 'Reading progress' })).toContainText('100 % read · Read');
  // Marked read here is undoable like any other action: back to reading, with no read date.
  await reader.getByRole('button', { name: 'Undo' }).click();
  await expect(reader.getByRole('status', { name: 'Reading progress' })).toContainText('100 % read · Reading ·');
  await expect(reader.getByRole('status', { name: 'Reading progress' })).toContainText('Undone: Marked 1 paper read.');
  await shot(page, '16b-mark-read-undone.png');
  await page.keyboard.press('Escape');
  await expect(row.getByRole('button', { name: /^Status Reading/ })).toBeVisible();
  expect(JSON.parse(cli(served, 'show', '3', '--json')).readAt).toBeNull();

  // The quick search finds the word inside the PDF, and says where.
  await page.getByRole('searchbox', { name: 'Search' }).fill(TESO_PAGE3_WORD);
  await expect(page.locator('.statusbar .count')).toHaveText('1 paper');
  await expect(grid.locator('.snippet')).toContainText('p. 3:');
  await expect(grid.locator('.snippet mark')).toHaveText(TESO_PAGE3_WORD);
  await expect(grid.locator('.snippet mark')).toBeInViewport({ ratio: 1 }); // not clipped away by the title
  expect((await grid.locator('.snippet').boundingBox())!.width).toBeGreaterThan(150);
  await shot(page, '17-search-inside-pdf.png');
});

test('hostile files give a clear message or a partial render, never a hang, and the app keeps working', async ({ page, served }) => {
  test.setTimeout(180_000);
  cli(served, 'import', SEED_DIGEST);
  const files = await hostileFiles({ long: true });
  for (const [ref, k] of [['3', 'truncated'], ['4', 'encrypted'], ['5', 'imageOnly'], ['6', 'long']] as const) cli(served, 'attach', ref, files[k], '--no-text');
  // Two files attach refuses, put there as if by another program.
  const db = new BetterSqlite3(path.join(served.library, 'lectern.sqlite'));
  for (const [id, file] of [[1, files.empty], [2, files.html]] as const) {
    const rel = `pdfs/raw-${id}.pdf`;
    fs.copyFileSync(file, path.join(served.library, rel));
    db.prepare("INSERT INTO paper_file (paper_id, rel_path, bytes, sha256, added_at) VALUES (?, ?, ?, ?, 'now')").run(id, rel, fs.statSync(file).size, `raw-${id}`);
    db.prepare("UPDATE paper SET pdf_state = 'downloaded' WHERE id = ?").run(id);
  }
  db.prepare("UPDATE meta SET value = value + 1 WHERE key = 'revision'").run();
  db.close();

  await page.goto(served.url);
  const grid = page.getByRole('grid', { name: 'Library' });
  const reader = page.getByRole('region', { name: /^Reader:/ });
  const open = async (id: number) => {
    await grid.locator(`#row-${id}`).dblclick();
    await expect(reader).toBeVisible();
  };
  const back = async () => {
    await page.keyboard.press('Escape');
    await expect(reader).toBeHidden();
  };

  const expectations: [number, RegExp, string][] = [
    [1, /raw-1\.pdf is empty \(0 bytes\)/, '20-hostile-empty.png'],
    [2, /raw-2\.pdf is not a readable PDF: .*web page/, '21-hostile-html.png'],
    [3, /paper-3\.pdf is not a readable PDF: it may be damaged, cut off/, '22-hostile-truncated.png'],
  ];
  for (const [id, message, name] of expectations) {
    const started = Date.now();
    await open(id);
    await expect(reader.getByRole('alert')).toHaveText(message, { timeout: 20_000 });
    expect(Date.now() - started).toBeLessThan(20_000);
    await shot(page, name);
    await back();
    // Status stays unread: a paper that never opened was not read.
    await expect(grid.locator(`#row-${id}`).getByRole('button', { name: /^Status Unread/ })).toBeVisible();
  }

  // Encrypted: asks for the password, refuses a wrong one, opens with the right one.
  await open(4);
  await expect(reader.getByRole('alert')).toHaveText('This PDF is protected by a password.');
  await reader.getByLabel('Password').fill('wrong');
  await reader.getByRole('button', { name: 'Open' }).click();
  await expect(reader.getByRole('alert')).toHaveText('That password is not right; try again.');
  await shot(page, '23-hostile-encrypted.png');
  await reader.getByLabel('Password').fill('secret');
  await reader.getByRole('button', { name: 'Open' }).click();
  await expect.poll(() => inkOnPage(page, 1), { timeout: 20_000 }).toBeGreaterThan(500);
  await back();

  // A scan without a text layer renders.
  await open(5);
  await expect.poll(() => inkOnPage(page, 1), { timeout: 20_000 }).toBeGreaterThan(5000);
  await shot(page, '24-hostile-image-only.png');
  await back();

  // 1,000 pages: opens at once, End goes to the last page, and only pages near the view hold a canvas.
  await open(6);
  await expect(reader.getByLabel('Page count')).toHaveText('of 1000');
  await expect.poll(() => inkOnPage(page, 1), { timeout: 20_000 }).toBeGreaterThan(1000);
  await page.locator('.reader-pages').focus();
  let most = 0;
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('PageDown');
    most = Math.max(most, await page.locator('.page .canvasWrapper canvas').count());
  }
  await page.keyboard.press('End');
  await expect(reader.getByLabel('Page number')).toHaveValue('1000');
  await expect.poll(() => inkOnPage(page, 1000), { timeout: 20_000 }).toBeGreaterThan(1000);
  most = Math.max(most, await page.locator('.page .canvasWrapper canvas').count());
  expect(most).toBeLessThanOrEqual(12);
  expect(await page.locator('.pdfViewer .page').count()).toBe(1000); // placeholders are cheap divs
  await shot(page, '25-hostile-1000-pages-end.png');
  await back();

  // A paper without a PDF says so; the library keeps answering throughout.
  await grid.locator('#row-7').click();
  await page.keyboard.press('Enter');
  await expect(reader).toBeHidden();
  await expect(page.locator('.statusbar')).toContainText('No PDF yet for');
  await page.getByRole('radio', { name: 'Reading', exact: true }).click();
  await expect(page.locator('.statusbar .count')).toHaveText('3 papers'); // the ones that opened: encrypted, scan, 1,000 pages
});
