import fs from 'node:fs';
import path from 'node:path';
import { startFeedsServer } from '../helpers/feeds-server';
import { expect, SHOTS, startServe, test } from './serve';

const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

test('subscribe in the sidebar with a preview, fetch, see a failing source and For you', async ({ page }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const feeds = await startFeedsServer({ days: { [day(1)]: 'hfapi-daily_papers-2024-05-27.json' } });
  feeds.fault('/feeds/journal-rss/missing', { kind: 'status', status: 404 });
  const { served, stop } = await startServe({ env: feeds.env });
  try {
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Try the sample digest' }).click();
    await page.getByRole('button', { name: 'Import 6 papers' }).click();
    const section = page.getByRole('region', { name: 'Subscriptions' });
    await section.getByRole('button', { name: 'Add…' }).click();

    // HF Daily Papers with a filter: the preview asks the source and says what would come.
    const dialog = page.getByRole('dialog', { name: 'Subscribe' });
    await dialog.getByLabel('At least').fill('20');
    const preview = dialog.getByRole('region', { name: 'Preview' });
    await expect(preview.getByRole('heading')).toHaveText(`Today’s fetch would bring 2 of 13 (${day(1)}) · 11 filtered out`);
    await expect(preview.locator('li.dropped').first()).toContainText(/left out: \d+ upvotes?, fewer than 20/);
    await page.screenshot({ path: path.join(SHOTS, '40-subscribe-preview.png') });
    await dialog.getByRole('button', { name: 'Subscribe' }).click();
    await expect(section.getByRole('button', { name: /^HF Daily Papers: 2 new today/ })).toBeVisible({ timeout: 20_000 });

    // A feed that fails says why, in the sidebar, and the other goes on.
    await section.getByRole('button', { name: 'Add…' }).click();
    await page.getByLabel('Kind').selectOption('feed');
    await page.getByLabel('Feed URL').fill(`${feeds.url}/feeds/journal-rss/missing.xml`);
    await expect(page.getByRole('dialog').getByRole('alert')).toContainText('answered HTTP 404 (not found)');
    await page.getByRole('dialog').getByRole('button', { name: 'Subscribe' }).click();
    await section.getByRole('button', { name: 'Fetch now' }).click();
    await expect(section.locator('.failing')).toContainText('answered HTTP 404 (not found)');
    await expect(section.getByRole('status')).toHaveText('0 new papers; 1 source failed.');

    // For you: before any reading, upvotes then date, and the sidebar says so.
    await section.getByRole('button', { name: /For you/ }).click();
    await expect(section.locator('.for-you-reason')).toContainText('Ordered by upvotes, then date');
    await expect(page.locator('.statusbar .count')).toHaveText('8 papers');
    await page.screenshot({ path: path.join(SHOTS, '41-subscriptions-sidebar.png') });
  } finally {
    await stop();
    await feeds.close();
  }
});
