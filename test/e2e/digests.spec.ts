import fs from 'node:fs';
import path from 'node:path';
import { expect, SHARED, SHOTS, test } from './serve';

const CORPUS = path.join(SHARED, 'corpus');

test('digests of several formats: paste BibTeX, open HF JSON, filter by digest, delete one', async ({ page, served }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.goto(served.url);

  // Paste a BibTeX file's text into the import dialog: one entry is broken and is reported with its line.
  const bib = fs.readFileSync(path.join(CORPUS, 'bibtex', 'email-converter-output-arxiv.bib'), 'utf8') + '\n@article{broken,\n  title = {Never closed\n';
  await page.getByRole('button', { name: 'Open or paste a digest…' }).click();
  await page.getByLabel('Digest text').fill(bib);
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'found' })).toHaveText('2 found · 2 new · 0 already in the library · 1 unreadable');
  await expect(page.getByRole('list', { name: 'Unreadable entries' })).toContainText(/Line \d+:/);
  await page.screenshot({ path: path.join(SHOTS, '10-bibtex-preview.png') });
  await page.getByRole('button', { name: 'Import 2 papers' }).click();
  await expect(page.locator('.statusbar .count')).toHaveText('2 papers');

  // Open the HF daily papers JSON file.
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('Digest file').setInputFiles(path.join(CORPUS, 'hf-json', 'hfapi-daily_papers-2024-05-27.json'));
  await expect(page.getByRole('status').filter({ hasText: 'found' })).toHaveText('13 found · 13 new · 0 already in the library · 0 unreadable');
  await page.getByRole('button', { name: 'Import 13 papers' }).click();
  await expect(page.locator('.statusbar .count')).toHaveText('15 papers');

  // The digests are listed in the sidebar, newest first, with their date, format, papers and unread papers.
  const digests = page.getByRole('region', { name: /^Digests/ });
  await expect(digests.locator('.digest-item')).toHaveCount(2);
  await expect(digests.locator('.digest-item').first()).toContainText('hf-json · 13 papers · 13 unread');
  await digests.locator('.digest-item', { hasText: 'bibtex' }).locator('.facet').click();
  await expect(page.locator('.statusbar .count')).toHaveText('2 papers');
  await page.screenshot({ path: path.join(SHOTS, '11-digest-filter.png') });

  await digests.getByRole('button', { name: /^Delete digest / }).last().click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('2 papers came only from this digest and will be removed');
  await confirm.getByRole('button', { name: 'Delete digest' }).click();
  // The filter on the deleted digest goes with it.
  await expect(page.locator('.statusbar .count')).toHaveText('13 papers');
  await expect(digests.locator('.digest-item')).toHaveCount(1);
});

test('an unreadable file gets a clear error and changes nothing', async ({ page, served }) => {
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('Digest file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Shopping list\n- milk\n- bread\n') });
  await expect(page.getByRole('alert')).toContainText('notes.txt: not a digest Lectern can read');
  await expect(page.getByRole('button', { name: /^Import/ }).last()).toBeDisabled();
});
