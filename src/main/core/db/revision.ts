import type { Database } from 'better-sqlite3';
import type { ReadableDB } from './handles';

/** Call inside every write transaction: other processes poll this to see that data changed. */
export function bumpRevision(db: Database): void {
  db.prepare("UPDATE meta SET value = value + 1 WHERE key = 'revision'").run();
}

export function readRevision(db: ReadableDB): number {
  return (db.prepare("SELECT value FROM meta WHERE key = 'revision'").pluck().get() as number) ?? 0;
}
