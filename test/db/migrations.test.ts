import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, DB_FILE } from '../../src/main/core/db/open';
import { migrate, schemaVersion } from '../../src/main/core/db/migrate';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/core/db/migrations';
import { LecternError } from '../../src/shared/errors';
import { tempDir } from '../helpers/paths';

describe('migrations', () => {
  it('create a library from an empty folder, in WAL mode with foreign keys on', () => {
    const dir = path.join(tempDir(), 'new', 'library');
    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['digest', 'meta', 'paper', 'paper_digest', 'paper_fts']));
    db.close();
  });

  it('from an existing empty SQLite file', () => {
    const dir = tempDir();
    new BetterSqlite3(path.join(dir, DB_FILE)).close();
    expect(fs.statSync(path.join(dir, DB_FILE)).size).toBe(0);
    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('run once even when applied twice', () => {
    const db = openDatabase(tempDir());
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT count(*) FROM meta').pluck().get()).toBe(2);
    db.close();
  });

  it('roll back a migration that fails midway, leaving the previous version', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    const broken = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, name: 'broken', up: (d: BetterSqlite3.Database) => {
      d.exec('CREATE TABLE half_done (x)');
      d.exec('THIS IS NOT SQL');
    } }];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuse a library written by a newer Lectern, without changing it', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    const raw = new BetterSqlite3(path.join(dir, DB_FILE));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const before = fs.readFileSync(path.join(dir, DB_FILE));
    let err: unknown;
    try {
      openDatabase(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LecternError);
    expect((err as LecternError).code).toBe('LIBRARY_TOO_NEW');
    expect((err as LecternError).message).toMatch(/newer Lectern/);
    expect(fs.readFileSync(path.join(dir, DB_FILE)).equals(before)).toBe(true);
  });
});

describe('migration 004 (tags, stars, notes, status history, views, undo)', () => {
  it('migrates a library of real rows from the previous version, keeping every row and backfilling the history', async () => {
    const { parseHfText } = await import('../../src/main/core/import/formats/hf-text');
    const { commitImport, planImport } = await import('../../src/main/core/library/import');
    const { markPapers } = await import('../../src/main/core/library/papers');
    const { indexAll } = await import('../../src/main/core/search/fts');
    const { SEED_DIGEST } = await import('../helpers/paths');
    const previous = MIGRATIONS.filter((m) => m.version < 4).at(-1)!.version;

    // A library as the previous version wrote it: the seed page imported, three papers read.
    const dir = tempDir();
    const db = openDatabase(dir, { noMigrate: true });
    migrate(db, MIGRATIONS, previous);
    expect(schemaVersion(db)).toBe(previous);
    const text = fs.readFileSync(SEED_DIGEST, 'utf8');
    const parsed = parseHfText(text, { fileName: 'seed.txt', now: new Date('2026-01-09T08:00:00Z') });
    commitImport(db, planImport(db, parsed, 'Hugging Face Daily Papers (text)', 'seed', 'hash'), text, 'seed.txt', '2026-01-09T08:00:00.000Z');
    indexAll(db);
    markPapers(db, ['1', '2', '3'], 'read', '2026-01-10T09:00:00.000Z');
    markPapers(db, ['4'], 'reading', '2026-01-11T09:00:00.000Z');
    const papersBefore = db.prepare('SELECT * FROM paper ORDER BY id').all() as Record<string, unknown>[];
    const linksBefore = db.prepare('SELECT * FROM paper_digest ORDER BY paper_id').all();
    const digestsBefore = db.prepare('SELECT * FROM digest').all();

    migrate(db);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    const papersAfter = db.prepare('SELECT * FROM paper ORDER BY id').all() as Record<string, unknown>[];
    expect(papersAfter).toHaveLength(29);
    papersAfter.forEach((p, i) => {
      expect(p).toMatchObject(papersBefore[i]!);
      expect(p).toMatchObject({ starred: 0, note: null, note_updated_at: null, tag_key: null });
    });
    expect(db.prepare('SELECT * FROM paper_digest ORDER BY paper_id').all()).toEqual(linksBefore);
    expect(db.prepare('SELECT * FROM digest').all()).toEqual(digestsBefore);
    // The history starts from what each paper's status is now.
    expect(db.prepare('SELECT paper_id, at, from_status, to_status FROM status_event ORDER BY paper_id').all()).toEqual([
      { paper_id: 1, at: '2026-01-10T09:00:00.000Z', from_status: 'unread', to_status: 'read' },
      { paper_id: 2, at: '2026-01-10T09:00:00.000Z', from_status: 'unread', to_status: 'read' },
      { paper_id: 3, at: '2026-01-10T09:00:00.000Z', from_status: 'unread', to_status: 'read' },
      { paper_id: 4, at: '2026-01-11T09:00:00.000Z', from_status: 'unread', to_status: 'reading' },
    ]);
    // The search index was rebuilt with its prefix index, answers as before, and nothing is
    // left for the background indexer.
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'paper_fts'").pluck().get()).toContain("prefix='3'");
    expect(db.prepare("SELECT rowid FROM paper_fts WHERE paper_fts MATCH 'pacemaker'").pluck().all()).toEqual([1]);
    expect(db.prepare("SELECT rowid FROM paper_fts WHERE paper_fts MATCH '\"pace\"*'").pluck().all()).toEqual([1]);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'fts_indexed_upto'").pluck().get()).toBe(29);
    markPapers(db, ['5'], 'read', '2026-01-12T09:00:00.000Z');
    expect(db.prepare('SELECT count(*) FROM status_event').pluck().get()).toBe(5);
    db.close();
  });
});
