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

test('math in titles and abstracts is drawn by KaTeX, offline and under the strict policy; a broken formula stays as written', async ({ page, served }) => {
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  const papers = [
    {
      id: 'v-info',
      type: 'article',
      title: '$\\mathcal{V}$-Usable Information: Measuring What a Model Can Extract from Its Inputs',
      author: [{ family: 'Xu', given: 'Yilun' }],
      issued: { 'date-parts': [[2025, 2, 3]] },
      abstract: 'We introduce $\\mathcal{V}$-usable information, where $\\mathcal{V}$ is a family of predictors; the entropy $H_{\\mathcal{V}}(Y \\mid X)$ is at most \\(H(Y)\\) and costs $5 to compute.',
    },
    { id: 'bench', type: 'article', title: '$\\texttt{MemoryRewardBench}$: Benchmarking Reward Models for Long-Term Memory', author: [{ family: 'Lee', given: 'Ann' }], issued: { 'date-parts': [[2025, 3, 1]] } },
    { id: 'broken', type: 'article', title: 'A broken formula $\\frac{1}{$ stays as the authors wrote it', author: [{ family: 'Kim', given: 'Bo' }], issued: { 'date-parts': [[2025, 4, 1]] } },
  ];
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Open or paste a digest…' }).click();
  await page.getByLabel('Digest file').setInputFiles({ name: 'math.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(papers)) });
  await page.getByRole('button', { name: 'Import 3 papers' }).click();

  const grid = page.getByRole('grid', { name: 'Library' });
  const usable = grid.getByRole('row', { name: /Usable Information/ });
  // Drawn by KaTeX, with the source kept for screen readers (MathML) and on hover.
  await expect(usable.locator('.cell-title .katex-html')).toBeVisible();
  await expect(usable.locator('.cell-title annotation')).toHaveText('\\mathcal{V}');
  await expect(usable.locator('.cell-title')).toHaveAttribute('title', papers[0]!.title);
  await expect(grid.getByRole('row', { name: /MemoryRewardBench/ }).locator('.cell-title .katex .mord.texttt')).toHaveCount(1);
  const broken = grid.getByRole('row', { name: /A broken formula/ }).locator('.cell-title');
  await expect(broken).toHaveText('A broken formula $\\frac{1}{$ stays as the authors wrote it');
  await expect(broken.locator('.katex')).toHaveCount(0);

  // The side pane: the title and the abstract's formulas, a price left as text.
  await usable.click();
  const pane = page.getByRole('complementary', { name: 'Paper details' });
  await expect(pane.locator('.pane-title .katex-html')).toBeVisible();
  await expect(pane.locator('.pane-abstract .katex')).toHaveCount(4);
  await expect(pane.locator('.pane-abstract')).toContainText('costs $5 to compute.');
  // KaTeX places its glyphs with inline styles, set through the CSSOM (the policy allows no style
  // attributes), and its fonts come from the app itself.
  expect(await pane.locator('.pane-abstract .katex-html [style]').count()).toBeGreaterThan(5);
  expect(await page.evaluate("document.fonts.ready.then((f) => [...f].some((x) => x.family.includes('KaTeX') && x.status === 'loaded'))")).toBe(true);
  await page.screenshot({ path: path.join(SHOTS, '12-math-titles.png') });

  // Triage shows the same.
  await page.getByRole('navigation', { name: 'Views and facets' }).getByRole('button', { name: /^Triage / }).click();
  await expect(page.getByRole('region', { name: 'Triage' }).locator('.triage-title .katex-html')).toBeVisible();
  expect(refused).toEqual([]);
});
