import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import { indexAll } from '../../src/main/core/search/fts';
import { BIN } from '../helpers/cli';
import { tempDir } from '../helpers/paths';
import BetterSqlite3 from 'better-sqlite3';
import { after, never, runAndKill, seeded } from './kill';

const ENTRIES = 10_000;
const SHARED = 9_000; // papers every digest lists (merged after the first import); the rest are new per round
const ROUNDS = Number(process.env.LECTERN_CRASH_ROUNDS ?? 50);
const SEED = Number(process.env.LECTERN_CRASH_SEED ?? Date.now() % 100_000);

/** A Daily Papers page of 10,000 short entries: 9,000 seen in every round, 1,000 new to this one. */
function digest(round: number): string {
  const parts = ['Daily Papers', '', 'Jan 8', ''];
  for (let i = 0; i < ENTRIES; i++) {
    const title = i < SHARED ? `Shared paper ${i}` : `Round ${round} paper ${i}`;
    parts.push(title, '', `Abstract ${i}.`, '', '  • 3 authors', '·', `Jul ${1 + (i % 28)}, 2025 ${i % 40}`, '');
  }
  return parts.join('\n');
}

/** The library after a crash: it opens, SQLite finds it sound, and each import is all there or not at all. */
function verify(dir: string, rounds: number, mustHave: Set<number>): Set<number> {
  const db = openDatabase(dir);
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const digests = db.prepare('SELECT id, source_name AS source FROM digest ORDER BY id').all() as { id: number; source: string }[];
    const present = new Set<number>();
    for (const d of digests) {
      expect(db.prepare('SELECT count(*) FROM paper_digest WHERE digest_id = ?').pluck().get(d.id), d.source).toBe(ENTRIES);
      present.add(Number(/^crash-(\d+)\.txt$/.exec(d.source)![1]));
    }
    expect(present.size).toBe(digests.length); // no round imported twice
    for (let r = 0; r <= rounds; r++) {
      const mine = db.prepare("SELECT count(*) FROM paper WHERE title LIKE ? || ' %'").pluck().get(`Round ${r} paper`) as number;
      expect(mine, `round ${r}`).toBe(present.has(r) ? ENTRIES - SHARED : 0);
    }
    for (const r of mustHave) expect(present.has(r), `round ${r} finished, so its digest is there`).toBe(true);
    const papers = db.prepare('SELECT count(*) FROM paper').pluck().get() as number;
    expect(papers).toBe(digests.length ? SHARED + (ENTRIES - SHARED) * digests.length : 0);
    // Every paper counts exactly the digests it is linked to: no merge half applied.
    expect(db.prepare('SELECT count(*) FROM paper p WHERE digest_count <> (SELECT count(*) FROM paper_digest pd WHERE pd.paper_id = p.id)').pluck().get()).toBe(0);
    return present;
  } finally {
    db.close();
  }
}

describe('crash safety: an import killed at any point', () => {
  it(`is whole or absent, and the library opens sound, over ${ROUNDS} SIGKILLs (seed ${SEED})`, async () => {
    const dir = tempDir('lectern-crash-');
    const files = tempDir('lectern-crash-input-');
    const file = (r: number) => {
      const f = path.join(files, `crash-${r}.txt`);
      if (!fs.existsSync(f)) fs.writeFileSync(f, digest(r));
      return f;
    };
    const env = { ...process.env, LECTERN_LIBRARY: '' };
    const args = (r: number) => [BIN, '--library', dir, 'import', file(r)];

    // Rounds 0 to 2 run to the end: the shared papers exist from then on, and round 2 (9,000
    // merges, 1,000 inserts, like every later round) gives the time a whole import takes.
    for (const r of [0, 1]) expect((await runAndKill(process.execPath, args(r), never, env)).code).toBe(0);
    const full = await runAndKill(process.execPath, args(2), never, env);
    expect(full.code, full.stderr).toBe(0);
    const finished = new Set([0, 1, 2]);
    const rand = seeded(SEED);
    const counts = { random: { absent: 0, whole: 0 }, 'mid-commit': { absent: 0, whole: 0 }, 'after-commit': { absent: 0, whole: 0 }, finished: 0 };
    const wal = path.join(dir, 'lectern.sqlite-wal');
    const walSize = () => (fs.existsSync(wal) ? fs.statSync(wal).size : 0);
    for (let r = 3; r < ROUNDS + 3; r++) {
      file(r);
      // Where to strike: anywhere (Node starting, reading, matching…); inside the import's
      // transaction (its pages are spilling into the WAL but it has not committed); or just
      // after the commit (the index batches, the exit).
      const mode = (['random', 'random', 'mid-commit', 'after-commit'] as const)[Math.floor(rand() * 4)]!;
      const reader = new BetterSqlite3(path.join(dir, 'lectern.sqlite'), { readonly: true });
      const revision = reader.prepare("SELECT value FROM meta WHERE key = 'revision'").pluck();
      const startRevision = revision.get() as number;
      const startWal = walSize();
      const spill = 64 * 1024 + rand() * 1024 * 1024;
      const linger = rand() * 400;
      let committedAt: number | null = null;
      let tick = 0;
      const killNow =
        mode === 'random'
          ? after(full.ms * (0.05 + 0.95 * rand()))
          : (elapsed: number) => {
              if (committedAt === null && tick++ % 2 === 0 && revision.get() !== startRevision) committedAt = elapsed;
              if (mode === 'mid-commit') return committedAt !== null || walSize() > startWal + spill;
              return committedAt !== null && elapsed - committedAt >= linger;
            };
      const out = await runAndKill(process.execPath, args(r), killNow, env);
      reader.close();
      if (!out.killed) {
        expect(out.code, out.stderr).toBe(0);
        finished.add(r);
      }
      const present = verify(dir, r, finished);
      if (out.killed) counts[mode][present.has(r) ? 'whole' : 'absent']++;
      else counts.finished++;
      if (process.env.LECTERN_CRASH_VERBOSE) console.log(`round ${r} (${mode}): ${out.killed ? `killed at ${out.ms.toFixed(0)} ms, import ${present.has(r) ? 'whole' : 'absent'}` : 'finished'}`);
    }
    // The index catches up on whatever a killed import left unindexed, and matches the papers.
    const db = openDatabase(dir);
    indexAll(db);
    db.exec('BEGIN');
    db.prepare("INSERT INTO paper_fts (paper_fts, rank) VALUES ('integrity-check', 1)").run();
    db.exec('ROLLBACK');
    db.close();
    console.log(`${ROUNDS} SIGKILLed imports (seed ${SEED}; a whole one takes ${full.ms.toFixed(0)} ms): ${JSON.stringify(counts)}`);
    // Both outcomes were met, and kills inside the transaction left nothing behind.
    expect(counts.random.absent + counts['mid-commit'].absent).toBeGreaterThan(0);
    expect(counts['after-commit'].whole + counts.finished).toBeGreaterThan(0);
  }, 240_000);
});
