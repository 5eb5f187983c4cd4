import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listBackups } from '../../src/main/core/backup/files';
import { verifyDatabaseFile } from '../../src/main/core/backup/verify';
import { migrate, schemaVersion } from '../../src/main/core/db/migrate';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/core/db/migrations';
import { openDatabase } from '../../src/main/core/db/open';
import { parseHfText } from '../../src/main/core/import/formats/hf-text';
import { prepareLibrary } from '../../src/main/core/health/startup';
import { commitImport, planImport } from '../../src/main/core/library/import';
import { indexAll } from '../../src/main/core/search/fts';
import { BIN } from '../helpers/cli';
import { ROOT, tempDir } from '../helpers/paths';
import { ALL, HEAVY } from './migrate-child';
import { after, never, runAndKill, seeded } from './kill';

const ROUNDS = Number(process.env.LECTERN_CRASH_MIGRATION_ROUNDS ?? 16);
const UPGRADES = Number(process.env.LECTERN_CRASH_UPGRADE_ROUNDS ?? 5);
const SEED = Number(process.env.LECTERN_CRASH_SEED ?? Date.now() % 100_000);
const PAPERS = 8_000;

/** A library at schema 1 (what an older Lectern wrote) with 8,000 indexed papers. */
function oldLibrary(): string {
  const dir = tempDir('lectern-crash-v1-');
  const db = openDatabase(dir, { noMigrate: true });
  migrate(db, MIGRATIONS.filter((m) => m.version <= 1));
  const parts = ['Daily Papers', '', 'Jan 8', ''];
  for (let i = 0; i < PAPERS; i++) parts.push(`Old paper ${i}`, '', `An abstract of paper ${i}, written by an older Lectern.`, '', '  • 2 authors', '·', 'Jul 17, 2025 3', '');
  const text = parts.join('\n');
  const parsed = parseHfText(text, { fileName: 'old.txt', now: new Date('2026-01-09T00:00:00Z') });
  commitImport(db, planImport(db, parsed, 'HF', 'old', 'old'), text, 'old.txt', '2026-01-09T00:00:00.000Z');
  indexAll(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return dir;
}

function copyLibrary(from: string): string {
  const to = tempDir('lectern-crash-round-');
  for (const f of fs.readdirSync(from)) fs.cpSync(path.join(from, f), path.join(to, f), { recursive: true });
  return to;
}

function papersOf(dir: string) {
  const db = openDatabase(dir, { noMigrate: true });
  const rows = db.prepare('SELECT id, title, abstract, status FROM paper ORDER BY id').all();
  db.close();
  return rows;
}

describe('crash safety: a migration killed midway', () => {
  it(`leaves the library at the old version or the new, never between, over ${ROUNDS} SIGKILLs (seed ${SEED})`, async () => {
    const template = oldLibrary();
    const original = papersOf(template);
    const child = ['--import', 'tsx', path.join(ROOT, 'test', 'crash', 'migrate-child.ts')];
    const calibrate = copyLibrary(template);
    const full = await runAndKill(process.execPath, [...child, calibrate], never);
    expect(full.code, full.stderr).toBe(0);
    const migrationMs = Number(/migrated in (\d+) ms/.exec(full.stderr)![1]);
    const rand = seeded(SEED);
    const seen = new Map<number, number>();
    for (let r = 0; r < ROUNDS; r++) {
      const dir = copyLibrary(template);
      // From the moment the migration starts, to a little after it should be done.
      const delay = migrationMs * 1.6 * rand();
      let startedAt: number | null = null;
      await runAndKill(process.execPath, [...child, dir], (elapsed, stderr) => {
        if (startedAt === null && stderr.includes('migrating')) startedAt = elapsed;
        return startedAt !== null && elapsed - startedAt >= delay;
      });
      const db = openDatabase(dir, { noMigrate: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const version = schemaVersion(db);
      seen.set(version, (seen.get(version) ?? 0) + 1);
      // One migration per transaction: the library is at the version before one of them, never inside it.
      expect([1, ...MIGRATIONS.map((m) => m.version), HEAVY.version]).toContain(version);
      const columns = (db.prepare('PRAGMA table_info(paper)').all() as { name: string }[]).map((c) => c.name);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
      // Each step is there entirely or not at all.
      expect(columns.includes('cite_key')).toBe(version >= 5);
      expect(tables.includes('notice')).toBe(version >= 5);
      expect(tables.includes('paper_copy')).toBe(version >= HEAVY.version);
      const migrated = db.prepare("SELECT count(*) FROM paper WHERE abstract LIKE '% [migrated]'").pluck().get();
      expect(migrated).toBe(version >= HEAVY.version ? PAPERS : 0);
      expect(db.prepare("SELECT count(*) FROM meta WHERE key = 'heavy'").pluck().get()).toBe(version >= HEAVY.version ? 1 : 0);
      expect(db.prepare('SELECT count(*) FROM paper').pluck().get()).toBe(PAPERS);
      // And the next start finishes the job (checked every fourth round: it is the slow part).
      if (r % 4 === 0) {
        expect(migrate(db, ALL)).toBe(HEAVY.version);
        expect(db.prepare("SELECT count(*) FROM paper WHERE abstract LIKE '% [migrated]'").pluck().get()).toBe(PAPERS);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      }
      db.close();
    }
    console.log(`${ROUNDS} killed migrations (seed ${SEED}; the migrations take ${migrationMs} ms), schema versions found after the kill: ${JSON.stringify(Object.fromEntries(seen))}`);
    // Some kills landed before the last migration was done (the interesting ones).
    expect([...seen.entries()].filter(([v]) => v < HEAVY.version).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(0);

    // The real upgrade, as `lectern` runs it at start: a verified backup first, then the
    // migrations. Killed anywhere, the library still opens with its papers, and every file that
    // bears a backup's name is a whole, good backup (a half-written copy never gets the name).
    const calibrateCli = copyLibrary(template);
    const whole = await runAndKill(process.execPath, [BIN, '--library', calibrateCli, 'list', '--limit', '1'], never, { ...process.env, LECTERN_LIBRARY: '' });
    expect(whole.code, whole.stderr).toBe(0);
    for (let r = 0; r < UPGRADES; r++) {
      const dir = copyLibrary(template);
      await runAndKill(process.execPath, [BIN, '--library', dir, 'list', '--limit', '1'], after(whole.ms * (0.2 + 0.85 * rand())), { ...process.env, LECTERN_LIBRARY: '' });
      for (const b of listBackups(dir)) expect(verifyDatabaseFile(b.file), b.name).toMatchObject({ ok: true, schemaVersion: 1, papers: PAPERS });
      const report = await prepareLibrary(dir);
      expect(report.notices).toEqual([]);
      const db = openDatabase(dir);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
      db.close();
      expect(papersOf(dir)).toEqual(original);
      expect(listBackups(dir).filter((b) => b.reason === 'pre-migration-v1').length).toBeGreaterThanOrEqual(1);
    }
  }, 240_000);
});
