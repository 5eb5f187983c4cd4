import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, lectern } from '../helpers/cli';
import { writeBombs, writeSparseBomb, type Bomb } from '../helpers/hostile-pdfs';
import { SEED_DIGEST, tempDir } from '../helpers/paths';
import { TESO_PDF } from '../helpers/pdfs';
import { lecternMeasured, mb, treeRss } from '../helpers/rss';

/**
 * Issue 19 §1, PDF decompression bombs: small files that expand to gigabytes. Each ends as a
 * recorded failure that names what it does ("the PDF expands to more than N MB"), with the
 * memory of Lectern and its children under 1.2 GB (sampled from /proc every 5 ms while it
 * runs), and the next file goes on. Linux only: the memory is read from /proc.
 */
const LIMIT = 1.2 * 1024 ** 3;
const EXPANDS = /^The PDF expands to more than \d+ MB/;
const linux = process.platform === 'linux';

function textStates(dir: string): Record<number, { state: string; error: string | null }> {
  const db = new BetterSqlite3(path.join(dir, 'lectern.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('SELECT paper_id AS id, state, error FROM fulltext_state').all() as { id: number; state: string; error: string | null }[];
    return Object.fromEntries(rows.map((r) => [r.id, { state: r.state, error: r.error }]));
  } finally {
    db.close();
  }
}

function newLibrary(): string {
  const dir = tempDir('lectern-bombs-');
  const r = lectern(['--library', dir, 'import', SEED_DIGEST]);
  expect(r.status, r.stderr).toBe(0);
  return dir;
}

describe.runIf(linux)('PDF decompression bombs (issue 19 §1)', () => {
  let bombs: Bomb[];
  const figures: string[] = [];
  beforeAll(() => {
    bombs = writeBombs(tempDir('lectern-bomb-files-'));
  });
  afterAll(() => {
    for (const b of bombs ?? []) fs.rmSync(b.file, { force: true });
    if (figures.length) console.log(`peak memory of lectern and its children:\n  ${figures.join('\n  ')}`);
  });

  for (const name of ['double-deflate', 'deflated-spaces', 'tounicode-cmap', 'text']) {
    it(`attach of the ${name} bomb: its text fails as one, under 1.2 GB, and the command goes on to the end`, async () => {
      const dir = newLibrary();
      const bomb = bombs.find((b) => b.name === name)!;
      const r = await lecternMeasured(['--library', dir, 'attach', '1', bomb.file]);
      figures.push(`attach ${name} (${(fs.statSync(bomb.file).size / 1024).toFixed(0)} KB, expands to ${bomb.expands}): ${mb(r.peakRss)} MB, ${(r.ms / 1000).toFixed(1)} s`);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Its text could not be indexed: The PDF expands to more than \d+ MB/);
      expect(r.peakRss).toBeLessThan(LIMIT);
      expect(textStates(dir)[1]).toMatchObject({ state: 'failed', error: expect.stringMatching(EXPANDS) });
    }, 120_000);
  }

  it('extract over every bomb and a good paper: each bomb recorded as one, the good paper read, under 1.2 GB; not retried without --retry', async () => {
    const dir = newLibrary();
    const ids: Record<string, number> = {};
    let id = 1;
    for (const b of bombs.filter((b) => b.name !== 'sparse')) {
      ids[b.name] = id;
      expect(lectern(['--library', dir, 'attach', String(id++), b.file, '--no-text']).status).toBe(0);
    }
    // The sparse file is made in place: a copy would write its 1.5 GB out.
    ids.sparse = id;
    const sparse = path.join(dir, 'pdfs', 'sparse.pdf');
    writeSparseBomb(sparse);
    const db = new BetterSqlite3(path.join(dir, 'lectern.sqlite'));
    db.prepare("INSERT INTO paper_file (paper_id, rel_path, bytes, sha256, source, added_at) VALUES (?, 'pdfs/sparse.pdf', ?, 'sparse', 'attached', '2026-01-01')").run(id++, fs.statSync(sparse).size);
    db.close();
    const good = id;
    expect(lectern(['--library', dir, 'attach', String(good), TESO_PDF, '--no-text']).status).toBe(0);

    const r = await lecternMeasured(['--library', dir, 'extract'], { timeoutMs: 300_000 });
    figures.push(`extract over all five bombs and a paper: ${mb(r.peakRss)} MB, ${(r.ms / 1000).toFixed(1)} s`);
    expect(r.peakRss).toBeLessThan(LIMIT);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Extracted the text of 1 PDF, 5 failed\./m);
    const states = textStates(dir);
    for (const [name, paper] of Object.entries(ids)) expect(states[paper], name).toMatchObject({ state: 'failed', error: expect.stringMatching(EXPANDS) });
    expect(states[good]).toMatchObject({ state: 'done', error: null });

    const again = lectern(['--library', dir, 'extract']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Extracted the text of 0 PDFs\. In the index: 1; failed: 5; pending: 0\./m);
  }, 360_000);

  it('lectern serve reads them in the background and keeps serving, under 1.2 GB', async () => {
    const dir = newLibrary();
    const names = ['double-deflate', 'text', 'tounicode-cmap'];
    names.forEach((n, i) => expect(lectern(['--library', dir, 'attach', String(i + 1), bombs.find((b) => b.name === n)!.file, '--no-text']).status).toBe(0));
    const server = spawn(process.execPath, [BIN, '--library', dir, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        server.stdout.on('data', (c) => {
          const m = /(http:\/\/\S+)/.exec(String(c));
          if (m) resolve(m[1]!);
        });
        server.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      let peak = 0;
      const sample = setInterval(() => (peak = Math.max(peak, treeRss(server.pid!))), 5);
      const end = Date.now() + 120_000;
      while (Object.keys(textStates(dir)).length < names.length && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
      clearInterval(sample);
      figures.push(`serve reading three bombs in the background: ${mb(peak)} MB`);
      expect(Object.values(textStates(dir)).map((s) => s.error)).toEqual(names.map(() => expect.stringMatching(EXPANDS)));
      expect(peak).toBeLessThan(LIMIT);
      expect(server.exitCode).toBeNull();
      const page = await fetch(url);
      expect(page.status).toBeLessThan(500); // it answers (the token decides what)
    } finally {
      server.kill('SIGTERM');
    }
  }, 180_000);
});
