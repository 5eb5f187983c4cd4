/**
 * npm run bench: prints each figure with its baseline measured in the same run.
 * BENCH_ONLY=import|downloads|reader|export|library|interest runs one of them (paste: only the
 * server-during-a-paste part of import).
 * Interest (issue 16): training and scoring the interest model in its worker (see interest.ts).
 * Import (issue 2): a generated 100,000-entry Daily Papers text imported into a new library;
 * time to committed and to searchable, each against a plain prepared-insert loop of the same rows;
 * then other clients' waits while lectern serve previews a 13 MB paste (worker vs event loop).
 * Downloads (issue 4): 50 PDFs from a local stand-in for arXiv with a 200 ms delay; total time
 * against the floor the pacing allows (50 x delay), and the smallest gap between requests.
 * BENCH_ONLY=import|downloads runs one of them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../src/main/core/service';
import { startServer } from '../src/main/server/server';
import { openDatabase } from '../src/main/core/db/open';
import { parseHfText } from '../src/main/core/import/formats/hf-text';
import { titleKey } from '../src/main/core/text/normalize';
import { bibtexDigest, generatePapers, hfJsonDigest, hfTextDigest } from './generate';
import { localApi } from '../src/main/core/local-api';
import { addPapers } from '../test/helpers/arxiv-core';
import { numberedPapers, startFakeArxiv } from '../test/helpers/arxiv-server';
import { readerBench } from './reader';
import { libraryBench } from './library';
import { interestBench } from './interest';

const N = Number(process.env.BENCH_N ?? 100_000);
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-bench-'));
const ms = (t0: number) => performance.now() - t0;
const fmt = (x: number) => `${(x / 1000).toFixed(2)} s`;

function baselineInsert(text: string): number {
  // The same rows, already parsed, through one prepared INSERT in one transaction.
  const entries = parseHfText(text, { fileName: 'bench', now: new Date() }).entries;
  const db = openDatabase(tmp());
  const ins = db.prepare(`INSERT INTO paper (title, title_key, abstract, author_count, published, upvotes, links, status_changed_at, added_at)
    VALUES (?, ?, ?, ?, ?, ?, '[]', ?, ?)`);
  const now = new Date().toISOString();
  const t0 = performance.now();
  db.transaction(() => {
    for (const e of entries) ins.run(e.title, titleKey(e.title), e.abstract, e.authorCount, e.published, e.upvotes ?? 0, now, now);
  })();
  const t = ms(t0);
  db.close();
  return t;
}

async function importBench(label: string, make: (papers: ReturnType<typeof generatePapers>) => string) {
  const papers = generatePapers(N);
  const text = make(papers);
  console.log(`Import: ${N.toLocaleString('en')} entries of ${label} (${(text.length / 1048576).toFixed(0)} MB)`);
  const base = baselineInsert(hfTextDigest(papers));

  const core = createCore({ dataDir: tmp(), backgroundIndexing: true });
  const t0 = performance.now();
  const r = (await core.handlers.commitImport({ text, fileName: 'bench', format: null })) as { added: number };
  const committed = ms(t0);
  if (r.added !== N) throw new Error(`expected ${N} added, got ${r.added}`);

  // While the index catches up in the background, the UI keeps asking for rows: measure them.
  const waits: number[] = [];
  let searchable = 0;
  await new Promise<void>((resolve) => {
    const probe = () => {
      const q0 = performance.now();
      core.handlers.listPapers({ offset: 5000, limit: 100, sort: 'published', desc: true });
      waits.push(ms(q0));
      const rev = core.handlers.revision({}) as { indexing: boolean };
      if (!rev.indexing) {
        searchable = ms(t0);
        resolve();
      } else setTimeout(probe, 20);
    };
    setTimeout(probe, 0);
  });
  const hits = core.handlers.listPapers({ search: 'transformer', offset: 0, limit: 20 }) as { total: number };
  core.close();
  waits.sort((a, b) => a - b);
  console.log(`  plain prepared-insert loop (baseline): ${fmt(base)}`);
  console.log(`  committed (parse + match + insert + links, one transaction): ${fmt(committed)}  = ${(committed / base).toFixed(2)}x baseline  (target <= 3x)`);
  console.log(`  searchable (all rows in the FTS index): ${fmt(searchable)}  = ${(searchable / base).toFixed(2)}x baseline  (target <= 6 s)`);
  console.log(`  table queries while indexing: ${waits.length}, median ${waits[waits.length >> 1]!.toFixed(1)} ms, max ${waits.at(-1)!.toFixed(1)} ms`);
  console.log(`  search "transformer" afterwards: ${hits.total.toLocaleString('en')} hits`);
}

async function downloadBench() {
  const n = 50;
  const delay = 200;
  const fake = await startFakeArxiv({ papers: numberedPapers(n) });
  const dir = tmp();
  const core = createCore({ dataDir: dir, env: { ...fake.env, LECTERN_ARXIV_DELAY_MS: String(delay) } });
  addPapers(core.db, numberedPapers(n).map((p) => ({ arxivId: p.id, title: p.title })));
  await localApi(core).queueDownloads({ papers: { query: {} } });
  console.log(`Downloads: ${n} PDFs (${(numberedPapers(n).reduce((s, p) => s + fake.pdfOf(p.id).length, 0) / 1048576).toFixed(0)} MB) from a local server, LECTERN_ARXIV_DELAY_MS=${delay}`);
  const t0 = performance.now();
  const out = await core.arxivQueue.runUntilIdle({ scope: 'all' });
  const total = ms(t0);
  const st = core.handlers.workStatus({}) as { download: { downloaded: number } };
  core.close();
  await fake.close();
  if (out.blocked || st.download.downloaded !== n) throw new Error(`expected ${n} downloaded, got ${st.download.downloaded}`);
  const reqs = [...fake.requests].sort((a, b) => a.at - b.at);
  const endToStart = Math.min(...reqs.slice(1).map((r, i) => r.at - reqs[i]!.end));
  const startToStart = Math.min(...reqs.slice(1).map((r, i) => r.at - reqs[i]!.at));
  const floor = n * delay;
  const target = 1.05 * floor + 2000;
  console.log(`  floor (${n} x delay, baseline): ${fmt(floor)}`);
  console.log(`  total: ${fmt(total)}  = ${(total / floor).toFixed(3)}x floor  (target <= 1.05 x floor + 2 s = ${fmt(target)}: ${total <= target ? 'met' : 'MISSED'})`);
  console.log(`  requests: ${reqs.length}, at most ${fake.maxConcurrent} at once`);
  console.log(`  smallest gap between requests: ${endToStart.toFixed(1)} ms from the end of one to the start of the next, ${startToStart.toFixed(1)} ms start to start  (target: none below ${delay} ms: ${endToStart >= delay ? 'met' : 'MISSED'})`);
}


/**
 * Export and backup (issue 7), on a library of N generated papers. Export: the whole library as
 * BibTeX and CSV, first (keys assigned) and again (keys pinned), against a plain dump of the same
 * rows (SELECT * and JSON.stringify each). Backup: the verified backup (copy by SQLite's backup
 * API, integrity_check of the copy, rename) against copying the database file.
 */
