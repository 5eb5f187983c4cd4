import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import { createCore } from '../../src/main/core/service';
import { localApi } from '../../src/main/core/local-api';
import { addPapers, pdfFiles } from '../helpers/arxiv-core';
import { numberedPapers, startFakeArxiv, type FakeArxiv } from '../helpers/arxiv-server';
import { BIN } from '../helpers/cli';
import { ROOT, tempDir } from '../helpers/paths';

const N = 10;
let fake: FakeArxiv;
beforeAll(async () => {
  fake = await startFakeArxiv({ papers: numberedPapers(N) });
  // Slow bodies (0.2–0.6 s a paper), so kills land mid-file as often as between files.
  fake.fault('*', { kind: 'slow', chunk: 48 * 1024, everyMs: 15 });
});
afterAll(() => fake.close());

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * Runs `lectern download`; with a kill point, SIGKILLs it that many ms after its first request
 * to arXiv (a negative point: that many ms after spawning, while it starts up or opens the library).
 */
function runCli(lib: string, killAt: number | null): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  return new Promise((resolve) => {
    const seen = fake.requests.length;
    // --no-text: this is about the download queue; text left pending is caught up later (test/reader/fulltext.test.ts).
    const child = spawn(process.execPath, [BIN, '--library', lib, 'download', '--no-text'], {
      env: { ...process.env, ...fake.env, LECTERN_ARXIV_DELAY_MS: '30', LECTERN_LIBRARY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (c) => (stdout += c));
    let timer: NodeJS.Timeout | null = null;
    let poll: NodeJS.Timeout | null = null;
    if (killAt !== null && killAt < 0) timer = setTimeout(() => child.kill('SIGKILL'), -killAt);
    else if (killAt !== null) {
      poll = setInterval(() => {
        if (fake.requests.length === seen) return;
        clearInterval(poll!);
        poll = null;
        timer = setTimeout(() => child.kill('SIGKILL'), killAt);
      }, 2);
    }
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      resolve({ code, signal, stdout });
    });
  });
}

/** What a user may rely on after any crash: the library opens, and every "downloaded" PDF is whole. */
function checkLibrary(lib: string): { downloaded: number; queued: number } {
  const db = openDatabase(lib);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare('SELECT p.arxiv_id, p.pdf_state, f.rel_path AS pdf_path, f.bytes AS pdf_bytes FROM paper p LEFT JOIN paper_file f ON f.paper_id = p.id').all() as { arxiv_id: string; pdf_state: string; pdf_path: string | null; pdf_bytes: number | null }[];
    const jobs = db.prepare('SELECT count(*) FROM download_job').pluck().get() as number;
    for (const r of rows) {
      if (r.pdf_state !== 'downloaded') continue;
      expect(r.pdf_path).toBe(`pdfs/${r.arxiv_id}.pdf`);
      const bytes = fs.readFileSync(path.join(lib, r.pdf_path!));
      expect(bytes.equals(fake.pdfOf(r.arxiv_id)), `${r.arxiv_id} listed as downloaded is not the served PDF`).toBe(true);
      expect(r.pdf_bytes).toBe(bytes.length);
    }
    const queued = rows.filter((r) => r.pdf_state === 'queued').length;
    expect(jobs).toBe(queued); // a job exactly while queued
    expect(rows.every((r) => ['queued', 'downloaded'].includes(r.pdf_state))).toBe(true);
    return { downloaded: rows.length - queued, queued };
  } finally {
    db.close();
  }
}

describe('a download run killed at random points', () => {
  it('leaves a library that opens, lists only whole PDFs, and completes on the next run', async () => {
    if (!fs.existsSync(path.join(ROOT, 'out', 'main', 'cli.js'))) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
    const lib = tempDir();
    const core = createCore({ dataDir: lib });
    addPapers(core.db, numberedPapers(N).map((p) => ({ arxivId: p.id, title: p.title })));
    await localApi(core).queueDownloads({ papers: { query: {} } });
    core.close();

    const seed = Number(process.env.LECTERN_KILL_SEED ?? Date.now() % 100000);
    const random = rng(seed);
    const started = Date.now();
    let rounds = 0;
    let kills = 0;
    let progress = checkLibrary(lib);
    // Rounds until the batch is nearly done, within a time budget (≈ 20 s on a busy machine).
    while (progress.queued > 1 && rounds < 16 && Date.now() - started < 25_000) {
      // One round in five dies while starting; the others at any point of their downloads.
      const at = random() < 0.2 ? -Math.round(50 + random() * 600) : Math.round(random() * 700);
      const r = await runCli(lib, at);
      rounds++;
      progress = checkLibrary(lib);
      if (r.signal === 'SIGKILL') kills++;
      else expect(r.code, `round ${rounds} (seed ${seed}) ended by itself: ${r.stdout}`).toBe(0);
    }
    const resumed = fake.requests.filter((r) => r.headers.range).length;
    console.log(`kill test: seed ${seed} (LECTERN_KILL_SEED), ${kills} of ${rounds} rounds killed, ${progress.downloaded}/${N} done before the last run, ${resumed} resumed with Range`);
    expect(kills).toBeGreaterThanOrEqual(5);

    const last = await runCli(lib, null);
    expect(last.code, last.stdout).toBe(0);
    expect(checkLibrary(lib)).toEqual({ downloaded: N, queued: 0 });
    expect(pdfFiles(lib)).toEqual(numberedPapers(N).map((p) => `${p.id}.pdf`));
  }, 60_000);
});
