import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from './migrate';

export const DB_FILE = 'lectern.sqlite';

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
    // Several processes share one library: wait for the writer instead of failing at once.
    db.pragma('busy_timeout = 10000');
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only power loss can drop the
    // last transactions, never corrupt the file.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // The indexes of a 100,000-paper library fit: large imports stop thrashing the page cache.
    db.pragma('cache_size = -65536');
    if (!options.noMigrate) migrate(db);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
