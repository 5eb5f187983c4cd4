import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext, Page } from '@playwright/test';
import { generatePapers, hfTextDigest } from '../../bench/generate';
import { expect, SEED_DIGEST, SHOTS, test, type Served } from './serve';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sampleText = () => fs.readFileSync(path.join(ROOT, 'resources', 'sample-digest.txt'), 'utf8');

/** Calls the running server's API as the page does (with the launch token). */
async function call<T = unknown>(request: APIRequestContext, served: Served, method: string, input: unknown): Promise<T> {
  const r = await request.post(`${served.origin}/api/${method}`, { data: input, headers: { 'X-Lectern-Token': served.token } });
  const body = (await r.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(body.error!.message);
  return body.value;
}

/** The seed page (29) and the sample digest (6), imported as a user would have. */
async function twoDigests(request: APIRequestContext, served: Served) {
  const seed = await call<{ digestId: number }>(request, served, 'commitImport', { text: fs.readFileSync(SEED_DIGEST, 'utf8'), fileName: 'hf-daily-papers-page.txt' });
  const sample = await call<{ digestId: number }>(request, served, 'commitImport', { text: sampleText(), fileName: 'sample-digest.txt' });
  return { seed: seed.digestId, sample: sample.digestId };
}

const count = (page: Page) => page.locator('.statusbar .count');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, name) });

test.beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));

test('column filters, facets and saved views', async ({ page, request, served }) => {
  await twoDigests(request, served);
  await page.goto(served.url);
  await expect(count(page)).toHaveText('35 papers');
  const nav = page.getByRole('navigation', { name: 'Views and facets' });

  // A status filter from the filter bar; the facet counts stay beside it.
  await page.getByRole('button', { name: 'Status filter' }).click();
  await page.getByRole('dialog', { name: 'Status filter' }).getByLabel('Unread').check();
  await expect(count(page)).toHaveText('35 papers');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Status filter: Unread' })).toBeVisible();

  // Year facet from the sidebar: the table and the facet agree.
  const y2025 = nav.getByRole('button', { name: /^2025\s+\d+$/ });
  const n2025 = (await y2025.locator('.count').textContent())!.trim();
  await y2025.click();
  await expect(count(page)).toHaveText(`${n2025} papers`);
  await expect(page.getByRole('button', { name: 'Date filter: 2025-01-01 – 2025-12-31' })).toBeVisible();

  // Upvotes range by typing; an empty range is refused where it is typed.
  await page.getByRole('button', { name: 'Clear Date filter' }).click();
  await page.getByRole('button', { name: 'Upvotes filter' }).click();
  const upv = page.getByRole('dialog', { name: 'Upvotes filter' });
  await upv.getByLabel('From').fill('10');
  await expect(count(page)).toHaveText('5 papers');
  await upv.getByLabel('To').fill('5');
  await expect(upv.getByRole('alert')).toHaveText('“From” is after “To”: nothing would match.');
  await upv.getByLabel('To').fill('30');
  await expect(count(page)).toHaveText('4 papers');
  await page.keyboard.press('Escape');

  // Text filter on the title, combined with the quick search.
  await page.getByRole('button', { name: 'Clear Upvotes filter' }).click();
  await page.getByRole('button', { name: 'Title filter' }).click();
  await page.getByRole('dialog', { name: 'Title filter' }).getByLabel('Title contains').fill('language model');
  await page.keyboard.press('Escape'); // at once: what was typed still applies
  await expect(page.getByRole('button', { name: 'Title filter: “language model”' })).toBeVisible();
  await expect(count(page)).not.toHaveText('35 papers');
  const withTitle = Number((await count(page).textContent())!.split(' ')[0]);
  expect(withTitle).toBeGreaterThan(2);
  expect(withTitle).toBeLessThan(35);
  await page.getByRole('searchbox', { name: 'Search' }).fill('pacemaker');
  await expect(count(page)).toHaveText('1 paper');
  await page.getByRole('searchbox', { name: 'Search' }).fill('');
  await shot(page, '10-filters.png');

  // Save it as a view; it survives a reload and is one click (or key) away.
  await nav.getByRole('button', { name: 'Save current view…' }).click();
  await page.getByRole('dialog', { name: 'Save view' }).getByLabel('Name').fill('Unread LLM papers');
  await page.getByRole('button', { name: 'Save view' }).click();
  await expect(nav.getByRole('button', { name: /^Unread LLM papers/ })).toHaveAttribute('aria-current', 'true');
  await page.reload();
  await expect(count(page)).toHaveText('35 papers');
  await nav.getByRole('button', { name: /^Unread LLM papers/ }).click();
  await expect(count(page)).toHaveText(`${withTitle} papers`);
  await page.getByRole('grid').focus();
  await page.keyboard.press('1'); // Inbox
  await expect(nav.getByRole('button', { name: /^Inbox/ })).toHaveAttribute('aria-current', 'true');
  await expect(count(page)).toHaveText('35 papers');
  await page.keyboard.press('4'); // Needs review: no unsure arXiv match waits in this library
  await expect(count(page)).toHaveText('0 papers');
  await expect(nav.getByRole('button', { name: /^Needs review/ }).locator('.count')).toHaveText('0');
});

