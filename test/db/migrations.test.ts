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
