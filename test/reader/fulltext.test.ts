import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { childExtractor } from '../../src/main/core/fulltext/runner';
import { PAGE_SPAN } from '../../src/main/core/fulltext/store';
import { builtTextWorker, readText, testCore } from '../helpers/core';
import { hostileFiles, LONG_PDF_WORD, LONG_PDF_WORD_PAGE, TESO_PAGE3_WORD, TESO_PDF, type HostileKind } from '../helpers/pdfs';
import { SEED_DIGEST, tempDir } from '../helpers/paths';

async function library(extra: Parameters<typeof testCore>[2] = {}, dir?: string) {
  const t = testCore(undefined, dir, { fulltextWorker: builtTextWorker(), ...extra });
  await t.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
  return t;
}

/** A file placed in the library as if another program had put it there, bypassing attach's checks. */
function placeRaw(core: ReturnType<typeof testCore>['core'], dir: string, paperId: number, file: string) {
  const rel = `pdfs/raw-${paperId}.pdf`; // a PDF is served and read only from pdfs/
  fs.mkdirSync(path.join(dir, 'pdfs'), { recursive: true });
  fs.copyFileSync(file, path.join(dir, rel));
  core.db
    .prepare("INSERT OR REPLACE INTO paper_file (paper_id, rel_path, bytes, sha256, added_at) VALUES (?, ?, ?, ?, 'now')")
    .run(paperId, rel, fs.statSync(file).size, `raw-${paperId}-${fs.statSync(file).size}`);
}