test('columns are shown, hidden, reordered and resized, and the layout is remembered', async ({ page, request, served }) => {
  await twoDigests(request, served);
  await page.goto(served.url);
  const grid = page.getByRole('grid', { name: 'Library' });
  await expect(grid.getByRole('columnheader', { name: 'Authors' })).toBeVisible();

  await page.getByRole('button', { name: 'Columns' }).click();
  const menu = page.getByRole('dialog', { name: 'Columns' });
  await menu.getByRole('checkbox', { name: 'Authors' }).uncheck();
  await menu.getByRole('checkbox', { name: 'Added' }).check();
  await menu.getByRole('button', { name: 'Move Title left' }).click();
  await page.keyboard.press('Escape');
  await expect(grid.getByRole('columnheader', { name: 'Authors' })).toHaveCount(0);
  await expect(grid.getByRole('columnheader', { name: 'Added' })).toBeVisible();
  const headers = await grid.getByRole('columnheader').allTextContents();
  expect(headers.indexOf('Title')).toBeLessThan(headers.indexOf('Status'));

  // Resize the title by dragging its right edge.
  const title = grid.getByRole('columnheader', { name: 'Title' });
  const before = (await title.boundingBox())!;
  const handle = title.locator('.resize-handle');
  const hb = (await handle.boundingBox())!;
  await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
  await page.mouse.down();
  await page.mouse.move(hb.x + 90, hb.y + hb.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => Math.round((await title.boundingBox())!.width)).toBeGreaterThan(Math.round(before.width) + 60);
  const resized = Math.round((await title.boundingBox())!.width);

  // Drag Status before Title.
  await grid.getByRole('columnheader', { name: 'Status' }).dragTo(title);
  await expect.poll(async () => (await grid.getByRole('columnheader').allTextContents()).indexOf('Status')).toBeLessThan(
    (await grid.getByRole('columnheader').allTextContents()).indexOf('Title') + 1,
  );
  await page.waitForTimeout(600); // the layout is written after a short pause
  await shot(page, '11-columns.png');

  await page.reload();
  await expect(grid.getByRole('columnheader', { name: 'Added' })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: 'Authors' })).toHaveCount(0);
  expect(Math.abs(Math.round((await grid.getByRole('columnheader', { name: 'Title' }).boundingBox())!.width) - resized)).toBeLessThan(3);
});

