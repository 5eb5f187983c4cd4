import fs from 'node:fs';
import path from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { startFakeArxiv, type FakeArxiv } from '../helpers/arxiv-server';
import { AMBIGUOUS, DECOY_IDS, SEED_IDS, seedArxivPapers } from '../helpers/arxiv-seed';
import { expect, SEED_DIGEST, SHOTS, startServe, type Served } from './serve';

/** `lectern serve` whose arXiv is a local stand-in (the seed digest's papers, slow enough to watch). */
const test = base.extend<{ arxiv: FakeArxiv; served: Served }>({
  arxiv: async ({}, use) => { // eslint-disable-line no-empty-pattern
    const fake = await startFakeArxiv({ papers: seedArxivPapers() });
    fake.fault('*', { kind: 'slow', chunk: 64 * 1024, everyMs: 12 });
    await use(fake);
    await fake.close();
  },
  served: async ({ arxiv }, use) => {
    const { served, stop } = await startServe({ env: { ...arxiv.env, LECTERN_ARXIV_DELAY_MS: '60' } });
    await use(served);
    await stop();
  },
});

async function importSeed(page: import('@playwright/test').Page, served: Served) {
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('Digest file').setInputFiles(SEED_DIGEST);
  await page.getByRole('button', { name: 'Import 29 papers' }).click();
  await expect(page.locator('.statusbar .count')).toHaveText('29 papers');
}

/** Sets the filter bar's PDF filter to exactly these states (none: any state). */
async function pdfFilter(page: Page, ...labels: string[]) {
  const clear = page.getByRole('button', { name: 'Clear PDF filter' });
  if (await clear.isVisible()) await clear.click();
  if (!labels.length) return;
  await page.getByRole('button', { name: 'PDF filter' }).click();
  const editor = page.getByRole('dialog', { name: 'PDF filter' });
  for (const l of labels) await editor.getByLabel(l).check();
  await page.keyboard.press('Escape');
}

test('download a whole digest: resolve, progress, a failure retried, unsure matches reviewed', async ({ page, served, arxiv }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  arxiv.fault(SEED_IDS[3]!, { kind: 'html', times: 1 });
  await importSeed(page, served);
  const grid = page.getByRole('grid', { name: 'Library' });
  // No PDF yet: every row in view offers its download, none shows another state.
  await expect(grid.getByRole('button', { name: /^Download the PDF of / }).first()).toBeVisible();
  await expect(grid.locator('.pdf-pill:not(.pdf-none)')).toHaveCount(0);

  await page.getByRole('button', { name: 'PDFs…' }).click();
  const dialog = page.getByRole('dialog', { name: 'PDFs' });
  await expect(dialog.getByRole('status')).toHaveText('0 on disk · 0 queued · 0 failed · 0 waiting for your review');
  await dialog.getByRole('button', { name: 'Download the PDFs of Daily Papers 2026-01-08' }).click();
  await expect(page.locator('.statusbar .message')).toHaveText(' · 29 PDFs queued (29 to be found on arXiv first).');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The overall bar, with the count and the time left, while the queue runs.
  const bar = page.getByRole('progressbar', { name: 'PDF downloads' });
  await expect(bar).toBeVisible();
  await expect(page.locator('.work-progress')).toContainText(/PDFs \d+ of 29 · about \d+ (s|min) left/);
  await expect(grid.locator('.pdf-downloaded').first()).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: path.join(SHOTS, '05-downloading.png') });

  await expect(bar).toBeHidden({ timeout: 60_000 });
  await expect(page.getByRole('button', { name: '2 matches to review' })).toBeVisible();

  // The captcha page: failed, with the reason; filter on it and try again.
  await pdfFilter(page, 'Failed');
  await expect(page.locator('.statusbar .count')).toHaveText('1 paper');
  const failed = grid.getByRole('button', { name: /^Download failed: arXiv sent a web page \(“arXiv.org - Are you a robot\?”\) instead of the PDF/ });
  await expect(failed).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, '06-failed-filter.png') });
  await failed.click();
  await expect(page.locator('.statusbar .count')).toHaveText('0 papers', { timeout: 20_000 });

  // The two unsure matches: one picked, one refused.
  await pdfFilter(page);
  await page.getByRole('button', { name: '2 matches to review' }).click();
  const review = page.getByRole('dialog', { name: 'Pick the arXiv match' });
  await expect(review.getByRole('heading', { level: 3 })).toHaveText('A Comprehensive Survey on Self-Interpretable Neural Networks');
  await expect(review.getByRole('listitem')).toHaveCount(2);
  await page.screenshot({ path: path.join(SHOTS, '07-review.png') });
  await review.getByRole('button', { name: `Choose arXiv ${SEED_IDS[AMBIGUOUS[0]!]}` }).click();
  await expect(review.getByRole('heading', { level: 3 })).toHaveText('Language Models Surface the Unwritten Code of Science and Society');
  await expect(review.getByRole('button', { name: `Choose arXiv ${DECOY_IDS[21]}` })).toBeVisible();
  await review.getByRole('button', { name: 'None of these' }).click();
  await expect(review.getByRole('status')).toHaveText('No match waits for a review.');
  await review.getByRole('button', { name: 'Close' }).click();

  await pdfFilter(page, 'Downloaded');
  await expect(page.locator('.statusbar .count')).toHaveText('28 papers', { timeout: 20_000 });
  await grid.getByRole('row', { name: /Comprehensive Survey on Self-Interpretable/ }).click();
  const pane = page.getByRole('complementary', { name: 'Paper details' });
  await expect(pane.getByRole('region', { name: 'PDF' })).toContainText(`Downloaded (pdfs/${SEED_IDS[AMBIGUOUS[0]!]}.pdf, 1.2 MB)`);
  await page.screenshot({ path: path.join(SHOTS, '08-downloaded.png') });
  await pdfFilter(page, 'Failed');
  await expect(grid.getByRole('row', { name: /Unwritten Code/ })).toBeVisible();
  expect(fs.readdirSync(path.join(served.library, 'pdfs')).filter((f) => f.endsWith('.pdf'))).toHaveLength(28);
});

test('a 403 from arXiv stops downloads with a banner saying why, until resumed', async ({ page, served, arxiv }) => {
  arxiv.clearFaults();
  arxiv.fault('*', { kind: 'status', status: 403, times: 1 });
  await importSeed(page, served);
  const grid = page.getByRole('grid', { name: 'Library' });
  await grid.getByRole('row', { name: /PrefPalette/ }).click();
  await page.keyboard.press('d');
  const banner = page.getByRole('alert').filter({ hasText: 'arXiv refused access (HTTP 403)' });
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(banner).toContainText('Lectern has stopped all traffic to arXiv');
  await page.screenshot({ path: path.join(SHOTS, '09-blocked.png') });
  const requests = arxiv.requests.length;
  await page.waitForTimeout(1500);
  expect(arxiv.requests.length).toBe(requests);
  await banner.getByRole('button', { name: 'Resume downloads' }).click();
  await expect(banner).toBeHidden();
  await expect(grid.getByRole('row', { name: /PrefPalette/ }).locator('.pdf-downloaded')).toBeVisible({ timeout: 20_000 });
});