async function until(check: () => boolean | Promise<boolean>, ms = 60_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('full-text extraction', () => {
  it('reads the text of a PDF in a child process; the quick search then finds words inside it, with the page', async () => {
    const { api, core } = await library();
    await api.attachPdf({ ref: '3', file: core.received.add({ path: TESO_PDF }) });
    expect(await api.textExtraction({})).toMatchObject({ pending: 1, done: 0 });
    expect(await core.finishTextExtraction()).toEqual({ done: 1, failed: 0 });
    expect(await api.textExtraction({})).toEqual({ pending: 0, done: 1, failed: 0, running: false });
    const text = (await api.readingState({ ref: '3' })).text;
    expect(text).toMatchObject({ state: 'done', pages: 11, error: null });
    expect(text.chars).toBeGreaterThan(30_000);

    const hit = await api.listPapers({ search: TESO_PAGE3_WORD, limit: 20 });
    expect(hit.total).toBe(1);
    expect(hit.rows[0]!.id).toBe(3);
    expect(hit.rows[0]!.textMatch!.page).toBe(3);
    expect(hit.rows[0]!.textMatch!.snippet).toContain(`\u0002${TESO_PAGE3_WORD}\u0003`);
    // Several words, the last one a prefix, across title and text alike.
    expect((await api.listPapers({ search: 'tabu enhanc', limit: 20 })).total).toBe(1);
    // Title and abstract matches still come first-class, without a text snippet.
    const meta = await api.listPapers({ search: 'pacemaker', limit: 20 });
    expect(meta.total).toBe(1);
    expect(meta.rows[0]!.textMatch).toBeNull();
    core.close();
  });

  it('a removed paper takes its text out of the search; undo brings it back, and its PDF is read again', async () => {
    const { api, core } = await library();
    await api.attachPdf({ ref: '3', file: core.received.add({ path: TESO_PDF }) });
    await core.finishTextExtraction();
    expect((await api.listPapers({ search: TESO_PAGE3_WORD, limit: 20 })).total).toBe(1);
    const removed = await api.removePapers({ papers: { ids: [3] } });
    expect((await api.listPapers({ search: TESO_PAGE3_WORD, limit: 20 })).total).toBe(0);
    await api.undo({ undoId: removed.undoId! });
    expect(await api.textExtraction({})).toMatchObject({ pending: 1 });
    expect(await core.finishTextExtraction()).toEqual({ done: 1, failed: 0 });
    const hit = await api.listPapers({ search: TESO_PAGE3_WORD, limit: 20 });
    expect(hit.rows.map((r) => [r.id, r.textMatch?.page])).toEqual([[3, 3]]);
    core.close();
  });

  it('runs pdf.js in a process of its own', async () => {
    const ex = childExtractor(builtTextWorker());
    const r = await ex.extract(TESO_PDF);
    await ex.close();
    expect(r.ok).toBe(true);
    expect(r.pid).toBeGreaterThan(0);
    expect(r.pid).not.toBe(process.pid);
    // The main thread never loaded the legacy build (its polyfills would slow every Array push here).
    expect(Object.keys(globalThis).includes('pdfjsLib')).toBe(false);
  });

  it('catches up by itself after a restart, in the background', async () => {
    const dir = tempDir();
    const a = testCore(undefined, dir); // a process without text extraction (or killed before it ran)
    await a.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    await a.api.attachPdf({ ref: '4', file: a.core.received.add({ path: TESO_PDF }) });
    a.core.close();
    const b = testCore(undefined, dir, { fulltextWorker: builtTextWorker(), backgroundIndexing: true });
    await until(async () => (await b.api.textExtraction({})).pending === 0);
    expect((await b.api.readingState({ ref: '4' })).text.state).toBe('done');
    expect((await b.api.listPapers({ search: TESO_PAGE3_WORD, limit: 5 })).rows.map((r) => r.id)).toEqual([4]);
    // A file another process attaches while this one runs is picked up too.
    const c = testCore(undefined, dir);
    await c.api.attachPdf({ ref: '5', file: c.core.received.add({ path: TESO_PDF }) });
    c.core.close();
    // Nothing tells b: it notices the library changed, and reads the new file.
    await until(async () => (await b.api.readingState({ ref: '5' })).text.state === 'done', 30_000);
    b.core.close();
  }, 90_000);

  it('re-reads a replaced file, and deleting a paper removes its text', async () => {
    const { api, core } = await library();
    await api.attachPdf({ ref: '3', file: core.received.add({ path: TESO_PDF }) });
    await core.finishTextExtraction();
    const long = path.join(tempDir(), 'short.pdf');
    const { longPdf } = await import('../helpers/pdfs');
    fs.writeFileSync(long, await longPdf(3));
    await api.attachPdf({ ref: '3', file: core.received.add({ path: long }) });
    expect((await api.readingState({ ref: '3' })).text.state).toBe('pending');
    await core.finishTextExtraction();
    expect((await api.readingState({ ref: '3' })).text).toMatchObject({ state: 'done', pages: 3 });
    expect((await api.listPapers({ search: TESO_PAGE3_WORD, limit: 5 })).total).toBe(0);
    core.db.prepare('DELETE FROM paper WHERE id = 3').run();
    const left = core.db.prepare('SELECT count(*) FROM fulltext_fts WHERE rowid BETWEEN ? AND ?').pluck().get(3 * PAGE_SPAN, 4 * PAGE_SPAN - 1);
    expect(left).toBe(0);
    core.close();
  });

  describe('hostile files', () => {
    let files: Record<HostileKind, string>;
    beforeAll(async () => {
      files = await hostileFiles({ long: true });
    }, 60_000);

    it('fail alone with a reason a user understands, or give the text there is; nothing stalls', async () => {
      const { api, core, dir } = await library();
      const ids: Record<HostileKind, number> = { empty: 1, html: 2, truncated: 3, encrypted: 4, imageOnly: 5, long: 6 };
      // attach refuses the first two; they reach the library only by other means.
      placeRaw(core, dir, ids.empty, files.empty);
      placeRaw(core, dir, ids.html, files.html);
      for (const k of ['truncated', 'encrypted', 'imageOnly', 'long'] as const) await api.attachPdf({ ref: String(ids[k]), file: core.received.add({ path: files[k] }) });
      const started = Date.now();
      expect(await core.finishTextExtraction()).toEqual({ done: 2, failed: 4 });
      expect(Date.now() - started).toBeLessThan(60_000);
      const text = async (k: HostileKind) => (await api.readingState({ ref: String(ids[k]) })).text;
      expect(await text('empty')).toMatchObject({ state: 'failed', error: 'The PDF file is empty (0 bytes).' });
      expect((await text('html')).error).toMatch(/not a readable PDF/);
      expect((await text('truncated')).error).toMatch(/not a readable PDF/);
      expect((await text('encrypted')).error).toMatch(/protected by a password/);
      expect(await text('imageOnly')).toMatchObject({ state: 'done', pages: 1, chars: 0 });
      expect(await text('long')).toMatchObject({ state: 'done', pages: 1000 });
      const hit = await api.listPapers({ search: LONG_PDF_WORD, limit: 5 });
      expect(hit.rows.map((r) => [r.id, r.textMatch?.page])).toEqual([[ids.long, LONG_PDF_WORD_PAGE]]);
      // Failures are not retried until the file changes.
      expect(await core.finishTextExtraction()).toEqual({ done: 0, failed: 0 });
      core.close();
    }, 120_000);

    it('a process that hangs or eats memory (outside the JS heap too) is stopped, and the next file still gets read', async () => {
      const scripts = tempDir();
      const hang = path.join(scripts, 'hang.mjs');
      fs.writeFileSync(hang, "process.on('message', () => {});\n");
      const greedy = path.join(scripts, 'greedy.mjs');
      // Buffers live outside V8's heap: a worker thread's heap limit never saw them.
      fs.writeFileSync(greedy, "const keep = [];\nprocess.on('message', () => { for (;;) keep.push(Buffer.alloc(8 << 20, 1)); });\n");

      const slow = await library({ textExtractor: childExtractor(hang, { timeoutMs: 400 }) });
      await slow.api.attachPdf({ ref: '1', file: slow.core.received.add({ path: TESO_PDF }) });
      await slow.api.attachPdf({ ref: '2', file: slow.core.received.add({ path: TESO_PDF }) });
      expect(await slow.core.finishTextExtraction()).toEqual({ done: 0, failed: 2 });
      expect((await slow.api.readingState({ ref: '1' })).text.error).toMatch(/took longer than/);
      slow.core.close();

      const fat = await library({ textExtractor: childExtractor(greedy, { memoryMb: 200 }) });
      await fat.api.attachPdf({ ref: '1', file: fat.core.received.add({ path: TESO_PDF }) });
      expect(await fat.core.finishTextExtraction()).toEqual({ done: 0, failed: 1 });
      expect((await fat.api.readingState({ ref: '1' })).text.error).toBe('The PDF expands to more than 200 MB of memory when read; its text was not read.');
      fat.core.close();

      // The same library with a working extractor: retried only after the failures are forgotten.
      const { forgetTextFailures } = await import('../../src/main/core/fulltext/store');
      const good = testCore(undefined, fat.dir, { fulltextWorker: builtTextWorker() });
      expect(await good.core.finishTextExtraction()).toEqual({ done: 0, failed: 0 });
      forgetTextFailures(good.core.db);
      expect(await good.core.finishTextExtraction()).toEqual({ done: 1, failed: 0 });
      good.core.close();
    }, 60_000);
  });
});
