import type { Database } from 'better-sqlite3';
import { LecternError } from '../../../shared/errors';
import { MIGRATIONS, type Migration } from './migrations';

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the library up to `target`, one migration per transaction, recording each in
 * user_version. Each step takes the write lock first (IMMEDIATE) and re-reads the version, so two
 * processes opening an old library at once migrate it once.
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
