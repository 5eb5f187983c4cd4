import type { Database } from 'better-sqlite3';
import { LecternError } from '../../../shared/errors';
import { MIGRATIONS, type Migration } from './migrations';

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the library up to `target`, one migration per transaction, recording each in
 * user_version. The version is read first without any lock: a library that is current (every
 * start but the first after an upgrade) is left alone, so a command never waits for another
 * process's write only to learn there is nothing to do. Each step that must run takes the write
 * lock (IMMEDIATE) and re-reads the version, so two processes opening an old library at once
 * migrate it once.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, target?: number): number {
  const latest = target ?? migrations[migrations.length - 1]!.version;
  const found = schemaVersion(db);
  const newest = migrations[migrations.length - 1]!.version;
  if (found > newest) {
    throw new LecternError(
      'LIBRARY_TOO_NEW',
      `This library was written by a newer Lectern (schema ${found}; this version knows up to ${newest}). Update Lectern to open it; nothing was changed.`,
    );
  }
  if (found >= latest) return found;
  for (const m of migrations) {
    if (m.version > latest) break;
    const step = db.transaction(() => {
      if (schemaVersion(db) >= m.version) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    });
    step.immediate();
  }
  return schemaVersion(db);
}
