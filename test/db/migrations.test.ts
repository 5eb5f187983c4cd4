import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, DB_FILE } from '../../src/main/core/db/open';
import { migrate, schemaVersion } from '../../src/main/core/db/migrate';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/core/db/migrations';
import { LecternError } from '../../src/shared/errors';
import { parseHfText } from '../../src/main/core/import/formats/hf-text';
import { commitImport, planImport } from '../../src/main/core/library/import';
import { SEED_DIGEST, tempDir } from '../helpers/paths';

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

describe('migration 005 (cite keys, notices)', () => {
  it('migrates a version-1 library with real rows, keeping every row and column as it was', () => {
    const dir = tempDir();
    const db = openDatabase(dir, { noMigrate: true });
    migrate(db, MIGRATIONS.filter((m) => m.version <= 1));
    expect(schemaVersion(db)).toBe(1);
    const text = fs.readFileSync(SEED_DIGEST, 'utf8');
    const parsed = parseHfText(text, { fileName: 'seed.txt', now: new Date('2026-11-25T12:00:00Z') });
    commitImport(db, planImport(db, parsed, 'HF', 'seed', 'hash'), text, 'seed.txt', '2026-11-25T12:00:00.000Z');
    db.prepare("UPDATE paper SET status = 'read', read_at = '2026-11-25T13:00:00.000Z' WHERE id IN (2, 5)").run();
    const before = {
      papers: db.prepare('SELECT * FROM paper ORDER BY id').all(),
      digests: db.prepare('SELECT * FROM digest ORDER BY id').all(),
      links: db.prepare('SELECT * FROM paper_digest ORDER BY paper_id, digest_id').all(),
      meta: db.prepare('SELECT * FROM meta ORDER BY key').all(),
    };
    expect(before.papers).toHaveLength(29);

    expect(migrate(db)).toBe(SCHEMA_VERSION);
    // Every column the rows had keeps its value (later migrations may add columns of their own).
    const papers = db.prepare('SELECT * FROM paper ORDER BY id').all() as Record<string, unknown>[];
    for (const p of papers) expect(p.cite_key).toBeNull();
    const old = before.papers as Record<string, unknown>[];
    expect(papers.map((p, i) => Object.fromEntries(Object.keys(old[i]!).map((k) => [k, p[k]])))).toEqual(old);
    expect(db.prepare('SELECT * FROM digest ORDER BY id').all()).toEqual(before.digests);
    expect(db.prepare('SELECT * FROM paper_digest ORDER BY paper_id, digest_id').all()).toEqual(before.links);
    expect(db.prepare('SELECT * FROM meta ORDER BY key').all()).toEqual(before.meta);
    // The new pieces work: keys are unique regardless of case, notices take rows.
    db.prepare("UPDATE paper SET cite_key = 'smith2025deep' WHERE id = 1").run();
    expect(() => db.prepare("UPDATE paper SET cite_key = 'Smith2025Deep' WHERE id = 2").run()).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO notice (level, title, message, created_at) VALUES ('warning', 't', 'm', '2026-11-25')").run();
    expect(() => db.prepare("INSERT INTO notice (level, title, message, created_at) VALUES ('loud', 't', 'm', 'x')").run()).toThrow(/CHECK/);
    db.close();
  });
});
