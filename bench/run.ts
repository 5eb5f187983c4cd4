/**
 * npm run bench: prints each figure with its baseline measured in the same run.
 * BENCH_ONLY=import|library runs one of them.
 * Import (issue 2): a generated 100,000-entry Daily Papers text imported into a new library;
 * time to committed and to searchable, each against a plain prepared-insert loop of the same rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../src/main/core/service';
import { openDatabase } from '../src/main/core/db/open';
import { parseHfText } from '../src/main/core/import/formats/hf-text';
import { titleKey } from '../src/main/core/text/normalize';
import { generatePapers, hfTextDigest } from './generate';
import { libraryBench } from './library';

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

async function importBench() {
  const text = hfTextDigest(generatePapers(N));
  console.log(`Import: ${N.toLocaleString('en')} entries of Daily Papers text (${(text.length / 1048576).toFixed(0)} MB)`);
  const base = baselineInsert(text);

  const core = createCore({ dataDir: tmp(), backgroundIndexing: true });
  const t0 = performance.now();
  const r = core.handlers.commitImport({ text, fileName: 'bench.txt', format: null }) as { added: number };
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

const only = process.env.BENCH_ONLY;
if (!only || only === 'import') await importBench();
if (!only || only === 'library') await libraryBench();
