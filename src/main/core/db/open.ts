import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from './migrate';

export const DB_FILE = 'lectern.sqlite';

/**
 * How long a write waits for another process's (an import of a million ids holds the lock for
 * about 15 s). Readers never wait: in WAL mode they read the last committed state meanwhile.
 */
export const WRITE_WAIT_MS = 10 * 60_000;

export interface OpenOptions {
  /** Path of a better-sqlite3 .node build for this runtime (Electron needs its own). */
  nativeBinding?: string;
  /** Skip migrations (tests of the migrations themselves). */
  noMigrate?: boolean;
}

/** Opens (creating if needed) the library database in `dir` and brings its schema up to date. */
export function openDatabase(dir: string, options: OpenOptions = {}): Database {
  fs.mkdirSync(dir, { recursive: true });
  const db = new BetterSqlite3(path.join(dir, DB_FILE), options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    // Several processes share one library: a writer waits for the other's transaction to end.
    db.pragma(`busy_timeout = ${WRITE_WAIT_MS}`);
    // Switching to WAL needs the file to itself; a library is switched once, when it is made.
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only power loss can drop the
    // last transactions, never corrupt the file.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // The indexes of a 100,000-paper library fit: large imports stop thrashing the page cache.
    // The one cache size of every connection to the library.
    db.pragma('cache_size = -65536');
    if (!options.noMigrate) migrate(db);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Whether another process holds the library's write lock right now: a write started now would
 * wait for it. Asks SQLite for the lock without waiting, and lets it go at once.
 */
export function writerActive(db: Database): boolean {
  if (db.inTransaction) return false;
  const wait = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return false;
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw e;
  } finally {
    db.pragma(`busy_timeout = ${wait}`);
  }
}

/** A write that gave up waiting for another process (after WRITE_WAIT_MS). */
export function isBusy(e: unknown): boolean {
  return /^SQLITE_BUSY/.test((e as { code?: string })?.code ?? '');
}