async function exportAndBackupBench() {
  const { backupDatabase } = await import('../src/main/core/backup/backup');
  const { exportPapers } = await import('../src/main/core/export/export');
  const dir = tmp();
  const core = createCore({ dataDir: dir });
  core.handlers.commitImport({ text: hfTextDigest(generatePapers(N, 7)), fileName: 'bench.txt', format: null });
  core.finishIndexing();
  core.db.pragma('wal_checkpoint(TRUNCATE)');
  const db = core.db;
  console.log(`Export and backup: a library of ${N.toLocaleString('en')} papers (${(fs.statSync(path.join(dir, 'lectern.sqlite')).size / 1048576).toFixed(0)} MB)`);

  let t0 = performance.now();
  let bytes = 0;
  for (const r of db.prepare('SELECT * FROM paper').iterate()) bytes += JSON.stringify(r).length;
  const dump = ms(t0);
  const env = { now: new Date(), appVersion: 'bench' };
  const timed = (format: 'bibtex' | 'csv') => {
    const s = performance.now();
    const r = exportPapers(db, { format }, env);
    return { t: ms(s), mb: r.text.length / 1048576 };
  };
  const first = timed('bibtex');
  const again = timed('bibtex');
  const csv = timed('csv');
  console.log(`  plain dump of the rows (baseline): ${fmt(dump)} (${(bytes / 1048576).toFixed(0)} MB of JSON)`);
  console.log(`  BibTeX, first export (assigns ${N.toLocaleString('en')} keys): ${fmt(first.t)} = ${(first.t / dump).toFixed(2)}x baseline (${first.mb.toFixed(0)} MB)`);
  console.log(`  BibTeX, keys already pinned: ${fmt(again.t)} = ${(again.t / dump).toFixed(2)}x baseline`);
  console.log(`  CSV: ${fmt(csv.t)} = ${(csv.t / dump).toFixed(2)}x baseline (${csv.mb.toFixed(0)} MB)`);

  t0 = performance.now();
  fs.copyFileSync(path.join(dir, 'lectern.sqlite'), path.join(tmp(), 'copy.sqlite'));
  const copy = ms(t0);
  t0 = performance.now();
  const b = await backupDatabase(db, dir, { reason: 'manual', now: new Date() });
  const backup = ms(t0);
  t0 = performance.now();
  const onWorker = await backupDatabase(db, dir, { reason: 'daily', now: new Date(Date.now() + 1000), verifyOnWorker: true });
  const worker = ms(t0);
  core.close();
  console.log(`  copying the database file (baseline): ${fmt(copy)}`);
  console.log(`  verified backup (backup API + integrity_check + rename): ${fmt(backup)} = ${(backup / copy).toFixed(2)}x baseline (${(b.bytes / 1048576).toFixed(0)} MB)`);
  console.log(`  the same with the check on a worker thread (the app's daily backup): ${fmt(worker)} = ${(worker / copy).toFixed(2)}x baseline (${onWorker.papers} papers)`);
}