test('multi-select with click, shift and ctrl, bulk tags and star, remove with confirmation and undo', async ({ page, request, served }) => {
  await twoDigests(request, served);
  await page.goto(served.url);
  const grid = page.getByRole('grid', { name: 'Library' });
  const rows = grid.locator('[role=row][aria-rowindex]:not([aria-rowindex="1"])');
  await rows.nth(0).click();
  await rows.nth(3).click({ modifiers: ['Shift'] });
  await expect(grid.locator('[aria-selected=true]')).toHaveCount(4);
  await rows.nth(1).click({ modifiers: ['ControlOrMeta'] });
  await rows.nth(8).click({ modifiers: ['ControlOrMeta'] });
  await expect(grid.locator('[aria-selected=true]')).toHaveCount(4);
  const bar = page.getByRole('toolbar', { name: 'Selected papers' });
  await expect(bar).toContainText('4 selected');

  await bar.getByRole('button', { name: 'Tags…' }).click();
  await page.getByLabel('Add tags to the selected papers').fill('to-read, classics');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Tagged 4 papers' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Views and facets' });
  await expect(nav.getByRole('button', { name: /^to-read\s+4$/ })).toBeVisible();
  await bar.getByRole('button', { name: 'Star', exact: true }).click();
  await expect(grid.locator('.star.on')).toHaveCount(4);

  // Remove asks first; Undo brings the papers back with their tags and stars.
  await bar.getByRole('button', { name: 'Remove…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Remove 4 papers from the library?' });
  await expect(confirm).toBeVisible();
  await shot(page, '12-confirm-remove.png');
  await confirm.getByRole('button', { name: 'Remove 4 papers' }).click();
  await expect(page.locator('.statusbar .count')).toHaveText('31 papers');
  await expect(nav.getByRole('button', { name: /^to-read\s+0$/ })).toBeVisible();
  const toast = page.locator('.toast');
  await expect(toast).toContainText('Removed 4 papers.');
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('.statusbar .count')).toHaveText('35 papers');
  await expect(nav.getByRole('button', { name: /^to-read\s+4$/ })).toBeVisible();
  await expect(grid.locator('.star.on')).toHaveCount(4);

  // Keyboard: Ctrl+A selects the whole view, R marks it read, Ctrl+Z undoes.
  await grid.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await expect(bar).toContainText('35 selected');
  await page.keyboard.press('r');
  await expect(nav.getByRole('button', { name: /^Read\s+35$/ })).toBeVisible();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(nav.getByRole('button', { name: /^Read\s+0$/ })).toBeVisible();
});

test('select all works over a filtered view far larger than the rows loaded', async ({ page, request, served }) => {
  await call(request, served, 'commitImport', { text: hfTextDigest(generatePapers(1500, 3)), fileName: 'big.txt' });
  await page.goto(served.url);
  await expect(count(page)).toHaveText('1,500 papers');
  await page.getByRole('button', { name: 'Upvotes filter' }).click();
  await page.getByRole('dialog', { name: 'Upvotes filter' }).getByLabel('From').fill('1');
  await page.keyboard.press('Escape');
  const matching = await call<{ total: number }>(request, served, 'listPapers', { upvotesMin: 1, limit: 1 });
  await expect(count(page)).toHaveText(`${matching.total.toLocaleString('en')} papers`);
  expect(matching.total).toBeGreaterThan(400);
  const grid = page.getByRole('grid', { name: 'Library' });
  expect(await grid.locator('[role=row]').count()).toBeLessThan(80); // only the rows in view exist
  await grid.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.getByRole('toolbar', { name: 'Selected papers' }).getByRole('button', { name: 'Mark reading' }).click();
  await expect(page.getByRole('navigation', { name: 'Views and facets' }).getByRole('button', { name: new RegExp(`^Reading\\s+${matching.total.toLocaleString('en')}$`) })).toBeVisible();
  const reading = await call<{ total: number }>(request, served, 'listPapers', { statuses: ['reading'], limit: 1 });
  expect(reading.total).toBe(matching.total);
  const unreadWithUpvotes = await call<{ total: number }>(request, served, 'listPapers', { statuses: ['unread'], upvotesMin: 1, limit: 1 });
  expect(unreadWithUpvotes.total).toBe(0);
});

test('tags, star and a searchable note from the side pane', async ({ page, request, served }) => {
  await twoDigests(request, served);
  await page.goto(served.url);
  const grid = page.getByRole('grid', { name: 'Library' });
  await grid.getByRole('row', { name: /HumanSense/ }).click();
  const pane = page.getByRole('complementary', { name: 'Paper details' });
  await pane.getByRole('button', { name: '☆ Star' }).click();
  await expect(pane.getByRole('button', { name: '★ Starred' })).toHaveAttribute('aria-pressed', 'true');
  await pane.getByLabel('Add tags to this paper').fill('empathy');
  await pane.getByLabel('Add tags to this paper').press('Enter');
  await expect(pane.getByRole('list', { name: 'Tags' })).toContainText('empathy');
  await pane.getByRole('textbox', { name: /Note/ }).fill('Check the dialogue corpus against the quokka benchmark.');
  await expect(pane.getByText(/saved \d{4}-\d{2}-\d{2}/)).toBeVisible();
  await shot(page, '13-side-pane.png');
  await page.getByRole('searchbox', { name: 'Search' }).fill('quokka');
  await expect(count(page)).toHaveText('1 paper');
  await expect(grid.locator('.cell-title')).toHaveText([/^HumanSense/]);
  // A word from the note and a word from the abstract together.
  await page.getByRole('searchbox', { name: 'Search' }).fill('quokka empathetic');
  await expect(count(page)).toHaveText('1 paper');
});