/**
 * Issue 19: a 13 MB paste previewed through lectern serve while another client keeps asking the
 * library something; the import in the worker thread against the same import on the event loop.
 */
async function servePasteBench() {
  const worker = path.resolve('out/main/import-worker.js');
  if (!fs.existsSync(worker)) return console.log('Server during a 13 MB paste: not measured (run `npm run build` first).');
  const page = hfTextDigest(generatePapers(40));
  const text = page.repeat(Math.ceil(13e6 / page.length));
  const run = async (importWorkerFile: string | undefined) => {
    const core = createCore({ dataDir: tmp(), backgroundIndexing: true, importWorkerFile });
    const server = await startServer({ core, port: 0, rendererDir: tmp() });
    const call = (m: string, body: unknown) =>
      fetch(`http://127.0.0.1:${server.port}/api/${m}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Lectern-Token': server.token }, body: JSON.stringify(body) }).then((r) => r.text());
    await call('previewImport', { text: page, fileName: 'warm.txt' });
    let done = false;
    const waits: number[] = [];
    const other = (async () => {
      while (!done) {
        const q0 = performance.now();
        await call('libraryInfo', {});
        waits.push(ms(q0));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const t0 = performance.now();
    await call('previewImport', { text, fileName: 'paste.txt' });
    const took = ms(t0);
    done = true;
    await other;
    await server.close();
    core.close();
    waits.sort((a, b) => a - b);
    return { took, calls: waits.length, median: waits[waits.length >> 1]!, worst: waits.at(-1)! };
  };
  const inline = await run(undefined);
  const threaded = await run(worker);
  const line = (r: typeof inline) => `preview ${fmt(r.took)}; meanwhile ${r.calls} other calls, median ${r.median.toFixed(0)} ms, worst ${r.worst.toFixed(0)} ms`;
  console.log(`Server during a 13 MB paste (load average ${os.loadavg()[0]!.toFixed(1)}):`);
  console.log(`  on the event loop (baseline): ${line(inline)}`);
  console.log(`  in the import worker: ${line(threaded)}  (target: other calls' median <= 50 ms and <= 1/5 of the baseline's: ${threaded.median <= 50 && threaded.median <= inline.median / 5 ? 'met' : 'MISSED'})`);
}

// `npm run bench` runs everything; `npm run bench -- import` (or BENCH_ONLY=import) one part.
const only = process.argv[2] ?? process.env.BENCH_ONLY;
if (!only || only === 'import') {
  await importBench('Daily Papers text', hfTextDigest);
  await importBench('Hugging Face daily papers JSON', hfJsonDigest);
  await importBench('BibTeX', bibtexDigest);
  await servePasteBench();
}
if (only === 'paste') await servePasteBench();
if (!only || only === 'downloads') await downloadBench();
if (!only || only === 'reader') await readerBench();
if (!only || only === 'export') await exportAndBackupBench();
if (!only || only === 'library') await libraryBench();
if (!only || only === 'interest') await interestBench();