test('triage a digest with the keyboard alone, with undo', async ({ page, request, served }) => {
  const { seed } = await twoDigests(request, served);
  const queue = await call<{ ids: number[] }>(request, served, 'triageQueue', { digestId: seed });
  await page.goto(served.url);
  const nav = page.getByRole('navigation', { name: 'Views and facets' });
  await nav.getByRole('button', { name: 'Triage Daily Papers 2026-01-08' }).click();
  const triage = page.getByRole('region', { name: 'Triage' });
  await expect(triage.getByRole('heading', { level: 3 })).toHaveText(/^Insights into a radiology/);
  await expect(triage).toContainText('1 of 29 unread');
  await shot(page, '14-triage.png');

  const t0 = Date.now();
  await page.keyboard.press('k'); // keep for reading
  await expect(triage.getByRole('heading', { level: 3 })).toHaveText(/^PrefPalette/);
  await page.keyboard.press('r'); // read
  await page.keyboard.press('s'); // skip
  await page.keyboard.press('f'); // star, stays
  await expect(triage.getByRole('heading', { level: 3 })).toHaveText(/^★ /);
  await page.keyboard.press('t');
  await page.getByLabel('Tag this paper').fill('triaged');
  await page.keyboard.press('Enter');
  await expect(triage.locator('.tag-chip')).toHaveText(['triaged']);
  await page.keyboard.press('r');
  await expect(triage).toContainText('5 of 29 unread · 1 kept · 2 read · 1 skipped');
  await page.keyboard.press('z'); // undo the last "read": back on that paper, unread again
  await expect(triage).toContainText('4 of 29 unread · 1 kept · 1 read · 1 skipped');
  // The view moves at once; the core's undo follows a moment later.
  const four = () => call<{ status: string; starred: boolean; tags: string[] }>(request, served, 'getPaper', { ref: String(queue.ids[3]) });
  await expect.poll(async () => (await four()).status).toBe('unread');
  expect(await four()).toMatchObject({ starred: true, tags: ['triaged'] });
  for (let i = 3; i < 29; i++) await page.keyboard.press(i % 2 ? 'r' : 's');
  await expect(triage.getByRole('heading', { name: 'Digest cleared' })).toBeVisible();
  expect(Date.now() - t0).toBeLessThan(60_000);
  await page.keyboard.press('Escape');
  await expect(page.locator('.statusbar')).toContainText('Triage: 1 kept');
  const statuses = async () => (await Promise.all(queue.ids.slice(0, 3).map((id) => call<{ status: string }>(request, served, 'getPaper', { ref: String(id) })))).map((s) => s.status);
  await expect.poll(statuses).toEqual(['reading', 'read', 'unread']);
});

test('the statistics dashboard draws read per week, backlog and digests as charts', async ({ page, request, served }) => {
  await twoDigests(request, served);
  const rows = await call<{ rows: { id: number }[] }>(request, served, 'listPapers', { limit: 12 });
  await call(request, served, 'markPapers', { papers: { ids: rows.rows.map((r) => r.id) }, status: 'read' });
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Statistics' }).click();
  const stats = page.getByRole('region', { name: 'Reading statistics' });
  await expect(stats.getByRole('img')).toHaveCount(3);
  await expect(stats.getByRole('img').nth(0)).toHaveAttribute('aria-label', /^12 papers read in 26 weeks; 12 this week/);
  await expect(stats.getByRole('img').nth(1)).toHaveAttribute('aria-label', /to 23 unread papers/);
  await expect(stats.getByRole('img').nth(2)).toHaveAttribute('aria-label', /^2 digests imported and 1 cleared/);
  await expect(stats.locator('rect.bar.read')).toHaveCount(26);
  await shot(page, '15-statistics.png');
});
